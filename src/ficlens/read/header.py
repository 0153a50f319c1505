"""The labelled header some plain-text fics open with.

Fics copied out of an archive or posted to a journal often start with lines
such as "Title: ...", "Fandom: ...", "Pairing: ...", "Rating: ...", and a
summary that may run over several lines. Those lines describe the story
rather than tell it: they go into :class:`~ficlens.model.Metadata`, and the
story is taken to begin after them. The text itself is left as it is, so
offsets still index the file.

>>> meta, end = read_header("Title: Ash\\nFandom: Some Show\\nRating: T\\n\\nIt rained.")
>>> meta.title, meta.fandoms, meta.rating, end
('Ash', ('Some Show',), 'T', 38)
"""

from __future__ import annotations

import re
from typing import Any

from ficlens.model import Metadata
from ficlens.read.ao3 import parse_words
from ficlens.rules.dialogue import CHAT_LINE
from ficlens.rules.html import AO3_LABELS
from ficlens.rules.structure import CHAPTER_HEADING, NOTE_START

# Header labels (lowercased, without a plural "s") and the Metadata field
# each fills; None for labels that belong to a header but not to the model.
HEADER_LABELS: dict[str, str | None] = {
    **AO3_LABELS,  # "Fandom", "Rating", "Relationship", "Character"...
    "title": "title",
    "story title": "title",
    "author": "authors",
    "by": "authors",
    "writer": "authors",
    "rated": "rating",
    "pairing": "relationships",
    "ship": "relationships",
    "tag": "additional_tags",
    "genre": "additional_tags",
    "published": "published",
    "posted": "published",
    "updated": "updated",
    "completed": "updated",
    "word": "words",
    "word count": "words",
    "chapter": "chapters",
    "summary": "summary",
    "note": "notes",
    "author's note": "notes",
    "a/n": "notes",
    "disclaimer": "notes",
    "series": None,
    "status": None,
    "beta": None,
    "beta reader": None,
    "prompt": None,
    "spoiler": None,
    "timeline": None,
}
# A labelled line: the label, maybe bold or italic, a colon, then a value.
_LABELLED = re.compile(
    r"[ \t]*(?P<mark>\*{1,2}|_{1,2})?(?P<label>[A-Za-z][A-Za-z/' ]{0,20}?)[ \t]*"
    r"(?:(?P=mark)[ \t]*:|:[ \t]*(?P=mark)|(?(mark)(?!)|:))[ \t]*(?P<value>[^\n]*)"
)
# Fields the header lists several of, comma-separated.
_LISTS = frozenset(
    {"authors", "fandoms", "warnings", "categories", "relationships", "characters",
     "additional_tags", "notes"}
)  # fmt: skip
# At least this many labels make a header: one "Note:" line is a note...
MIN_LABELS = 2
# ... and one of them must be of these, which only a header has: "Note:"
# and "Warning:" lines may open a story.
DESCRIBING_FIELDS = frozenset({"title", "authors", "fandoms", "rating", "relationships",
                               "characters", "additional_tags", "words", "chapters"})  # fmt: skip
# A summary or note runs over at most this many lines after its label.
MAX_CONTINUED = 8
# How far into a file a header may reach.
HEADER_MAX_CHARS = 10_000


def read_header(text: str) -> tuple[Metadata, int]:
    """The metadata of a labelled header at the start of ``text``, and the
    offset where the header ends (0 when there is none)."""
    fields: dict[str, Any] = {}
    labels = continued = 0
    described = False  # a label only a header has: title, fandom, rating...
    end = 0
    field: str | None = None  # the field a continued line adds to
    position = 0
    limit = min(len(text), HEADER_MAX_CHARS)
    while position < limit:
        newline = text.find("\n", position)
        line_end = len(text) if newline < 0 else newline
        line = text[position:line_end]
        position = line_end + 1
        if not line.strip():
            field = None  # a blank line ends a value that runs over lines
            continue
        labelled = _label(line)
        if labelled is not None:
            label, value = labelled
            field = HEADER_LABELS[label]
            labels += 1
            continued = 0
            described |= field in DESCRIBING_FIELDS
            if field is not None and value:
                _add(fields, field, value)
        elif field in ("summary", "notes") and continued < MAX_CONTINUED and _continues(line):
            continued += 1
            _add(fields, field, line.strip())
        else:
            break
        end = line_end
    if labels < MIN_LABELS or not described:
        return Metadata(), 0
    return Metadata(**fields), end


def _continues(line: str) -> bool:
    """Whether a line can go on a summary or note: not a chapter heading, a
    note of its own, a chat line or a line of dialogue, where the story starts."""
    stripped = line.strip()
    return not (
        CHAPTER_HEADING.match(stripped)
        or NOTE_START.match(stripped)
        or CHAT_LINE.match(stripped)
        or stripped[:1] in "\"“'‘—"
    )


def _label(line: str) -> tuple[str, str] | None:
    """The known label of a labelled line, lowercased and singular, with its value."""
    match = _LABELLED.match(line)
    if match is None:
        return None
    label = " ".join(match.group("label").lower().split())
    for name in (label, label.removesuffix("s")):
        if name in HEADER_LABELS:
            return name, match.group("value").strip().strip("*_ \t")
    return None


def _add(fields: dict[str, Any], field: str, value: str) -> None:
    if field in _LISTS:
        items = [item.strip() for item in value.split(",")] if field != "notes" else [value]
        fields[field] = tuple(dict.fromkeys((*fields.get(field, ()), *filter(None, items))))
    elif field == "words":
        fields[field] = parse_words(value)
    elif field == "summary" and field in fields:
        fields[field] = f"{fields[field]} {value}"
    else:
        fields.setdefault(field, value)


__all__ = ["read_header"]
