"""Rule ``central-basis-not-cited``: a central regulation of the upper plan is missing."""

from __future__ import annotations

from collections.abc import Iterator

from vbparser.compare import evidence
from vbparser.compare.findings import Finding, Severity, details
from vbparser.compare.plans import LEVEL_RANK
from vbparser.compare.rules.base import PAIR, PairContext, Rule
from vbparser.compare.rules.citing import cited_ids, lineage, resolve
from vbparser.kb import KnowledgeBase, Regulation
from vbparser.model import Level, Relation
from vbparser.normalize.fold import key


def _central(reg: Regulation, kb: KnowledgeBase, types: tuple[str, ...],
             domains: tuple[str, ...]) -> bool:
    ident = reg.ident
    code = kb.issuer_code(ident.issuer_code) if ident is not None else None
    return (code is not None and code.level == Level.CENTRAL and code.domain in domains
            and key(reg.type) in {key(t) for t in types})


def central_basis_not_cited(ctx: PairContext) -> Iterator[Finding]:
    """A central regulation the upper plan rests on is not cited by the lower plan.

    Neither the regulation nor a predecessor or successor of it is cited (domain.md §8
    C1, C3).

    Counted: the upper plan's bases of the types and issuers of ``central_basis`` in
    rules.yaml (the Politburo's Quy định, the Central Organisation Commission's Hướng
    dẫn). A lower plan that cites a replaced version is left to ``superseded-before``;
    chi bộ plans, which cite only the plan they implement, are not checked.
    """
    params, kb = ctx.params, ctx.kb
    low = ctx.lower_plan.level
    if low is None or LEVEL_RANK[low] > LEVEL_RANK[params.central_lowest_level]:
        return
    cited = cited_ids(ctx.lower, kb)
    first = next((r for r in ctx.lower.legal_refs if r.mentions), None)
    basis = evidence.of_ref(ctx.lower, first) if first else None
    for ref in ctx.upper.legal_refs:
        reg = resolve(ref, kb) if ref.relation == Relation.BASIS else None
        if reg is None or not _central(reg, kb, params.central_types, params.central_domains):
            continue
        family = lineage(reg.full_id, kb)
        if family & cited:
            continue
        yield ctx.finding(
            RULE, f"The upper plan rests on {ref.type or 'document'} {reg.full_id}; the plan "
            "cites neither it nor a predecessor or successor of it.",
            basis, evidence.of_ref(ctx.upper, ref),
            details=details(missing=reg.full_id, lineage=sorted(family)))


RULE = Rule("central-basis-not-cited", Severity.WARNING, "central_basis_not_cited", PAIR,
            central_basis_not_cited)
