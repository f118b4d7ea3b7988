"""Subjects as the rules compare them: by kind, per purpose and level (domain.md §6)."""

from __future__ import annotations

from collections.abc import Mapping

from vbparser.model import Document, Level, Purpose, Subject, SubjectCategory
from vbparser.normalize.fold import key

PURPOSES = (Purpose.REVIEW, Purpose.ASSESSMENT)


def serves(subject: Subject, purpose: Purpose) -> bool:
    """Whether a subject is listed for ``purpose`` (review, assessment or both)."""
    return subject.purpose in (purpose, Purpose.BOTH)


def required(upper: Document, level: Level, purpose: Purpose) -> list[Subject]:
    """The upper plan's subjects for ``purpose`` that it places at ``level``."""
    return [s for s in upper.subjects if s.level == level and s.kind and serves(s, purpose)]


def own(lower: Document, level: Level | None, purpose: Purpose) -> list[Subject]:
    """The lower plan's subjects for ``purpose`` at its own level (untagged ones count),
    with the subjects a pointer ("các tập thể nêu tại điểm 1.1") refers to."""
    out = [s for s in lower.subjects if s.level in (None, level) and serves(s, purpose)]
    for pointer in [s for s in out if s.refers_to]:
        out += [s for s in lower.subjects
                if s.section and (s.section == pointer.refers_to
                                  or s.section.startswith(f"{pointer.refers_to}/"))]
    return out


def covered(kind: str, kinds: set[str], equivalents: Mapping[str, tuple[str, ...]]) -> bool:
    """Whether ``kind`` or one of its equivalents (rules.yaml) is among ``kinds``."""
    return kind in kinds or any(k in kinds for k in equivalents.get(kind, ()))


def exclusions(doc: Document) -> dict[str, str]:
    """The plan's exclusions of individuals, keyed for comparison (case, tone marks)."""
    return {key(e): e for s in doc.subjects if s.category == SubjectCategory.INDIVIDUAL
            for e in s.exclusions}


def holders(doc: Document, attr: str) -> list[Subject]:
    """The subjects that carry exclusions (``attr="exclusions"``) or inclusions."""
    return [s for s in doc.subjects if getattr(s, attr)]
