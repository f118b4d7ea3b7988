"""Rule ``abolished-district-level``: a plan after 1 July 2025 names a district body."""

from __future__ import annotations

from collections.abc import Iterator

from vbparser.compare import evidence
from vbparser.compare.findings import Evidence, Finding, Severity, details
from vbparser.compare.plans import body_key
from vbparser.compare.rules.base import DOCUMENT, DocContext, Rule
from vbparser.model import Document, Level


def _district(name: str | None) -> bool:
    body = body_key(name)
    return body is not None and body.level == Level.DISTRICT


def _places(doc: Document) -> list[tuple[str, str, Evidence | None]]:
    """(where, name, quote) for each district body the plan names, header first."""
    meta, out = doc.meta, []
    for where, name in (("issuer", meta.issuer.name), ("upper body", meta.issuer.upper)):
        if _district(name):
            out.append((where, str(name), evidence.of_header_body(doc, name)))
    for ref in doc.legal_refs:
        if _district(ref.issuer):
            out.append(("citation", f"{ref.type or 'document'} of {ref.issuer}",
                        evidence.of_ref(doc, ref)))
    for rec in meta.recipients:
        if _district(rec.name):
            out.append(("recipients", rec.name, evidence.of_recipient(doc, rec)))
    return out


def abolished_district_level(ctx: DocContext) -> Iterator[Finding]:
    """A plan dated on or after 1 July 2025 names the abolished district level.

    From that day local government has two levels, province and commune (Luật 72/2025/QH15;
    domain.md §3.2, C11): a Huyện ủy or UBND huyện as issuer, as the body above, among
    the recipients or as the issuer of a cited plan is an anomaly. One finding per plan;
    every place is quoted (the header first).
    """
    on = ctx.doc.meta.date
    if not on or on < ctx.params.district_abolished_on:
        return
    places = _places(ctx.doc)
    if not places:
        return
    where = "; ".join(f"{w}: {name}" for w, name, _ in places)
    quotes = [q for _, _, q in places if q is not None]
    yield ctx.finding(
        RULE, f"The plan is dated {on}, after the district level was abolished on "
        f"{ctx.params.district_abolished_on}, yet names district bodies ({where}).",
        quotes[0] if quotes else None, also=quotes[1:],
        details=details(plan_date=on, abolished_on=ctx.params.district_abolished_on,
                        where=[w for w, _, _ in places]))


RULE = Rule("abolished-district-level", Severity.ERROR, "abolished_district_level", DOCUMENT,
            abolished_district_level)
