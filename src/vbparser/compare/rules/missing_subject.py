"""Rule ``missing-subject``: a subject the upper plan requires at the lower level is absent."""

from __future__ import annotations

from collections.abc import Iterator

from vbparser.compare import evidence
from vbparser.compare.findings import Finding, Severity, details
from vbparser.compare.rules.base import PAIR, PairContext, Rule
from vbparser.compare.rules.subjects import PURPOSES, covered, own, required


def missing_subject(ctx: PairContext) -> Iterator[Finding]:
    """A subject the upper plan lists for the lower plan's level is missing from it.

    Domain.md §6, §8 C7.

    Subjects are compared by kind (``subject_kinds.yaml``), for review and assessment
    separately; ``subject_equivalents`` in rules.yaml says which kinds cover which. The
    lower quote is the lower plan's list of the same purpose and category.
    """
    level = ctx.lower_plan.level
    if level is None:
        return
    for purpose in PURPOSES:
        have = own(ctx.lower, level, purpose)
        kinds = {s.kind for s in have if s.kind}
        seen: set[str] = set()
        for need in required(ctx.upper, level, purpose):
            kind = need.kind or ""
            if kind in seen or covered(kind, kinds, ctx.params.subject_equivalents):
                continue
            seen.add(kind)
            same = [s for s in have if s.category == need.category and s.span[1] > s.span[0]]
            yield ctx.finding(
                RULE, f"The upper plan requires '{need.text}' ({kind}) to be "
                f"{'reviewed' if purpose.value == 'review' else 'assessed'} at the "
                f"{level.value} level; the plan's list has no such subject.",
                evidence.of_subjects(ctx.lower, same), evidence.of_subject(ctx.upper, need),
                details=details(level=level.value, purpose=purpose.value, kind=kind,
                                subject=need.text))


RULE = Rule("missing-subject", Severity.ERROR, "missing_subject", PAIR, missing_subject)
