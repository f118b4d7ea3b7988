"""Run a comparison: describe the plans, link them, apply every rule, collect findings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vbparser.compare.findings import Finding, FindingsBuilder
from vbparser.compare.link import Link, link_plans
from vbparser.compare.params import RuleParams, load_params
from vbparser.compare.plans import Plan, describe, doc_id
from vbparser.compare.rules import DOCUMENT, PAIR, DocContext, PairContext, Rule, select
from vbparser.errors import ConfigError
from vbparser.kb import KnowledgeBase, load_kb
from vbparser.model import Document

if TYPE_CHECKING:
    import pandas as pd

PlanRef = Document | int | str | Path


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything a comparison found: plans, links between them, and findings."""

    docs: tuple[Document, ...]
    plans: tuple[Plan, ...]
    links: tuple[Link, ...]
    findings: tuple[Finding, ...]
    rules: tuple[Rule, ...]

    def parent(self, index: int) -> Link | None:
        """The link from plan ``index`` to its upper plan, if any."""
        return next((lk for lk in self.links if lk.lower == index), None)

    def frame(self) -> pd.DataFrame:
        """The ``Findings`` table; ``attrs`` holds ``plans``, ``links`` and ``rules``."""
        builder = FindingsBuilder()
        builder.extend(self.findings)
        return builder.frame(self.attrs())

    def attrs(self) -> dict[str, Any]:
        """JSON-safe plans, links and rules (for the report and for storage)."""
        plans = []
        for plan in self.plans:
            link = self.parent(plan.index)
            plans.append({
                "doc_id": plan.doc_id, "path": plan.path, "label": plan.label,
                "kind": plan.kind, "level": plan.level.value if plan.level else None,
                "issuer": plan.issuer, "province": plan.province, "date": plan.date,
                "year": plan.year,
                "upper_doc": self.plans[link.upper].doc_id if link else None,
                "link": link.how if link else None,
                "relation": link.relation if link else None})
        links = [{"lower_doc": self.plans[lk.lower].doc_id,
                  "upper_doc": self.plans[lk.upper].doc_id, "how": lk.how,
                  "relation": lk.relation, "ref_id": lk.ref_id} for lk in self.links]
        rules = [{"id": r.id, "severity": r.severity.value, "family": r.family,
                  "scope": r.scope, "summary": r.summary, "doc": r.doc} for r in self.rules]
        return {"plans": plans, "links": links, "rules": rules}


def _as_documents(docs: Iterable[Document | str | Path]) -> list[Document]:
    from vbparser.api import parse

    out: list[Document] = []
    seen: set[str] = set()
    for item in docs:
        if isinstance(item, str | Path):
            item = parse(Path(item))
        if not isinstance(item, Document):
            raise TypeError(f"compare() takes Documents or paths, not {type(item).__name__}")
        if doc_id(item) not in seen:
            seen.add(doc_id(item))
            out.append(item)
    return out


def _index(ref: PlanRef, docs: list[Document]) -> int:
    """Where a pair member is in ``docs`` (appending a Document not yet there)."""
    if isinstance(ref, int) and not isinstance(ref, bool):
        if 0 <= ref < len(docs):
            return ref
        raise ConfigError(f"pair index {ref} is out of range (0..{len(docs) - 1})")
    if isinstance(ref, Document):
        for i, doc in enumerate(docs):
            if doc is ref or doc_id(doc) == doc_id(ref):
                return i
        docs.append(ref)
        return len(docs) - 1
    wanted = str(ref)
    for i, doc in enumerate(docs):
        path = doc.source.path
        if wanted in (doc_id(doc), doc.source.sha256) or (
                path and Path(path).resolve() == Path(wanted).resolve()):
            return i
    raise ConfigError(f"{wanted} is not among the documents compared")


def _pair_rules(rules: Sequence[Rule], ctx: PairContext) -> Iterable[Finding]:
    for rule in rules:
        if rule.scope == PAIR and ctx.link.relation in rule.relations:
            yield from rule.check(ctx)


def run(docs: Iterable[Document | str | Path],
        pairs: Sequence[tuple[PlanRef, PlanRef]] | None = None, *,
        rules: tuple[str, ...] | None = None, kb: KnowledgeBase | None = None,
        params: RuleParams | None = None) -> Comparison:
    """Compare plans: see ``vbparser.compare.compare``."""
    documents = _as_documents(docs)
    forced = [(_index(up, documents), _index(low, documents)) for up, low in pairs or ()]
    for up, low in forced:
        if up == low:
            raise ConfigError("a plan cannot be its own upper plan")
    kb = kb or load_kb()
    params = params or load_params()
    chosen = select(rules)
    plans = [describe(i, d, params.campaign_topic) for i, d in enumerate(documents)]
    plans, links = link_plans(documents, plans, forced)
    found: list[Finding] = []
    for plan, doc in zip(plans, documents, strict=True):
        ctx = DocContext(doc, plan, kb, params)
        for rule in chosen:
            if rule.scope == DOCUMENT:
                found.extend(rule.check(ctx))
    for link in links:
        ctx2 = PairContext(documents[link.lower], documents[link.upper], plans[link.lower],
                           plans[link.upper], link, kb, params)
        found.extend(_pair_rules(chosen, ctx2))
    return Comparison(tuple(documents), tuple(plans), tuple(links), tuple(found), chosen)
