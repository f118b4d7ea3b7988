"""The HTML report of a comparison: plan tree, deadline timeline, findings with quotes.

The page is one file that works offline: inline CSS and SVG, no script, no external
resource. Every text that comes from a document is escaped (Jinja2 autoescaping; the SVG
escapes its own texts), so a plan containing ``<script>`` shows it as text.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from vbparser.compare.plans import doc_id
from vbparser.compare.timeline import LEVEL_COLOURS, lanes_of, render_timeline
from vbparser.model import Document

if TYPE_CHECKING:
    import pandas as pd

    from vbparser.spans import Span

_TIMELINE_FAMILIES = frozenset({"deadline_after_upper", "deadline_before_plan_date"})


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _clean(row: Mapping[str, Any]) -> dict[str, Any]:
    """A findings row with NaN read as None and JSON columns decoded."""
    out = {k: (None if _missing(v) else v) for k, v in row.items()}
    out["also"] = json.loads(out.get("also") or "[]")
    out["details"] = json.loads(out.get("details") or "{}")
    for side in ("lower", "upper"):
        path = out.get(f"{side}_path")
        out[f"{side}_file"] = Path(str(path)).name if path else ""
    return out


def _tree(plans: Sequence[Mapping[str, Any]], counts: Mapping[str, Counter[str]]
          ) -> list[dict[str, Any]]:
    """Nested nodes: each plan under its upper plan; roots sorted by level and label."""
    nodes = {p["doc_id"]: {**p, "children": [], "counts": dict(counts.get(p["doc_id"], {})),
                           "file": Path(p["path"]).name if p.get("path") else "(text)"}
             for p in plans}
    roots: list[dict[str, Any]] = []
    for node in nodes.values():
        parent = nodes.get(node.get("upper_doc") or "")
        (parent["children"] if parent else roots).append(node)
    order = ["central", "province", "district", "commune", "branch", None]

    def sort(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        items.sort(key=lambda n: (order.index(n.get("level")), n.get("year") or 0,
                                  n.get("province") or "", n.get("label") or ""))
        for n in items:
            sort(n["children"])
        return items

    return sort(roots)


def _members(node: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
    yield node
    for child in node["children"]:
        yield from _members(child)


def _conflicts(findings: Sequence[Mapping[str, Any]]
               ) -> tuple[dict[tuple[str, Span], str], list[tuple[Any, Any]]]:
    marks: dict[tuple[str, Span], str] = {}
    joins = []
    for f in findings:
        if f["family"] not in _TIMELINE_FAMILIES:
            continue
        low = (f["lower_doc"], tuple(f["lower_span"])) if f.get("lower_span") else None
        up = (f["upper_doc"], tuple(f["upper_span"])) if f.get("upper_span") else None
        for key in (low, up, *[(e["doc_id"], tuple(e["span"])) for e in f["also"]]):
            if key is not None:
                marks.setdefault(key, f["message"])
        if low and up:
            joins.append((low, up))
    return marks, joins


def _lane_label(node: Mapping[str, Any]) -> str:
    """"08-KH/ĐU · Đảng ủy xã Ngọc Sơn": the label and the issuer without its organ."""
    issuer = node.get("issuer") or ""
    for organ in ("Ban Thường vụ ", "Ban Chấp hành "):
        issuer = issuer.removeprefix(organ)
    return f"{node['label']} · {issuer}" if issuer and issuer not in node["label"] else node["label"]


def _timelines(roots: Sequence[Mapping[str, Any]], docs: Mapping[str, Document],
               findings: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    marks, joins = _conflicts(findings)
    out = []
    for root in roots:
        members = [(n["doc_id"], _lane_label(n), docs[n["doc_id"]]) for n in _members(root)
                   if n["doc_id"] in docs]
        svg = render_timeline(lanes_of(members), marks, joins)
        if svg:
            title = f"{root['label']} — {root.get('issuer') or ''}"
            out.append({"title": title + (f" and {len(members) - 1} plan(s) under it"
                                          if len(members) > 1 else ""), "svg": svg})
    return out


def render_report(findings: pd.DataFrame, docs: Iterable[Document] = (), *,
                  title: str = "vbparser check: consistency of plans across levels") -> str:
    """Render the HTML report of a comparison.

    Args:
        findings: the table ``vbparser.compare`` returned (its ``attrs`` carry the plans,
            links and rules).
        docs: the compared documents, for the deadline timeline (omitted without them).
        title: the page title.

    Returns:
        The HTML page.

    Raises:
        ImportError: Jinja2 is not installed.
    """
    import jinja2

    # Columns are the findings' field names, so every key is a str (the stubs say Hashable).
    records = cast("list[dict[str, Any]]", findings.to_dict("records"))
    rows = [_clean(r) for r in records]
    plans = list(findings.attrs.get("plans", []))
    counts: dict[str, Counter[str]] = {}
    for r in rows:
        counts.setdefault(r["lower_doc"], Counter())[r["severity"]] += 1
    roots = _tree(plans, counts)
    by_id = {doc_id(d): d for d in docs}
    rules = list(findings.attrs.get("rules", []))
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True)
    from vbparser.compare.template import TEMPLATE

    return env.from_string(TEMPLATE).render(
        title=title, plans=plans, links=findings.attrs.get("links", []), findings=rows,
        counts=Counter(r["severity"] for r in rows), roots=roots,
        timelines=_timelines(roots, by_id, rows) if by_id else [],
        legend=[(lv.value, c) for lv, c in LEVEL_COLOURS.items()], rules=rules,
        rule_summaries={r["id"]: r["summary"] for r in rules})


def write_report(findings: pd.DataFrame, docs: Iterable[Document], path: str | Path) -> Path:
    """Write the HTML report to ``path`` (UTF-8) and return the path."""
    out = Path(path)
    out.write_text(render_report(findings, docs), encoding="utf-8")
    return out
