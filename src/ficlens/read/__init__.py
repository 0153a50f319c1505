"""Readers: turn a story file into a :class:`~ficlens.model.Source`.

The format is chosen by sniffing the content; the file name's extension is
only a hint, and ``Options.input_format`` forces a reader.

>>> src = read_bytes(b"Hello there.", "hello.txt")
>>> src.format, src.text
('text', 'Hello there.')
"""

from __future__ import annotations

import os
from pathlib import Path

from ficlens.errors import InputError
from ficlens.model import Source
from ficlens.options import Options
from ficlens.read.text import decode, read_text

__all__ = ["read_bytes", "read_path", "sniff"]

_DEFAULT = Options()

# Magic numbers of files people mistake for stories.
_REFUSED_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "this is a PDF; ficlens reads text, Markdown, HTML and EPUB"),
    (b"\xff\xd8\xff", "this is a JPEG image, not a story"),
    (b"\x89PNG", "this is a PNG image, not a story"),
    (b"GIF8", "this is a GIF image, not a story"),
    (b"\x1f\x8b", "this is a gzip archive; unpack it first"),
    (b"\x7fELF", "this is a program, not a story"),
)

_HTML_MARKERS = ("<html", "<!doctype html", "<body", "<div", "<p>", "<p ", "<br")


def read_path(path: str | os.PathLike[str], options: Options = _DEFAULT) -> Source:
    """Read the story file at ``path``."""
    name = str(path)
    p = Path(path)
    if not p.exists():
        raise InputError(name, "no such file")
    if p.is_dir():
        raise InputError(name, "is a directory, not a story file")
    limit = options.max_input_bytes
    try:
        size = p.stat().st_size
        if size > limit:
            raise InputError(name, f"the file is {size:,} bytes, over the limit of {limit:,}")
        # Read one byte past the limit, never more: a device such as
        # /dev/zero, a pipe or a growing file reports a size it does not keep.
        with p.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        raise InputError(name, f"cannot read the file ({error.strerror})") from None
    if len(data) > limit:
        raise InputError(name, f"the file is over the limit of {limit:,} bytes")
    return read_bytes(data, name, options)


def sniff(data: bytes, name: str = "<input>") -> str:
    """Name the reader for ``data``: text, markdown, html, ao3, ffn or epub.

    >>> sniff(b'<html><div id="preface"></div></html>')
    'ao3'
    >>> sniff(b"# Title", "story.md")
    'markdown'
    """
    if not data:
        raise InputError(name, "the file is empty")
    for magic, reason in _REFUSED_MAGIC:
        if data.startswith(magic):
            raise InputError(name, reason)
    if data.startswith(b"PK\x03\x04"):
        return "epub"
    head = data[:65536].lower()
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<") and any(m.encode() in head for m in _HTML_MARKERS):
        if b'id="preface"' in head or b"archiveofourown.org" in head:
            return "ao3"
        if b"storytext" in head or b"fanfiction.net" in head or b'id="profile_top"' in head:
            return "ffn"
        return "html"
    if name.lower().endswith((".md", ".markdown")):
        return "markdown"
    return "text"


def read_bytes(data: bytes, name: str = "<input>", options: Options = _DEFAULT) -> Source:
    """Read story bytes, sniffing the format unless the options force one."""
    if len(data) > options.max_input_bytes:
        raise InputError(
            name, f"the input is {len(data):,} bytes, over the limit of {options.max_input_bytes:,}"
        )
    fmt = sniff(data, name) if options.input_format == "auto" else options.input_format
    if not data:
        raise InputError(name, "the file is empty")
    if fmt in ("text", "markdown"):
        return read_text(data, name, fmt)
    if fmt == "epub":
        from ficlens.read.epub import read_epub

        return read_epub(data, name, options)
    from ficlens.read.html import read_html

    text, _, repairs = decode(data, name)
    source = read_html(text, name, options, fmt)
    return source if not repairs else _with_repairs(source, repairs)


def _with_repairs(source: Source, repairs: tuple[str, ...]) -> Source:
    from dataclasses import replace

    return replace(source, repairs=source.repairs + repairs)
