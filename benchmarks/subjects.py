"""What the subjects stage adds to parsing a 10,000-character plan (issue 6: ≤ 10 ms).

Parses the same text in the same run with every stage and with every stage but
``subjects``, alternating the two so that both see the same machine state, and times the
stage alone on the document the other stages produced. For scale it also times
underthesea's word segmentation on the subject sections only (the cheapest NLP pass the
stage could have used on short spans) and on the whole text.

The text is the first 10,000 characters (cut at a line end) of seed 001 in ../shared (or
$VBPARSER_SHARED), whose subject sections fall inside that part, or else of the first
corpus document.

Usage: python benchmarks/subjects.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import vbparser
from vbparser.config import Config
from vbparser.extract.subjects import extract_subjects, subject_sections
from vbparser.pipeline import DEFAULT_STAGES

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("VBPARSER_SHARED", REPO.parent / "shared"))
SIZE = 10_000


def plan_text() -> str:
    """The first ``SIZE`` characters of a plan with subject sections, cut at a line end."""
    candidates = sorted((SHARED / "seeds").glob("001_*.txt")) + sorted(
        (REPO / "corpora").glob("*/docs/*.txt"))
    if not candidates:
        sys.exit(f"no plan found in {SHARED}/seeds or corpora/*/docs")
    text = candidates[0].read_text(encoding="utf-8")
    return text[:text.rfind("\n", 0, SIZE)] if len(text) > SIZE else text


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    text = plan_text()
    without = Config(stages=tuple(s for s in DEFAULT_STAGES if s != "subjects"))
    full = Config()
    base = vbparser.parse(text, without)
    doc = extract_subjects(base, full)
    if not doc.subjects:
        print("warning: no subjects found (is the structure stage building sections?)")
    for _ in range(5):  # warm caches: data files, compiled patterns
        vbparser.parse(text, full)
        vbparser.parse(text, without)

    with_ms, without_ms, stage_ms = [], [], []
    for _ in range(args.repeat):
        with_ms.append(timed(lambda: vbparser.parse(text, full)))
        without_ms.append(timed(lambda: vbparser.parse(text, without)))
        stage_ms.append(timed(lambda: extract_subjects(base, full)))

    spans = "\n".join(base.text[s.span[0]:s.span[1]] for s in subject_sections(base))
    import underthesea

    underthesea.word_tokenize("khởi động")
    seg_sections = statistics.median(timed(lambda: underthesea.word_tokenize(spans))
                                     for _ in range(5))
    seg_text = statistics.median(timed(lambda: underthesea.word_tokenize(base.text))
                                 for _ in range(3))

    med_with, med_without = statistics.median(with_ms), statistics.median(without_ms)
    med_stage = statistics.median(stage_ms)
    print(f"document: {len(text)} characters, {len(base.sections)} sections, "
          f"{len(subject_sections(base))} subject section(s) of {len(spans)} characters, "
          f"{len(doc.subjects)} subjects; {args.repeat} runs, medians")
    print(f"{'step':44} {'ms/doc':>8}")
    for name, ms in (("parse, all stages but subjects", med_without),
                     ("parse, all stages", med_with),
                     ("  difference", med_with - med_without),
                     ("extract_subjects alone", med_stage),
                     ("underthesea word_tokenize, subject sections", seg_sections),
                     ("underthesea word_tokenize, whole text", seg_text)):
        print(f"{name:44} {ms:8.2f}")
    print(f"ratio all stages / without subjects: {med_with / med_without:.3f}")
    print(f"subjects stage vs segmenting its own sections with underthesea: "
          f"{med_stage / seg_sections:.2f}x")
    budget = max(med_stage, med_with - med_without)
    print(f"budget 10 ms: {'OK' if budget <= 10 else 'OVER'} ({budget:.2f} ms)")


if __name__ == "__main__":
    main()
