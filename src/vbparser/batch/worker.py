"""The worker side of a batch: parse a chunk of documents under a time limit.

Time limit, in two stages: an alarm raises inside the parse after ``timeout`` seconds;
should the parse be stuck where Python cannot interrupt it (a regular expression, a C
library), a ``faulthandler`` watchdog ends the whole worker process a little later, and
the engine replaces it (see ``engines.py``).
"""

from __future__ import annotations

import faulthandler
import importlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from vbparser.config import Config
from vbparser.errors import VbparserError
from vbparser.model import Document
from vbparser.store import Entry, Rows, document_rows, error_rows, pack_safely


class _Timeout(BaseException):
    """Raised in a parse by the alarm; a BaseException so that no ``except Exception`` eats it."""


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

    ``parse_func`` is the import path ("module:function") of the parse function, called
    as ``f(path, config)``: ``vbparser.parse`` unless a custom pipeline is wanted.
    """

    config: Config
    timeout: float | None
    rows: bool  # True: return store rows; False: return Documents
    parse_func: str = "vbparser.api:parse"


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one document: ``result`` (its rows, or the Document), or an error.

    In a chunk's result the rows have been moved into ``ChunkResult.rows``.
    """

    index: int
    path: str
    sha256: str | None
    seconds: float
    result: Entry | Document | None = None
    error_type: str | None = None  # exception class name, "timeout" or "crash"
    message: str | None = None
    warning_codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """The outcomes of a chunk, the rows of all its inputs (when rows were asked for),
    and the worker's process id, peak memory (KiB) and CPU seconds so far."""

    outcomes: tuple[Outcome, ...]
    pid: int
    max_rss_kb: int
    rows: Rows | None = None
    cpu_seconds: float = 0.0


def grace(seconds: float) -> float:
    """How long after the alarm the watchdog ends a stuck worker."""
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
    """The alarm for a parse outside the main thread (a Dask worker thread)."""
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


_DEVNULL: list[Any] = []


def _devnull() -> Any:
    """Where the watchdog writes the tracebacks nobody reads (open for the process)."""
    if not _DEVNULL:
        import atexit

        _DEVNULL.append(open(os.devnull, "w"))  # noqa: SIM115 - closed at exit
        atexit.register(_DEVNULL[0].close)
    return _DEVNULL[0]


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``_Timeout`` in the block after ``seconds``; end the process if it is stuck.

    >>> with time_limit(5):
    ...     pass
    """
    if not seconds:
        yield
        return
    faulthandler.dump_traceback_later(seconds + grace(seconds), exit=True, file=_devnull())
    in_main = threading.current_thread() is threading.main_thread()
    try:
        with _alarm(seconds) if in_main and hasattr(signal, "setitimer") else _thread_alarm(seconds):
            yield
    finally:
        faulthandler.cancel_dump_traceback_later()


def _resolve(dotted: str) -> Callable[..., Document]:
    module, _, name = dotted.partition(":")
    func: Callable[..., Document] = getattr(importlib.import_module(module), name)
    return func


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


def failure(task: Task, exc: BaseException, seconds: float, timeout: float | None) -> Outcome:
    """The outcome of a document whose parse raised ``exc``."""
    if isinstance(exc, _Timeout):
        kind, message = "timeout", f"{task.path}: parsing took longer than {timeout:g} s"
    elif isinstance(exc, VbparserError):
        kind, message = type(exc).__name__, str(exc)
    else:  # an internal error: say where, for the bug report
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        where = f" (at {Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno})" if tb else ""
        kind, message = type(exc).__name__, f"{task.path}: {type(exc).__name__}: {exc}{where}"
    return Outcome(task.index, task.path, task.sha256, seconds, None, kind, message)


def lost(task: Task, seconds: float, timeout: float | None) -> Outcome:
    """The outcome of a document whose worker process was stopped or died.

    Only the watchdog ends a worker ``timeout`` plus the grace period after the document
    started, so a worker lost sooner than that crashed.
    """
    if timeout and seconds >= timeout + grace(timeout):
        return failure(task, _Timeout(), seconds, timeout)
    message = f"{task.path}: the worker process died while parsing this document"
    return Outcome(task.index, task.path, task.sha256, seconds, None, "crash", message)


# Set in pool workers by ``init_worker``: the shared clock where each document's start
# is written, so that the parent can tell a stopped worker from a crashed one.
_CLOCK: list[Any] = []


def _run_one(task: Task, job: WorkerJob, parse: Callable[..., Document]) -> Outcome:
    if _CLOCK:
        _CLOCK[0].value = time.time()
    start = time.perf_counter()
    try:
        with time_limit(job.timeout):
            doc = (parse(Path(task.path), job.config) if task.data is None
                   else _parse_data(parse, task, job.config))
    except (Exception, _Timeout) as exc:  # noqa: BLE001 - one bad document never stops a batch
        return failure(task, exc, time.perf_counter() - start, job.timeout)
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
    """Parse a chunk of documents in this worker (the function both engines run).

    With ``job.rows``, the rows of every input of the chunk, parsed or failed, come back
    as Arrow tables (``ChunkResult.rows``): the parent only has to insert them.
    """
    _warm_up(job.config)
    parse = _resolve(job.parse_func)
    outcomes = [_run_one(task, job, parse) for task in tasks]
    if not job.rows:
        return ChunkResult(tuple(outcomes), os.getpid(), peak_rss_kb(), None,
                           time.process_time())
    rows, refused = pack_safely([_entry(out) for out in outcomes])
    light = tuple(replace(out, result=None, error_type="StoreError", message=refused[i])
                  if i in refused else replace(out, result=None)
                  for i, out in enumerate(outcomes))
    return ChunkResult(light, os.getpid(), peak_rss_kb(), rows, time.process_time())


def _entry(out: Outcome) -> Entry:
    if out.error_type is None and isinstance(out.result, tuple):
        return out.result
    return error_rows(out.sha256, out.path, out.error_type or "error", out.message or "",
                      out.seconds)


def peak_rss_kb() -> int:
    """Peak resident memory of this process, in KiB.

    Linux's ``VmHWM`` first: ``ru_maxrss`` of a spawned worker also counts the parent's
    memory at the moment it was forked (the high-water mark survives ``exec``).

    >>> peak_rss_kb() > 0
    True
    """
    with suppress(OSError, ValueError, StopIteration):
        with open("/proc/self/status", encoding="ascii") as fh:
            line = next(line for line in fh if line.startswith("VmHWM:"))
        return int(line.split()[1])
    try:
        import resource
    except ImportError:  # Windows
        return 0
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def init_worker(parent: int, clock: Any) -> None:
    """Pool worker start-up: Ctrl-C is the parent's business; exit when the parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _CLOCK.append(clock)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="vbparser-parent-watch").start()
