"""Rule ``exclusions-differ``: the lower plan excludes other people than the upper plan."""

from __future__ import annotations

from collections.abc import Iterator

from vbparser.compare import evidence
from vbparser.compare.findings import Finding, Severity, details
from vbparser.compare.rules.base import PAIR, PairContext, Rule
from vbparser.compare.rules.subjects import exclusions, holders


def exclusions_differ(ctx: PairContext) -> Iterator[Finding]:
    """The exclusions from individual review differ between the two plans.

    Domain.md §6.2, §8 C8.

    Compared by kind (rules.yaml's ``exclusion_kinds``: exempt from Party work, suspended,
    newly admitted, ...), else case- and tone-insensitively by their words, leaving out
    those that only point elsewhere in the plan ("nêu tại điểm 1.2"), and only when
    both plans state exclusions: a chi bộ plan that lists none follows the upper plan's.
    A lower plan that drops one reviews people the upper plan exempts; one that adds one
    exempts people the upper plan reviews.
    """
    kinds, pointers = ctx.params.exclusion_kinds, ctx.params.exclusion_pointers
    upper, lower = exclusions(ctx.upper, kinds, pointers), exclusions(ctx.lower, kinds, pointers)
    if not upper or not lower or set(upper) == set(lower):
        return
    dropped = list(dict.fromkeys(e for k in upper if k not in lower for e in upper[k]))
    added = list(dict.fromkeys(e for k in lower if k not in upper for e in lower[k]))
    parts = ([f"omits {', '.join(dropped)}"] if dropped else []) + \
        ([f"adds {', '.join(added)}"] if added else [])
    low_q = evidence.of_subjects(ctx.lower, holders(ctx.lower, "exclusions")[:1])
    up_q = evidence.of_subjects(ctx.upper, holders(ctx.upper, "exclusions")[:1])
    yield ctx.finding(RULE, "The plan's exclusions differ from the upper plan's: it "
                      + " and ".join(parts) + ".", low_q, up_q,
                      details=details(omitted=dropped or None, added=added or None))


RULE = Rule("exclusions-differ", Severity.WARNING, "exclusions_differ", PAIR, exclusions_differ)
