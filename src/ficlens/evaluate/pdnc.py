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
from ficlens.model import Gender, KnownCharacter, Span, SpanKind, Story

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

    def __add__(self, other: Detection) -> Detection:
        return Detection(
            self.gold + other.gold,
            self.found + other.found,
            self.predicted + other.predicted,
            self.correct + other.correct,
        )

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


@dataclass(frozen=True, slots=True)
class Attribution:
    """Speaker and addressee accuracy over attributable quotations, by type."""

    total: dict[str, int]
    right: dict[str, int]
    addressee_total: int
    addressee_right: int

    def accuracy(self, quote_type: str | None = None) -> float:
        if quote_type is None:
            total, right = sum(self.total.values()), sum(self.right.values())
        else:
            total, right = self.total.get(quote_type, 0), self.right.get(quote_type, 0)
        return right / total if total else 0.0

    @property
    def addressee_accuracy(self) -> float:
        return self.addressee_right / self.addressee_total if self.addressee_total else 0.0


def gold_cast(novel: Novel) -> tuple[KnownCharacter, ...]:
    """The gold characters as a cast to pass in (narrator markers dropped)."""
    genders = {"M": Gender.MALE, "F": Gender.FEMALE}
    return tuple(
        KnownCharacter(c.name, c.aliases, genders.get(c.gender, Gender.UNKNOWN))
        for c in novel.characters
    )


def character_map(story: Story, novel: Novel) -> dict[str, str]:
    """Predicted character id -> gold character id, through the gold aliases.

    A predicted character matches the gold character that shares the most
    of its names (its main name counting twice); a narrator matches the gold
    narrator.
    """
    return {
        who: max(votes, key=votes.__getitem__) for who, votes in name_votes(story, novel).items()
    }


def name_votes(story: Story, novel: Novel) -> dict[str, dict[str, int]]:
    """Per predicted character, the gold characters its names match, each
    with its count of shared names (the main name counting twice)."""
    by_alias: dict[str, set[str]] = {}
    for gold in novel.characters:
        for alias in (gold.name, *gold.aliases):
            by_alias.setdefault(_alias_key(alias), set()).add(gold.id)
    gold_narrator = next((g.id for g in novel.characters if g.narrator), None)
    result = {}
    for character in story.characters:
        if character.narrator and gold_narrator is not None:
            result[character.id] = {gold_narrator: 1}
            continue
        votes: dict[str, int] = {}
        for alias in dict.fromkeys((character.name, *character.aliases)):
            weight = 2 if alias == character.name else 1  # the name it goes by counts most
            for gold_id in sorted(by_alias.get(_alias_key(alias), ())):
                votes[gold_id] = votes.get(gold_id, 0) + weight
        if votes:
            result[character.id] = votes
    return result


def _alias_key(alias: str) -> str:
    """An alias compared without case, a leading article or extra spaces:
    the gold "The Ferryman" is the text's "the Ferryman" and "Ferryman"."""
    words = alias.lower().split()
    if len(words) > 1 and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def gold_speaker_id(novel: Novel, name: str) -> str | None:
    for gold in novel.characters:
        if name == gold.name or name in gold.aliases:
            return gold.id
    lowered = name.lower()
    for gold in novel.characters:
        if lowered in (a.lower() for a in gold.aliases):
            return gold.id
    return None


def attribution(story: Story, novel: Novel) -> tuple[Attribution, list[QuoteResult]]:
    """Speaker accuracy over quotations whose speaker is a character."""
    mapping = character_map(story, novel)
    spans = sorted((s for s in story.spans if s.kind is SpanKind.SPEECH), key=lambda s: s.start)
    starts = [s.start for s in spans]
    total: dict[str, int] = {}
    right: dict[str, int] = {}
    addressee_total = addressee_right = 0
    results = []
    for quote in novel.quotes:
        if quote.speaker.lower() in NON_CHARACTER_SPEAKERS:
            continue
        gold_id = gold_speaker_id(novel, quote.speaker)
        if gold_id is None:
            continue
        span = _span_for(quote.pieces[0], spans, starts)
        predicted = [mapping.get(s) for s in span.speaker] if span else []
        correct = gold_id in predicted
        total[quote.type] = total.get(quote.type, 0) + 1
        right[quote.type] = right.get(quote.type, 0) + correct
        gold_addressees = {gold_speaker_id(novel, a) for a in quote.addressees} - {None}
        if gold_addressees:
            addressee_total += 1
            guessed = {mapping.get(a) for a in span.addressee} if span else set()
            addressee_right += bool(guessed & gold_addressees)
        results.append(QuoteResult(quote, span, gold_id, tuple(p or "?" for p in predicted)))
    return Attribution(total, right, addressee_total, addressee_right), results


@dataclass(frozen=True, slots=True)
class QuoteResult:
    quote: GoldQuote
    span: Span | None
    gold: str
    predicted: tuple[str, ...]


def _span_for(piece: tuple[int, int], spans: list[Span], starts: list[int]) -> Span | None:
    index = bisect.bisect_right(starts, piece[1])
    for span in reversed(spans[max(0, index - 3) : index]):
        if overlap(piece, (span.start, span.end)) * 2 >= piece[1] - piece[0]:
            return span
    return None
