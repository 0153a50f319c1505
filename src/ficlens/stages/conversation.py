"""The state of a conversation: who has spoken, in what order, to whom.

Turn-taking fills speakers that no tag names: in a run of untagged lines
between two people, each line goes to the one who spoke two lines before.
Each line's decision, with the evidence around it, becomes a ``Turn``: what
the conversation model (ficlens.stages.alternation) reads the exchange from.

>>> talk = Conversation()
>>> for who in ("a", "b"):
...     talk.record(Decision((who,), 0.9, None))
>>> talk.turn((), 0.0, None, (), lambda exclude: ()).speaker
('a',)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from ficlens.model import Evidence, Gender
from ficlens.rules.attribution import CONVERSATION_GAP

# How many recent turns decide who takes part in the conversation.
PARTICIPANT_TURNS = 8


@dataclass(frozen=True, slots=True)
class Decision:
    """A speaker (and maybe an addressee) with confidence and evidence."""

    speaker: tuple[str, ...]
    confidence: float
    evidence: Evidence | None
    addressee: tuple[str, ...] = ()
    addressee_confidence: float = 0.0
    addressee_evidence: Evidence | None = None

    @property
    def told(self) -> tuple[str, ...]:
        """Whom the line's own tag says it is said to ("whispered to Miroku")."""
        evidence = self.addressee_evidence
        return self.addressee if evidence is not None and evidence.rule == "tag-addressee" else ()

    def with_addressee(
        self, addressee: tuple[str, ...], confidence: float, evidence: Evidence | None
    ) -> Decision:
        return Decision(self.speaker, self.confidence, self.evidence, addressee, confidence,
                        evidence)  # fmt: skip


@dataclass(slots=True)
class Conversation:
    """Turns of the current exchange, reset when narration runs long."""

    turns: list[tuple[str, ...]] = field(default_factory=list)
    gap: int = 0
    last_thinker: tuple[str, ...] = ()
    position: int = 0
    recent: list[str] = field(default_factory=list)  # speakers, most recent last
    describe: Callable[[tuple[str, ...]], str] = ", ".join  # character ids -> names
    addressed: str | None = None  # whom the last turn called by name

    @property
    def last_speaker(self) -> tuple[str, ...]:
        return self.turns[-1] if self.turns else ()

    def narration_paragraph(self) -> None:
        self.gap += 1
        self.addressed = None

    def turn(
        self,
        speaker: tuple[str, ...],
        confidence: float,
        evidence: Evidence | None,
        vocatives: tuple[str, ...],
        salient: Callable[[tuple[str, ...]], tuple[str, ...]],
        preceding: tuple[str, ...] = (),
    ) -> Decision:
        """The decision for a new turn; fill the speaker if no rule found one.

        ``preceding`` is the subject of the narration paragraph just before.
        """
        if self.gap > CONVERSATION_GAP:
            self.turns = []
        if speaker:
            return Decision(speaker, confidence, evidence)
        turns = self.turns
        addressed = self.addressed
        if addressed and addressed not in vocatives and self.gap == 0:
            evidence = Evidence("reply-to-vocative", self.describe((addressed,)))
            return Decision((addressed,), 0.65, evidence)
        if len(turns) >= 2 and turns[-2] != turns[-1] and not set(turns[-2]) & set(vocatives):
            return Decision(turns[-2], 0.6, Evidence("turn-taking", self.describe(turns[-2])))
        exclude = vocatives + self.last_speaker
        if preceding and not set(preceding) & set(exclude):
            return Decision(
                preceding, 0.5, Evidence("preceding-narration", self.describe(preceding))
            )
        other = self.other_than(exclude)
        if other and turns:
            return Decision(other, 0.45, Evidence("conversation-partner", self.describe(other)))
        found = salient(exclude)
        if found:
            return Decision(found, 0.35, Evidence("salience", self.describe(found)))
        if self.last_speaker:  # nobody else about: the speaker goes on
            evidence = Evidence("same-speaker", self.describe(self.last_speaker))
            return Decision(self.last_speaker, 0.3, evidence)
        return Decision((), 0.0, None)

    def record(self, decision: Decision) -> None:
        """Add a decided turn to the conversation."""
        self.turns.append(decision.speaker)
        self.gap = 0
        evidence = decision.addressee_evidence
        vocative = evidence is not None and evidence.rule == "vocative"
        self.addressed = (
            decision.addressee[0] if vocative and len(decision.addressee) == 1 else None
        )
        for who in decision.addressee:
            if who not in self.recent:
                self.recent.insert(0, who)  # addressed, so taking part
        for who in decision.speaker:
            if who in self.recent:
                self.recent.remove(who)
            self.recent.append(who)

    def record_thought(self, decision: Decision) -> None:
        self.last_thinker = decision.speaker
        for who in decision.speaker:
            if who not in self.recent:
                self.recent.insert(0, who)

    def partner(self, speaker: tuple[str, ...]) -> str | None:
        """The last other speaker of this exchange."""
        for turn in reversed(self.turns[-PARTICIPANT_TURNS:]):
            for who in turn:
                if who not in speaker:
                    return who
        return None

    def other_than(self, exclude: tuple[str, ...]) -> tuple[str, ...]:
        """The most recent participant not excluded."""
        for who in reversed(self.recent):
            if who not in exclude:
                return (who,)
        return ()

    def participants(self) -> list[str]:
        return list(reversed(self.recent))

    def group(self) -> tuple[str, ...]:
        """ "They": the two most recent participants."""
        return tuple(sorted(self.recent[-2:]))


class Voicing(NamedTuple):
    """How much more a line sounds like each candidate than like the others:
    by its words, by the forms of address it uses, and by its length
    (ficlens.stages.voices)."""

    words: list[float]
    address: list[float]
    length: list[float]


# Scores a line against each candidate's voice; None for a line that needs none.
Sounds = Callable[["Turn", Sequence[str]], "Voicing | None"]


class Turn(NamedTuple):
    """A speech turn: the spans it covers, the decision made for it, and its evidence.

    ``tagged`` marks a named tag; ``pronoun`` is the gender of a pronoun tag;
    ``vocatives`` are the characters the turn calls by name; ``gap`` counts
    the narration paragraphs before it.
    """

    spans: tuple[int, ...]
    decision: Decision
    tagged: bool = False
    pronoun: Gender | None = None
    vocatives: tuple[str, ...] = ()
    gap: int = 0
    same_paragraph: bool = False  # shares a paragraph with the turn before
    present: tuple[str, ...] = ()  # named in the paragraph's narration
    present_before: tuple[str, ...] = ()  # named in the narration paragraph before
    named_inside: tuple[str, ...] = ()  # named inside the quotes, not called
    addresses: Gender | None = None  # the gender of whom it calls "sir" or "madam"
    # For a turn without a named tag: each man's and woman's mentions in the
    # narration around it and calls by name in the last turns, against the
    # most-named of their gender's there.
    nearby_leads: dict[str, float] | None = None
    # Its tag names a character known only by a description ("said the
    # painter"), who may be one the story names: not held like a named tag.
    described: bool = False
    # For a pronoun turn: the latest and the one before of the pronoun's
    # gender named in the narration before its tag.
    recent: tuple[str, ...] = ()
    asks: bool = False  # its last words ask a question
    # Named in the narration of its paragraph or the one before only after
    # a preposition: "turned to Kaede", "looked at the monk".
    objects: tuple[str, ...] = ()
    answers: bool = False  # it opens like an answer: "Yes", "Oh", "Well"
    # Narration opens its paragraph before it: "He lit the cigar. '...'"
    led: bool = False
    # For a pronoun tag the first reading resolved: what it resolved it from.
    basis: str | None = None
    # Said by the narration just before it to have kept silent: "Kaede said nothing."
    silent: tuple[str, ...] = ()
    # The first of ``recent`` is named just before the tag (ficlens.stages.passage).
    recent_close: bool = False
    # Who cannot have said it: the owner in "said Kaede's mother", the one
    # spoken to in "she said to Kaede".
    barred: tuple[str, ...] = ()
    # For the first turn of a run that a few narration paragraphs part from
    # the one before in its scene: who spoke in that one, most turns first.
    earlier: tuple[str, ...] = ()
    # For a pronoun turn: the latest of the pronoun's gender named before the
    # tag as the subject of a verb ("Kaede smiled."), if any.
    acted: str | None = None
