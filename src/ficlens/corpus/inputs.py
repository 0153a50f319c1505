"""Finding the works: files, folders (walked lazily), glob patterns and zip archives.

Each work found is a :class:`Found`: a :class:`~ficlens.corpus.rows.Job` and
the sha256 of its bytes (the driver skips works already done by that hash),
or an error row when it cannot even be read. Folders are walked one directory
at a time, in name order, skipping hidden entries and the output folder; a
zip archive is read member by member from its central directory, never
extracted to disk, and a member whose name is absolute or climbs out with
``..`` is refused, not followed. An EPUB (a zip with ``mimetype`` or
``META-INF/container.xml``) is one work, not an archive.

>>> safe_member("works/one.html"), safe_member("../etc/passwd"), safe_member("/abs.txt")
(True, False, False)
"""

from __future__ import annotations

import fnmatch
import glob
import hashlib
import os
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ficlens.corpus.config import CorpusOptions
from ficlens.corpus.rows import ErrorRow, Job
from ficlens.errors import FiclensError

__all__ = ["Found", "check_inputs", "count_works", "find_works", "safe_member"]

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_GLOB_CHARACTERS = frozenset("*?[")
# Entries a zip tool adds beside the works: macOS resource forks.
_ZIP_JUNK = ("__MACOSX/",)
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class Found:
    """One work to analyse (``job`` and its ``digest``), or why it cannot be read."""

    job: Job
    digest: str | None = None
    error: ErrorRow | None = None


def check_inputs(inputs: Iterable[str]) -> None:
    """Refuse a missing path or a pattern that matches nothing, before any work starts."""
    for given in inputs:
        if Path(given).exists():
            continue
        matches: Iterator[str] = glob.iglob(given, recursive=True)
        if _GLOB_CHARACTERS & set(given) and next(matches, None) is not None:
            continue
        raise FiclensError(f"{given}: no such file, folder or matching pattern")


def find_works(
    inputs: Iterable[str], options: CorpusOptions, exclude: Path | None = None
) -> Iterator[Found]:
    """Every work under ``inputs``, lazily, with the content hash of each."""
    for path, named in _paths(inputs, options, exclude):
        yield from _works_in(path, named, options)


def count_works(inputs: Iterable[str], options: CorpusOptions, exclude: Path | None = None) -> int:
    """How many works :func:`find_works` will yield (reads no work's bytes)."""
    total = 0
    for path, _ in _paths(inputs, options, exclude):
        members = _archive_members(path)
        total += 1 if members is None else max(1, members)
    return total


def safe_member(name: str) -> bool:
    """Whether a zip entry's name stays inside the archive."""
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return False
    return ".." not in posixpath.normpath(name).split("/")


def _paths(
    inputs: Iterable[str], options: CorpusOptions, exclude: Path | None
) -> Iterator[tuple[str, bool]]:
    """Candidate files, with whether each was named (not found by a walk)."""
    skip = exclude.resolve() if exclude else None
    for given in inputs:
        matches = [given] if Path(given).exists() else glob.iglob(given, recursive=True)
        for match in matches:
            if Path(match).is_dir():
                yield from ((path, False) for path in _walk(Path(match), options, skip))
            else:
                yield match, True


def _walk(folder: Path, options: CorpusOptions, skip: Path | None) -> Iterator[str]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            if skip is None or Path(entry.path).resolve() != skip:
                yield from _walk(Path(entry.path), options, skip)
        elif entry.is_file() and _included(entry.name, options.include):
            yield entry.path


def _included(name: str, patterns: tuple[str, ...]) -> bool:
    lowered = name.lower()
    return any(fnmatch.fnmatchcase(lowered, pattern.lower()) for pattern in patterns)


def _works_in(path: str, named: bool, options: CorpusOptions) -> Iterator[Found]:
    if _archive_members(path) is not None:
        yield from _zip_works(path, options)
        return
    limit = options.analysis.max_input_bytes
    try:
        size = os.stat(path).st_size
        if size > limit:
            message = f"{path}: the file is {size:,} bytes, over the limit of {limit:,}"
            yield _error(path, None, None, "InputError", message)
            return
        with open(path, "rb") as stream:
            digest = hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError as error:
        yield _error(path, None, None, "InputError", f"{path}: cannot read ({error.strerror})")
        return
    yield Found(Job(path), digest)


def _archive_members(path: str) -> int | None:
    """The number of entries if ``path`` is a zip archive of works, else None."""
    if path.lower().endswith(".epub"):
        return None
    try:
        with open(path, "rb") as stream:
            if stream.read(4) not in _ZIP_MAGIC:
                return None
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return None if not path.lower().endswith(".zip") else 0
    if "mimetype" in names or "META-INF/container.xml" in names:
        return None  # an EPUB with another extension: one work
    return len(names)


def _zip_works(path: str, options: CorpusOptions) -> Iterator[Found]:
    limits = options.analysis
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, ValueError) as error:
        yield _error(path, None, None, "InputError", f"{path}: not a readable zip ({error})")
        return
    with archive:
        infos = archive.infolist()
        declared = sum(info.file_size for info in infos)
        if len(infos) > limits.max_archive_files or declared > limits.max_archive_bytes:
            message = (
                f"{path}: the archive holds {len(infos):,} entries and {declared:,} bytes,"
                f" over the limits of {limits.max_archive_files:,} entries"
                f" and {limits.max_archive_bytes:,} bytes"
            )
            yield _error(path, None, None, "InputError", message)
            return
        budget = limits.max_archive_bytes
        for info in infos:
            if info.is_dir() or info.filename.startswith(_ZIP_JUNK):
                continue
            if posixpath.basename(info.filename).startswith("."):
                continue
            found = _member(archive, info, path, min(budget, limits.max_input_bytes))
            budget -= len(found.job.data or b"")
            yield found


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: str, limit: int) -> Found:
    name = info.filename
    where = f"{path}!{name}"
    if not safe_member(name):
        message = f"{where}: the entry's path leaves the archive; not followed"
        return _error(path, name, None, "InputError", message)
    if info.file_size > limit:
        return _error(path, name, None, "InputError", f"{where}: over the size limit")
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > limit or size > info.file_size:
                    return _error(path, name, None, "InputError", f"{where}: over the size limit")
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, struct.error) as error:
        return _error(path, name, None, "InputError", f"{where}: damaged entry ({error})")
    except (RuntimeError, NotImplementedError):
        return _error(path, name, None, "InputError", f"{where}: encrypted or unknown compression")
    data = b"".join(chunks)
    return Found(Job(path, name, data), hashlib.sha256(data).hexdigest())


def _error(path: str, member: str | None, digest: str | None, kind: str, message: str) -> Found:
    return Found(Job(path, member), digest, ErrorRow(path, member, digest, kind, message))
