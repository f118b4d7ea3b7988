"""Generate synthetic review campaigns: plan texts with gold, reproducibly and fast.

``generate_corpus(out, docs=10000, seed=1)`` writes fictional campaigns (a province's
plan and the district, commune and Party-cell plans below it, in the pre-2025 or the
two-level structure) as::

    out/<campaign>/docs/<stem>.txt     the plan text (UTF-8)
    out/<campaign>/gold/<stem>.json    its gold, in the format of shared/gold
    out/manifest.yaml                  the inconsistencies planted on purpose

Each campaign is planned from its own seed, drawn in order from ``random.Random(seed)``,
so the output depends only on ``docs``, ``seed`` and ``error_rate``: the same arguments
give byte-identical files, whatever ``workers`` is.
"""

from __future__ import annotations

import json
import os
import random
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import yaml

from vbparser.corpus import blocks, render_plan
from vbparser.corpus.fronts import choose_style, front_matter
from vbparser.corpus.markup import expand, parse_body
from vbparser.corpus.plans import Writer, body
from vbparser.corpus.tone import apply_tone
from vbparser.corpus.world import Campaign, Doc, plan_campaign
from vbparser.errors import ConfigError

Progress = Callable[[int], Any]
_MIX = 0x9E3779B97F4A7C15  # decorrelates the rendering stream from the planning stream


def _campaign_specs(docs: int, seed: int, error_rate: float) -> list[tuple[int, int, int]]:
    """(index, seed, size) of every campaign, planned in order until ``docs`` are placed."""
    rng = random.Random(seed)
    specs, placed, index = [], 0, 0
    while placed < docs:
        campaign_seed = rng.getrandbits(63)
        size = len(plan_campaign(index, campaign_seed, docs - placed, error_rate).docs)
        specs.append((index, campaign_seed, size))
        placed += size
        index += 1
    return specs


def _path(campaign: Campaign, doc: Doc | None) -> str | None:
    return None if doc is None else f"{campaign.key}/docs/{doc.stem}.txt"


def _manifest_entry(w: Writer, campaign: Campaign, tone: str) -> dict[str, Any] | None:
    doc = w.doc
    if not doc.error or not w.evidence:
        return None
    detail = dict(w.evidence)
    entry: dict[str, Any] = {
        "id": f"{campaign.key}/{doc.stem}", "kind": doc.error,
        "lower": _path(campaign, doc), "upper": _path(campaign, doc.parent),
        "evidence": apply_tone(detail.pop("evidence"), tone)}
    if "upper_evidence" in detail:
        entry["upper_evidence"] = apply_tone(detail.pop("upper_evidence"), tone)
    entry["detail"] = {"plan_date": doc.date.isoformat(), **detail}
    return entry


def render_campaign(index: int, seed: int, size: int,
                    error_rate: float) -> tuple[Campaign, list[tuple[Doc, str, dict[str, Any]]],
                                                list[dict[str, Any]]]:
    """Plan and render one campaign: (campaign, [(doc, text, gold)], manifest entries).

    >>> campaign, rendered, _ = render_campaign(0, 11, 3, 0.0)
    >>> [doc.level for doc, _, _ in rendered][0], rendered[0][2]["meta"]["issuer_level"]
    ('province', 'province')
    """
    campaign = plan_campaign(index, seed, size, error_rate)
    rng = random.Random(seed ^ _MIX)
    library = blocks()
    rendered, manifest = [], []
    for doc in campaign.docs:
        writer = Writer(rng, doc, campaign)
        style = choose_style(rng)
        front = front_matter(writer, style)
        plan = parse_body(front, expand(body(writer), library, front["vars"]))
        text, gold = render_plan(plan, f"{doc.stem}.txt")
        rendered.append((doc, text, gold))
        entry = _manifest_entry(writer, campaign, style["tone"])
        if entry:
            manifest.append(entry)
    return campaign, rendered, manifest


def gold_json(gold: dict[str, Any]) -> str:
    """Serialise gold with one line per top-level key and per list item.

    ``json.dumps(indent=...)`` falls back to the pure-Python encoder, which costs more
    than rendering the plan; this layout keeps the C encoder and stays readable.

    >>> print(gold_json({"source": "a.txt", "deadlines": [{"due": "2023-12-05"}]}))
    {
     "source": "a.txt",
     "deadlines": [
      {"due": "2023-12-05"}
     ]
    }
    """
    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = []
    for key, value in gold.items():
        if isinstance(value, list) and value:
            items = ",\n".join("  " + dump(item) for item in value)
            lines.append(f" {dump(key)}: [\n{items}\n ]")
        else:
            lines.append(f" {dump(key)}: {dump(value)}")
    return "{\n" + ",\n".join(lines) + "\n}"


def _write(out_dir: Path, campaign: Campaign,
           rendered: list[tuple[Doc, str, dict[str, Any]]]) -> None:
    docs_dir = out_dir / campaign.key / "docs"
    gold_dir = out_dir / campaign.key / "gold"
    docs_dir.mkdir(parents=True, exist_ok=True)
    gold_dir.mkdir(parents=True, exist_ok=True)
    for doc, text, gold in rendered:
        with open(docs_dir / f"{doc.stem}.txt", "wb") as fh:
            fh.write(text.encode("utf-8"))
        with open(gold_dir / f"{doc.stem}.json", "wb") as fh:
            fh.write((gold_json(gold) + "\n").encode("utf-8"))


Summary = tuple[str, Counter[str], list[dict[str, Any]]]


def write_campaign(out_dir: Path, index: int, seed: int, size: int,
                   error_rate: float) -> Summary:
    """Render one campaign and write its files; return (era, levels, manifest entries)."""
    campaign, rendered, entries = render_campaign(index, seed, size, error_rate)
    _write(out_dir, campaign, rendered)
    return campaign.era, Counter(doc.level for doc, _, _ in rendered), entries


def _write_all(out_dir: Path, specs: list[tuple[int, int, int]], error_rate: float,
               workers: int) -> Iterator[Summary]:
    if workers <= 1:
        for index, seed, size in specs:
            yield write_campaign(out_dir, index, seed, size, error_rate)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(write_campaign, out_dir, i, s, n, error_rate)
                   for i, s, n in specs]
        for future in futures:  # in submission order: output does not depend on timing
            yield future.result()


def _auto_workers(docs: int) -> int:
    # Processes pay off only for large corpora (start-up costs about 0.1 s each).
    return 1 if docs < 500 else max(1, min(4, os.cpu_count() or 1))


def generate_corpus(out_dir: Path, docs: int, seed: int, progress: Progress | None = None,
                    *, error_rate: float = 0.05, workers: int | None = None) -> dict[str, Any]:
    """Write ``docs`` synthetic plans with gold under ``out_dir``.

    Args:
        out_dir: the output folder (created if missing; files are overwritten).
        docs: how many plan documents to write.
        seed: the seed of ``random.Random``; the same seed gives the same bytes.
        progress: called with the number of documents written so far.
        error_rate: the share of lower plans that get one planted inconsistency.
        workers: processes used for rendering; ``None`` picks one per core (at most 4)
            for 500 documents or more. The output does not depend on it.

    Returns:
        A summary: documents, campaigns, planted errors and counts per level and era.

    Raises:
        ConfigError: ``docs`` is not positive or ``error_rate`` is not in [0, 1].

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     generate_corpus(Path(tmp), docs=5, seed=3)["documents"]
    5
    """
    if docs < 1:
        raise ConfigError(f"docs must be a positive number of documents, not {docs}")
    if not 0.0 <= error_rate <= 1.0:
        raise ConfigError(f"error_rate must be between 0 and 1, not {error_rate}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    specs = _campaign_specs(docs, seed, error_rate)
    workers = _auto_workers(docs) if workers is None else workers
    done, manifest = 0, []
    levels: Counter[str] = Counter()
    eras: Counter[str] = Counter()
    for era, counts, entries in _write_all(out_dir, specs, error_rate, workers):
        manifest.extend(entries)
        levels.update(counts)
        written = sum(counts.values())
        eras[era] += written
        done += written
        if progress is not None:
            progress(done)
    (out_dir / "manifest.yaml").write_text(
        yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return {"out_dir": str(out_dir), "documents": done, "campaigns": len(specs),
            "planted": len(manifest), "seed": seed, "by_level": dict(sorted(levels.items())),
            "by_era": dict(sorted(eras.items()))}
