"""Cast quality against PDNC: are the characters that speak found, once each?

A predicted character *matches* a gold character when their aliases share a
name (compared without case, periods or extra spaces), or when both are the
first-person narrator. A gold character is *found* when exactly one
predicted character matches it.

>>> from ficlens.evaluate.pdnc import GoldCharacter
>>> from ficlens.model import Character
>>> gold = (GoldCharacter("0", "Clara", ("Clara", "Miss Ashdown"), "F", False),
...         GoldCharacter("1", "Mr. Ashdown", ("Mr. Ashdown",), "M", False))
>>> predicted = (Character("clara", "Clara", ("Clara", "Miss Ashdown")),
...              Character("brightwater", "Brightwater", ("Brightwater",)))
>>> score = cast_score(predicted, gold, {"0": 6, "1": 2}, "story")
>>> score.recall, score.merges, score.noise
(0.75, 0, 1)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ficlens.evaluate.pdnc import GoldCharacter, Novel
from ficlens.model import Character, Gender, Story


@dataclass(frozen=True, slots=True)
class CastScore:
    """Counts for one novel.

    ``quotes`` is the number of gold quotes whose speaker is a gold character;
    ``found_quotes`` those whose speaker is found. ``merges`` counts predicted
    characters matching two or more gold ones; ``noise`` those matching none.
    ``gender_right``/``gender_known`` compare genders of found characters
    whose gold gender is M or F and whose predicted gender is not unknown.
    """

    novel: str
    gold: int
    found: int
    quotes: int
    found_quotes: int
    predicted: int
    merges: int
    noise: int
    gender_known: int = 0
    gender_right: int = 0

    @property
    def recall(self) -> float:
        """Gold characters found, weighted by their quotes as speaker."""
        return self.found_quotes / self.quotes if self.quotes else 1.0


def normal(name: str) -> str:
    """A name compared without case, periods or extra spaces.

    >>> normal("Mr  Ashdown"), normal("mr. ashdown")
    ('mr ashdown', 'mr ashdown')
    """
    return " ".join(re.sub(r"\.", " ", name).casefold().split())


def cast_score(
    predicted: Sequence[Character],
    gold: Sequence[GoldCharacter],
    quotes: Mapping[str, int],
    novel: str = "",
) -> CastScore:
    """Score a predicted cast against gold characters with quote counts by id."""
    names = [{normal(a) for a in (c.name, *c.aliases)} for c in predicted]
    matched_gold: Counter[int] = Counter()
    found = found_quotes = total_quotes = known = right = 0
    for g in gold:
        wanted = {normal(a) for a in (g.name, *g.aliases)}
        hits = [
            i for i, c in enumerate(predicted) if names[i] & wanted or (g.narrator and c.narrator)
        ]
        for i in hits:
            matched_gold[i] += 1
        total_quotes += quotes.get(g.id, 0)
        if len(hits) == 1:
            found += 1
            found_quotes += quotes.get(g.id, 0)
            gender = predicted[hits[0]].gender
            if g.gender in ("M", "F") and gender in (Gender.MALE, Gender.FEMALE):
                known += 1
                right += (g.gender == "M") == (gender is Gender.MALE)
    merges = sum(1 for i in range(len(predicted)) if matched_gold[i] >= 2)
    noise = sum(1 for i in range(len(predicted)) if matched_gold[i] == 0)
    return CastScore(
        novel, len(gold), found, total_quotes, found_quotes, len(predicted), merges, noise,
        known, right,
    )  # fmt: skip


def score_novel(story: Story, novel: Novel) -> CastScore:
    """Score ``story.characters`` against a PDNC novel's gold characters."""
    by_name = {g.id: g for g in novel.characters}
    by_alias = {normal(a): g.id for g in novel.characters for a in (g.name, *g.aliases)}
    quotes: Counter[str] = Counter()
    for quote in novel.quotes:
        speaker = quote.speaker
        key = speaker if speaker in by_name else by_alias.get(normal(speaker))
        if key is not None:
            quotes[key] += 1
    return cast_score(story.characters, novel.characters, quotes, novel.name)
