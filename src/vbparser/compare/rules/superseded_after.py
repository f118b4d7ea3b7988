"""Rule ``superseded-after``: a cited regulation was replaced after the plan's date."""

from __future__ import annotations

from collections.abc import Iterator

from vbparser.compare import evidence
from vbparser.compare.findings import Finding, Severity, details
from vbparser.compare.rules.base import DOCUMENT, DocContext, Rule
from vbparser.compare.rules.citing import resolve
from vbparser.compare.timing import horizon, plan_date
from vbparser.model import RefStatus


def superseded_after(ctx: DocContext) -> Iterator[Finding]:
    """A cited regulation was current when the plan was issued but replaced later.

    Not a fault of the plan; a notice that plans issued after the replacement must cite
    the successor (seed 001 cites 132-QĐ/TW and 21-HD/BTCTW on 2 August 2023; 124-QĐ/TW
    and 25-HD/BTCTW replaced them in October and November 2023). With
    ``superseded_after_horizon: campaign`` only replacements up to the end of the plan's
    campaign are reported: a 2023 plan's 124-QĐ/TW replaced in 2025 is not news to it.
    """
    on, exact = plan_date(ctx.doc)
    if on is None or not exact:
        return
    until = horizon(ctx.doc) if ctx.params.superseded_after_horizon == "campaign" else None
    for ref in ctx.doc.legal_refs:
        reg = resolve(ref, ctx.kb)
        if reg is None or ctx.kb.status(reg.full_id, on).status == RefStatus.SUPERSEDED:
            continue
        later = ctx.kb.status(reg.full_id)
        if later.status != RefStatus.SUPERSEDED or not later.when or later.when <= on:
            continue
        if until is not None and later.when > until:
            continue
        yield ctx.finding(
            RULE, f"{ref.type or 'Document'} {reg.full_id} was current when this plan was "
            f"issued ({on}) but was superseded by {later.replaced_by} on {later.when}; "
            "plans issued after that must cite the successor.",
            evidence.of_ref(ctx.doc, ref),
            details=details(cited=reg.full_id, replaced_by=later.replaced_by,
                            replaced_on=later.when, plan_date=on))


RULE = Rule("superseded-after", Severity.NOTICE, "superseded_after", DOCUMENT, superseded_after)
