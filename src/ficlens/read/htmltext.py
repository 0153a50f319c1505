"""Turn HTML elements into plain story text, shared by the HTML and EPUB readers.

Block elements become paragraphs separated by one blank line; whitespace
inside a paragraph collapses to one space and ``<br>`` becomes a newline.
Italic and bold elements become :class:`~ficlens.model.Emphasis` ranges,
``<hr>`` and ornament lines (``* * *``) become scene-break offsets. The walk
uses an explicit stack, so it is linear in the input and no nesting depth
can exhaust Python's recursion limit.

>>> from selectolax.lexbor import LexborHTMLParser
>>> body = LexborHTMLParser("<p>She <em>knew</em>.</p><hr><p>Later.</p>").body
>>> converted = convert([Part(body)], Options())
>>> converted.text
'She knew.\\n\\nLater.'
>>> [converted.text[e.start:e.end] for e in converted.emphasis], converted.break_hints
(['knew'], (11,))
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from ficlens.model import ChapterHint, Emphasis, Metadata
from ficlens.options import Options
from ficlens.rules.html import (
    BLOCK_TAGS,
    INVISIBLE,
    ITALIC_STYLE,
    ITALIC_TAGS,
    SKIPPED_TAGS,
    STRONG_STYLE,
    STRONG_TAGS,
    is_scene_break,
)

__all__ = [
    "Converted",
    "Layout",
    "Part",
    "Style",
    "TextBuilder",
    "convert",
    "element_children",
    "has_class",
    "inline_text",
    "node_text",
    "previous_element",
]


@dataclass(frozen=True, slots=True)
class Style:
    """What the walk treats as emphasis or skips, beyond the fixed tag rules.

    ``italic_classes``/``strong_classes`` come from an EPUB's stylesheets
    (calibre writes ``<span class="calibre5">`` for italics).
    """

    italic_classes: frozenset[str] = frozenset()
    strong_classes: frozenset[str] = frozenset()
    skipped_tags: frozenset[str] = SKIPPED_TAGS


@dataclass(frozen=True, slots=True)
class Part:
    """An element holding story text, or (``node=None``) only a chapter start."""

    node: LexborNode | None
    chapter: str | None = None


@dataclass(frozen=True, slots=True)
class Layout:
    """What a site reader found: metadata and the story parts in order."""

    metadata: Metadata
    parts: tuple[Part, ...]
    format: str = "html"
    style: Style = field(default_factory=Style)


@dataclass(frozen=True, slots=True)
class Converted:
    """Plain text with the hints the markup gave, offsets into ``text``."""

    text: str
    emphasis: tuple[Emphasis, ...] = ()
    break_hints: tuple[int, ...] = ()
    chapter_hints: tuple[ChapterHint, ...] = ()


# Longest paragraph checked for being a scene-break ornament ("* * *",
# "-line break-"): real ones are short, and checking a huge paragraph of
# symbols costs seconds.
MAX_ORNAMENT_CHARS = 200


class _Mark:
    """An emphasis element still open during the walk."""

    __slots__ = ("start", "strong")

    def __init__(self, strong: bool) -> None:
        self.start: int | None = None  # paragraph offset of its first character
        self.strong = strong


class _Exit:
    """Stack entry run when the walk leaves an element."""

    __slots__ = ("block", "mark", "space")

    def __init__(self, block: bool, mark: _Mark | None, space: bool = False) -> None:
        self.block = block  # end the paragraph
        self.mark = mark  # close this emphasis
        self.space = space  # keep words apart (a block flattened past the depth limit)


def has_class(node: LexborNode, name: str) -> bool:
    """True if one of the node's classes is ``name``, or ``name`` plus digits.

    calibre renames AO3's classes when it builds an EPUB (``userstuff1``).

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> div = LexborHTMLParser('<div class="meta1 group">x</div>').css_first("div")
    >>> has_class(div, "meta"), has_class(div, "group"), has_class(div, "me")
    (True, True, False)
    """
    classes = node.attributes.get("class")
    if not classes:
        return False
    for token in classes.split():
        if token == name or (token.startswith(name) and token[len(name) :].isdigit()):
            return True
    return False


class TextBuilder:
    """Accumulate paragraphs from elements; offsets are into the final text."""

    def __init__(self, options: Options, style: Style | None = None) -> None:
        self._max_depth = options.max_html_depth
        self._style = style or Style()
        self._parts: list[str] = []
        self._pos = 0
        self._emphasis: list[Emphasis] = []
        self._breaks: list[int] = []
        self._chapters: list[ChapterHint] = []
        self._pending_break = False
        self._pending_chapter: str | None = None
        # The paragraph being built: pieces, their length, the separator owed
        # before the next word ("", " " or "\n") and closed emphasis ranges.
        self._pieces: list[str] = []
        self._length = 0
        self._sep = ""
        self._marks: list[tuple[int, int, bool]] = []
        self._open: list[_Mark] = []
        self._unstarted = 0

    def chapter(self, title: str) -> None:
        """Start a chapter: the next paragraph gets a :class:`ChapterHint`."""
        self._flush()
        self._pending_chapter = title
        self._pending_break = False

    def scene_break(self) -> None:
        """Record a scene break before the next paragraph."""
        self._flush()
        self._pending_break = True

    def add(self, root: LexborNode) -> None:
        """Append the text of ``root`` and everything inside it."""
        depth = 0  # nesting counts from the document, not from ``root``
        parent = root.parent
        while parent is not None and depth <= self._max_depth:
            depth, parent = depth + 1, parent.parent
        stack: list[tuple[LexborNode, int] | _Exit] = [(root, depth)]
        while stack:
            entry = stack.pop()
            if isinstance(entry, _Exit):
                if entry.mark is not None:
                    self._close(entry.mark)
                if entry.block:
                    self._flush()
                elif entry.space:
                    self._space()
                continue
            node, depth = entry
            tag = node.tag or ""
            if tag == "-text":
                self._text(node.text_content or "")
                continue
            if tag.startswith("-") or tag in self._style.skipped_tags:
                continue  # comments, doctype, scripts, the head
            if depth > self._max_depth:
                # Too deep to trust: keep the words, ignore the structure.
                if tag in BLOCK_TAGS or tag == "br":
                    self._space()
                    stack.append(_Exit(block=False, mark=None, space=True))
                self._push_children(stack, node, depth)
                continue
            if tag == "br":
                self._line_break()
                continue
            if tag == "hr":
                self.scene_break()
                continue
            block = tag in BLOCK_TAGS
            if block:
                self._flush()
            mark = self._mark_for(node, tag)
            if mark is not None:
                self._open.append(mark)
                self._unstarted += 1
            stack.append(_Exit(block, mark))
            self._push_children(stack, node, depth)
        self._flush()

    def build(self) -> Converted:
        """The text and hints gathered so far."""
        self._flush()
        emphasis = sorted(dict.fromkeys(self._emphasis), key=lambda e: (e.start, -e.end))
        return Converted(
            text="".join(self._parts),
            emphasis=tuple(emphasis),
            break_hints=tuple(dict.fromkeys(self._breaks)),
            chapter_hints=tuple(self._chapters),
        )

    @staticmethod
    def _push_children(
        stack: list[tuple[LexborNode, int] | _Exit], node: LexborNode, depth: int
    ) -> None:
        depth += 1
        child = node.last_child  # pushed last to first, so popped in order
        while child is not None:
            stack.append((child, depth))
            child = child.prev

    def _mark_for(self, node: LexborNode, tag: str) -> _Mark | None:
        if tag in ITALIC_TAGS:
            return _Mark(strong=False)
        if tag in STRONG_TAGS:
            return _Mark(strong=True)
        attributes = node.attributes
        style = attributes.get("style")
        if style:
            if ITALIC_STYLE.search(style):
                return _Mark(strong=False)
            if STRONG_STYLE.search(style):
                return _Mark(strong=True)
        classes = attributes.get("class")
        if classes and (self._style.italic_classes or self._style.strong_classes):
            tokens = set(classes.split())
            if tokens & self._style.italic_classes:
                return _Mark(strong=False)
            if tokens & self._style.strong_classes:
                return _Mark(strong=True)
        return None

    def _text(self, raw: str) -> None:
        if "\u200b" in raw or "\ufeff" in raw:
            raw = raw.translate(INVISIBLE)
        words = raw.split()
        if not words:
            if raw:
                self._space()
            return
        if raw[0].isspace() and not self._sep:
            self._sep = " "
        self._emit(" ".join(words))
        if raw[-1].isspace():
            self._sep = " "

    def _space(self) -> None:
        if self._length and not self._sep:
            self._sep = " "

    def _emit(self, words: str) -> None:
        if self._length and self._sep:
            self._pieces.append(self._sep)
            self._length += len(self._sep)
        self._sep = ""
        if self._unstarted:
            for mark in self._open:
                if mark.start is None:
                    mark.start = self._length
            self._unstarted = 0
        self._pieces.append(words)
        self._length += len(words)

    def _line_break(self) -> None:
        if not self._length:
            return
        if self._sep == "\n":
            self._flush()  # <br><br>: the page's way of starting a paragraph
        else:
            self._sep = "\n"

    def _close(self, mark: _Mark) -> None:
        self._open.pop()
        if mark.start is None:
            self._unstarted -= 1
        elif self._length > mark.start:
            self._marks.append((mark.start, self._length, mark.strong))

    def _flush(self) -> None:
        self._sep = ""
        if not self._length:
            return
        text = "".join(self._pieces)
        for mark in self._open:  # emphasis running on into the next paragraph
            if mark.start is not None:
                self._marks.append((mark.start, self._length, mark.strong))
                mark.start = None
                self._unstarted += 1
        marks, self._marks = self._marks, []
        self._pieces, self._length = [], 0
        if len(text) <= MAX_ORNAMENT_CHARS and is_scene_break(text):
            self._pending_break = True
            return
        if self._parts:
            self._parts.append("\n\n")
            self._pos += 2
        start = self._pos
        if self._pending_chapter is not None:
            self._chapters.append(ChapterHint(start, self._pending_chapter))
            self._pending_chapter = None
        elif self._pending_break and start > 0:
            self._breaks.append(start)
        self._pending_break = False
        self._parts.append(text)
        self._pos += len(text)
        for s, e, strong in marks:
            self._emphasis.append(Emphasis(start + s, start + e, start + s, start + e, strong))


def convert(parts: Iterable[Part], options: Options, style: Style | None = None) -> Converted:
    """Convert story parts in order, starting chapters where they say so."""
    builder = TextBuilder(options, style)
    for part in parts:
        if part.chapter:
            builder.chapter(part.chapter)
        if part.node is not None:
            builder.add(part.node)
    return builder.build()


def element_children(node: LexborNode) -> list[LexborNode]:
    """The element children of ``node`` (no text or comment nodes), in order.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> [c.tag for c in element_children(LexborHTMLParser("<p>a</p> b <i>c</i>").body)]
    ['p', 'i']
    """
    children = []
    child = node.child
    while child is not None:
        if child.is_element_node:
            children.append(child)
        child = child.next
    return children


def previous_element(node: LexborNode) -> LexborNode | None:
    """The nearest element sibling before ``node``."""
    sibling = node.prev
    while sibling is not None and not sibling.is_element_node:
        sibling = sibling.prev
    return sibling


def node_text(node: LexborNode | None, options: Options | None = None) -> str:
    """Plain text of one element, for metadata such as a summary.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> node_text(LexborHTMLParser("<blockquote><p>One  &amp; </p><p>two</p></blockquote>").body)
    'One &\\n\\ntwo'
    """
    if node is None:
        return ""
    builder = TextBuilder(options or Options())
    builder.add(node)
    return builder.build().text


def inline_text(node: LexborNode | None) -> str:
    """Text of an element on one line, whitespace collapsed.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> inline_text(LexborHTMLParser("<h2> Chapter\\n 1 </h2>").css_first("h2"))
    'Chapter 1'
    """
    if node is None:
        return ""
    return " ".join(node.text(deep=True).translate(INVISIBLE).split())
