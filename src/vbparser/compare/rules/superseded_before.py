"""Rule ``superseded-before``: a cited regulation was replaced before the plan's date."""

from __future__ import annotations

from collections.abc import Iterator

from vbparser.compare import evidence
from vbparser.compare.findings import Finding, Severity, details
from vbparser.compare.rules.base import DOCUMENT, DocContext, Rule
from vbparser.compare.rules.citing import cited_ids, resolve
from vbparser.compare.timing import plan_date
from vbparser.model import RefStatus, Relation


def superseded_before(ctx: DocContext) -> Iterator[Finding]:
    """A cited regulation was superseded before the plan was issued (domain.md §8 C1).

    The status is read from the knowledge base on the plan's date (without a header date,
    on the latest date of a document it cites, a lower bound). A document that is only
    mentioned while the plan also cites its successor ("Quy định 124 ... thay thế Quy định
    132") is history, not a basis, and is left alone.
    """
    on, exact = plan_date(ctx.doc)
    if on is None:
        return
    cited = cited_ids(ctx.doc, ctx.kb)
    for ref in ctx.doc.legal_refs:
        reg = resolve(ref, ctx.kb)
        if reg is None:
            continue
        status = ctx.kb.status(reg.full_id, on)
        if status.status != RefStatus.SUPERSEDED:
            continue
        successors = set(ctx.kb.successors(reg.full_id))
        if ref.relation == Relation.MENTION and successors & cited \
                and ctx.params.mention_with_successor_is_history:
            continue
        chain = " → ".join(ctx.kb.successors(reg.full_id))
        when = "dated" if exact else "issued after"
        written = reg.full_id if ref.full_id == reg.full_id \
            else f"{ref.full_id} (read as {reg.full_id})"
        yield ctx.finding(
            RULE, f"{ref.type or 'Document'} {written} was superseded by {status.replaced_by}"
            f" on {status.when}, before this plan ({when} {on}); current chain: {chain}.",
            evidence.of_ref(ctx.doc, ref),
            also=[evidence.quote(ctx.doc, m) for m in ref.mentions[1:]],
            details=details(cited=reg.full_id, written=ref.full_id,
                            replaced_by=status.replaced_by, replaced_on=status.when,
                            plan_date=on, plan_date_exact=exact))


RULE = Rule("superseded-before", Severity.ERROR, "superseded_citation", DOCUMENT,
            superseded_before)
