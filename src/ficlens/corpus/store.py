"""The output folder: Parquet parts committed a batch at a time, exactly once.

Layout of ``OUTDIR``::

    _corpus.json                  schema id and settings of the folder
    works/part-000000.parquet     one part per table per batch
    characters/part-000000.parquet
    spans/ interactions/ errors/  (the same)
    _batches/batch-000000.json    the batch's manifest, written last

A batch commits in three steps: every table's part is written under a
hidden temporary name and fsynced; each is renamed to its final name; then
the manifest is written the same way. A batch exists only once its manifest
does. Opening the folder again deletes temporary files and parts without a
manifest (a run killed mid-commit), and reads the content hashes of every
committed work and error, so a resumed run skips them: each work is
recorded exactly once however often the run is interrupted.

>>> part_name(7)
'part-000007.parquet'
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from ficlens.corpus.rows import WorkResult
from ficlens.corpus.schema import SCHEMA_ID, TABLES, empty_table, to_table
from ficlens.errors import FiclensError

__all__ = ["Batch", "Store", "committed_parts", "part_name", "read_settings"]

SETTINGS = "_corpus.json"
MANIFESTS = "_batches"
_LOCK = "_lock"
_PART = re.compile(r"^part-(\d{6,})\.parquet$")
_MANIFEST = re.compile(r"^batch-(\d{6,})\.json$")


def part_name(batch: int) -> str:
    """The file name of a batch's part in every table's folder."""
    return f"part-{batch:06d}.parquet"


class Batch:
    """Rows of finished works, held as Arrow tables until the batch commits."""

    def __init__(self, with_text: bool) -> None:
        self.with_text = with_text
        self.pieces: dict[str, list[Any]] = {table: [] for table in TABLES}
        self.works = 0
        self.spans = 0

    def add(self, result: WorkResult) -> None:
        """Add one work's rows (or its error row)."""
        self.works += 1
        if result.error is not None:
            columns = {name: [value] for name, value in asdict(result.error).items()}
            self.pieces["errors"].append(to_table("errors", columns))
            return
        for table, columns in result.tables.items():
            self.pieces[table].append(to_table(table, columns, self.with_text))
        self.spans += len(result.tables["spans"].get("kind", ()))

    def table(self, name: str) -> Any:
        if not self.pieces[name]:
            return empty_table(name, self.with_text)
        return pa.concat_tables(self.pieces[name])


class Store:
    """An output folder opened for writing, locked against a second writer."""

    def __init__(self, outdir: str | os.PathLike[str], with_text: bool = False) -> None:
        self.root = Path(outdir)
        self.with_text = with_text
        self.done: set[str] = set()  # content hashes of works and errors committed
        self.done_unhashed: set[tuple[str, str | None]] = set()  # errors with no hash
        self.next_batch = 0
        self.committed_works = 0
        self._lock: int | None = None

    def __enter__(self) -> Store:
        self._open()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor releases the lock
            self._lock = None

    def _open(self) -> None:
        settings = {"schema": SCHEMA_ID, "with_text": self.with_text}
        if self.root.exists() and not self.root.is_dir():
            raise FiclensError(f"{self.root}: is a file; give a folder for the output")
        existing = read_settings(self.root) if (self.root / SETTINGS).exists() else None
        if existing is None and self.root.exists() and any(self.root.iterdir()):
            raise FiclensError(f"{self.root}: not empty and not a ficlens corpus; choose a folder")
        for table in (*TABLES, MANIFESTS):
            (self.root / table).mkdir(parents=True, exist_ok=True)
        self._lock = _take_lock(self.root / _LOCK)
        if existing is None:
            _write_atomically(self.root / SETTINGS, json.dumps(settings, indent=1).encode())
        elif existing.get("with_text", False) != self.with_text:
            state = "with" if existing.get("with_text") else "without"
            raise FiclensError(f"{self.root}: was written {state} --with-text; run it the same way")
        batches = self._clean()
        self.next_batch = max(batches, default=-1) + 1
        self._load_done(batches)

    def _clean(self) -> list[int]:
        """Delete temporary files and parts of uncommitted batches; list committed ones."""
        batches = []
        for entry in (self.root / MANIFESTS).iterdir():
            match = _MANIFEST.match(entry.name)
            if match:
                batches.append(int(match.group(1)))
            elif entry.name.endswith(".tmp"):
                entry.unlink()
        committed = set(batches)
        for table in TABLES:
            for entry in (self.root / table).iterdir():
                match = _PART.match(entry.name)
                stale = match is not None and int(match.group(1)) not in committed
                if stale or entry.name.endswith(".tmp"):
                    entry.unlink()
        return sorted(batches)

    def _load_done(self, batches: list[int]) -> None:
        for batch in batches:
            works = pq.read_table(self.root / "works" / part_name(batch), columns=["work"])
            self.done.update(works.column("work").to_pylist())
            self.committed_works += works.num_rows
            errors = pq.read_table(
                self.root / "errors" / part_name(batch), columns=["path", "member", "work"]
            )
            self.committed_works += errors.num_rows
            for path, member, work in zip(*errors.to_pydict().values(), strict=True):
                if work is None:
                    self.done_unhashed.add((path, member))
                else:
                    self.done.add(work)

    def commit(self, batch: Batch) -> int:
        """Write ``batch`` as the next batch, all tables or none; return its number."""
        number = self.next_batch
        name = part_name(number)
        temporaries = []
        manifest: dict[str, Any] = {"schema": SCHEMA_ID, "batch": number, "tables": {}}
        for table in TABLES:
            data = batch.table(table)
            temporary = self.root / table / f".{name}.tmp"
            pq.write_table(data, temporary, compression="zstd")
            _fsync(temporary)
            temporaries.append((temporary, self.root / table / name))
            manifest["tables"][table] = {"file": f"{table}/{name}", "rows": data.num_rows}
        for temporary, final in temporaries:
            os.replace(temporary, final)
        for table in TABLES:
            _fsync(self.root / table)
        body = json.dumps(manifest, indent=1).encode()
        _write_atomically(self.root / MANIFESTS / f"batch-{number:06d}.json", body)
        self.next_batch += 1
        self.committed_works += batch.works
        return number


def read_settings(root: Path) -> dict[str, Any]:
    """The folder's ``_corpus.json``; refuses a folder of another schema."""
    try:
        settings: dict[str, Any] = json.loads((root / SETTINGS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        message = f"{root}: not a ficlens corpus output (no readable {SETTINGS})"
        raise FiclensError(message) from None
    if settings.get("schema") != SCHEMA_ID:
        raise FiclensError(f"{root}: written with schema {settings.get('schema')}, not {SCHEMA_ID}")
    return settings


def committed_parts(root: Path, table: str) -> list[Path]:
    """The parts of ``table`` whose batch committed, in batch order."""
    read_settings(root)
    folder = root / MANIFESTS
    numbers = sorted(int(m.group(1)) for e in folder.iterdir() if (m := _MANIFEST.match(e.name)))
    return [root / table / part_name(number) for number in numbers]


def _take_lock(path: Path) -> int:
    import fcntl

    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        raise FiclensError(f"{path.parent}: another ficlens corpus run is writing here") from None
    return handle


def _fsync(path: Path) -> None:
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _write_atomically(path: Path, body: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    with _opened(temporary) as handle:
        os.write(handle, body)
        os.fsync(handle)
    os.replace(temporary, path)
    _fsync(path.parent)


@contextmanager
def _opened(path: Path) -> Iterator[int]:
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        yield handle
    finally:
        os.close(handle)
