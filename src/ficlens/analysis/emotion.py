"""Sentiment over a story: an arc by scene, and by scene for each character.

Valences come from the VADER lexicon (MIT licence, the ``vaderSentiment``
package), read as a plain word list; scoring is a simple mean so that a
160,000-word novel takes a fraction of a second. A word after a negator
("not happy") counts against its valence. Without ``vaderSentiment``
installed, :func:`load_lexicon` returns None and the arcs are empty.

>>> lexicon = Lexicon({"happy": 2.7, "sad": -2.1})
>>> score_words(["so", "happy"], lexicon)
Score(total=2.7, hits=1)
>>> score_words(["not", "happy"], lexicon).value
-0.3375
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from ficlens.analysis.stats import VOICED
from ficlens.model import Story

# Lowercase words with an inner apostrophe ("don't"), as the lexicon spells them.
WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")

# Words that turn the next few words' valence around: "not happy", "never glad".
NEGATORS = frozenset(
    "not no never nor neither without cannot can't don't didn't doesn't isn't wasn't "
    "aren't weren't won't wouldn't shouldn't couldn't hasn't haven't hadn't".split()
)
NEGATION_REACH = 3  # words after a negator that it turns
NEGATION_FACTOR = -0.5  # "not happy" is mildly unhappy, not as sad as "sad"
VALENCE_RANGE = 4.0  # the lexicon's valences lie in -4..4


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Word → valence (-4 very negative .. +4 very positive)."""

    valence: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Score:
    """Summed valence of the sentiment-bearing words and how many there were."""

    total: float = 0.0
    hits: int = 0

    @property
    def value(self) -> float:
        """Mean valence scaled to -1..1; 0 when no word carries sentiment."""
        return self.total / self.hits / VALENCE_RANGE if self.hits else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.total + other.total, self.hits + other.hits)


@dataclass(frozen=True, slots=True)
class CharacterArc:
    """One character's sentiment per scene (None where they neither speak nor think)."""

    id: str
    scenes: tuple[float | None, ...]
    overall: float


@cache
def load_lexicon() -> Lexicon | None:
    """The VADER lexicon, or None when ``vaderSentiment`` is not installed."""
    try:
        package = resources.files("vaderSentiment")
        text = (package / "vader_lexicon.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return None
    valence: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and WORD.fullmatch(parts[0]):
            valence[parts[0]] = float(parts[1])
    return Lexicon(valence)


def score_words(words: Iterable[str], lexicon: Lexicon) -> Score:
    """Sum the valence of lowercase ``words``, turning those after a negator."""
    total = 0.0
    hits = 0
    since_negator = NEGATION_REACH + 1
    for word in words:
        since_negator += 1
        if word in NEGATORS:
            since_negator = 0
            continue
        valence = lexicon.valence.get(word)
        if valence is not None:
            total += valence * (NEGATION_FACTOR if since_negator <= NEGATION_REACH else 1.0)
            hits += 1
    return Score(round(total, 6), hits)


def score_text(text: str, lexicon: Lexicon) -> Score:
    """Score a stretch of text.

    >>> score_text("She was not sad.", Lexicon({"sad": -2.0})).value
    0.25
    """
    return score_words(WORD.findall(text.lower()), lexicon)


def scene_arc(story: Story, lexicon: Lexicon) -> list[float]:
    """Sentiment of each scene's whole text, in story order."""
    return [score_text(story.text[s.start : s.end], lexicon).value for s in story.scenes]


def character_arcs(story: Story, lexicon: Lexicon, ids: Iterable[str]) -> list[CharacterArc]:
    """Sentiment of what each of ``ids`` says or thinks, scene by scene."""
    wanted = list(ids)
    starts = [scene.start for scene in story.scenes]
    by_scene: dict[str, dict[int, Score]] = {who: defaultdict(Score) for who in wanted}
    for span in story.spans:
        if span.kind not in VOICED:
            continue
        speakers = [who for who in span.speaker if who in by_scene]
        if not speakers:
            continue
        score = score_text(story.span_text(span), lexicon)
        scene = max(0, bisect.bisect_right(starts, span.start) - 1)
        for who in speakers:
            by_scene[who][scene] += score
    arcs = []
    for who in wanted:
        scores = by_scene[who]
        points = tuple(
            scores[i].value if i in scores and scores[i].hits else None for i in range(len(starts))
        )
        overall = sum(scores.values(), Score()).value
        arcs.append(CharacterArc(who, points, overall))
    return arcs
