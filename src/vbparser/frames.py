"""pandas DataFrames of a document's entities, built from the one serialiser's dicts."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Any

from vbparser.model import Deadline, Document, LegalRef, Section, Subject, Warning, to_dict

if TYPE_CHECKING:
    import pandas as pd
    from _typeshed import DataclassInstance

# Columns of each frame, in order: entity fields, the span split into span_start/span_end.
ENTITY_TYPES: dict[str, type[DataclassInstance]] = {
    "sections": Section,
    "legal_refs": LegalRef,
    "deadlines": Deadline,
    "subjects": Subject,
    "warnings": Warning,
}


def _columns(cls: type[DataclassInstance]) -> list[str]:
    cols = ["doc_id"]
    for name in (f.name for f in fields(cls)):
        if name == "span":
            cols += ["span_start", "span_end"]
        else:
            cols.append(name)
    return cols


def _row(doc_id: str, item: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {"doc_id": doc_id}
    for name, value in item.items():
        if name == "span":
            row["span_start"], row["span_end"] = (value or (None, None))
        elif isinstance(value, list):
            row[name] = tuple(tuple(v) if isinstance(v, list) else v for v in value)
        else:
            row[name] = value
    return row


def document_frames(doc: Document) -> dict[str, pd.DataFrame]:
    """One DataFrame per entity type; empty frames keep their columns."""
    import pandas as pd

    doc_id = doc.source.sha256[:16]
    frames = {}
    for name, cls in ENTITY_TYPES.items():
        rows = [_row(doc_id, to_dict(item)) for item in getattr(doc, name)]
        frames[name] = pd.DataFrame(rows, columns=_columns(cls))
    return frames
