"""Rule ``report-deadline-after-upper``: the lower plan reports later than required."""

from __future__ import annotations

from collections.abc import Iterator

from vbparser.compare import evidence
from vbparser.compare.findings import Finding, Severity, details
from vbparser.compare.link import GUIDES, IMPLEMENTS
from vbparser.compare.rules.base import PAIR, PairContext, Rule
from vbparser.compare.timing import at_level, is_report, latest, one_day_reading


def report_deadline_after_upper(ctx: PairContext) -> Iterator[Finding]:
    """The lower plan's report to the upper body is due later than the upper plan asks.

    An upper plan may want the lower level's report ("báo cáo kết quả về ...", "gửi hồ
    sơ về ...") earlier than the lower level's work ends (domain.md §5.3: the deadline is
    when the superior receives the results). Compared only when the upper plan's report
    deadline for the lower level is earlier than its final deadline for that level —
    otherwise ``deadline-after-upper`` already covers it. A step before the review that
    sends something up (the lower body's plan, a draft for comment) is no report.
    """
    level = ctx.lower_plan.level
    if level is None:
        return
    cues, unless = ctx.params.report_cues, ctx.params.report_unless
    upper_all = at_level(ctx.upper, level, ctx.upper_plan.level)
    wanted = latest([d for d in upper_all if is_report(d, cues, unless)])
    final = latest(upper_all)
    if wanted is None or final is None or not wanted.due or wanted.due >= (final.due or ""):
        return
    late = [d for d in at_level(ctx.lower, level, level)
            if is_report(d, cues, unless) and d.due and d.due > wanted.due]
    worst = latest(late)
    if worst is None:
        return
    lenient = ctx.params.lenient and one_day_reading(worst, wanted)
    yield ctx.finding(
        RULE, f"The report to the upper level, '{worst.expr}' (due {worst.due}), is later than "
        f"the upper plan's report deadline '{wanted.expr}' (due {wanted.due}).",
        evidence.of_deadline(ctx.lower, worst), evidence.of_deadline(ctx.upper, wanted),
        also=[evidence.of_deadline(ctx.lower, d) for d in late if d is not worst],
        severity=Severity.NOTICE if lenient else None,
        details=details(level=level.value, lower_due=worst.due, upper_due=wanted.due))


RULE = Rule("report-deadline-after-upper", Severity.ERROR, "deadline_after_upper", PAIR,
            report_deadline_after_upper, frozenset({IMPLEMENTS, GUIDES}))
