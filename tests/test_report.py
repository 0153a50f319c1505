"""The HTML report without a browser: view model, escaping, CSP, no network."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from storybuild import attributed_story, build, say, xss_story

from ficlens.write.commands import main
from ficlens.write.report import render_report
from ficlens.write.report_model import build_view

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "the-lantern-keeper.txt"


def test_speakers_get_palette_classes_by_cast_position() -> None:
    view = build_view(attributed_story())
    assert [c["name"] for c in view["cast"]] == ["Mira", "Tobias"]
    assert [c["colour"] for c in view["cast"]] == ["c0", "c1"]
    marked = [
        piece
        for chapter in view["chapters"]
        for scene in chapter["scenes"]
        for paragraph in scene["paragraphs"]
        for piece in paragraph["pieces"]
        if "line" in piece
    ]
    assert [p["classes"] for p in marked] == [
        "s sp c1 k1", "s sp c0 k0", "s th c0 k0", "s sp c1 k1 low", "s sp cu",
    ]  # fmt: skip
    assert [p["line"] for p in marked] == [0, 1, 2, 3, 4]
    assert view["lines"][0] == {
        "kind": "speech", "speakers": [1], "addressees": [], "confidence": 0.9,
        "rule": "explicit-tag", "evidence": None,
    }  # fmt: skip


def test_pieces_join_back_into_each_paragraph() -> None:
    story = attributed_story()
    view = build_view(story)
    paragraphs = [p for c in view["chapters"] for s in c["scenes"] for p in s["paragraphs"]]
    for paragraph, source in zip(paragraphs, story.paragraphs, strict=True):
        joined = "".join(piece["text"] for piece in paragraph["pieces"])
        assert joined.replace("*", "") == story.text[source.start : source.end].replace("*", "")


def test_every_attack_is_escaped_and_nothing_executable_is_added() -> None:
    page = render_report(xss_story())
    assert page.count("<script") == 2  # the JSON data and the report's own script
    assert page.count("</script>") == 2
    assert page.count("</style>") == 1
    for tag in ("<img", "<svg onload", "<b>"):
        assert tag not in page
    assert "onerror=alert" in page  # as text, inside escaped markup only
    assert not re.search(r"<[^>]*\son\w+=", page)
    assert not re.search(r"""(?:href|src)=["']?javascript:""", page)
    assert "{{" not in page.replace("{{script}}", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    title = re.search(r"<title>(.*?)</title>", page)
    assert title and "&lt;script&gt;" in title.group(1)


def test_script_data_is_json_that_cannot_close_its_element() -> None:
    page = render_report(xss_story())
    data = re.search(r'<script type="application/json" id="ficlens-data">(.*?)</script>', page)
    assert data is not None
    assert "<" not in data.group(1) and ">" not in data.group(1) and "&" not in data.group(1)
    parsed = json.loads(data.group(1))
    assert parsed["cast"][0]["name"].startswith("<script>")


def test_csp_forbids_the_network_and_allows_only_the_reports_own_code() -> None:
    page = render_report(attributed_story())
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert csp is not None
    policy = csp.group(1).replace("&#x27;", "'")
    assert policy.startswith("default-src 'none';")
    for element, directive in (("style", "style-src"), ("script", "script-src")):
        body = re.findall(rf"<{element}>(.*?)</{element}>", page, re.S)
        assert len(body) == 1
        digest = base64.b64encode(hashlib.sha256(body[0].encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in policy
    assert not re.search(r"https?://|//[a-z]", page.replace("xmlns", ""))


def test_report_has_the_panels_charts_and_checks() -> None:
    page = render_report(attributed_story())
    for marker in ('class="cast"', 'data-k="0"', "<svg", "Who talks to whom", "Emotion arc",
                   "Point of view: unknown", "Writer's checks", 'href="#l4"'):  # fmt: skip
        assert marker in page, marker


def test_report_without_speakers_shows_unknown_lines() -> None:
    story = build([[say("Hi.")], [say("Hello.")]])
    view = build_view(story)
    assert view["cast"] == []
    page = render_report(story)
    assert 'class="s sp cu"' in page
    assert "every line shows as unknown" in page


def test_report_command_writes_one_file(tmp_path: Path) -> None:
    target = tmp_path / "story.html"
    assert main(["report", str(EXAMPLE), "-o", str(target)]) == 0
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "The Lantern Keeper" in page


def test_missing_story_is_one_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "no-such-story.txt"]) == 1
    assert capsys.readouterr().err.startswith("ficlens: error: no-such-story.txt")
