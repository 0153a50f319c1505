"""The command line: output, JSON schema, and clear errors on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest

from ficlens.cli import build_parser, main
from ficlens.write.json import schema

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "the-lantern-keeper.txt"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ficlens.cli", *args],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_summary_names_the_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    for word in ("Words", "Chapters", "speech", "narration", "thought"):
        assert word in out


def test_json_validates_against_the_schema(tmp_path: Path) -> None:
    target = tmp_path / "story.json"
    assert main(["analyze", str(EXAMPLE), "--format", "json", "-o", str(target)]) == 0
    document = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema())
    text = document["text"]
    assert text == EXAMPLE.read_text(encoding="utf-8")
    for span in document["spans"]:
        assert 0 <= span["outer_start"] <= span["start"] <= span["end"] <= span["outer_end"]
        assert span["end"] <= len(text)


def test_every_command_has_help_and_an_example() -> None:
    parser = build_parser()
    assert parser.epilog and "Example" in parser.epilog
    actions = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    for name, sub in actions[0].choices.items():  # type: ignore[attr-defined]
        assert sub.description, name
        assert sub.epilog and "Example" in sub.epilog, name


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty": tmp_path / "empty.txt",
        "binary": tmp_path / "blob.bin",
        "pdf": tmp_path / "paper.pdf",
        "html without text": tmp_path / "broken.html",
        "epub not a zip": tmp_path / "fake.epub",
        "epub without opf": tmp_path / "noopf.epub",
        "jpeg renamed": tmp_path / "photo.html",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(bytes(range(256)) * 64)
    files["pdf"].write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    files["html without text"].write_bytes(b"<html><body><div><p></div")
    files["epub not a zip"].write_bytes(b"PK\x03\x04 this is not really a zip archive")
    with zipfile.ZipFile(files["epub without opf"], "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr("chapter.xhtml", "<html><body><p>Hi.</p></body></html>")
    files["jpeg renamed"].write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64)
    return files


@pytest.mark.parametrize(
    "kind",
    ["empty", "binary", "pdf", "html without text", "epub not a zip", "epub without opf",
     "jpeg renamed", "missing", "directory"],
)  # fmt: skip
def test_bad_input_is_one_clear_line(kind: str, tmp_path: Path) -> None:
    files = _bad_inputs(tmp_path)
    path = {"missing": tmp_path / "nope.txt", "directory": tmp_path}.get(kind) or files[kind]
    target = tmp_path / "out.json"
    result = run_cli("analyze", str(path), "--format", "json", "-o", str(target))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ficlens: error:")
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.json")]


def test_output_to_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    result = run_cli("analyze", str(EXAMPLE), "-o", str(tmp_path / "no" / "such" / "x.json"))
    assert result.returncode != 0 and "Traceback" not in result.stderr


def test_mojibake_is_repaired_and_recorded(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text('"I donâ€™t know," she said.', encoding="utf-8")
    result = run_cli("analyze", str(path), "--format", "json")
    document = json.loads(result.stdout)
    assert document["text"] == '"I don’t know," she said.'
    assert document["source"]["repairs"] == ["mojibake"]


def test_other_encodings_are_detected(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    text = '"Café au lait," she said. "Déjà vu, encore une fois, mon ami."\n' * 5
    path.write_bytes(text.encode("cp1252"))
    document = json.loads(run_cli("analyze", str(path), "--format", "json").stdout)
    assert document["text"] == text


def test_bom_is_dropped_and_offsets_index_the_text(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b'\xef\xbb\xbf"Hi," she said.\r\n')
    document = json.loads(run_cli("analyze", str(path), "--format", "json").stdout)
    assert document["text"] == '"Hi," she said.\r\n'
    speech = next(s for s in document["spans"] if s["kind"] == "speech")
    assert document["text"][speech["start"] : speech["end"]] == "Hi,"


def test_cast_file_names_every_speaker(tmp_path: Path) -> None:
    cast = tmp_path / "cast.json"
    cast.write_text(
        json.dumps(
            [
                {"name": "Mira", "aliases": [], "gender": "female"},
                {"name": "Tobias", "gender": "male"},
                {"name": "Hesper", "aliases": ["the old keeper"], "gender": "female"},
            ]
        ),
        encoding="utf-8",
    )
    result = run_cli("analyze", str(EXAMPLE), "--format", "json", "--cast", str(cast))
    document = json.loads(result.stdout)
    assert {c["name"] for c in document["characters"]} == {"Mira", "Tobias", "Hesper"}
    ids = {c["id"] for c in document["characters"]}
    for span in document["spans"]:
        assert set(span["speaker"]) <= ids
        assert set(span["addressee"]) <= ids


@pytest.mark.parametrize(
    "content",
    ["not json", "{}", "[]", '[{"aliases": []}]', '[{"name": "A", "gender": "robot"}]'],
)
def test_bad_cast_file_is_one_clear_line(content: str, tmp_path: Path) -> None:
    cast = tmp_path / "cast.json"
    cast.write_text(content, encoding="utf-8")
    result = run_cli("analyze", str(EXAMPLE), "--cast", str(cast))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.startswith("ficlens: error:")


def test_lines_show_speaker_and_evidence() -> None:
    result = run_cli("analyze", str(EXAMPLE), "--lines")
    assert result.returncode == 0
    assert "because explicit-tag" in result.stdout
