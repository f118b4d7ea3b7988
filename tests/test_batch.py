"""Batch runs: inputs, resume after SIGKILL, bad files, time limits, zip, Dask, CLI."""

from __future__ import annotations

import hashlib
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import psutil
import pytest

import vbparser
from tests.factories import CELL_PLAN
from vbparser.batch import BatchOptions, find_inputs, parse_many, run_batch
from vbparser.cli import main
from vbparser.errors import ConfigError, LoadError
from vbparser.store import ENTITY_TABLES, open_store

PLAN = CELL_PLAN
QUICK = BatchOptions(jobs=2, timeout=30)


def plan(n: int, mark: str = "") -> str:
    return PLAN.format(n=n, d=n % 9 + 1, mark=mark)


def write_plans(folder: Path, count: int, start: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(start, start + count):
        (folder / f"kh_{n:04d}.txt").write_text(plan(n), encoding="utf-8")
    return folder


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def no_duplicates(db: Path) -> None:
    store = open_store(db)
    assert store.sql("SELECT count(*) - count(DISTINCT sha256) AS n FROM documents").n[0] == 0
    for name in ENTITY_TABLES:
        dup = store.sql(f"SELECT doc_id, ordinal FROM {name} GROUP BY ALL HAVING count(*) > 1")
        assert dup.empty, name


# Parse functions for the time-limit tests (workers import them by name).

def _text(source: Path) -> str:
    return Path(source).read_bytes().decode("utf-8", errors="ignore")


def slow_parse(source: Path, config: vbparser.Config) -> vbparser.Document:
    """Sleeps on a document marked CHẬM: the alarm interrupts it."""
    if "CHẬM" in _text(source):
        time.sleep(60)
    return vbparser.parse(source, config)


def stuck_parse(source: Path, config: vbparser.Config) -> vbparser.Document:
    """Blocks the alarm and sleeps on KẸT (only the watchdog can stop it); dies on HỎNG."""
    text = _text(source)
    if "KẸT" in text:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(60)
    if "HỎNG" in text:
        os._exit(3)
    return vbparser.parse(source, config)


# --- inputs -------------------------------------------------------------------------

def test_find_inputs_walks_folders_and_archives(tmp_path):
    write_plans(tmp_path / "b", 2)
    (tmp_path / "a.md").write_text(plan(9), encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "notes.json").write_text("{}")
    with zipfile.ZipFile(tmp_path / "c.zip", "w") as zf:
        zf.writestr("sub/m.txt", plan(10))
        zf.writestr("image.png", b"\x89PNG")
        zf.writestr("__MACOSX/sub/._m.txt", b"junk")
    paths = [i.path for i in find_inputs([tmp_path])]
    assert paths == [str(tmp_path / "a.md"), f"{tmp_path / 'c.zip'}!sub/m.txt",
                     str(tmp_path / "b" / "kh_0001.txt"), str(tmp_path / "b" / "kh_0002.txt")]
    assert [i.path for i in find_inputs([tmp_path / "notes.json"])] == [str(tmp_path / "notes.json")]
    member = f"{tmp_path / 'c.zip'}!sub/m.txt"  # an address as the store records it
    assert find_inputs([member])[0].member == "sub/m.txt"
    with pytest.raises(LoadError, match="no such file or folder"):
        find_inputs([tmp_path / "missing"])
    with pytest.raises(LoadError, match="no member 'nope.txt'"):
        find_inputs([f"{tmp_path / 'c.zip'}!nope.txt"])


# --- a batch ------------------------------------------------------------------------

def test_zip_members_bad_files_and_rerun(tmp_path):
    src = write_plans(tmp_path / "in", 6)
    with zipfile.ZipFile(src / "archive.zip", "w") as zf:
        zf.writestr("sub/z1.txt", plan(101))
        zf.writestr("z2.docx", docx_bytes(plan(102)))
    good_docx = docx_bytes(plan(103))
    (src / "ok.docx").write_bytes(good_docx)
    bad = {"truncated.docx": good_docx[: len(good_docx) // 2],
           "binary.txt": bytes(range(256)) * 8,
           "empty.txt": b"",
           "fake.pdf": b"this is not a PDF at all\n",
           "encrypted.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048)}
    for name, data in bad.items():
        (src / name).write_bytes(data)
    db = tmp_path / "r.duckdb"

    first = run_batch([src], db, QUICK)
    assert (first.progress.parsed, first.progress.failed) == (9, 5)
    store = open_store(db)
    docs = store.documents.set_index("path")
    member = f"{src / 'archive.zip'}!z2.docx"
    assert docs.loc[member, "format"] == "docx" and docs.loc[member, "number"] == "102"
    assert f"{src / 'archive.zip'}!sub/z1.txt" in docs.index
    errors = store.errors.set_index("path")
    assert sorted(Path(p).name for p in errors.index) == sorted(bad)
    for name, data in bad.items():
        row = errors.loc[str(src / name)]
        assert row.sha256 == hashlib.sha256(data).hexdigest()
        assert issubclass(getattr(vbparser.errors, row.error_type), LoadError)
        assert row.message.startswith(str(src / name)) and "\n" not in row.message
    counts = store.counts()

    again = run_batch([src], db, QUICK)
    assert again.progress.skipped == 14 and again.progress.parsed == again.progress.failed == 0
    assert open_store(db).counts() == counts
    no_duplicates(db)


def test_same_content_twice_is_one_document(tmp_path):
    src = write_plans(tmp_path / "in", 3)
    (src / "copy.txt").write_bytes((src / "kh_0001.txt").read_bytes())
    summary = run_batch([src], tmp_path / "r.duckdb", QUICK)
    assert (summary.progress.parsed, summary.progress.skipped, summary.duplicates) == (3, 1, 1)


def test_retry_errors_replaces_the_error_rows(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "binary.txt").write_bytes(bytes(range(256)) * 8)
    db = tmp_path / "r.duckdb"
    run_batch([src], db, QUICK)
    summary = run_batch([src], db, BatchOptions(jobs=1, retry_errors=True))
    assert summary.progress.failed == 1 and len(open_store(db).errors) == 1



def test_rows_of_another_build_are_parsed_again_and_replaced(tmp_path, capsys):
    src = write_plans(tmp_path / "in", 4)
    (src / "binary.txt").write_bytes(bytes(range(256)) * 8)
    db = tmp_path / "r.duckdb"
    run_batch([src], db, QUICK)
    store = open_store(db)
    build = store.documents.parser_build.unique().tolist()
    assert len(build) == 1 and build[0].startswith(vbparser.__version__ + "+")
    assert store.errors.parser_build.tolist() == build
    counts = store.counts()

    # A store written by an older checkout: same version, other code.
    import duckdb
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE documents SET parser_build = '0.1.0+000000000000', n_deadlines = 99 "
                    "WHERE path LIKE '%kh_0001.txt' OR path LIKE '%kh_0002.txt'")
        con.execute("UPDATE errors SET parser_build = '0.1.0+000000000000'")
    assert main(["batch", str(src), "--db", str(db), "-j", "2"]) == 0
    out = capsys.readouterr().out
    assert "parsed 2 · failed 1 · skipped 2 " in out
    assert "3 stored by another build of vbparser: parsed again" in out
    store = open_store(db)
    assert store.counts() == counts
    assert store.documents.parser_build.unique().tolist() == build
    assert (store.documents.n_deadlines != 99).all()
    no_duplicates(db)

    again = run_batch([src], db, QUICK)
    assert (again.progress.skipped, again.replaced) == (5, 0)

def test_kill_and_resume(tmp_path):
    src = write_plans(tmp_path / "in", 200)
    db = tmp_path / "r.duckdb"
    cmd = [sys.executable, "-m", "vbparser", "batch", str(src), "--db", str(db), "-j", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    committed, lines = 0, []
    for line in proc.stderr:  # on a pipe, the command prints a line per commit
        lines.append(line)
        if line.startswith("committed "):
            committed = int(line.split()[1].rstrip(":"))
            break
    workers = psutil.Process(proc.pid).children(recursive=True)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL and 0 < committed < 200, lines
    _, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive  # workers notice their parent is gone and exit

    stored = len(open_store(db).documents)
    assert committed <= stored < 200  # nothing committed was lost
    summary = run_batch([src], db, QUICK)
    assert summary.progress.skipped == stored and summary.progress.parsed == 200 - stored
    assert len(open_store(db).documents) == 200
    no_duplicates(db)


# --- time limits and crashes --------------------------------------------------------

def test_a_slow_document_times_out(tmp_path):
    src = write_plans(tmp_path / "in", 5)
    (src / "slow.txt").write_text(plan(50, mark=" CHẬM"), encoding="utf-8")
    options = BatchOptions(jobs=2, timeout=2, parse_func=f"{__name__}:slow_parse")
    start = time.monotonic()
    summary = run_batch([src], tmp_path / "r.duckdb", options)
    assert time.monotonic() - start < 20
    assert (summary.progress.parsed, summary.errors_by_type) == (5, {"timeout": 1})
    error = open_store(tmp_path / "r.duckdb").errors.iloc[0]
    assert error.path == str(src / "slow.txt") and "longer than 2 s" in error.message


def test_stuck_and_crashing_workers_are_replaced(tmp_path):
    src = write_plans(tmp_path / "in", 8)
    (src / "stuck.txt").write_text(plan(60, mark=" KẸT"), encoding="utf-8")
    (src / "crash.txt").write_text(plan(61, mark=" HỎNG"), encoding="utf-8")
    options = BatchOptions(jobs=2, timeout=2, chunk_size=2,
                           parse_func=f"{__name__}:stuck_parse")
    start = time.monotonic()
    summary = run_batch([src], tmp_path / "r.duckdb", options)
    assert time.monotonic() - start < 40
    assert summary.progress.parsed == 8
    errors = open_store(tmp_path / "r.duckdb").errors.set_index("path").error_type.to_dict()
    assert errors == {str(src / "crash.txt"): "crash", str(src / "stuck.txt"): "timeout"}


# --- dask ---------------------------------------------------------------------------

def _same_tables(left_db: Path, right_db: Path) -> None:
    timing = ["parse_seconds", "parsed_at", "seconds", "failed_at"]
    left, right = open_store(left_db), open_store(right_db)
    for name in ("documents", *ENTITY_TABLES, "errors"):
        a = left.table(name).drop(columns=timing, errors="ignore").astype(str)
        b = right.table(name).drop(columns=timing, errors="ignore").astype(str)
        assert a.equals(b), name


def _counts(summary):
    p = summary.progress
    return p.total, p.parsed, p.failed, p.skipped, p.committed


@pytest.fixture
def mixed_inputs(tmp_path):
    src = write_plans(tmp_path / "in", 6)
    (src / "binary.txt").write_bytes(bytes(range(256)) * 8)
    with zipfile.ZipFile(src / "a.zip", "w") as zf:
        zf.writestr("m.md", plan(70))
    local = run_batch([src], tmp_path / "local.duckdb", QUICK)
    assert _counts(local) == (8, 7, 1, 0, 8)
    return src


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_dask_local_cluster_gives_the_same_rows(tmp_path, mixed_inputs):
    pytest.importorskip("dask.distributed")
    options = BatchOptions(jobs=2, engine="dask", timeout=30)  # starts a LocalCluster
    assert _counts(run_batch([mixed_inputs], tmp_path / "dask.duckdb", options)) == (
        8, 7, 1, 0, 8)
    _same_tables(tmp_path / "local.duckdb", tmp_path / "dask.duckdb")


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_dask_scheduler_gets_the_documents_sent(tmp_path, mixed_inputs):
    distributed = pytest.importorskip("dask.distributed")
    import logging

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0", silence_logs=logging.ERROR) as cluster:
        options = BatchOptions(jobs=2, engine="dask", scheduler=cluster.scheduler_address,
                               timeout=30)
        summary = run_batch([mixed_inputs], tmp_path / "remote.duckdb", options)
    assert _counts(summary) == (8, 7, 1, 0, 8)
    _same_tables(tmp_path / "local.duckdb", tmp_path / "remote.duckdb")


# --- Python API ---------------------------------------------------------------------

def test_parse_many_yields_in_input_order(tmp_path):
    src = write_plans(tmp_path / "in", 5)
    (src / "kh_0003.txt").write_bytes(b"")
    docs = list(parse_many([src], jobs=2, errors="skip"))
    assert [Path(d.source.path).name for d in docs] == [
        "kh_0001.txt", "kh_0002.txt", "kh_0004.txt", "kh_0005.txt"]
    assert [d.meta.number for d in docs] == ["1", "2", "4", "5"]
    seen = []
    with pytest.raises(LoadError, match="empty"):
        for doc in parse_many([src], jobs=2):
            seen.append(doc.meta.number)
    assert seen == ["1", "2"]
    assert {"parse_many", "open_store"} <= set(vbparser.__all__)


# --- the command line ---------------------------------------------------------------

def test_cli_batch_and_export(tmp_path, capsys):
    src = write_plans(tmp_path / "in", 4)
    db = tmp_path / "r.duckdb"
    assert main(["batch", str(src), "--db", str(db), "-j", "2", "--timeout", "30"]) == 0
    out = capsys.readouterr().out
    assert "parsed 4 · failed 0 · skipped 0" in out and "documents/s" in out
    assert main(["batch", str(src), "--db", str(db), "-j", "1"]) == 0
    assert "parsed 0 · failed 0 · skipped 4" in capsys.readouterr().out
    assert main(["export", "--db", str(db), "--format", "csv", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "deadlines.csv").is_file()


@pytest.mark.parametrize(("args", "needle"), [
    (["batch", "{tmp}/in", "--db", "{tmp}/no/r.duckdb"], "does not exist"),
    (["batch", "{tmp}/missing", "--db", "{tmp}/r.duckdb"], "no such file or folder"),
    (["batch", "{tmp}/in", "--db", "{tmp}/r.duckdb", "--scheduler", "tcp://x:1"], "dask engine"),
    (["export", "--db", "{tmp}/none.duckdb", "{tmp}/out"], "no such store"),
])
def test_cli_mistakes_are_one_line_errors(tmp_path, capsys, args, needle):
    (tmp_path / "in").mkdir()
    assert main([a.format(tmp=tmp_path) for a in args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and needle in err and len(err.strip().splitlines()) == 1


def test_options_are_checked():
    with pytest.raises(ConfigError, match="engines: local, dask"):
        BatchOptions(engine="spark")
    with pytest.raises(ConfigError, match="at least 1"):
        BatchOptions(jobs=0)
