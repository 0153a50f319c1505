"""The HTML report: one self-contained page from the view model and a template.

The page template, stylesheet and script live in ``ficlens/data/report.*``.
Every piece of story text and metadata is escaped with :func:`html.escape`;
data for the script is JSON inside ``<script type="application/json">`` with
``<``, ``>`` and ``&`` written as ``\\u003c`` escapes; and a
Content-Security-Policy allows only the page's own style and script (by
hash), no inline event handler, no network request at all, and no
string-to-HTML sink in the script (Trusted Types).

>>> from ficlens import analyze_text
>>> page = render_report(analyze_text('"<script>alert(1)</script>," she said.'))
>>> "<script>alert" in page, "&lt;script&gt;alert(1)" in page
(False, True)
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import cache
from html import escape
from importlib import resources
from typing import Any

from ficlens.model import Story
from ficlens.write import charts
from ficlens.write.report_model import build_view

_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
_CAST_COLUMNS = ("Character", "Gender", "Lines", "Spoken", "Thought")
_FINDING_TITLES = {
    "untagged-dialogue": "Untagged dialogue runs",
    "head-hopping": "Point of view shifts inside a scene",
    "thought-outside-pov": "Thoughts outside the scene's point of view",
    "no-speaker": "Lines with no plausible speaker",
    "said-bookism": "Said-bookisms",
}


@cache
def _asset(name: str) -> str:
    return (resources.files("ficlens") / "data" / name).read_text(encoding="utf-8")


def render_report(story: Story) -> str:
    """The whole report page for ``story``."""
    return render_view(build_view(story))


def render_view(view: dict[str, Any]) -> str:
    """Fill the page template with a view model from :func:`build_view`."""
    css, script = _asset("report.css"), _asset("report.js")
    parts = {
        "csp": escape(_csp(css, script)),
        "title": escape(view["title"]),
        "css": css,
        "header": _header(view),
        "cast": _cast(view["cast"]),
        "charts": _charts(view),
        "checks": _checks(view),
        "story": _story(view),
        "data": json_for_script({"cast": view["cast"], "lines": view["lines"]}),
        "script": script,
    }
    return _PLACEHOLDER.sub(lambda match: parts[match.group(1)], _asset("report.html"))


def json_for_script(data: Any) -> str:
    """JSON that cannot close its ``<script>`` element or start markup.

    >>> json_for_script({"t": "</script><b>&"})
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _csp(css: str, script: str) -> str:
    def digest(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")

    return (
        f"default-src 'none'; style-src 'sha256-{digest(css)}'; "
        f"script-src 'sha256-{digest(script)}'; img-src data:; "
        "base-uri 'none'; form-action 'none'; "
        # DOM sinks such as innerHTML throw: the script writes only textContent.
        "require-trusted-types-for 'script'; trusted-types 'none'"
    )


def _header(view: dict[str, Any]) -> str:
    rows = "".join(
        f"<dt>{escape(row['label'])}</dt><dd>"
        + "".join(f'<span class="tag">{escape(str(v))}</span>' for v in row["values"])
        + "</dd>"
        for row in view["meta"]
    )
    out = f"<h1>{escape(view['title'])}</h1>"
    if rows:
        out += f'<dl class="meta">{rows}</dl>'
    if view["summary"]:
        out += f'<blockquote class="summary">{escape(view["summary"])}</blockquote>'
    return out


def _cast(cast: list[dict[str, Any]]) -> str:
    if not cast:
        return '<p class="empty">No characters found yet: every line shows as unknown.</p>'
    rows = []
    for c in cast:
        aliases = ", ".join(c["aliases"])
        rows.append(
            f'<tr><td><button type="button" class="who" data-k="{c["k"]}" aria-pressed="false">'
            f'<span class="dot f {escape(c["colour"])}"></span>{escape(c["name"])}</button>'
            f"{f'<br><small>{escape(aliases)}</small>' if aliases else ''}</td>"
            f"<td>{escape(c['gender'])}</td><td>{c['lines']:,}</td>"
            f"<td>{c['spoken']:,}</td><td>{c['thought']:,}</td></tr>"
        )
    head = "".join(f'<th scope="col">{name}</th>' for name in _CAST_COLUMNS)
    return (
        f'<div class="scroll"><table class="cast"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _charts(view: dict[str, Any]) -> str:
    cast = view["cast"]
    figures = [
        ("Narration, speech and thought", charts.share_chart(view["shares"])),
        ("Words per character", charts.bars_chart(cast)),
        ("Who talks to whom", charts.network_chart(view["network"], cast)),
        ("Emotion arc", charts.arc_chart(view["emotion"], cast)),
        ("Point of view by scene", charts.pov_chart(view["pov"], cast)),
    ]
    return "".join(
        f"<figure><figcaption>{escape(caption)}</figcaption>{svg}</figure>"
        for caption, svg in figures
    )


def _checks(view: dict[str, Any]) -> str:
    out = []
    for group in view["findings"]:
        title = escape(_FINDING_TITLES.get(group["kind"], group["kind"]))
        items = "".join(
            f'<li><a href="#{escape(f["anchor"])}">{escape(f["message"])}</a></li>'
            for f in group["shown"]
        )
        if group["more"]:
            items += f'<li class="more">and {group["more"]:,} more</li>'
        body = f"<ol>{items}</ol>" if items else '<p class="empty">None found.</p>'
        out.append(
            f"<details{' open' if 0 < group['count'] <= 10 else ''}><summary>{title} "
            f'<span class="count">{group["count"]:,}</span></summary>{body}</details>'
        )
    tags = "".join(
        f'<li class="{"plain" if t["plain"] else "bookism"}"><a href="#{escape(t["anchor"])}">'
        f"{escape(t['verb'])}</a> {t['count']:,}</li>"
        for t in view["tags"]
    )
    out.append(
        "<details><summary>Dialogue tags by frequency "
        f'<span class="count">{len(view["tags"]):,}</span></summary>'
        f'<ul class="tags">{tags}</ul></details>'
    )
    return "".join(out)


def _story(view: dict[str, Any]) -> str:
    out: list[str] = []
    for chapter in view["chapters"]:
        label = escape(chapter["title"] or "Chapter")
        out.append(f'<section class="ch" id="{chapter["id"]}" aria-label="{label}">')
        for number, scene in enumerate(chapter["scenes"]):
            if number:
                out.append('<hr class="break">')
            out.append(f'<div class="scene" id="{scene["id"]}">')
            out.extend(_paragraph(p) for p in scene["paragraphs"])
            out.append("</div>")
        out.append("</section>")
    return "".join(out)


def _paragraph(paragraph: dict[str, Any]) -> str:
    tag = "h2" if paragraph["role"] == "hd" else "p"
    role = f' class="{paragraph["role"]}"' if paragraph["role"] else ""
    inner = "".join(_piece(piece) for piece in paragraph["pieces"])
    return f'<{tag} id="{paragraph["id"]}"{role}>{inner}</{tag}>'


def _piece(piece: dict[str, Any]) -> str:
    if "line" not in piece:
        return escape(piece["text"], quote=False)
    return (
        f'<span class="{piece["classes"]}" id="l{piece["line"]}" tabindex="0">'
        f"{escape(piece['text'], quote=False)}</span>"
    )
