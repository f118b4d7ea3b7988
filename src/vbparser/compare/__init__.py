"""Check plans across levels: link them, run the consistency rules, report findings.

``compare(docs)`` is the entry point (also ``vbparser.compare``). The parts: ``plans``
(what each plan is), ``link`` (who implements whom), ``rules/`` (one module per rule and
the registry), ``findings`` (the ``Finding`` record and the table), ``report`` (HTML).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from vbparser.kb import KnowledgeBase
    from vbparser.model import Document


def compare(docs: Iterable[Document | str | Path],
            pairs: Sequence[tuple[Document | int | str | Path,
                                  Document | int | str | Path]] | None = None, *,
            rules: Sequence[str] | None = None,
            kb: KnowledgeBase | None = None) -> pd.DataFrame:
    """Link plans to the plans they implement, check them, and return the findings.

    Plans are linked by their citations first, then by issuer hierarchy, campaign topic
    and year; plans of different provinces are never linked. Rules that need one plan
    run on every plan; rules that compare two run on every link.

    Args:
        docs: parsed documents (``vbparser.parse``) or paths to parse.
        pairs: ``(upper, lower)`` pairs to link whatever the rules of linking say; each
            member a ``Document``, an index into ``docs``, a path or a document id.
        rules: ids of the rules to run (default: all, ``vbparser.compare.rules.RULES``).
        kb: the knowledge base of regulations (default: the built-in one).

    Returns:
        The ``Findings`` table: one row per finding, columns ``findings.COLUMNS``
        (rule, severity, message, lower_doc, upper_doc, lower_quote, lower_span,
        upper_quote, upper_span, ...); ``attrs`` holds the plans, links and rules.

    Raises:
        ConfigError: a pair names a document not given, or a rule id is unknown.

    >>> import vbparser
    >>> plan = vbparser.parse("KẾ HOẠCH\\nNghị định số 56/2015/NĐ-CP ngày 09/6/2015 của "
    ...                       "Chính phủ")
    >>> list(vbparser.compare([plan]).columns[:3])
    ['finding_id', 'rule', 'severity']
    """
    from vbparser.compare.run import run

    chosen = tuple(rules) if rules is not None else None
    return run(docs, pairs, rules=chosen, kb=kb).frame()


__all__ = ["compare"]
