"""Archive of Our Own layouts: "Download HTML" files, saved work pages and
the chapters of AO3's EPUBs (whose classes calibre renamed to ``meta1``,
``userstuff1``...).

Tags, stats, summary and notes go into :class:`~ficlens.model.Metadata`;
only the chapter text (``div.userstuff``) becomes story parts, each chapter
heading a :class:`~ficlens.read.htmltext.Part` that starts a chapter.

>>> from selectolax.lexbor import LexborHTMLParser
>>> page = LexborHTMLParser('''<div id="preface"><div class="meta"><dl class="tags">
... <dt>Fandom:</dt><dd><a>Some Show</a></dd></dl><h1>A Title</h1></div></div>
... <div id="chapters"><div class="userstuff"><p>Text.</p></div></div>''')
>>> layout = read_ao3(page.root)
>>> layout.metadata.title, layout.metadata.fandoms, len(layout.parts)
('A Title', ('Some Show',), 1)
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from selectolax.lexbor import LexborNode

from ficlens.model import Metadata
from ficlens.read.htmltext import (
    Layout,
    Part,
    element_children,
    has_class,
    inline_text,
    node_text,
    previous_element,
)
from ficlens.rules.html import AO3_LABELS, AO3_STAT

__all__ = ["parse_words", "read_ao3", "tag_list"]

# Blockquotes not inside another one: a nested quote is part of its outer
# block's text, and taking each nesting level again would be quadratic.
_OUTER_QUOTE = "blockquote:not(blockquote *)"

# Tag rows of a saved work page: dd class -> Metadata field.
_SAVED_TAGS = (
    ("rating", "rating"),
    ("warning", "warnings"),
    ("category", "categories"),
    ("fandom", "fandoms"),
    ("relationship", "relationships"),
    ("character", "characters"),
    ("freeform", "additional_tags"),
)


def read_ao3(root: LexborNode) -> Layout | None:
    """The AO3 layout under ``root``, or None when it is not an AO3 page."""
    if root.css_first("dl.work.meta") is not None or root.css_first("#workskin") is not None:
        return _saved_page(root)
    tags = _first_with_class(root, "dl", "tags")
    containers = _chapter_containers(root)
    afterword = _afterword(root)
    if tags is None and not containers and afterword is None:
        return None
    metadata = _download_metadata(root, tags) if tags is not None else Metadata()
    parts: list[Part] = []
    notes = list(metadata.notes)
    for container in containers:
        _download_chapters(container, parts, notes)
    notes.extend(_labelled_notes(afterword, summary_too=True))
    metadata = replace(metadata, notes=tuple(dict.fromkeys(notes)))
    return Layout(metadata=metadata, parts=tuple(parts), format="ao3")


def tag_list(node: LexborNode | None) -> tuple[str, ...]:
    """Tags of a ``dd``: the text of each link, else comma-separated text.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> tag_list(LexborHTMLParser("<dd><a>A, B</a>, <a>C</a></dd>").css_first("dd"))
    ('A, B', 'C')
    >>> tag_list(LexborHTMLParser("<dd>English</dd>").css_first("dd"))
    ('English',)
    """
    if node is None:
        return ()
    links = node.css("a")
    items = [inline_text(a) for a in links] if links else inline_text(node).split(",")
    return tuple(dict.fromkeys(item.strip() for item in items if item.strip()))


def parse_words(value: str | None) -> int | None:
    """A word count as a number: ``"1,010"`` -> 1010.

    >>> parse_words("1,010"), parse_words("n/a")
    (1010, None)
    """
    digits = re.sub(r"[,.\s]", "", value or "")
    return int(digits) if digits.isdigit() else None


def _first_with_class(root: LexborNode, tag: str, name: str) -> LexborNode | None:
    for node in root.css(f'{tag}[class*="{name}"]'):
        if has_class(node, name):
            return node
    return None


def _download_metadata(root: LexborNode, tags: LexborNode) -> Metadata:
    fields: dict[str, Any] = {}
    label = ""
    for child in element_children(tags):
        if child.tag == "dt":
            label = inline_text(child).rstrip(":").strip().lower()
        elif child.tag == "dd":
            _take_tag_row(fields, label, child)
    preface = root.css_first("#preface") or tags.parent or root
    heading = preface.css_first("h1") or preface.css_first("p.message b")
    fields["title"] = inline_text(heading) or None
    byline = _first_with_class(preface, "div", "byline")
    if byline is not None:
        fields["authors"] = _authors(byline)
    for link in preface.css("p.message a"):
        href = link.attributes.get("href") or ""
        if "/works/" in href:
            fields["url"] = href
    summary, notes = None, []
    for label_text, text in _labelled_blocks(preface):
        if label_text.startswith("summary") and summary is None:
            summary = text
        else:
            notes.append(text)
    return Metadata(summary=summary, notes=tuple(notes), **fields)


def _take_tag_row(fields: dict[str, Any], label: str, dd: LexborNode) -> None:
    if label == "stats":
        for key, value in AO3_STAT.findall(inline_text(dd)):
            if key == "Published":
                fields["published"] = value
            elif key in ("Updated", "Completed"):
                fields["updated"] = value
            elif key == "Words":
                fields["words"] = parse_words(value)
            else:
                fields["chapters"] = value
        return
    name = AO3_LABELS.get(label) or AO3_LABELS.get(label.removesuffix("s"))
    if name is None:
        return  # Series, Collections: not part of the model
    values = tag_list(dd)
    fields[name] = (values[0] if values else None) if name in ("rating", "language") else values


def _authors(byline: LexborNode) -> tuple[str, ...]:
    links = byline.css('a[rel="author"]') or byline.css("a")
    if links:
        return tuple(dict.fromkeys(inline_text(a) for a in links if inline_text(a)))
    text = re.sub(r"^by\s+", "", inline_text(byline), flags=re.IGNORECASE)
    return tuple(name.strip() for name in text.split(",") if name.strip())


def _labelled_blocks(container: LexborNode | None) -> list[tuple[str, str]]:
    """(label, text) for each quoted block: AO3 puts ``<p>Summary</p>`` before it."""
    if container is None:
        return []
    found = []
    for quote in container.css(_OUTER_QUOTE):
        before = previous_element(quote)
        while before is not None and before.tag != "p":
            before = previous_element(before)
        label = inline_text(before).lower() if before is not None else ""
        text = node_text(quote)
        if text:
            found.append((label, text))
    return found


def _labelled_notes(container: LexborNode | None, summary_too: bool) -> list[str]:
    return [
        text for label, text in _labelled_blocks(container) if summary_too or "summary" not in label
    ]


def _afterword(root: LexborNode) -> LexborNode | None:
    node = root.css_first("#afterword")
    if node is not None:
        return node
    for heading in root.css("h2"):
        if has_class(heading, "toc-heading") and inline_text(heading).lower() == "afterword":
            return heading.parent
    return None


def _chapter_containers(root: LexborNode) -> list[LexborNode]:
    chapters = root.css_first("#chapters")
    if chapters is not None:
        return [chapters]
    # An EPUB split by calibre may lose the id: take the outermost
    # userstuff divs that are neither preface nor afterword, in one walk
    # from the top (asking each div for its ancestors is quadratic in depth).
    if root.css_first('div[class*="userstuff"]') is None:
        return []
    outer = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.tag == "div" and has_class(node, "userstuff"):
            outer.append(node)
        elif node.attributes.get("id") not in ("preface", "afterword"):
            stack.extend(reversed(element_children(node)))
    return outer


def _download_chapters(container: LexborNode, parts: list[Part], notes: list[str]) -> None:
    kids = element_children(container)
    if not any(
        kid.tag == "div" and (has_class(kid, "userstuff") or has_class(kid, "meta")) for kid in kids
    ):
        for heading in container.css("h2"):
            if has_class(heading, "toc-heading"):
                heading.decompose()
        parts.append(Part(container))
        return
    for kid in kids:
        if kid.tag != "div":
            continue  # the one-shot's h2.toc-heading repeats the title
        if has_class(kid, "meta"):
            title = inline_text(kid.css_first("h2"))
            if title:
                parts.append(Part(None, chapter=title))
            notes.extend(_labelled_notes(kid, summary_too=True))
        elif has_class(kid, "userstuff"):
            parts.append(Part(kid))


def _is_chapter(node: LexborNode) -> bool:
    """``div#chapter-2`` or ``div.chapter``, but not a chapter's preface box."""
    if has_class(node, "preface"):
        return False
    return has_class(node, "chapter") or (node.attributes.get("id") or "").startswith("chapter-")


def _saved_page(root: LexborNode) -> Layout:
    fields: dict[str, Any] = {}
    work_meta = root.css_first("dl.work.meta")
    if work_meta is not None:
        for kind, name in _SAVED_TAGS:
            values = tag_list(work_meta.css_first(f"dd.{kind}"))
            fields[name] = (values[0] if values else None) if name == "rating" else values
        fields["language"] = inline_text(work_meta.css_first("dd.language")) or None
        fields["published"] = inline_text(work_meta.css_first("dl.stats dd.published")) or None
        fields["updated"] = inline_text(work_meta.css_first("dl.stats dd.status")) or None
        fields["words"] = parse_words(inline_text(work_meta.css_first("dl.stats dd.words")))
        fields["chapters"] = inline_text(work_meta.css_first("dl.stats dd.chapters")) or None
    preface = next((p for p in root.css("div.preface") if not has_class(p, "chapter")), root)
    fields["title"] = inline_text(preface.css_first("h2.title")) or None
    byline = preface.css_first(".byline")
    if byline is not None:
        fields["authors"] = _authors(byline)
    canonical = root.css_first('link[rel="canonical"]')
    if canonical is not None:
        fields["url"] = canonical.attributes.get("href")
    summary = preface.css_first(".summary blockquote")
    notes = [node_text(q) for q in preface.css(f".notes {_OUTER_QUOTE}")]
    parts: list[Part] = []
    chapters = root.css_first("#chapters")
    for landmark in chapters.css("h3.landmark") if chapters is not None else []:
        landmark.decompose()
    for kid in element_children(chapters) if chapters is not None else []:
        if kid.tag == "div" and has_class(kid, "userstuff"):
            parts.append(Part(kid))
        elif _is_chapter(kid):
            title = inline_text(kid.css_first("h3.title")) or None
            for inner in element_children(kid):
                if has_class(inner, "userstuff"):
                    parts.append(Part(inner, chapter=title))
                    title = None
                elif has_class(inner, "preface"):
                    notes.extend(node_text(q) for q in inner.css(_OUTER_QUOTE))
    for end in root.css(f"#work_endnotes {_OUTER_QUOTE}"):
        notes.append(node_text(end))
    metadata = Metadata(
        summary=node_text(summary) or None,
        notes=tuple(dict.fromkeys(n for n in notes if n)),
        **fields,
    )
    return Layout(metadata=metadata, parts=tuple(parts), format="ao3")
