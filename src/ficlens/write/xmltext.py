"""Helpers shared by the writers: XML-safe text, valid ids, the story's title.

>>> clean_xml_text("a\\x00b\\x0bc")
'abc'
>>> ncname("3 Mr. O'Brien"), ncname("")
('_3-Mr.-O-Brien', '_')
"""

from __future__ import annotations

import re

from ficlens.model import SpanKind, Story

# Characters XML 1.0 forbids anywhere, even escaped: most C0 controls,
# lone surrogates and the two non-characters U+FFFE, U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Characters an NCName (an xml:id) may not contain.
_NOT_NAME = re.compile(r"[^\w.\-]+")

XML_NS = "http://www.w3.org/XML/1998/namespace"


def clean_xml_text(text: str) -> str:
    """``text`` without the characters XML cannot carry."""
    return _NOT_XML.sub("", text)


def ncname(text: str) -> str:
    """A valid NCName from any string: a letter or "_" first, no colons or spaces."""
    name = _NOT_NAME.sub("-", text).strip("-")
    if not name or not (name[0].isalpha() or name[0] == "_"):
        name = "_" + name
    return name


def story_title(story: Story) -> str:
    """The title from the metadata, else the story's title line, else "Untitled"."""
    if story.metadata.title:
        return story.metadata.title
    titles = [s for s in story.spans[:3] if s.kind is SpanKind.TITLE]
    return story.span_text(titles[0]) if titles else "Untitled"


def unique_ids(ids: list[str]) -> dict[str, str]:
    """Map each id to a distinct NCName.

    >>> unique_ids(["a b", "a-b"])
    {'a b': 'a-b', 'a-b': 'a-b-2'}
    """
    result: dict[str, str] = {}
    taken: set[str] = set()
    for original in ids:
        name = base = ncname(original)
        number = 1
        while name in taken:
            number += 1
            name = f"{base}-{number}"
        taken.add(name)
        result[original] = name
    return result
