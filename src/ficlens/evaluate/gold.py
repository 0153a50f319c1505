"""Scoring against the span-level gold format (one JSON object per span).

Each gold line is ``{"para", "kind", "text", "speaker", "addressee"}``. Gold
spans are found in the story by their text, in order, so the same gold file
scores a plain-text and an HTML rendition of one story.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ficlens.errors import InputError
from ficlens.model import KnownCharacter, Span, Story


@dataclass(frozen=True, slots=True)
class GoldSpan:
    kind: str
    text: str
    speaker: tuple[str, ...]
    addressee: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Judged:
    """One gold span beside what ficlens predicted for it."""

    gold: GoldSpan
    kind: str | None
    speaker: tuple[str, ...]
    addressee: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GoldScore:
    judged: tuple[Judged, ...]

    @property
    def kinds_right(self) -> int:
        return sum(j.kind == j.gold.kind for j in self.judged)

    def attributed(self) -> list[Judged]:
        return [j for j in self.judged if j.gold.kind in ("speech", "thought")]

    @property
    def speakers_right(self) -> int:
        return sum(set(j.speaker) == set(j.gold.speaker) for j in self.attributed())

    @property
    def addressees_right(self) -> int:
        return sum(set(j.addressee) == set(j.gold.addressee) for j in self.attributed())


def load_gold(path: str | Path) -> list[GoldSpan]:
    spans = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise InputError(str(path), f"cannot read the gold file ({error.strerror})") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            spans.append(GoldSpan(row["kind"], row["text"], tuple(row.get("speaker", [])),
                                  tuple(row.get("addressee", []))))  # fmt: skip
        except (json.JSONDecodeError, KeyError, TypeError):
            raise InputError(str(path), f"line {number} is not a gold span") from None
    return spans


def gold_names(story: Story, characters: list[KnownCharacter]) -> dict[str, str]:
    """Predicted character id -> the gold name whose aliases it shares most."""
    result = {}
    for character in story.characters:
        ours = {a.lower() for a in (character.name, *character.aliases)}
        best = max(
            characters,
            key=lambda g: len(ours & {a.lower() for a in (g.name, *g.aliases)}),
            default=None,
        )
        if best is not None and ours & {a.lower() for a in (best.name, *best.aliases)}:
            result[character.id] = best.name
    return result


def score(
    story: Story, gold: list[GoldSpan], characters: list[KnownCharacter] | None = None
) -> GoldScore:
    """Find each gold span in the story and compare kind, speaker and addressee.

    With ``characters`` (the gold cast), predicted characters are named by
    the gold character they share an alias with; else by their own name.
    """
    names = {c.id: c.name for c in story.characters}
    if characters:
        names.update(gold_names(story, characters))
    cursor = 0
    judged = []
    for item in gold:
        if item.kind == "title":
            judged.append(Judged(item, _title_kind(story, item.text), (), ()))
            continue
        at = story.text.find(item.text, cursor)
        if at < 0:
            judged.append(Judged(item, None, (), ()))
            continue
        cursor = at + len(item.text)
        span = _best_span(story, at, cursor)
        if span is None:
            judged.append(Judged(item, None, (), ()))
            continue
        judged.append(
            Judged(
                item,
                span.kind.value,
                tuple(names.get(s, s) for s in span.speaker),
                tuple(names.get(a, a) for a in span.addressee),
            )
        )
    return GoldScore(tuple(judged))


def _title_kind(story: Story, title: str) -> str | None:
    """A title is found as the title line, or in the metadata where it belongs."""
    for span in story.spans[:3]:
        if story.span_text(span) == title:
            return span.kind.value
    return "title" if story.metadata.title == title else None


def _best_span(story: Story, start: int, end: int) -> Span | None:
    best, best_overlap = None, 0
    for span in story.spans:
        if span.outer_end <= start:
            continue
        if span.outer_start >= end:
            break
        shared = min(end, span.end) - max(start, span.start)
        if shared > best_overlap:
            best, best_overlap = span, shared
    return best
