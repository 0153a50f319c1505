"""LitBank quotations: rebuild each excerpt's text, load gold quotes and speakers, score.

LitBank (Bamman et al.) gives ~2,000 tokenised words from each of 100 novels.
``quotations/tsv/BOOK.txt`` holds one sentence per line, tokens split by spaces;
``BOOK.ann`` holds ``QUOTE id startSent startTok endSent endTok text`` rows (end
token inclusive) and ``ATTRIB id entity`` rows; ``coref/tsv/BOOK.ann`` holds
``MENTION id startSent startTok endSent endTok text CAT PROP|NOM|PRON`` and
``COREF mention entity`` rows.

The text is rebuilt, with paragraphs guessed from its quotation marks, by
``ficlens.evaluate.litbank_text``; paragraphs are separated by a blank line,
so the source is read with ``paragraph_breaks=True``.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ficlens.errors import InputError
from ficlens.evaluate.litbank_text import QUOTE_MARKS, build_text
from ficlens.model import Gender, KnownCharacter, Span, SpanKind, Story

# Third-person pronouns that tell an entity's gender: "he said" -> male.
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
# First-person pronouns; outside quotes they mark the narrator ("I went down").
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
# Fewest first-person mentions outside quotes that make an entity the narrator.
NARRATOR_MIN_MENTIONS = 3
# Words dropped from the front of a name before comparing ("the Ferryman" = "Ferryman").
ARTICLES = ("the", "a", "an")


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """A gold quotation: character range of its words (marks trimmed) and speaker."""

    id: str
    start: int
    end: int
    speaker: str | None  # an entity id, None when the quote has no ATTRIB row


@dataclass(frozen=True, slots=True)
class Entity:
    """A coreference chain: its names (PROP mentions), descriptions (NOM) and gender.

    ``name`` is the most frequent proper name, or the most frequent description
    when the entity is never named ("the convict").
    """

    id: str
    name: str
    aliases: tuple[str, ...]  # every PROP mention text
    descriptions: tuple[str, ...]  # every NOM mention text
    gender: Gender
    person: bool  # a PER entity
    narrator: bool

    @property
    def named(self) -> bool:
        return bool(self.aliases)


@dataclass(frozen=True, slots=True)
class Book:
    name: str
    text: str
    paragraph_count: int
    quotes: tuple[GoldQuote, ...]
    entities: tuple[Entity, ...]


def load_book(path: str | Path, coref_dir: str | Path) -> Book:
    """Read ``BOOK.txt``/``BOOK.ann`` beside ``path`` and the coref ``BOOK.ann``."""
    path = Path(path)
    txt, ann, coref = path.with_suffix(".txt"), path.with_suffix(".ann"), Path(coref_dir)
    coref = coref / ann.name
    for needed in (txt, ann, coref):
        if not needed.is_file():
            raise InputError(str(needed), "missing LitBank file")
    lines = txt.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    sentences = [line.split(" ") if line else [] for line in lines]
    text, offsets, paragraphs = build_text(sentences)
    located = _Locator(sentences, offsets)
    quotes = _quotes(_rows(ann), located)
    entities = _entities(_rows(coref), located, quotes)
    return Book(txt.stem, text, paragraphs, quotes, entities)


def _rows(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip()]


@dataclass(frozen=True, slots=True)
class _Locator:
    sentences: Sequence[Sequence[str]]
    offsets: Sequence[Sequence[int]]

    def range(self, row: Sequence[str], trim: bool = False) -> tuple[int, int]:
        """Characters of the tokens named by ``row[2:6]`` (end token inclusive)."""
        first = (int(row[2]), int(row[3]))
        last = (int(row[4]), int(row[5]))
        if trim:  # drop quotation marks at both ends
            while first < last and self.sentences[first[0]][first[1]] in QUOTE_MARKS:
                first = self._step(first, 1)
            while last > first and self.sentences[last[0]][last[1]] in QUOTE_MARKS:
                last = self._step(last, -1)
        end_token = self.sentences[last[0]][last[1]]
        return self.offsets[first[0]][first[1]], self.offsets[last[0]][last[1]] + len(end_token)

    def _step(self, at: tuple[int, int], by: int) -> tuple[int, int]:
        sentence, token = at[0], at[1] + by
        while token < 0 or token >= len(self.sentences[sentence]):
            sentence += by
            token = 0 if by > 0 else len(self.sentences[sentence]) - 1
        return sentence, token


def _quotes(rows: list[list[str]], located: _Locator) -> tuple[GoldQuote, ...]:
    speakers = {row[1]: row[2] for row in rows if row[0] == "ATTRIB"}
    quotes = []
    for row in rows:
        if row[0] == "QUOTE":
            start, end = located.range(row, trim=True)
            quotes.append(GoldQuote(row[1], start, end, speakers.get(row[1])))
    return tuple(sorted(quotes, key=lambda q: q.start))


def _entities(
    rows: list[list[str]], located: _Locator, quotes: Sequence[GoldQuote]
) -> tuple[Entity, ...]:
    mentions = {row[1]: row for row in rows if row[0] == "MENTION"}
    chains: dict[str, list[list[str]]] = {}
    for row in rows:
        if row[0] == "COREF" and row[1] in mentions:
            chains.setdefault(row[2], []).append(mentions[row[1]])
    inside = [(q.start, q.end) for q in quotes]
    first_person = {
        entity: sum(
            m[8] == "PRON" and m[6].lower() in FIRST_PERSON and not _in(located.range(m), inside)
            for m in chain
        )
        for entity, chain in chains.items()
    }
    narrator = max(first_person, key=first_person.__getitem__, default=None)
    if narrator is not None and first_person[narrator] < NARRATOR_MIN_MENTIONS:
        narrator = None
    return tuple(_entity(entity, chain, entity == narrator) for entity, chain in chains.items())


def _in(target: tuple[int, int], ranges: list[tuple[int, int]]) -> bool:
    index = bisect.bisect_right(ranges, (target[0], target[1]))
    return any(start <= target[0] < end for start, end in ranges[max(0, index - 2) : index + 1])


def _entity(entity: str, chain: list[list[str]], narrator: bool) -> Entity:
    names = Counter(m[6] for m in chain if m[8] == "PROP")
    descriptions = Counter(m[6] for m in chain if m[8] == "NOM")
    pronouns = Counter(m[6].lower() for m in chain if m[8] == "PRON")
    male = sum(pronouns[p] for p in MALE_PRONOUNS)
    female = sum(pronouns[p] for p in FEMALE_PRONOUNS)
    gender = Gender.MALE if male > female else Gender.FEMALE if female > male else Gender.UNKNOWN
    main = (names or descriptions or Counter([entity])).most_common(1)[0][0]
    return Entity(
        entity, main, tuple(sorted(names)), tuple(sorted(descriptions)), gender,
        any(m[7] == "PER" for m in chain), narrator,
    )  # fmt: skip


def book_paths(folder: str | Path) -> list[Path]:
    """The ``.ann`` quotation files of a LitBank folder (its root or ``quotations/tsv``)."""
    path = Path(folder)
    for candidate in (path / "quotations" / "tsv", path):
        files = sorted(candidate.glob("*.ann")) if candidate.is_dir() else []
        if files:
            return files
    raise InputError(str(folder), "holds no LitBank quotation files (*.ann)")


def coref_folder(quotation_file: Path) -> Path:
    """``coref/tsv`` beside ``quotations/tsv``, as the LitBank repository lays them out."""
    return quotation_file.parent.parent.parent / "coref" / "tsv"


def gold_cast(book: Book) -> tuple[KnownCharacter, ...]:
    """The named people of a book as a cast to pass in (``Options(cast=...)``)."""
    return tuple(
        KnownCharacter(e.name, e.aliases, e.gender) for e in book.entities if e.person and e.named
    )


def name_key(name: str) -> str:
    """A name compared without case, periods, extra spaces or a leading article.

    >>> name_key("The  Ferryman"), name_key("Mr. Ashdown")
    ('ferryman', 'mr ashdown')
    """
    words = name.lower().replace(".", " ").split()
    if len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return " ".join(words)


def character_map(story: Story, book: Book) -> dict[str, str]:
    """Predicted character id -> gold entity id.

    A predicted character matches the entity sharing most of its names (its
    main name counting twice); failing that, an entity that is never named
    whose description it goes by ("the convict"); a narrator, the narrator.
    """
    named: dict[str, set[str]] = {}
    described: dict[str, set[str]] = {}
    for entity in book.entities:
        for alias in entity.aliases:
            named.setdefault(name_key(alias), set()).add(entity.id)
        if not entity.named:
            for description in entity.descriptions:
                described.setdefault(name_key(description), set()).add(entity.id)
    narrator = next((e.id for e in book.entities if e.narrator), None)
    mapping = {}
    for character in story.characters:
        if character.narrator and narrator is not None:
            mapping[character.id] = narrator
            continue
        for index in (named, described):
            votes: Counter[str] = Counter()
            for alias in dict.fromkeys((character.name, *character.aliases)):
                for entity_id in sorted(index.get(name_key(alias), ())):
                    votes[entity_id] += 2 if alias == character.name else 1
            if votes:
                mapping[character.id] = votes.most_common(1)[0][0]
                break
    return mapping


@dataclass(frozen=True, slots=True)
class BookScore:
    """Counts for one book (or a sum of books).

    ``found`` gold quotes have half their words inside one speech span;
    ``correct`` speech spans have half theirs inside one gold quote.
    ``attributed`` gold quotes have a speaker, ``right`` of them were given it;
    ``unnamed`` of them are spoken by an entity with no proper name.
    """

    quotes: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0
    attributed: int = 0
    right: int = 0
    unnamed: int = 0

    def __add__(self, other: BookScore) -> BookScore:
        return BookScore(*(a + b for a, b in zip(_counts(self), _counts(other), strict=True)))

    @property
    def recall(self) -> float:
        return self.found / self.quotes if self.quotes else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def accuracy(self) -> float:
        return self.right / self.attributed if self.attributed else 0.0


def _counts(score: BookScore) -> tuple[int, ...]:
    return (score.quotes, score.found, score.predicted, score.correct, score.attributed,
            score.right, score.unnamed)  # fmt: skip


def score_book(story: Story, book: Book) -> BookScore:
    """Quote detection and speaker accuracy of ``story`` (ficlens's reading of ``book``)."""
    spans = sorted((s for s in story.spans if s.kind is SpanKind.SPEECH), key=lambda s: s.start)
    starts = [s.start for s in spans]
    gold = [(q.start, q.end) for q in book.quotes]
    mapping = character_map(story, book)
    named = {e.id for e in book.entities if e.named}
    found = attributed = right = unnamed = 0
    for quote in book.quotes:
        found += _covering(quote.start, quote.end, spans, starts) is not None
        if quote.speaker is None:
            continue
        attributed += 1
        unnamed += quote.speaker not in named
        span = _covering(quote.start, (quote.start + quote.end + 1) // 2, spans, starts)
        right += span is not None and quote.speaker in {mapping.get(s) for s in span.speaker}
    correct = sum(_half_in(s.start, s.end, gold) for s in spans)
    return BookScore(len(gold), found, len(spans), correct, attributed, right, unnamed)


def _covering(start: int, end: int, spans: list[Span], starts: list[int]) -> Span | None:
    """The speech span holding at least half of ``start..end``."""
    index = bisect.bisect_right(starts, end)
    for span in reversed(spans[max(0, index - 4) : index]):
        if 2 * (min(end, span.end) - max(start, span.start)) >= end - start:
            return span
    return None


def _half_in(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    index = bisect.bisect_right(ranges, (end, end))
    return any(
        2 * (min(end, b) - max(start, a)) >= end - start
        for a, b in ranges[max(0, index - 4) : index]
    )
