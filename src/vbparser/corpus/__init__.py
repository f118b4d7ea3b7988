"""Corpora of plan documents with gold annotations.

Plans are written in a small annotated markup (``markup``) that renders to the text of a
document (``layout``) and to its gold annotations (``gold``) from the same source, so the
gold always describes the text. The hand-written corpus in ``corpora/`` and the synthetic
campaigns of ``generate_corpus`` both go through ``render_source``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import yaml

from vbparser.corpus.gold import plan_gold
from vbparser.corpus.layout import render_text
from vbparser.corpus.markup import Plan, expand, parse_body, split_front

__all__ = ["blocks", "generate_corpus", "render_plan", "render_source"]


@cache
def blocks() -> dict[str, str]:
    """The shared markup blocks (``blocks.yaml``)."""
    path = resources.files("vbparser.corpus").joinpath("blocks.yaml")
    with path.open(encoding="utf-8") as fh:
        return dict(yaml.safe_load(fh))


def render_plan(plan: Plan, source_name: str) -> tuple[str, dict[str, Any]]:
    """Render a parsed plan to (text, gold)."""
    return render_text(plan), plan_gold(plan, source_name)


def render_source(source: str, source_name: str,
                  extra_blocks: Mapping[str, str] | None = None) -> tuple[str, dict[str, Any]]:
    """Render a plan source (front matter plus body) to (text, gold).

    >>> text, gold = render_source(
    ...     "---\\nheader: {issuer: CHI BỘ THÔN ĐÔNG, date: 2023-11-28}\\nmeta: {year: 2023}\\n"
    ...     "---\\n@ I > Họp chi bộ {{dl on; branch || ngày 02/12/2023}}.\\n", "x.txt")
    >>> gold["deadlines"][0]["due"], "Họp chi bộ ngày 02/12/2023" in text
    ('2023-12-02', True)
    """
    front, body = split_front(source)
    library = {**blocks(), **(extra_blocks or {})}
    body = expand(body, library, front.get("vars") or {})
    return render_plan(parse_body(front, body), source_name)


def generate_corpus(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """Write synthetic campaigns; see ``vbparser.corpus.generate.generate_corpus``."""
    from vbparser.corpus.generate import generate_corpus as _generate

    return _generate(*args, **kwargs)
