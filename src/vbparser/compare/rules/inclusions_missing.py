"""Rule ``inclusions-missing``: the upper plan's inclusions or conditions are not restated."""

from __future__ import annotations

from collections.abc import Iterator

from vbparser.compare import evidence
from vbparser.compare.findings import Finding, Severity, details
from vbparser.compare.rules.base import PAIR, PairContext, Rule
from vbparser.compare.rules.subjects import by_kind, holders
from vbparser.model import Document, Subject, SubjectCategory


def inclusions_missing(ctx: PairContext) -> Iterator[Finding]:
    """An inclusion or a condition of the upper plan is absent from the lower plan.

    Such as "cấp ủy viên bị đình chỉ sinh hoạt cấp ủy vẫn phải kiểm điểm" or "tập thể có
    từ 03 thành viên trở lên" (domain.md §6.2, §8 C8: a notice). Compared by kind
    (rules.yaml's ``inclusion_kinds``: "Đảng ủy viên bị đình chỉ sinh hoạt cấp ủy"
    restates "cấp ủy viên bị đình chỉ sinh hoạt cấp ủy"), else by their words.
    """
    kinds = ctx.params.inclusion_kinds

    def items(doc: Document) -> dict[str, tuple[str, Subject]]:
        found = [(i, s) for s in holders(doc, "inclusions") for i in s.inclusions]
        found += [(s.text, s) for s in doc.subjects if s.category == SubjectCategory.CONDITION]
        subject_of = {text: subject for text, subject in found}
        return {kind: (texts[0], subject_of[texts[0]])
                for kind, texts in by_kind([text for text, _ in found], kinds).items()}

    upper, lower = items(ctx.upper), items(ctx.lower)
    missing = [upper[k] for k in upper if k not in lower]
    if not missing:
        return
    names = "; ".join(text for text, _ in missing)
    yield ctx.finding(
        RULE, f"The upper plan's inclusion or condition is not restated: {names}.",
        evidence.of_subjects(ctx.lower, holders(ctx.lower, "exclusions")[:1]),
        evidence.of_subject(ctx.upper, missing[0][1]), details=details(missing=[text for text, _ in missing]))


RULE = Rule("inclusions-missing", Severity.NOTICE, "inclusions_missing", PAIR,
            inclusions_missing)
