"""Citations as the rules see them: resolved against the knowledge base by their keys."""

from __future__ import annotations

from vbparser.kb import KnowledgeBase, Regulation, parse_identifier
from vbparser.model import Document, LegalRef


def resolve(ref: LegalRef, kb: KnowledgeBase) -> Regulation | None:
    """The knowledge-base entry a citation names, also for a malformed number-symbol
    ("Nghị định 56-NĐ/CP" → 56/2015/NĐ-CP, by type, number and issuer code)."""
    if not ref.full_id:
        return None
    ident = parse_identifier(ref.full_id)
    doc_type = kb.type_named(ref.type) if ref.type else None
    return kb.resolve(ident, doc_type, ref.number)


def cited_ids(doc: Document, kb: KnowledgeBase) -> set[str]:
    """The full_ids (canonical, as in the knowledge base) a plan cites."""
    out = set()
    for ref in doc.legal_refs:
        reg = resolve(ref, kb)
        if reg is not None:
            out.add(reg.full_id)
        elif ref.full_id:
            out.add(ref.full_id)
    return out


def lineage(full_id: str, kb: KnowledgeBase) -> set[str]:
    """A regulation with its predecessors and successors (132 → 124 → 366)."""
    out = {full_id, *kb.successors(full_id)}
    changed = True
    while changed:
        changed = False
        for reg in kb.regulations.values():
            if reg.full_id not in out and reg.replaced_by in out:
                out.add(reg.full_id)
                changed = True
    return out
