"""Crooked scans (issue 8): pages tilted on the glass, fed sideways or upside down.

The scans are made here (``fx.scan`` with ``turns`` and ``tilt``) from the seeds and the
sample plan; ``loaders/ocr_orient.py`` levels each page before Tesseract reads it, and
turns a page upright and reads it again when it reads as turned letters.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

import vbparser
from tests import pdf_fixtures as fx
from tests.conftest import REPO, Render
from tests.paper_fixtures import stamp
from tests.test_pdf import _compare, _scores
from vbparser.loaders import load_path
from vbparser.loaders.ocr_orient import looks_turned, orientation, straighten
from vbparser.loaders.pdf_fragments import Fragment
from vbparser.model import Document
from vbparser.normalize.fold import strip_marks

pytestmark = pytest.mark.skipif(not fx.fonts_available(), reason=(
    "the DejaVu fonts are missing: apt-get install fonts-dejavu-core (make system-deps)"))
DPI = 150


@pytest.fixture(scope="module")
def page_image() -> Image.Image:
    """The first page of the sample plan, as a scanner sees it at ``DPI``."""
    document = pdfium.PdfDocument(fx.render_plan(fx.SAMPLE_PLAN))
    try:
        return document[0].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()


@pytest.mark.parametrize("tilt", [3.0, -1.5, 0.8, -6.0])
def test_a_tilted_page_is_levelled(page_image: Image.Image, tilt: float) -> None:
    tilted = page_image.rotate(tilt, resample=Image.Resampling.BICUBIC, fillcolor=255)
    level, angle = straighten(tilted, DPI)
    assert abs(angle + tilt) <= 0.3, angle  # turned back by about as much
    assert level.size == tilted.size


def test_a_level_page_and_a_blank_one_are_left_alone(page_image: Image.Image) -> None:
    assert straighten(page_image, DPI) == (page_image, 0.0)
    slight = page_image.rotate(0.1, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert straighten(slight, DPI) == (slight, 0.0)
    blank = Image.new("L", page_image.size, 255)
    assert straighten(blank, DPI) == (blank, 0.0)


def test_words_read_from_a_turned_page_look_turned() -> None:
    """Real Tesseract output of a page upside down and of one on its side."""
    upside_down = "nẹp ueud “u$An| uạ1 “6uonp mì 33 U162 uỏiU 2äU3 2$IA Buo1 oeIB 2önp ñA"
    words = [Fragment(1, 40 * k, 40 * k + 30, 0, 10, w)
             for k, w in enumerate(upside_down.split() * 2)]
    assert looks_turned(words)
    upright = "Đảng viên trong toàn Đảng bộ xã trừ đảng viên được miễn công tác và sinh hoạt"
    words = [Fragment(1, 40 * k, 40 * k + 30, 0, 10, w) for k, w in enumerate(upright.split() * 2)]
    assert not looks_turned(words)
    on_its_side = [w._replace(x1=w.x0 + 10, bottom=35) for w in words]
    assert looks_turned(on_its_side)


def test_the_orientation_detector_failing_turns_nothing() -> None:
    assert orientation("/nonexistent/tesseract", b"P5\n1 1\n255\n\xff", 5, {}) == 0
    assert orientation("/bin/false", b"", 5, {}) == 0


@pytest.mark.slow
def test_an_upside_down_page_is_turned_and_read(render: Render, tesseract: str) -> None:
    plain = render("sample-plain", fx.SAMPLE_PLAN).read_bytes()
    loaded = vbparser.load(fx.scan(plain, turns=(180, 0), tilt=-2.0))
    (warning,) = loaded.warnings
    assert warning.code == "VB104"
    assert "turned upright (clockwise): page 1 (180°)" in warning.message
    assert "levelled: pages 1-2" in warning.message
    for phrase in ("KẾ HOẠCH", "I. MỤC ĐÍCH", "trước ngày 12/12/2023", "T/M ĐẢNG ỦY"):
        assert phrase in loaded.text
    assert loaded.text.index("KẾ HOẠCH") < loaded.text.index("T/M ĐẢNG ỦY")


@pytest.mark.slow
def test_without_an_answer_from_the_detector_the_page_is_kept_as_read(
        render: Render, tesseract: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vbparser.loaders.ocr_tesseract.orientation", lambda *args: 0)
    plain = render("sample-plain", fx.SAMPLE_PLAN).read_bytes()
    loaded = vbparser.load(fx.scan(plain, turns=(180, 0)))
    (warning,) = loaded.warnings
    assert "turned upright" not in warning.message
    assert "T/M ĐẢNG ỦY" in loaded.text  # page 2 read as before
    assert "KẾ HOẠCH" not in loaded.text  # page 1 upside down: turned letters


def _under_text(pdf: bytes, text_of: Callable[[str], str], images: bool = True) -> bytes:
    """``pdf``'s pages as images (or blank) under an invisible layer of their own lines
    passed through ``text_of``, as a scanner's "searchable PDF" is made."""
    from fpdf import FPDF
    from fpdf.enums import TextMode

    document = pdfium.PdfDocument(pdf)
    out = FPDF(format="A4")
    out.add_font("Sans", "", str(fx.FONT_DIR / fx.FONTS[""]))
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        lines = textpage.get_text_range().splitlines()
        textpage.close()
        out.add_page()
        if images:
            out.image(page.render(scale=150 / 72, grayscale=True).to_pil(), x=0, y=0,
                      w=210, h=297)
        out.set_font("Sans", "", 10)
        out.text_mode = TextMode.INVISIBLE if images else TextMode.FILL
        for k, line in enumerate(lines):
            out.text(20, 15 + 6 * k, text_of(line))
    document.close()
    return fx.finish(out)


@pytest.mark.slow
def test_a_scanners_ocr_layer_without_accents_is_read_again(render: Render,
                                                             tesseract: str) -> None:
    """A copier's OCR made for another language writes "Ke hoach kiem diem": the page
    images under it are recognised instead."""
    scanned = _under_text(render("sample-plain", fx.SAMPLE_PLAN).read_bytes(), strip_marks)
    loaded = vbparser.load(scanned)
    (warning,) = loaded.warnings
    assert warning.code == "VB104" and "without Vietnamese accents" in warning.message
    for phrase in ("KẾ HOẠCH", "I. MỤC ĐÍCH", "T/M ĐẢNG ỦY"):
        assert phrase in loaded.text


def test_text_typed_without_accents_is_kept() -> None:
    """No images under it: the text is what the author typed, and OCR could not do
    better."""
    typed = _under_text(fx.render_plan(fx.SAMPLE_PLAN), strip_marks, images=False)
    loaded = vbparser.load(typed)
    assert loaded.warnings == ()
    assert "KE HOACH" in loaded.text


def test_vietnamese_text_layer_over_images_is_kept() -> None:
    """A good OCR layer (with its accents) over the page images is read, not redone."""
    searchable = _under_text(fx.render_plan(fx.SAMPLE_PLAN), lambda line: line)
    loaded = vbparser.load(searchable)
    assert loaded.warnings == () and "KẾ HOẠCH" in loaded.text


def _sealed_last_page(pdf: bytes, dpi: int = 200) -> bytes:
    """The last page of ``pdf`` scanned in colour with a red seal stamped over its
    signature block (``paper_fixtures.stamp``)."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[len(document) - 1]
        image = stamp(page.render(scale=dpi / 72).to_pil(), page, dpi)
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=float(dpi))
    return out.getvalue()


@pytest.mark.seeds
@pytest.mark.slow
def test_a_seal_over_the_signature_is_read_through(seed_paths: list[Path],
                                                   tesseract: str) -> None:
    """Each seed's last page scanned in colour under a red seal: the signer is read
    as from the text (without taking the seal out, none was read: name and position
    lost under the ring)."""
    for path in seed_paths:
        text = load_path(path).text
        sealed = vbparser.parse(_sealed_last_page(fx.render_plan(text, fx.layout_for(text))))
        (warning,) = [w for w in sealed.warnings if w.code == "VB104"]
        assert "seal and signature ink left out: page 1" in warning.message
        expected = vbparser.parse(text).meta.signer
        signer = sealed.meta.signer
        assert expected is not None and signer is not None
        assert (signer.authority, signer.position, signer.name) == (
            expected.authority, expected.position, expected.name)
        assert sealed.text[signer.span[0]:signer.span[1]] == signer.name


@pytest.mark.seeds
@pytest.mark.slow
def test_crooked_seed_scans_score_near_the_seed_text(shared: Path, tesseract: str) -> None:
    """Each seed scanned at 300 dpi (a scanner's usual resolution) with its pages
    upright, upside down, on their right and left sides in turn, all tilted 2.5 degrees:
    within 0.10 of the text, as a straight scan is. (At 200 dpi the tilt, set and then
    taken out, costs one more misread accent: meta 0.895 instead of 0.947.)"""
    def as_crooked_scan(path: Path) -> Document:
        text = load_path(path).text
        scanned = fx.scan(fx.render_plan(text, fx.layout_for(text)), dpi=300,
                          turns=(0, 180, 90, 270), tilt=2.5)
        doc = vbparser.parse(scanned)
        (warning,) = [w for w in doc.warnings if w.code == "VB104"]
        assert "turned upright (clockwise): pages 2 (180°), 3 (270°), 4 (90°)" in warning.message
        assert "levelled: pages 1-" in warning.message
        return doc

    gold = shared / "gold"
    _compare("seeds scanned crooked", _scores(gold, None), _scores(gold, as_crooked_scan), 0.10)


# --- corpus plans scanned straight: what Tesseract misreads, and what is read through ---


SCANNED_PLANS = ["b03_danguy_quangtan", "b04_danguy_vinhkhe", "b09_chibo_tanhoi",
                 "b10_chibo_thcs_vinhkhe", "b14_btctu_hd04", "b21_danguy_vinhkhe_hd02"]


@pytest.mark.slow
def test_corpus_plans_scanned_read_through_misread_marks(tesseract: str) -> None:
    """Six corpus plans typeset and scanned at 300 dpi. Tesseract misreads a mark in
    their bold headings ("ĐÔI TƯỢNG", "YÊU CẤU"), in the type line ("HƯỚNG DÂN"), reads
    a tilde of the line below as a word ("_ 2."), and boxes each line as tall as its ink
    ("... Tổ quốc Việt" half as tall again as "Nam xã.", which goes on with it). Before,
    two of them lost every subject (their subjects part was not known as such), one a
    subject split in two at "Việt" / "Nam", one its type and title, one a deadline (the
    line carried to the next page read as a small-print running header), and sections
    scored 0.80-0.92; now each scores as its text on every field but for a misread
    name."""
    folder = REPO / "corpora" / "campaign_b"
    for stem in SCANNED_PLANS:
        (source,) = (folder / "docs").glob(f"{stem}.*")
        text = load_path(source).text
        scanned = vbparser.parse(fx.scan(fx.render_plan(text, fx.layout_for(text)), dpi=300))
        gold = folder / "gold" / f"{stem}.json"
        scores = _scores(gold, lambda _: scanned)  # noqa: B023 (called at once)
        assert _scores(gold, None) == dict.fromkeys(scores, 1.0)
        assert scores["subjects"] == scores["legal_refs"] == scores["deadlines"] == 1.0, stem
        assert min(scores.values()) >= 0.9, (stem, scores)
        assert not any(line.startswith("_") for line in scanned.text.splitlines()), stem
        titles = [s.title for s in scanned.sections if s.title and s.title.isupper()]
        assert {"ĐỐI TƯỢNG", "MỤC ĐÍCH, YÊU CẦU"} & {t.split(". ", 1)[-1] for t in titles}
        assert scanned.meta.doc_type and scanned.meta.title, stem
