"""One row per span, as CSV or JSON Lines, and back.

Columns: kind, start, end, text, speaker, addressee, confidence, rule. In CSV
several speakers are joined with ";" and a missing confidence is empty; in
JSON Lines they are lists and null.

>>> from ficlens.model import Evidence, Source, Span, SpanKind, Story
>>> text = '"Hi," she said.'
>>> spans = (
...     Span(SpanKind.SPEECH, 1, 4, 0, 5, 0, ("ann",), (), 0.9, Evidence("explicit-tag")),
...     Span(SpanKind.NARRATION, 6, 15, 5, 15, 0),
... )
>>> story = Story(text=text, source=Source(text=text), spans=spans)
>>> print(to_csv(story), end="")
kind,start,end,text,speaker,addressee,confidence,rule
speech,1,4,"Hi,",ann,,0.9,explicit-tag
narration,6,15,she said.,,,,
>>> read_jsonl(to_jsonl(story)) == rows(story)
True
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, fields

from ficlens.model import Story

_SEPARATOR = ";"  # joins several speaker ids in one CSV cell


@dataclass(frozen=True, slots=True)
class SpanRow:
    """A span flattened for tables; ``text`` is the span's words."""

    kind: str
    start: int
    end: int
    text: str
    speaker: tuple[str, ...]
    addressee: tuple[str, ...]
    confidence: float | None
    rule: str | None


COLUMNS = tuple(f.name for f in fields(SpanRow))


def rows(story: Story) -> list[SpanRow]:
    """The story's spans as rows, in story order."""
    return [
        SpanRow(
            span.kind.value,
            span.start,
            span.end,
            story.span_text(span),
            span.speaker,
            span.addressee,
            span.confidence,
            span.evidence.rule if span.evidence else None,
        )
        for span in story.spans
    ]


def to_csv(story: Story) -> str:
    """RFC 4180 CSV with a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows(story):
        writer.writerow(
            [
                row.kind, row.start, row.end, row.text,
                _SEPARATOR.join(row.speaker), _SEPARATOR.join(row.addressee),
                "" if row.confidence is None else repr(row.confidence), row.rule or "",
            ]
        )  # fmt: skip
    return out.getvalue()


def read_csv(text: str) -> list[SpanRow]:
    """Rows from :func:`to_csv` output."""
    return [
        SpanRow(
            record["kind"],
            int(record["start"]),
            int(record["end"]),
            record["text"],
            _ids(record["speaker"]),
            _ids(record["addressee"]),
            float(record["confidence"]) if record["confidence"] else None,
            record["rule"] or None,
        )
        for record in csv.DictReader(io.StringIO(text, newline=""))
    ]


def _ids(cell: str) -> tuple[str, ...]:
    return tuple(cell.split(_SEPARATOR)) if cell else ()


def to_jsonl(story: Story) -> str:
    """One JSON object per line."""
    return "".join(json.dumps(asdict(row), ensure_ascii=False) + "\n" for row in rows(story))


def read_jsonl(text: str) -> list[SpanRow]:
    """Rows from :func:`to_jsonl` output."""
    result = []
    for line in text.splitlines():
        if line.strip():
            record = json.loads(line)
            record["speaker"] = tuple(record["speaker"])
            record["addressee"] = tuple(record["addressee"])
            result.append(SpanRow(**record))
    return result
