"""Bound the nesting of HTML before the parser builds a tree from it.

lexbor's tree builder walks its stack of open elements for many start tags
("is there a <p> in button scope?"), so 20,000 nested ``<div>``\\s in one
``<h1>`` take seconds and a million take hours. :func:`bound_depth` scans the
markup once, keeping an estimate of that stack, and drops the start and end
tags that would nest deeper than ``Options.max_html_depth`` (a block tag
becomes a space so words stay apart). Past that depth the readers keep the
words and ignore the structure anyway, so nothing else changes; a page within
the limit is returned untouched.

>>> bound_depth("<div>" * 3 + "deep" + "</div>" * 3, 2)
'<div><div> deep </div></div>'
>>> page = "<p>Fine.</p>"
>>> bound_depth(page, 2) is page
True
"""

from __future__ import annotations

import re
from collections import Counter

from ficlens.rules.html import BLOCK_TAGS

__all__ = ["bound_depth"]

# A comment (to its end, or to the end of the page if unclosed), or a tag: its
# slash and name. ``[^<>]*`` stops at the next "<", so the scan is linear
# even on a page of unclosed tags.
_TOKEN = re.compile(r"<!--.*?(?:-->|\Z)|<(/?)([A-Za-z][A-Za-z0-9:_-]*)[^<>]*>?", re.DOTALL)

# Elements whose content is not markup: the scan skips to their end tag.
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "noembed", "noframes"})

# Elements that never hold children, or that the parser closes by itself
# when a sibling starts (<p>, <li>, table rows): they do not deepen the estimate.
_FLAT = frozenset(
    {
        *("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"),
        *("param", "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th"),
        *("thead", "tbody", "tfoot", "option", "optgroup", "rb", "rt", "rp", "rtc"),
        *("colgroup", "caption", "html", "head", "body"),
    }
)


def bound_depth(html: str, limit: int) -> str:
    """``html`` without the tags nested deeper than ``limit`` (see the module example)."""
    if html.count("<") <= limit:
        return html  # too few tags to nest that deep
    pieces: list[str] = []
    stack: list[str] = []
    open_count: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    kept_to = 0  # html[:kept_to] is in ``pieces`` already
    position = 0
    while (token := _TOKEN.search(html, position)) is not None:
        position = token.end()
        name = (token.group(2) or "").lower()
        if not name:
            continue  # a comment
        if token.group(1):  # an end tag
            if dropped[name]:
                dropped[name] -= 1
            else:
                if open_count[name]:
                    while (top := stack.pop()) != name:
                        open_count[top] -= 1
                    open_count[name] -= 1
                continue
        elif name in _RAW_TEXT:
            end = re.compile(f"</{name}", re.IGNORECASE).search(html, position)
            position = end.start() if end is not None else len(html)
            continue
        elif name in _FLAT:
            continue
        elif len(stack) < limit:
            stack.append(name)
            open_count[name] += 1
            continue
        else:
            dropped[name] += 1
        pieces.append(html[kept_to : token.start()])
        pieces.append(" " if name in BLOCK_TAGS else "")
        kept_to = position
    if not pieces:
        return html
    pieces.append(html[kept_to:])
    return "".join(pieces)
