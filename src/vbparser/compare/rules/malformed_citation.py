"""Rule ``malformed-citation``: a cited number-symbol breaks the number grammar."""

from __future__ import annotations

from collections.abc import Iterator

from vbparser.compare import evidence
from vbparser.compare.findings import Finding, Severity, details
from vbparser.compare.rules.base import DOCUMENT, DocContext, Rule
from vbparser.compare.rules.citing import resolve


def malformed_citation(ctx: DocContext) -> Iterator[Finding]:
    """A citation's number-symbol is malformed (warning VB401; domain.md §2.6, C2, C10).

    Seed 000 writes "Nghị định 56-NĐ/CP": Party separators on a state decree and no year;
    the knowledge base reads it as 56/2015/NĐ-CP, which the finding names.
    """
    for ref in ctx.doc.legal_refs:
        if "VB401" not in ref.warnings:
            continue
        reg = resolve(ref, ctx.kb)
        read_as = f"; it names {reg.full_id}" if reg is not None else ""
        written = " ".join(w for w in (ref.type, ref.full_id) if w)
        yield ctx.finding(
            RULE, f"The citation {written} is malformed{read_as}.",
            evidence.of_ref(ctx.doc, ref),
            details=details(written=ref.full_id, read_as=reg.full_id if reg else None))


RULE = Rule("malformed-citation", Severity.WARNING, "malformed_citation", DOCUMENT,
            malformed_citation)
