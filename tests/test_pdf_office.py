"""PDFs exported by LibreOffice Writer: the closest stand-in for Word's exports.

The seeds, the corpus plans with gold and the sample plan are written as .docx by
``tests/office_fixtures.py`` and exported to PDF in one ``soffice`` call for the whole
session, with the corpus's own .docx files (Word's automatic numbering). Each must
score as its text (or its .docx) does: "the same numbers from the PDF and DOCX
renderings of a document as from its text" (design.md).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import vbparser
from tests import office_fixtures as office
from tests import pdf_fixtures as fx
from tests.conftest import missing
from tests.generated_plans import generated_plans
from tests.test_pdf import REPO, _compare, _scores, corpus_golds
from vbparser.loaders import load_path
from vbparser.model import Document

pytestmark = pytest.mark.skipif(not fx.fonts_available(), reason=(
    "the DejaVu fonts are missing: apt-get install fonts-dejavu-core (make system-deps)"))


def _shared_seeds() -> list[Path]:
    from tests.conftest import shared_dir

    return sorted((shared_dir() / "seeds").glob("*.txt"))


def corpus_docx() -> list[Path]:
    """The corpus's own .docx files that have gold."""
    return [p for p in sorted(REPO.glob("corpora/campaign_*/docs/*.docx"))
            if (p.parent.parent / "gold" / f"{p.stem}.json").is_file()]


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every PDF these tests read, by name, exported in one ``soffice`` call: the seeds
    and corpus plans (by stem), the sample plan ("sample") and the corpus's .docx files
    ("docx-" + stem). CI fails instead of skipping when LibreOffice is missing."""
    executable = office.libreoffice()
    if executable is None:
        missing("LibreOffice is not installed: make system-deps (libreoffice-writer-nogui)")
    texts = {p.stem: load_path(p).text for p in _shared_seeds()}
    for gold in corpus_golds():
        doc = gold.parent.parent / "docs" / f"{gold.stem}.txt"
        texts[gold.stem] = load_path(doc).text
    texts["sample"] = fx.SAMPLE_PLAN
    documents = {name: office.plan_docx(text) for name, text in texts.items()}
    documents |= {f"docx-{p.stem}": p.read_bytes() for p in corpus_docx()}
    folder = tmp_path_factory.mktemp("office")
    generated = generated_plans(folder / "generated")
    documents |= {f"gen-{p.stem}": office.plan_docx(load_path(p).text)
                  for p in sorted((generated / "docs").glob("*.txt"))}
    out = {}
    for name, data in office.export_pdfs(documents, executable).items():
        out[name] = folder / f"{name}.pdf"
        out[name].write_bytes(data)
    return out


def _from(exported: dict[str, Path], prefix: str = "") -> Callable[[Path], Document]:
    """A parser for ``evaluate`` that reads the exported PDF of the document it is given."""
    def parse(path: Path) -> Document:
        return vbparser.parse(exported[prefix + path.stem])

    return parse


@pytest.mark.seeds
def test_libreoffice_exported_plans_score_like_their_text(
        shared: Path, exported: dict[str, Path]) -> None:
    """A third producer: kerned text runs, subset TrueType fonts with no ascent stated."""
    gold = shared / "gold"
    _compare("seeds exported", _scores(gold, None), _scores(gold, _from(exported)), 0.02)
    for corpus_gold in corpus_golds():
        docs = (corpus_gold.parent.parent / "docs",)
        _compare(corpus_gold.stem, _scores(corpus_gold, None, docs),
                 _scores(corpus_gold, _from(exported), docs), 0.02)


@pytest.mark.skipif(not corpus_docx(), reason="the corpus has no .docx documents")
def test_corpus_docx_exported_to_pdf_scores_like_the_docx(exported: dict[str, Path]) -> None:
    """Word's automatic numbering ("I.", "1.", "a)") is typeset into the PDF's text."""
    for path in corpus_docx():
        gold = path.parent.parent / "gold" / f"{path.stem}.json"
        docs = (path.parent,)
        _compare(path.name, _scores(gold, None, docs),
                 _scores(gold, _from(exported, "docx-"), docs), 0.02)


def test_libreoffice_header_columns_are_kept_whole(exported: dict[str, Path]) -> None:
    doc = vbparser.parse(exported["sample"])
    lines = doc.text.splitlines()
    assert lines[:6] == ["ĐẢNG BỘ HUYỆN ĐÔNG SƠN", "ĐẢNG ỦY XÃ HOÀNG SƠN", "*", "Số 42-KH/ĐU",
                         "ĐẢNG CỘNG SẢN VIỆT NAM", "Hoàng Sơn, ngày 20 tháng 11 năm 2023"]
    assert doc.meta.number_symbol == "42-KH/ĐU" and doc.meta.date == "2023-11-20"
    assert doc.meta.issuer.name == "Đảng ủy xã Hoàng Sơn"


def test_libreoffice_bold_lines_are_bold_blocks(exported: dict[str, Path]) -> None:
    """The regular and bold faces both report weight 400: the font's name tells them apart."""
    loaded = load_path(exported["sample"])
    blocks = {loaded.text[b.start:b.end]: b for b in loaded.blocks}
    for bold in ("KẾ HOẠCH", "ĐẢNG ỦY XÃ HOÀNG SƠN", "I. MỤC ĐÍCH, YÊU CẦU",
                 "1. Đối tượng kiểm điểm", "IV. TỔ CHỨC THỰC HIỆN", "T/M ĐẢNG ỦY"):
        assert blocks[bold].bold, bold
    for plain in ("ĐẢNG BỘ HUYỆN ĐÔNG SƠN", "Số 42-KH/ĐU", "- Lưu Văn phòng Đảng ủy."):
        assert not blocks[plain].bold, plain
    body = next(b for b in loaded.blocks if loaded.text[b.start:].startswith("Thực hiện Quy"))
    assert not body.bold


def test_libreoffice_paragraphs_are_rejoined(exported: dict[str, Path]) -> None:
    """Glyph boxes (no ascent in the font) would make a short last line ("nhân.") look
    smaller than the lines above it, and end the paragraph before it."""
    lines = set(load_path(exported["sample"]).text.splitlines())
    body = fx.SAMPLE_PLAN.split("-----\n", 1)[1].split("\nNơi nhận:")[0]
    for paragraph in filter(None, (x.strip() for x in body.splitlines())):
        assert paragraph in lines


def _fonts_made_up(pdf: bytes | Path) -> dict[bytes, bool]:
    """Each font of a PDF's first page: whether pdfium made up its ascent and descent."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from vbparser.loaders.pdf_pdfium import _made_up

    document = pdfium.PdfDocument(pdf)
    textpage = document[0].get_textpage()
    name, found = ctypes.create_string_buffer(128), {}
    for index in range(textpage.count_chars()):
        handle = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(textpage.raw, index))
        if pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, name, 128, None):
            found[name.value] = _made_up(ctypes.cast(handle, ctypes.c_void_p).value)
    return found


def test_libreoffice_fonts_have_made_up_metrics_and_others_not(
        exported: dict[str, Path]) -> None:
    """LibreOffice's subsets state /Ascent 0 /Descent 0, and pdfium makes metrics up from
    their glyphs: a line opening with "Ủy" then has a taller box than the line above
    it, unless line boxes come from baselines and font sizes."""
    office_fonts = _fonts_made_up(exported["sample"])
    assert office_fonts and all(office_fonts.values()), office_fonts
    typeset = _fonts_made_up(fx.render_plan(fx.SAMPLE_PLAN))
    assert typeset and not any(typeset.values()), typeset


def test_generated_plans_exported_score_like_their_text(exported: dict[str, Path]) -> None:
    """Plans from the generator, whose headers, wrapping and closings vary more than the
    hand-written corpus's, exported by LibreOffice: every field as from the text."""
    folder = next(iter(exported.values())).parent / "generated"
    docs = (folder / "docs",)
    _compare("generated", _scores(folder / "gold", None, docs),
             _scores(folder / "gold", _from(exported, "gen-"), docs), 0.0)


def test_generated_plans_as_docx_score_like_their_text(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """The same plans written as .docx (python-docx, the layout LibreOffice exports):
    read by the .docx loader, every field as from the text."""
    folder = generated_plans(tmp_path_factory.mktemp("generated-docx"), count=24, seed=31)
    docs = (folder / "docs",)

    def as_docx(path: Path) -> Document:
        return vbparser.parse(office.plan_docx(load_path(path).text))

    _compare("generated docx", _scores(folder / "gold", None, docs),
             _scores(folder / "gold", as_docx, docs), 0.0)


# exported, then scanned at 300 dpi: labels Word sets apart by a tab, read again
SCANNED_DOCX = ["b14_btctu_hd04", "b22_chibo_hungphu"]


@pytest.mark.slow
def test_corpus_docx_exported_and_scanned_keep_their_numbering(
        tesseract: str, exported: dict[str, Path]) -> None:
    """Word draws an automatic list's number, then a tab: on the scan each label stands
    alone, and Tesseract's Vietnamese model read "I." as "L", "II." as "H.", "III." as
    "II." or "HỆ" and "2." as "SÃ". Before, these two plans scanned kept no section (F1
    0.0) and b22 no subject; now they score as their .docx on every field but a name."""
    for stem in SCANNED_DOCX:
        path = next(p for p in corpus_docx() if p.stem == stem)
        scanned = vbparser.parse(fx.scan(exported[f"docx-{stem}"].read_bytes(), dpi=300))
        gold = path.parent.parent / "gold" / f"{stem}.json"
        scores = _scores(gold, lambda _: scanned, (path.parent,))  # noqa: B023 (called at once)
        assert scores["sections"] == scores["subjects"] == scores["deadlines"] == 1.0, (
            stem, scores)
        assert min(scores.values()) >= 0.9, (stem, scores)
