"""Rule ``upper-citation-mismatch``: the upper plan is cited with a wrong number or date."""

from __future__ import annotations

from collections.abc import Iterator

from vbparser.compare import evidence
from vbparser.compare.findings import Finding, Severity, details
from vbparser.compare.link import GUIDES, IMPLEMENTS, SAME_LEVEL
from vbparser.compare.rules.base import PAIR, PairContext, Rule


def upper_citation_mismatch(ctx: PairContext) -> Iterator[Finding]:
    """The lower plan cites the plan it implements with a wrong number-symbol or date.

    The citation is the one that linked the two plans (same issuer and the other of
    number/date right), e.g. "Kế hoạch số 139-KH/HU ngày 22/11/2023" for Kế hoạch
    193-KH/HU of that date (domain.md §8 C3). A plan without a number or date in its own
    header cannot be checked on that part.
    """
    link = ctx.link
    ref = next((r for r in ctx.lower.legal_refs if r.id == link.ref_id), None)
    if ref is None or (link.number_ok is not False and link.date_ok is not False):
        return
    upper_meta = ctx.upper.meta
    wrong = []
    if link.number_ok is False:
        wrong.append(f"number {ref.full_id} instead of {upper_meta.number_symbol}")
    if link.date_ok is False:
        wrong.append(f"date {ref.date} instead of {upper_meta.date}")
    upper_quote = evidence.of_number(ctx.upper) if link.number_ok is False \
        else evidence.of_date(ctx.upper)
    yield ctx.finding(
        RULE, f"The upper plan {ctx.upper_plan.label} is cited with the wrong "
        + " and ".join(wrong) + ".",
        evidence.of_ref(ctx.lower, ref), upper_quote,
        details=details(cited=ref.full_id, cited_date=ref.date,
                        actual=upper_meta.number_symbol, actual_date=upper_meta.date))


RULE = Rule("upper-citation-mismatch", Severity.ERROR, "wrong_upper_citation", PAIR,
            upper_citation_mismatch, frozenset({IMPLEMENTS, GUIDES, SAME_LEVEL}))
