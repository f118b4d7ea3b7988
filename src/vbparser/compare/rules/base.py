"""What a rule is and what it is given: the ``Rule`` record and the two contexts.

A rule is a plain function with a docstring, wrapped in a ``Rule`` with its id, default
severity and family. A ``document`` rule gets a ``DocContext`` (one plan); a ``pair``
rule gets a ``PairContext`` (a lower plan and the upper plan it implements) and runs only
on links whose relation is in ``Rule.relations``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from vbparser.compare.findings import Evidence, Finding, Severity
from vbparser.compare.link import IMPLEMENTS, Link
from vbparser.compare.params import RuleParams
from vbparser.compare.plans import Plan
from vbparser.kb import KnowledgeBase
from vbparser.model import Document

DOCUMENT, PAIR = "document", "pair"


@dataclass(frozen=True, slots=True)
class Rule:
    """One consistency rule.

    Attributes:
        id: a short kebab-case name ("deadline-after-upper").
        severity: the severity of its findings (a rule may lower it case by case).
        family: the kind of inconsistency it finds (the manifest ``kind`` where one
            exists), used to group findings.
        scope: ``document`` or ``pair``.
        check: the function; it takes the context and yields ``Finding``s.
        relations: for pair rules, the link relations it applies to.
    """

    id: str
    severity: Severity
    family: str
    scope: str
    check: Callable[[Any], Iterable[Finding]]
    relations: frozenset[str] = frozenset({IMPLEMENTS})

    @property
    def doc(self) -> str:
        """The rule's documentation: its function's docstring."""
        return inspect.getdoc(self.check) or ""

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.splitlines()[0] if self.doc else self.id


@dataclass(frozen=True, slots=True)
class DocContext:
    """What a document rule sees: one plan, the knowledge base and the parameters."""

    doc: Document
    plan: Plan
    kb: KnowledgeBase
    params: RuleParams

    def finding(self, rule: Rule, message: str, lower: Evidence | None = None, *,
                also: Iterable[Evidence | None] = (), details: tuple[tuple[str, Any], ...] = (),
                severity: Severity | None = None) -> Finding:
        """Build a finding of ``rule`` about this plan."""
        return Finding(rule=rule.id, severity=severity or rule.severity, family=rule.family,
                       message=message, lower_doc=self.plan.doc_id, lower_path=self.plan.path,
                       lower_label=self.plan.label, lower=lower,
                       also=tuple(e for e in also if e is not None), details=details)


@dataclass(frozen=True, slots=True)
class PairContext:
    """What a pair rule sees: the lower plan, the upper plan and how they were linked."""

    lower: Document
    upper: Document
    lower_plan: Plan
    upper_plan: Plan
    link: Link
    kb: KnowledgeBase
    params: RuleParams

    def finding(self, rule: Rule, message: str, lower: Evidence | None = None,
                upper: Evidence | None = None, *, also: Iterable[Evidence | None] = (),
                details: tuple[tuple[str, Any], ...] = (),
                severity: Severity | None = None) -> Finding:
        """Build a finding of ``rule`` about this pair."""
        return Finding(rule=rule.id, severity=severity or rule.severity, family=rule.family,
                       message=message, lower_doc=self.lower_plan.doc_id,
                       lower_path=self.lower_plan.path, lower_label=self.lower_plan.label,
                       upper_doc=self.upper_plan.doc_id, upper_path=self.upper_plan.path,
                       upper_label=self.upper_plan.label, lower=lower, upper=upper,
                       also=tuple(e for e in also if e is not None), details=details,
                       link=self.link.how)
