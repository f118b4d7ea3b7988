"""Rule ``upper-plan-not-cited``: the lower plan does not cite the plan it implements."""

from __future__ import annotations

from collections.abc import Iterator

from vbparser.compare import evidence
from vbparser.compare.findings import Finding, Severity, details
from vbparser.compare.plans import body_key
from vbparser.compare.rules.base import PAIR, PairContext, Rule
from vbparser.normalize.fold import key


def upper_plan_not_cited(ctx: PairContext) -> Iterator[Finding]:
    """The lower plan cites neither the upper plan nor a guidance of its committee.

    A plan must name the superior's plan (or its organisation commission's guidance)
    among its bases (domain.md §8 C3). Pairs linked by a citation pass by construction;
    this catches pairs linked by issuer hierarchy or forced by the user.
    """
    if ctx.link.ref_id is not None:
        return
    committee = ctx.upper_plan.committee
    for ref in ctx.lower.legal_refs:
        cited = body_key(ref.issuer)
        if committee is not None and cited is not None and cited.full == committee.full \
                and key(ref.type or "") == key("Hướng dẫn"):
            return
    first = next((r for r in ctx.lower.legal_refs if r.mentions), None)
    where = evidence.of_ref(ctx.lower, first) if first else None
    yield ctx.finding(
        RULE, f"The plan does not cite the upper plan {ctx.upper_plan.label} of "
        f"{ctx.upper_plan.issuer or 'the upper body'} (nor its guidance).",
        where, evidence.of_number(ctx.upper) or evidence.of_header_body(ctx.upper,
                                                                          ctx.upper_plan.issuer),
        details=details(upper=ctx.upper_plan.label, upper_issuer=ctx.upper_plan.issuer))


RULE = Rule("upper-plan-not-cited", Severity.WARNING, "upper_not_cited", PAIR,
            upper_plan_not_cited)
