"""Rule ``incomplete-citation``: a plan or guidance is cited without number and date."""

from __future__ import annotations

from collections.abc import Iterator

from vbparser.compare import evidence
from vbparser.compare.findings import Finding, Severity, details
from vbparser.compare.rules.base import DOCUMENT, DocContext, Rule
from vbparser.model import Relation


def incomplete_citation(ctx: DocContext) -> Iterator[Finding]:
    """A document is cited as a basis with neither number nor date (domain.md §1.6, C2).

    The first citation of a document must give its type, number-symbol, date and issuer
    (Nghị định 30/2020/NĐ-CP; Party practice). Commune plans often cite their district's
    plan that way: "Kế hoạch của Huyện ủy Sơn Tuyền", "Hướng dẫn của Ban Tổ chức Huyện ủy".
    """
    for ref in ctx.doc.legal_refs:
        if ref.relation != Relation.BASIS or ref.full_id or ref.date:
            continue
        yield ctx.finding(
            RULE, f"{ref.type or 'A document'} of {ref.issuer or 'an unnamed body'} is cited "
            "without its number-symbol and date.",
            evidence.of_ref(ctx.doc, ref), details=details(type=ref.type, issuer=ref.issuer))


RULE = Rule("incomplete-citation", Severity.WARNING, "incomplete_citation", DOCUMENT,
            incomplete_citation)
