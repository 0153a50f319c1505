"""Turns: the forward reading's record of each conversation, and its re-reading.

Each paragraph with speech adds its turns, one per distinct decision, to
the current run, with the kind of its tag ("said Miroku", "she said",
"said the painter") and what the passage tells around it
(``ficlens.stages.passage``). A run ends with its scene or after long
narration. Once the story is read, description tags are settled story-wide
and the conversation model re-reads each run from its surest turns.

>>> common_noun_tag(Evidence("explicit-tag", "said the painter"))
True
>>> common_noun_tag(Evidence("explicit-tag", "said the Mouse"))
False
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import replace
from itertools import pairwise

from ficlens.model import Evidence, Gender, Paragraph, Span, TurnModel
from ficlens.rules.attribution import (
    CONVERSATION_GAP,
    KIN,
    KIN_POSSESSORS,
    OBJECT_PRONOUN_GENDER,
    PRONOUN_GENDER,
    RELATIONS,
    REPLY_OPENING,
)
from ficlens.stages.alternation import realign
from ficlens.stages.conversation import Decision, Sounds, Turn
from ficlens.stages.lines import apply_decision
from ficlens.stages.passage import NO_RECENT, Passage
from ficlens.stages.reading import GENDER_OF, PRONOUN_OF, Facts, Place
from ficlens.stages.referents import Basis
from ficlens.stages.voices import sounds_of
from ficlens.stages.words import described_gender, kin_possessor

_NO_DECISION = Decision((), 0.0, None)
# How many lines tagged with a description the exchanges must give to one
# named character before the description is taken to be theirs.
MIN_DESCRIPTION_VOTES = 3
# The most narration paragraphs between two runs of a scene for the first
# run's speakers to be candidates in the second: the talk may go on.
EARLIER_GAP = 3
# What may follow the question mark that ends a line: '"Who?--"'.
_AFTER_QUESTION = " \t\r\n—–-'’\"”,"
# Relation words a tag is read by like a pronoun: those with a gender and no
# title to find them by ("her aunt"; "his wife" is Mrs. of his surname).
_RELATION_GENDER = {word: GENDER_OF[kind] for word, kind in RELATIONS.items()
                    if kind is not None and word not in KIN}  # fmt: skip


def common_noun_tag(evidence: Evidence | None) -> bool:
    """Whether a tag names its speaker by a description in lower case ("said
    the painter"); a capitalised one ("said the Mouse") is used as a name."""
    words = evidence.text.split() if evidence is not None and evidence.text else []
    return any(
        word.lower() == "the" and following[:1].islower() for word, following in pairwise(words)
    )


def _speakers(run: list[Turn]) -> tuple[str, ...]:
    """Who the first reading gave a run's turns to, most turns first."""
    counts = Counter(turn.decision.speaker[0] for turn in run if len(turn.decision.speaker) == 1)
    return tuple(who for who, _ in counts.most_common())


def _nearest_other(decisions: Sequence[Decision], k: int) -> str | None:
    """The speaker of the turn nearest turn ``k`` who is not its speaker,
    the earlier one first at equal distance."""
    speaker = decisions[k].speaker
    for distance in range(1, len(decisions)):
        for j in (k - distance, k + distance):
            if 0 <= j < len(decisions):
                other = decisions[j].speaker
                if len(other) == 1 and other[0] not in speaker:
                    return other[0]
    return None


def description_owner(
    described: str, votes: Counter[str], descriptions: Collection[str], gendered: bool
) -> str | None:
    """Whom the lines tagged with the description ``described`` ("said the
    painter") mean, from the speakers a first reading of their exchanges
    gave them (``votes``): the named character given at least
    ``MIN_DESCRIPTION_VOTES`` of them, as many as the description itself
    kept and more than all others; else the description itself, a
    character of its own, when it kept most. When the reading is split, a
    description with a gender ("the lad") is left to each exchange (None),
    and one without ("the cabman", most often a minor character) is its own.

    >>> votes = Counter({"the-healer": 3, "kaede": 3, "miroku": 1})
    >>> description_owner("the-healer", votes, {"the-healer"}, gendered=True)
    'kaede'
    >>> votes["the-healer"] += 1
    >>> description_owner("the-healer", votes, {"the-healer"}, gendered=True)
    'the-healer'
    """
    own = votes[described]
    named = [(n, who) for who, n in votes.items() if who not in descriptions]
    n, who = max(named, default=(0, ""))
    if n >= MIN_DESCRIPTION_VOTES and n >= own and 2 * n > votes.total() - own:
        return who
    if own == max(votes.values()) or not gendered:
        return described
    return None


class Turns:
    """The runs of turns of a story's conversations, kept as it is read."""

    def __init__(self, facts: Facts, place: Place, bases: dict[int, Basis] | None = None) -> None:
        self.facts = facts
        self.place = place
        self.bases = bases if bases is not None else {}  # how each pronoun tag was resolved
        self.runs: list[list[Turn]] = [[]]  # conversations, for the alternation pass
        self.passage = Passage(facts, place)  # what the narration around a turn tells
        self.since_turn = 0  # narration paragraphs since the last speech turn
        # Who spoke in the scene's run before the current one, for its first turn.
        self.earlier: tuple[str, ...] = ()
        # Whom each description tag turned out to mean (ids), once settled.
        self.owners: dict[str, str] = {}

    def new_scene(self) -> None:
        self.runs.append([])
        self.earlier = ()

    def narration_paragraph(self) -> None:
        self.since_turn += 1

    def speech_paragraph(self, paragraph: Paragraph) -> int:
        """Note a paragraph with speech, starting a run after long narration;
        the number of narration paragraphs since the last one."""
        self.passage.said_in += (paragraph.start, paragraph.end)
        gap = self.since_turn
        if gap > CONVERSATION_GAP:
            if self.runs[-1]:
                self.earlier = _speakers(self.runs[-1]) if gap <= EARLIER_GAP else ()
            self.runs.append([])
        self.since_turn = 0
        return gap

    def record(
        self,
        paragraph: Paragraph,
        speech: list[tuple[int, Decision]],
        quotes: list[Span],
        gap: int,
        before: Paragraph | None,
        vocatives: tuple[str, ...],
    ) -> None:
        """Add the turns of a paragraph's ``speech`` (span index, decision)
        to the run. ``quotes`` are its speech spans, ``gap`` the narration
        paragraphs before it, ``before`` the last of those and ``vocatives``
        whom its speech calls by name."""
        present, quoted = self.passage.named(paragraph.start, paragraph.end)
        objects = self.passage.objects(paragraph.start, paragraph.end, present)
        silent = self.passage.silent(paragraph.start, quotes[0].outer_start)
        if gap and before is not None:
            present_before = self.passage.named(before.start, before.end)[0]
            objects += self.passage.objects(before.start, before.end, present_before)
            silent += self.passage.silent(before.start, before.end)
        else:
            present_before = ()
        inside = tuple(who for who in quoted if who not in vocatives)
        self._record_turns(
            speech,
            Turn((), _NO_DECISION, vocatives=vocatives, gap=gap, present=present,
                 present_before=present_before, named_inside=inside, objects=objects,
                 addresses=self.passage.addressed_gender(quotes), silent=silent),
        )  # fmt: skip

    def _record_turns(self, speech: list[tuple[int, Decision]], context: Turn) -> None:
        """Add the paragraph's turns (one per distinct decision) to the run;
        ``context`` holds what the paragraph says around them."""
        run = self.runs[-1]
        grouped: list[tuple[Decision, list[int]]] = []
        for i, decision in speech:
            if grouped and grouped[-1][0] is decision:
                grouped[-1][1].append(i)
            else:
                grouped.append((decision, [i]))
        for k, (decision, members) in enumerate(grouped):
            if run and run[-1].decision is decision:
                run[-1] = run[-1]._replace(spans=(*run[-1].spans, *members))
                continue
            run.append(self._turn(decision, members, context, run, first=k == 0))

    def _turn(
        self, decision: Decision, members: list[int], context: Turn, run: list[Turn], first: bool
    ) -> Turn:
        """The turn of ``decision`` over the spans ``members``, the first of
        its paragraph or not, with the paragraph's ``context``."""
        owners = self._owners(decision.evidence)
        tagged, pronoun = self._tag_kind(decision.evidence, owners)
        described = (
            tagged
            and bool(decision.speaker)
            and decision.speaker[0] in self.facts.described
            and common_noun_tag(decision.evidence)
        )
        if described:  # "said the painter": the exchange tells who that is
            tagged, gender = False, self.facts.gender.get(decision.speaker[0])
            pronoun = gender if gender in PRONOUN_OF else None
        gap = context.gap if first else 0
        c = context
        leads = None if tagged else self.passage.nearby_leads(run, c.vocatives)
        recent = (
            self.passage.recent(pronoun, decision.evidence) if pronoun is not None else NO_RECENT
        )
        text, last = self.facts.text, self.facts.story.spans[members[-1]]
        asks = text[last.start : last.end].rstrip(_AFTER_QUESTION).endswith("?")
        head = self.facts.story.spans[members[0]]
        answers = REPLY_OPENING.match(text, head.start, head.end) is not None
        opening = self.facts.story.paragraphs[head.paragraph].start
        led = first and any(ch.isalpha() for ch in text[opening : head.outer_start])
        evidence = decision.evidence
        basis = (
            self.bases.get(evidence.start)
            if pronoun is not None and evidence is not None and evidence.start is not None
            else None
        )
        return Turn(tuple(members), decision, tagged, pronoun, c.vocatives, gap, not first,
                    c.present, c.present_before, c.named_inside, c.addresses,
                    leads, described, recent.named, asks, c.objects, answers, led, basis,
                    c.silent if first else (), recent.close, (*owners, *decision.told),
                    () if run else self.earlier, recent.acted)  # fmt: skip

    def _owners(self, evidence: Evidence | None) -> tuple[str, ...]:
        """The characters a tag names as owners of its speaker: Kaede in
        "said Kaede's mother"."""
        if evidence is None or evidence.start is None or evidence.end is None:
            return ()
        text = self.facts.text
        return tuple(
            mention.character
            for mention in self.facts.index.between(evidence.start, evidence.end)
            if kin_possessor(text, mention.end)
        )

    def _tag_kind(
        self, evidence: Evidence | None, owners: tuple[str, ...]
    ) -> tuple[bool, Gender | None]:
        """Whether a decision rests on a named tag, and the gender of the
        pronoun it rests on ("she said", or "She laughed." before the quote).
        A relation word with a gender ("said her aunt", or "said Kaede's
        mother" when the tag's ``owners`` hold Kaede) counts as a pronoun."""
        if evidence is None or not evidence.text:
            return False, None
        if evidence.rule not in ("explicit-tag", "narration-subject", "preceding-subject"):
            return False, None
        words = evidence.text.split()
        heard = OBJECT_PRONOUN_GENDER.get(words[0]) if len(words) == 1 else None
        if heard in GENDER_OF:  # "She could hear him yelling"
            return False, GENDER_OF[heard]
        for word in (words[0].lower(), words[-1].lower()):
            kind = PRONOUN_GENDER.get(word)
            if kind == "male":
                return False, Gender.MALE
            if kind == "female":
                return False, Gender.FEMALE
        for first, second in pairwise(words):
            kind = _RELATION_GENDER.get(second.lower())
            if kind is not None and (first.lower() in KIN_POSSESSORS or owners):
                return False, kind  # "said her aunt", "Kaede's mother": read like "she said"
        start, end = evidence.start, evidence.end
        if start is not None and end is not None and not self.facts.index.between(start, end):
            described = described_gender(evidence.text)  # "said the old man", no name
            if described is not None:
                return False, GENDER_OF[described]
        return evidence.rule == "explicit-tag", None

    # -- after the reading ----------------------------------------------------

    def voices(self, spans: list[Span]) -> Sounds:
        """How each character sounds, from the turns a named tag gives them
        (``ficlens.stages.voices.sounds_of``)."""
        return sounds_of(self.runs, self.facts.text, self.facts.index, spans)

    def _realign(self, run: list[Turn], model: TurnModel | None, sounds: Sounds) -> list[Decision]:
        facts = self.facts
        return realign(run, facts.gender, facts.names, model, facts.narrator, facts.leads, sounds)

    def _settle_descriptions(self, sounds: Sounds, model: TurnModel | None) -> list[list[Turn]]:
        """The runs with their description tags settled story-wide, from a
        first reading of the exchanges (``description_owner``)."""
        votes: dict[str, Counter[str]] = {}
        for run in self.runs:
            if len(run) < 2 or not any(turn.described for turn in run):
                continue
            decisions = self._realign(run, model, sounds)
            for turn, decision in zip(run, decisions, strict=True):
                if turn.described and len(decision.speaker) == 1:
                    votes.setdefault(turn.decision.speaker[0], Counter())[decision.speaker[0]] += 1
        owner = {}
        for described, counts in votes.items():
            gendered = self.facts.gender.get(described) in PRONOUN_OF
            found = description_owner(described, counts, self.facts.described, gendered)
            if found is not None:
                owner[described] = found
        self.owners = owner
        return [[self._settled(turn, owner) for turn in run] for run in self.runs]

    def _settled(self, turn: Turn, owner: dict[str, str]) -> Turn:
        """A description-tagged turn as a named tag of whom ``owner`` says the
        description means, if it says."""
        decision = turn.decision
        if not turn.described or decision.speaker[0] not in owner:
            return turn
        who = owner[decision.speaker[0]]
        if who != decision.speaker[0]:
            decision = replace(decision, speaker=(who,))
        return turn._replace(decision=decision, tagged=True, pronoun=None, described=False)

    def finish(self, spans: list[Span], model: TurnModel | None = None) -> list[Span]:
        """Re-read every conversation from its surest turns (alternation),
        then each line's listener from the speakers around it."""
        result = list(spans)
        sounds = self.voices(spans)
        settled = self._settle_descriptions(sounds, model)
        for original, run in zip(self.runs, settled, strict=True):
            decisions = (
                self._realign(run, model, sounds) if len(run) >= 2 else [t.decision for t in run]
            )
            for k, (turn, decision) in enumerate(zip(original, decisions, strict=True)):
                decision = self._listener(turn, decisions, k)
                if decision is not turn.decision:
                    for i in turn.spans:
                        result[i] = apply_decision(result[i], decision)
        return result

    def _listener(self, turn: Turn, decisions: list[Decision], k: int) -> Decision:
        """Decision ``k`` of a run with its addressee read from the speakers
        the run ends with. A name called or a tag's "to Miroku" stands.
        Otherwise a line answers the one who spoke just before it, with no
        narration between; else it is said to the one who answers it, else
        to the nearest other speaker of the exchange; a line alone in its
        exchange is said to whom its paragraph's narration turns to
        ("turned to Kaede"), else to anyone named there, else to the partner
        the first reading gave it."""
        decision = decisions[k]
        speaker = decision.speaker
        evidence = decision.addressee_evidence
        if (evidence is not None and evidence.rule != "conversation-partner") or not speaker:
            return decision
        before = decisions[k - 1].speaker if k and turn.gap == 0 else ()
        after = decisions[k + 1].speaker if k + 1 < len(decisions) else ()
        for rule, around in (("conversation-partner", before), ("answered-by", after)):
            if len(around) == 1 and around[0] not in speaker:
                evidence = Evidence(rule, self.facts.names(around))
                return decision.with_addressee(around, 0.5, evidence)
        nearest = _nearest_other(decisions, k)
        if nearest is not None:
            evidence = Evidence("conversation-partner", self.facts.names((nearest,)))
            return decision.with_addressee((nearest,), 0.4, evidence)
        turned_to = tuple(who for who in turn.objects if who in turn.present)
        for named in (turned_to, turn.present):
            others = [who for who in named if who not in speaker]
            if others:
                evidence = Evidence("present", self.facts.names((others[0],)))
                return decision.with_addressee((others[0],), 0.4, evidence)
        return decision


__all__ = [
    "EARLIER_GAP",
    "MIN_DESCRIPTION_VOTES",
    "Turns",
    "common_noun_tag",
]
