"""The corpus tables (schema ``ficlens-corpus/1``) as Arrow schemas.

``docs/corpus.md`` documents every column. Each Parquet part carries the
schema id, the table name and the ficlens version in its file metadata, so a
part read on its own still says what it is.

>>> TABLES
('works', 'characters', 'spans', 'interactions', 'errors')
>>> schema_for("errors").names
['path', 'member', 'work', 'error', 'message']
>>> to_table("errors", {"path": ["a.txt"], "error": ["InputError"]}).num_rows
1
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]

from ficlens.corpus.rows import COUNTED_KINDS

__all__ = ["SCHEMA_ID", "TABLES", "TIMING_COLUMNS", "schema_for", "to_table"]

SCHEMA_ID = "ficlens-corpus/1"

TABLES: tuple[str, ...] = ("works", "characters", "spans", "interactions", "errors")

# Columns that differ between two runs over the same works (compare without them).
TIMING_COLUMNS: dict[str, tuple[str, ...]] = {"works": ("seconds",)}

_TEXT = pa.string()
_TEXTS = pa.list_(pa.string())
_COUNT = pa.int64()

_KIND_COUNTS = [
    (f"{kind.value}_{what}", _COUNT) for kind in COUNTED_KINDS for what in ("spans", "words")
]

_FIELDS: dict[str, list[tuple[str, Any]]] = {
    "works": [
        ("work", _TEXT), ("path", _TEXT), ("member", _TEXT), ("bytes", _COUNT),
        ("format", _TEXT), ("encoding", _TEXT), ("repairs", _TEXTS),
        ("title", _TEXT), ("authors", _TEXTS), ("fandoms", _TEXTS), ("rating", _TEXT),
        ("warnings", _TEXTS), ("categories", _TEXTS), ("relationships", _TEXTS),
        ("character_tags", _TEXTS), ("additional_tags", _TEXTS), ("language", _TEXT),
        ("published", _TEXT), ("updated", _TEXT), ("url", _TEXT),
        ("words", _COUNT), ("chapters", _COUNT), ("scenes", _COUNT), ("paragraphs", _COUNT),
        *_KIND_COUNTS,
        ("attributed_spans", _COUNT), ("narration_person", _TEXT), ("cast", _COUNT),
        ("pov_scenes", _COUNT), ("pov_characters", _TEXTS), ("pov_switches", _COUNT),
        ("multi_thinker_scenes", _COUNT), ("seconds", pa.float64()),
    ],
    "characters": [
        ("work", _TEXT), ("id", _TEXT), ("name", _TEXT), ("aliases", _TEXTS),
        ("gender", _TEXT), ("narrator", pa.bool_()), ("mentions", _COUNT), ("lines", _COUNT),
        ("words_spoken", _COUNT), ("words_thought", _COUNT),
    ],
    "spans": [
        ("work", _TEXT), ("index", _COUNT), ("kind", _TEXT), ("start", _COUNT), ("end", _COUNT),
        ("paragraph", _COUNT), ("chapter", _COUNT), ("scene", _COUNT), ("words", _COUNT),
        ("speaker", _TEXTS), ("addressee", _TEXTS), ("confidence", pa.float64()),
        ("rule", _TEXT), ("addressee_confidence", pa.float64()), ("addressee_rule", _TEXT),
    ],
    "interactions": [
        ("work", _TEXT), ("speaker", _TEXT), ("addressee", _TEXT), ("lines", _COUNT),
        ("words", _COUNT),
    ],
    "errors": [
        ("path", _TEXT), ("member", _TEXT), ("work", _TEXT), ("error", _TEXT),
        ("message", _TEXT),
    ],
}  # fmt: skip


def schema_for(table: str, with_text: bool = False) -> Any:
    """The Arrow schema of ``table``, with the schema id in its metadata."""
    from ficlens import __version__

    fields = list(_FIELDS[table])
    if table == "spans" and with_text:
        fields.append(("text", _TEXT))
    metadata = {"ficlens.schema": SCHEMA_ID, "ficlens.table": table, "ficlens.version": __version__}
    return pa.schema(fields, metadata=metadata)


def to_table(table: str, columns: dict[str, list[Any]], with_text: bool = False) -> Any:
    """Column lists (as a worker returns them) as an Arrow table of ``table``.

    Columns missing from ``columns`` are filled with nulls.
    """
    schema = schema_for(table, with_text)
    rows = max((len(values) for values in columns.values()), default=0)
    arrays = [
        pa.array(columns.get(name, [None] * rows), type=schema.field(name).type)
        for name in schema.names
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


def empty_table(table: str, with_text: bool = False) -> Any:
    """A table with no rows, for a table no batch has written yet."""
    return to_table(table, {}, with_text)
