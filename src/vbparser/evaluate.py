"""Score parsed documents against gold annotations (``vbparser eval``).

Gold files (``design.md``, "Gold annotations") name their document in ``source``; the
document is looked for beside the gold file, in a sibling ``docs/`` or ``seeds/``
folder, or in folders the caller gives. Each field is scored by precision, recall and
F1 over one-to-one matches; meta fields by accuracy (shown as P = R = F1).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vbparser.errors import GoldError
from vbparser.model import Document
from vbparser.normalize.fold import key

FIELDS = ("sections", "meta", "legal_refs", "deadlines", "subjects")
META_FIELDS = ("doc_type", "number_symbol", "issuer", "issuer_level", "upper_issuer", "place",
               "date", "year", "title", "signer", "recipients")
BULLETS = frozenset("-+*•–")


@dataclass(slots=True)
class Score:
    """Counts for one field: true positives, predicted, expected."""

    tp: int = 0
    predicted: int = 0
    expected: int = 0
    extra: dict[str, list[int]] = field(default_factory=dict)  # name -> [right, total]

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.predicted += other.predicted
        self.expected += other.expected
        for name, (right, total) in other.extra.items():
            acc = self.extra.setdefault(name, [0, 0])
            acc[0] += right
            acc[1] += total

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else (1.0 if not self.expected else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.expected if self.expected else (1.0 if not self.predicted else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"tp": self.tp, "predicted": self.predicted,
                               "expected": self.expected, "precision": round(self.precision, 4),
                               "recall": round(self.recall, 4), "f1": round(self.f1, 4)}
        for name, (right, total) in self.extra.items():
            out[name] = {"right": right, "total": total,
                         "rate": round(right / total, 4) if total else None}
        return out


# Abbreviations that gold and output may write either way inside a body's name
# (domain.md §2.5): "Ban Thường vụ Đảng ủy UBND tỉnh" is "… Ủy ban nhân dân tỉnh".
_NAME_ABBREVIATIONS = {"ubnd": "ủy ban nhân dân", "hđnd": "hội đồng nhân dân",
                       "ubmttq": "ủy ban mặt trận tổ quốc", "mttq": "mặt trận tổ quốc",
                       "btv": "ban thường vụ", "bch": "ban chấp hành"}
_ABBREVIATION = re.compile(rf"(?<![\w/-])(?:{'|'.join(_NAME_ABBREVIATIONS)})(?![\w/-])")


def _k(value: Any) -> Any:
    """The comparison key of a gold or predicted value: for a string, ``key`` with the
    abbreviations of body names written out (a word of its own: "12/KH-UBND" stays)."""
    if not isinstance(value, str):
        return value
    return _ABBREVIATION.sub(lambda m: _NAME_ABBREVIATIONS[m.group()], key(value))


def _same(a: Any, b: Any) -> bool:
    return bool(_k(a) == _k(b))


def _contains(haystack: str | None, needle: str | None) -> bool:
    return bool(haystack and needle and _k(needle) in _k(haystack))


def _match(gold: Sequence[Any], pred: Sequence[Any], fits: Callable[[Any, Any], bool],
           rank: Callable[[Any, Any], float] | None = None) -> list[tuple[Any, Any]]:
    """One-to-one matching: maximum bipartite matching, preferring higher ``rank``."""

    def ranked(g: Any) -> list[int]:
        fitting = [pi for pi, p in enumerate(pred) if fits(g, p)]
        return fitting if rank is None else sorted(fitting, key=lambda pi: -rank(g, pred[pi]))

    candidates = {gi: ranked(g) for gi, g in enumerate(gold)}
    owner: dict[int, int] = {}

    def assign(gi: int, seen: set[int]) -> bool:
        for pi in candidates[gi]:
            if pi in seen:
                continue
            seen.add(pi)
            if pi not in owner or assign(owner[pi], seen):
                owner[pi] = gi
                return True
        return False

    for gi in sorted(candidates, key=lambda g: len(candidates[g])):
        assign(gi, set())
    return [(gold[gi], pred[pi]) for pi, gi in owner.items()]


def score_sections(gold: list[dict[str, Any]], doc: Document,
                   max_depth: int | None = None) -> Score:
    """Match sections on path and title (or the first words of the body).

    ``max_depth`` keeps only sections whose path is at most that long on both sides
    (e.g. 2: the top two levels, the bar for flattened text).
    """
    pred = [s for s in doc.sections if s.label not in BULLETS]
    if max_depth is not None:
        pred = [s for s in pred if len(s.path) <= max_depth]
        gold = [g for g in gold if len(g["path"]) <= max_depth]

    def fits(g: dict[str, Any], s: Any) -> bool:
        if tuple(g["path"]) != tuple(s.path):
            return False
        if g.get("title") is not None:
            return _same(g["title"], s.title)
        body = doc.text[s.span[0]:s.span[1]]
        after_label = body[body.find(s.label) + len(s.label):] if s.label in body else body
        return key(after_label.lstrip(" .)/-–:")).startswith(key(g.get("starts", "")))

    return Score(len(_match(gold, pred, fits)), len(pred), len(gold))


def _pred_meta(doc: Document) -> dict[str, Any]:
    m = doc.meta
    return {
        "doc_type": m.doc_type, "number_symbol": m.number_symbol, "issuer": m.issuer.name,
        "issuer_level": m.issuer.level, "upper_issuer": m.issuer.upper, "place": m.place,
        "date": m.date, "year": m.year, "title": m.title,
        "signer": None if m.signer is None else {
            "authority": m.signer.authority, "position": m.signer.position,
            "name": m.signer.name},
        "recipients": [{"name": r.name, "purpose": r.purpose} for r in m.recipients],
    }


def score_meta(gold: dict[str, Any], doc: Document) -> Score:
    """Accuracy over the meta fields the gold gives; recipients count one per recipient."""
    pred = _pred_meta(doc)
    score = Score()
    for name in META_FIELDS:
        if name not in gold:
            continue
        if name == "recipients":
            g_rec, p_rec = gold[name] or [], pred[name] or []
            pairs = _match(g_rec, p_rec, lambda g, p: _same(g["name"], p["name"])
                           and _same(g.get("purpose"), p.get("purpose")))
            score.add(Score(len(pairs), len(p_rec), len(g_rec)))
            continue
        g_val, p_val = gold[name], pred[name]
        if name == "signer":  # on the design's fields: a note the gold adds is not scored
            right = (g_val is None and p_val is None) or (
                g_val is not None and p_val is not None
                and all(_same(g_val.get(k), p_val.get(k)) for k in p_val))
        else:
            right = _same(g_val, p_val)
        score.add(Score(int(right), 1, 1))
        score.extra.setdefault(name, [0, 0])
        score.extra[name][0] += int(right)
        score.extra[name][1] += 1
    return score


def score_legal_refs(gold: list[dict[str, Any]], doc: Document) -> Score:
    """A reference is right when type, full_id, date and issuer all agree."""
    pred = list(doc.legal_refs)

    def fits(g: dict[str, Any], r: Any) -> bool:
        return all(_same(g.get(k), getattr(r, k)) for k in ("type", "full_id", "date", "issuer"))

    pairs = _match(gold, pred, fits)
    score = Score(len(pairs), len(pred), len(gold))
    score.extra["relation"] = [sum(_same(g.get("relation"), r.relation) for g, r in pairs),
                               len(pairs)]
    return score


def _actor_right(gold_actor: str | None, pred_actor: str | None) -> bool:
    return _same(gold_actor, pred_actor) or _contains(pred_actor, gold_actor) or _contains(
        gold_actor, pred_actor)


def score_deadlines(gold: list[dict[str, Any]], doc: Document) -> Score:
    """Match on (due, bound); report level and actor agreement among matches."""
    pred = list(doc.deadlines)

    def fits(g: dict[str, Any], d: Any) -> bool:
        return bool(g.get("due") == d.due and g.get("bound") == d.bound)

    def rank(g: dict[str, Any], d: Any) -> float:
        return float((g.get("level") == d.level) + _actor_right(g.get("actor"), d.actor))

    pairs = _match(gold, pred, fits, rank)
    score = Score(len(pairs), len(pred), len(gold))
    score.extra["level"] = [sum(g.get("level") == d.level for g, d in pairs), len(pairs)]
    named = [(g, d) for g, d in pairs if g.get("actor")]
    score.extra["actor"] = [sum(_actor_right(g["actor"], d.actor) for g, d in named), len(named)]
    return score


def _section_id_by_path(doc: Document) -> dict[tuple[str, ...], str]:
    return {tuple(s.path): s.id for s in doc.sections}


def score_subjects(gold: list[dict[str, Any]], doc: Document) -> Score:
    """One-to-one on purpose, category and the ``contains`` phrase (or ``refers_to``)."""
    pred = list(doc.subjects)
    ids = _section_id_by_path(doc)

    def fits(g: dict[str, Any], s: Any) -> bool:
        if g.get("purpose") != s.purpose and s.purpose != "both":
            return False
        if g.get("category") != s.category:
            return False
        if g.get("refers_to"):
            return s.refers_to is not None and s.refers_to == ids.get(tuple(g["refers_to"]))
        return _contains(s.text, g.get("contains"))

    pairs = _match(gold, pred, fits)
    score = Score(len(pairs), len(pred), len(gold))
    wanted = [(e, s) for g, s in pairs for e in g.get("exclusions", [])]
    score.extra["exclusions"] = [
        sum(any(_contains(x, e) or _contains(e, x) for x in s.exclusions) for e, s in wanted),
        sum(len(g.get("exclusions", [])) for g in gold)]
    return score


SCORERS: dict[str, Callable[[Any, Document], Score]] = {
    "sections": score_sections,
    "meta": score_meta,
    "legal_refs": score_legal_refs,
    "deadlines": score_deadlines,
    "subjects": score_subjects,
}


def score_document(gold: dict[str, Any], doc: Document,
                   max_depth: int | None = None) -> dict[str, Score]:
    """Score one document on every field its gold annotates."""
    scores = {name: SCORERS[name](gold[name], doc) for name in FIELDS if name in gold}
    if max_depth is not None and "sections" in gold:
        scores["sections"] = score_sections(gold["sections"], doc, max_depth)
    return scores


def find_gold_files(root: Path) -> list[Path]:
    """Every gold JSON under ``root`` (a file with ``source`` and ``meta`` keys)."""
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise GoldError(f"{root}: no such gold folder or file")
    found = []
    for path in sorted(root.rglob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise GoldError(f"{path}: not valid JSON ({exc})") from None
        if isinstance(data, dict) and "source" in data and "meta" in data:
            found.append(path)
    if not found:
        raise GoldError(f"{root}: no gold files (JSON objects with 'source' and 'meta') found")
    return found


def locate_document(gold_path: Path, source: str, extra_dirs: Iterable[Path] = ()) -> Path:
    """Find the document a gold file names."""
    here = gold_path.parent
    for folder in (*extra_dirs, here, here.parent / "docs", here.parent / "seeds",
                   here.parent.parent / "docs"):
        candidate = folder / source
        if candidate.is_file():
            return candidate
    raise GoldError(f"{gold_path}: document {source!r} not found next to the gold, in a "
                    "sibling docs/ or seeds/ folder, or in --docs")


@dataclass(slots=True)
class Report:
    """Scores per document and in total."""

    per_document: dict[str, dict[str, Score]]
    total: dict[str, Score]

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": {k: v.to_dict() for k, v in self.total.items()},
            "documents": {d: {k: v.to_dict() for k, v in s.items()}
                          for d, s in self.per_document.items()},
        }

    def failing(self, thresholds: dict[str, float]) -> list[str]:
        """Fields whose total F1 is below their threshold (``"*"`` applies to all)."""
        out = []
        for name, score in self.total.items():
            limit = thresholds.get(name, thresholds.get("*"))
            if limit is not None and score.f1 < limit:
                out.append(f"{name} F1 {score.f1:.3f} < {limit}")
        return out


def evaluate(gold_root: Path, doc_dirs: Iterable[Path] = (),
             parse: Callable[[str | Path], Document] | None = None,
             transform: Callable[[str], str] | None = None,
             max_depth: int | None = None) -> Report:
    """Parse every document the gold names and score it.

    Args:
        gold_root: a gold folder (searched recursively) or one gold file.
        doc_dirs: extra folders to look for documents in.
        parse: the parser to use (default ``vbparser.parse``); it gets the document's
            path, or its transformed text when ``transform`` is given.
        transform: applied to a text document's content before parsing (e.g. to
            flatten it), for robustness measurements.
        max_depth: score sections only down to this depth.
    """
    from vbparser.api import parse as default_parse

    parser = parse or default_parse
    per_doc: dict[str, dict[str, Score]] = {}
    total: dict[str, Score] = {}
    for gold_path in find_gold_files(gold_root):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        doc_path = locate_document(gold_path, gold["source"], tuple(doc_dirs))
        if transform is not None:
            from vbparser.loaders import load_path

            doc = parser(transform(load_path(doc_path).text))
        else:
            doc = parser(doc_path)
        scores = score_document(gold, doc, max_depth)
        per_doc[str(doc_path)] = scores
        for name, score in scores.items():
            total.setdefault(name, Score()).add(score)
    return Report(per_doc, total)


def flatten(text: str) -> str:
    """Turn every line break into a space, as web copies and bad PDF dumps do."""
    return " ".join(text.split("\n"))
