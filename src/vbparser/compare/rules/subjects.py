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


def exclusions(doc: Document, kinds: Mapping[str, tuple[str, ...]],
               pointers: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """The plan's exclusions of individuals by kind (``kinds``: rules.yaml's
    ``exclusion_kinds``, see ``by_kind``), leaving out those that only point elsewhere
    (``pointers``: "nêu tại điểm 1.2")."""
    return by_kind([e for s in doc.subjects if s.category == SubjectCategory.INDIVIDUAL
                    for e in s.exclusions], kinds, pointers)


def by_kind(texts: list[str], kinds: Mapping[str, tuple[str, ...]],
            pointers: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """``texts`` (exclusions, inclusions, conditions) by the kinds their words tell
    (``kinds``: kind → words, matched case- and tone-insensitively), each kind with its
    wordings; a text of no kind is keyed by its words, unless it only points elsewhere
    (``pointers``). A text naming two kinds ("bị đình chỉ sinh hoạt, mới kết nạp") is
    under both.

    >>> kinds = {"suspended": ("đình chỉ sinh hoạt",), "new_member": ("mới kết nạp",)}
    >>> sorted(by_kind(["đang bị Đình chỉ sinh hoạt đảng", "Nghỉ thai sản",
    ...                 "các trường hợp nêu tại điểm 1.2"], kinds, ("nêu tại",)))
    ['nghỉ thai sản', 'suspended']
    """
    cues = {kind: [key(w) for w in words] for kind, words in kinds.items()}
    pointing = [key(w) for w in pointers]
    out: dict[str, list[str]] = {}
    for text in texts:
        folded = key(text)
        found = [kind for kind, words in cues.items() if any(word in folded for word in words)]
        if not found and any(word in folded for word in pointing):
            continue
        for kind in found or [folded]:
            out.setdefault(kind, []).append(text)
    return out


def holders(doc: Document, attr: str) -> list[Subject]:
    """The subjects that carry exclusions (``attr="exclusions"``) or inclusions."""
    return [s for s in doc.subjects if getattr(s, attr)]
