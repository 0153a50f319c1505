"""Find the quoted speech inside a paragraph.

Each story has one dialogue convention, found once: double quotes, single
quotes (British style, where apostrophes must be told apart) or a dash at the
start of the paragraph. Quotes are found per paragraph: a speech that runs over
several paragraphs reopens with a quotation mark in each, and an unclosed
quote ends with its paragraph.

>>> text = "'I don't know,' she said. 'It's the wolves' den.'"
>>> [text[q.start:q.end] for q in find_quotes(text, 0, len(text), "single")]
["I don't know,", "It's the wolves' den."]
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from ficlens.model import Paragraph, Role
from ficlens.rules.dialogue import (
    DASH_DIALOGUE,
    DASH_SWITCH,
    DOUBLE_CLOSE,
    DOUBLE_MARKS,
    DOUBLE_OPEN,
    ELISION,
    SINGLE_MARKS,
    SINGLE_OPEN,
    SINGLE_OPENER,
)

_OPEN_CONTEXT = frozenset(' \t\r\n([{—–-"“')
# Characters read to decide a story's dialogue convention: plenty for one.
STYLE_SAMPLE_CHARS = 200_000
_DASH_LINE = re.compile(r"\n[ \t]*[—―–][ \t]*\S")


class Quote(NamedTuple):
    """A quoted stretch: ``start``/``end`` inside the marks, ``outer_*`` with them."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    closed: bool = True


def paragraph_range(paragraph: Paragraph) -> Quote:
    """A whole paragraph as a claimed range (an unmarked thought)."""
    return Quote(paragraph.start, paragraph.end, paragraph.start, paragraph.end)


def detect_style(text: str) -> str:
    """The story's dialogue convention: "double", "single" or "dash".

    >>> detect_style("'Hello,' she said. 'Come in.'")
    'single'
    """
    text = text[:STYLE_SAMPLE_CHARS]
    doubles = len(DOUBLE_MARKS.findall(text))
    singles = len(SINGLE_OPENER.findall(text)) + bool(SINGLE_OPENER.match(" " + text[:2], 1))
    dashes = len(_DASH_LINE.findall(text)) + bool(DASH_DIALOGUE.match(text))
    if dashes >= 5 and dashes > doubles and dashes > singles:
        return "dash"
    if singles >= 2 and singles > 1.5 * doubles + 1:
        return "single"
    return "double"


def find_quotes(text: str, start: int, end: int, style: str) -> list[Quote]:
    """The quotes in ``text[start:end]`` (one paragraph) for the given style."""
    if style == "single":
        return _single(text, start, end)
    if style == "dash":
        return _dash(text, start, end)
    return _double(text, start, end)


def _piece(text: str, open_at: int, close_at: int, closed: bool) -> Quote:
    """A quote from the opening mark at ``open_at`` to the closing mark at ``close_at``."""
    inner_start, inner_end = open_at + 1, close_at
    while inner_start < inner_end and text[inner_start].isspace():
        inner_start += 1
    while inner_end > inner_start and text[inner_end - 1].isspace():
        inner_end -= 1
    return Quote(inner_start, inner_end, open_at, close_at + closed, closed)


def quotes_by_paragraph(text: str, paragraphs: list[Paragraph], style: str) -> list[list[Quote]]:
    """The quotes of every body paragraph, in paragraph order.

    For double quotes the marks of the whole text are found in one pass and
    handed to their paragraphs, which is much faster than a search for each.
    """
    if style != "double":
        return [
            find_quotes(text, p.start, p.end, style) if p.role is Role.BODY else []
            for p in paragraphs
        ]
    marks = [m.start() for m in DOUBLE_MARKS.finditer(text)]
    result: list[list[Quote]] = []
    position = 0
    for paragraph in paragraphs:
        first = bisect.bisect_left(marks, paragraph.start, position)
        position = bisect.bisect_left(marks, paragraph.end, first)
        if first == position or paragraph.role is not Role.BODY:
            result.append([])
        else:
            result.append(_double_marks(text, marks[first:position], paragraph.end))
    return result


def _double(text: str, start: int, end: int) -> list[Quote]:
    return _double_marks(text, [m.start() for m in DOUBLE_MARKS.finditer(text, start, end)], end)


def _double_marks(text: str, marks: list[int], end: int) -> list[Quote]:
    quotes: list[Quote] = []
    open_at = -1
    for at in marks:
        mark = text[at]
        if open_at < 0:
            if mark not in DOUBLE_CLOSE:
                open_at = at
        elif mark in DOUBLE_OPEN:
            # An opening mark inside a quote: the previous one was never closed.
            quotes.append(_piece(text, open_at, _trim_end(text, open_at, at), False))
            open_at = at
        else:
            quotes.append(_piece(text, open_at, at, True))
            open_at = -1
    if open_at >= 0:
        quotes.append(_piece(text, open_at, _trim_end(text, open_at, end), False))
    return [q for q in quotes if q.end > q.start]


def _trim_end(text: str, begin: int, end: int) -> int:
    while end > begin + 1 and text[end - 1].isspace():
        end -= 1
    return end


def _single(text: str, start: int, end: int) -> list[Quote]:
    candidates = [m.start() for m in SINGLE_MARKS.finditer(text, start, end)]
    quotes: list[Quote] = []
    open_at = -1
    skip_until = start
    for index, at in enumerate(candidates):
        if at < skip_until:
            continue  # the closing mark of an elision such as 'n'
        before = text[at - 1] if at > start else " "
        after = text[at + 1] if at + 1 < end else " "
        if before.isalnum() and after.isalnum():
            continue  # don't, o'clock
        if before.isspace() and (elision := ELISION.match(text, at)):
            skip_until = elision.end()
            continue  # 'cause, rock 'n' roll
        if open_at < 0:
            if _opens(text, at, before, after):
                open_at = at
        elif (not before.isspace() or _after_dash(text, at, start)) and not after.isalnum():
            if _possessive(text, at, before, after, candidates[index + 1 :], end):
                continue  # the wolves' den
            quotes.append(_piece(text, open_at, at, True))
            open_at = -1
    if open_at >= 0:
        quotes.append(_piece(text, open_at, _trim_end(text, open_at, end), False))
    return [q for q in quotes if q.end > q.start]


def _after_dash(text: str, at: int, start: int) -> bool:
    """Whether the mark at ``at`` follows a dash and a space: a line broken
    off ("I've been looking everywhere — ' He stopped.") closes there."""
    return at - 2 >= start and text[at - 2] in "—–-" and text[at - 1] in " \t"


def _opens(text: str, at: int, before: str, after: str) -> bool:
    if before not in _OPEN_CONTEXT or after.isspace():
        return False
    return text[at] in SINGLE_OPEN or not ELISION.match(text, at)


def _possessive(text: str, at: int, before: str, after: str, later: list[int], end: int) -> bool:
    """A plural possessive ("the wolves' den") rather than a closing quote.

    Closing quotes mostly follow punctuation; an apostrophe after an "s" that
    is followed by a lower-case word, with another closing mark still to come,
    is taken as possessive.
    """
    if before not in "sSzZ" or after != " " or at + 2 >= end or not text[at + 2].islower():
        return False
    return any(text[c - 1] not in " \t\n" for c in later)


def _dash(text: str, start: int, end: int) -> list[Quote]:
    if not DASH_DIALOGUE.match(text, start, end):
        return []
    first = start
    while text[first] not in "—―–":
        first += 1
    switches = [first] + [m.start() for m in DASH_SWITCH.finditer(text, first + 1, end)] + [end]
    quotes = []
    for speech_from, speech_to in zip(switches[::2], switches[1::2], strict=False):
        closed = speech_to < end
        quotes.append(_piece(text, speech_from, speech_to if closed else end, False))
    return [q for q in quotes if q.end > q.start]
