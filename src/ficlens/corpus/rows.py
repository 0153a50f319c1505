"""What a worker does with one work: read, analyse, and flatten into table rows.

This module runs on workers (a local process or a Dask worker), so it needs
only ficlens itself: no pyarrow, no Dask. A work goes in as a :class:`Job` (a
path, or the bytes of a zip member); a :class:`WorkResult` comes out with
plain column lists per table, or the reason the work failed. Nothing a work
does can stop the run: every exception becomes an error row.

>>> result = analyse(Job(path="hi.txt", data=b'"Hi," she said.'))
>>> result.error is None, result.words
(True, 3)
>>> result.tables["works"]["speech_spans"], result.tables["spans"]["kind"]
([1], ['speech', 'narration'])
>>> analyse(Job(path="empty.txt", data=b"")).error.message
'empty.txt: the file is empty'
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import time
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from ficlens.errors import InputError
from ficlens.model import Metadata, SpanKind, Story
from ficlens.options import Options
from ficlens.pipeline import run
from ficlens.read import read_bytes

# A word as :func:`ficlens.summary.word_count` defines it (a whitespace-separated
# token holding a letter or digit): the match starts at the token's first letter
# or digit and runs to its end, so each such token matches once. ~4x faster
# than the token loop, which matters at corpus scale.
_WORD = re.compile(r"[^\W_]\S*")

__all__ = [
    "COUNTED_KINDS", "ErrorRow", "Job", "WorkResult", "analyse", "count_words", "display_name",
]  # fmt: skip

Columns = dict[str, list[Any]]

# Span kinds counted per work in the ``works`` table (``speech_spans``,
# ``speech_words``, ...). Titles and headings are structure, not story.
COUNTED_KINDS: tuple[SpanKind, ...] = (
    SpanKind.NARRATION, SpanKind.SPEECH, SpanKind.THOUGHT, SpanKind.MESSAGE, SpanKind.NOTE,
)  # fmt: skip

# Kinds whose speaker talks to an addressee: they make the ``interactions`` table.
_SAID: frozenset[SpanKind] = frozenset({SpanKind.SPEECH, SpanKind.MESSAGE})

# Metadata fields copied into ``works`` as they are (tuples become lists).
_METADATA_COLUMNS: tuple[tuple[str, str], ...] = (
    ("title", "title"), ("authors", "authors"), ("fandoms", "fandoms"), ("rating", "rating"),
    ("warnings", "warnings"), ("categories", "categories"),
    ("relationships", "relationships"), ("characters", "character_tags"),
    ("additional_tags", "additional_tags"), ("language", "language"),
    ("published", "published"), ("updated", "updated"), ("url", "url"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Job:
    """One work to analyse: a file to read, or bytes already read (a zip member)."""

    path: str
    member: str | None = None
    data: bytes | None = None


@dataclass(frozen=True, slots=True)
class ErrorRow:
    """A work that could not be analysed, and why (one row of ``errors``)."""

    path: str
    member: str | None
    work: str | None  # the content hash, when the bytes could be read
    error: str  # the exception's class name, e.g. "InputError"
    message: str


@dataclass(frozen=True, slots=True)
class WorkResult:
    """What a worker sends back: rows per table, or an error."""

    path: str
    member: str | None
    work: str | None
    words: int = 0
    tables: dict[str, Columns] = field(default_factory=dict)
    error: ErrorRow | None = None
    seconds: float = 0.0
    worker: str = ""  # host:pid, to tell workers apart in the run's summary
    max_rss_kib: int = 0  # the worker's peak resident memory so far
    cpu_seconds: float = 0.0  # processor time the work took on its worker


def display_name(path: str, member: str | None) -> str:
    """How a work is named in messages: the file, or ``archive.zip!member``.

    >>> display_name("a.zip", "one.txt"), display_name("b.txt", None)
    ('a.zip!one.txt', 'b.txt')
    """
    return path if member is None else f"{path}!{member}"


def analyse(job: Job, options: Options | None = None, with_text: bool = False) -> WorkResult:
    """Read and analyse one work; never raises for a bad work."""
    options = options or Options()
    began = time.perf_counter(), time.process_time()
    name = display_name(job.path, job.member)
    digest: str | None = None
    try:
        data = job.data if job.data is not None else _read(job.path, options)
        digest = hashlib.sha256(data).hexdigest()
        story = run(read_bytes(data, name, options), options)
        tables = story_rows(story, digest, job, len(data), with_text)
    except Exception as error:  # a bad work is a row in ``errors``, never a crash
        row = ErrorRow(job.path, job.member, digest, type(error).__name__, _one_line(error))
        return _finish(WorkResult(job.path, job.member, digest, error=row), began)
    words: int = tables["works"]["words"][0]
    return _finish(WorkResult(job.path, job.member, digest, words, tables), began)


def _finish(result: WorkResult, began: tuple[float, float]) -> WorkResult:
    seconds = time.perf_counter() - began[0]
    cpu = time.process_time() - began[1]
    if "works" in result.tables:
        result.tables["works"]["seconds"] = [seconds]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    worker = f"{os.uname().nodename}:{os.getpid()}"
    return WorkResult(
        result.path, result.member, result.work, result.words, result.tables,
        result.error, seconds, worker, rss, cpu,
    )  # fmt: skip


def _read(path: str, options: Options) -> bytes:
    try:
        with open(path, "rb") as stream:
            data = stream.read(options.max_input_bytes + 1)
    except OSError as error:
        raise InputError(path, f"cannot read the file ({error.strerror})") from None
    if len(data) > options.max_input_bytes:
        raise InputError(path, f"the file is over the limit of {options.max_input_bytes:,} bytes")
    return data


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:1000]


def count_words(text: str) -> int:
    """The number of words in ``text``, as :func:`ficlens.summary.word_count` counts.

    >>> count_words("I don't — know."), count_words("snake_case __ 42")
    (3, 2)
    """
    return len(_WORD.findall(text))


def story_rows(story: Story, work: str, job: Job, size: int, with_text: bool) -> dict[str, Columns]:
    """The rows of every table for one analysed story, as column lists."""
    text = story.text
    span_words = [count_words(text[span.start : span.end]) for span in story.spans]
    return {
        "works": _work_row(story, work, job, size, span_words),
        "characters": _character_rows(story, work),
        "spans": _span_rows(story, work, span_words, with_text),
        "interactions": _interaction_rows(story, work, span_words),
    }


def _work_row(story: Story, work: str, job: Job, size: int, span_words: list[int]) -> Columns:
    row: dict[str, Any] = {"work": work, "path": job.path, "member": job.member, "bytes": size}
    row["format"] = story.source.format
    row["encoding"] = story.source.encoding
    row["repairs"] = list(story.source.repairs)
    row.update(_metadata_row(story.metadata))
    row["words"] = sum(span_words)  # as ``ficlens analyze`` counts them
    row["chapters"] = len(story.chapters)
    row["scenes"] = len(story.scenes)
    row["paragraphs"] = len(story.paragraphs)
    spans: Counter[SpanKind] = Counter()
    words: Counter[SpanKind] = Counter()
    for span, count in zip(story.spans, span_words, strict=True):
        spans[span.kind] += 1
        words[span.kind] += count
    for kind in COUNTED_KINDS:
        row[f"{kind.value}_spans"] = spans[kind]
        row[f"{kind.value}_words"] = words[kind]
    row["attributed_spans"] = sum(1 for s in story.spans if s.kind in _VOICED and s.speaker)
    row["narration_person"] = story.narration_person.value if story.narration_person else None
    row["cast"] = len(story.characters)
    row.update(_pov_summary(story))
    row["seconds"] = 0.0
    return {name: [value] for name, value in row.items()}


# Kinds with a voice: whoever says, thinks or writes them is their speaker.
_VOICED: frozenset[SpanKind] = frozenset({SpanKind.SPEECH, SpanKind.THOUGHT, SpanKind.MESSAGE})


def _metadata_row(metadata: Metadata) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for attribute, column in _METADATA_COLUMNS:
        value = getattr(metadata, attribute)
        row[column] = list(value) if isinstance(value, tuple) else value
    return row


def _pov_summary(story: Story) -> dict[str, Any]:
    """Whose eyes the scenes are seen through, and how often that changes."""
    povs = [scene.pov for scene in story.scenes if scene.pov]
    switches = sum(1 for before, after in pairwise(povs) if before != after)
    thinkers: defaultdict[int, set[str]] = defaultdict(set)
    scene_of = _locator([scene.start for scene in story.scenes])
    for span in story.spans:
        if span.kind is SpanKind.THOUGHT and span.speaker:
            scene = scene_of(span.start)
            if scene is not None:
                thinkers[scene].update(span.speaker)
    return {
        "pov_scenes": len(povs),
        "pov_characters": list(dict.fromkeys(povs)),
        "pov_switches": switches,
        "multi_thinker_scenes": sum(1 for names in thinkers.values() if len(names) > 1),
    }


def _locator(starts: Sequence[int]) -> Callable[[int], int | None]:
    """A function from an offset to the index of the piece (scene, chapter) holding it."""

    def locate(offset: int) -> int | None:
        index = bisect_right(starts, offset) - 1
        return index if index >= 0 else None

    return locate


def _character_rows(story: Story, work: str) -> Columns:
    columns: Columns = defaultdict(list)
    for c in story.characters:
        _append(columns, work=work, id=c.id, name=c.name, aliases=list(c.aliases))
        _append(columns, gender=c.gender.value, narrator=c.narrator, mentions=c.mentions)
        _append(columns, lines=c.lines, words_spoken=c.words_spoken)
        _append(columns, words_thought=c.words_thought)
    return dict(columns)


def _span_rows(story: Story, work: str, span_words: list[int], with_text: bool) -> Columns:
    scene_of = _locator([scene.start for scene in story.scenes])
    chapter_of = _locator([chapter.start for chapter in story.chapters])
    columns: Columns = defaultdict(list)
    for index, (span, words) in enumerate(zip(story.spans, span_words, strict=True)):
        _append(columns, work=work, index=index, kind=span.kind.value)
        _append(columns, start=span.start, end=span.end, paragraph=span.paragraph)
        _append(columns, chapter=chapter_of(span.start), scene=scene_of(span.start), words=words)
        _append(columns, speaker=list(span.speaker), addressee=list(span.addressee))
        _append(columns, confidence=span.confidence)
        _append(columns, rule=span.evidence.rule if span.evidence else None)
        _append(columns, addressee_confidence=span.addressee_confidence)
        evidence = span.addressee_evidence
        _append(columns, addressee_rule=evidence.rule if evidence else None)
        if with_text:
            columns["text"].append(story.span_text(span))
    return dict(columns)


def _interaction_rows(story: Story, work: str, span_words: list[int]) -> Columns:
    """Lines and words from each speaker to each addressee (speech and messages)."""
    lines: Counter[tuple[str, str]] = Counter()
    words: Counter[tuple[str, str]] = Counter()
    for span, count in zip(story.spans, span_words, strict=True):
        if span.kind in _SAID:
            for pair in _pairs(span.speaker, span.addressee):
                lines[pair] += 1
                words[pair] += count
    columns: Columns = defaultdict(list)
    for (speaker, addressee), n in sorted(lines.items()):
        _append(columns, work=work, speaker=speaker, addressee=addressee, lines=n)
        columns["words"].append(words[speaker, addressee])
    return dict(columns)


def _pairs(speakers: Iterable[str], addressees: Iterable[str]) -> list[tuple[str, str]]:
    return [(s, a) for s in speakers for a in addressees if s != a]


def _append(columns: Columns, **values: Any) -> None:
    for name, value in values.items():
        columns[name].append(value)
