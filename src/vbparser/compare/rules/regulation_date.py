"""Rule ``regulation-date-mismatch``: a regulation is cited with the wrong date."""

from __future__ import annotations

from collections.abc import Iterator

from vbparser.compare import evidence
from vbparser.compare.findings import Finding, Severity, details
from vbparser.compare.rules.base import DOCUMENT, DocContext, Rule
from vbparser.compare.rules.citing import resolve


def regulation_date_mismatch(ctx: DocContext) -> Iterator[Finding]:
    """A known regulation is cited with a date other than its date of issue (VB404).

    The knowledge base gives the date; a wrong date usually means a wrong document or a
    copying mistake in the plan's legal basis (domain.md §8 C2).
    """
    for ref in ctx.doc.legal_refs:
        reg = resolve(ref, ctx.kb)
        if reg is None or not reg.date or not ref.date or ref.date == reg.date:
            continue
        yield ctx.finding(
            RULE, f"{ref.type or 'Document'} {reg.full_id} is cited with the date {ref.date}; "
            f"it was issued on {reg.date}.",
            evidence.of_ref(ctx.doc, ref),
            details=details(cited=reg.full_id, cited_date=ref.date, actual_date=reg.date))


RULE = Rule("regulation-date-mismatch", Severity.WARNING, "wrong_citation_date", DOCUMENT,
            regulation_date_mismatch)
