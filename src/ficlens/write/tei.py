"""A story as TEI XML: chapters and scenes as ``<div>``, lines as ``<said>``.

The cast is a ``<listPerson>`` in the header; each ``<said>`` points at its
speaker with ``who="#id"`` and at its addressee with ``toWhom``; thoughts
carry ``direct="false"``, messages ``rend="message"``. A line without a known
speaker has no ``who``. Quotation marks stay outside ``<said>``, so the
paragraph's text is the story's text.

>>> from ficlens import analyze_text
>>> xml = to_tei(analyze_text('"Hi," she said.'))
>>> "<said>Hi,</said>" in xml
True
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby

from ficlens.model import Gender, Role, Span, SpanKind, Story
from ficlens.write.xmltext import XML_NS, clean_xml_text, story_title, unique_ids

TEI_NS = "http://www.tei-c.org/ns/1.0"
_ROLE_TAG = {Role.BODY: "p", Role.TITLE: "head", Role.HEADING: "head", Role.NOTE: "note"}
_MIXED = frozenset({"p", "head", "note", "said", "persName", "title", "author"})
_VOICED = (SpanKind.SPEECH, SpanKind.THOUGHT, SpanKind.MESSAGE)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{TEI_NS}}}{tag}", attrs)
    if text is not None:
        element.text = clean_xml_text(text)
    return element


def to_tei(story: Story) -> str:
    """The story as a TEI document (a string with an XML declaration)."""
    ET.register_namespace("", TEI_NS)
    ids = unique_ids([c.id for c in story.characters])
    root = ET.Element(f"{{{TEI_NS}}}TEI")
    _header(root, story, ids)
    body = _el(_el(root, "text"), "body")
    _body(body, story, ids)
    _indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _indent(element: ET.Element, level: int = 0) -> None:
    """Indent the structure, leaving mixed content (paragraphs, names) untouched."""
    children = list(element)
    if not children or element.tag.split("}")[-1] in _MIXED:
        return
    element.text = "\n" + " " * (level + 1)
    for child in children:
        _indent(child, level + 1)
        child.tail = "\n" + " " * (level + 1)
    children[-1].tail = "\n" + " " * level


def _header(root: ET.Element, story: Story, ids: dict[str, str]) -> None:
    meta = story.metadata
    header = _el(root, "teiHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    _el(title_stmt, "title", story_title(story))
    for author in meta.authors:
        _el(title_stmt, "author", author)
    _el(_el(file_desc, "publicationStmt"), "p", "Converted by ficlens.")
    _el(_el(file_desc, "sourceDesc"), "p", meta.url or f"A {story.source.format} file.")
    people = _el(_el(_el(header, "profileDesc"), "particDesc"), "listPerson")
    for character in story.characters:
        person = _el(people, "person", **{f"{{{XML_NS}}}id": ids[character.id]})
        _el(person, "persName", character.name)
        if character.gender is not Gender.UNKNOWN:
            _el(person, "gender", value=character.gender.value)


def _body(body: ET.Element, story: Story, ids: dict[str, str]) -> None:
    chapter_divs: dict[int, ET.Element] = {}
    scene_divs: dict[int, ET.Element] = {}
    scene_index = 0
    for number, spans in groupby(story.spans, key=lambda s: s.paragraph):
        group = list(spans)
        while (
            scene_index + 1 < len(story.scenes)
            and group[0].start >= story.scenes[scene_index + 1].start
        ):
            scene_index += 1
        chapter = story.scenes[scene_index].chapter if story.scenes else 0
        if chapter not in chapter_divs:
            chapter_divs[chapter] = _el(body, "div", type="chapter", n=str(chapter + 1))
        if scene_index not in scene_divs:
            scene_divs[scene_index] = _el(
                chapter_divs[chapter], "div", type="scene", n=str(scene_index + 1)
            )
        role = story.paragraphs[number].role if story.paragraphs else Role.BODY
        _paragraph(_el(scene_divs[scene_index], _ROLE_TAG[role]), story, group, ids)


def _paragraph(element: ET.Element, story: Story, spans: list[Span], ids: dict[str, str]) -> None:
    text = story.text
    last: ET.Element | None = None

    def add_text(words: str) -> None:
        words = clean_xml_text(words)
        if last is None:
            element.text = (element.text or "") + words
        else:
            last.tail = (last.tail or "") + words

    for span in spans:
        if span.kind not in _VOICED:
            add_text(text[span.outer_start : span.outer_end])
            continue
        add_text(text[span.outer_start : span.start])
        last = _el(element, "said", text[span.start : span.end], **_said_attributes(span, ids))
        add_text(text[span.end : span.outer_end])
    element.text = (element.text or "").lstrip()
    if last is not None and last.tail:
        last.tail = last.tail.rstrip()
    elif last is None:
        element.text = element.text.rstrip()


def _said_attributes(span: Span, ids: dict[str, str]) -> dict[str, str]:
    attributes = {}
    who = [f"#{ids[s]}" for s in span.speaker if s in ids]
    to_whom = [f"#{ids[a]}" for a in span.addressee if a in ids]
    if who:
        attributes["who"] = " ".join(who)
    if to_whom:
        attributes["toWhom"] = " ".join(to_whom)
    if span.kind is SpanKind.THOUGHT:
        attributes["direct"] = "false"
    if span.kind is SpanKind.MESSAGE:
        attributes["rend"] = "message"
    return attributes
