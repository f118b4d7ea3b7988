"""Batch speed: documents/s with 1 and 2 worker processes, and on a Dask LocalCluster.

Generates a corpus (``vbparser.corpus.generate.generate_corpus`` when it is available,
else numbered variants of the project's own plans), then runs ``vbparser.batch.run_batch``
into a fresh DuckDB store three times in the same run: the local pool with 1 and with 2
processes, and a Dask LocalCluster of 2 processes. Prints documents/s, the speed-up of 2
processes over 1 (the bar is 1.7× on 2 cores), the peak memory of each worker, and
checks that the three stores hold the same number of rows.

Rates are wall-clock and suffer from anything else running on the machine. Before each
run the script waits (up to ``--wait`` seconds) for the CPUs to be idle; ``--repeat N``
runs the settings N times in turn (1, 2, dask, 1, 2, dask...) and keeps the best run of
each. CPU seconds per document (workers and parent) are printed too: they do not depend
on other load, and give the speed-up two idle cores would allow, 2·w / (w + p), the
parent sharing the cores with the two workers.

    python benchmarks/batch.py                 # 10,000 documents (about 10 minutes on 2 cores)
    python benchmarks/batch.py --docs 1000     # quicker
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from vbparser.batch import BatchOptions, BatchSummary, run_batch
from vbparser.store import open_store

REPO = Path(__file__).resolve().parent.parent
_NUMBER = re.compile(r"(Số:?\s*)(\d+)")


def _variants(out: Path, docs: int) -> str:
    """Write ``docs`` plans: the project's own, each copy with its own number."""
    sources = sorted(p for p in (REPO / "corpora").glob("*/docs/*")
                     if p.suffix in (".txt", ".md"))
    if not sources:
        sys.exit("no plans under corpora/*/docs to copy")
    texts = [p.read_text(encoding="utf-8") for p in sources]
    for i in range(docs):
        base, source = texts[i % len(texts)], sources[i % len(sources)]
        text = _NUMBER.sub(lambda m, n=i: f"{m.group(1)}{n + 1}", base, count=1)
        folder = out / f"batch_{i // 1000:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        # a variant that kept its number still differs: its last line says which copy it is
        tail = "" if text != base else f"\n(bản {i + 1})"
        (folder / f"{i:05d}_{source.name}").write_text(text + tail, encoding="utf-8")
    return f"{docs} numbered copies of {len(sources)} plans in corpora/"


def make_corpus(out: Path, docs: int, seed: int) -> str:
    """Generate the corpus; say how it was made."""
    try:
        from vbparser.corpus.generate import generate_corpus
    except ImportError:
        return _variants(out, docs)
    generate_corpus(out, docs=docs, seed=seed)
    return f"generate_corpus(docs={docs}, seed={seed})"


def run(corpus: Path, db: Path, jobs: int, engine: str) -> BatchSummary:
    """Run a batch into a fresh store."""
    db.unlink(missing_ok=True)
    return run_batch([corpus], db, BatchOptions(jobs=jobs, engine=engine))


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _cpu_times() -> tuple[int, int]:
    with open("/proc/stat", encoding="ascii") as fh:
        values = [int(v) for v in fh.readline().split()[1:]]
    return values[3] + values[4], sum(values)  # idle + iowait, total


def wait_idle(limit: float, busy_below: float = 0.1) -> str:
    """Wait until the CPUs are idle (other work under 10 % over 2 s), at most ``limit`` s."""
    if not Path("/proc/stat").exists():
        return "unknown"
    deadline = time.monotonic() + limit
    while True:
        idle0, total0 = _cpu_times()
        time.sleep(2)
        idle1, total1 = _cpu_times()
        busy = 1 - (idle1 - idle0) / max(total1 - total0, 1)
        if busy < busy_below or time.monotonic() > deadline:
            return f"{busy:.0%} busy before the run"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000, help="documents to generate")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="runs per setting; the best counts")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster run")
    parser.add_argument("--wait", type=float, default=300,
                        help="seconds to wait for idle CPUs before each run")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vbparser-bench-"))
    try:
        start = time.perf_counter()
        how = make_corpus(work / "corpus", args.docs, args.seed)
        print(f"corpus: {how} ({time.perf_counter() - start:.1f} s); "
              f"{os.cpu_count()} CPUs, load average {_load()}")
        runs = [("local", 1), ("local", 2)] + ([] if args.no_dask else [("dask", 2)])
        results: dict[tuple[str, int], tuple[BatchSummary, dict[str, int]]] = {}
        for _ in range(args.repeat):
            for engine, jobs in runs:
                db = work / f"{engine}{jobs}.duckdb"
                machine = wait_idle(args.wait)
                summary = run(work / "corpus", db, jobs, engine)
                _report(engine, jobs, summary, machine)
                if (engine, jobs) not in results or summary.rate > results[engine, jobs][0].rate:
                    results[engine, jobs] = (summary, open_store(db).counts())
        if args.repeat > 1:
            print("best of", args.repeat, "runs:")
            for (engine, jobs), (summary, _) in results.items():
                _report(engine, jobs, summary)
        _compare(results)
        print(f"load average after: {_load()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _report(engine: str, jobs: int, s: BatchSummary, machine: str = "") -> None:
    memory = ", ".join(f"{kb / 1024:.0f}" for kb in sorted(s.peak_rss_kb.values()))
    p = s.progress
    n = max(p.parsed + p.failed, 1)
    print(f"{engine:5} {jobs} process(es): {s.rate:7.1f} documents/s  "
          f"({p.parsed} parsed, {p.failed} failed in {s.seconds:.1f} s; CPU per document: "
          f"workers {s.workers_cpu / n * 1000:.2f} ms, parent {s.parent_cpu / n * 1000:.2f} ms; "
          f"peak memory per worker: {memory} MiB{'; ' + machine if machine else ''})",
          flush=True)


def _compare(results: dict[tuple[str, int], tuple[BatchSummary, dict[str, int]]]) -> None:
    one, two = results["local", 1][0].rate, results["local", 2][0].rate
    print(f"speed-up, 2 processes over 1: {two / one:.2f}× "
          f"({'OK' if two / one >= 1.7 else 'BELOW'} the 1.7× bar)")
    s = results["local", 2][0]
    n = max(s.progress.parsed + s.progress.failed, 1)
    w, p = s.workers_cpu / n, s.parent_cpu / n
    print(f"speed-up two idle cores allow with this parent (2·w/(w+p), w = {w * 1000:.2f} ms, "
          f"p = {p * 1000:.2f} ms per document): {2 * w / (w + p):.2f}×")
    if ("dask", 2) in results:
        print(f"dask LocalCluster (2 processes) vs local pool (2 processes): "
              f"{results['dask', 2][0].rate / two:.2f}×")
    counts = {key: value[1] for key, value in results.items()}
    same = len({tuple(sorted(c.items())) for c in counts.values()}) == 1
    print(f"row counts {'identical' if same else 'DIFFER'} across runs: "
          + ", ".join(f"{k} {v}" for k, v in counts["local", 1].items()))


if __name__ == "__main__":
    main()
