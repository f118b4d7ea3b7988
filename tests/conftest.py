"""Fixtures: the real seeds and gold in ../shared (or $VBPARSER_SHARED), and the PDFs
and the Tesseract the PDF tests share.

Tests that need them skip with a clear message when the folder is absent — except in
CI (VBPARSER_REQUIRE_SHARED=1), where a missing folder is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import pytest

from tests import pdf_fixtures as fx

REPO = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    return Path(os.environ.get("VBPARSER_SHARED", REPO.parent / "shared"))


def missing(message: str) -> NoReturn:
    """Skip a test whose data or tool is missing, or fail it in CI (``.ci/run`` sets
    VBPARSER_REQUIRE_SHARED=1: nothing may be skipped there)."""
    if os.environ.get("VBPARSER_REQUIRE_SHARED") == "1":
        pytest.fail(message)
    pytest.skip(message)


def _require_shared() -> Path:
    root = shared_dir()
    if (root / "seeds").is_dir() and (root / "gold").is_dir():
        return root
    missing(f"the real documents are not in {root} (seeds/ and gold/); "
            "set VBPARSER_SHARED to the shared folder")


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared folder with seeds/ and gold/."""
    return _require_shared()


@pytest.fixture(scope="session")
def seed_paths(shared: Path) -> list[Path]:
    return sorted((shared / "seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def gold_by_source(shared: Path) -> dict[str, dict[str, Any]]:
    out = {}
    for path in sorted((shared / "gold").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out[data["source"]] = data
    return out


def seed_documents(shared: Path, flat: bool = False):
    """Yield (gold, parsed document) for each seed; ``flat`` turns line breaks to spaces."""
    import vbparser
    from vbparser.evaluate import flatten
    from vbparser.loaders import load_path

    for gold_path in sorted((shared / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        path = shared / "seeds" / gold["source"]
        doc = vbparser.parse(flatten(load_path(path).text)) if flat else vbparser.parse(path)
        yield gold, doc


# --- PDF fixtures, shared by the PDF test modules ---------------------------------------

Render = Callable[..., Path]


@pytest.fixture(scope="session")
def render(tmp_path_factory: pytest.TempPathFactory) -> Render:
    """``render(name, text, layout=None, scanned=False)``: a cached PDF of ``text``, cached
    by ``name`` for the session (so one name must always mean one text and layout)."""
    folder = tmp_path_factory.mktemp("pdf")

    def make(name: str, text: str, layout: fx.Layout | None = None,
             scanned: bool = False) -> Path:
        path = folder / f"{name}{'.scan' if scanned else ''}.pdf"
        if not path.exists():
            if scanned:
                path.write_bytes(fx.scan(make(name, text, layout).read_bytes()))
            else:
                path.write_bytes(fx.render_plan(text, layout or fx.layout_for(text)))
        return path

    return make


@pytest.fixture(scope="session")
def tesseract() -> str:
    """The Tesseract command with its Vietnamese, orientation and English models (the
    last reads lone list labels, ``loaders/ocr_labels``); CI fails instead of skipping."""
    path = shutil.which("tesseract")
    langs = subprocess.run([path, "--list-langs"], capture_output=True, text=True,
                           check=False).stdout if path else ""
    if path and {"vie", "osd", "eng"} <= set(langs.split()):
        return path
    missing("Tesseract with its Vietnamese, orientation (osd) and English models is not "
            "installed: make system-deps")


@pytest.fixture(scope="session")
def schedules() -> Callable[[str], bytes]:
    """``schedules(producer)``: a plan with a long schedule over pages 2-3 (the PDF
    tables' plan, ``test_pdf_tables``), from one producer: "fpdf2", "chromium" or
    "libreoffice" (made on first use)."""
    from tests import office_fixtures as office
    from tests.test_pdf_tables import AFTER, LONG, PLAN

    made: dict[str, bytes] = {}

    def get(producer: str) -> bytes:
        if producer not in made:
            if producer == "chromium" and fx.chromium() is None:
                missing("Debian's chromium is not installed: make system-deps")
            if producer == "libreoffice" and office.libreoffice() is None:
                missing("LibreOffice is not installed: make system-deps "
                        "(libreoffice-writer-nogui)")
            made[producer] = {
                "fpdf2": lambda: fx.render_schedule(PLAN, LONG, AFTER),
                "chromium": lambda: fx.print_html(fx.schedule_html(PLAN, LONG, AFTER)),
                "libreoffice": lambda: office.export_pdfs(
                    {"plan": office.schedule_docx(PLAN, LONG, AFTER)})["plan"],
            }[producer]()
        return made[producer]

    return get
