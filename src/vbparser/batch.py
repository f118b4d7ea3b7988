"""Many documents at once: walk the inputs, parse them in worker processes, store the rows.

Inputs are files, folders (walked recursively, in sorted order, hidden entries skipped)
and zip archives, whose members are read from the archive and recorded as
``archive.zip!member``. Workers run ``vbparser.parse`` under a per-document time limit
and return plain rows (``run_batch``) or Documents (``parse_many``); the parent process
only hashes inputs, skips what the store already holds and writes.

Two engines run the same worker function: ``local`` (a ``ProcessPoolExecutor`` of
spawned processes, fed in chunks) and ``dask`` (``dask.distributed``: a scheduler at an
address, or a ``LocalCluster`` started for the run).

Time limit, in two stages: an alarm raises inside the parse after ``timeout`` seconds;
should the parse be stuck where Python cannot interrupt it (a regular expression, a C
library), a ``faulthandler`` watchdog ends the worker process a little later. The local
engine then replaces the pool and runs the unfinished documents again, one at a time,
so that the document that stops a worker alone is recorded as failed.
"""

from __future__ import annotations

import faulthandler
import hashlib
import importlib
import multiprocessing
import os
import resource
import signal
import sys
import threading
import time
import zipfile
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from vbparser.config import Config
from vbparser.errors import LoadError, VbparserError
from vbparser.model import Document
from vbparser.store import DocRows, StoreWriter, document_rows, error_rows

SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".docx", ".pdf"})
ENGINES = ("local", "dask")
DEFAULT_TIMEOUT = 600.0
_MAX_MEMBER_BYTES = 256 * 2**20
# Commit at least every second (what a kill can lose) and at most 256 documents at a
# time; fewer, larger inserts keep the parent cheap (benchmarks/batch.py).
_FLUSH_DOCS, _FLUSH_SECONDS = 256, 1.0
_STARTUP_BREAKS = 3  # pools lost before any chunk finished: the workers cannot start


class DocumentTimeoutError(VbparserError, TimeoutError):
    """Parsing a document took longer than the time limit."""


class DocumentFailedError(VbparserError, RuntimeError):
    """Parsing a document failed unexpectedly (an internal error or a crashed worker)."""


class _Timeout(BaseException):
    """Raised inside a parse by the alarm; a BaseException so no ``except Exception`` eats it."""


# --- inputs ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Input:
    """One document to parse: a file, or a member of a zip archive."""

    path: str  # as shown and stored: "dir/a.txt" or "dir/b.zip!sub/c.docx"
    archive: str | None = None
    member: str | None = None


def _visible(name: str) -> bool:
    return not name.startswith((".", "~$", "__MACOSX"))


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if _visible(d))
        for name in sorted(files):
            if _visible(name) and Path(name).suffix.lower() in SUFFIXES | {".zip"}:
                yield Path(root, name)


def _members(archive: Path) -> list[Input]:
    try:
        with zipfile.ZipFile(archive) as zf:
            names = sorted(i.filename for i in zf.infolist() if not i.is_dir())
    except (zipfile.BadZipFile, OSError):
        return [Input(str(archive))]  # read as a file, so that it lands in errors
    return [Input(f"{archive}!{name}", str(archive), name) for name in names
            if all(_visible(part) for part in name.split("/"))
            and Path(name).suffix.lower() in SUFFIXES]


def find_inputs(paths: Iterable[str | Path]) -> list[Input]:
    """List the documents under ``paths`` (files, folders, zip archives), in order.

    A file named explicitly is taken whatever its suffix; in folders and archives only
    .txt, .md, .docx and .pdf (and .zip in folders) are.

    Raises:
        LoadError: a path does not exist.
    """
    found: list[Input] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise LoadError(f"{path}: no such file or folder")
        files = _walk(path) if path.is_dir() else [path]
        for file in files:
            is_zip = file.suffix.lower() == ".zip"
            found += _members(file) if is_zip else [Input(str(file))]
    return found


class _Reader:
    """Reads inputs, keeping the last zip archive open (its members come together)."""

    def __init__(self) -> None:
        self._zip: tuple[str, zipfile.ZipFile] | None = None

    def read(self, item: Input) -> bytes:
        if item.archive is None:
            return Path(item.path).read_bytes()
        if self._zip is None or self._zip[0] != item.archive:
            self.close()
            self._zip = (item.archive, zipfile.ZipFile(item.archive))
        info = self._zip[1].getinfo(item.member or "")
        if info.file_size > _MAX_MEMBER_BYTES:
            raise LoadError(f"{item.path}: {info.file_size} bytes unpacked is too large")
        return self._zip[1].read(info)

    def close(self) -> None:
        if self._zip is not None:
            self._zip[1].close()
            self._zip = None


# --- the worker side -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Task:
    """One document sent to a worker; ``data`` is set when the worker cannot read ``path``."""

    index: int
    path: str
    sha256: str | None
    data: bytes | None = None


@dataclass(frozen=True, slots=True)
class WorkerJob:
    """What every worker needs to know (picklable, sent with each chunk).

    ``parse_func`` is the import path of the parse function ("module:function", called
    as ``f(path, config)``), for custom pipelines.
    """

    config: Config
    timeout: float | None
    rows: bool  # True: return store rows; False: return Documents
    parse_func: str = "vbparser.api:parse"


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one document: ``result`` (DocRows or Document) or an error."""

    index: int
    path: str
    sha256: str | None
    seconds: float
    result: DocRows | Document | None = None
    error_type: str | None = None
    message: str | None = None
    warning_codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """The outcomes of a chunk, with the worker's process id and peak memory (KiB)."""

    outcomes: tuple[Outcome, ...]
    pid: int
    max_rss_kb: int


def _grace(seconds: float) -> float:
    return max(1.0, seconds / 2)


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def ring(signum: int, frame: Any) -> None:
        raise _Timeout

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@contextmanager
def _thread_alarm(seconds: float) -> Iterator[None]:
    """The alarm for a parse running outside the main thread (a Dask worker thread)."""
    import ctypes

    target, lock, state = threading.get_ident(), threading.Lock(), {"done": False}

    def ring() -> None:
        with lock:
            if not state["done"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target),
                                                           ctypes.py_object(_Timeout))

    timer = threading.Timer(seconds, ring)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
        timer.cancel()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``_Timeout`` in the block after ``seconds``; end the process soon after."""
    if not seconds:
        yield
        return
    faulthandler.dump_traceback_later(seconds + _grace(seconds), exit=True, file=_devnull())
    main = threading.current_thread() is threading.main_thread()
    try:
        with _alarm(seconds) if main and hasattr(signal, "setitimer") else _thread_alarm(seconds):
            yield
    finally:
        faulthandler.cancel_dump_traceback_later()


_DEVNULL: list[Any] = []


def _devnull() -> Any:
    if not _DEVNULL:
        _DEVNULL.append(open(os.devnull, "w"))  # noqa: SIM115 - kept for the process
    return _DEVNULL[0]


def _resolve(dotted: str) -> Callable[..., Document]:
    module, _, name = dotted.partition(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def _parse_data(parse: Callable[..., Document], task: Task, config: Config) -> Document:
    """Parse bytes as the file they came from: a temporary file with the same suffix."""
    import tempfile

    suffix = Path(task.path.rpartition("!")[2]).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="vbparser-") as tmp:
        path = Path(tmp, "document" + suffix)
        path.write_bytes(task.data or b"")
        try:
            doc = parse(path, config)
        except VbparserError as exc:
            raise type(exc)(str(exc).replace(str(path), task.path)) from None
    return replace(doc, source=replace(doc.source, path=task.path))


def _failure(task: Task, exc: BaseException, seconds: float, timeout: float | None) -> Outcome:
    if isinstance(exc, _Timeout):
        kind, message = "timeout", f"{task.path}: parsing took longer than {timeout:g} s"
    elif isinstance(exc, VbparserError):
        kind, message = type(exc).__name__, str(exc)
    else:
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        where = f" (at {Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno})" if tb else ""
        kind, message = type(exc).__name__, f"{task.path}: {type(exc).__name__}: {exc}{where}"
    return Outcome(task.index, task.path, task.sha256, seconds, None, kind, message)


def _run_one(task: Task, job: WorkerJob, parse: Callable[..., Document]) -> Outcome:
    start = time.perf_counter()
    try:
        with time_limit(job.timeout):
            doc = (parse(Path(task.path), job.config) if task.data is None
                   else _parse_data(parse, task, job.config))
    except (Exception, _Timeout) as exc:
        return _failure(task, exc, time.perf_counter() - start, job.timeout)
    seconds = time.perf_counter() - start
    result = document_rows(doc.to_dict(), seconds) if job.rows else doc
    codes = tuple(w.code for w in doc.warnings)
    return Outcome(task.index, task.path, doc.source.sha256, seconds, result, None, None, codes)


_WARM: list[bool] = []
_WARM_UP_TEXT = "KẾ HOẠCH\nI. MỤC ĐÍCH, YÊU CẦU\n1. Hoàn thành trước ngày 15/10/2023."


def _warm_up(config: Config) -> None:
    """Load the data files and patterns once per process, before any document is timed."""
    if not _WARM:
        _WARM.append(True)
        from vbparser.api import parse

        with suppress(Exception):
            parse(_WARM_UP_TEXT, config)


def run_chunk(tasks: Sequence[Task], job: WorkerJob) -> ChunkResult:
    """Parse a chunk of documents in this worker (the function both engines run)."""
    _warm_up(job.config)
    parse = _resolve(job.parse_func)
    outcomes = tuple(_run_one(task, job, parse) for task in tasks)
    return ChunkResult(outcomes, os.getpid(), peak_rss_kb())


def peak_rss_kb() -> int:
    """Peak resident memory of this process, in KiB.

    Linux's ``VmHWM`` first: ``ru_maxrss`` of a spawned worker also counts the parent's
    memory at the moment it was forked (the high-water mark survives ``exec``).
    """
    with suppress(OSError, ValueError, StopIteration):
        with open("/proc/self/status", encoding="ascii") as fh:
            line = next(line for line in fh if line.startswith("VmHWM:"))
        return int(line.split()[1])
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _init_worker(parent: int) -> None:
    """Worker start-up: Ctrl-C is the parent's business; exit when the parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="vbparser-parent-watch").start()


# --- engines ---------------------------------------------------------------------------

def _lost(task: Task, seconds: float, timeout: float | None) -> Outcome:
    """The outcome of a document whose worker process was stopped or died.

    Only the watchdog ends a worker after ``timeout`` plus the grace period, so a worker
    lost sooner than that crashed.
    """
    if timeout and seconds >= timeout + _grace(timeout):
        return _failure(task, _Timeout(), seconds, timeout)
    message = f"{task.path}: the worker process died while parsing this document"
    return Outcome(task.index, task.path, task.sha256, seconds, None, "crash", message)


def _new_pool(jobs: int) -> ProcessPoolExecutor:
    # spawn: workers start clean (no copy of the parent's store connection or threads).
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(os.getpid(),))


def local_results(chunks: Iterator[list[Task]], job: WorkerJob,
                  jobs: int) -> Iterator[ChunkResult]:
    """Run chunks on a pool of ``jobs`` processes, yielding results as they complete.

    When a worker dies (time limit's watchdog, a crash in a C library), the pool is
    replaced and the unfinished documents are run again one at a time: a document that
    stops a worker while running alone is reported as ``timeout`` or ``crash``.
    """
    pool = _new_pool(jobs)
    inflight: dict[Future[ChunkResult], tuple[list[Task], float, bool]] = {}
    alone: deque[Task] = deque()
    finished = breaks = 0
    try:
        while True:
            _submit(pool, inflight, chunks, alone, job, jobs * 3)
            if not inflight:
                return
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            if any(isinstance(f.exception(), BrokenProcessPool) for f in done):
                breaks += 1
                if breaks >= _STARTUP_BREAKS and not finished:
                    raise DocumentFailedError(
                        "the worker processes die before finishing any document (when calling "
                        "from a script, put the call under `if __name__ == '__main__':`)")
                wait(inflight)
                yield from _salvage(inflight, alone, job.timeout)
                pool.shutdown(wait=True)
                pool = _new_pool(jobs)
                continue
            for fut in done:
                inflight.pop(fut)
                finished += 1
                yield fut.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(pool: ProcessPoolExecutor, inflight: dict[Future[ChunkResult], Any],
            chunks: Iterator[list[Task]], alone: deque[Task], job: WorkerJob,
            limit: int) -> None:
    if alone:  # suspects from a lost pool run by themselves
        if not inflight:
            task = alone.popleft()
            inflight[pool.submit(run_chunk, [task], job)] = ([task], time.monotonic(), True)
        return
    while len(inflight) < limit:
        chunk = next(chunks, None)
        if chunk is None:
            return
        inflight[pool.submit(run_chunk, chunk, job)] = (chunk, time.monotonic(), False)


def _salvage(inflight: dict[Future[ChunkResult], tuple[list[Task], float, bool]],
             alone: deque[Task], timeout: float | None) -> Iterator[ChunkResult]:
    for fut, (chunk, started, ran_alone) in list(inflight.items()):
        inflight.pop(fut)
        if fut.exception() is None:
            yield fut.result()
        elif ran_alone:
            lost = _lost(chunk[0], time.monotonic() - started, timeout)
            yield ChunkResult((lost,), 0, 0)
        else:
            alone.extend(chunk)


def _dask_client(jobs: int, scheduler: str | None) -> Any:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise VbparserError("the dask engine needs dask.distributed: "
                            "pip install 'vbparser[dask]'") from None
    if scheduler:
        try:
            return Client(scheduler, timeout="20s")
        except OSError as exc:
            raise VbparserError(f"cannot reach the Dask scheduler {scheduler} ({exc})") from None
    import logging

    cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.ERROR)
    return Client(cluster)


def dask_results(chunks: Iterator[list[Task]], job: WorkerJob, jobs: int,
                 scheduler: str | None = None) -> Iterator[ChunkResult]:
    """Run chunks on Dask workers, yielding results as they complete.

    A chunk whose worker died (Dask retries it elsewhere first) is split and its
    documents run one per task; a single document that still kills its worker is
    reported as ``timeout`` or ``crash``.
    """
    from dask.distributed import as_completed

    client = _dask_client(jobs, scheduler)
    cluster = getattr(client, "cluster", None)
    pending: dict[Any, tuple[list[Task], float]] = {}
    queue = as_completed()

    def submit(chunk: list[Task]) -> None:
        fut = client.submit(run_chunk, chunk, job, pure=False)
        pending[fut] = (chunk, time.monotonic())
        queue.add(fut)

    try:
        for chunk in _take(chunks, max(2, jobs * 3)):
            submit(chunk)
        for fut in queue:
            chunk, started = pending.pop(fut)
            try:
                result = fut.result()
            except Exception:
                if len(chunk) > 1:
                    for task in chunk:
                        submit([task])
                    continue
                result = ChunkResult((_lost(chunk[0], time.monotonic() - started, job.timeout),),
                                     0, 0)
            yield result
            for more in _take(chunks, 1):
                submit(more)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _take(chunks: Iterator[list[Task]], n: int) -> Iterator[list[Task]]:
    for _ in range(n):
        chunk = next(chunks, None)
        if chunk is None:
            return
        yield chunk


def _chunked(tasks: Iterable[Task], size: int, max_bytes: int = 16 * 2**20) -> Iterator[list[Task]]:
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


def _worker_config(config: Config) -> Config:
    """The config workers use: OCR one page at a time unless the caller chose otherwise."""
    if getattr(config, "ocr_workers", 0) is None:
        return replace(config, ocr_workers=1)
    return config


def _engine(options: BatchOptions, job: WorkerJob,
            chunks: Iterator[list[Task]]) -> Iterator[ChunkResult]:
    if options.engine == "dask":
        return dask_results(chunks, job, options.workers, options.scheduler)
    return local_results(chunks, job, options.workers)


# --- the two entry points ----------------------------------------------------------------

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
        from vbparser.errors import ConfigError

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

    def chunk_for(self, total: int) -> int:
        """Documents per task: small enough to keep every worker busy to the end."""
        return self.chunk_size or max(1, min(16, total // (self.workers * 8)))


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
        errors_by_type: failed inputs per error type.
        warnings_by_code: document warnings per code, over the documents parsed.
        peak_rss_kb: peak resident memory of each worker process (KiB), by process id.
        seconds: wall time of the run.
        parent_cpu: CPU seconds the parent process spent (reading, hashing, writing).
    """

    progress: BatchProgress
    duplicates: int
    errors_by_type: dict[str, int]
    warnings_by_code: dict[str, int]
    peak_rss_kb: dict[int, int]
    seconds: float
    parent_cpu: float

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
        self.seen: set[str] = set()  # hashes first met in this run: later ones are duplicates

    def count(self, **delta: int) -> None:
        p = self.progress
        values = {k: getattr(p, k) + v for k, v in delta.items()}
        self.progress = replace(p, **values, elapsed=time.perf_counter() - self.start)

    def summary(self) -> BatchSummary:
        return BatchSummary(self.progress, self.duplicates, dict(self.errors),
                            dict(self.warnings), dict(self.rss), self.progress.elapsed,
                            time.process_time() - self.cpu)


def _read_error(item: Input, exc: BaseException) -> tuple[str, str]:
    if isinstance(exc, VbparserError):
        return type(exc).__name__, str(exc)
    return type(exc).__name__, f"{item.path}: cannot be read ({exc})"


def _batch_tasks(found: list[Input], done: set[str], tally: _Tally, store: StoreWriter,
                 send_data: bool) -> Iterator[Task]:
    """Read and hash each input; skip what is stored; record unreadable ones at once."""
    reader = _Reader()
    try:
        for index, item in enumerate(found):
            try:
                data = reader.read(item)
            except (OSError, zipfile.BadZipFile, KeyError, VbparserError) as exc:
                if f"path:{item.path}" in done:
                    tally.count(skipped=1)
                    continue
                kind, message = _read_error(item, exc)
                store.add(error_rows(None, item.path, kind, message))
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
            yield Task(index, item.path, sha, data if send_data or item.archive else None)
    finally:
        reader.close()


def run_batch(inputs: Iterable[str | Path], db: str | Path,
              options: BatchOptions | None = None,
              progress: Callable[[BatchProgress], None] | None = None) -> BatchSummary:
    """Parse every document under ``inputs`` into the store ``db``; resumable.

    Inputs whose content (sha256) the store already holds, as a document or an error,
    are skipped. Results are committed every ~64 documents or every second, each
    document's rows in one transaction with it; an input that fails goes to ``errors``.

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
        tasks = _batch_tasks(found, store.done_keys(), tally, store, opts.engine == "dask")
        last = 0.0  # the first results are committed at once: a store fills from the start
        for result in _engine(opts, job, _chunked(tasks, opts.chunk_for(len(found)))):
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
    for out in result.outcomes:
        if out.error_type is None and isinstance(out.result, DocRows):
            store.add(out.result)
            tally.warnings.update(out.warning_codes)
            tally.count(parsed=1)
        else:
            store.add(error_rows(out.sha256, out.path, out.error_type or "error",
                                 out.message or "", out.seconds))
            tally.errors[out.error_type or "error"] += 1
            tally.count(failed=1)


def _plain_tasks(found: list[Input], send_data: bool) -> Iterator[Task]:
    reader = _Reader()
    try:
        for index, item in enumerate(found):
            keep = send_data or item.archive is not None
            yield Task(index, item.path, None, reader.read(item) if keep else None)
    finally:
        reader.close()


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
        from vbparser.errors import ConfigError

        raise ConfigError(f"errors must be 'raise' or 'skip', not {errors!r}")
    opts = BatchOptions(jobs=jobs, engine=engine, scheduler=scheduler, timeout=timeout,
                        config=Config.resolve(config))
    found = find_inputs(paths)
    job = WorkerJob(_worker_config(opts.config), opts.timeout or None, False)
    tasks = _plain_tasks(found, send_data=opts.engine == "dask")
    waiting: dict[int, Outcome] = {}
    following = 0
    for result in _engine(opts, job, _chunked(tasks, opts.chunk_for(len(found)))):
        waiting.update((out.index, out) for out in result.outcomes)
        while following in waiting:
            out = waiting.pop(following)
            following += 1
            if isinstance(out.result, Document):
                yield out.result
            elif errors == "raise":
                _raise_for(out)
