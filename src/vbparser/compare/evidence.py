"""Quotes for findings: the text and span of the entities a rule compared.

Entities with spans (legal references, deadlines, subjects, recipients) are quoted from
their spans. The header fields of ``Meta`` (issuer, upper body, number, date) carry no
span, so for them the header is searched for the value already extracted — the quote
only shows where the value stands; no value is ever read back from these quotes.
"""

from __future__ import annotations

import re

from vbparser.compare.findings import Evidence
from vbparser.compare.plans import body_key, doc_id
from vbparser.extract.bodies import find_bodies
from vbparser.kb import ID_RE, id_key, identifier_from_match
from vbparser.model import Deadline, Document, LegalRef, Recipient, Subject
from vbparser.spans import Span

_HEADER_MAX = 1500  # characters: a header longer than this is not a header


def quote(doc: Document, span: Span | None) -> Evidence | None:
    """The evidence of ``span`` in ``doc`` (None if there is no span)."""
    if span is None or span[0] >= span[1]:
        return None
    return Evidence(doc_id(doc), doc.text[span[0]:span[1]], (span[0], span[1]))


def of_ref(doc: Document, ref: LegalRef) -> Evidence | None:
    """The first mention of a cited document."""
    return quote(doc, ref.mentions[0]) if ref.mentions else None


def of_deadline(doc: Document, deadline: Deadline) -> Evidence | None:
    """The deadline's expression ("trước ngày 15/12/2023")."""
    return quote(doc, deadline.span)


def of_subject(doc: Document, subject: Subject) -> Evidence | None:
    """The subject as the plan lists it."""
    return quote(doc, subject.span)


def of_subjects(doc: Document, subjects: list[Subject]) -> Evidence | None:
    """The stretch of text from the first to the last of ``subjects`` (a list)."""
    if not subjects:
        return None
    return quote(doc, (min(s.span[0] for s in subjects), max(s.span[1] for s in subjects)))


def of_recipient(doc: Document, recipient: Recipient) -> Evidence | None:
    """A line of the recipients list (Nơi nhận)."""
    return quote(doc, recipient.span)


def header_end(doc: Document) -> int:
    """Where the header ends: at the first section, citation or deadline."""
    starts = [s.span[0] for s in doc.sections[:1]]
    starts += [r.mentions[0][0] for r in doc.legal_refs if r.mentions]
    starts += [d.span[0] for d in doc.deadlines[:1]]
    return min([*starts, _HEADER_MAX, len(doc.text)])


def of_header_body(doc: Document, name: str | None) -> Evidence | None:
    """Where the header names the body ``name`` (the issuer or the body above it)."""
    wanted = body_key(name)
    if wanted is None:
        return None
    for body in find_bodies(doc.text, 0, header_end(doc)):
        found = body_key(body.name)
        if found is not None and found.full == wanted.full:
            return quote(doc, body.span)
    return None


def of_number(doc: Document) -> Evidence | None:
    """The number line of the header ("Số 12-KH/TU")."""
    wanted = doc.meta.number_symbol
    if not wanted:
        return None
    for match in ID_RE.finditer(doc.text, 0, header_end(doc)):
        ident = identifier_from_match(match, doc.text)
        if ident is not None and id_key(ident.full_id) == id_key(wanted):
            word = _NUMBER_WORD.search(doc.text, max(0, match.start() - 8), match.start())
            return quote(doc, (word.start() if word else match.start(), match.end()))
    return None


_NUMBER_WORD = re.compile(r"Số\s*:?\s*$", re.IGNORECASE)
_COLUMN_GAP = re.compile(r"\s{2,}|\t")


def of_date(doc: Document) -> Evidence | None:
    """The place-and-date line of the header ("Quảng Tân, ngày 19 tháng 11 năm 2025")."""
    if not doc.meta.date:
        return None
    year, month, day = (int(p) for p in doc.meta.date.split("-"))
    pattern = re.compile(rf"ngày\s+0?{day}\s+tháng\s+0?{month}\s+năm\s+{year}", re.IGNORECASE)
    match = pattern.search(doc.text, 0, max(header_end(doc), 1))
    if match is None:
        return None
    start = doc.text.rfind("\n", 0, match.start()) + 1
    gaps = list(_COLUMN_GAP.finditer(doc.text, start, match.start()))
    if gaps:  # "Số: 45/KH-UBND       Đông Lâm, ngày ...": the other column comes first
        start = gaps[-1].end()
    return quote(doc, (start, match.end()))
