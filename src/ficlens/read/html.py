"""HTML stories: AO3 and FanFiction.net pages, and any other web page.

:func:`read_html` tries the site layouts first (a page saved from AO3 is
read as AO3 even when sniffed as plain HTML), then falls back to finding the
block of the page that holds the most paragraph text. Metadata is read from
the markup and never enters the story text.

>>> src = read_html("<title>T</title><nav>Home</nav><p>One.</p><p>Two <i>too</i>.</p>")
>>> src.text, src.metadata.title, src.paragraph_breaks
('One.\\n\\nTwo too.', 'T', True)
"""

from __future__ import annotations

from collections.abc import Callable

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ficlens.errors import InputError
from ficlens.model import Metadata, Source
from ficlens.options import Options
from ficlens.read.ao3 import read_ao3
from ficlens.read.ffn import read_ffn
from ficlens.read.htmldepth import bound_depth
from ficlens.read.htmltext import Layout, Part, convert, inline_text
from ficlens.rules.html import BLOCK_TAGS, CHROME_TAGS

__all__ = ["read_html"]

_DEFAULT = Options()

# Elements that hold the main text of the page when a page has them; only
# the outermost count (an inner one holds less text, and measuring every
# level of a deep nest would be quadratic).
_MAIN = ':is(article, main, [role="main"])'
_MAIN_SELECTOR = f"{_MAIN}:not({_MAIN} *)"

# A page's own heading: an <h1> outside the site's navigation and banners.
_HEADING_SELECTOR = f"h1:not({', '.join(f'{tag} *' for tag in sorted(CHROME_TAGS))})"

# A block joins the story when it holds at least this share of the best
# block's paragraph text: a story split into several divs, or paragraphs
# left beside an italic div. Sidebars and short comments stay out.
_SHARE = 0.2

# Only the best-scoring blocks are considered, so a page of thousands of
# tiny blocks costs no more than one of a few.
_MAX_BLOCKS = 50

# Longest <h1> taken as a title; a longer one is a paragraph in disguise.
_MAX_TITLE = 200

SiteReader = Callable[[LexborNode], Layout | None]


def read_html(
    text: str, name: str = "<input>", options: Options = _DEFAULT, fmt: str = "html"
) -> Source:
    """Read an HTML page into a :class:`Source`; ``fmt`` is html, ao3 or ffn.

    >>> read_html('<div id="storytext"><p>Hi.</p></div>', fmt="ffn").format
    'ffn'
    """
    tree = LexborHTMLParser(bound_depth(text, options.max_html_depth))
    root = tree.root
    if root is None:
        raise InputError(name, "the HTML has no story text")
    readers: tuple[SiteReader, ...] = (read_ffn, read_ao3) if fmt == "ffn" else (read_ao3, read_ffn)
    layout = next((found for read in readers if (found := read(root)) is not None), None)
    if layout is None or not any(part.node is not None for part in layout.parts):
        layout = _generic(tree)
    converted = convert(layout.parts, options, layout.style)
    if not converted.text:
        raise InputError(name, "the HTML has no story text")
    return Source(
        text=converted.text,
        format=layout.format,
        metadata=layout.metadata,
        emphasis=converted.emphasis,
        chapter_hints=converted.chapter_hints,
        break_hints=converted.break_hints,
        paragraph_breaks=True,
    )


def _generic(tree: LexborHTMLParser) -> Layout:
    """Any web page: the title, and the block with the most paragraph text."""
    head_title = tree.head.css_first("title") if tree.head is not None else None
    root = tree.body or tree.root
    assert root is not None
    heading = root.css_first(_HEADING_SELECTOR)
    title = inline_text(heading)
    if not title or len(title) > _MAX_TITLE:
        heading, title = None, inline_text(head_title)
    author = tree.css_first('meta[name="author"]')
    authors = (author.attributes.get("content") or "",) if author is not None else ()
    metadata = Metadata(title=title or None, authors=tuple(a for a in authors if a))
    tree.strip_tags(sorted(CHROME_TAGS), recursive=True)
    block = _main_block(root)
    if heading is not None and _within(heading, block):
        heading.decompose()  # the title is metadata, not story text
    return Layout(metadata=metadata, parts=(Part(block),))


def _main_block(root: LexborNode) -> LexborNode:
    """The element holding the story: the smallest one around every block
    with a fair share of the page's paragraph text, inside <article> or
    <main> when the page has one."""
    candidates = [(len(inline_text(c)), c) for c in root.css(_MAIN_SELECTOR)]
    if candidates:
        size, candidate = max(candidates, key=lambda pair: pair[0])
        root = candidate if size else root
    scores = _paragraph_scores(root)
    if not scores:
        return root
    ranked = sorted(scores.values(), key=lambda pair: -pair[1])[:_MAX_BLOCKS]
    threshold = ranked[0][1] * _SHARE
    chain = _ancestors(ranked[0][0], root)
    lowest = 0  # index in chain of the smallest element around every block so far
    for node, score in ranked[1:]:
        if score < threshold:
            break
        ids = {a.mem_id for a in _ancestors(node, root)}
        while lowest < len(chain) and chain[lowest].mem_id not in ids:
            lowest += 1
    return chain[lowest] if lowest < len(chain) else root


def _ancestors(node: LexborNode, root: LexborNode) -> list[LexborNode]:
    """``node`` and its ancestors up to ``root``, nearest first."""
    chain = [node]
    current: LexborNode | None = node
    while current is not None and current.mem_id != root.mem_id:
        current = current.parent
        if current is not None:
            chain.append(current)
    return chain


def _paragraph_scores(root: LexborNode) -> dict[int, tuple[LexborNode, int]]:
    """Each block's score: the length of the paragraphs and loose text it holds directly."""
    scores: dict[int, tuple[LexborNode, int]] = {}

    def add(node: LexborNode | None, amount: int) -> None:
        if node is not None and amount:
            key = node.mem_id
            scores[key] = (node, scores[key][1] + amount if key in scores else amount)

    for paragraph in root.css("p:not(p *)"):  # a <p> in a table in a <p> is counted once
        add(paragraph.parent, len(inline_text(paragraph)))
    for node in root.traverse(include_text=True):
        if node.tag == "-text" and node.parent is not None and node.parent.tag != "p":
            block: LexborNode | None = node.parent
            for _ in range(4):  # text in <span> or <font> counts for its block
                if block is None or block.tag in BLOCK_TAGS:
                    break
                block = block.parent
            if block is not None and block.tag in BLOCK_TAGS and block.tag not in ("html", "p"):
                add(block, len((node.text_content or "").strip()))
    return scores


def _within(node: LexborNode, block: LexborNode) -> bool:
    current: LexborNode | None = node
    while current is not None:
        if current.mem_id == block.mem_id:
            return True
        current = current.parent
    return False
