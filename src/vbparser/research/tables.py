"""Corpus-wide pandas tables, built from each Document's ``to_frames`` (the one serialiser).

Every entity table (sections, legal_refs, deadlines, subjects, warnings) has one row per
item: the item's own columns as in ``Document.to_frames`` (spans as ``span_start`` and
``span_end``), preceded by the plan it comes from — ``doc_id`` (the first 16 hex digits of
the source's sha256, as in the store), ``doc_name``, ``doc_issuer``, ``doc_level`` and
``doc_date``. The ``doc_`` prefix keeps them apart from the item's own ``issuer`` (of a
cited document) and ``level`` (of a deadline or subject).

Types, the same whatever pandas infers from the data (an empty corpus included): dates
(``date``, ``due``, ``start``, ``doc_date``) are ``datetime64[ns]`` (NaT when unknown or
only partial: ``stated`` keeps "2023-11" as text); counts and offsets are nullable
``Int64``; flags are ``bool``; lists stay tuples (``object``); everything else is the
nullable ``string`` dtype.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vbparser.model import Document, Source

if TYPE_CHECKING:
    import pandas as pd

ENTITY_TABLES = ("sections", "legal_refs", "deadlines", "subjects", "warnings")
DOC_COLUMNS = ("doc_id", "doc_name", "doc_issuer", "doc_level", "doc_date")
DATE_COLUMNS = frozenset({"date", "due", "start", "doc_date"})
INT_COLUMNS = frozenset({"span_start", "span_end", "depth", "year", "chars", "n_mentions",
                         "n_sections", "n_legal_refs", "n_deadlines", "n_subjects",
                         "n_warnings"})
BOOL_COLUMNS = frozenset({"year_inferred", "superseded_at_date"})
TUPLE_COLUMNS = frozenset({"path", "mentions", "warnings", "exclusions", "inclusions"})
# A reference whose document was superseded on or before the plan's date (citations.py).
SUPERSEDED_BEFORE_PLAN = "VB402"


def doc_id(doc: Document) -> str:
    """The document's id in every table: the first 16 hex digits of its sha256."""
    return doc.source.sha256[:16]


def doc_name(doc: Document) -> str:
    """A short readable name: the file's stem, or the id for a document without a path.

    >>> import vbparser
    >>> doc_name(vbparser.parse("KẾ HOẠCH")) == doc_id(vbparser.parse("KẾ HOẠCH"))
    True
    """
    path = doc.source.path
    return Path(path.split("!")[-1]).stem if path else doc_id(doc)


def documents_table(docs: Sequence[Document]) -> pd.DataFrame:
    """One row per plan: metadata, counts of what was extracted, the date as datetime64."""
    import pandas as pd

    rows = [_document_row(doc) for doc in docs]
    columns = list(_document_row(_EMPTY).keys())
    return coerce(pd.DataFrame(rows, columns=columns), tuple_columns=frozenset())


def _document_row(doc: Document) -> dict[str, Any]:
    meta, issuer = doc.meta, doc.meta.issuer
    return {
        "doc_id": doc_id(doc), "name": doc_name(doc), "path": doc.source.path,
        "format": doc.source.format, "doc_type": meta.doc_type,
        "number_symbol": meta.number_symbol, "issuer": issuer.name, "issuer_code": issuer.code,
        "level": _value(issuer.level), "upper": issuer.upper, "place": meta.place,
        "date": meta.date, "year": meta.year, "title": meta.title,
        "signer_position": meta.signer.position if meta.signer else None,
        "chars": len(doc.text), "n_sections": len(doc.sections),
        "n_legal_refs": len(doc.legal_refs), "n_deadlines": len(doc.deadlines),
        "n_subjects": len(doc.subjects), "n_warnings": len(doc.warnings),
    }


def _value(member: Any) -> Any:
    return getattr(member, "value", member)


def entity_tables(docs: Sequence[Document]) -> dict[str, pd.DataFrame]:
    """One table per entity type over all ``docs`` (see the module docstring)."""
    import pandas as pd

    per_doc = [(doc, doc.to_frames()) for doc in docs]
    empty = _EMPTY.to_frames()
    tables = {}
    for name in ENTITY_TABLES:
        parts = [_with_doc(doc, frames[name]) for doc, frames in per_doc if len(frames[name])]
        if parts:
            with warnings.catch_warnings():
                # pandas 2.x warns that all-NA columns will stop deciding dtypes in concat;
                # ``coerce`` sets every dtype explicitly afterwards.
                warnings.simplefilter("ignore", FutureWarning)
                table = pd.concat(parts, ignore_index=True)
        else:
            table = _with_doc(_EMPTY, empty[name])
        tables[name] = coerce(_extra_columns(name, table))
    return tables


def _with_doc(doc: Document, frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.drop(columns="doc_id")
    values = (doc_id(doc), doc_name(doc), doc.meta.issuer.name,
              _value(doc.meta.issuer.level), doc.meta.date)
    for position, (column, value) in enumerate(zip(DOC_COLUMNS, values, strict=True)):
        frame.insert(position, column, [value] * len(frame))
    return frame


def _extra_columns(name: str, table: pd.DataFrame) -> pd.DataFrame:
    """Legal references get the span of their first mention and two derived columns."""
    if name != "legal_refs":
        return table
    mentions = table["mentions"]
    table["span_start"] = [m[0][0] if m else None for m in mentions]
    table["span_end"] = [m[0][1] if m else None for m in mentions]
    table["n_mentions"] = [len(m) for m in mentions]
    table["superseded_at_date"] = [SUPERSEDED_BEFORE_PLAN in (w or ()) for w in table["warnings"]]
    return table


def coerce(table: pd.DataFrame,
           tuple_columns: frozenset[str] = TUPLE_COLUMNS) -> pd.DataFrame:
    """Give every column its dtype by name (see the module docstring).

    ``tuple_columns`` hold tuples, kept as objects (a section's ``path``; the documents
    table's ``path`` is the file's path, a string).
    """
    import pandas as pd

    for column in table.columns:
        values = table[column]
        if column in DATE_COLUMNS:
            parsed = pd.to_datetime(values.astype("string"), format="%Y-%m-%d", errors="coerce")
            table[column] = parsed.astype("datetime64[ns]")
        elif column in INT_COLUMNS:
            table[column] = pd.to_numeric(values).astype("Int64")
        elif column in BOOL_COLUMNS:
            table[column] = values.astype("boolean").fillna(False).astype(bool)
        elif column in tuple_columns:
            table[column] = values.astype(object)
        else:
            table[column] = values.astype("string")
    return table


_EMPTY = Document(source=Source(path=None, format="string", sha256=""), text="")
