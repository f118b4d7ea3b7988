"""Citation extraction vs underthesea NER on the seed documents: scores and times.

Run: ``python benchmarks/citations_vs_ner.py [--shared PATH] [--repeat N]``
(the seeds and gold are read from ``--shared``, ``$VBPARSER_SHARED`` or ``../shared``).

What is scored, per gold reference of ``gold/*.json`` (``legal_refs``):

* **vbparser, strict** — ``vbparser eval``'s rule: type, full_id, date and issuer all right.
* **identify** — a prediction identifies a gold reference when it names the same document:
  for a numbered reference the number-symbol (spacing, case and tone marks ignored), for an
  unnumbered one the issuer. One-to-one; P = identified / predictions, R = identified / gold.
  vbparser's predictions are its references; NER's are its entity chunks (B-/I- runs of any
  label), a chunk naming the document when its text contains the number-symbol or is the
  unnumbered reference's issuer. NER has no notion of a citation, so this is the score of
  "use NER's entities as the citations".
* **NER, overlap** — lenient to NER: a chunk counts when its span overlaps a place where the
  gold reference's number-symbol (or, unnumbered, its issuer) occurs in the text.

Times: vbparser = ``extract_legal_refs`` on an already normalised document (median of
``--repeat`` runs) and, for reference, ``vbparser.load`` (read + normalise); NER = one
``underthesea.ner`` call per line after a warm-up call, whose time (model load) is shown apart.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import vbparser
from vbparser.config import Config
from vbparser.evaluate import score_legal_refs
from vbparser.extract.citations import extract_legal_refs
from vbparser.kb import id_key
from vbparser.model import Document
from vbparser.normalize.fold import key

REPO = Path(__file__).resolve().parents[1]
Span = tuple[int, int]


@dataclass
class Score:
    tp: int = 0
    predicted: int = 0
    expected: int = 0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.predicted += other.predicted
        self.expected += other.expected

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.predicted if self.predicted else 0.0
        r = self.tp / self.expected if self.expected else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def gold_name(ref: dict[str, Any]) -> str:
    """What identifies a gold reference: its number-symbol, else its issuer."""
    return ref["full_id"] or ref["issuer"]


def names(pred_text: str, ref: dict[str, Any]) -> bool:
    """Whether a predicted text names the gold reference ``ref``."""
    if ref["full_id"]:
        return id_key(ref["full_id"]) in id_key(pred_text)
    return key(pred_text) == key(ref["issuer"] or "")


def one_to_one(gold: list[dict[str, Any]], preds: list[Any], fits: Any) -> int:
    """Greedy one-to-one matching count (gold in order, first free fitting prediction)."""
    used: set[int] = set()
    for ref in gold:
        hit = next((i for i, p in enumerate(preds) if i not in used and fits(p, ref)), None)
        if hit is not None:
            used.add(hit)
    return len(used)


def occurrences(text: str, ref: dict[str, Any]) -> list[Span]:
    """Where the gold reference's number-symbol (or issuer) is written in ``text``."""
    target = gold_name(ref) or ""
    parts = [re.escape(ch) for ch in target.replace(" ", "")]
    pattern = r"\s*".join(parts)
    return [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]


def ner_chunks(text: str, ner: Any) -> tuple[list[tuple[str, Span]], float]:
    """Entity chunks of underthesea NER over each line, with spans, and the time taken."""
    chunks: list[tuple[str, Span]] = []
    start = time.perf_counter()
    tagged_lines = []
    offset = 0
    for line in text.split("\n"):
        tagged_lines.append((offset, line, ner(line) if line.strip() else []))
        offset += len(line) + 1
    elapsed = time.perf_counter() - start
    for base, line, tokens in tagged_lines:
        pos, current = 0, None
        for token in tokens:
            word, tag = token[0], token[-1]
            at = line.find(word, pos)
            if at < 0:
                continue
            span = (base + at, base + at + len(word))
            pos = at + len(word)
            if tag.startswith("B-") or (tag.startswith("I-") and current is None):
                if current:
                    chunks.append(current)
                current = (word, span)
            elif tag.startswith("I-") and current is not None:
                current = (text[current[1][0]:span[1]], (current[1][0], span[1]))
            else:
                if current:
                    chunks.append(current)
                current = None
        if current:
            chunks.append(current)
    return chunks, elapsed


def run_vbparser(doc: Document, repeat: int) -> tuple[Document, float]:
    config = Config()
    extract_legal_refs(doc, config)  # warm the caches (knowledge base, compiled patterns)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = extract_legal_refs(doc, config)
        times.append(time.perf_counter() - start)
    return result, statistics.median(times)


def shared_dir(arg: str | None) -> Path:
    root = Path(arg or os.environ.get("VBPARSER_SHARED", REPO.parent / "shared"))
    if not (root / "gold").is_dir():
        sys.exit(f"no gold folder under {root}: pass --shared or set VBPARSER_SHARED")
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", help="folder with seeds/ and gold/")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args(argv)
    root = shared_dir(args.shared)

    start = time.perf_counter()
    from underthesea import ner

    ner("Khởi động mô hình.")
    ner_load = time.perf_counter() - start

    rows, totals = [], {name: Score() for name in ("strict", "identify", "ner", "ner_overlap")}
    for gold_path in sorted((root / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        refs = gold["legal_refs"]
        t0 = time.perf_counter()
        doc = vbparser.load(root / "seeds" / gold["source"])
        load_time = time.perf_counter() - t0
        doc = replace(doc, meta=replace(doc.meta, date=doc.meta.date or gold["meta"].get("date")))
        result, vb_time = run_vbparser(doc, args.repeat)
        strict = score_legal_refs(refs, result)
        scores = {
            "strict": Score(strict.tp, strict.predicted, strict.expected),
            "identify": Score(one_to_one(refs, list(result.legal_refs),
                                         lambda r, g: names(r.full_id or r.issuer or "", g)),
                              len(result.legal_refs), len(refs)),
        }
        chunks, ner_time = ner_chunks(doc.text, ner)
        scores["ner"] = Score(one_to_one(refs, chunks, lambda c, g: names(c[0], g)),
                              len(chunks), len(refs))
        spots = {gold_name(g): occurrences(doc.text, g) for g in refs}
        scores["ner_overlap"] = Score(one_to_one(refs, chunks, lambda c, g, spots=spots: any(
            c[1][0] < e and s < c[1][1] for s, e in spots[gold_name(g)])), len(chunks), len(refs))
        for name, score in scores.items():
            totals[name].add(score)
        rows.append((gold["source"], len(doc.text), scores, vb_time, load_time, ner_time))

    labels = {"strict": "vbparser strict", "identify": "vbparser identify",
              "ner": "NER identify", "ner_overlap": "NER overlap"}
    print(f"underthesea NER model load + first call: {ner_load * 1000:.0f} ms\n")
    print(f"{'document':34} {'chars':>6}  {'method':18} {'P':>6} {'R':>6} {'F1':>6}  time")
    for source, chars, scores, vb_time, load_time, ner_time in rows:
        for name, score in scores.items():
            p, r, f = score.prf()
            took = (f"{vb_time * 1000:7.2f} ms (load+normalise {load_time * 1000:.1f} ms)"
                    if name in ("strict", "identify") else f"{ner_time * 1000:7.0f} ms")
            print(f"{source:34} {chars:6}  {labels[name]:18} {p:6.3f} {r:6.3f} {f:6.3f}  {took}")
    print()
    total_chars = sum(r[1] for r in rows)
    vb_total = sum(r[3] for r in rows)
    ner_total = sum(r[5] for r in rows)
    for name, score in totals.items():
        p, r, f = score.prf()
        print(f"{'all seeds':34} {total_chars:6}  {labels[name]:18} {p:6.3f} {r:6.3f} {f:6.3f}")
    print(f"\nper 10,000 characters: vbparser {vb_total * 1e7 / total_chars:.2f} ms, "
          f"underthesea NER {ner_total * 1e7 / total_chars:.0f} ms "
          f"({ner_total / vb_total:.0f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
