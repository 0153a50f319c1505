"""What the narration around a line of speech tells of the people in it.

A turn of a conversation is read with its passage: who the narration of its
paragraph names, and who its quotes name; who the narration says kept
silent ("Kaede said nothing."); whom it turns to ("turned to Miroku"); whom
its quotes call "sir" or "madam"; whom the passage is about, each against
the most-named of their gender; and, for a pronoun tag, the latest of the
pronoun's gender named before it.

>>> from ficlens.model import Mention, MentionKind
>>> from ficlens.stages.words import MentionIndex
>>> text = "Sango turned to Kaede."
>>> index = MentionIndex([Mention(0, 5, "sango", MentionKind.NAME),
...                       Mention(16, 21, "kaede", MentionKind.NAME)])
>>> [acts(text, m.start, m.end) for m in index.mentions]
[True, False]
"""

from __future__ import annotations

import bisect
from collections import Counter
from itertools import compress
from typing import NamedTuple

from ficlens.model import Evidence, Gender, Span
from ficlens.rules.attribution import KEPT_SILENT, MALE_ADDRESS
from ficlens.stages.conversation import Turn
from ficlens.stages.reading import PRONOUN_OF, RECENT_MENTIONS, Facts, Place
from ficlens.stages.subjects import acts
from ficlens.stages.voices import gendered_addresses
from ficlens.stages.words import kin_possessor, object_of_preposition

# How many mentions either side of a paragraph tell whom the passage is about.
NEARBY_MENTIONS = 20
# How close before a pronoun tag (in characters) the latest name of its
# gender counts as just named: "Kaede came in." '"...," she said'.
JUST_BEFORE_CHARS = 300
# How many turns before a line add the names they call to those mentions.
CALLED_TURNS = 3


class Recent(NamedTuple):
    """Who a pronoun tag may mean, from the narration before it."""

    named: tuple[str, ...]  # the last two of its gender named, the latest first
    close: bool  # the latest is named within JUST_BEFORE_CHARS of the tag
    acted: str | None  # the latest of its gender named as the subject of a verb


NO_RECENT = Recent((), False, None)


class Passage:
    """Reads the narration around the turns of a story's conversations;
    ``place`` tells where the reading is."""

    def __init__(self, facts: Facts, place: Place) -> None:
        self.facts = facts
        self.place = place
        # Where each paragraph with speech read so far starts and ends, flat
        # and in order.
        self.said_in: list[int] = []

    def named(self, start: int, end: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
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

    def silent(self, start: int, end: int) -> tuple[str, ...]:
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

    def objects(self, start: int, end: int, named: tuple[str, ...]) -> tuple[str, ...]:
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

    def addressed_gender(self, quotes: list[Span]) -> Gender | None:
        """The gender of whom the quotes call "sir", "madam" or "papa", if one."""
        text = self.facts.text
        found = {
            Gender.MALE if word in MALE_ADDRESS else Gender.FEMALE
            for quote in quotes
            for word in gendered_addresses(text, quote)
        }
        return found.pop() if len(found) == 1 else None

    def nearby_leads(self, run: list[Turn], called: tuple[str, ...]) -> dict[str, float]:
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

    def recent(self, gender: Gender, evidence: Evidence | None) -> Recent:
        """Who of ``gender`` the scene's narration names before a pronoun
        tag, ``RECENT_MENTIONS`` mentions back at most. Of the paragraphs
        before, only those without speech count: a tag there names the last
        speaker."""
        facts, paragraph_start = self.facts, self.place.paragraph_start
        index, narrated, gender_of = facts.index, facts.narrated, facts.gender
        narrator, text, talk = facts.narrator, facts.text, self.said_in
        tag = evidence.start if evidence is not None else None
        end = tag if tag is not None and tag >= paragraph_start else paragraph_start
        lo = index.before(self.place.scene_start)
        i = index.before(end) - 1
        stop = max(lo, i - RECENT_MENTIONS + 1)
        found: list[str] = []
        close = False
        acted: str | None = None
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
                if acted is None and acts(text, mention.start, mention.end):
                    acted = character
                if len(found) < 2 and character not in found:
                    if not found:
                        close = end - mention.start <= JUST_BEFORE_CHARS
                    found.append(character)
            i -= 1
        return Recent(tuple(found), close, acted)


__all__ = [
    "CALLED_TURNS",
    "JUST_BEFORE_CHARS",
    "NEARBY_MENTIONS",
    "NO_RECENT",
    "Passage",
    "Recent",
]
