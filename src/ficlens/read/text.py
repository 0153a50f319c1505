"""Plain text and Markdown: decode the bytes, repair mojibake, find emphasis.

For a clean file the story text is exactly the decoded file, so offsets index
the file's characters. Emphasis markers (``*x*``, ``_x_``, ``**x**``) stay in
the text; the ranges they mark are recorded beside it.

>>> src = read_text("She frowned. *He's lying.*".encode())
>>> [src.text[e.start:e.end] for e in src.emphasis]
["He's lying."]
"""

from __future__ import annotations

import re

import ftfy
from charset_normalizer import from_bytes

from ficlens.errors import InputError
from ficlens.model import Emphasis, Source
from ficlens.read.header import read_header
from ficlens.rules.markup import EMPHASIS

# Control characters that never occur in a real story (tab, newlines and form
# feed excluded): a text with many of them is a binary file.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def decode(data: bytes, name: str = "<input>") -> tuple[str, str, tuple[str, ...]]:
    """Decode story bytes; return the text, the encoding and the repairs made.

    >>> decode("donâ€™t".encode())
    ('don’t', 'utf-8', ('mojibake',))
    """
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _detect(data, name)
    if not text or text.isspace():  # not text.strip(): no copy of a big file
        raise InputError(name, "the file has no text")
    sample = text[:65536]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 200):
        raise InputError(name, "this looks like a binary file, not a story")
    repairs: tuple[str, ...] = ()
    fixed = ftfy.fix_encoding(text)
    if fixed != text:
        text, repairs = fixed, ("mojibake",)
    return text, encoding, repairs


# How much more "chaos" (charset-normalizer's measure of implausible
# characters) Windows-1252 may show and still be preferred.
CP1252_CHAOS_MARGIN = 0.2


def _detect(data: bytes, name: str) -> tuple[str, str]:
    """Guess a legacy encoding; Windows-1252 wins among equally good guesses.

    Short Western European texts fit several single-byte code pages equally
    well, and fan fiction that is not UTF-8 is nearly always Windows-1252.
    """
    matches = from_bytes(data[:1_000_000])
    best = matches.best()
    if best is None or best.encoding is None:
        raise InputError(name, "cannot tell the text encoding; is this a story file?")
    encoding = best.encoding
    best_chaos = best.chaos
    for match in matches:
        if (
            "cp1252" in match.could_be_from_charset
            and match.chaos <= best_chaos + CP1252_CHAOS_MARGIN
        ):
            encoding = "cp1252"
            break
    return data.decode(encoding, errors="replace"), encoding


def find_emphasis(text: str) -> tuple[Emphasis, ...]:
    """Markdown-style emphasis ranges, markers excluded from ``start``/``end``.

    >>> [(e.start, e.end, e.strong) for e in find_emphasis("a **b c** _d_")]
    [(4, 7, True), (11, 12, False)]
    """
    if "*" not in text and "_" not in text:
        return ()
    found = []
    position = 0
    while (match := EMPHASIS.search(text, position)) is not None:
        start = match.start()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_*"):
            position = start + 1
            continue
        marker = match.group("marker")
        found.append(
            Emphasis(match.start("body"), match.end("body"), start, match.end(), len(marker) == 2)
        )
        position = match.end()
    return tuple(found)


def read_text(data: bytes, name: str = "<input>", format: str = "text") -> Source:
    """Read plain text or Markdown bytes into a :class:`Source`."""
    text, encoding, repairs = decode(data, name)
    return text_source(text, format, encoding, repairs)


def text_source(
    text: str, format: str = "text", encoding: str = "utf-8", repairs: tuple[str, ...] = ()
) -> Source:
    """A :class:`Source` for decoded text: its emphasis, and the metadata of
    a labelled header ("Title: ...", "Fandom: ...") it opens with."""
    metadata, header_end = read_header(text)
    return Source(
        text=text,
        format=format,
        metadata=metadata,
        emphasis=find_emphasis(text),
        encoding=encoding,
        repairs=repairs,
        header_end=header_end,
    )
