"""Group the mentions of cited documents and resolve each document against the KB.

* **group**: mentions with the same number-symbol (spacing, case, tone marks and leading
  zeros ignored) and no conflicting dates are one document; unnumbered references never
  merge.
* **resolve**: the type, and a missing issuer, come from the knowledge base when the
  number-symbol is known exactly (else a unique issuer code: BTCTW, CP); an issuer the
  knowledge base does not list has its body words written out ("UBND tỉnh X" → "Ủy ban
  nhân dân tỉnh X", as ``bodies`` displays them); a malformed number
  ("56-NĐ/CP") keeps its text as ``full_id`` and gets warning VB401, and is looked up by
  (type, number, issuer code) for its status only. A cited title saying "sửa đổi, bổ sung"
  or "thay thế" a nested citation marks that one amended or superseded when the knowledge
  base does not know it (``text_facts``).

Status encoding (``design.md`` gives ``status`` and ``replaced_by``): ``status`` is what the
knowledge base knows today (``kb.KnowledgeBase.status`` without a date); ``replaced_by`` is
the successor of a ``superseded`` document or the latest amending document of an
``amended`` one. The plan's date (``meta.date``) decides the warning: **VB402** (an error)
when the document was superseded on or before that date, **VB403** (a notice) when it was
superseded after it. Without ``meta.date`` the plan is known to be no older than the newest
document it cites (``floor_date``); a supersession before that is still VB402, otherwise no
timing warning is given. **VB404**: the cited date differs from the knowledge base's.
"""

from __future__ import annotations

from dataclasses import dataclass

from vbparser.extract.bodies import find_bodies
from vbparser.extract.citation_find import Mention
from vbparser.extract.citation_grammar import Grammar
from vbparser.kb import DocType, Identifier, KnowledgeBase, Regulation, id_key
from vbparser.model import RefStatus, Relation
from vbparser.normalize.fold import key

_RANK = {Relation.MENTION: 0, Relation.BASIS: 1, Relation.AMENDS: 2}


# --- group ---------------------------------------------------------------------------------
def _number(x: Mention) -> str | None:
    return x.ident.number if x.ident is not None else x.number


def _joins(group: list[Mention], x: Mention) -> bool:
    """Whether mention ``x`` cites the document of ``group`` (see the module docstring)."""
    ident = next((m.ident for m in group if m.ident is not None), None)
    date = next((m.date for m in group if m.date), None)
    if x.date and date and x.date != date:
        return False  # Party numbers restart each term: same number, other date, other document
    if x.ident is not None and ident is not None:
        return id_key(x.ident.full_id) == id_key(ident.full_id)
    number, doc_type = _number(group[0]), group[0].type
    return (number is not None and _number(x) is not None and doc_type is not None
            and x.type is not None and number.lstrip("0") == str(_number(x)).lstrip("0")
            and doc_type.name == x.type.name)


def group_mentions(mentions: list[Mention]) -> list[list[Mention]]:
    """The mentions grouped by document, in order of first mention; a bare number without
    "số" that joins no group is dropped."""
    groups: list[list[Mention]] = []
    for x in mentions:
        numbered = x.ident is not None or x.number is not None
        target = next((g for g in reversed(groups) if numbered and _joins(g, x)), None)
        if target is not None:
            target.append(x)
        elif x.ident is not None or x.number is None or x.numbered_so:
            groups.append([x])
    return groups


# --- resolve -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Cited:
    """A grouped document before its status is known."""

    mentions: tuple[Mention, ...]
    ident: Identifier | None
    type: str | None
    number: str | None
    date: str | None
    issuer: str | None
    title: str | None
    relation: Relation
    exact: Regulation | None       # the KB entry of its exact number-symbol
    resolved: Regulation | None    # exact, or found by (type, number, issuer code)
    problems: tuple[str, ...]


def _code_type(kb: KnowledgeBase, ident: Identifier | None) -> DocType | None:
    """The type a number's code stands for; the first listed when ambiguous (QĐ)."""
    if ident is None or not ident.type_code:
        return None
    domain = "party" if ident.form == "party" else "state"
    return next(iter(kb.types_for_code(ident.type_code, domain)), None)


def _code_issuer(kb: KnowledgeBase, ident: Identifier | None) -> str | None:
    """The body an issuer code names, when it names exactly one (BTCTW, CP; not TW, TU)."""
    if ident is None or ident.units:  # joint issuers "TTLT-BNV-VPCP", a unit "UBND-VP"
        return None
    code = kb.issuer_code(ident.issuer_code)
    return code.name if code is not None and code.unique else None


def _fullest(issuers: list[str]) -> str | None:
    """The first issuer written, or the longest later one that names it in full and more:
    the place ("Ban Thường vụ Tỉnh ủy" in the body, "Ban Thường vụ Tỉnh ủy Quế Lĩnh" in a
    footnote) or the organ ("của Chi bộ" in the title, "của Chi ủy Chi bộ Trạm Y tế" in
    the bases).

    >>> _fullest(["Ban Thường vụ Tỉnh ủy", "Bộ Chính trị", "Ban Thường vụ Tỉnh ủy Quế Lĩnh"])
    'Ban Thường vụ Tỉnh ủy Quế Lĩnh'
    >>> _fullest(["Chi bộ", "Chi ủy Chi bộ Trạm Y tế"])
    'Chi ủy Chi bộ Trạm Y tế'
    >>> _fullest(["Chi bộ", "Chi bộ Trạm Y tế", "Chi bộ Trạm Y tế xã An Phú"])
    'Chi bộ Trạm Y tế xã An Phú'
    >>> _fullest(["Sở Nội vụ", "Sở Nội vụ tỉnh"]), _fullest([]) is None
    ('Sở Nội vụ tỉnh', True)
    """
    if not issuers:
        return None
    first = f" {key(issuers[0])} "
    return max((i for i in issuers if first in f" {key(i)} "), key=len)


def _written_out(issuer: str) -> str:
    """``issuer`` with the bodies it names in their display form; a name in capitals
    stays as written.

    >>> _written_out("UBND tỉnh Hà Lâm")
    'Ủy ban nhân dân tỉnh Hà Lâm'
    """
    if issuer.isupper():
        return issuer
    out, pos = [], 0
    for body in find_bodies(issuer):
        start, end = body.span
        out += [issuer[pos:start], body.name]
        pos = end
    return "".join(out) + issuer[pos:]


def cite(group: list[Mention], text: str, kb: KnowledgeBase) -> Cited:
    """Merge a group's mentions and look the document up (see "resolve" in the docstring)."""
    ident = next((m.ident for m in group if m.ident is not None), None)
    word_type = next((m.type for m in group if m.type is not None), None)
    issuer = _fullest([m.issuer for m in group if m.issuer])
    exact = kb.lookup(ident.full_id) if ident is not None else None
    problems = kb.problems(ident, word_type) if ident is not None else ()
    doc_type = word_type or _code_type(kb, ident)
    body = kb.bodies.get(key(issuer)) if issuer else None
    resolved = exact or kb.resolve(ident, doc_type, _number(group[0]), body[1] if body else None)
    type_name = word_type.name if word_type else (exact.type if exact else
                                                  doc_type.name if doc_type else None)
    if issuer is None and not problems:
        issuer = (exact.issuer if exact and exact.issuer else _code_issuer(kb, ident)
                  or (doc_type.issuer if doc_type else None))  # a law: the Quốc hội
    elif issuer is not None and body is None:
        issuer = _written_out(issuer)
    titled = next((m for m in group if m.title_span), None)
    title = text[slice(*titled.title_span)].strip(" ,") if titled and titled.title_span else None
    return Cited(tuple(group), ident, type_name, _number(group[0]),
                  next((m.date for m in group if m.date), None), issuer, title or None,
                  max((m.relation for m in group), key=_RANK.__getitem__), exact, resolved,
                  problems)


def text_facts(mentions: list[Mention], groups: list[list[Mention]], text: str,
                g: Grammar) -> dict[int, tuple[RefStatus, int]]:
    """What cited titles say about nested citations: "... sửa đổi, bổ sung ... của Nghị định
    X" (amended by the citing one) or "thay thế X" (superseded)."""
    where = {x.span: i for i, grp in enumerate(groups) for x in grp}
    facts: dict[int, tuple[RefStatus, int]] = {}
    for x in mentions:
        if x.nested_in is None or x.span not in where:
            continue
        parent = mentions[x.nested_in]
        between = text[parent.title_span[0]:x.span[0]] if parent.title_span else ""
        kind = (RefStatus.SUPERSEDED if g.replace.search(between) else
                RefStatus.AMENDED if g.amend.search(between) else None)
        if kind is not None and parent.span in where:
            facts.setdefault(where[x.span], (kind, where[parent.span]))
    return facts


def _timing(kb: KnowledgeBase, reg: Regulation, when: str | None, plan_date: str | None,
            floor: str | None) -> str | None:
    """"before" or "after" the plan's date, or None when it cannot be told."""
    if plan_date:
        if kb.status(reg.full_id, plan_date).status is RefStatus.SUPERSEDED:
            return "before"
        return "after" if when and when > plan_date else None
    return "before" if when and floor and when <= floor else None


def cited_status(c: Cited, kb: KnowledgeBase, plan_date: str | None,
            floor: str | None) -> tuple[RefStatus, str | None, list[tuple[str, str]]]:
    """Status, replacement and (code, message) warnings of one cited document."""
    notes = [("VB401", f"{c.ident.full_id if c.ident else ''}: {'; '.join(c.problems)}"
              + (f"; read as {c.resolved.full_id}" if c.resolved and not c.exact else ""))
             ] if c.problems else []
    reg = c.resolved
    if reg is None:
        return RefStatus.UNKNOWN, None, notes
    if c.date and reg.date and c.date != reg.date:
        notes.append(("VB404", (f"{reg.full_id} is cited as dated {c.date}; the knowledge "
                                f"base has {reg.date}")))
    now = kb.status(reg.full_id)
    if now.status is RefStatus.SUPERSEDED and now.replaced_by:
        later = kb.successors(reg.full_id)[1:]
        now_note = f" (now {later[-1]})" if later else ""
        timing = _timing(kb, reg, now.when, plan_date, floor)
        dated = (f"this plan's date {plan_date}" if plan_date else
                 f"this plan, which cites a document dated {floor}")
        if timing == "before":
            notes.append(("VB402", (f"{reg.full_id} was superseded by {now.replaced_by}"
                                    f"{now_note} on {now.when}, before {dated}")))
        elif timing == "after":
            notes.append(("VB403", (f"{reg.full_id} was current on {dated}; it was superseded "
                                    f"by {now.replaced_by}{now_note} on {now.when}")))
    return now.status, now.replaced_by, notes


def floor_date(cited: list[Cited]) -> str | None:
    """The plan is no older than the newest document it cites."""
    dates = [d for c in cited for d in (c.date, c.exact.date if c.exact else None) if d]
    return max(dates, default=None)
