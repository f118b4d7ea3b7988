"""Benchmark the synthetic corpus generator: documents per second.

Usage::

    python benchmarks/generate.py [--docs 10000] [--seed 1] [--workers 1] [--out DIR]

Writes into a temporary folder (or ``--out``) and prints the wall time and docs/s.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from vbparser.corpus import generate_corpus


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark once and print the result."""
    parser = argparse.ArgumentParser(description="time vbparser.corpus.generate_corpus")
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=None,
                        help="processes (default: one per core for 500+ documents)")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        start = time.perf_counter()
        summary = generate_corpus(out, args.docs, args.seed, workers=args.workers)
        elapsed = time.perf_counter() - start
    rate = summary["documents"] / elapsed
    print(f"{summary['documents']} documents in {summary['campaigns']} campaigns, "
          f"{summary['planted']} planted errors, workers={args.workers or 'auto'}: "
          f"{elapsed:.2f} s, {rate:.0f} docs/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
