"""Properties of the pipeline and the readers, for any input hypothesis makes.

- Spans tile every paragraph exactly and all offsets lie in the text, for any
  text: quotes of every kind, asterisks, underscores, dashes, CRLF, NULs,
  emoji, right-to-left marks.
- Any bytes are read or refused with a FiclensError, never another exception.
- The work done grows linearly with the number of paragraphs. The measure
  is a deterministic count of Python function calls (``sys.setprofile``),
  never a clock, so the test cannot flake on a busy machine.
- Paragraphs rendered into an AO3 download, an FFN page or an EPUB come back
  from the readers as the story's text.

Each test is kept to well under ten seconds (max_examples 50-100).
"""

from __future__ import annotations

import contextlib
import html
import io
import itertools
import sys
import zipfile
from collections.abc import Callable
from typing import Any

import ftfy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ficlens import analyze_text
from ficlens.errors import FiclensError
from ficlens.model import Story
from ficlens.options import InputFormat, Options
from ficlens.pipeline import run
from ficlens.read import read_bytes

PIECES = [
    '"', "“", "”", "'", "‘", "’", "«", "»", "*", "**", "_", "__", "-", "--", "—", "–",
    "\r\n", "\n", "\n\n", "\r", "\x00", "\t", " ", "  ", "😀", "👩‍👩‍👧", "\u200f", "\u200e",
    "\u202e", "שלום", "é", "said", "she", "he thought", "Ann", "Bo", ".", ",", "?", "!", "…",
    "A/N:", "Chapter 1", "* * *", "xXx", "Dear Bo,", "> ", "Ann: ", "I", "you", "\ufeff", "\u200b",
]  # fmt: skip

stories = st.lists(st.sampled_from(PIECES) | st.text(max_size=5), max_size=60).map("".join)

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_spans_tile(story: Story) -> None:
    size = len(story.text)
    by_paragraph: dict[int, list[Any]] = {}
    for span in story.spans:
        assert 0 <= span.outer_start <= span.start <= span.end <= span.outer_end <= size, span
        by_paragraph.setdefault(span.paragraph, []).append(span)
    for index, paragraph in enumerate(story.paragraphs):
        assert 0 <= paragraph.start <= paragraph.end <= size
        spans = sorted(by_paragraph.get(index, []), key=lambda s: s.outer_start)
        assert spans, f"paragraph {index} has no spans"
        assert spans[0].outer_start == paragraph.start
        assert spans[-1].outer_end == paragraph.end
        for before, after in itertools.pairwise(spans):
            assert before.outer_end == after.outer_start, (before, after)
    assert set(by_paragraph) <= set(range(len(story.paragraphs)))


@FAST
@given(stories)
def test_spans_tile_every_paragraph(text: str) -> None:
    story = analyze_text(text)
    assert story.text == text
    assert_spans_tile(story)


FORMATS: tuple[InputFormat, ...] = ("auto", "text", "markdown", "html", "ao3", "ffn", "epub")


@FAST
@given(stories, st.sampled_from(FORMATS), st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_any_bytes_are_read_or_refused(text: str, fmt: InputFormat, encoding: str) -> None:
    data = text.encode(encoding, errors="replace")
    try:
        source = read_bytes(data, "story.txt", Options(input_format=fmt))
    except FiclensError:
        return
    story = run(source)
    assert_spans_tile(story)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_are_read_or_refused(data: bytes) -> None:
    for fmt in FORMATS:
        with contextlib.suppress(FiclensError):
            read_bytes(data, "x.bin", Options(input_format=fmt))


def calls(function: Callable[[], object]) -> int:
    """Python and C function calls made by ``function``: a deterministic cost."""
    count = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        function()
    finally:
        sys.setprofile(None)
    return count


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join))
def test_work_grows_linearly_with_paragraphs(paragraph: str) -> None:
    # A generous factor: linear work with per-story overheads passes easily,
    # while anything quadratic in the number of paragraphs (8x the input,
    # 64x the work) does not.
    once = calls(lambda: analyze_text(paragraph + "\n\n"))
    eight = calls(lambda: analyze_text((paragraph + "\n\n") * 8))
    assert eight <= 8 * 3 * once + 5_000, (once, eight)


# --- Readers round-trip -------------------------------------------------------

LETTERS = "abcdefghijklmnpqrstuvwyzABCDEFGHIJKLMN" + "éßшש😀'\"“”’*_-—…!?.,;&<>\u200f"
WORD = st.text(alphabet=st.sampled_from(list(LETTERS)), min_size=1, max_size=8)
# A paragraph opens with a plain word so no paragraph reads as an ornament
# ("* * *") or a chapter heading.
OPENING = st.sampled_from(["Ann", "Later", "Then", "Bo"])
PARAGRAPH = st.tuples(OPENING, st.lists(WORD, max_size=12)).map(
    lambda pair: " ".join([pair[0], *pair[1]])
)
PARAGRAPHS = st.lists(PARAGRAPH, min_size=1, max_size=8)


def _html_paragraphs(paragraphs: list[str]) -> str:
    return "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)


def ao3_download(paragraphs: list[str]) -> bytes:
    return (
        '<html><head><title>T</title></head><body><div id="preface"><div class="meta">'
        '<dl class="tags"><dt>Fandom:</dt><dd><a>Show</a></dd></dl><h1>T</h1></div></div>'
        '<div id="chapters"><div class="userstuff">'
        + _html_paragraphs(paragraphs)
        + "</div></div></body></html>"
    ).encode()


def ffn_page(paragraphs: list[str]) -> bytes:
    return (
        '<html><body><div id="profile_top"><b class="xcontrast_txt">T</b></div>'
        '<div id="storytext">' + _html_paragraphs(paragraphs) + "</div></body></html>"
    ).encode()


def epub_book(paragraphs: list[str]) -> bytes:
    half = (len(paragraphs) + 1) // 2
    chapters = [paragraphs[:half], paragraphs[half:]]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr(
            "META-INF/container.xml",
            '<container><rootfiles><rootfile full-path="OEBPS/b.opf"/></rootfiles></container>',
        )
        items = "".join(
            f'<item id="c{n}" href="c{n}.xhtml" media-type="application/xhtml+xml"/>'
            for n in range(2)
        )
        z.writestr(
            "OEBPS/b.opf",
            "<package><metadata><title>Book</title></metadata>"
            f'<manifest>{items}</manifest><spine><itemref idref="c0"/><itemref idref="c1"/>'
            "</spine></package>",
        )
        for n, chapter in enumerate(chapters):
            body = _html_paragraphs(chapter)
            z.writestr(
                f"OEBPS/c{n}.xhtml",
                '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
                f"<head><title/></head><body>{body}</body></html>",
            )
    return buffer.getvalue()


RENDERERS = {"ao3": ao3_download, "ffn": ffn_page, "epub": epub_book}


@settings(max_examples=50, deadline=None)
@given(PARAGRAPHS, st.sampled_from(sorted(RENDERERS)))
def test_readers_give_back_the_paragraphs(paragraphs: list[str], fmt: str) -> None:
    # text that reads as mojibake ("”ß" for "ӧ") is repaired, not given back
    assume(all(ftfy.fix_encoding(p) == p for p in paragraphs))
    source = read_bytes(RENDERERS[fmt](paragraphs), f"story.{'epub' if fmt == 'epub' else 'html'}")
    assert source.format == fmt
    assert source.text.split("\n\n") == paragraphs
