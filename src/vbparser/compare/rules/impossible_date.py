"""Rule ``impossible-date``: the plan writes a date that does not exist."""

from __future__ import annotations

from collections.abc import Iterator

from vbparser.compare import evidence
from vbparser.compare.findings import Finding, Severity, details
from vbparser.compare.rules.base import DOCUMENT, DocContext, Rule


def impossible_date(ctx: DocContext) -> Iterator[Finding]:
    """A date in the plan does not exist, such as 31/11 (warning VB501; domain.md §8 C6).

    The parser keeps such a date out of the deadlines; the finding quotes where it stands.
    """
    for warning in ctx.doc.warnings:
        if warning.code == "VB501":
            text = warning.message[:1].upper() + warning.message[1:]
            yield ctx.finding(RULE, f"{text}.",
                              evidence.quote(ctx.doc, warning.span),
                              details=details(warning=warning.message))


RULE = Rule("impossible-date", Severity.ERROR, "impossible_date", DOCUMENT, impossible_date)
