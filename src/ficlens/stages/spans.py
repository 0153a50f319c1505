"""Type every stretch of every paragraph: speech, thought, message, note...

Decide first (quotes, emphasised thoughts, messages, unmarked thoughts), then
tile each paragraph with spans whose outer ranges cover it exactly; what no
rule claimed is narration.

>>> from ficlens.model import Source, Story
>>> from ficlens.stages.segment import segment
>>> text = '"Hi," she said. *He is lying.*'
>>> story = type_spans(segment(Story(text=text, source=Source(text=text))))
>>> [(s.kind.value, story.span_text(s)) for s in story.spans]
[('speech', 'Hi,'), ('narration', 'she said.'), ('thought', 'He is lying.')]
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

from ficlens.model import Emphasis, Paragraph, Role, Span, SpanKind, Story
from ficlens.options import Options
from ficlens.rules.thoughts import (
    CLAUSE_END,
    EMPHASIS_THOUGHT_MAX_WORDS,
    FIRST_PERSON,
    FIRST_PERSON_NARRATION_SHARE,
    FIRST_SECOND,
    SENTENCE_START_BEFORE,
    THIRD,
)
from ficlens.stages.messages import find_messages
from ficlens.stages.quotes import Quote, detect_style, find_quotes

_ROLE_KIND = {Role.TITLE: SpanKind.TITLE, Role.HEADING: SpanKind.HEADING, Role.NOTE: SpanKind.NOTE}
_DEFAULT = Options()


@dataclass(frozen=True, slots=True)
class _Marked:
    """A stretch a rule claimed, before the paragraph is tiled."""

    kind: SpanKind
    start: int
    end: int
    outer_start: int
    outer_end: int


def type_spans(story: Story, options: Options = _DEFAULT) -> Story:
    """Add ``spans`` to a segmented story."""
    text = story.text
    style = detect_style(text) if options.quote_style == "auto" else options.quote_style
    paragraphs = list(story.paragraphs)
    quotes = [
        find_quotes(text, p.start, p.end, style) if p.role is Role.BODY else []
        for p in paragraphs
    ]
    emphasis = sorted(story.source.emphasis, key=lambda e: e.start)
    emphasis_starts = [e.start for e in emphasis]
    messages = find_messages(text, paragraphs)
    unmarked = options.unmarked_thoughts and not _first_person(text, paragraphs, quotes, options)
    spans: list[Span] = []
    for index, paragraph in enumerate(paragraphs):
        if paragraph.role is not Role.BODY:
            kind = _ROLE_KIND[paragraph.role]
            spans.append(Span(kind, paragraph.start, paragraph.end, paragraph.start,
                              paragraph.end, index))  # fmt: skip
            continue
        if index in messages:
            marked = [_Marked(SpanKind.MESSAGE, m.start, m.end, m.outer_start, m.outer_end)
                      for m in messages[index]]  # fmt: skip
        else:
            lo = bisect.bisect_right(emphasis_starts, paragraph.start) - 1
            hi = bisect.bisect_left(emphasis_starts, paragraph.end)
            inside = [e for e in emphasis[max(lo, 0) : hi] if _within(e, paragraph)]
            marked = _decide(text, paragraph, quotes[index], inside, options, unmarked)
        spans.extend(_tile(text, paragraph, index, marked))
    return replace(story, spans=tuple(spans))


def _within(emphasis: Emphasis, paragraph: Paragraph) -> bool:
    return paragraph.start <= emphasis.outer_start and emphasis.outer_end <= paragraph.end


def _decide(
    text: str,
    paragraph: Paragraph,
    quotes: list[Quote],
    emphasis: list[Emphasis],
    options: Options,
    unmarked: bool,
) -> list[_Marked]:
    marked = [_Marked(SpanKind.SPEECH, q.start, q.end, q.outer_start, q.outer_end) for q in quotes]
    for e in emphasis:
        if e.strong or any(q.outer_start < e.outer_end and e.outer_start < q.outer_end
                           for q in quotes):  # fmt: skip
            continue
        if _emphasis_is_thought(text, paragraph, e):
            marked.append(_Marked(SpanKind.THOUGHT, e.start, e.end, e.outer_start, e.outer_end))
    if not marked and unmarked and _unmarked_thought(text, paragraph, options):
        start, end = paragraph.start, paragraph.end
        marked.append(_Marked(SpanKind.THOUGHT, start, end, start, end))
    marked.sort(key=lambda m: m.outer_start)
    return marked


def _emphasis_is_thought(text: str, paragraph: Paragraph, emphasis: Emphasis) -> bool:
    body = text[emphasis.start : emphasis.end]
    before = text[paragraph.start : emphasis.outer_start]
    after = text[emphasis.outer_end : paragraph.end]
    words = len(body.split())
    if not before.strip(" \t\"'*_") and not after.strip(" \t.,!?…*_"):
        return words <= EMPHASIS_THOUGHT_MAX_WORDS or bool(FIRST_SECOND.search(body))
    if not SENTENCE_START_BEFORE.search(before):
        return False
    return words >= 2 and (bool(CLAUSE_END.search(body)) or words >= 3)


def _unmarked_thought(text: str, paragraph: Paragraph, options: Options) -> bool:
    piece = text[paragraph.start : paragraph.end]
    if len(piece) > options.max_unmarked_thought_words * 12:
        return False
    if len(piece.split()) > options.max_unmarked_thought_words:
        return False
    own = len(FIRST_SECOND.findall(piece))
    return own > 0 and own > len(THIRD.findall(piece))


def _first_person(
    text: str, paragraphs: list[Paragraph], quotes: list[list[Quote]], options: Options
) -> bool:
    """Whether the narration is in the first person.

    Counted over unquoted paragraphs too long to be a thought, so that the
    thoughts themselves do not make a third-person story look first-person;
    a story with too few such paragraphs is judged on all unquoted ones.
    """
    long_words = long_firsts = all_words = all_firsts = 0
    for paragraph, found in zip(paragraphs, quotes, strict=True):
        if paragraph.role is not Role.BODY or found:
            continue
        piece = text[paragraph.start : paragraph.end]
        words = piece.count(" ") + 1
        firsts = len(FIRST_PERSON.findall(piece))
        all_words, all_firsts = all_words + words, all_firsts + firsts
        if words > options.max_unmarked_thought_words:
            long_words, long_firsts = long_words + words, long_firsts + firsts
    if long_words >= 200:
        all_words, all_firsts = long_words, long_firsts
    return all_words > 0 and all_firsts / all_words >= FIRST_PERSON_NARRATION_SHARE


def _tile(text: str, paragraph: Paragraph, index: int, marked: list[_Marked]) -> list[Span]:
    """Spans whose outer ranges cover the paragraph; gaps become narration."""
    pieces: list[list[object]] = []  # [kind, start, end, outer_start, outer_end]
    cursor = paragraph.start
    for m in marked:
        if m.outer_start < cursor:
            continue  # overlaps a stretch already claimed
        _gap(text, pieces, cursor, m.outer_start)
        if pieces and pieces[-1][4] != m.outer_start:
            pieces[-1][4] = m.outer_start
        outer_start = cursor if not pieces else m.outer_start
        pieces.append([m.kind, m.start, m.end, outer_start, m.outer_end])
        cursor = m.outer_end
    _gap(text, pieces, cursor, paragraph.end)
    if pieces:
        pieces[-1][4] = paragraph.end
    return [Span(k, s, e, os, oe, index) for k, s, e, os, oe in pieces]  # type: ignore[arg-type]


def _gap(text: str, pieces: list[list[object]], start: int, end: int) -> None:
    """Narration for ``text[start:end]``, or whitespace joined to a neighbour."""
    if start >= end:
        return
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        if pieces:
            pieces[-1][4] = end
        return
    content_start = start + len(piece) - len(piece.lstrip())
    pieces.append([SpanKind.NARRATION, content_start, content_start + len(stripped), start, end])
