"""The corpus driver: find works, hand them to workers, commit their rows in batches.

The driver holds at most ``capacity`` works in flight and one batch of
finished rows, so memory stays bounded whatever the corpus size; only the
content hashes of finished works are kept (to skip them on resume and to
skip a second copy of the same work). Ctrl-C commits the rows already
finished and stops; ``kill -9`` loses at most the batch being gathered,
which the next run redoes.

>>> import tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text('"Hi," she said.')
>>> report = run_corpus([str(folder / "a.txt")], folder / "out", CorpusOptions(jobs=1, quiet=True))
>>> report.analysed, report.errors, report.words
(1, 0, 3)
>>> run_corpus([str(folder / "a.txt")], folder / "out", CorpusOptions(jobs=1, quiet=True)).skipped
1
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ficlens.corpus.config import CorpusOptions
from ficlens.corpus.execute import Executor, open_executor
from ficlens.corpus.inputs import Found, check_inputs, count_works, find_works
from ficlens.corpus.progress import Counts, Reporter, make_reporter
from ficlens.corpus.rows import WorkResult
from ficlens.corpus.store import Batch, Store

__all__ = ["CorpusReport", "run_corpus"]


@dataclass(frozen=True, slots=True)
class CorpusReport:
    """What a run did (works done by earlier runs are counted in ``skipped``)."""

    outdir: str
    executor: str
    analysed: int
    errors: int
    skipped: int
    duplicates: int
    words: int
    batches: int
    seconds: float
    worker_peak_kib: dict[str, int] = field(default_factory=dict)  # per worker, ru_maxrss
    worker_cpu_seconds: float = 0.0  # processor time spent on works, all workers together

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    @property
    def words_per_cpu_second(self) -> float:
        """Throughput of one core, whatever else the machine is doing."""
        return self.words / self.worker_cpu_seconds if self.worker_cpu_seconds else 0.0

    def summary(self) -> str:
        """Two lines for the terminal."""
        peak = max(self.worker_peak_kib.values(), default=0) / 1024
        return (
            f"{self.analysed:,} works analysed, {self.errors:,} errors, {self.skipped:,} already"
            f" done, {self.duplicates:,} duplicates; {self.words:,} words in {self.seconds:.1f} s"
            f" ({self.words_per_second:,.0f} words/s) on {self.executor}\n"
            f"wrote {self.batches} batches to {self.outdir}; peak worker memory {peak:.0f} MB;"
            f" {self.words_per_cpu_second:,.0f} words per worker CPU second"
        )


def run_corpus(
    inputs: Sequence[str],
    outdir: str | os.PathLike[str],
    options: CorpusOptions | None = None,
    reporter: Reporter | None = None,
) -> CorpusReport:
    """Analyse every work under ``inputs`` into the Parquet tables in ``outdir``."""
    options = options or CorpusOptions()
    check_inputs(inputs)
    out = Path(outdir)
    counts = Counts()
    peaks: dict[str, int] = {}
    with (
        Store(out, options.with_text) as store,
        open_executor(options) as executor,
        reporter or make_reporter(options.quiet) as shown,
    ):
        _count_in_background(inputs, options, out, counts)
        driver = _Driver(store, executor, options, counts, shown, peaks)
        driver.run(find_works(inputs, options, exclude=out))
        description = executor.description
    counts.seconds = time.perf_counter() - counts.started
    return CorpusReport(
        str(out), description, counts.analysed, counts.errors, counts.skipped,
        counts.duplicates, counts.words, counts.batches, counts.seconds, peaks,
        counts.cpu_seconds,
    )  # fmt: skip


def _count_in_background(
    inputs: Sequence[str], options: CorpusOptions, out: Path, counts: Counts
) -> None:
    def count() -> None:
        counts.total = count_works(inputs, options, exclude=out)

    threading.Thread(target=count, name="ficlens-count", daemon=True).start()


class _Driver:
    def __init__(
        self,
        store: Store,
        executor: Executor,
        options: CorpusOptions,
        counts: Counts,
        reporter: Reporter,
        peaks: dict[str, int],
    ) -> None:
        self.store = store
        self.executor = executor
        self.options = options
        self.counts = counts
        self.reporter = reporter
        self.peaks = peaks
        self.batch = Batch(options.with_text)
        self.pending: set[Any] = set()
        self.in_run: set[str] = set()  # content hashes submitted by this run

    def run(self, works: Any) -> None:
        try:
            for found in works:
                if self._skip(found):
                    self.reporter.update(self.counts)
                    continue
                if found.error is not None:
                    job = found.job
                    self._finished(WorkResult(job.path, job.member, None, error=found.error))
                    continue
                while len(self.pending) >= self.executor.capacity:
                    self._collect()
                self.pending.add(self.executor.submit(found.job))
            while self.pending:
                self._collect()
        except KeyboardInterrupt:
            self.executor.cancel(self.pending)
            self._commit()  # keep what is finished; the next run does the rest
            raise
        self._commit()

    def _skip(self, found: Found) -> bool:
        if found.digest is None:
            key = (found.job.path, found.job.member)
            if key in self.store.done_unhashed:
                self.counts.skipped += 1
                return True
            return False
        if found.digest in self.store.done:
            self.counts.skipped += 1
            return True
        if found.digest in self.in_run:
            self.counts.duplicates += 1
            return True
        self.in_run.add(found.digest)
        return False

    def _collect(self) -> None:
        for handle in self.executor.wait(self.pending):
            self.pending.discard(handle)
            self._finished(self.executor.result(handle))

    def _finished(self, result: WorkResult) -> None:
        self.batch.add(result)
        if result.error is None:
            self.counts.analysed += 1
            self.counts.words += result.words
        else:
            self.counts.errors += 1
        self.counts.cpu_seconds += result.cpu_seconds
        if result.worker:
            self.peaks[result.worker] = max(self.peaks.get(result.worker, 0), result.max_rss_kib)
        self.reporter.update(self.counts)
        full = self.batch.works >= self.options.batch_works
        if full or self.batch.spans >= self.options.batch_spans:
            self._commit()

    def _commit(self) -> None:
        if not self.batch.works:
            return
        number = self.store.commit(self.batch)
        self.counts.batches += 1
        self.reporter.committed(number, self.batch.works, self.counts)
        self.batch = Batch(self.options.with_text)
