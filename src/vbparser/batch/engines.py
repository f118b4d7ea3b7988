"""Engines: run chunks of tasks on worker processes and yield their results as they come.

``local_results`` uses a ``ProcessPoolExecutor`` of spawned processes; ``dask_results``
uses ``dask.distributed`` (a scheduler at an address, or a ``LocalCluster`` started for
the run). Both run ``worker.run_chunk`` and keep a bounded number of chunks in flight,
so that memory stays flat and results stream to the parent.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from vbparser.batch.worker import (
    ChunkResult,
    Task,
    WorkerJob,
    failure,
    init_worker,
    lost,
    run_chunk,
)
from vbparser.errors import DocumentFailedError, VbparserError

_STARTUP_BREAKS = 3  # pools lost before any chunk finished: the workers cannot start
_IN_FLIGHT = 3  # chunks per worker


def chunked(tasks: Iterable[Task], size: int, max_bytes: int = 16 * 2**20) -> Iterator[list[Task]]:
    """Group tasks by ``size`` (fewer when the documents they carry get large).

    >>> [len(c) for c in chunked([Task(i, "p", None) for i in range(5)], 2)]
    [2, 2, 1]
    """
    chunk: list[Task] = []
    nbytes = 0
    for task in tasks:
        chunk.append(task)
        nbytes += len(task.data or b"")
        if len(chunk) >= size or nbytes >= max_bytes:
            yield chunk
            chunk, nbytes = [], 0
    if chunk:
        yield chunk


def _take(chunks: Iterator[list[Task]], n: int) -> Iterator[list[Task]]:
    for _ in range(n):
        chunk = next(chunks, None)
        if chunk is None:
            return
        yield chunk


def _chunk_failed(chunk: list[Task], exc: BaseException) -> ChunkResult:
    """A chunk whose result could not come back (e.g. it could not be pickled)."""
    return ChunkResult(tuple(failure(task, exc, 0.0, None) for task in chunk), 0, 0)


# --- local: a process pool ---------------------------------------------------------------

class _Pool:
    """A pool of spawned workers, and the clock where they note each document's start."""

    def __init__(self, jobs: int) -> None:
        # spawn: workers start clean (no copy of the parent's store connection or threads).
        context = multiprocessing.get_context("spawn")
        self.clock = context.Value("d", 0.0, lock=False)
        self.executor = ProcessPoolExecutor(jobs, mp_context=context, initializer=init_worker,
                                            initargs=(os.getpid(), self.clock))

    def shutdown(self, cancel: bool = False) -> None:
        self.executor.shutdown(wait=True, cancel_futures=cancel)


@dataclass(frozen=True, slots=True)
class _Flight:
    chunk: list[Task]
    submitted: float  # time.time(), comparable with the workers' clock
    alone: bool  # the only chunk in flight: if the pool breaks, it is the cause


def local_results(chunks: Iterator[list[Task]], job: WorkerJob,
                  jobs: int) -> Iterator[ChunkResult]:
    """Run chunks on a pool of ``jobs`` processes, yielding results as they complete.

    When a worker dies (the time limit's watchdog, a crash in a C library), the pool is
    replaced and the unfinished documents are run again one at a time: a document that
    stops a worker while running alone is reported as ``timeout`` or ``crash``.
    """
    pool = _Pool(jobs)
    inflight: dict[Future[ChunkResult], _Flight] = {}
    alone: deque[Task] = deque()
    finished = breaks = 0
    try:
        while True:
            _submit(pool, inflight, chunks, alone, job, jobs * _IN_FLIGHT)
            if not inflight:
                return
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            if not any(isinstance(f.exception(), BrokenProcessPool) for f in done):
                for fut in done:
                    flight, exc = inflight.pop(fut), fut.exception()
                    finished += 1
                    yield fut.result() if exc is None else _chunk_failed(flight.chunk, exc)
                continue
            breaks += 1
            if breaks >= _STARTUP_BREAKS and not finished:
                raise DocumentFailedError(
                    "the worker processes die before finishing any document (when calling "
                    "from a script, put the call under `if __name__ == '__main__':`)")
            wait(inflight)
            yield from _salvage(inflight, alone, job.timeout, pool.clock.value)
            pool.shutdown()
            pool = _Pool(jobs)
    finally:
        pool.shutdown(cancel=True)


def _submit(pool: _Pool, inflight: dict[Future[ChunkResult], _Flight],
            chunks: Iterator[list[Task]], alone: deque[Task], job: WorkerJob,
            limit: int) -> None:
    if alone:  # the documents of a lost pool run by themselves
        if not inflight:
            task = alone.popleft()
            inflight[pool.executor.submit(run_chunk, [task], job)] = _Flight([task], time.time(),
                                                                             True)
        return
    for chunk in _take(chunks, limit - len(inflight)):
        inflight[pool.executor.submit(run_chunk, chunk, job)] = _Flight(chunk, time.time(), False)


def _salvage(inflight: dict[Future[ChunkResult], _Flight], alone: deque[Task],
             timeout: float | None, clock: float) -> Iterator[ChunkResult]:
    """Sort the chunks of a broken pool: finished, guilty (ran alone), to run again."""
    for fut, flight in list(inflight.items()):
        inflight.pop(fut)
        exc = fut.exception()
        if exc is None:
            yield fut.result()
        elif not isinstance(exc, BrokenProcessPool):
            yield _chunk_failed(flight.chunk, exc)
        elif flight.alone:
            started = max(flight.submitted, clock)
            yield ChunkResult((lost(flight.chunk[0], time.time() - started, timeout),), 0, 0)
        else:
            alone.extend(flight.chunk)


# --- dask.distributed --------------------------------------------------------------------

def _dask_client(jobs: int, scheduler: str | None) -> Any:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise VbparserError("the dask engine needs dask.distributed: "
                            "pip install 'vbparser[dask]'") from None
    if scheduler:
        try:
            return Client(scheduler, timeout="20s")  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise VbparserError(f"cannot reach the Dask scheduler {scheduler} ({exc})") from None
    import logging

    # ":0": any free port for the scheduler's HTTP server (8787 may be another cluster's)
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=":0",
        silence_logs=logging.ERROR)
    return Client(cluster)  # type: ignore[no-untyped-call]


def dask_results(chunks: Iterator[list[Task]], job: WorkerJob, jobs: int,
                 scheduler: str | None = None) -> Iterator[ChunkResult]:
    """Run chunks on Dask workers, yielding results as they complete.

    A chunk whose worker died (after Dask's own retries) is split and its documents run
    one per task; a single document that still kills its worker is reported as
    ``timeout`` or ``crash`` (told apart by the time since it was submitted).
    """
    from dask.distributed import as_completed

    client = _dask_client(jobs, scheduler)
    cluster = getattr(client, "cluster", None)
    pending: dict[Any, tuple[list[Task], float]] = {}
    queue = as_completed()  # type: ignore[no-untyped-call]

    def submit(chunk: list[Task]) -> None:
        fut = client.submit(run_chunk, chunk, job, pure=False)
        pending[fut] = (chunk, time.time())
        queue.add(fut)  # type: ignore[no-untyped-call]

    try:
        for chunk in _take(chunks, max(2, jobs * _IN_FLIGHT)):
            submit(chunk)
        for fut in queue:
            chunk, submitted = pending.pop(fut)
            try:
                result = fut.result()
            except Exception:  # noqa: BLE001 - a lost worker (KilledWorker) or a lost result
                if len(chunk) > 1:
                    for task in chunk:
                        submit([task])
                    continue
                result = ChunkResult((lost(chunk[0], time.time() - submitted, job.timeout),), 0, 0)
            yield result
            for more in _take(chunks, 1):
                submit(more)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
