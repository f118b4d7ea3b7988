"""Which tokenizer should ``vbparser.to_spacy`` use? (issue 11)

For every tokenizer ``vbparser.research.spacy_doc`` offers — ``rules`` (spaCy's rule-based
tokenizer with its language-neutral punctuation rules), ``whitespace`` (spaCy's Vietnamese
tokenizer with ``use_pyvi=False``), ``pyvi`` (spaCy's Vietnamese tokenizer with pyvi's
word segmentation, when pyvi is installed) and ``underthesea`` (underthesea's word
segmentation) — over every document of corpora/*/docs:

* the time to tokenise the document (the best of ``--repeat`` runs, then the median and
  total over the documents), and the number of tokens;
* how many extractor spans (legal-reference mentions, deadlines, subjects, the issuer, and
  sections separately) fall exactly on token boundaries, i.e. ``Doc.char_span(start, end)``
  in strict mode is not None. A span that does not align is widened by ``to_spacy``
  (``alignment_mode="expand"``) and then shows more text than the extractor reported.

Documents are parsed once, outside the timing. Usage:
python benchmarks/spacy_tokenizers.py [--repeat N] [--limit N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any

import vbparser
from vbparser.research.spacy_doc import TOKENIZERS, blank_vietnamese, entity_spans, section_spans

REPO = Path(__file__).resolve().parent.parent


def corpus_documents(limit: int | None) -> list[vbparser.Document]:
    paths = sorted(p for p in (REPO / "corpora").glob("campaign_*/docs/*") if p.is_file())
    return [vbparser.parse(p) for p in paths[:limit]]


def measure(name: str, docs: list[vbparser.Document], repeat: int) -> dict[str, Any]:
    """Time one tokenizer on every document and count aligned spans per label."""
    nlp = blank_vietnamese(name)
    nlp(docs[0].text)  # warm up: lazy imports, models
    times, tokens = [], 0
    total: Counter[str] = Counter()
    exact: Counter[str] = Counter()
    for doc in docs:
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            sdoc = nlp(doc.text)
            best = min(best, time.perf_counter() - start)
        times.append(best * 1000)
        tokens += len(sdoc)
        assert sdoc.text == doc.text, f"{name} changed the text of {doc.source.path}"
        for span in entity_spans(doc) + section_spans(doc):
            label = span.label if span.label in ("LEGAL_REF", "DEADLINE", "SUBJECT",
                                                 "ISSUER") else "SECTION"
            total[label] += 1
            exact[label] += sdoc.char_span(span.start, span.end) is not None
    return {"tokenizer": name, "median_ms": statistics.median(times), "total_ms": sum(times),
            "tokens": tokens, "total": total, "exact": exact}


def report(rows: list[dict[str, Any]], ndocs: int) -> None:
    labels = ["LEGAL_REF", "DEADLINE", "SUBJECT", "ISSUER", "SECTION"]
    head = f"{'tokenizer':<12} {'ms/doc':>8} {'total ms':>9} {'tokens':>7}  " + " ".join(
        f"{lab:>10}" for lab in labels) + f" {'entities':>9}"
    print(f"{ndocs} documents; exact = spans whose both ends fall on token boundaries")
    print(head)
    for r in rows:
        cells = " ".join(f"{_share(r['exact'][lab], r['total'][lab]):>10}" for lab in labels)
        ents = labels[:4]
        both = _share(sum(r["exact"][lab] for lab in ents), sum(r["total"][lab] for lab in ents))
        print(f"{r['tokenizer']:<12} {r['median_ms']:>8.2f} {r['total_ms']:>9.1f} "
              f"{r['tokens']:>7}  {cells} {both:>9}")


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    args = parser.parse_args()
    docs = corpus_documents(args.limit)
    rows = []
    for name in TOKENIZERS:
        try:
            rows.append(measure(name, docs, args.repeat))
        except ImportError as exc:
            print(f"{name}: skipped ({exc})")
    report(rows, len(docs))


if __name__ == "__main__":
    main()
