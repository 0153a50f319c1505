"""The Project Dialogism Novel Corpus: loading and speech-detection scores.

A novel folder holds ``novel_text.txt``, ``quotation_info.csv`` (one row per
quotation, with character offsets of its pieces) and ``character_info.csv``.

>>> overlap((0, 10), (5, 20))
5
"""

from __future__ import annotations

import ast
import bisect
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

from ficlens.errors import InputError
from ficlens.model import SpanKind, Story

# Speaker values that name no character.
NON_CHARACTER_SPEAKERS = frozenset({"_narr", "_group", "_unknowable", "unknowable"})
# Alias markers PDNC uses for a first-person narrator; not names in the text.
NARRATOR_MARKERS = frozenset({"_narr", "narr", "narrator"})


@dataclass(frozen=True, slots=True)
class GoldQuote:
    id: str
    pieces: tuple[tuple[int, int], ...]
    speaker: str
    addressees: tuple[str, ...]
    type: str  # Explicit, Anaphoric or Implicit
    text: str


@dataclass(frozen=True, slots=True)
class GoldCharacter:
    id: str
    name: str
    aliases: tuple[str, ...]
    gender: str  # M, F, U or X
    narrator: bool


@dataclass(frozen=True, slots=True)
class Novel:
    name: str
    path: Path
    text: str
    quotes: tuple[GoldQuote, ...]
    characters: tuple[GoldCharacter, ...]


@dataclass(frozen=True, slots=True)
class Detection:
    """Speech detection counts: gold pieces found, predicted spans right."""

    gold: int
    found: int
    predicted: int
    correct: int

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0


def load_novel(folder: str | Path) -> Novel:
    """Read one PDNC novel folder."""
    path = Path(folder)
    text_path = path / "novel_text.txt"
    if not text_path.is_file():
        raise InputError(str(path), "not a PDNC novel folder (no novel_text.txt)")
    csv.field_size_limit(sys.maxsize)
    text = text_path.read_text(encoding="utf-8")
    with open(path / "quotation_info.csv", encoding="utf-8", newline="") as stream:
        quotes = tuple(_quote(row) for row in csv.DictReader(stream))
    characters: tuple[GoldCharacter, ...] = ()
    info = path / "character_info.csv"
    if info.is_file():
        with open(info, encoding="utf-8", newline="") as stream:
            characters = tuple(_character(row) for row in csv.DictReader(stream))
    return Novel(path.name, path, text, quotes, characters)


def _quote(row: dict[str, str]) -> GoldQuote:
    pieces = tuple((int(s), int(e)) for s, e in ast.literal_eval(row["quoteByteSpans"]))
    addressees = row.get("addressees") or "[]"
    try:
        parsed = ast.literal_eval(addressees)
    except (ValueError, SyntaxError):
        parsed = []
    return GoldQuote(
        row["quoteID"], pieces, row["speaker"].strip(), tuple(str(a) for a in parsed),
        row.get("quoteType", ""), row["quoteText"],
    )  # fmt: skip


def _character(row: dict[str, str]) -> GoldCharacter:
    try:
        raw = ast.literal_eval(row["Aliases"])
    except (ValueError, SyntaxError):
        raw = set()
    names = {str(a).strip() for a in raw} | {row["Main Name"].strip()}
    narrator = any(a.lower() in NARRATOR_MARKERS for a in names)
    aliases = tuple(sorted(a for a in names if a and a.lower() not in NARRATOR_MARKERS))
    return GoldCharacter(row["Character ID"], row["Main Name"].strip(), aliases,
                         row.get("Gender", "X"), narrator)  # fmt: skip


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters two ranges share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def detection(story: Story, novel: Novel) -> Detection:
    """Speech detection: a gold piece is found, and a predicted speech span is
    right, when at least half of it lies in one span of the other side."""
    speech = sorted((s.start, s.end) for s in story.spans if s.kind is SpanKind.SPEECH)
    gold = sorted(piece for q in novel.quotes for piece in q.pieces)
    found = sum(_covered(piece, speech) for piece in gold)
    correct = sum(_covered(span, gold) for span in speech)
    return Detection(len(gold), found, len(speech), correct)


def _covered(target: tuple[int, int], ranges: list[tuple[int, int]]) -> bool:
    """Whether one of the sorted ``ranges`` covers half of ``target``."""
    need = (target[1] - target[0]) / 2
    index = bisect.bisect_right(ranges, (target[1], target[1]))
    for candidate in reversed(ranges[max(0, index - 4) : index]):
        if overlap(target, candidate) >= need:
            return True
    return False
