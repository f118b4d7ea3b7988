"""Rule ``deadline-after-upper``: a lower deadline is later than the upper one."""

from __future__ import annotations

from collections.abc import Iterator

from vbparser.compare import evidence
from vbparser.compare.findings import Finding, Severity, details
from vbparser.compare.link import GUIDES, IMPLEMENTS
from vbparser.compare.plans import LEVEL_RANK
from vbparser.compare.rules.base import PAIR, PairContext, Rule
from vbparser.compare.timing import at_level, one_day_reading, upper_deadline
from vbparser.model import Level


def deadline_after_upper(ctx: PairContext) -> Iterator[Finding]:
    """A deadline of the lower plan is later than the upper plan's deadline for its level.

    For the lower plan's level and each level below it (a commune plan also sets its chi
    bộ deadlines), the lower plan's deadlines are compared by ``due`` with the upper
    plan's final deadline for that level — or, when the upper plan sets none there, the
    one of the nearest level above (domain.md §8 C4). One finding per level, quoting the
    latest late deadline (the others as more evidence). Reading "trước ngày X" strictly
    makes a lower "đến ngày X" one day late: with ``deadline_reading: lenient`` that is
    a notice (domain.md §5.2).
    """
    low_level = ctx.lower_plan.level
    if low_level is None:
        return
    for level in Level:
        if LEVEL_RANK[level] < LEVEL_RANK[low_level]:
            continue
        bound = upper_deadline(ctx.upper, ctx.upper_plan.level, level, low_level)
        if bound is None or not bound.due:
            continue
        late = sorted((d for d in at_level(ctx.lower, level, low_level)
                       if d.due and d.due > bound.due), key=lambda d: d.due or "", reverse=True)
        if not late:
            continue
        worst = late[0]
        lenient = ctx.params.lenient and all(one_day_reading(d, bound) for d in late)
        more = f" ({len(late) - 1} more late deadline(s) at this level)" if len(late) > 1 else ""
        yield ctx.finding(
            RULE, f"{level.value.capitalize()} level: '{worst.expr}' (due {worst.due}) is later "
            f"than the upper plan's '{bound.expr}' (due {bound.due}){more}."
            + (" Only the strict reading of 'trước ngày' separates them." if lenient else ""),
            evidence.of_deadline(ctx.lower, worst), evidence.of_deadline(ctx.upper, bound),
            also=[evidence.of_deadline(ctx.lower, d) for d in late[1:]],
            severity=Severity.NOTICE if lenient else None,
            details=details(level=level.value, lower_due=worst.due, upper_due=bound.due,
                            upper_level=(bound.level or ctx.upper_plan.level or level).value))


RULE = Rule("deadline-after-upper", Severity.ERROR, "deadline_after_upper", PAIR,
            deadline_after_upper, frozenset({IMPLEMENTS, GUIDES}))
