"""What linking needs to know about each plan: level, issuing committee, jurisdiction.

Everything here is read from a parsed ``Document``'s entities (``meta``, ``legal_refs``):
body names are matched with ``extract.bodies.find_bodies`` on those entity strings, never
on the document's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from vbparser.extract.bodies import Body, find_bodies
from vbparser.model import Document, Level
from vbparser.normalize.fold import key

LEVEL_RANK = {level: rank for rank, level in enumerate(Level)}  # central = 0
_PLAN_TYPES = {key("Kế hoạch"): "plan", key("Kế hoạch liên tịch"): "plan",
               key("Hướng dẫn"): "guidance"}


def doc_id(doc: Document) -> str:
    """The id of a document: the first 16 hex digits of its sha256 (as in the store)."""
    return doc.source.sha256[:16]


@dataclass(frozen=True, slots=True)
class BodyKey:
    """A body reduced to comparison keys: its words ("huyện ủy") and its proper name."""

    words: str
    proper: str | None
    name: str
    level: Level | None

    @property
    def full(self) -> str:
        """Key of the whole name ("huyện ủy đông lâm")."""
        return f"{self.words} {self.proper}" if self.proper else self.words


@lru_cache(maxsize=4096)
def body_key(name: str | None) -> BodyKey | None:
    """The committee a body name stands for ("Ban Thường vụ Huyện ủy X" → Huyện ủy X).

    >>> body_key("Ban Thường vụ Huyện uỷ Đông Lâm").full
    'huyện ủy đông lâm'
    >>> body_key("Ban Tổ chức Tỉnh ủy").proper is None
    True
    """
    if not name:
        return None
    bodies = find_bodies(name)
    if not bodies:
        return None
    body: Body = bodies[0]
    words = body.entry.get("committee") or body.words
    level = body.entry.get("level")
    return BodyKey(key(words), key(body.proper) if body.proper else None, body.committee,
                   Level(level) if level else None)


def _province_of(name: str | None) -> str | None:
    """The province a province-level territorial body names ("Tỉnh ủy Hà Nguyên")."""
    for body in find_bodies(name or ""):
        if body.entry.get("level") == "province" and body.entry.get("territorial") \
                and body.proper:
            return body.proper
    return None


@dataclass(frozen=True, slots=True)
class Plan:
    """One document as a node of the plan hierarchy.

    Attributes:
        index: position in the list given to ``compare``.
        doc_id: the document's id.
        path: its source path.
        label: how to name it: the number-symbol, else the issuer.
        number_symbol: the number-symbol, if it has one.
        kind: ``plan`` (Kế hoạch), ``guidance`` (Hướng dẫn) or ``other``.
        level: the issuer's level.
        committee: the issuing committee ("Huyện ủy Đông Lâm" for its Ban Thường vụ).
        upper: the body directly above the issuer.
        province: the province the plan belongs to, when its names tell.
        date: the issue date (ISO) or None.
        year: the year the plan covers.
        topic: whether the title is about the annual review campaign.
    """

    index: int
    doc_id: str
    path: str | None
    label: str
    number_symbol: str | None
    kind: str
    doc_type: str | None
    level: Level | None
    issuer: str | None
    committee: BodyKey | None
    upper: BodyKey | None
    province: str | None
    date: str | None
    year: int | None
    topic: bool

    @property
    def rank(self) -> int | None:
        """Rank of the level from the top (central = 0)."""
        return LEVEL_RANK.get(self.level) if self.level is not None else None


def describe(index: int, doc: Document, topic_words: tuple[str, ...]) -> Plan:
    """Build the ``Plan`` node of ``doc``."""
    meta = doc.meta
    issuer = meta.issuer
    kind = _PLAN_TYPES.get(key(meta.doc_type or ""), "other")
    label = meta.number_symbol or f"{meta.doc_type or 'document'} ({issuer.name or 'no issuer'})"
    province = _province_of(issuer.name) or _province_of(issuer.upper)
    if province is None and issuer.level == Level.PROVINCE and meta.place:
        province = meta.place
    title = key(meta.title or "")
    return Plan(index=index, doc_id=doc_id(doc), path=doc.source.path, label=label,
                number_symbol=meta.number_symbol, kind=kind,
                doc_type=meta.doc_type, level=issuer.level, issuer=issuer.name,
                committee=body_key(issuer.name), upper=body_key(issuer.upper),
                province=province, date=meta.date, year=meta.year,
                topic=any(key(w) in title for w in topic_words))
