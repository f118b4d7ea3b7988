"""The document model: what ``vbparser.parse`` returns and what ``to_json`` prints.

Why frozen standard-library dataclasses rather than pydantic models: the pipeline
creates thousands of small entities per document and the text pipeline has a budget of
20 ms for a 10,000-character plan, so entities must cost no more than a tuple to build;
stages hand results on with ``dataclasses.replace`` and never mutate them. Validation
belongs at the edges, where pydantic does it well: ``schema.py`` derives the JSON Schema
of ``Document`` from these same classes with ``pydantic.TypeAdapter``, and the tests
validate every emitted document against it. Field names are the contract of
``design.md``; new fields may be added, none renamed.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field, fields, is_dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from vbparser.spans import OffsetMap, Span

if TYPE_CHECKING:
    import pandas as pd
    from _typeshed import DataclassInstance

SCHEMA_VERSION = "1"


class Level(StrEnum):
    """Administrative level of an issuer or of the bodies a rule applies to."""

    CENTRAL = "central"
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"
    BRANCH = "branch"


class SectionRole(StrEnum):
    """What a top-level section is for, read from its title."""

    PURPOSE = "purpose"
    CONTENT = "content"
    SUBJECTS = "subjects"
    CRITERIA = "criteria"
    SCHEDULE = "schedule"
    ORGANISATION = "organisation"
    RECIPIENTS = "recipients"
    OTHER = "other"


class Relation(StrEnum):
    """How a plan relates to a document it cites."""

    BASIS = "basis"
    AMENDS = "amends"
    MENTION = "mention"


class RefStatus(StrEnum):
    """Status of a cited document relative to the citing plan's date."""

    CURRENT = "current"
    SUPERSEDED = "superseded"
    AMENDED = "amended"
    UNKNOWN = "unknown"


class Granularity(StrEnum):
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class Bound(StrEnum):
    BEFORE = "before"
    BY = "by"
    WITHIN = "within"
    RANGE = "range"
    ON = "on"
    RECURRING = "recurring"


class Purpose(StrEnum):
    REVIEW = "review"
    ASSESSMENT = "assessment"
    BOTH = "both"


class SubjectCategory(StrEnum):
    COLLECTIVE = "collective"
    INDIVIDUAL = "individual"
    PARTY_ORG = "party_org"
    CONDITION = "condition"


class RecipientPurpose(StrEnum):
    REPORT = "report"
    ACTION = "action"
    ARCHIVE = "archive"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a document came from."""

    path: str | None
    format: str  # txt | md | docx | pdf | html | string
    sha256: str
    pages: int | None = None
    encoding: str | None = None


@dataclass(frozen=True, slots=True)
class Issuer:
    """The body that issued the plan; ``span`` is where its name is read (the header
    line, else the sentence "<X> ban hành Kế hoạch"), its organ included when named
    there ("Ban Thường vụ Tỉnh uỷ")."""

    name: str | None = None
    code: str | None = None
    level: Level | None = None
    upper: str | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Signer:
    """The signature block; ``span`` is where the signer's name is read (else the
    position or authority line: a two-column closing interleaves the recipients, so a
    span over the whole block would take them in)."""

    authority: str | None = None
    position: str | None = None
    name: str | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Recipient:
    name: str
    purpose: RecipientPurpose | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class MetaSpans:
    """Where the single-valued fields of ``Meta`` are read in ``Document.text``.

    None when the field is null or not read from one place of the text (a year taken
    from the title keeps the title's span). The issuer, the signer and each recipient
    carry their own ``span``.
    """

    doc_type: Span | None = None  # the type line ("KẾ HOẠCH"), else the word that names it
    number_symbol: Span | None = None  # "210-KH/TU", without the word "Số"
    place: Span | None = None
    date: Span | None = None  # "ngày 02 tháng 8 năm 2023"
    title: Span | None = None  # the trích yếu, over its lines


@dataclass(frozen=True, slots=True)
class Meta:
    """Header and signature data (``design.md`` ``meta``)."""

    doc_type: str | None = None
    number: str | None = None
    symbol: str | None = None
    number_symbol: str | None = None
    issuer: Issuer = field(default_factory=Issuer)
    place: str | None = None
    date: str | None = None
    year: int | None = None
    title: str | None = None
    signer: Signer | None = None
    recipients: tuple[Recipient, ...] = ()
    spans: MetaSpans = field(default_factory=MetaSpans)


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered part of the body; ``span`` covers label, title and body."""

    id: str
    parent: str | None
    path: tuple[str, ...]
    label: str
    title: str | None
    depth: int
    role: SectionRole | None
    span: Span


@dataclass(frozen=True, slots=True)
class LegalRef:
    """One distinct cited document with all its mentions."""

    id: str
    type: str | None
    number: str | None
    symbol: str | None
    full_id: str | None
    date: str | None
    issuer: str | None
    title: str | None
    relation: Relation
    mentions: tuple[Span, ...]
    section: str | None
    status: RefStatus = RefStatus.UNKNOWN
    replaced_by: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Deadline:
    """A time by which something must be done."""

    expr: str
    stated: str
    granularity: Granularity
    bound: Bound
    due: str | None
    start: str | None
    year_inferred: bool
    actor: str | None
    action: str | None
    level: Level | None
    section: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class Subject:
    """A collective or individual the plan reviews or assesses."""

    text: str
    purpose: Purpose
    category: SubjectCategory
    kind: str | None
    level: Level | None
    exclusions: tuple[str, ...]
    inclusions: tuple[str, ...]
    refers_to: str | None
    section: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class Warning:
    """A problem found in a document (not an exception)."""

    code: str
    message: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed plan. Every span indexes ``text``.

    ``source_text`` is the text the loader produced (decoded, before normalisation) and
    ``offsets`` maps positions in ``text`` back to it; ``blocks`` gives, for each line of
    ``source_text``, where it came from (page, paragraph, bold).
    """

    source: Source
    text: str
    meta: Meta = field(default_factory=Meta)
    sections: tuple[Section, ...] = ()
    legal_refs: tuple[LegalRef, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    subjects: tuple[Subject, ...] = ()
    warnings: tuple[Warning, ...] = ()
    steps: tuple[str, ...] = ()
    source_text: str = field(default="", repr=False, compare=False)
    offsets: OffsetMap | None = field(default=None, repr=False, compare=False)
    blocks: tuple[Block, ...] = field(default=(), repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe dict of ``design.md`` (schema_version "1")."""
        return _fields_dict(self)

    def to_json(self, indent: int | None = 1) -> str:
        """Serialise to the JSON of ``design.md``; non-ASCII is kept as is."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_frames(self) -> dict[str, pd.DataFrame]:
        """Return one pandas DataFrame per entity type (see ``frames.py``)."""
        from vbparser.frames import document_frames

        return document_frames(self)

    def source_span(self, span: Span) -> Span:
        """Map a span of ``text`` to the span of ``source_text`` it came from.

        The end is extended over combining marks, so that a letter composed by NFC
        ("ở" from "ơ" + U+0309) maps to its whole source cluster.
        """
        if self.offsets is None:
            return span
        start, end = self.offsets.span_to_source(span)
        src = self.source_text
        while end < len(src) and unicodedata.combining(src[end]):
            end += 1
        return start, end

    def block_at(self, span: Span) -> Block | None:
        """Return the loader block (line, paragraph or page line) a span starts in."""
        pos = self.source_span(span)[0]
        lo, hi = 0, len(self.blocks) - 1
        found = None
        while lo <= hi:
            mid = (lo + hi) // 2
            if self.blocks[mid].start <= pos:
                found = self.blocks[mid]
                lo = mid + 1
            else:
                hi = mid - 1
        return found


@dataclass(frozen=True, slots=True)
class Block:
    """Provenance of one line of the loader's text."""

    start: int
    end: int
    page: int | None = None
    paragraph: int | None = None
    line: int | None = None
    bold: bool = False
    style: str | None = None


_INTERNAL_FIELDS = frozenset({"source_text", "offsets", "blocks"})


def to_dict(obj: Any) -> Any:
    """Serialise model objects to JSON-safe values: the one serialiser of vbparser.

    >>> to_dict(Warning("VB501", "impossible date", (3, 13)))
    {'code': 'VB501', 'message': 'impossible date', 'span': [3, 13]}
    """
    if is_dataclass(obj) and not isinstance(obj, type):
        return _fields_dict(obj)
    if isinstance(obj, StrEnum):
        return obj.value
    if isinstance(obj, tuple | list):
        return [to_dict(v) for v in obj]
    return obj


def _fields_dict(obj: DataclassInstance) -> dict[str, Any]:
    """Serialise the public fields of a dataclass instance (``to_dict`` of one object)."""
    out: dict[str, Any] = {}
    if isinstance(obj, Document):
        out["schema_version"] = SCHEMA_VERSION
    for f in fields(obj):
        if f.name in _INTERNAL_FIELDS:
            continue
        out[f.name] = to_dict(getattr(obj, f.name))
    return out
