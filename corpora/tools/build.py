"""Build the hand-written corpus: plan sources → documents and gold.

Usage (from the repository root, with the project's virtualenv)::

    python corpora/tools/build.py          # write corpora/<campaign>/{docs,gold}
    python corpora/tools/build.py --check  # fail if the committed files differ

Each ``corpora/tools/src/<campaign>/*.plan`` is a plan source (front matter plus
annotated body, see ``vbparser.corpus.markup``). Its front matter names the output
``file``; the suffix and ``encoding`` choose the format: ``.txt``/``.md`` in UTF-8,
``.txt`` with ``encoding: tcvn3`` (legacy 8-bit), or ``.docx`` with Word automatic
numbering (``docx_writer``). The gold goes to ``gold/<stem>.json``.

After writing, the build checks the corpus as a whole: every lower plan cites its upper
plan (``upper:``) with the right number and date unless the manifest plants a wrong
citation there, and every manifest evidence quote occurs in its document.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docx_writer import docx_bytes

from vbparser.corpus import blocks, render_plan
from vbparser.corpus.markup import Plan, expand, parse_body, split_front
from vbparser.corpus.tone import apply_tone
from vbparser.loaders.encoding import decode_tcvn3, encode_tcvn3

CORPORA = Path(__file__).resolve().parents[1]
SOURCES = CORPORA / "tools" / "src"
MANIFEST = CORPORA / "manifest.yaml"


@dataclass(frozen=True, slots=True)
class Built:
    """One built document: where it goes, its bytes, its text and its gold."""

    campaign: str
    stem: str
    doc_path: Path
    data: bytes
    text: str
    gold: dict[str, Any]
    front: dict[str, Any]


def read_plan(path: Path) -> Plan:
    """Parse a plan source file, expanding shared blocks and variables.

    ``upper: <stem>`` in the front matter becomes ``implements: <campaign>/docs/<file>``.
    """
    front, body = split_front(path.read_text(encoding="utf-8"))
    if front.get("upper"):
        upper = next(path.parent.glob(f"{front['upper']}.plan"), None)
        if upper is None:
            raise SystemExit(f"{path.name}: no plan source {front['upper']}.plan")
        upper_file = split_front(upper.read_text(encoding="utf-8"))[0]["file"]
        front["implements"] = f"{path.parent.name}/docs/{upper_file}"
    return parse_body(front, expand(body, blocks(), front.get("vars") or {}))


def build_one(path: Path) -> Built:
    """Render one plan source into its document bytes and gold."""
    plan = read_plan(path)
    front = plan.front
    name = front["file"]
    campaign = path.parent.name
    doc_path = CORPORA / campaign / "docs" / name
    text, gold = render_plan(plan, name)
    if name.endswith(".docx"):
        data = docx_bytes(plan, front.get("docx_auto"))
    elif front.get("encoding") == "tcvn3":
        data = encode_tcvn3(text)
        back = unicodedata.normalize("NFC", decode_tcvn3(data))
        if back != unicodedata.normalize("NFC", text):
            bad = next(i for i, (a, b) in enumerate(zip(back, text, strict=False)) if a != b)
            raise SystemExit(f"{path.name}: TCVN3 cannot hold {text[bad - 20:bad + 20]!r}")
    else:
        data = text.encode("utf-8")
    return Built(campaign, Path(name).stem, doc_path, data, text, gold, front)


def gold_bytes(gold: dict[str, Any]) -> bytes:
    """Serialise gold the way shared/gold does (one-space indent, UTF-8)."""
    return (json.dumps(gold, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def outputs(built: Built) -> dict[Path, bytes]:
    """The files one built document writes."""
    gold_path = CORPORA / built.campaign / "gold" / f"{built.stem}.json"
    return {built.doc_path: built.data, gold_path: gold_bytes(built.gold)}


def check_upper_citations(corpus: list[Built], manifest: list[dict[str, Any]]) -> list[str]:
    """Each lower plan must cite its upper plan's number and date, unless planted."""
    by_stem = {b.stem: b for b in corpus}
    planted = {Path(m["lower"]).stem for m in manifest if m["kind"] == "wrong_upper_citation"}
    problems = []
    for lower in corpus:
        upper = by_stem.get(lower.front.get("upper") or "")
        if upper is None or lower.stem in planted:
            continue
        meta = upper.gold["meta"]
        if meta["number_symbol"] is None:  # the upper text lost its number
            continue
        cited = {r["full_id"]: r["date"] for r in lower.gold["legal_refs"]}
        if cited.get(meta["number_symbol"], "missing") != meta["date"]:
            problems.append(f"{lower.stem}: cites {meta['number_symbol']} as "
                            f"{cited.get(meta['number_symbol'], 'missing')}, upper says "
                            f"{meta['date']}")
    return problems


def fold_key(text: str) -> str:
    """NFC text in one tone style, markdown bold removed, whitespace collapsed.

    Quotes in the manifest are compared with this key, so that they match documents
    typed in either tone style and hard-wrapped ones.
    """
    text = apply_tone(unicodedata.normalize("NFC", text).replace("**", ""), "old")
    return " ".join(text.split())


def check_manifest(corpus: list[Built], manifest: list[dict[str, Any]]) -> list[str]:
    """Every manifest quote must occur in the document it names."""
    texts = {f"{b.campaign}/docs/{b.doc_path.name}": fold_key(b.text) for b in corpus}
    problems = []
    for entry in manifest:
        for doc_key, quote_key in (("lower", "evidence"), ("upper", "upper_evidence")):
            doc, quote = entry.get(doc_key), entry.get(quote_key)
            if doc and quote and fold_key(quote) not in texts.get(doc, ""):
                problems.append(f"{entry['id']}: {quote!r} not in {doc}")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Build (or with ``--check`` verify) the corpus; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    corpus = [build_one(p) for p in sorted(SOURCES.glob("*/*.plan"))]
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.exists() else []
    problems = check_upper_citations(corpus, manifest) + check_manifest(corpus, manifest)
    for built in corpus:
        for path, data in outputs(built).items():
            if args.check:
                if not path.exists() or path.read_bytes() != data:
                    problems.append(f"{path.relative_to(CORPORA)} differs from its source")
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
    for problem in problems:
        print("problem:", problem)
    print(f"{len(corpus)} documents, {len(manifest)} manifest entries, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
