"""Rule ``deadline-before-plan-date``: a deadline falls before the plan was issued."""

from __future__ import annotations

from collections.abc import Iterator

from vbparser.compare import evidence
from vbparser.compare.findings import Finding, Severity, details
from vbparser.compare.rules.base import DOCUMENT, DocContext, Rule
from vbparser.compare.timing import dated


def deadline_before_plan_date(ctx: DocContext) -> Iterator[Finding]:
    """A deadline's last admissible day is before the plan's own date (domain.md §8 C6).

    A task cannot be due before the plan that sets it exists: usually a typo in the day
    or month, or a plan issued late. Needs the plan's header date.
    """
    on = ctx.doc.meta.date
    if not on:
        return
    for d in dated(ctx.doc.deadlines):
        if d.due and d.due < on:
            yield ctx.finding(
                RULE, f"'{d.expr}' is due {d.due}, before the plan's own date {on}.",
                evidence.of_deadline(ctx.doc, d),
                details=details(due=d.due, plan_date=on, actor=d.actor))


RULE = Rule("deadline-before-plan-date", Severity.ERROR, "deadline_before_plan_date", DOCUMENT,
            deadline_before_plan_date)
