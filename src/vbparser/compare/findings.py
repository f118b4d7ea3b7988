"""Findings of the consistency rules and the pandas table built from them.

A ``Finding`` is one problem a rule found: which rule, how severe, a message, and the
evidence — quotes with their spans — from the lower plan and from the upper plan it was
checked against. ``FindingsBuilder`` collects findings and returns the ``Findings`` table
(a pandas DataFrame, one row per finding, columns ``COLUMNS``). ``to_store_frame`` projects
that table onto the ``findings`` table of the DuckDB store (``store.py``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from vbparser.spans import Span

if TYPE_CHECKING:
    import pandas as pd


class Severity(StrEnum):
    """How bad a finding is: ``error`` fails ``vbparser check`` (exit code 1)."""

    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTICE: 2}


@dataclass(frozen=True, slots=True)
class Evidence:
    """A quote from one plan: ``quote == doc.text[span[0]:span[1]]``.

    Attributes:
        doc_id: the document's id (first 16 hex digits of its sha256).
        quote: the quoted text.
        span: ``[start, end)`` in the document's normalised ``text``.
    """

    doc_id: str
    quote: str
    span: Span

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form: ``{"doc_id", "quote", "span": [s, e]}``."""
        return {"doc_id": self.doc_id, "quote": self.quote, "span": list(self.span)}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found by a rule.

    Attributes:
        rule: the rule id ("deadline-after-upper").
        severity: error, warning or notice.
        family: the kind of inconsistency (the manifest ``kind`` for planted ones).
        message: one readable sentence, in English, with the values compared.
        lower_doc: id of the plan the finding is about.
        lower_path: its source path.
        upper_doc: id of the upper plan it was checked against (None for one-plan rules).
        upper_path: the upper plan's source path.
        lower: the main quote from the lower plan.
        upper: the quote from the upper plan.
        also: more quotes from the lower plan (other places with the same problem).
        details: the compared values, JSON-safe ("lower_due", "upper_due"...).
        link: how the two plans were paired ("citation", "issuer", "forced").
    """

    rule: str
    severity: Severity
    family: str
    message: str
    lower_doc: str
    lower_path: str | None = None
    upper_doc: str | None = None
    upper_path: str | None = None
    lower: Evidence | None = None
    upper: Evidence | None = None
    also: tuple[Evidence, ...] = ()
    details: tuple[tuple[str, Any], ...] = ()
    link: str | None = None
    upper_label: str | None = field(default=None, compare=False)
    lower_label: str | None = field(default=None, compare=False)

    @property
    def finding_id(self) -> str:
        """A stable id: the same finding on the same documents gets the same id."""
        spans = [e.span for e in (self.lower, self.upper) if e is not None]
        raw = json.dumps([self.rule, self.lower_doc, self.upper_doc, spans, self.message],
                         ensure_ascii=False)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]

    def evidence(self) -> list[Evidence]:
        """Every quote of the finding: lower, upper, then the others."""
        return [e for e in (self.lower, self.upper, *self.also) if e is not None]

    def to_row(self) -> dict[str, Any]:
        """The finding as one row of the ``Findings`` table (see ``COLUMNS``)."""
        low, up = self.lower, self.upper
        return {
            "finding_id": self.finding_id, "rule": self.rule, "severity": str(self.severity),
            "family": self.family, "message": self.message,
            "lower_doc": self.lower_doc, "lower_path": self.lower_path,
            "lower_label": self.lower_label,
            "upper_doc": self.upper_doc, "upper_path": self.upper_path,
            "upper_label": self.upper_label,
            "lower_quote": low.quote if low else None, "lower_span": low.span if low else None,
            "upper_quote": up.quote if up else None, "upper_span": up.span if up else None,
            "also": json.dumps([e.to_dict() for e in self.also], ensure_ascii=False),
            "details": json.dumps(dict(self.details), ensure_ascii=False, default=str),
            "link": self.link,
        }


COLUMNS: tuple[str, ...] = (
    "finding_id", "rule", "severity", "family", "message",
    "lower_doc", "lower_path", "lower_label", "upper_doc", "upper_path", "upper_label",
    "lower_quote", "lower_span", "upper_quote", "upper_span", "also", "details", "link",
)


def details(**values: Any) -> tuple[tuple[str, Any], ...]:
    """Freeze keyword values for ``Finding.details`` (None values dropped).

    >>> details(lower_due="2023-12-18", upper_due=None)
    (('lower_due', '2023-12-18'),)
    """
    return tuple((k, v) for k, v in values.items() if v is not None)


class FindingsBuilder:
    """Collects findings (dropping exact duplicates) and builds the ``Findings`` table."""

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self.items: list[Finding] = []

    def add(self, finding: Finding) -> None:
        """Add one finding unless an identical one is already there."""
        if finding.finding_id not in self._seen:
            self._seen.add(finding.finding_id)
            self.items.append(finding)

    def extend(self, findings: Iterable[Finding]) -> None:
        """Add several findings."""
        for finding in findings:
            self.add(finding)

    def sorted(self) -> list[Finding]:
        """Findings by severity, then lower plan, rule and position."""
        def order(f: Finding) -> tuple[Any, ...]:
            pos = f.lower.span[0] if f.lower else -1
            return (SEVERITY_ORDER[f.severity], f.lower_path or f.lower_doc, f.rule, pos)

        return sorted(self.items, key=order)

    def frame(self, attrs: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Return the ``Findings`` DataFrame (``COLUMNS``), with ``attrs`` attached."""
        import pandas as pd

        # dtype=object keeps None (not NaN) for missing values and tuples for spans.
        df = pd.DataFrame([f.to_row() for f in self.sorted()], columns=list(COLUMNS),
                          dtype=object)
        df.attrs.update(attrs or {})
        return df


STORE_COLUMNS: tuple[str, ...] = ("finding_id", "rule", "severity", "doc_id", "other_doc_id",
                                  "message", "evidence", "span_start", "span_end")


def to_store_frame(findings: pd.DataFrame) -> pd.DataFrame:
    """Project a ``Findings`` table onto the store's ``findings`` table columns.

    ``evidence`` is a JSON list of ``{"doc_id", "span", "quote"}`` (lower quote, upper
    quote, then the others); ``span_start``/``span_end`` are the lower quote's span.
    """
    import pandas as pd

    rows = []
    for row in findings.to_dict("records"):
        quotes = [{"doc_id": d, "span": list(s), "quote": q}
                  for d, q, s in ((row["lower_doc"], row["lower_quote"], row["lower_span"]),
                                  (row["upper_doc"], row["upper_quote"], row["upper_span"]))
                  if isinstance(q, str) and isinstance(s, tuple | list)]
        quotes += json.loads(row["also"] or "[]")
        span = row["lower_span"] if isinstance(row["lower_span"], tuple | list) else (None, None)
        rows.append({"finding_id": row["finding_id"], "rule": row["rule"],
                     "severity": row["severity"], "doc_id": row["lower_doc"],
                     "other_doc_id": row["upper_doc"] if isinstance(row["upper_doc"], str)
                     else None, "message": row["message"],
                     "evidence": json.dumps(quotes, ensure_ascii=False),
                     "span_start": span[0], "span_end": span[1]})
    frame = pd.DataFrame(rows, columns=list(STORE_COLUMNS))
    return frame.astype({"span_start": "Int64", "span_end": "Int64"})
