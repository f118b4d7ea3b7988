"""Text pipeline speed on a 10,000-character plan, against references in the same run.

References: a bare regex word scan of the same text (the floor of any text pass) and
underthesea's word segmentation (the cheapest NLP pass one might use instead).
Prints milliseconds per document and ratios; the budget is 20 ms for the full parse.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import vbparser

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("VBPARSER_SHARED", REPO.parent / "shared"))


def plan_text() -> str:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    corpus = sorted((REPO / "corpora").glob("*/docs/*.txt"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in seeds + corpus]
    if not texts:
        sys.exit(f"no documents found in {SHARED}/seeds or corpora/")
    text = "\n".join(texts)
    return text[:text.rfind("\n", 0, 10_000)]


def per_call(fn, arg, repeat: int) -> float:
    fn(arg)
    start = time.perf_counter()
    for _ in range(repeat):
        fn(arg)
    return (time.perf_counter() - start) / repeat * 1000


def main() -> None:
    text = plan_text()
    words = re.compile(r"\w+")
    scan = per_call(words.findall, text, 200)
    load = per_call(vbparser.load, text, 50)
    full = per_call(vbparser.parse, text, 50)
    import underthesea

    seg = per_call(underthesea.word_tokenize, text, 3)
    print(f"document: {len(text)} characters")
    print(f"{'step':32} {'ms/doc':>9} {'× regex scan':>13}")
    for name, ms in (("regex word scan (reference)", scan), ("load + normalise", load),
                     ("full parse (all stages)", full),
                     ("underthesea word_tokenize", seg)):
        print(f"{name:32} {ms:9.2f} {ms / scan:13.1f}")
    print(f"full parse vs underthesea segmentation: {full / seg:.2f}×")
    print(f"budget 20 ms: {'OK' if full <= 20 else 'OVER'} ({full:.2f} ms)")


if __name__ == "__main__":
    main()
