"""The HTML report of ``vbparser check`` in a real headless browser (issue 9).

Debian's chromium (``apt-get install chromium``) driven by Playwright, which downloads
no browser of its own. Skipped only when chromium or Playwright is missing outside CI;
in CI (``CI=true``) their absence is a failure.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import vbparser
from vbparser.compare.report import write_report
from vbparser.model import Document

REPO = Path(__file__).resolve().parent.parent
DOCS = [REPO / "corpora" / "campaign_a" / "docs", REPO / "corpora" / "campaign_b" / "docs"]
XSS = "<script>alert('xss')</script>"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"]


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    message = "Debian's chromium is not installed (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        found, message = None, "playwright is not installed (pip install 'vbparser[report]')"
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(message + " — required in CI")
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A chromium context with an empty profile, shared by the tests of this module."""
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=executable, headless=True, args=FLAGS,
            viewport={"width": 1400, "height": 1000}, timeout=60_000)
        try:
            yield context
        finally:
            context.close()


class Visit:
    """A page opened on a report, recording console errors, dialogs and requests."""

    def __init__(self, context: Any, path: Path) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page = context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri(), wait_until="load", timeout=30_000)


@pytest.fixture(scope="module")
def corpus_docs() -> list[Document]:
    return [vbparser.parse(p) for d in DOCS for p in sorted(d.iterdir()) if p.is_file()]


def test_report_in_browser_shows_every_finding(browser: Any, corpus_docs: list[Document],
                                               tmp_path: Path) -> None:
    df = vbparser.compare(corpus_docs)
    report = write_report(df, corpus_docs, tmp_path / "report.html")
    visit = Visit(browser, report)
    page = visit.page
    assert page.title().startswith("vbparser check")
    assert page.locator("tr.finding").count() == len(df) > 0
    assert page.locator("tr.finding.error").count() == (df["severity"] == "error").sum()
    assert page.locator("#hierarchy li").count() == len(corpus_docs)
    assert page.locator("svg.timeline").count() >= 3
    assert page.locator("svg.timeline circle.conflict").count() >= 4
    assert page.locator("svg.timeline line.join").count() >= 4
    first = page.locator("tr.finding blockquote").first
    assert first.is_visible() and first.inner_text().strip()
    assert visit.errors == [] and visit.dialogs == []
    assert all(url.startswith(("file:", "data:")) for url in visit.requests), visit.requests
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=False)
    page.locator("#timeline").screenshot(path=str(tmp_path / "timeline.png"))
    assert shot.stat().st_size > 10_000
    page.close()


def _hostile(doc: Document) -> Document:
    """The document with markup in its issuer and in a cited body's name."""
    meta = dataclasses.replace(doc.meta, issuer=dataclasses.replace(
        doc.meta.issuer, name=f"Đảng ủy xã {XSS}"), number_symbol=f"12-KH/{XSS}")
    refs = tuple(dataclasses.replace(r, issuer=f"Huyện ủy {XSS}") if not r.full_id else r
                 for r in doc.legal_refs)
    return dataclasses.replace(doc, meta=meta, legal_refs=refs)


def test_report_renders_markup_in_documents_as_text(browser: Any, tmp_path: Path) -> None:
    text = (REPO / "tests" / "test_compare.py").read_text(encoding="utf-8")
    synthetic = text.split('SYNTHETIC = """', 1)[1].split('"""', 1)[0]
    doc = _hostile(vbparser.parse(synthetic))
    df = vbparser.compare([doc])
    report = write_report(df, [doc], tmp_path / "hostile.html")
    html = report.read_text(encoding="utf-8")
    assert "<script" not in html
    visit = Visit(browser, report)
    page = visit.page
    assert page.evaluate("document.querySelectorAll('script').length") == 0
    assert page.locator("tr.finding", has_text=XSS).count() >= 1
    assert XSS in page.locator("#hierarchy").inner_text()
    assert visit.errors == [] and visit.dialogs == []
    page.screenshot(path=str(tmp_path / "hostile.png"))
    page.close()
