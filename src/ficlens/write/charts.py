"""Hand-written SVG charts for the report, drawn from the view model.

Every chart is a small ``<svg>`` with a ``<title>`` for screen readers,
coloured only through CSS classes (``c0`` .. ``c8``, ``cx``, ``cu`` and the
span kinds), so the palette and dark mode live in the stylesheet. Every piece
of text drawn comes from the story and is escaped.

>>> svg = share_chart([{"kind": "speech", "share": 1.0, "words": 3, "spans": 1}])
>>> svg.startswith('<svg') and 'class="kind-speech"' in svg
True
>>> "&lt;b&gt;" in bars_chart([{"name": "<b>", "spoken": 3, "thought": 0, "colour": "c0"}])
True
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

_WIDTH = 400


def _svg(height: float, label: str, body: list[str], width: int = _WIDTH) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height:.0f}" width="{width}" '
        f'height="{height:.0f}" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>{''.join(body)}</svg>"
    )


def _text(x: float, y: float, words: str, cls: str = "", anchor: str = "start") -> str:
    extra = f' class="{cls}"' if cls else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{escape(words)}</text>'


def share_chart(shares: list[dict[str, Any]]) -> str:
    """One stacked bar: the share of words in narration, speech, thought, ..."""
    body: list[str] = []
    x = 0.0
    for number, share in enumerate(shares):
        width = share["share"] * _WIDTH
        tip = f"{share['kind']}: {share['share']:.1%} of words ({share['words']:,})"
        body.append(
            f'<rect class="kind-{escape(share["kind"])}" x="{x:.1f}" y="0" '
            f'width="{max(width, 0.5):.1f}" height="28"><title>{escape(tip)}</title></rect>'
        )
        column, row = number % 3, number // 3
        body.append(
            f'<rect class="kind-{escape(share["kind"])}" x="{column * 132}" '
            f'y="{40 + row * 20}" width="12" height="12"/>'
        )
        body.append(
            _text(column * 132 + 16, 51 + row * 20, f"{share['kind']} {share['share']:.0%}")
        )
        x += width
    rows = (len(shares) + 2) // 3
    return _svg(44 + rows * 20, "Share of words by kind of text", body)


def bars_chart(cast: list[dict[str, Any]], limit: int = 12) -> str:
    """Words spoken (solid) and thought (light) per character, most first."""
    shown = [c for c in cast if c["spoken"] + c["thought"]][:limit]
    if not shown:
        return '<p class="empty">No attributed lines yet.</p>'
    most = max(c["spoken"] + c["thought"] for c in shown)
    body: list[str] = []
    for row, character in enumerate(shown):
        y = row * 24
        spoken = character["spoken"] / most * 210
        thought = character["thought"] / most * 210
        colour = escape(character["colour"])
        tip = f"{character['name']}: {character['spoken']:,} words spoken, "
        tip += f"{character['thought']:,} thought"
        body.append(_text(120, y + 15, character["name"][:16], anchor="end"))
        body.append(
            f'<g><title>{escape(tip)}</title><rect class="f {colour}" x="128" y="{y + 3}" '
            f'width="{max(spoken, 1):.1f}" height="16"/><rect class="f thought {colour}" '
            f'x="{128 + spoken:.1f}" y="{y + 3}" width="{thought:.1f}" height="16"/></g>'
        )
        body.append(_text(134 + spoken + thought, y + 15, f"{character['spoken']:,}", "num"))
    return _svg(len(shown) * 24 + 4, "Words spoken and thought per character", body)


def network_chart(network: dict[str, Any], cast: list[dict[str, Any]]) -> str:
    """Who talks to whom: characters on a circle, edges as wide as the lines addressed."""
    nodes: list[int] = network["nodes"]
    if len(nodes) < 2 or not network["edges"]:
        return '<p class="empty">No addressed lines yet.</p>'
    size, radius = 400, 135
    where = {
        k: (
            size / 2 + radius * math.cos(2 * math.pi * i / len(nodes) - math.pi / 2),
            size / 2 + radius * math.sin(2 * math.pi * i / len(nodes) - math.pi / 2),
        )
        for i, k in enumerate(nodes)
    }
    most = max(edge["lines"] for edge in network["edges"])
    body: list[str] = []
    for edge in network["edges"]:
        (x1, y1), (x2, y2) = where[edge["from"]], where[edge["to"]]
        # Bend each direction to its own side so A→B and B→A stay apart.
        mx, my = (x1 + x2) / 2 + (y2 - y1) * 0.12, (y1 + y2) / 2 - (x2 - x1) * 0.12
        width = 1 + 7 * edge["lines"] / most
        tip = f"{cast[edge['from']]['name']} → {cast[edge['to']]['name']}: "
        tip += f"{edge['lines']} lines, {edge['words']} words"
        body.append(
            f'<path class="edge st {escape(cast[edge["from"]]["colour"])}" '
            f'd="M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} {x2:.1f},{y2:.1f}" '
            f'stroke-width="{width:.1f}"><title>{escape(tip)}</title></path>'
        )
    for k in nodes:
        x, y = where[k]
        character = cast[k]
        body.append(
            f'<circle class="f {escape(character["colour"])}" cx="{x:.1f}" cy="{y:.1f}" r="9">'
            f"<title>{escape(character['name'])}</title></circle>"
        )
        anchor = "start" if x > size / 2 + 1 else "end" if x < size / 2 - 1 else "middle"
        dx = 13 if anchor == "start" else -13 if anchor == "end" else 0
        dy = -14 if y < size / 2 and anchor == "middle" else 22 if anchor == "middle" else 4
        body.append(_text(x + dx, y + dy, character["name"][:20], "label", anchor))
    return _svg(size, "Who talks to whom", body, width=size)


def arc_chart(emotion: dict[str, Any], cast: list[dict[str, Any]]) -> str:
    """Sentiment per scene for the whole story and for the main characters."""
    if not emotion["available"]:
        return '<p class="empty">Install vaderSentiment for the emotion arc.</p>'
    scenes: list[float] = emotion["scenes"]
    if not scenes:
        return '<p class="empty">No scenes.</p>'
    height, top, plot = 220, 10, 160
    step = (_WIDTH - 40) / max(1, len(scenes) - 1)
    peak = max(0.2, *(abs(v) for v in scenes))
    for arc in emotion["characters"]:
        peak = max(peak, *(abs(v) for v in arc["scenes"] if v is not None), 0)

    def point(i: int, value: float) -> str:
        return f"{30 + i * step:.1f},{top + plot / 2 - value / peak * plot / 2:.1f}"

    body = [
        f'<line class="axis" x1="30" x2="{_WIDTH - 10}" y1="{top + plot / 2}" '
        f'y2="{top + plot / 2}"/>',
        _text(26, top + 8, "+", "num", "end"),
        _text(26, top + plot, "−", "num", "end"),
        f'<polyline class="arc" points="{" ".join(point(i, v) for i, v in enumerate(scenes))}">'
        "<title>whole story</title></polyline>",
    ]
    for arc in emotion["characters"]:
        colour = escape(cast[arc["k"]]["colour"])
        name = escape(cast[arc["k"]]["name"])
        for run in _runs(arc["scenes"]):
            points = " ".join(point(i, v) for i, v in run)
            shape = "polyline" if len(run) > 1 else "circle"
            if shape == "circle":
                x, y = point(*run[0]).split(",")
                body.append(f'<circle class="f {colour}" cx="{x}" cy="{y}" r="3"><title>{name}')
                body.append("</title></circle>")
            else:
                body.append(f'<polyline class="st char {colour}" points="{points}">')
                body.append(f"<title>{name}</title></polyline>")
    for i, arc in enumerate(emotion["characters"]):
        colour = escape(cast[arc["k"]]["colour"])
        body.append(
            f'<rect class="f {colour}" x="{30 + (i % 2) * 180}" y="{height - 36 + (i // 2) * 18}" '
        )
        body.append('width="12" height="12"/>')
        label = f"{cast[arc['k']]['name'][:16]} {arc['overall']:+.2f}"
        body.append(_text(46 + (i % 2) * 180, height - 26 + (i // 2) * 18, label))
    return _svg(height, "Emotion arc: sentiment per scene", body)


def _runs(values: list[float | None]) -> list[list[tuple[int, float]]]:
    """Consecutive scenes with a value, so gaps are not bridged by a line."""
    runs: list[list[tuple[int, float]]] = []
    current: list[tuple[int, float]] = []
    for i, value in enumerate(values):
        if value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append((i, value))
    if current:
        runs.append(current)
    return runs


def pov_chart(pov: list[dict[str, Any]], cast: list[dict[str, Any]]) -> str:
    """One bar per scene, as long as the scene, coloured by its point of view."""
    if not pov:
        return '<p class="empty">No scenes.</p>'
    total = sum(max(1, scene["length"]) for scene in pov)
    body: list[str] = []
    x = 0.0
    for scene in pov:
        width = max(1, scene["length"]) / total * _WIDTH
        k = scene["pov"]
        who = cast[k]["name"] if k is not None else "unknown"
        colour = cast[k]["colour"] if k is not None else "cu"
        tip = f"Scene {scene['scene']} (chapter {scene['chapter']}): point of view {who}"
        if scene["person"]:
            tip += f", {scene['person']} person"
        body.append(
            f'<rect class="f pov {escape(colour)}" x="{x:.1f}" y="0" width="{width:.1f}" '
            f'height="24"><title>{escape(tip)}</title></rect>'
        )
        x += width
    names = sorted({cast[s["pov"]]["name"] for s in pov if s["pov"] is not None})
    legend = ", ".join(names) if names else "unknown"
    if names and any(s["pov"] is None for s in pov):
        legend += ", unknown (grey)"
    body.append(_text(0, 42, f"Point of view: {legend}"))
    return _svg(48, "Point of view by scene", body)
