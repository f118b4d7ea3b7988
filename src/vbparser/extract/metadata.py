"""Placeholder until its issue lands: returns the document unchanged."""

from __future__ import annotations

from vbparser.config import Config
from vbparser.model import Document


def extract_meta(doc: Document, config: Config) -> Document:
    """Return ``doc`` unchanged (not implemented yet)."""
    return doc
