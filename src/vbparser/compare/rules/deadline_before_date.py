"""Rule ``deadline-before-plan-date``: a deadline falls before the plan was issued."""

from __future__ import annotations

from collections.abc import Iterator

from vbparser.compare import evidence
from vbparser.compare.findings import Finding, Severity, details
from vbparser.compare.rules.base import DOCUMENT, DocContext, Rule
from vbparser.compare.timing import dated, rolled_over


def deadline_before_plan_date(ctx: DocContext) -> Iterator[Finding]:
    """A deadline's last admissible day is before the plan's own date (domain.md §8 C6).

    A task cannot be due before the plan that sets it exists: usually a typo in the day
    or month, or a plan issued late. Needs the plan's header date. A date written without
    a year is taken in the plan's year (``timing.rolled_over``).
    """
    on = ctx.doc.meta.date
    if not on:
        return
    for d in dated(ctx.doc.deadlines):
        own_year = rolled_over(d, on)
        due = own_year or d.due
        if due and due < on:
            note = " (read in the plan's year; as written it has no year)" if own_year else ""
            yield ctx.finding(
                RULE, f"'{d.expr}' is due {due}, before the plan's own date {on}{note}.",
                evidence.of_deadline(ctx.doc, d),
                details=details(due=due, plan_date=on, actor=d.actor))


RULE = Rule("deadline-before-plan-date", Severity.ERROR, "deadline_before_plan_date", DOCUMENT,
            deadline_before_plan_date)
