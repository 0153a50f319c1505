"""Voices: how each character talks, learned from the story's own tagged lines.

Characters have words of their own ("pray", "my dear", "ain't", "old
sport"). The lines a named tag gives a character ('"...," said Miroku')
make a word model of their voice: word counts smoothed toward the
story's speech as a whole (Dirichlet smoothing). A line with no tag is
then scored against each candidate speaker's model, relative to the
others: how much more it sounds like one of them. The turn model weighs
that score beside the rest of a turn's evidence.

The same model over only the forms of address a line uses ("Ro" or
"Miss Ashdown", "sir", "my dear", "old fellow") tells speakers apart
better than all its words do: who calls whom what is a habit.

>>> from collections import Counter
>>> said = {"kaede": ["pray", "child", "pray"], "miroku": ["ha", "lady"]}
>>> voices = Voices(said, Counter(said["kaede"] + said["miroku"] + ["pray", "no"]))
>>> scores = voices.scores(["pray", "child"], ["kaede", "miroku"])
>>> scores[0] > 0 > scores[1]
True
"""

from __future__ import annotations

import math
import string
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import repeat

# What separates the words of a line: punctuation and digits become spaces;
# apostrophes stay inside words ("don't"), curly ones made straight.
_SPACES = str.maketrans(
    {**{c: " " for c in string.punctuation + string.digits + "“”‘«»—–…" if c != "'"}, "’": "'"}
)
# Weight (in words) of the story's speech as a whole in each voice: a
# character with few tagged words sounds like everybody.
SMOOTHING = 200.0
# Scores are kept within this distance of the candidates' mean, so that one
# long line cannot outweigh all other evidence.
SPREAD = 6.0


def words_of(text: str) -> list[str]:
    """The words of a line, lowercased.

    >>> words_of("Don’t, Sango! It's 3 o'clock—")
    ["don't", 'sango', "it's", "o'clock"]
    """
    return text.lower().translate(_SPACES).split()


class Voices:
    """Each character's word model, from the words of the lines tagged with
    their name (``said``: character id to words), smoothed toward the words
    of all the story's speech (``speech``, the tagged lines' among them)
    with the weight of ``smoothing`` words."""

    def __init__(
        self,
        said: Mapping[str, Iterable[str]],
        speech: Counter[str],
        smoothing: float = SMOOTHING,
    ) -> None:
        counts = {who: Counter(words) for who, words in said.items()}
        everyone = speech
        total = sum(everyone.values())
        share = {w: n / total for w, n in everyone.items()}
        # log P(word | character) - log P(word), for the words each one said;
        # any word they never said scores the same: ``_unsaid[who]``.
        self._said: dict[str, dict[str, float]] = {}
        self._unsaid: dict[str, float] = {}
        for who, own in counts.items():
            size = sum(own.values())
            denominator = math.log(size + smoothing)
            self._said[who] = {
                w: math.log((n + smoothing * share[w]) / share[w]) - denominator
                for w, n in own.items()
            }
            self._unsaid[who] = math.log(smoothing) - denominator

    def scores(self, words: Sequence[str], candidates: Sequence[str]) -> list[float]:
        """How much more a line sounds like each candidate than like the
        others on average (0 for all when nothing is known)."""
        if not words:
            return [0.0] * len(candidates)
        raw = []
        for who in candidates:
            said = self._said.get(who)
            if said is None:
                raw.append(0.0)  # no tagged line: sounds like everyone
                continue
            raw.append(sum(map(said.get, words, repeat(self._unsaid[who]))))
        mean = sum(raw) / len(raw)
        return [max(-SPREAD, min(SPREAD, value - mean)) for value in raw]


__all__ = ["Voices", "words_of"]
