"""EPUB books: the spine's XHTML documents, in order, as one story.

The archive is opened with :mod:`zipfile` and checked before anything is
read: entry count and declared sizes against the options' limits, every
read bounded again, every path kept inside the archive. ``container.xml``
and the OPF package are parsed by lxml with entities, DTDs and the network
turned off. Chapter documents are read with the HTML machinery; AO3's and
FanFicFare's information pages give metadata instead of story text.

>>> import io, zipfile
>>> buffer = io.BytesIO()
>>> with zipfile.ZipFile(buffer, "w") as z:
...     z.writestr("META-INF/container.xml", '<container><rootfiles><rootfile full-path="b.opf"/>'
...                '</rootfiles></container>')
...     z.writestr("b.opf", '<package><metadata><title>T</title></metadata><manifest>'
...                '<item id="c" href="c.xhtml" media-type="application/xhtml+xml"/></manifest>'
...                '<spine><itemref idref="c"/></spine></package>')
...     z.writestr("c.xhtml", "<html><body><h1>One</h1><p>Hi.</p></body></html>")
>>> src = read_epub(buffer.getvalue())
>>> src.text, src.metadata.title, src.chapter_hints[0].title
('Hi.', 'T', 'One')
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from dataclasses import fields, replace
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ficlens.errors import InputError
from ficlens.model import Metadata, Source
from ficlens.options import Options
from ficlens.read.ao3 import read_ao3
from ficlens.read.epub_package import Archive, Package, read_package
from ficlens.read.htmldepth import bound_depth
from ficlens.read.htmltext import Style, TextBuilder, inline_text, node_text
from ficlens.rules.html import FANFICFARE_FIELDS, FANFICFARE_LABEL, ITALIC_STYLE, STRONG_STYLE

__all__ = ["read_epub"]

_DEFAULT = Options()

# The signature that opens each entry of a zip's central directory.
_CENTRAL_ENTRY = b"PK\x01\x02"

# Spine media types that hold text; images, audio and fonts are skipped.
_TEXT_TYPES = frozenset({"application/xhtml+xml", "text/html", "application/html"})

# XHTML self-closing tags an HTML parser would leave open: "<title/>" would
# swallow the whole document. Void elements are fine as they are.
_SELF_CLOSING = re.compile(
    r"<(?!(?:area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr)\b)"
    r"([A-Za-z][\w:.-]*)((?:\s[^<>]*?)?)/>"
)

# A table of contents: most of its text is link text.
_TOC_LINK_SHARE = 0.8

# Headings not inside another heading (each is measured once).
_OUTER_HEADINGS = ":is(h1, h2, h3):not(:is(h1, h2, h3) *)"

# A heading longer than this is a paragraph, not a chapter title.
_MAX_HEADING = 120

# FanFicFare's information pages; they never hold story text.
_FANFICFARE_PAGES = re.compile(r"(?:^|/)(?:title_page|log_page)\.x?html?$", re.IGNORECASE)
_MIN_LABEL_LINES = 3


def read_epub(data: bytes, name: str = "<input>", options: Options = _DEFAULT) -> Source:
    """Read an EPUB's bytes into a :class:`Source` (see the module example)."""
    # zipfile builds an object per central-directory entry before anything
    # can be counted: millions of tiny entries cost gigabytes. Every entry
    # starts with this signature, so its count bounds theirs.
    entries = data.count(_CENTRAL_ENTRY)
    if entries > options.max_archive_files:
        raise InputError(
            name,
            f"the EPUB has up to {entries:,} files,"
            f" over the limit of {options.max_archive_files:,}",
        )
    try:
        archive_file = zipfile.ZipFile(io.BytesIO(data))
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ValueError,
        OSError,
        EOFError,
        NotImplementedError,
        struct.error,
    ):
        raise InputError(name, "is not a valid EPUB (not a zip archive)") from None
    with archive_file:
        archive = Archive(archive_file, name, options)
        package = read_package(archive)
        style = _style(archive, package)
        builder = TextBuilder(options, style)
        site: list[Metadata] = []
        for path, media_type, properties in package.spine:
            if media_type not in _TEXT_TYPES or "nav" in properties:
                continue
            body = _body(archive.read(path), options)
            if body is not None:
                _add_document(builder, body, path, package.metadata, site)
    converted = builder.build()
    if not converted.text:
        raise InputError(name, "the EPUB has no story text")
    metadata = package.metadata
    for found in site:
        metadata = _merge(found, metadata)
    return Source(
        text=converted.text,
        format="epub",
        metadata=metadata,
        emphasis=converted.emphasis,
        chapter_hints=converted.chapter_hints,
        break_hints=converted.break_hints,
        paragraph_breaks=True,
    )


def _add_document(
    builder: TextBuilder, body: LexborNode, path: str, book: Metadata, site: list[Metadata]
) -> None:
    """Add one spine document's text, or collect the metadata it shows."""
    layout = read_ao3(body)
    if layout is not None:
        site.append(layout.metadata)
        for part in layout.parts:
            if part.chapter:
                builder.chapter(part.chapter)
            if part.node is not None:
                builder.add(part.node)
        return
    info = _fanficfare_metadata(body, path)
    if info is not None:
        site.append(info)
        return
    if _is_contents(body) or _is_title_page(body, book):
        return
    heading = _chapter_heading(body)
    if heading is not None:
        title = inline_text(heading)
        heading.decompose()  # the chapter hint carries it; the text does not repeat it
        builder.chapter(title)
    builder.add(body)


def _body(raw: bytes, options: Options) -> LexborNode | None:
    text = _SELF_CLOSING.sub(r"<\1\2></\1>", _decode(raw))
    tree = LexborHTMLParser(bound_depth(text, options.max_html_depth))
    return tree.body


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    declared = re.match(rb"\s*<\?xml[^>]*encoding\s*=\s*[\"']([\w.:-]+)", raw[:300])
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        return raw.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return raw.decode("utf-8", errors="replace")


def _chapter_heading(body: LexborNode) -> LexborNode | None:
    """The first h1-h3 before any other text, when it is short enough to be a title."""
    for node in body.traverse(include_text=True):
        if node.tag in ("h1", "h2", "h3"):
            text = inline_text(node)
            return node if text and len(text) <= _MAX_HEADING else None
        if node.tag == "-text" and (node.text_content or "").strip():
            return None
    return None


def _is_contents(body: LexborNode) -> bool:
    """A table of contents: several links and little else besides headings."""
    links = body.css("a")
    if len(links) < 2:
        return False
    headings = sum(len(inline_text(h)) for h in body.css(_OUTER_HEADINGS))
    total = len(inline_text(body)) - headings
    linked = sum(len(inline_text(a)) for a in links)
    return total > 0 and linked >= total * _TOC_LINK_SHARE


def _is_title_page(body: LexborNode, book: Metadata) -> bool:
    """A page that only repeats the book's title and authors."""
    known = {(book.title or "").lower(), *(a.lower() for a in book.authors)}
    known |= {f"by {a.lower()}" for a in book.authors}
    lines = [line.strip().lower() for line in node_text(body).splitlines() if line.strip()]
    return bool(lines) and bool(book.title) and all(line in known for line in lines)


def _fanficfare_metadata(body: LexborNode, path: str) -> Metadata | None:
    """Metadata from FanFicFare's title page ("Rating: T" lines), else None."""
    lines = [line.strip() for line in node_text(body).splitlines() if line.strip()]
    labelled = [FANFICFARE_LABEL.fullmatch(line) for line in lines]
    if (
        not _FANFICFARE_PAGES.search(path)
        and sum(m is not None for m in labelled) < _MIN_LABEL_LINES
    ):
        return None
    found: dict[str, Any] = {}
    for index, match in enumerate(labelled):
        if match is None:
            continue
        field = FANFICFARE_FIELDS.get(match.group(1).lower())
        value = match.group(2).strip()
        if not value and index + 1 < len(lines) and labelled[index + 1] is None:
            value = lines[index + 1]  # table layout: the value is the next cell
        if field is None or not value or field in found:
            continue
        if field == "words":
            digits = re.sub(r"[,.\s]", "", value)
            found[field] = int(digits) if digits.isdigit() else None
        elif field in ("rating", "language", "published", "updated", "chapters", "summary", "url"):
            found[field] = value
        else:
            found[field] = tuple(v.strip() for v in value.split(",") if v.strip())
    return Metadata(**found)


def _merge(preferred: Metadata, fallback: Metadata) -> Metadata:
    """Fields of ``preferred`` where it has them, else those of ``fallback``."""
    chosen = {
        f.name: getattr(preferred, f.name) or getattr(fallback, f.name) for f in fields(Metadata)
    }
    chosen["notes"] = tuple(dict.fromkeys(preferred.notes + fallback.notes))
    return replace(fallback, **chosen)


def _css_rules(css: str) -> list[tuple[str, str]]:
    """(selectors, declarations) of each innermost ``{...}`` block, in one pass.

    A regex such as ``([^{}]*)\\{([^{}]*)\\}`` retries from every character of
    a stylesheet without braces: quadratic, hours on one megabyte.

    >>> _css_rules("p { margin: 0 } @media print { .i { font-style: italic } } x")
    [('p ', ' margin: 0 '), (' .i ', ' font-style: italic ')]
    >>> _css_rules("a { b } c { d")
    [('a ', ' b ')]
    """
    rules = []
    for chunk in css.split("}")[:-1]:  # the text after the last "}" closes no block
        head, brace, body = chunk.rpartition("{")
        if brace:
            rules.append((head.rpartition("{")[2], body))
    return rules


def _style(archive: Archive, package: Package) -> Style:
    """Classes the book's stylesheets make italic or bold (calibre's ``calibre5``)."""
    italic: set[str] = set()
    strong: set[str] = set()
    for path in package.stylesheets:
        css = archive.read(path).decode("utf-8", errors="replace")
        for selectors, declarations in _css_rules(css):
            target = (
                italic
                if ITALIC_STYLE.search(declarations)
                else strong
                if STRONG_STYLE.search(declarations)
                else None
            )
            if target is None:
                continue
            for selector in selectors.split(","):
                last = selector.strip().split()[-1] if selector.strip() else ""
                target.update(re.findall(r"\.([\w-]+)", last))
    return Style(italic_classes=frozenset(italic), strong_classes=frozenset(strong))
