"""Exports: Fountain reads back, TEI and SSML are well-formed, tables round-trip."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from storybuild import Piece, build, narrate, say, think

from ficlens import analyze
from ficlens.model import Character, Gender, Metadata, SpanKind, Story
from ficlens.write.commands import main
from ficlens.write.fountain import to_fountain
from ficlens.write.ssml import SSML_NS, to_ssml
from ficlens.write.tabular import read_csv, read_jsonl, rows, to_csv, to_jsonl
from ficlens.write.tei import TEI_NS, to_tei

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "the-lantern-keeper.txt"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
CAST = (
    Character("ann", "Ann", gender=Gender.FEMALE),
    Character("bo", "Bo O'Neil", gender=Gender.MALE),
    Character("3x", "3X", gender=Gender.UNKNOWN),
)


def _story() -> Story:
    return build(
        [
            [narrate("INT. the barn was dark. CUT TO:")],
            [say("Hello *there*,", "ann"), narrate("Ann said."), say("Bo?", "ann")],
            [say("Who's there?")],
            [think("Not again.", "bo"), narrate("HELP!")],
            [Piece(SpanKind.MESSAGE, "u ok?", ("3x",), 0.9, "message-sender", ("ann",))],
            [narrate("<script>alert(1)</script> & \x0b done")],
        ],
        scene_starts=(0, 3),
        characters=CAST,
        metadata=Metadata(title="Barn <Night>", authors=("A & B",)),
    )


def _stories() -> list[Story]:
    return [_story(), analyze(EXAMPLE)]


def read_fountain(text: str) -> list[tuple[str, str]]:
    """(cue, dialogue) blocks: a capitals line after a blank, then dialogue lines."""
    body = text.split("\n\n", 1)[1]
    blocks = []
    for block in re.split(r"\n{2,}", body):
        lines = block.split("\n")
        cue = lines[0].removeprefix("@")
        if len(lines) > 1 and not lines[0].startswith("!") and cue == cue.upper():
            blocks.append((cue, " ".join(lines[1:])))
    return blocks


def _unescape(text: str) -> str:
    return re.sub(r"\\([*_\\])", r"\1", text)


@pytest.mark.parametrize("story", _stories(), ids=["hand-built", "lantern-keeper"])
def test_fountain_cues_and_dialogue_read_back(story: Story) -> None:
    names = {c.id: c.name for c in story.characters}
    expected = []
    for span in story.spans:
        if span.kind in (SpanKind.SPEECH, SpanKind.THOUGHT, SpanKind.MESSAGE):
            who = " & ".join(names[s] for s in span.speaker).upper() or "UNKNOWN"
            extension = {"thought": " (V.O.)", "message": " (TEXT)"}.get(span.kind.value, "")
            expected.append((who + extension, " ".join(story.span_text(span).split())))
    found = [(cue, _unescape(words)) for cue, words in read_fountain(to_fountain(story))]
    assert found == expected


def test_fountain_forces_lines_it_would_misread() -> None:
    out = to_fountain(_story())
    assert out.startswith("Title: Barn <Night>\nAuthor: A & B\n")
    assert "\n.SCENE 1 - CHAPTER 1\n" in out and "\n.SCENE 2 - CHAPTER 1\n" in out
    assert "\n!INT. the barn was dark. CUT TO:\n" in out
    assert "\n!HELP!\n" in out
    assert "Hello \\*there\\*," in out
    assert "\n3X (TEXT)\nu ok?\n" in out


def test_fountain_parses_with_screenplain_when_installed() -> None:
    fountain = pytest.importorskip("screenplain.parsers.fountain")
    screenplay = fountain.parse(io.StringIO(to_fountain(_story())))
    kinds = [type(p).__name__ for p in screenplay]
    assert kinds.count("Dialog") == 5
    assert kinds.count("Slug") == 2


@pytest.mark.parametrize("story", _stories(), ids=["hand-built", "lantern-keeper"])
def test_tei_is_well_formed_and_every_who_is_listed(story: Story) -> None:
    root = ET.fromstring(to_tei(story).encode("utf-8"))
    people = {p.get(XML_ID) for p in root.iter(f"{{{TEI_NS}}}person")}
    assert len(people) == len(story.characters)
    said = list(root.iter(f"{{{TEI_NS}}}said"))
    voiced = [
        s for s in story.spans if s.kind in (SpanKind.SPEECH, SpanKind.THOUGHT, SpanKind.MESSAGE)
    ]
    assert len(said) == len(voiced)
    for element, span in zip(said, voiced, strict=True):
        assert element.text == story.span_text(span).replace("\x0b", "")
        for attribute in ("who", "toWhom"):
            for ref in (element.get(attribute) or "").split():
                assert ref.startswith("#") and ref[1:] in people
        assert (element.get("direct") == "false") == (span.kind is SpanKind.THOUGHT)


def test_tei_ids_are_ncnames_and_text_is_escaped() -> None:
    xml = to_tei(_story())
    root = ET.fromstring(xml.encode("utf-8"))
    ids = [p.get(XML_ID) for p in root.iter(f"{{{TEI_NS}}}person")]
    assert ids == ["ann", "bo", "_3x"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in xml
    assert "<script>" not in xml
    said = [s.get("who") for s in root.iter(f"{{{TEI_NS}}}said")]
    assert said == ["#ann", "#ann", None, "#bo", "#_3x"]


@pytest.mark.parametrize("story", _stories(), ids=["hand-built", "lantern-keeper"])
def test_ssml_is_well_formed_with_a_voice_per_character(story: Story) -> None:
    root = ET.fromstring(to_ssml(story).encode("utf-8"))
    assert root.tag == f"{{{SSML_NS}}}speak"
    used: dict[str, set[str]] = {}
    for voice in root.iter(f"{{{SSML_NS}}}voice"):
        used.setdefault(voice.get("name", ""), set()).add("".join(voice.itertext()))
    assert "narrator" in used
    names = [n for n in used if n not in ("narrator", "unknown-speaker")]
    assert len(names) == len(set(names))


def test_ssml_voices_follow_gender() -> None:
    xml = to_ssml(_story())
    assert '<voice name="female-1" gender="female">Hello *there*,</voice>' in xml
    assert '<voice name="unknown-speaker" gender="neutral">Who\'s there?</voice>' in xml
    assert 'name="male-1" gender="male"><prosody volume="soft">Not again.' in xml


@pytest.mark.parametrize("story", _stories(), ids=["hand-built", "lantern-keeper"])
def test_csv_and_jsonl_round_trip(story: Story) -> None:
    assert read_csv(to_csv(story)) == rows(story)
    assert read_jsonl(to_jsonl(story)) == rows(story)
    first = json.loads(to_jsonl(story).splitlines()[0])
    assert set(first) == {"kind", "start", "end", "text", "speaker", "addressee",
                          "confidence", "rule"}  # fmt: skip


@pytest.mark.parametrize("fmt", ["fountain", "tei", "ssml", "csv", "jsonl"])
def test_export_command_writes_each_format(fmt: str, tmp_path: Path) -> None:
    target = tmp_path / f"story.{fmt}"
    assert main(["export", str(EXAMPLE), "--format", fmt, "-o", str(target)]) == 0
    assert target.stat().st_size > 1000
