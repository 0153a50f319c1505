"""The view model of the HTML report: a story turned into plain dicts and lists.

Nothing here is HTML; :mod:`ficlens.write.report` fills a template with these
values and escapes every piece of story text on the way. Characters get a
colour by their position in the cast (most words first), never from input.

>>> from ficlens import analyze_text
>>> view = build_view(analyze_text('"Hi," she said.'))
>>> piece = view["chapters"][0]["scenes"][0]["paragraphs"][0]["pieces"][0]
>>> piece["text"], piece["classes"]
('"Hi,"', 's sp cu')
>>> view["lines"][0]["speakers"]
[]
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from itertools import groupby
from typing import Any

from ficlens.analysis.checks import Finding, FindingKind, dialogue_tags, run_checks
from ficlens.analysis.emotion import character_arcs, load_lexicon, scene_arc
from ficlens.analysis.stats import (
    VOICED,
    CharacterStats,
    character_stats,
    interactions,
    kind_shares,
)
from ficlens.model import Metadata, Paragraph, Role, Span, SpanKind, Story
from ficlens.rules.checks import LOW_CONFIDENCE
from ficlens.write.xmltext import story_title

PALETTE_SIZE = 9  # colour classes c0..c8 in report.css; later characters share "cx"
ARC_CHARACTERS = 4  # main characters drawn on the emotion arc
NETWORK_CHARACTERS = 10  # characters placed on the who-talks-to-whom circle
FINDINGS_SHOWN = 50  # findings listed per kind; the rest are counted
_KIND_CLASS = {SpanKind.SPEECH: "sp", SpanKind.THOUGHT: "th", SpanKind.MESSAGE: "ms"}
_ROLE_CLASS = {Role.BODY: "", Role.TITLE: "ttl", Role.HEADING: "hd", Role.NOTE: "note"}
_MARKERS = "*_"  # Markdown emphasis kept in a thought's outer range


def build_view(story: Story) -> dict[str, Any]:
    """Everything the report shows, as JSON-ready data."""
    cast = character_stats(story)
    index = {c.id: i for i, c in enumerate(cast)}
    lines = _voiced(story)
    view: dict[str, Any] = {
        "title": story_title(story),
        "meta": _meta(story.metadata),
        "summary": story.metadata.summary,
        "cast": [_cast_entry(i, c) for i, c in enumerate(cast)],
        "lines": [_line(story, span, index) for span in lines],
        "chapters": _chapters(story, index),
        "shares": [
            {"kind": s.kind.value, "spans": s.spans, "words": s.words, "share": s.share}
            for s in kind_shares(story)
        ],
        "network": _network(story, cast, index),
        "emotion": _emotion(story, cast, index),
        "pov": _pov(story, index),
    }
    anchors = _Anchors(story, lines)
    view["findings"] = _findings(run_checks(story), anchors)
    view["tags"] = [
        {"verb": t.verb, "count": t.count, "plain": t.plain, "anchor": anchors(t.first)}
        for t in dialogue_tags(story)
    ]
    return view


def colour_class(position: int | None) -> str:
    """The CSS colour class of the character at ``position`` in the cast.

    >>> colour_class(0), colour_class(8), colour_class(9), colour_class(None)
    ('c0', 'c8', 'cx', 'cu')
    """
    if position is None:
        return "cu"
    return f"c{position}" if position < PALETTE_SIZE else "cx"


def _meta(meta: Metadata) -> list[dict[str, Any]]:
    rows = [
        ("Author", meta.authors), ("Fandom", meta.fandoms), ("Rating", meta.rating),
        ("Warnings", meta.warnings), ("Categories", meta.categories),
        ("Relationships", meta.relationships), ("Characters", meta.characters),
        ("Tags", meta.additional_tags), ("Language", meta.language),
        ("Published", meta.published), ("Updated", meta.updated), ("Chapters", meta.chapters),
        ("Source", meta.url),
    ]  # fmt: skip
    result = []
    for label, value in rows:
        values = list(value) if isinstance(value, tuple) else [value] if value else []
        if values:
            result.append({"label": label, "values": values})
    return result


def _cast_entry(position: int, c: CharacterStats) -> dict[str, Any]:
    return {
        "k": position,
        "id": c.id,
        "name": c.name,
        "aliases": [a for a in c.aliases if a != c.name],
        "gender": c.gender.value,
        "lines": c.lines,
        "spoken": c.words_spoken,
        "thought": c.words_thought,
        "colour": colour_class(position),
    }


def _voiced(story: Story) -> list[Span]:
    return [span for span in story.spans if span.kind in VOICED]


def _line(story: Story, span: Span, index: dict[str, int]) -> dict[str, Any]:
    evidence = span.evidence
    return {
        "kind": span.kind.value,
        "speakers": [index[s] for s in span.speaker if s in index],
        "addressees": [index[a] for a in span.addressee if a in index],
        "confidence": span.confidence,
        "rule": evidence.rule if evidence else None,
        "evidence": evidence.text if evidence else None,
    }


def _classes(span: Span, index: dict[str, int]) -> str:
    positions = [index[s] for s in span.speaker if s in index]
    classes = ["s", _KIND_CLASS[span.kind], colour_class(positions[0] if positions else None)]
    classes.extend(f"k{p}" for p in positions)
    if positions and span.confidence is not None and span.confidence < LOW_CONFIDENCE:
        classes.append("low")
    return " ".join(classes)


def _chapters(story: Story, index: dict[str, int]) -> list[dict[str, Any]]:
    """Chapters holding scenes holding paragraphs holding pieces of text."""
    scenes = list(story.scenes)
    starts = [scene.start for scene in scenes]
    titles = [c.title for c in story.chapters] or [None]
    view: list[dict[str, Any]] = [
        {"id": f"ch{i}", "title": title, "scenes": []} for i, title in enumerate(titles)
    ]
    scene_views: dict[int, dict[str, Any]] = {}
    line = 0
    for number, spans in groupby(story.spans, key=lambda s: s.paragraph):
        group = list(spans)
        paragraph = story.paragraphs[number] if story.paragraphs else None
        scene = max(0, bisect.bisect_right(starts, group[0].start) - 1)
        if scene not in scene_views:
            chapter = min(scenes[scene].chapter, len(view) - 1) if scenes else 0
            scene_views[scene] = {"id": f"sc{scene}", "number": scene + 1, "paragraphs": []}
            view[chapter]["scenes"].append(scene_views[scene])
        pieces = list(_pieces(story, group, index, line))
        line += sum(1 for span in group if span.kind in VOICED)
        scene_views[scene]["paragraphs"].append(_paragraph(number, paragraph, pieces))
    return [chapter for chapter in view if chapter["scenes"]]


def _paragraph(number: int, paragraph: Paragraph | None, pieces: list[Any]) -> dict[str, Any]:
    role = paragraph.role if paragraph else Role.BODY
    return {"id": f"p{number}", "role": _ROLE_CLASS[role], "pieces": pieces}


def _pieces(
    story: Story, spans: list[Span], index: dict[str, int], line: int
) -> Iterator[dict[str, Any]]:
    """Plain text pieces, and one marked piece per speech, thought or message."""
    text = story.text
    for span in spans:
        outer = text[span.outer_start : span.outer_end]
        if span.kind not in VOICED:
            yield {"text": outer}
            continue
        inner_start, inner_end = _marked_range(text, span)
        before = text[span.outer_start : inner_start]
        after = text[inner_end : span.outer_end]
        if span.kind is SpanKind.THOUGHT:
            before, after = _unmark(before), _unmark(after)
        if before:
            yield {"text": before}
        yield {
            "text": text[inner_start:inner_end],
            "line": line,
            "kind": span.kind.value,
            "classes": _classes(span, index),
        }
        line += 1
        if after:
            yield {"text": after}


def _marked_range(text: str, span: Span) -> tuple[int, int]:
    """Speech keeps its quotation marks; a thought shows only its words."""
    if span.kind is SpanKind.THOUGHT:
        return span.start, span.end
    start, end = span.outer_start, span.outer_end
    while start < span.start and text[start].isspace():
        start += 1
    while end > span.end and text[end - 1].isspace():
        end -= 1
    return start, end


def _unmark(text: str) -> str:
    return text if text.strip(_MARKERS + " \t\n") else text.strip(_MARKERS)


def _network(story: Story, cast: list[CharacterStats], index: dict[str, int]) -> dict[str, Any]:
    talkers = [c for c in cast if c.lines][:NETWORK_CHARACTERS]
    placed = {c.id for c in talkers}
    edges = [
        {"from": index[i.speaker], "to": index[i.addressee], "lines": i.lines, "words": i.words}
        for i in interactions(story)
        if i.speaker in placed and i.addressee in placed
    ]
    return {"nodes": [index[c.id] for c in talkers], "edges": edges}


def _emotion(story: Story, cast: list[CharacterStats], index: dict[str, int]) -> dict[str, Any]:
    lexicon = load_lexicon()
    if lexicon is None:
        return {"available": False, "scenes": [], "characters": []}
    main = [c.id for c in cast if c.lines][:ARC_CHARACTERS]
    arcs = character_arcs(story, lexicon, main)
    return {
        "available": True,
        "scenes": [round(v, 3) for v in scene_arc(story, lexicon)],
        "characters": [
            {
                "k": index[a.id],
                "scenes": [None if v is None else round(v, 3) for v in a.scenes],
                "overall": round(a.overall, 3),
            }
            for a in arcs
        ],
    }


def _pov(story: Story, index: dict[str, int]) -> list[dict[str, Any]]:
    return [
        {
            "scene": number + 1,
            "chapter": scene.chapter + 1,
            "length": scene.end - scene.start,
            "pov": index.get(scene.pov) if scene.pov else None,
            "person": scene.person.value if scene.person else None,
        }
        for number, scene in enumerate(story.scenes)
    ]


class _Anchors:
    """Callable: the element id nearest an offset (a marked line, else its paragraph)."""

    def __init__(self, story: Story, lines: list[Span]) -> None:
        self.line_starts = [s.start for s in lines]
        self.line_ends = [s.end for s in lines]
        self.paragraph_starts = [p.start for p in story.paragraphs]

    def __call__(self, offset: int) -> str:
        at = bisect.bisect_right(self.line_starts, offset) - 1
        if at >= 0 and offset < self.line_ends[at]:
            return f"l{at}"
        return f"p{max(0, bisect.bisect_right(self.paragraph_starts, offset) - 1)}"


def _findings(findings: list[Finding], anchors: _Anchors) -> list[dict[str, Any]]:
    result = []
    for kind in FindingKind:
        found = [f for f in findings if f.kind is kind]
        shown = [{"message": f.message, "anchor": anchors(f.start)} for f in found]
        result.append(
            {
                "kind": kind.value,
                "count": len(found),
                "shown": shown[:FINDINGS_SHOWN],
                "more": max(0, len(found) - FINDINGS_SHOWN),
            }
        )
    return result
