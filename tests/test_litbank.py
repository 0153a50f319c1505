"""LitBank loading and scoring on a hand-built excerpt, and a sanity run on the real data."""

from __future__ import annotations

from pathlib import Path

from conftest import need_data

from ficlens.evaluate.litbank import (
    BookScore,
    book_paths,
    coref_folder,
    gold_cast,
    load_book,
    score_book,
)
from ficlens.model import Character, Gender, Source, Span, SpanKind, Story
from ficlens.options import Options
from ficlens.pipeline import run

SENTENCES = [
    "“ Come in , ” said Anna .",
    "She smiled at him .",
]
QUOTES = "QUOTE\tQ1\t0\t0\t0\t4\t“ Come in , ”\nATTRIB\tQ1\tAnna-0\n"
COREF = (
    "MENTION\tT1\t0\t6\t0\t6\tAnna\tPER\tPROP\n"
    "MENTION\tT2\t1\t0\t1\t0\tShe\tPER\tPRON\n"
    "COREF\tT1\tAnna-0\n"
    "COREF\tT2\tAnna-0\n"
)


def _fixture(root: Path) -> Path:
    quotations, coref = root / "quotations" / "tsv", root / "coref" / "tsv"
    quotations.mkdir(parents=True)
    coref.mkdir(parents=True)
    (quotations / "1_tiny_brat.txt").write_text("\n".join(SENTENCES) + "\n", encoding="utf-8")
    (quotations / "1_tiny_brat.ann").write_text(QUOTES, encoding="utf-8")
    (coref / "1_tiny_brat.ann").write_text(COREF, encoding="utf-8")
    return root


def _story(text: str, start: int, end: int, speaker: tuple[str, ...]) -> Story:
    span = Span(SpanKind.SPEECH, start, end, start - 2, end + 2, 0, speaker)
    characters = (Character("anna", "Anna", ("Anna",)), Character("bo", "Bo", ("Bo",)))
    return Story(text, Source(text=text), spans=(span,), characters=characters)


def test_loads_text_quote_and_entity(tmp_path: Path) -> None:
    path = book_paths(_fixture(tmp_path))[0]
    book = load_book(path, coref_folder(path))
    assert book.text == "“ Come in , ” said Anna .\nShe smiled at him ."
    (quote,) = book.quotes
    assert book.text[quote.start : quote.end] == "Come in ,"
    assert quote.speaker == "Anna-0"
    (anna,) = book.entities
    assert (anna.name, anna.aliases, anna.gender, anna.narrator) == (
        "Anna", ("Anna",), Gender.FEMALE, False,
    )  # fmt: skip
    assert [c.name for c in gold_cast(book)] == ["Anna"]


def test_scores_detection_and_speaker(tmp_path: Path) -> None:
    path = book_paths(_fixture(tmp_path))[0]
    book = load_book(path, coref_folder(path))
    right = score_book(_story(book.text, 2, 11, ("anna",)), book)
    assert right == BookScore(quotes=1, found=1, predicted=1, correct=1, attributed=1, right=1)
    wrong = score_book(_story(book.text, 2, 11, ("bo",)), book)
    assert (wrong.found, wrong.right, wrong.accuracy) == (1, 0, 0.0)
    missed = score_book(_story(book.text, 26, 44, ("anna",)), book)
    assert (missed.found, missed.correct, missed.right, missed.recall) == (0, 0, 0, 0.0)


def test_real_litbank_is_sane() -> None:
    folder = need_data("litbank")
    total = BookScore()
    for path in book_paths(folder):
        book = load_book(path, coref_folder(path))
        story = run(Source(text=book.text, paragraph_breaks=True), Options())
        total = total + score_book(story, book)
    assert total.quotes > 0
    assert total.recall > 0.5
    assert 0.0 <= total.accuracy <= 1.0
