"""Plain-text stories: the labelled header some fics open with."""

from __future__ import annotations

from ficlens import analyze_text, read_bytes
from ficlens.model import Metadata, Role
from ficlens.pipeline import run
from ficlens.read.header import read_header

HEADER = """\
**Title:** Lantern Nights
Author: quillpike
Fandom: Original Work, Lighthouse Keepers
Rating: Teen And Up Audiences
Relationships: Pike/Ashdown
Characters: Rowan Pike, Ashdown
Words: 1,204
Summary:
Two keepers,
one storm.

Chapter 1

"Light it," said Rowan Pike.

"It won't take," Ashdown said.
"""


def test_header_fields_go_into_the_metadata() -> None:
    meta, end = read_header(HEADER)
    assert meta.title == "Lantern Nights"
    assert meta.authors == ("quillpike",)
    assert meta.fandoms == ("Original Work", "Lighthouse Keepers")
    assert meta.rating == "Teen And Up Audiences"
    assert meta.relationships == ("Pike/Ashdown",)
    assert meta.characters == ("Rowan Pike", "Ashdown")
    assert meta.words == 1204
    assert meta.summary == "Two keepers, one storm."
    assert HEADER[:end].endswith("one storm.")


def test_story_after_the_header_is_read_as_before() -> None:
    story = read_bytes(HEADER.encode())
    assert story.metadata.title == "Lantern Nights"
    analysed = run(story)
    assert analysed.paragraphs[0].role is Role.NOTE
    assert analysed.text == HEADER  # offsets still index the file
    speakers = [s.speaker for s in analysed.spans if s.kind.value == "speech"]
    assert speakers == [("rowan-pike",), ("ashdown",)]


def test_text_without_a_header_has_none() -> None:
    meta, end = read_header("Note: the lamp.\n\nIt rained all night.")
    assert (meta.title, end) == (None, 0)
    story = analyze_text("Summary: it rained.\nIt rained all night, and then the wind came.")
    assert story.metadata.summary is None


def test_a_summary_stops_where_the_dialogue_starts() -> None:
    body = '"Is it lit?" asked Wren.\n"No," said Pike.\n' * 5
    story = analyze_text("Title: Lantern\nCharacters: Wren, Pike\nSummary: One storm.\n" + body)
    assert story.metadata.summary == "One storm."
    assert {c.id for c in story.characters} == {"wren", "pike"}


def test_labels_a_story_may_open_with_make_no_header() -> None:
    meta, end = read_header("Warning: the bridge was out.\nNote: so was the lamp.\n\nShe left.")
    assert (meta, end) == (Metadata(), 0)
