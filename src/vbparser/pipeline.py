"""The per-document pipeline: stages with declared requirements, run in order.

Each stage is a plain function ``Document -> Document`` that returns a new document
(``dataclasses.replace``) and declares which fields it needs and which it assigns.
``Pipeline`` checks at construction that every requirement is assigned by an earlier
stage. All stages are registered here, in one module.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from vbparser.config import Config
from vbparser.errors import ConfigError
from vbparser.model import Document

StageFn = Callable[[Document, Config], Document]


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    fn: StageFn
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


def _structure(doc: Document, config: Config) -> Document:
    from vbparser.structure import build_sections

    return build_sections(doc, config)


def _meta(doc: Document, config: Config) -> Document:
    from vbparser.extract.metadata import extract_meta

    return extract_meta(doc, config)


def _legal_refs(doc: Document, config: Config) -> Document:
    from vbparser.extract.citations import extract_legal_refs

    return extract_legal_refs(doc, config)


def _deadlines(doc: Document, config: Config) -> Document:
    from vbparser.extract.deadlines import extract_deadlines

    return extract_deadlines(doc, config)


def _subjects(doc: Document, config: Config) -> Document:
    from vbparser.extract.subjects import extract_subjects

    return extract_subjects(doc, config)


STAGES: dict[str, Stage] = {
    s.name: s
    for s in (
        Stage("structure", _structure, ("text",), ("sections", "warnings")),
        Stage("meta", _meta, ("text", "sections"), ("meta", "warnings")),
        Stage("legal_refs", _legal_refs, ("text", "sections", "meta"), ("legal_refs", "warnings")),
        Stage("deadlines", _deadlines, ("text", "sections", "meta"), ("deadlines", "warnings")),
        Stage("subjects", _subjects, ("text", "sections", "meta"), ("subjects", "warnings")),
    )
}
DEFAULT_STAGES: tuple[str, ...] = tuple(STAGES)


class Pipeline:
    """An ordered, validated list of stages."""

    def __init__(self, names: Sequence[str] = DEFAULT_STAGES) -> None:
        unknown = [n for n in names if n not in STAGES]
        if unknown:
            raise ConfigError(
                f"unknown stage(s) {', '.join(unknown)}; known stages: {', '.join(STAGES)}")
        assigned = {"text", "source"}
        for name in names:
            missing = [r for r in STAGES[name].requires if r not in assigned]
            if missing:
                raise ConfigError(f"stage {name!r} needs {', '.join(missing)}, "
                                  "which no earlier stage assigns")
            assigned.update(STAGES[name].assigns)
        self.stages = tuple(STAGES[n] for n in names)

    def __call__(self, doc: Document, config: Config) -> Document:
        for stage in self.stages:
            result = stage.fn(doc, config)
            if not isinstance(result, Document):
                raise TypeError(f"stage {stage.name!r} returned {type(result).__name__}, "
                                "not a Document")
            doc = result
        return doc


@cache
def pipeline_of(names: tuple[str, ...]) -> Pipeline:
    """The ``Pipeline`` of ``names``, checked once and then shared by every document.

    >>> pipeline_of(DEFAULT_STAGES) is pipeline_of(tuple(STAGES))
    True
    """
    return Pipeline(names)
