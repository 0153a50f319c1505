"""Counts over a story's spans: kind shares, words per character, who talks to whom.

Counts come from the spans themselves, so they hold whether or not the cast
stage filled :class:`ficlens.model.Character`'s own counters. A span said by
a group counts for each of its speakers.

>>> from ficlens.model import Source, Span, SpanKind, Story
>>> text = '"Hi there," Ann said.'
>>> spans = (
...     Span(SpanKind.SPEECH, 1, 10, 0, 12, 0, speaker=("ann",), addressee=("bo",)),
...     Span(SpanKind.NARRATION, 12, 21, 12, 21, 0),
... )
>>> story = Story(text=text, source=Source(text=text), spans=spans)
>>> [(s.kind.value, s.words) for s in kind_shares(story)]
[('narration', 2), ('speech', 2)]
>>> [(c.id, c.lines, c.words_spoken) for c in character_stats(story)]
[('ann', 1, 2)]
>>> interactions(story)
[Interaction(speaker='ann', addressee='bo', lines=1, words=2)]
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ficlens.model import Character, Gender, SpanKind, Story
from ficlens.summary import word_count

# Kinds whose spans someone says, thinks or sends.
VOICED = frozenset({SpanKind.SPEECH, SpanKind.THOUGHT, SpanKind.MESSAGE})

# The order kinds are listed in, narration first.
KIND_ORDER = tuple(SpanKind)


@dataclass(frozen=True, slots=True)
class KindShare:
    """How much of the story one kind of span takes: spans, words, share of words."""

    kind: SpanKind
    spans: int
    words: int
    share: float


@dataclass(frozen=True, slots=True)
class CharacterStats:
    """One character's lines and words, counted from the attributed spans."""

    id: str
    name: str
    aliases: tuple[str, ...]
    gender: Gender
    lines: int
    words_spoken: int
    words_thought: int

    @property
    def words(self) -> int:
        return self.words_spoken + self.words_thought


@dataclass(frozen=True, slots=True)
class Interaction:
    """Lines (and their words) one character addresses to another."""

    speaker: str
    addressee: str
    lines: int
    words: int


def kind_shares(story: Story) -> list[KindShare]:
    """Every kind present, with its span count, words and share of all words."""
    spans: Counter[SpanKind] = Counter()
    words: Counter[SpanKind] = Counter()
    for span in story.spans:
        spans[span.kind] += 1
        words[span.kind] += word_count(story.span_text(span))
    total = sum(words.values()) or 1
    return [
        KindShare(kind, spans[kind], words[kind], words[kind] / total)
        for kind in KIND_ORDER
        if spans[kind]
    ]


def character_stats(story: Story) -> list[CharacterStats]:
    """The cast with counted lines, most words first; unknown speaker ids included."""
    lines: Counter[str] = Counter()
    spoken: Counter[str] = Counter()
    thought: Counter[str] = Counter()
    for span in story.spans:
        if span.kind not in VOICED or not span.speaker:
            continue
        words = word_count(story.span_text(span))
        for who in span.speaker:
            lines[who] += 1
            (thought if span.kind is SpanKind.THOUGHT else spoken)[who] += words
    known = {c.id: c for c in story.characters}
    ids = list(known) + [who for who in lines if who not in known]
    result = [
        _stats(known.get(who) or Character(id=who, name=who), lines, spoken, thought) for who in ids
    ]
    result.sort(key=lambda c: (-c.words, -c.lines, c.name))
    return result


def _stats(
    character: Character, lines: Counter[str], spoken: Counter[str], thought: Counter[str]
) -> CharacterStats:
    who = character.id
    return CharacterStats(
        who, character.name, character.aliases, character.gender,
        lines[who], spoken[who], thought[who],
    )  # fmt: skip


def interactions(story: Story) -> list[Interaction]:
    """Speaker → addressee pairs with the lines and words between them, most first."""
    lines: Counter[tuple[str, str]] = Counter()
    words: Counter[tuple[str, str]] = Counter()
    for span in story.spans:
        if span.kind not in VOICED:
            continue
        count = word_count(story.span_text(span))
        for speaker in span.speaker:
            for addressee in span.addressee:
                if addressee != speaker:
                    lines[speaker, addressee] += 1
                    words[speaker, addressee] += count
    pairs = sorted(lines, key=lambda pair: (-lines[pair], pair))
    return [Interaction(s, a, lines[s, a], words[s, a]) for s, a in pairs]
