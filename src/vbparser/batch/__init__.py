"""Many documents at once: walk the inputs, parse them in worker processes, store the rows.

Inputs are files, folders (walked recursively in sorted order, hidden entries skipped)
and zip archives, whose members are read from the archive and recorded as
``archive.zip!member`` (``inputs.py``). Workers run ``vbparser.parse`` under a
per-document time limit and return plain rows or Documents (``worker.py``); two engines
run them, a local process pool or ``dask.distributed`` (``engines.py``). The parent only
reads and hashes inputs, skips what the store already holds and writes the rows.

Entry points: ``run_batch`` (inputs into a DuckDB store, resumable; ``vbparser batch``)
and ``parse_many`` (a generator of Documents).
"""

from __future__ import annotations

import hashlib
import os
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from vbparser.batch.engines import chunked, dask_results, local_results
from vbparser.batch.inputs import Input, Reader, find_inputs
from vbparser.batch.worker import ChunkResult, Outcome, Task, WorkerJob
from vbparser.config import Config
from vbparser.errors import (
    ConfigError,
    DocumentFailedError,
    DocumentTimeoutError,
    LoadError,
    VbparserError,
)
from vbparser.model import Document
from vbparser.store import StoreWriter, error_rows, pack

__all__ = ["BatchOptions", "BatchProgress", "BatchSummary", "DocumentFailedError",
           "DocumentTimeoutError", "Input", "find_inputs", "parse_many", "run_batch"]

ENGINES = ("local", "dask")
DEFAULT_TIMEOUT = 600.0
# Commit every 2 seconds (what a kill can lose) or 512 documents: a commit costs DuckDB
# ~15 ms of CPU whatever its size, so larger ones keep the parent cheap.
_FLUSH_DOCS, _FLUSH_SECONDS = 512, 2.0
_READ_ERRORS = (OSError, zipfile.BadZipFile, KeyError, VbparserError)


def _worker_config(config: Config) -> Config:
    """The config workers use: OCR one page at a time unless the caller chose otherwise."""
    if getattr(config, "ocr_workers", 0) is None:
        return replace(config, ocr_workers=1)
    return config


def _engine(options: BatchOptions, job: WorkerJob,
            tasks: Iterable[Task], total: int) -> Iterator[ChunkResult]:
    chunks = chunked(tasks, options.chunk_for(total))
    if options.engine == "dask":
        return dask_results(chunks, job, options.workers, options.scheduler)
    return local_results(chunks, job, options.workers)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How to run a batch.

    Attributes:
        jobs: worker processes (None: one per CPU).
        engine: ``local`` (a process pool) or ``dask``.
        scheduler: address of a Dask scheduler (``tcp://host:8786``); with ``engine``
            ``dask`` and no scheduler, a LocalCluster of ``jobs`` processes is started.
        timeout: seconds one document may take (None or 0: no limit); the default is
            generous because OCR of a long scan takes minutes.
        config: the parse configuration (OCR runs one page at a time per worker unless
            ``ocr_workers`` is set: the workers already share the CPUs).
        chunk_size: documents per task (None: chosen from the number of inputs).
        retry_errors: parse again the inputs recorded in ``errors`` by earlier runs.
        parse_func: import path of the parse function the workers call.
    """

    jobs: int | None = None
    engine: str = "local"
    scheduler: str | None = None
    timeout: float | None = DEFAULT_TIMEOUT
    config: Config = field(default_factory=Config)
    chunk_size: int | None = None
    retry_errors: bool = False
    parse_func: str = "vbparser.api:parse"

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ConfigError(f"unknown engine {self.engine!r}; engines: {', '.join(ENGINES)}")
        if self.jobs is not None and self.jobs < 1:
            raise ConfigError(f"jobs must be at least 1, not {self.jobs}")
        if self.scheduler and self.engine != "dask":
            raise ConfigError("a scheduler address needs the dask engine (--engine dask)")
        if self.timeout is not None and self.timeout < 0:
            raise ConfigError(f"timeout must be positive, not {self.timeout}")

    @property
    def workers(self) -> int:
        """The number of worker processes."""
        return self.jobs or _cpus()

    @property
    def remote(self) -> bool:
        """Whether workers may not see this machine's files (a Dask scheduler elsewhere):
        documents are then sent to them, not their paths."""
        return self.scheduler is not None

    def chunk_for(self, total: int) -> int:
        """Documents per task: small enough to keep every worker busy to the end, large
        enough that scheduling costs little (more so on Dask, whose tasks cost more).

        >>> BatchOptions(jobs=2).chunk_for(10_000), BatchOptions(jobs=2).chunk_for(40)
        (16, 2)
        >>> BatchOptions(jobs=2, engine="dask").chunk_for(10_000)
        64
        """
        largest = 64 if self.engine == "dask" else 16
        return self.chunk_size or max(1, min(largest, total // (self.workers * 8)))


@dataclass(frozen=True, slots=True)
class BatchProgress:
    """Where a batch stands (passed to the ``progress`` callback)."""

    total: int
    parsed: int = 0
    failed: int = 0
    skipped: int = 0
    committed: int = 0
    elapsed: float = 0.0

    @property
    def done(self) -> int:
        """Inputs finished in any way."""
        return self.parsed + self.failed + self.skipped

    @property
    def rate(self) -> float:
        """Documents parsed or failed per second so far."""
        return (self.parsed + self.failed) / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left at the current rate (None before the first document)."""
        return (self.total - self.done) / self.rate if self.rate else None


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """What a batch did.

    Attributes:
        progress: the final counts (``skipped`` includes ``duplicates``).
        duplicates: inputs whose content already appeared earlier in this run.
        replaced: inputs the store held from another build of vbparser (another version,
            or edited code or data), parsed again and their old rows replaced.
        errors_by_type: failed inputs per error type.
        warnings_by_code: document warnings per code, over the documents parsed.
        peak_rss_kb: peak resident memory of each worker process (KiB), by process id.
        seconds: wall time of the run.
        parent_cpu: CPU seconds the parent process spent (reading, hashing, writing).
        workers_cpu: CPU seconds the local workers spent, start-up included (Dask workers
            report theirs too, but live on beyond the run).
    """

    progress: BatchProgress
    duplicates: int
    errors_by_type: dict[str, int]
    warnings_by_code: dict[str, int]
    peak_rss_kb: dict[int, int]
    seconds: float
    parent_cpu: float
    workers_cpu: float = 0.0
    replaced: int = 0

    @property
    def rate(self) -> float:
        """Documents parsed or failed per second."""
        return (self.progress.parsed + self.progress.failed) / max(self.seconds, 1e-9)


class _Tally:
    """Running counts of a batch (the parent's only mutable state besides the store)."""

    def __init__(self, total: int) -> None:
        self.start = time.perf_counter()
        self.cpu = time.process_time()
        self.progress = BatchProgress(total)
        self.duplicates = 0
        self.errors: Counter[str] = Counter()
        self.warnings: Counter[str] = Counter()
        self.rss: dict[int, int] = {}
        self.cpu_by_pid: dict[int, float] = {}
        self.seen: set[str] = set()  # hashes first met in this run: later ones are duplicates
        self.replaced = 0

    def count(self, **delta: int) -> None:
        p = self.progress
        values = {k: getattr(p, k) + v for k, v in delta.items()}
        self.progress = replace(p, **values, elapsed=time.perf_counter() - self.start)

    def summary(self) -> BatchSummary:
        return BatchSummary(self.progress, self.duplicates, dict(self.errors),
                            dict(self.warnings), dict(self.rss), self.progress.elapsed,
                            time.process_time() - self.cpu, sum(self.cpu_by_pid.values()),
                            self.replaced)


def _read_error(item: Input, exc: BaseException) -> tuple[str, str]:
    if isinstance(exc, VbparserError):
        return type(exc).__name__, str(exc)
    return type(exc).__name__, f"{item.path}: cannot be read ({exc})"


def _batch_tasks(found: list[Input], done: set[str], tally: _Tally, store: StoreWriter,
                 send_data: bool) -> Iterator[Task]:
    """Read and hash each input; skip what is stored; record unreadable ones at once."""
    with Reader() as reader:
        for index, item in enumerate(found):
            try:
                data = reader.read(item)
            except _READ_ERRORS as exc:
                if f"path:{item.path}" in done:
                    tally.count(skipped=1)
                    continue
                kind, message = _read_error(item, exc)
                store.add(pack([error_rows(None, item.path, kind, message)]))
                tally.errors[kind] += 1
                tally.count(failed=1)
                continue
            sha = hashlib.sha256(data).hexdigest()
            if sha in done:
                tally.duplicates += sha in tally.seen
                tally.count(skipped=1)
                continue
            done.add(sha)
            tally.seen.add(sha)
            tally.replaced += sha in store.stale
            yield Task(index, item.path, sha, data if send_data or item.archive else None)


def run_batch(inputs: Iterable[str | Path], db: str | Path,
              options: BatchOptions | None = None,
              progress: Callable[[BatchProgress], None] | None = None) -> BatchSummary:
    """Parse every document under ``inputs`` into the store ``db``; resumable.

    Inputs whose content (sha256) the store already holds, as a document or an error
    written by this build of vbparser, are skipped, and so is content met twice in one
    run; rows another build wrote (``parser_build``) are replaced. Results are committed every
    2 seconds (or 512 documents), a document's rows always in one transaction; an input
    that fails goes to ``errors``. Call it under ``if __name__ == "__main__":`` in a
    script: the workers are spawned processes that import the main module.

    Args:
        inputs: files, folders and zip archives.
        db: the DuckDB file (created when missing; its folder must exist).
        options: engine, workers, time limit (defaults: local, one per CPU, 600 s).
        progress: called with the counts after each chunk and each commit.

    Returns:
        The counts, error types, warning codes and worker memory of the run.
    """
    opts = options or BatchOptions()
    found = find_inputs(inputs)
    tally = _Tally(len(found))
    job = WorkerJob(_worker_config(opts.config), opts.timeout or None, True, opts.parse_func)
    with StoreWriter(db, retry_errors=opts.retry_errors) as store:
        tasks = _batch_tasks(found, store.done_keys(), tally, store, opts.remote)
        last = 0.0  # the first results are committed at once: a store fills from the start
        for result in _engine(opts, job, tasks, len(found)):
            _record(result, store, tally)
            if store.pending >= _FLUSH_DOCS or time.monotonic() - last >= _FLUSH_SECONDS:
                tally.count(committed=store.flush())
                last = time.monotonic()
            if progress:
                progress(tally.progress)
        tally.count(committed=store.flush())
    if progress:
        progress(tally.progress)
    return tally.summary()


def _record(result: ChunkResult, store: StoreWriter, tally: _Tally) -> None:
    if result.pid:
        tally.rss[result.pid] = max(tally.rss.get(result.pid, 0), result.max_rss_kb)
        tally.cpu_by_pid[result.pid] = max(tally.cpu_by_pid.get(result.pid, 0.0),
                                           result.cpu_seconds)
    if result.rows is not None:
        store.add(result.rows)
    else:  # documents whose worker was lost: the parent writes their error rows
        store.add(pack([error_rows(out.sha256, out.path, out.error_type or "error",
                                   out.message or "", out.seconds) for out in result.outcomes]))
    for out in result.outcomes:
        if out.error_type is None:
            tally.warnings.update(out.warning_codes)
            tally.count(parsed=1)
        else:
            tally.errors[out.error_type] += 1
            tally.count(failed=1)


def _plain_tasks(found: list[Input], send_data: bool) -> Iterator[Task]:
    with Reader() as reader:
        for index, item in enumerate(found):
            data = None
            if send_data or item.archive is not None:
                try:
                    data = reader.read(item)
                except _READ_ERRORS as exc:
                    raise LoadError(f"{item.path}: cannot be read ({exc})") from None
            yield Task(index, item.path, None, data)


def _raise_for(out: Outcome) -> None:
    from vbparser import errors as catalogue

    cls = getattr(catalogue, out.error_type or "", None)
    if out.error_type == "timeout":
        raise DocumentTimeoutError(out.message or out.path)
    if isinstance(cls, type) and issubclass(cls, VbparserError):
        raise cls(out.message)
    raise DocumentFailedError(out.message or out.path)


def parse_many(paths: Iterable[str | Path], jobs: int | None = None,
               config: None | dict[str, Any] | Config = None, *,
               timeout: float | None = DEFAULT_TIMEOUT,
               engine: str = "local", scheduler: str | None = None,
               errors: str = "raise") -> Iterator[Document]:
    """Parse many documents in worker processes, yielding Documents in input order.

    ``paths`` may name files, folders and zip archives; their documents come in the
    order ``find_inputs`` lists them (folders sorted, archive members sorted).

    Args:
        paths: files, folders and zip archives.
        jobs: worker processes (None: one per CPU).
        config: parse configuration, as for ``parse``.
        timeout: seconds one document may take (None: no limit).
        engine: ``local`` or ``dask``; scheduler: a Dask scheduler address.
        errors: ``raise`` (the default) raises the document's error at its place in the
            order (``DocumentTimeoutError`` for a timeout); ``skip`` leaves it out.

    Yields:
        One Document per input that parsed.
    """
    if errors not in ("raise", "skip"):
        raise ConfigError(f"errors must be 'raise' or 'skip', not {errors!r}")
    opts = BatchOptions(jobs=jobs, engine=engine, scheduler=scheduler, timeout=timeout,
                        config=Config.resolve(config))
    found = find_inputs(paths)
    job = WorkerJob(_worker_config(opts.config), opts.timeout or None, False)
    tasks = _plain_tasks(found, send_data=opts.remote)
    waiting: dict[int, Outcome] = {}
    following = 0
    for result in _engine(opts, job, tasks, len(found)):
        waiting.update((out.index, out) for out in result.outcomes)
        while following in waiting:
            out = waiting.pop(following)
            following += 1
            if isinstance(out.result, Document):
                yield out.result
            elif errors == "raise":
                _raise_for(out)
