"""Telling the user how a corpus run goes: a rich progress bar, or log lines.

Both reporters receive the same calls from the driver. The bar shows works
done out of the total (counted in the background, so the run starts at once),
works/s and words/s of analysis, errors so far and the time left; ``--quiet``
logs one line per committed batch instead.

>>> counts = Counts(analysed=10, words=5_000, seconds=2.0)
>>> counts.rates()
'5.0 works/s  2,500 words/s'
"""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Protocol

__all__ = ["Counts", "LogReporter", "Reporter", "RichReporter", "make_reporter"]

Traceback = TracebackType | None
_FIELDS = "{task.fields[rates]}  errors {task.fields[errors]}  eta {task.fields[eta]}"

log = logging.getLogger("ficlens.corpus")


@dataclass(slots=True)
class Counts:
    """Running totals of one run (mutable: the driver updates them as works finish)."""

    analysed: int = 0  # works with rows
    errors: int = 0  # works recorded in ``errors``
    skipped: int = 0  # done by an earlier run
    duplicates: int = 0  # same content as a work already seen in this run
    words: int = 0
    batches: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # workers' processor time
    total: int | None = None  # works found, once the background count is done
    started: float = field(default_factory=time.perf_counter)

    def rates(self) -> str:
        """Works and words per second of analysis so far."""
        seconds = self.seconds or (time.perf_counter() - self.started) or 1e-9
        finished = self.analysed + self.errors
        return f"{finished / seconds:.1f} works/s  {self.words / seconds:,.0f} words/s"

    def eta(self) -> str:
        """Time left at the current pace, once the total is known."""
        finished = self.analysed + self.errors
        elapsed = time.perf_counter() - self.started
        if self.total is None or not finished:
            return "-:--:--"
        remaining = max(0, self.total - finished - self.skipped - self.duplicates)
        left = int(remaining * elapsed / finished)
        return f"{left // 3600}:{left // 60 % 60:02d}:{left % 60:02d}"


class Reporter(Protocol):
    def __enter__(self) -> Reporter: ...

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: Traceback
    ) -> None: ...

    def update(self, counts: Counts) -> None:
        """Called after each finished or skipped work."""

    def committed(self, number: int, works: int, counts: Counts) -> None:
        """Called after each batch commits."""


def make_reporter(quiet: bool) -> Reporter:
    """A progress bar on a terminal, log lines when ``quiet`` or not on a terminal."""
    if quiet or not sys.stderr.isatty():
        return LogReporter()
    return RichReporter()


class LogReporter:
    """One log line per committed batch, on standard error."""

    def __enter__(self) -> LogReporter:
        if not logging.getLogger().handlers and not log.handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("ficlens: %(message)s"))
            log.addHandler(handler)
            log.setLevel(logging.INFO)
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, counts: Counts) -> None:
        return None

    def committed(self, number: int, works: int, counts: Counts) -> None:
        done = counts.analysed + counts.errors
        total = f"/{counts.total:,}" if counts.total is not None else ""
        log.info(
            "batch %d: %d works; %s%s done, %d errors, %s, eta %s",
            number, works, f"{done:,}", total, counts.errors, counts.rates(), counts.eta(),
        )  # fmt: skip


class RichReporter:
    """A live progress bar (rich) on standard error."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.progress = Progress(
            TextColumn("[bold]corpus"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(_FIELDS),
            console=Console(stderr=True),
        )
        self.task: Any = None

    def __enter__(self) -> RichReporter:
        self.progress.start()
        self.task = self.progress.add_task("corpus", total=None, rates="", errors=0, eta="")
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def update(self, counts: Counts) -> None:
        done = counts.analysed + counts.errors + counts.skipped + counts.duplicates
        self.progress.update(
            self.task, completed=done, total=counts.total, rates=counts.rates(),
            errors=counts.errors, eta=counts.eta(),
        )  # fmt: skip

    def committed(self, number: int, works: int, counts: Counts) -> None:
        self.update(counts)
