"""Voices: how each character talks, learned from the story's own lines.

Characters have words of their own ("pray", "my dear", "ain't", "old
sport"). The lines a named tag gives a character ('"...," said Miroku'),
and those the first reading is sure enough of (a pronoun tag, a reply to
a name called), make a word model of their voice: word counts smoothed
toward the story's speech as a whole (Dirichlet smoothing). A line with
no tag is then scored against each candidate speaker's model, relative to
the others: how much more it sounds like one of them. A line already in a
voice is scored with its own words taken out of it. The turn model weighs
that score beside the rest of a turn's evidence.

The same model over only the forms of address a line uses ("Ro" or
"Miss Ashdown", "sir", "my dear", "old fellow") tells speakers apart
better than all its words do: who calls whom what is a habit.

Some talk at length and some in a few words: the lines a named tag gives
each character tell how long theirs run (``Lengths``), and a line as long
as a candidate's usually are sounds more like them.

>>> from collections import Counter
>>> said = {"kaede": ["pray", "child", "pray"], "miroku": ["ha", "lady"]}
>>> voices = Voices(said, Counter(said["kaede"] + said["miroku"] + ["pray", "no"]))
>>> scores = voices.scores(["pray", "child"], ["kaede", "miroku"])
>>> scores[0] > 0 > scores[1]
True

Kaede's only "child" is the line itself: taken out, it tells nothing.

>>> voices.scores(["child"], ["kaede", "miroku"], owner="kaede")
[0.0, 0.0]
"""

from __future__ import annotations

import math
import string
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import chain, repeat
from statistics import fmean, pvariance

from ficlens.model import Span
from ficlens.rules.attribution import ENDEARMENT, GENDERED_ADDRESS, KIN_ADDRESS
from ficlens.stages.conversation import Sounds, Turn, Voicing
from ficlens.stages.words import MentionIndex

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
# Weight (in forms) of the story's forms of address as a whole in each
# character's: a line seldom calls anyone, so the forms weigh in early.
ADDRESS_SMOOTHING = 5.0
# How sure the first reading must be of an untagged line's speaker for the
# line to join their voice: a pronoun tag, a reply to a name called, the
# subject of the narration beside it; plain turn-taking is not enough.
TRUSTED_GUESS = 0.65
# Weight (in lines) of the story's usual line length in each character's:
# a character with few tagged lines talks at the usual length.
LENGTH_SMOOTHING = 15.0
# Length scores are kept within this distance of the candidates' mean.
LENGTH_SPREAD = 3.0


def words_of(text: str) -> list[str]:
    """The words of a line, lowercased.

    >>> words_of("Don’t, Sango! It's 3 o'clock—")
    ["don't", 'sango', "it's", "o'clock"]
    """
    return text.lower().translate(_SPACES).split()


class Voices:
    """Each character's word model, from the words of the lines given to
    them (``said``: character id to words), smoothed toward the words
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
        self._sizes = {who: sum(own.values()) for who, own in counts.items()}
        for who, own in counts.items():
            denominator = math.log(self._sizes[who] + smoothing)
            self._said[who] = {
                w: math.log((n + smoothing * share[w]) / share[w]) - denominator
                for w, n in own.items()
            }
            self._unsaid[who] = math.log(smoothing) - denominator
        self._counts = counts  # kept to take a line back out of its speaker's voice
        self._share = share
        self._smoothing = smoothing

    def scores(
        self, words: Sequence[str], candidates: Sequence[str], owner: str | None = None
    ) -> list[float]:
        """How much more a line sounds like each candidate than like the
        others on average (0 for all when nothing is known). When the line
        is one of ``owner``'s own, its words are first taken out of their
        voice: a line must not sound like its speaker for having been said."""
        if not words:
            return [0.0] * len(candidates)
        raw = []
        for who in candidates:
            said = self._said.get(who)
            if said is None:
                raw.append(0.0)  # no line of theirs: sounds like everyone
            elif who == owner:
                raw.append(self._without(who, words))
            else:
                raw.append(sum(map(said.get, words, repeat(self._unsaid[who]))))
        mean = sum(raw) / len(raw)
        return [max(-SPREAD, min(SPREAD, value - mean)) for value in raw]

    def _without(self, who: str, words: Sequence[str]) -> float:
        """How ``words`` score against ``who``'s voice once taken out of it."""
        counts, share, smoothing = self._counts[who], self._share, self._smoothing
        own = Counter(words)
        size = self._sizes[who] - len(words)
        score = -len(words) * math.log(size + smoothing)
        for word in words:
            score += math.log((counts[word] - own[word] + smoothing * share[word]) / share[word])
        return score


class Lengths:
    """How long each character's lines run, as the log of their words, from
    the lengths of the lines a named tag gives them (``said``: character
    id to lengths), each character's mean smoothed toward the story's with
    the weight of ``smoothing`` lines.

    >>> lengths = Lengths({"kaede": [3.0, 3.2], "miroku": [0.7, 1.1]})
    >>> short = lengths.scores(1.0, ["kaede", "miroku"])
    >>> short[1] > 0 > short[0]
    True
    """

    def __init__(
        self, said: Mapping[str, Sequence[float]], smoothing: float = LENGTH_SMOOTHING
    ) -> None:
        every = [length for lengths in said.values() for length in lengths]
        self._usual = fmean(every) if every else 0.0
        self._twice_variance = 2 * (pvariance(every, self._usual) if every else 0.0) + 1e-3
        self._means = {
            who: (sum(lengths) + smoothing * self._usual) / (len(lengths) + smoothing)
            for who, lengths in said.items()
        }

    def scores(self, length: float, candidates: Sequence[str]) -> list[float]:
        """How much more a line of ``length`` (the log of one more than its
        words) fits each candidate's usual length than the others' on average."""
        fits = [
            -((length - self._means.get(who, self._usual)) ** 2) / self._twice_variance
            for who in candidates
        ]
        mean = sum(fits) / len(fits)
        return [max(-LENGTH_SPREAD, min(LENGTH_SPREAD, fit - mean)) for fit in fits]


def line_length(words: Sequence[str]) -> float:
    """A line's length as the scores read it: the log of one more than its words."""
    return math.log1p(len(words))


def sounds_of(
    runs: Sequence[Sequence[Turn]], text: str, index: MentionIndex, spans: list[Span]
) -> Sounds:
    """How each character sounds, from the turns of ``runs`` a named tag
    gives them and those the first reading gives them with confidence, as a
    scorer of untagged turns against candidate speakers: by the words of
    their lines, by the forms of address they use, and by how long their
    tagged lines run."""
    lines: list[list[str]] = []
    forms: list[list[str]] = []
    said: dict[str, list[str]] = {}
    calls: dict[str, list[str]] = {}
    lengths: dict[str, list[float]] = {}
    # by the turn's first span: its words, its forms and whose voice has them
    untagged: dict[int, tuple[list[str], list[str], str | None]] = {}
    for run in runs:
        for turn in run:
            words = words_of(" ".join([text[spans[i].start : spans[i].end] for i in turn.spans]))
            addressed = _forms_of_address(turn, spans, text, index)
            lines.append(words)
            forms.append(addressed)
            decision = turn.decision
            owner = decision.speaker[0] if len(decision.speaker) == 1 else None
            if not (turn.tagged or decision.confidence >= TRUSTED_GUESS):
                owner = None
            if owner is not None:
                said.setdefault(owner, []).extend(words)
                calls.setdefault(owner, []).extend(addressed)
                if turn.tagged:
                    lengths.setdefault(owner, []).append(line_length(words))
            if not turn.tagged:
                untagged[turn.spans[0]] = words, addressed, owner  # the turns that need a voice
    voices = Voices(said, Counter(chain.from_iterable(lines)))
    addressing = Voices(calls, Counter(chain.from_iterable(forms)), ADDRESS_SMOOTHING)
    long = Lengths(lengths)

    def sounds(turn: Turn, candidates: Sequence[str]) -> Voicing | None:
        found = untagged.get(turn.spans[0])
        if found is None:
            return None
        words, addressed, owner = found
        return Voicing(
            voices.scores(words, candidates, owner),
            addressing.scores(addressed, candidates, owner),
            long.scores(line_length(words), candidates),
        )

    return sounds


def _forms_of_address(turn: Turn, spans: list[Span], text: str, index: MentionIndex) -> list[str]:
    """The words a turn calls its listener by, lowercased: the names it
    calls ("Ro", "Mr. Ashdown"), "sir" or "papa", "my dear" or "old fellow"."""
    forms = []
    for i in turn.spans:
        start, end = spans[i].start, spans[i].end
        called = [m for m in index.between(start, end) if m.character in turn.vocatives]
        forms += [text[m.start : m.end] for m in called]
        forms += gendered_addresses(text, spans[i])
        forms += [m.group() for m in ENDEARMENT.finditer(text, start, end)]
    return [" ".join(form.lower().split()) for form in forms]


def gendered_addresses(text: str, quote: Span) -> Iterator[str]:
    """The words that tell the listener's gender a quote calls its listener
    by ("sir", "papa"), lowercased; kin words only where a name called would
    stand, after punctuation."""
    for match in GENDERED_ADDRESS.finditer(text, quote.start, quote.end):
        at = match.start()
        if at and text[at - 1].isalpha():
            continue  # inside a longer word
        word = " ".join(match.group().lower().split())
        if word not in KIN_ADDRESS or _after_break(text, quote.start, at):
            yield word


def _after_break(text: str, start: int, at: int) -> bool:
    """Whether only spaces stand between ``at`` and a punctuation mark, or
    the start of the quote at ``start``."""
    while at > start and text[at - 1] in " \t\n":
        at -= 1
    return at == start or text[at - 1] in "\"“‘',;:!?—–-"


__all__ = [
    "ADDRESS_SMOOTHING",
    "LENGTH_SMOOTHING",
    "LENGTH_SPREAD",
    "TRUSTED_GUESS",
    "Lengths",
    "Voices",
    "gendered_addresses",
    "line_length",
    "sounds_of",
    "words_of",
]
