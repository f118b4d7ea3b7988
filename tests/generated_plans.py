"""Plans from vbparser's own generator, gathered for the PDF producers' tests.

The hand-written corpus has 40-odd plans; the generator varies headers, wrapping and
closing layouts far more, and every document comes with gold. ``generated_plans``
writes a fresh campaign set and keeps plans laid out in lines (a flattened plan is not
typeset), each under a name unique across campaigns, in one ``docs``/``gold`` pair.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from vbparser.corpus import generate_corpus


def generated_plans(folder: Path, count: int = 16, seed: int = 4) -> Path:
    """Write ``count`` generated plans to ``folder/docs`` and their gold to
    ``folder/gold``; return ``folder``."""
    corpus = folder / "corpus"
    generate_corpus(corpus, docs=4 * count, seed=seed, workers=1)
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    (folder / "gold").mkdir(exist_ok=True)
    kept = 0
    for path in sorted(corpus.glob("*/docs/*.txt")):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") < 20:  # flattened
            continue
        name = f"{path.parent.parent.name[:5]}_{path.name}"
        shutil.copy(path, folder / "docs" / name)
        gold = json.loads((path.parent.parent / "gold" / f"{path.stem}.json").read_text(
            encoding="utf-8"))
        gold["source"] = name
        (folder / "gold" / f"{Path(name).stem}.json").write_text(
            json.dumps(gold, ensure_ascii=False), encoding="utf-8")
        kept += 1
        if kept == count:
            break
    return folder
