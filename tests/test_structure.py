"""Chapters, scenes and paragraphs over tests/cases/structure.jsonl."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from conftest import load_cases

from ficlens import analyze_text


@pytest.mark.parametrize("case", load_cases("structure.jsonl"))
def test_structure_case(case: dict[str, Any]) -> None:
    story = analyze_text(case["text"])
    assert [c.title for c in story.chapters] == case["chapters"]
    assert len(story.scenes) == case["scenes"]
    assert len(story.paragraphs) == case["paragraphs"]
    if "roles" in case:
        assert [p.role.value for p in story.paragraphs] == case["roles"]


def test_scenes_and_chapters_cover_the_text() -> None:
    text = "Chapter 1\n\nOne.\n\n***\n\nTwo.\n\nChapter 2\n\nThree."
    story = analyze_text(text)
    for parts in (story.chapters, story.scenes):
        assert parts[0].start == 0 and parts[-1].end == len(text)
        for left, right in itertools.pairwise(parts):
            assert left.end == right.start


def test_paragraphs_and_gaps_rebuild_the_text() -> None:
    text = '  Title\r\n\r\nOne line\nwrapped.\n\n\n\n"Two," she said.  \n'
    story = analyze_text(text)
    pieces, cursor = [], 0
    for p in story.paragraphs:
        pieces.append(text[cursor : p.start])
        pieces.append(text[p.start : p.end])
        cursor = p.end
    pieces.append(text[cursor:])
    assert "".join(pieces) == text
    assert all(not text[cursor : p.start].strip() for p in story.paragraphs)


def test_overlong_paragraph_is_cut_at_sentence_ends() -> None:
    from ficlens import Options

    sentence = "The rain fell on the old well. "
    text = sentence * 400
    story = analyze_text(text, Options(max_paragraph_chars=1000))
    assert len(story.paragraphs) > 10
    assert all(p.end - p.start <= 1000 for p in story.paragraphs)
    assert all(story.text[p.end - 1] == "." for p in story.paragraphs)
    rebuilt = "".join(story.text[p.start : p.end] for p in story.paragraphs)
    assert rebuilt.replace(" ", "") == text.replace(" ", "")
