"""SQL over a corpus folder with DuckDB: one view per table.

Each view reads the table's committed parts (``read_parquet`` over
``OUTDIR/works/*.parquet`` when every part there is committed, else the
manifests' list), so a query never sees a half-written batch. Results stream
out in Arrow batches: to the terminal, or to a CSV or Parquet file written
atomically.

>>> import tempfile
>>> from pathlib import Path
>>> from ficlens.corpus import CorpusOptions, run_corpus
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text('"Hi," she said.')
>>> _ = run_corpus([str(folder / "a.txt")], folder / "out", CorpusOptions(jobs=1, quiet=True))
>>> query(folder / "out", "SELECT words, speech_spans FROM works").read_all().to_pylist()
[{'words': 3, 'speech_spans': 1}]
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.csv as pacsv  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from ficlens.corpus.schema import TABLES, empty_table
from ficlens.corpus.store import committed_parts, read_settings
from ficlens.errors import FiclensError

__all__ = ["connect", "query", "write_result"]

_BATCH_ROWS = 65_536


def connect(outdir: str | os.PathLike[str]) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with a view per table of ``outdir``."""
    root = Path(outdir)
    if not root.is_dir():
        raise FiclensError(f"{root}: no such folder")
    with_text = bool(read_settings(root).get("with_text", False))
    connection = duckdb.connect()
    for table in TABLES:
        parts = committed_parts(root, table)
        if not parts:
            connection.register(table, empty_table(table, with_text))
            continue
        on_disk = sorted((root / table).glob("part-*.parquet"))
        source = _sql_string(str(root / table / "*.parquet")) if on_disk == parts else None
        source = source or "[" + ", ".join(_sql_string(str(part)) for part in parts) + "]"
        connection.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({source})")
    return connection


def query(outdir: str | os.PathLike[str], sql: str) -> Any:
    """Run ``sql`` over the corpus; a ``pyarrow.RecordBatchReader`` of the result."""
    connection = connect(outdir)
    try:
        relation = connection.sql(sql)
        if relation is None:  # a statement with no result, such as CREATE
            relation = connection.sql("SELECT 'ok' AS result")
        reader = getattr(relation, "to_arrow_reader", None) or relation.record_batch
        return reader(_BATCH_ROWS)  # type: ignore[operator]
    except duckdb.Error as error:
        raise FiclensError(f"the query failed: {_first_line(error)}") from None


def write_result(reader: Any, path: str | os.PathLike[str]) -> int:
    """Write a query result to ``path`` (.csv or .parquet), atomically; return the rows."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise FiclensError(f"{target}: write the result to a .csv or .parquet file")
    if not target.parent.is_dir():
        raise FiclensError(f"{target}: the folder {target.parent} does not exist")
    prefix = f".{target.name}."
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=prefix, suffix=".tmp")
    os.close(handle)
    rows = 0
    try:
        writer_type = pq.ParquetWriter if suffix == ".parquet" else pacsv.CSVWriter
        with writer_type(temporary, reader.schema) as writer:
            for batch in reader:
                writer.write_batch(batch)
                rows += batch.num_rows
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return rows


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _first_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


def table_rows(reader: Any, limit: int) -> tuple[list[str], list[list[Any]], int]:
    """Column names, up to ``limit`` rows as Python values, and the total row count."""
    names: list[str] = list(reader.schema.names)
    rows: list[list[Any]] = []
    total = 0
    for batch in reader:
        total += batch.num_rows
        if len(rows) < limit:
            piece = batch.slice(0, limit - len(rows))
            columns = [piece.column(i).to_pylist() for i in range(piece.num_columns)]
            rows.extend(list(row) for row in zip(*columns, strict=True))
    return names, rows, total
