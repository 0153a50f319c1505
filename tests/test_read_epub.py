"""EPUB reader: spine order, chapters, metadata pages, and refusing bad archives.

Each book is zipped in memory by :func:`make_epub` from invented documents.
"""

# HTML and XML fixtures stay on their natural lines.
# ruff: noqa: E501

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ficlens.errors import InputError
from ficlens.options import Options
from ficlens.read import read_bytes, read_path
from ficlens.read.epub import read_epub

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="{opf}" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""

XHTML = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title/><link rel="stylesheet" href="s.css"/></head>
<body>{body}</body></html>"""


@dataclass
class Doc:
    """One manifest item; ``spine`` False keeps it out of the reading order."""

    href: str
    body: str = ""
    media_type: str = "application/xhtml+xml"
    properties: str = ""
    spine: bool = True
    raw: bytes | None = None


@dataclass
class Book:
    docs: list[Doc]
    metadata: str = (
        "<dc:title>Harbor Lights</dc:title><dc:creator>quillpen</dc:creator>"
        "<dc:language>en</dc:language><dc:subject>Fluff</dc:subject><dc:subject>Boats</dc:subject>"
        "<dc:description>&lt;p&gt;Lights in the &lt;b&gt;harbor&lt;/b&gt;.&lt;/p&gt;</dc:description>"
        "<dc:date>2010-06-14T00:00:00+00:00</dc:date>"
        "<dc:source>https://example.org/s/99</dc:source>"
    )
    opf_path: str = "OEBPS/content.opf"
    mimetype: bytes | None = b"application/epub+zip"
    container: str | None = None
    extra: dict[str, bytes] = field(default_factory=dict)


def make_epub(book: Book) -> bytes:
    manifest = "".join(
        f'<item id="i{n}" href="{d.href}" media-type="{d.media_type}"'
        + (f' properties="{d.properties}"' if d.properties else "")
        + "/>"
        for n, d in enumerate(book.docs)
    )
    spine = "".join(f'<itemref idref="i{n}"/>' for n, d in enumerate(book.docs) if d.spine)
    opf = (
        '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
        f'<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">{book.metadata}</metadata>'
        f"<manifest>{manifest}</manifest><spine>{spine}</spine></package>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        if book.mimetype is not None:
            z.writestr("mimetype", book.mimetype, compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", book.container or CONTAINER.format(opf=book.opf_path))
        base = book.opf_path.rpartition("/")[0]
        z.writestr(book.opf_path, opf)
        for doc in book.docs:
            if doc.href.startswith(("/", "..", "http")):
                continue
            path = f"{base}/{doc.href}" if base else doc.href
            z.writestr(path, doc.raw if doc.raw is not None else XHTML.format(body=doc.body))
        for name, data in book.extra.items():
            z.writestr(name, data)
    return buffer.getvalue()


def chapters(*bodies: str) -> list[Doc]:
    return [Doc(f"Text/ch{n}.xhtml", body) for n, body in enumerate(bodies, 1)]


def test_spine_order_chapters_and_dublin_core() -> None:
    docs = [
        Doc(
            "nav.xhtml",
            '<nav><ol><li><a href="Text/ch1.xhtml">One</a></li></ol></nav>',
            properties="nav",
        ),
        Doc("cover.xhtml", '<div><img src="cover.jpg" alt=""/></div>'),
        Doc("cover.jpg", media_type="image/jpeg", spine=False, raw=b"\xff\xd8\xff"),
        *chapters(
            "<h2>Chapter 1: The Lamp</h2><p>The lamp was lit.</p><p><em>Finally,</em> she thought.</p>",
            '<h2 class="chapter">Chapter 2</h2><p>Dawn.</p><hr/><p>Noon.</p>',
        ),
    ]
    src = read_epub(make_epub(Book(docs)), "b.epub")
    m = src.metadata
    assert src.format == "epub" and src.paragraph_breaks
    assert (m.title, m.authors, m.language) == ("Harbor Lights", ("quillpen",), "en")
    assert (m.additional_tags, m.summary) == (("Fluff", "Boats"), "Lights in the harbor.")
    assert (m.published, m.url) == ("2010-06-14", "https://example.org/s/99")
    assert src.text == "The lamp was lit.\n\nFinally, she thought.\n\nDawn.\n\nNoon."
    assert [(h.title, h.start) for h in src.chapter_hints] == [
        ("Chapter 1: The Lamp", 0),
        ("Chapter 2", src.text.index("Dawn")),
    ]
    assert src.break_hints == (src.text.index("Noon"),)
    assert [src.text[e.start : e.end] for e in src.emphasis] == ["Finally,"]


def test_spine_order_not_manifest_order() -> None:
    docs = [Doc("b.xhtml", "<p>Second.</p>", spine=False), Doc("a.xhtml", "<p>First.</p>")]
    data = _rewrite(
        make_epub(Book(docs)),
        "OEBPS/content.opf",
        lambda opf: opf.replace(
            b'<itemref idref="i1"/>', b'<itemref idref="i1"/><itemref idref="i0"/>'
        ),
    )
    assert read_epub(data).text == "First.\n\nSecond."


def test_table_of_contents_page_is_skipped() -> None:
    toc = '<h1>Contents</h1><p><a href="ch1.xhtml">Chapter 1</a></p><p><a href="ch2.xhtml">Chapter 2</a></p>'
    src = read_epub(make_epub(Book([Doc("toc.xhtml", toc), *chapters("<p>Body.</p>")])))
    assert src.text == "Body."


def test_stylesheet_italic_class_is_emphasis() -> None:
    css = b".calibre5 { font-style: italic } p.calibre7, .x .bold3 { font-weight: bold }"
    docs = [
        Doc("s.css", media_type="text/css", spine=False, raw=css),
        *chapters('<p><span class="calibre5">Quiet.</span> <span class="bold3">Loud.</span></p>'),
    ]
    src = read_epub(make_epub(Book(docs)))
    assert [(src.text[e.start : e.end], e.strong) for e in src.emphasis] == [
        ("Quiet.", False),
        ("Loud.", True),
    ]


def test_non_xhtml_spine_items_are_skipped() -> None:
    docs = [Doc("pic.png", media_type="image/png", raw=b"\x89PNG"), *chapters("<p>Words.</p>")]
    assert read_epub(make_epub(Book(docs))).text == "Words."


def test_ao3_epub_with_renamed_classes() -> None:
    preface = """<div id="preface"><h2 class="toc-heading1">Preface</h2>
      <div class="meta1"><dl class="tags1">
        <dt class="calibre2">Rating:</dt><dd class="calibre3"><a>Teen And Up Audiences</a></dd>
        <dt>Fandom:</dt><dd><a>Lantern Sea (TV)</a></dd>
        <dt>Characters:</dt><dd><a>Mara Quill</a>, <a>Tobin Reyes</a></dd>
        <dt>Stats:</dt><dd>Published: 2021-03-01 Words: 900 Chapters: 2/2</dd></dl>
      <h1 class="calibre4">Harbor Lights</h1><div class="byline1">by <a rel="author">quillpen</a></div>
      <p>Summary</p><blockquote class="userstuff1"><p>A summary.</p></blockquote></div></div>"""
    chapter_one = """<div class="userstuff2"><div class="meta1 group1"><h2 class="heading1">Chapter 1: Out</h2>
      <p>Chapter Notes</p><blockquote class="userstuff1"><p>A chapter note.</p></blockquote></div>
      <div class="userstuff1"><p>They left.</p></div></div>"""
    chapter_two = """<div class="userstuff2"><div class="meta1 group1"><h2 class="heading1">Chapter 2: Back</h2></div>
      <div class="userstuff1"><p>They returned.</p></div></div>"""
    afterword = """<div id="afterword"><h2 class="toc-heading1">Afterword</h2><div class="meta1">
      <div id="endnotes"><p>End Notes</p><blockquote class="userstuff1"><p>The end note.</p></blockquote>
      </div></div><p class="message1">Please drop by the archive and comment.</p></div>"""
    docs = chapters(preface, chapter_one, chapter_two, afterword)
    src = read_epub(make_epub(Book(docs)))
    m = src.metadata
    assert (m.rating, m.fandoms, m.characters) == (
        "Teen And Up Audiences",
        ("Lantern Sea (TV)",),
        ("Mara Quill", "Tobin Reyes"),
    )
    assert (m.title, m.authors, m.words, m.chapters) == ("Harbor Lights", ("quillpen",), 900, "2/2")
    assert m.summary == "A summary."
    assert set(m.notes) == {"A chapter note.", "The end note."}
    assert src.text == "They left.\n\nThey returned."
    assert [(h.title, h.start) for h in src.chapter_hints] == [
        ("Chapter 1: Out", 0),
        ("Chapter 2: Back", src.text.index("They returned")),
    ]


def test_fanficfare_title_page_gives_metadata() -> None:
    title_page = """<h3><a href="https://example.org/s/99">Harbor Lights</a> by <a class="authorurl">quillpen</a></h3>
      <div><b>Category:</b> Lantern Sea<br/><b>Genre:</b> Romance, Drama<br/><b>Language:</b> English<br/>
      <b>Characters:</b> Mara Q., Tobin R.<br/><b>Status:</b> Completed<br/><b>Published:</b> 2010-06-14<br/>
      <b>Packaged:</b> 2024-01-01<br/><b>Rating:</b> T<br/><b>Chapters:</b> 2<br/><b>Words:</b> 1,234<br/>
      <b>Summary:</b> Lights in the harbor.<br/></div>"""
    docs = [Doc("title_page.xhtml", title_page), *chapters("<h3>Chapter 1</h3><p>Only text.</p>")]
    src = read_epub(make_epub(Book(docs, metadata="<dc:title>Harbor Lights</dc:title>")))
    m = src.metadata
    assert (m.fandoms, m.rating, m.characters) == (("Lantern Sea",), "T", ("Mara Q.", "Tobin R."))
    assert (m.additional_tags, m.words, m.published) == (("Romance", "Drama"), 1234, "2010-06-14")
    assert m.summary == "Lights in the harbor."
    assert src.text == "Only text."
    assert src.chapter_hints[0].title == "Chapter 1"


def test_fanficfare_table_title_page() -> None:
    table = """<table><tr><td><b>Category:</b></td><td>Lantern Sea</td></tr>
      <tr><td><b>Rating:</b></td><td>M</td></tr><tr><td><b>Words:</b></td><td>50</td></tr></table>"""
    src = read_epub(make_epub(Book([Doc("info.xhtml", table), *chapters("<p>Story.</p>")])))
    assert (src.metadata.fandoms, src.metadata.rating, src.metadata.words) == (
        ("Lantern Sea",),
        "M",
        50,
    )
    assert src.text == "Story."


def test_plain_title_page_repeating_the_book_is_skipped() -> None:
    docs = [
        Doc("title.xhtml", "<h1>Harbor Lights</h1><p>by quillpen</p>"),
        *chapters("<p>Story.</p>"),
    ]
    assert read_epub(make_epub(Book(docs))).text == "Story."


def test_long_heading_is_text_not_a_chapter_title() -> None:
    long = "A" * 200
    src = read_epub(make_epub(Book(chapters(f"<h2>{long}</h2><p>Story.</p>"))))
    assert (src.text, src.chapter_hints) == (f"{long}\n\nStory.", ())


def test_self_closing_tags_and_entities_in_xhtml() -> None:
    body = '<p>Tom &amp; Jerry&#8217;s <a id="x"/>boat.</p><div/><p>Next.</p>'
    assert read_epub(make_epub(Book(chapters(body)))).text == "Tom & Jerry’s boat.\n\nNext."


def test_opf_at_archive_root_and_percent_encoded_href() -> None:
    data = make_epub(Book([Doc("my%20chapter.xhtml", "<p>Root.</p>")], opf_path="content.opf"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(buffer, "w") as new:
        for info in old.infolist():
            name = "my chapter.xhtml" if info.filename == "my%20chapter.xhtml" else info.filename
            new.writestr(name, old.read(info))
    assert read_epub(buffer.getvalue()).text == "Root."


def test_read_bytes_and_read_path_sniff_epub(tmp_path: Path) -> None:
    data = make_epub(Book(chapters("<p>Sniffed.</p>")))
    assert read_bytes(data, "b.epub").text == "Sniffed."
    path = tmp_path / "book.epub"
    path.write_bytes(data)
    assert read_path(path).format == "epub"


def test_entity_expansion_in_opf_is_not_followed() -> None:
    bomb = (
        '<!DOCTYPE package [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
    )
    data = make_epub(Book(chapters("<p>Safe.</p>"), metadata="<dc:title>&d;</dc:title>"))
    data = _rewrite(
        data,
        "OEBPS/content.opf",
        lambda opf: opf.replace(b"<package", bomb.encode() + b"<package", 1),
    )
    src = read_epub(data)
    assert src.text == "Safe."
    assert len(src.metadata.title or "") < 100


# --- Refusals --------------------------------------------------------------------


def _rewrite(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(buffer, "w") as new:
        for info in old.infolist():
            content = old.read(info)
            new.writestr(info.filename, change(content) if info.filename == name else content)
    return buffer.getvalue()


def _without(data: bytes, name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(buffer, "w") as new:
        for info in old.infolist():
            if info.filename != name:
                new.writestr(info.filename, old.read(info))
    return buffer.getvalue()


GOOD = make_epub(Book(chapters("<p>Fine.</p>")))

REFUSALS = [
    pytest.param(b"PK\x03\x04 not really a zip", {}, "not a valid EPUB \\(not a zip archive\\)", id="not-a-zip"),
    pytest.param(_without(GOOD, "META-INF/container.xml"), {}, "no META-INF/container.xml", id="no-container"),
    pytest.param(
        make_epub(Book(chapters("<p>x</p>"), container="<container><rootfiles/></container>")),
        {}, "no package \\(OPF\\) file", id="container-without-rootfile",
    ),
    pytest.param(_without(GOOD, "OEBPS/content.opf"), {}, "no package \\(OPF\\) file", id="missing-opf"),
    pytest.param(
        _rewrite(GOOD, "OEBPS/content.opf", lambda b: b[:-20]), {}, "content.opf is not well-formed XML",
        id="malformed-opf",
    ),
    pytest.param(
        _rewrite(GOOD, "META-INF/container.xml", lambda b: b"<container><rootfiles>"), {},
        "container.xml is not well-formed XML", id="malformed-container",
    ),
    pytest.param(make_epub(Book([Doc("../../outside.xhtml")])), {}, "outside the archive", id="dotdot-href"),
    pytest.param(make_epub(Book([Doc("/etc/passwd")])), {}, "outside the archive", id="absolute-href"),
    pytest.param(make_epub(Book([Doc("http://example.org/x.xhtml")])), {}, "outside the archive", id="url-href"),
    pytest.param(
        make_epub(Book(chapters("<p>x</p>"), opf_path="../content.opf")), {}, "outside the archive",
        id="dotdot-opf",
    ),
    pytest.param(GOOD, {"max_archive_files": 3}, "over the limit of 3", id="too-many-files"),
    pytest.param(GOOD, {"max_archive_bytes": 100}, "unpacks to more than 100 bytes", id="too-big"),
    pytest.param(make_epub(Book(chapters("<p>*</p>", "<div><img src='x.png'/></div>"))), {},
                 "the EPUB has no story text", id="no-text"),
    pytest.param(make_epub(Book([Doc("pic.png", media_type="image/png", raw=b"\x89PNG")])), {},
                 "the EPUB has no story text", id="only-images"),
    pytest.param(make_epub(Book(chapters("<p>x</p>"), mimetype=b"application/zip")), {},
                 "is not an EPUB", id="wrong-mimetype"),
    pytest.param(_without(make_epub(Book([Doc("gone.xhtml")])), "OEBPS/gone.xhtml"), {},
                 "does not contain it", id="missing-doc"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "limits", "reason"), REFUSALS)
def test_refusals(data: bytes, limits: dict[str, int], reason: str) -> None:
    with pytest.raises(InputError, match=reason) as caught:
        read_epub(data, "bad.epub", Options(**limits))  # type: ignore[arg-type]
    assert caught.value.path == "bad.epub"
    assert "\n" not in caught.value.reason  # one sentence


def test_actual_reads_are_bounded_even_if_sizes_lie() -> None:
    data = make_epub(Book(chapters("<p>" + "word " * 5000 + "</p>")))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        declared = sum(i.file_size for i in z.infolist())
    # Declared sizes fit; shrink the central directory's claim for the chapter.
    chapter = next(
        i for i in zipfile.ZipFile(io.BytesIO(data)).infolist() if i.filename.endswith("ch1.xhtml")
    )
    lie = chapter.file_size.to_bytes(4, "little")
    patched = data[::-1].replace(lie[::-1], (100).to_bytes(4, "little")[::-1], 1)[::-1]
    with pytest.raises(InputError, match=r"unpacks to more than|damaged"):
        read_epub(patched, "lying.epub", Options(max_archive_bytes=declared))
