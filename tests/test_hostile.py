"""Hostile inputs: each ends in one clear error or a correct result, quickly.

The table ``HOSTILE`` names each input, builds it, and says what ficlens must
do: ``Refused(pattern)`` (an :class:`~ficlens.errors.InputError` matching the
pattern) or ``Read(check)`` (a source the check accepts). The same inputs go
through the command line, which must print one line and exit 1 without
touching any file outside its output. Times and memory are measured by
``benchmarks/bench_hostile.py`` and reported in SECURITY.md; nothing here is
timed.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser
from test_properties import assert_spans_tile

from ficlens import analyze_text
from ficlens.cli import build_parser, main, options_from
from ficlens.errors import FiclensError, InputError
from ficlens.model import Source
from ficlens.options import InputFormat, Options
from ficlens.pipeline import run
from ficlens.read import read_bytes
from ficlens.write.report import render_report

SRC = Path(__file__).resolve().parent.parent / "src"

CONTAINER = (
    '<?xml version="1.0"?><container version="1.0" '
    'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
    '<rootfile full-path="{opf}" media-type="application/oebps-package+xml"/>'
    "</rootfiles></container>"
)
OPF = (
    '<?xml version="1.0"?>{doctype}<package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
    '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title></metadata>'
    '<manifest><item id="c" href="{href}" media-type="{media}"/>{more}</manifest>'
    '<spine><itemref idref="c"/></spine></package>'
)
CHAPTER = "<html><body><p>Safe words.</p></body></html>"


def epub(
    *,
    doctype: str = "",
    title: str = "T",
    href: str = "c.xhtml",
    media: str = "application/xhtml+xml",
    opf_path: str = "content.opf",
    container_doctype: str = "",
    chapter: bytes = CHAPTER.encode(),
    extra: dict[str, bytes] | None = None,
    css: bytes | None = None,
) -> bytes:
    """A one-chapter EPUB with the given parts swapped for hostile ones."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        container = CONTAINER.format(opf=opf_path)
        z.writestr(
            "META-INF/container.xml",
            container.replace("<container", container_doctype + "<container", 1),
        )
        more = '<item id="s" href="s.css" media-type="text/css"/>' if css is not None else ""
        z.writestr(
            "content.opf",
            OPF.format(doctype=doctype, title=title, href=href, media=media, more=more),
        )
        if css is not None:
            z.writestr("s.css", css)
        z.writestr("c.xhtml", chapter)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buffer.getvalue()  # fmt: skip


# Nine levels of ten: "&i;" would be a gigabyte of "a".
_LEVELS = list(zip("abcdefgh", "bcdefghi", strict=True))
LAUGHS = (
    '<!DOCTYPE package [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {b} "{f"&{a};" * 10}">' for a, b in _LEVELS)
    + "]>"
)
PARAMETER_LAUGHS = (
    '<!DOCTYPE package [<!ENTITY % pa "aaaaaaaaaa">'
    + "".join(f'<!ENTITY % p{b} "{f"%p{a};" * 10}">' for a, b in _LEVELS)
    + '<!ENTITY big "%pi;">]>'
)
PASSWD = '<!DOCTYPE package [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


def zip_bomb(size: int) -> bytes:
    """An EPUB whose chapter inflates from a few KB to ``size`` bytes."""
    body = b"<html><body><p>" + b" " * size + b"</p></body></html>"
    return epub(chapter=body)


def central_directory_lie(data: bytes, member: str, claimed: int) -> bytes:
    """``data`` with ``member``'s uncompressed size in the central directory set to ``claimed``.

    zipfile trusts the central directory; the bounded reader must not.
    """
    name = member.encode()
    at = data.rindex(b"PK\x01\x02", 0, data.rindex(name) + 1)
    entry = data[at : at + 46]
    assert entry[28:30] == len(name).to_bytes(2, "little")
    patched = entry[:24] + claimed.to_bytes(4, "little") + entry[28:]
    return data[:at] + patched + data[at + 46 :]


def deep_html(depth: int, story: str = ' id="storytext"') -> bytes:
    """``depth`` nested divs, each with a word; the outer one is FFN's story block."""
    inner = "<div>deep " * depth + "bottom" + "</div>" * depth
    return f"<html><body><div{story}>{inner}</div></body></html>".encode()


SCRIPTS = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> "
    '<a href="javascript:alert(3)">x</a> </p></main><script>fetch("https://evil.example")</script> '
    "{{script}} <style>body{display:none}</style> <iframe src=//evil.example></iframe>"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 4


@dataclass(frozen=True)
class Refused:
    """An InputError whose message matches ``pattern``."""

    pattern: str


@dataclass(frozen=True)
class Read:
    """A source; ``check`` says what must hold of it."""

    check: Callable[[Source], bool]


DEFAULT = Options()
OUTSIDE = Refused("outside the archive")


@dataclass(frozen=True)
class Case:
    name: str
    file_name: str
    build: Callable[[], bytes]
    expect: Refused | Read
    options: Options = DEFAULT


def _title_is_short(source: Source) -> bool:
    return len(source.metadata.title or "") < 200 and source.text == "Safe words."


# A bomb of parameter entities dies in the DTD, before any entity is used.
_ENTITY_REFUSAL = "expand without bound|not well-formed"

HOSTILE = [
    Case("zip-bomb", "bomb.epub", lambda: zip_bomb(20_000_000), Refused("unpacks to more than"),
         Options(max_archive_bytes=5_000_000)),
    Case("zip-bomb-lying-size", "lie.epub",
         lambda: central_directory_lie(zip_bomb(2_000_000), "c.xhtml", 100),
         Refused("unpacks to more than|damaged"), Options(max_archive_bytes=1_000_000)),
    Case("billion-laughs-opf", "laughs.epub", lambda: epub(doctype=LAUGHS, title="&i;"),
         Refused("content.opf declares entities that expand without bound")),
    Case("billion-laughs-parameter-entities", "plaughs.epub",
         lambda: epub(doctype=PARAMETER_LAUGHS, title="&big;"), Refused(_ENTITY_REFUSAL)),
    Case("billion-laughs-container-unused", "claughs.epub",
         lambda: epub(container_doctype=LAUGHS.replace("package", "container")),
         Read(_title_is_short)),
    Case("small-entities", "small.epub",
         lambda: epub(doctype='<!DOCTYPE package [<!ENTITY a "aaaa">]>', title="&a;&a;"),
         Read(_title_is_short)),
    Case("xxe-passwd", "xxe.epub",
         lambda: epub(doctype=PASSWD, title="&x;"),
         Read(lambda s: "root:" not in (s.metadata.title or "") and s.text == "Safe words.")),
    Case("xxe-external-dtd", "dtd.epub",
         lambda: epub(doctype='<!DOCTYPE package SYSTEM "file:///etc/passwd">'),
         Read(lambda s: "root:" not in repr(s))),
    Case("xxe-container", "cxxe.epub",
         lambda: epub(container_doctype=PASSWD.replace("package", "container")),
         Read(lambda s: "root:" not in repr(s))),
    Case("path-traversal-href", "dotdot.epub", lambda: epub(href="../../etc/passwd"), OUTSIDE),
    Case("absolute-href", "abs.epub", lambda: epub(href="/etc/passwd"), OUTSIDE),
    Case("file-url-href", "url.epub", lambda: epub(href="file:///etc/passwd"), OUTSIDE),
    Case("absolute-opf-path", "absopf.epub", lambda: epub(opf_path="/content.opf"), OUTSIDE),
    Case("zip-entries-escaping", "slip.epub",
         lambda: epub(extra={"../../escaped.txt": b"x", "/tmp/ficlens-abs.txt": b"x"}),
         Read(lambda s: s.text == "Safe words.")),
    Case("content-type-image", "img.epub", lambda: epub(media="image/jpeg"),
         Refused("no story text")),
    Case("too-many-entries", "many.epub",
         lambda: epub(extra={f"f{i}": b"" for i in range(300)}), Refused("over the limit of 100"),
         Options(max_archive_files=100)),
    Case("single-line-over-limit", "line.txt", lambda: b"word " * 400_000,
         Refused("over the limit"), Options(max_input_bytes=1_000_000)),
    Case("single-line-300k", "line.txt", lambda: b"word " * 60_000,
         Read(lambda s: len(s.text) == 300_000)),
    Case("deep-html-10000", "deep.html", lambda: deep_html(10_000),
         Read(lambda s: s.text.count("deep") == 10_000 and s.text.endswith("bottom"))),
    Case("deep-html-100000", "deeper.html", lambda: deep_html(100_000),
         Read(lambda s: s.text.count("deep") == 100_000)),
    Case("deep-generic-html", "generic.html", lambda: deep_html(10_000, story=""),
         Read(lambda s: s.text.endswith("bottom"))),
    Case("deep-epub-chapter", "deep.epub", lambda: epub(chapter=deep_html(20_000)),
         Read(lambda s: s.text.count("deep") == 20_000)),
    Case("nul-bytes", "nul.txt", lambda: b'"Hi,\x00" she said.\x00\n\nHe\x00 left.',
         Read(lambda s: "\x00" in s.text)),
    Case("all-nul", "zeros.txt", lambda: bytes(4096), Refused("binary file")),
    Case("empty", "empty.txt", lambda: b"", Refused("empty")),
    Case("whitespace-only", "blank.txt", lambda: b" \r\n\t\n", Refused("no text")),
    Case("jpeg-renamed-html", "photo.html", lambda: JPEG, Refused("JPEG")),
    Case("jpeg-forced-html", "photo.html", lambda: JPEG, Refused("encoding|binary|no story text"),
         Options(input_format="html")),
    Case("scripts-everywhere", "xss.html",
         lambda: f"<title>{SCRIPTS}</title><body><p>{SCRIPTS}</p></body>".encode(),
         Read(lambda s: "alert(1)" not in s.text)),
    Case("css-without-braces", "css.epub",
         lambda: epub(css=b"a" * 300_000), Read(lambda s: s.text == "Safe words.")),
]  # fmt: skip


@pytest.mark.parametrize("case", HOSTILE, ids=[case.name for case in HOSTILE])
def test_hostile_input_is_read_or_refused(case: Case) -> None:
    data = case.build()
    if isinstance(case.expect, Refused):
        with pytest.raises(InputError, match=case.expect.pattern) as caught:
            read_bytes(data, case.file_name, case.options)
        assert "\n" not in str(caught.value)
    else:
        source = read_bytes(data, case.file_name, case.options)
        assert case.expect.check(source), source.text[:200]


def _listing(*roots: Path) -> set[str]:
    found = set()
    for root in roots:
        for path in root.rglob("*") if root.name != ".." else root.iterdir():
            found.add(str(path))
    return found


CLI_CASES = [c for c in HOSTILE if c.options == Options()]


@pytest.mark.parametrize("case", CLI_CASES, ids=[c.name for c in CLI_CASES])
def test_cli_gives_one_line_and_touches_nothing_else(case: Case, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    story = work / case.file_name
    story.write_bytes(case.build())
    before = _listing(tmp_path) | {str(p) for p in tmp_path.parent.iterdir()}
    result = subprocess.run(
        [sys.executable, "-m", "ficlens.cli", "analyze", case.file_name, "--format", "json",
         "-o", "out.json"],
        cwd=work, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )  # fmt: skip
    after = _listing(tmp_path) | {str(p) for p in tmp_path.parent.iterdir()}
    if isinstance(case.expect, Refused):
        assert result.returncode == 1
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("ficlens: error:")
        assert re.search(case.expect.pattern, result.stderr)
        assert after == before
    else:
        assert result.returncode == 0, result.stderr
        assert after == before | {str(work / "out.json")}
    assert not Path("/tmp/ficlens-abs.txt").exists()
    assert not (tmp_path.parent / "escaped.txt").exists()


def test_invalid_utf8_at_every_position() -> None:
    story = '"Wait," said Ann. *Not again,* she thought.\r\n\r\nBo\u2019s café — done.'.encode()
    for position in range(len(story) + 1):
        for bad in (b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"):
            data = story[:position] + bad + story[position:]
            try:
                source = read_bytes(data, "bad.txt")
            except FiclensError:
                continue
            story_out = run(source)
            assert story_out.text == source.text


def assert_no_markup_from_the_story(page: str) -> None:
    """Parse the report as a browser would: only the template's own active parts exist."""
    tree = LexborHTMLParser(page)
    scripts = tree.css("script")
    assert [s.attributes.get("type") for s in scripts] == ["application/json", None]
    assert not tree.css("img, iframe, object, embed, form, base, link, meta[http-equiv=refresh]")
    assert len(tree.css("style")) == 1
    for node in tree.root.traverse() if tree.root is not None else []:
        for name, value in node.attributes.items():
            assert not name.lower().startswith("on"), (node.tag, name)
            assert not (value or "").strip().lower().startswith("javascript:"), (node.tag, name)
    csp = tree.css_first('meta[http-equiv="Content-Security-Policy"]')
    assert csp is not None and "default-src 'none'" in (csp.attributes.get("content") or "")


def test_report_shows_scripts_as_text() -> None:
    story = analyze_text(f'{SCRIPTS}\n\n"{SCRIPTS}," said <b>Evil</b>.\n\n*{SCRIPTS}*')
    page = render_report(story)
    assert_no_markup_from_the_story(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    body = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "{{script}}" in body  # placeholders in the story are not filled


def test_scripts_in_an_html_story_reach_the_report_as_text() -> None:
    data = f"<html><body><p>{SCRIPTS}</p><p>&lt;script&gt;alert(4)&lt;/script&gt;</p></body></html>"
    source = read_bytes(data.encode(), "xss.html")
    page = render_report(run(source))
    assert_no_markup_from_the_story(page)
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in page


def test_limits_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = tmp_path / "s.txt"
    story.write_bytes(b"word " * 300_000)
    result = subprocess.run(
        [sys.executable, "-m", "ficlens.cli", "analyze", str(story), "--max-input-mb", "1"],
        capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(SRC)},
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == (
        f"ficlens: error: {story}: the file is 1,500,000 bytes, over the limit of 1,000,000\n"
    )
    for bad in ("0", "-3", "nan", "inf", "lots"):
        with pytest.raises(SystemExit) as usage:
            main(["analyze", str(story), "--max-input-mb", bad])
        assert usage.value.code == 2
        assert "--max-input-mb" in capsys.readouterr().err
    args = build_parser().parse_args(
        ["analyze", "s", "--max-input-mb", "0.5", "--max-html-depth", "9"]
    )
    options = options_from(args)
    assert (options.max_input_bytes, options.max_html_depth) == (500_000, 9)
    assert options_from(build_parser().parse_args(["analyze", "s"])) == Options()


def test_devices_and_pipes_are_read_within_the_limit() -> None:
    from ficlens.read import read_path

    with pytest.raises(InputError, match="over the limit of 1,000"):
        read_path("/dev/zero", Options(max_input_bytes=1_000))


REGRESSION = sorted((Path(__file__).resolve().parent / "regression").glob("*.*"))
REGRESSION = [path for path in REGRESSION if path.suffix != ".md"]


@pytest.mark.parametrize("path", REGRESSION, ids=[path.name for path in REGRESSION])
def test_regression_input(path: Path) -> None:
    """Inputs that once broke a reader (tests/regression/README.md): read or refused."""
    data = path.read_bytes()
    formats: tuple[InputFormat, ...] = ("auto", "text", "markdown", "html", "ao3", "ffn", "epub")
    for fmt in formats:
        try:
            source = read_bytes(data, path.name, Options(input_format=fmt))
        except FiclensError:
            continue
        assert_spans_tile(run(source))


@pytest.mark.parametrize(
    "line",
    ['"Hello," she said. "Yes?" ', "*a* b _c_ ", '"a '],
    ids=["dialogue", "emphasis", "unclosed-quotes"],
)
def test_one_huge_paragraph_is_cut_and_analysed(line: str) -> None:
    """Regression: these once took minutes in span typing and attribution."""
    from ficlens import Options

    text = line * (200_000 // len(line))
    story = analyze_text(text, Options(max_paragraph_chars=20_000))
    assert len(story.paragraphs) >= 10
    assert all(p.end - p.start <= 20_000 for p in story.paragraphs)
    assert_spans_tile(story)
