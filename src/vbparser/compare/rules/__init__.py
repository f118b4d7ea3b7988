"""The registry of consistency rules: every rule, in the order reports list them.

To add a rule: write ``rules/<name>.py`` with the check function (its docstring is the
rule's documentation) and ``RULE = Rule(id, severity, family, scope, function)``, add it
to ``RULES`` below, and add a test to ``tests/test_compare.py``. Registration happens
here only, never by decorators scattered over modules (style.md convention 7).
"""

from __future__ import annotations

from types import MappingProxyType

from vbparser.compare.rules import (
    abolished_district,
    central_basis,
    deadline_after_upper,
    deadline_before_date,
    exclusions_differ,
    impossible_date,
    inclusions_missing,
    incomplete_citation,
    malformed_citation,
    missing_subject,
    regulation_date,
    report_after_upper,
    superseded_after,
    superseded_before,
    upper_citation,
    upper_not_cited,
)
from vbparser.compare.rules.base import DOCUMENT, PAIR, DocContext, PairContext, Rule
from vbparser.errors import ConfigError

RULES: tuple[Rule, ...] = (
    # one plan
    superseded_before.RULE,
    superseded_after.RULE,
    malformed_citation.RULE,
    incomplete_citation.RULE,
    regulation_date.RULE,
    deadline_before_date.RULE,
    impossible_date.RULE,
    abolished_district.RULE,
    # a lower plan against the upper plan it implements
    deadline_after_upper.RULE,
    report_after_upper.RULE,
    upper_citation.RULE,
    upper_not_cited.RULE,
    central_basis.RULE,
    missing_subject.RULE,
    exclusions_differ.RULE,
    inclusions_missing.RULE,
)
BY_ID = MappingProxyType({r.id: r for r in RULES})


def select(ids: tuple[str, ...] | None = None) -> tuple[Rule, ...]:
    """The rules with these ids (all when None), in registry order.

    Raises:
        ConfigError: an id is not a known rule.

    >>> [r.id for r in select(("impossible-date",))]
    ['impossible-date']
    """
    if ids is None:
        return RULES
    unknown = [i for i in ids if i not in BY_ID]
    if unknown:
        raise ConfigError(f"unknown rule(s) {', '.join(unknown)}; known: {', '.join(BY_ID)}")
    return tuple(r for r in RULES if r.id in ids)


__all__ = ["BY_ID", "DOCUMENT", "PAIR", "RULES", "DocContext", "PairContext", "Rule", "select"]
