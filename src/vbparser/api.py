"""The public entry points: ``load`` and ``parse``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from vbparser.config import Config
from vbparser.loaders import DOCUMENT_SUFFIXES, Loaded, load_path, load_string
from vbparser.model import Document
from vbparser.normalize import normalize
from vbparser.pipeline import DEFAULT_STAGES, pipeline_of


def _looks_like_path(value: str) -> bool:
    if "\n" in value or len(value) >= 1024:
        return False
    if value.lower().endswith(DOCUMENT_SUFFIXES):
        return True
    try:
        return Path(value).exists()
    except OSError:  # e.g. a one-line plan longer than a file name may be
        return False


def load(source: str | Path | bytes, config: None | dict[str, Any] | Config = None) -> Document:
    """Load and normalise a document without extracting anything.

    ``source`` is a path (``str`` or ``Path``), raw bytes of a file, or the text itself.
    """
    cfg = Config.resolve(config)
    loaded = _load(source, cfg)
    text, offsets, steps = normalize(loaded.text, cfg.normalize)
    return Document(source=loaded.source, text=text, warnings=loaded.warnings, steps=steps,
                    source_text=loaded.text, offsets=offsets, blocks=loaded.blocks)


def _load(source: str | Path | bytes, config: Config) -> Loaded:
    if isinstance(source, Path):
        return load_path(source, config)
    if isinstance(source, bytes | bytearray):
        from vbparser.loaders import load_bytes

        return load_bytes(bytes(source), config=config)
    if isinstance(source, str):
        return load_path(source, config) if _looks_like_path(source) else load_string(source)
    raise TypeError(f"parse() takes a path, bytes or text, not {type(source).__name__}")


def parse(source: str | Path | bytes, config: None | dict[str, Any] | Config = None) -> Document:
    """Parse one plan: load, normalise, build sections, extract everything.

    >>> doc = parse("KẾ HOẠCH\\nI. MỤC ĐÍCH, YÊU CẦU\\n1. Nâng cao nhận thức.")
    >>> doc.source.format, doc.text.splitlines()[0]
    ('string', 'KẾ HOẠCH')
    """
    cfg = Config.resolve(config)
    doc = load(source, cfg)
    pipeline = pipeline_of(tuple(cfg.stages) if cfg.stages is not None else DEFAULT_STAGES)
    return pipeline(doc, cfg)


def with_warnings(doc: Document, *warnings: Any) -> Document:
    """Return ``doc`` with ``warnings`` appended (a helper for stages)."""
    return replace(doc, warnings=doc.warnings + tuple(warnings))
