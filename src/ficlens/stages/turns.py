"""Turns: the forward reading's record of each conversation, and its re-reading.

Each paragraph with speech adds its turns, one per distinct decision, to
the current run, with what the passage tells around them: the kind of tag
("said Miroku", "she said", "said the painter"), who is named in the
narration and inside the quotes, whom the speech calls by name or "sir",
and whom the passage is about. A run ends with its scene or after long
narration. Once the story is read, description tags are settled story-wide
and the conversation model re-reads each run from its surest turns.

>>> common_noun_tag(Evidence("explicit-tag", "said the painter"))
True
>>> common_noun_tag(Evidence("explicit-tag", "said the Mouse"))
False
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import replace
from itertools import compress, pairwise

from ficlens.model import Evidence, Gender, Paragraph, Span, TurnModel
from ficlens.rules.attribution import (
    CONVERSATION_GAP,
    KEPT_SILENT,
    KIN,
    KIN_POSSESSORS,
    MALE_ADDRESS,
    OBJECT_PRONOUN_GENDER,
    PRONOUN_GENDER,
    RELATIONS,
    REPLY_OPENING,
)
from ficlens.stages.alternation import realign
from ficlens.stages.conversation import Decision, Sounds, Turn
from ficlens.stages.lines import apply_decision
from ficlens.stages.reading import GENDER_OF, PRONOUN_OF, RECENT_MENTIONS, Facts, Place
from ficlens.stages.referents import Basis
from ficlens.stages.voices import gendered_addresses, sounds_of
from ficlens.stages.words import (
    described_gender,
    kin_possessor,
    object_of_preposition,
    past_verb,
)

_NO_DECISION = Decision((), 0.0, None)
# How many mentions either side of a paragraph tell whom the passage is about.
NEARBY_MENTIONS = 20
# How many lines tagged with a description the exchanges must give to one
# named character before the description is taken to be theirs.
MIN_DESCRIPTION_VOTES = 3
# How close before a pronoun tag (in characters) the latest name of its
# gender counts as just named: "Kaede came in." '"...," she said'.
JUST_BEFORE_CHARS = 300
# How many turns before a line add the names they call to those mentions.
CALLED_TURNS = 3
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


_VERB_AFTER = re.compile(r"[ \t\n]+(?:[a-z]+ly[ \t\n]+)?([a-z]+)")


def _acts(text: str, start: int, end: int) -> bool:
    """Whether the name at ``start``-``end`` is the subject of a verb in the
    past right after it: "Kaede smiled", "Kaede quickly turned"."""
    if object_of_preposition(text, start):
        return False
    after = _VERB_AFTER.match(text, end)
    return after is not None and past_verb(after[1])


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
        # Where each paragraph with speech starts and ends, flat and in order.
        self.said_in: list[int] = []
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
        self.said_in += (paragraph.start, paragraph.end)
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
        present, quoted = self._named(paragraph.start, paragraph.end)
        objects = self._objects(paragraph.start, paragraph.end, present)
        silent = self._silent(paragraph.start, quotes[0].outer_start)
        if gap and before is not None:
            present_before = self._named(before.start, before.end)[0]
            objects += self._objects(before.start, before.end, present_before)
            silent += self._silent(before.start, before.end)
        else:
            present_before = ()
        inside = tuple(who for who in quoted if who not in vocatives)
        self._record_turns(
            speech,
            Turn((), _NO_DECISION, vocatives=vocatives, gap=gap, present=present,
                 present_before=present_before, named_inside=inside, objects=objects,
                 addresses=self._addressed_gender(quotes), silent=silent),
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
        leads = None if tagged else self._nearby_leads(run, c.vocatives)
        recent, close, acted = (
            self._recent(pronoun, decision.evidence) if pronoun is not None else ((), False, None)
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
                    leads, described, recent, asks, c.objects, answers, led, basis,
                    c.silent if first else (), close, owners,
                    () if run else self.earlier, acted)  # fmt: skip

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

    def _recent(
        self, gender: Gender, evidence: Evidence | None
    ) -> tuple[tuple[str, ...], bool, str | None]:
        """The last two characters of ``gender`` named in the scene's
        narration before a pronoun tag (``RECENT_MENTIONS`` mentions back at
        most), the latest first, and whether the latest is named within
        ``JUST_BEFORE_CHARS`` of the tag. Of the paragraphs before, only those
        without speech count: a tag there names the last speaker."""
        facts, paragraph_start = self.facts, self.place.paragraph_start
        index, narrated, gender_of = facts.index, facts.narrated, facts.gender
        narrator = facts.narrator
        tag = evidence.start if evidence is not None else None
        end = tag if tag is not None and tag >= paragraph_start else paragraph_start
        lo = index.before(self.place.scene_start)
        i = index.before(end) - 1
        stop = max(lo, i - RECENT_MENTIONS + 1)
        found: list[str] = []
        close = False
        acted: str | None = None
        talk = self.said_in
        text = facts.text
        while i >= stop and (len(found) < 2 or acted is None):
            mention = index.mentions[i]
            character = mention.character
            edge = bisect.bisect_right(talk, mention.start) - 1  # odd: between them
            if (
                narrated[i]
                and (mention.start >= paragraph_start or edge < 0 or edge % 2 == 1)
                and gender_of.get(character) is gender
                and character != narrator
            ):
                if acted is None and _acts(text, mention.start, mention.end):
                    acted = character
                if len(found) < 2 and character not in found:
                    if not found:
                        close = end - mention.start <= JUST_BEFORE_CHARS
                    found.append(character)
            i -= 1
        return tuple(found), close, acted

    def _nearby_leads(self, run: list[Turn], called: tuple[str, ...]) -> dict[str, float]:
        """Each man's and woman's mentions in the narration around the
        paragraph (``NEARBY_MENTIONS`` either side, inside the scene) and the
        times they are called by name (``called``, and in the last turns of
        ``run``), against the most-named of their gender's there: whom the
        passage is about."""
        index, place = self.facts.index, self.place
        at = index.before(place.paragraph_start)
        lo = max(index.before(place.scene_start), at - NEARBY_MENTIONS)
        hi = min(index.before(place.scene_end), at + NEARBY_MENTIONS)
        counts = Counter(compress(self.facts.mentioned[lo:hi], self.facts.narrated[lo:hi]))
        counts.update(called)
        for turn in run[-CALLED_TURNS:]:
            counts.update(turn.vocatives)
        gender_of = self.facts.gender
        genders = [(who, n, gender_of.get(who, Gender.UNKNOWN)) for who, n in counts.items()]
        most: dict[Gender, int] = {}
        for _, n, gender in genders:
            if n > most.get(gender, 0):
                most[gender] = n
        return {who: n / most[gender] for who, n, gender in genders if gender in PRONOUN_OF}

    def _addressed_gender(self, quotes: list[Span]) -> Gender | None:
        """The gender of whom the quotes call "sir", "madam" or "papa", if one."""
        text = self.facts.text
        found = {
            Gender.MALE if word in MALE_ADDRESS else Gender.FEMALE
            for quote in quotes
            for word in gendered_addresses(text, quote)
        }
        return found.pop() if len(found) == 1 else None

    def _named(self, start: int, end: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Characters named between ``start`` and ``end``: in the narration,
        and inside quotes."""
        index = self.facts.index
        lo, hi = index.before(start), index.before(end)
        if lo == hi:
            return (), ()
        narrated: dict[str, None] = {}
        quoted: dict[str, None] = {}
        mentions, flags = index.mentions, self.facts.narrated
        for i in range(lo, hi):
            (narrated if flags[i] else quoted)[mentions[i].character] = None
        return tuple(narrated), tuple(quoted)

    def _silent(self, start: int, end: int) -> tuple[str, ...]:
        """Characters the narration between ``start`` and ``end`` says kept
        silent: "Kaede said nothing." """
        text, index, narrated = self.facts.text, self.facts.index, self.facts.narrated
        return tuple(
            dict.fromkeys(
                mention.character
                for i in range(index.before(start), index.before(end))
                if narrated[i]
                and KEPT_SILENT.match(text, (mention := index.mentions[i]).end) is not None
            )
        )

    def _objects(self, start: int, end: int, named: tuple[str, ...]) -> tuple[str, ...]:
        """Of ``named``, those the narration between ``start`` and ``end``
        names only after a preposition ("turned to Kaede") or as the owner
        of a relation ("said Kaede's mother")."""
        if not named:
            return ()
        text, index, narrated = self.facts.text, self.facts.index, self.facts.narrated
        subjects = set()
        for i in range(index.before(start), index.before(end)):
            mention = index.mentions[i]
            if (
                narrated[i]
                and not object_of_preposition(text, mention.start)
                and not kin_possessor(text, mention.end)
            ):
                subjects.add(mention.character)
        return tuple(who for who in named if who not in subjects)

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
    "CALLED_TURNS",
    "MIN_DESCRIPTION_VOTES",
    "NEARBY_MENTIONS",
    "Turns",
    "common_noun_tag",
]
