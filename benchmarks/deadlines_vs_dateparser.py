"""vbparser's deadline extractor beside ``dateparser.search.search_dates``.

Runs both on every document that has gold annotations — the seeds in ../shared (or
$VBPARSER_SHARED) and each corpora/*/gold folder — and prints, per collection, how many
dates each tool reports, how many of them are gold deadlines, precision, recall, F1 and
the time each takes per document, with the time ratio.

A reported date counts as a deadline hit when it equals a gold deadline's stated day or
its due day, one gold deadline per hit (dateparser returns dates without bounds, so that
is the most it can be scored on; vbparser is scored the same way, and also on the strict
(due, bound) match of ``vbparser eval``). Both tools get the same normalised text;
dateparser gets DMY order and the plan's date as RELATIVE_BASE, never today's date.

Usage: python benchmarks/deadlines_vs_dateparser.py [--shared DIR] [--corpora DIR]
       [--repeat N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import vbparser
from vbparser.config import Config
from vbparser.evaluate import find_gold_files, locate_document, score_deadlines
from vbparser.extract.deadlines import extract_deadlines
from vbparser.model import Document

REPO = Path(__file__).resolve().parent.parent
# The stages the deadline extractor builds on (it is then timed on its own).
STAGES = {"stages": ("structure", "meta")}


@dataclass
class Tally:
    """Counts and times of one tool over one collection."""

    found: int = 0
    right: int = 0
    expected: int = 0
    strict: int = 0
    seconds: list[float] = field(default_factory=list)

    def add(self, found: int, right: int, expected: int, seconds: float,
            strict: int = 0) -> None:
        self.found += found
        self.right += right
        self.expected += expected
        self.strict += strict
        self.seconds.append(seconds)

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def ms_per_doc(self) -> float:
        return 1000 * statistics.fmean(self.seconds) if self.seconds else 0.0


def _gold_dates(gold: dict[str, Any]) -> list[set[dt.date]]:
    """For each gold deadline, the days a reported date may equal to hit it."""
    out = []
    for g in gold["deadlines"]:
        days = {dt.date.fromisoformat(g["due"])} if g.get("due") else set()
        stated = str(g.get("stated", ""))
        if len(stated) == 10:
            days.add(dt.date.fromisoformat(stated))
        out.append(days)
    return out


def _hits(reported: Iterable[dt.date], wanted: list[set[dt.date]]) -> int:
    """One-to-one hits of reported dates on gold deadlines."""
    free = list(range(len(wanted)))
    hits = 0
    for day in reported:
        for i in free:
            if day in wanted[i]:
                free.remove(i)
                hits += 1
                break
    return hits


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[Any, float]:
    result, times = None, []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return result, min(times)


def _relative_base(gold: dict[str, Any]) -> dt.datetime:
    meta = gold.get("meta", {})
    if meta.get("date"):
        return dt.datetime.fromisoformat(meta["date"])
    return dt.datetime(int(meta.get("year") or 2000), 1, 1)


def run_dateparser(text: str, base: dt.datetime) -> list[dt.date]:
    """Every date ``search_dates`` finds in ``text``."""
    from dateparser.search import search_dates

    settings = {"DATE_ORDER": "DMY", "RELATIVE_BASE": base,
                "RETURN_AS_TIMEZONE_AWARE": False}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = search_dates(text, languages=["vi"], settings=settings) or []
    return [d.date() for _, d in found]


def run_vbparser(doc: Document) -> Document:
    return extract_deadlines(doc, Config())


def _vb_hits(doc: Document, wanted: list[set[dt.date]]) -> int:
    """Like ``_hits`` but a deadline may hit on its stated day as well as its due day."""
    free = list(range(len(wanted)))
    hits = 0
    for d in doc.deadlines:
        days = {dt.date.fromisoformat(d.due)} if d.due else set()
        if len(d.stated) == 10:
            days.add(dt.date.fromisoformat(d.stated))
        match = next((i for i in free if wanted[i] & days), None)
        if match is not None:
            free.remove(match)
            hits += 1
    return hits


def bench_collection(gold_root: Path, repeat: int,
                     skipped: list[str]) -> tuple[dict[str, Tally], int, int]:
    """Both tools over every gold document under ``gold_root`` that vbparser can read."""
    tallies = {"vbparser": Tally(), "dateparser": Tally()}
    docs = chars = 0
    for gold_path in find_gold_files(gold_root):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        try:
            doc = vbparser.parse(locate_document(gold_path, gold["source"]), STAGES)
        except (vbparser.VbparserError, OSError, ValueError) as exc:  # unreadable yet
            skipped.append(f"{gold_path.name}: {exc}")
            continue
        bare = replace(doc, deadlines=())
        wanted = _gold_dates(gold)
        ours, ours_s = _timed(lambda bare=bare: run_vbparser(bare), repeat)
        strict = score_deadlines(gold["deadlines"], ours).tp
        tallies["vbparser"].add(len(ours.deadlines), _vb_hits(ours, wanted), len(wanted),
                                ours_s, strict)
        base = _relative_base(gold)
        theirs, theirs_s = _timed(lambda text=doc.text, base=base: run_dateparser(text, base),
                                  max(1, repeat // 10))
        tallies["dateparser"].add(len(theirs), _hits(theirs, wanted), len(wanted), theirs_s)
        docs += 1
        chars += len(doc.text)
    return tallies, docs, chars


def _collections(shared: Path | None, corpora: Path) -> list[tuple[str, Path]]:
    out = []
    if shared is not None and (shared / "gold").is_dir():
        out.append(("seeds", shared / "gold"))
    for gold in sorted(corpora.glob("*/gold")):
        if any(gold.rglob("*.json")):
            out.append((f"corpora/{gold.parent.name}", gold))
    return out


def _row(cells: Iterable[object]) -> str:
    widths = (22, 5, 8, 11, 6, 6, 6, 7, 6, 7, 10)
    return "  ".join(str(c).rjust(w) if i else str(c).ljust(w)
                     for i, (c, w) in enumerate(zip(cells, widths, strict=False)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_shared = Path(os.environ.get("VBPARSER_SHARED", REPO.parent / "shared"))
    parser.add_argument("--shared", type=Path, default=default_shared)
    parser.add_argument("--corpora", type=Path, default=REPO / "corpora")
    parser.add_argument("--repeat", type=int, default=20,
                        help="runs per document for vbparser (dateparser: a tenth)")
    args = parser.parse_args(argv)
    collections = _collections(args.shared if args.shared.is_dir() else None, args.corpora)
    if not collections:
        print("no gold found: give --shared or --corpora", file=sys.stderr)
        return 1
    print(_row(("collection", "docs", "chars", "tool", "found", "hits", "P", "R", "F1",
                "strict", "ms/doc")))
    skipped: list[str] = []
    for name, gold_root in collections:
        tallies, docs, chars = bench_collection(gold_root, args.repeat, skipped)
        if not docs:
            continue
        for tool, t in tallies.items():
            strict = f"{t.strict}/{t.expected}" if tool == "vbparser" else "-"
            print(_row((name, docs, chars, tool, t.found, t.right, f"{t.precision:.3f}",
                        f"{t.recall:.3f}", f"{t.f1:.3f}", strict, f"{t.ms_per_doc:.2f}")))
        ratio = tallies["dateparser"].ms_per_doc / max(tallies["vbparser"].ms_per_doc, 1e-9)
        print(_row((name, "", "", "time ratio", "", "", "", "", "", "",
                    f"{ratio:.0f}x")))
    print("\nhits: reported dates equal to a gold deadline's stated or due day (one each);"
          "\nstrict: vbparser deadlines right on (due, bound), as scored by vbparser eval;"
          "\nms/doc: best of repeated runs on the normalised text (loading not included).")
    for note in skipped:
        print(f"skipped {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
