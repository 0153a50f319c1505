"""The settings of one corpus run, as one immutable object.

>>> CorpusOptions().batch_works
200
>>> CorpusOptions(jobs=2).executor
'processes'
>>> CorpusOptions(scheduler="tcp://127.0.0.1:8786").executor
'dask'
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Literal

from ficlens.options import Options

__all__ = ["DEFAULT_INCLUDE", "CorpusOptions"]

# File names read when a directory is walked (a file named on the command line
# is always read). Fan fiction arrives as text, Markdown, HTML pages, EPUB, or
# zip archives of those; everything else in a folder (CSV, JSON, images) is
# left alone rather than filling the errors table.
DEFAULT_INCLUDE: tuple[str, ...] = (
    "*.txt", "*.text", "*.md", "*.markdown", "*.htm", "*.html", "*.xhtml", "*.epub", "*.zip",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class CorpusOptions:
    """How to run ``ficlens corpus``.

    Attributes:
        analysis: how each work is read and analysed (the ``analyze`` options;
            also the zip limits ``max_archive_files`` and ``max_archive_bytes``).
        jobs: worker processes of the embedded pool (default: every core).
        scheduler: address of a running Dask scheduler (``tcp://host:8786``);
            when set, works are analysed on that cluster instead.
        dask_local: start a Dask LocalCluster with this many workers.
        batch_works: a batch (one Parquet part per table) holds at most this
            many works ...
        batch_spans: ... and at most about this many span rows, so memory stays
            bounded whatever the works' sizes.
        with_text: keep each span's words in the ``spans`` table.
        include: file-name patterns read when walking directories.
        quiet: log lines instead of a progress bar.
    """

    analysis: Options = field(default_factory=Options)
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    scheduler: str | None = None
    dask_local: int | None = None
    batch_works: int = 200
    batch_spans: int = 200_000
    with_text: bool = False
    include: tuple[str, ...] = DEFAULT_INCLUDE
    quiet: bool = False

    @property
    def executor(self) -> Literal["processes", "dask"]:
        """Where works are analysed: the embedded process pool or Dask."""
        return "dask" if self.scheduler or self.dask_local else "processes"

    @property
    def in_flight(self) -> int:
        """Works handed out but not yet returned: enough to keep workers busy."""
        return max(4, 4 * max(self.jobs, self.dask_local or 0, 1))
