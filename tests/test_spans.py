"""Span typing over the conventions in tests/cases/spans.jsonl."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from conftest import load_cases

from ficlens import Options, SpanKind, read_bytes
from ficlens.pipeline import run


def typed(text: str, fmt: str = "text") -> list[list[str]]:
    source = read_bytes(text.encode("utf-8"), "case.txt", Options(input_format=fmt))  # type: ignore[arg-type]
    story = run(source)
    return [
        [span.kind.value, story.span_text(span)]
        for span in story.spans
        if span.kind is not SpanKind.NARRATION
    ]


@pytest.mark.parametrize("case", load_cases("spans.jsonl"))
def test_span_case(case: dict[str, Any]) -> None:
    assert typed(case["text"], case.get("format", "text")) == case["spans"]


@pytest.mark.parametrize("case", load_cases("spans.jsonl"))
def test_spans_tile_paragraphs(case: dict[str, Any]) -> None:
    """Outer ranges cover each paragraph exactly; content lies inside them."""
    story = run(read_bytes(case["text"].encode("utf-8"), "case.txt"))
    by_paragraph: dict[int, list[Any]] = {}
    for span in story.spans:
        by_paragraph.setdefault(span.paragraph, []).append(span)
        assert span.outer_start <= span.start <= span.end <= span.outer_end
    for index, paragraph in enumerate(story.paragraphs):
        spans = by_paragraph[index]
        assert spans[0].outer_start == paragraph.start
        assert spans[-1].outer_end == paragraph.end
        for left, right in itertools.pairwise(spans):
            assert left.outer_end == right.outer_start
