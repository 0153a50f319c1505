"""Where works are analysed: a local process pool, or a Dask cluster.

Both executors take a :class:`~ficlens.corpus.rows.Job` and give back a
:class:`~ficlens.corpus.rows.WorkResult` through the same four calls, so the
driver in :mod:`ficlens.corpus.run` does not know which one it uses. Dask is
imported only when asked for.

Pool workers ignore Ctrl-C (the driver alone decides what to keep) and exit
on their own when the driver dies, even by ``kill -9``: a watchdog thread
notices that their parent process is gone.

>>> from ficlens.corpus.config import CorpusOptions
>>> with open_executor(CorpusOptions(jobs=1)) as executor:
...     handle = executor.submit(Job(path="hi.txt", data=b"Hello."))
...     executor.result(next(iter(executor.wait({handle})))).words
1
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from ficlens.corpus.config import CorpusOptions
from ficlens.corpus.rows import ErrorRow, Job, WorkResult, analyse, display_name
from ficlens.errors import FiclensError
from ficlens.options import Options

__all__ = ["Executor", "open_executor"]

_WATCH_SECONDS = 1.0


class Executor(Protocol):
    """Submit jobs, wait for some to finish, collect their results."""

    description: str
    capacity: int  # jobs to keep submitted so every worker stays busy

    def submit(self, job: Job) -> Any: ...

    def wait(self, handles: set[Any]) -> set[Any]:
        """Block until at least one handle is done; return the done ones."""
        ...

    def result(self, handle: Any) -> WorkResult: ...

    def cancel(self, handles: set[Any]) -> None: ...


@contextmanager
def open_executor(options: CorpusOptions) -> Iterator[Executor]:
    """The executor ``options`` ask for, shut down on exit."""
    if options.executor == "dask":
        with _dask(options) as executor:
            yield executor
        return
    pool = _Pool(options)
    try:
        yield pool
    finally:
        pool.close()


class _Pool:
    def __init__(self, options: CorpusOptions) -> None:
        self.analysis = options.analysis
        self.with_text = options.with_text
        self.jobs = max(1, options.jobs)
        self.capacity = options.in_flight
        self.description = f"{self.jobs} local process{'es' if self.jobs > 1 else ''}"
        self.jobs_of: dict[Any, Job] = {}
        self.pool = self._start()

    def _start(self) -> cf.ProcessPoolExecutor:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["ficlens.corpus.rows"])
        return cf.ProcessPoolExecutor(
            self.jobs, mp_context=context, initializer=_worker_setup, initargs=(os.getpid(),)
        )

    def submit(self, job: Job) -> Any:
        try:
            future = self.pool.submit(analyse, job, self.analysis, self.with_text)
        except cf.process.BrokenProcessPool:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._start()
            future = self.pool.submit(analyse, job, self.analysis, self.with_text)
        self.jobs_of[future] = job
        return future

    def wait(self, handles: set[Any]) -> set[Any]:
        done, _ = cf.wait(handles, return_when=cf.FIRST_COMPLETED)
        return done

    def result(self, handle: Any) -> WorkResult:
        job = self.jobs_of.pop(handle)
        try:
            result: WorkResult = handle.result()
        except Exception as error:  # the worker died (a crash, out of memory)
            return lost(job, error)
        return result

    def cancel(self, handles: set[Any]) -> None:
        for handle in handles:
            handle.cancel()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def lost(job: Job, error: BaseException) -> WorkResult:
    """The result of a job whose worker failed outside the analysis."""
    message = f"{display_name(job.path, job.member)}: the worker failed ({error or type(error)})"
    row = ErrorRow(job.path, job.member, None, type(error).__name__, message)
    return WorkResult(job.path, job.member, None, error=row)


def _worker_setup(driver: int) -> None:
    """In each pool worker: leave Ctrl-C to the driver, and die with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent and _alive(driver):
            time.sleep(_WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="ficlens-watchdog", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _Dask:
    def __init__(self, client: Any, options: CorpusOptions, description: str) -> None:
        self.client = client
        self.analysis: Options = options.analysis
        self.with_text = options.with_text
        self.description = description
        threads = sum(client.nthreads().values()) or 1
        self.capacity = max(options.in_flight, 4 * threads)
        self.jobs_of: dict[Any, Job] = {}

    def submit(self, job: Job) -> Any:
        future = self.client.submit(analyse, job, self.analysis, self.with_text, pure=False)
        self.jobs_of[future] = job
        return future

    def wait(self, handles: set[Any]) -> set[Any]:
        from distributed import wait

        done, _ = wait(list(handles), return_when="FIRST_COMPLETED")  # type: ignore[no-untyped-call]
        return set(done)

    def result(self, handle: Any) -> WorkResult:
        job = self.jobs_of.pop(handle)
        try:
            result: WorkResult = handle.result()
        except Exception as error:  # the worker was lost, or could not import ficlens
            return lost(job, error)
        finally:
            handle.release()
        return result

    def cancel(self, handles: set[Any]) -> None:
        self.client.cancel(list(handles))


@contextmanager
def _dask(options: CorpusOptions) -> Iterator[Executor]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise FiclensError("Dask is not installed: pip install 'ficlens[dask]'") from None
    if options.scheduler:
        try:
            client = Client(options.scheduler, timeout="30s")  # type: ignore[no-untyped-call]
        except OSError as error:
            message = f"cannot reach the Dask scheduler {options.scheduler}: {error}"
            raise FiclensError(message) from None
        with client:
            workers = len(client.scheduler_info().get("workers", {}))
            yield _Dask(client, options, f"Dask at {options.scheduler} ({workers} workers)")
        return
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=options.dask_local, threads_per_worker=1, processes=True
    )
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        description = f"Dask LocalCluster, {options.dask_local} workers"
        yield _Dask(client, options, f"{description}, dashboard {client.dashboard_link}")
