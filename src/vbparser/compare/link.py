"""Link plans: which plan implements which (domain.md §3.1, §8 "Pair documents first").

For each document, top level first, the parent is found

1. from its citations: a cited Kế hoạch / Hướng dẫn whose number-symbol, date and issuer
   match a plan of the set ("Thực hiện Kế hoạch số 45-KH/TU ngày 10/8/2023 của Ban
   Thường vụ Tỉnh ủy"); a citation that agrees on the issuer and on one of number or
   date still links (the rules then report the wrong part), an unnumbered one ("Kế
   hoạch của Huyện ủy X") links by issuer alone;
2. else from its issuer hierarchy: the plan of the body named as its upper
   (``meta.issuer.upper``), of the same campaign topic and year.

Plans of two different provinces are never linked; a pair the user forces is taken as
given. A link's ``relation`` tells what the rules may compare: ``implements`` (the upper
is at a higher level), ``guides`` (a Hướng dẫn of the same committee's organ) or
``same_level`` (e.g. the commune People's Committee's plan implementing the commune
Party committee's).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from vbparser.compare.plans import BodyKey, Plan, body_key
from vbparser.kb import id_key
from vbparser.model import Document, LegalRef
from vbparser.normalize.fold import key

IMPLEMENTS, GUIDES, SAME_LEVEL = "implements", "guides", "same_level"


@dataclass(frozen=True, slots=True)
class Link:
    """The lower plan implements the upper plan.

    Attributes:
        lower: index of the lower plan.
        upper: index of the upper plan.
        how: ``citation``, ``issuer`` or ``forced``.
        relation: ``implements``, ``guides`` or ``same_level``.
        ref_id: the lower plan's ``LegalRef.id`` that cites the upper plan, if any.
        number_ok: whether that citation's number-symbol is the upper plan's (None:
            one of them has none).
        date_ok: whether its date is the upper plan's date (None: one is missing).
    """

    lower: int
    upper: int
    how: str
    relation: str
    ref_id: str | None = None
    number_ok: bool | None = None
    date_ok: bool | None = None


@dataclass(frozen=True, slots=True)
class CitationMatch:
    """How well one citation of the lower plan names a candidate upper plan."""

    ref: LegalRef
    issuer_ok: bool | None
    number_ok: bool | None
    date_ok: bool | None

    @property
    def accepted(self) -> bool:
        """Issuer and one of number/date agree (or the citation has neither), or the
        issuer is unknown and both number and date agree."""
        if self.issuer_ok is True:
            return self.number_ok is not False or self.date_ok is not False
        if self.issuer_ok is None:
            return self.number_ok is True and self.date_ok is True
        return False

    @property
    def score(self) -> int:
        return 3 * (self.issuer_ok is True) + 2 * (self.number_ok is True) \
            + 2 * (self.date_ok is True)


def _same(a: str | None, b: str | None, norm: Callable[[str], str] = key) -> bool | None:
    return None if not a or not b else norm(a) == norm(b)


def issuer_matches(cited: BodyKey | None, cand: Plan, lower: Plan) -> bool | None:
    """Whether a cited issuer names ``cand``'s committee.

    A name without its place ("Ban Thường vụ Tỉnh ủy") is read in the lower plan's
    context: the body above it, or the body of its own place ("Đảng ủy xã" cited by the
    People's Committee of the same commune).
    """
    own = cand.committee
    if cited is None or own is None:
        return None
    if cited.proper is not None:
        return cited.full == own.full
    if cited.words != own.words:
        return False
    context = {b.full for b in (lower.upper,) if b is not None}
    if lower.committee is not None and lower.committee.proper:
        context.add(f"{cited.words} {lower.committee.proper}")
    return own.full in context


def match_citation(ref: LegalRef, cand: Plan, lower: Plan) -> CitationMatch | None:
    """Compare one citation with a candidate plan; None if the types differ."""
    if ref.type and cand.doc_type and key(ref.type) != key(cand.doc_type):
        return None
    return CitationMatch(ref, issuer_matches(body_key(ref.issuer), cand, lower),
                         _same(ref.full_id, cand.number_symbol, id_key),
                         _same(ref.date, cand.date, str))


def best_citation(doc: Document, lower: Plan, cand: Plan) -> CitationMatch | None:
    """The lower plan's citation that best names ``cand`` (accepted ones only)."""
    found = [m for ref in doc.legal_refs
             if (m := match_citation(ref, cand, lower)) is not None and m.accepted]
    return max(found, key=lambda m: m.score, default=None)


def _provinces_differ(a: Plan, b: Plan) -> bool:
    return bool(a.province and b.province and key(a.province) != key(b.province))


def relation_of(lower: Plan, upper: Plan) -> str | None:
    """How ``lower`` relates to ``upper``; None if ``upper`` sits below ``lower``."""
    if lower.committee and upper.committee and lower.committee.full == upper.committee.full:
        return GUIDES if lower.kind == "guidance" else SAME_LEVEL
    if lower.rank is None or upper.rank is None or upper.rank < lower.rank:
        return IMPLEMENTS
    return SAME_LEVEL if upper.rank == lower.rank else None


class _Index:
    """Plans by number-symbol key and by committee words, so that each citation is
    compared with the few plans it may name (a batch of 10,000 plans stays fast)."""

    def __init__(self, plans: Sequence[Plan]) -> None:
        self.by_number: dict[str, list[int]] = {}
        self.by_words: dict[str, list[int]] = {}
        for plan in plans:
            if plan.kind == "other":
                continue
            if plan.number_symbol:
                self.by_number.setdefault(id_key(plan.number_symbol), []).append(plan.index)
            if plan.committee is not None:
                self.by_words.setdefault(plan.committee.words, []).append(plan.index)

    def candidates(self, doc: Document) -> list[int]:
        """Indices of the plans one of ``doc``'s citations may name, in order."""
        found: set[int] = set()
        for ref in doc.legal_refs:
            if ref.full_id:
                found.update(self.by_number.get(id_key(ref.full_id), ()))
            cited = body_key(ref.issuer)
            if cited is not None:
                found.update(self.by_words.get(cited.words, ()))
        return sorted(found)


def _by_citation(doc: Document, lower: Plan, plans: Sequence[Plan], index: _Index) -> Link | None:
    best: tuple[tuple[int, int], Link] | None = None
    for i in index.candidates(doc):
        cand = plans[i]
        if cand.index == lower.index or _provinces_differ(lower, cand):
            continue
        relation = relation_of(lower, cand)
        match = best_citation(doc, lower, cand) if relation else None
        if match is None or relation is None:
            continue
        order = (int(cand.kind == "plan"), match.score)
        if best is None or order > best[0]:
            best = (order, Link(lower.index, cand.index, "citation", relation, match.ref.id,
                                match.number_ok, match.date_ok))
    return best[1] if best else None


def _by_issuer(doc: Document, lower: Plan, plans: Sequence[Plan], index: _Index) -> Link | None:
    if lower.upper is None:
        return None
    found = []
    for i in index.by_words.get(lower.upper.words, ()):
        cand = plans[i]
        if cand.index == lower.index or cand.kind != "plan" or cand.committee is None \
                or cand.committee.full != lower.upper.full or _provinces_differ(lower, cand):
            continue
        if lower.year and cand.year and lower.year != cand.year or lower.topic != cand.topic:
            continue
        if lower.date and cand.date and cand.date > lower.date:
            continue
        found.append(cand)
    if not found:
        return None
    cand = max(found, key=lambda p: p.date or "")
    match = best_citation(doc, lower, cand)
    return Link(lower.index, cand.index, "issuer", relation_of(lower, cand) or IMPLEMENTS,
                match.ref.id if match else None, match.number_ok if match else None,
                match.date_ok if match else None)


def forced_link(doc: Document, lower: Plan, upper: Plan) -> Link:
    """The link of a pair the user forced (relation read from the levels when possible)."""
    match = best_citation(doc, lower, upper)
    return Link(lower.index, upper.index, "forced", relation_of(lower, upper) or IMPLEMENTS,
                match.ref.id if match else None, match.number_ok if match else None,
                match.date_ok if match else None)


def _cycle(links: dict[int, Link], new: Link) -> bool:
    """Whether adding ``new`` would make a plan its own ancestor (a forced pair may)."""
    seen, node = {new.lower}, new.upper
    while node in links:
        if node in seen:
            return True
        seen.add(node)
        node = links[node].upper
    return node in seen


def link_plans(docs: Sequence[Document], plans: Sequence[Plan],
               forced: Sequence[tuple[int, int]] = ()) -> tuple[list[Plan], list[Link]]:
    """Find each plan's parent; return the plans (provinces filled in) and the links.

    Args:
        docs: the parsed documents.
        plans: their ``Plan`` nodes, in the same order.
        forced: ``(upper, lower)`` index pairs the user forced; those lower plans get no
            other parent.

    Returns:
        The plans, with the province of a linked plan taken from its parent when its own
        names do not tell, and the links, one per linked lower plan.
    """
    plans = list(plans)
    index = _Index(plans)
    links: dict[int, Link] = {}
    for upper, lower in forced:
        links[lower] = forced_link(docs[lower], plans[lower], plans[upper])
    order = sorted(range(len(plans)), key=lambda i: (plans[i].rank is None,
                                                     plans[i].rank or 0, plans[i].date or ""))
    for i in order:
        if i not in links:
            found = _by_citation(docs[i], plans[i], plans, index) \
                or _by_issuer(docs[i], plans[i], plans, index)
            if found is not None and not _cycle(links, found):
                links[i] = found
        link = links.get(i)
        if link is not None and plans[i].province is None and link.how != "forced":
            plans[i] = replace(plans[i], province=plans[link.upper].province)
    return plans, [links[i] for i in sorted(links)]
