"""PDFs typed in legacy Vietnamese fonts (.VnTime: TCVN3, VNI-Times: VNI) are decoded, not OCR'd.

The fixtures set every string as the legacy font's codes drawn in DejaVu, so pdfium
reads back exactly the Windows-1252 mojibake a Word export of such a document holds.
Tesseract is never needed: ``ocr.recognise`` is made to fail in every test that expects
decoding.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest

import vbparser
from tests import pdf_fixtures as fx
from tests.test_pdf import _compare, _scores
from vbparser.config import Config
from vbparser.errors import OcrError
from vbparser.loaders import load_path, ocr
from vbparser.loaders.pdf import load_pdf
from vbparser.model import Document

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not fx.fonts_available(), reason=(
    "the DejaVu fonts are missing: apt-get install fonts-dejavu-core (make system-deps)"))
Render = Callable[..., Path]


@pytest.fixture(scope="module")
def legacy(tmp_path_factory: pytest.TempPathFactory) -> Render:
    """``legacy(text, encoding)``: a cached PDF of ``text`` set in a legacy font's codes."""
    folder = tmp_path_factory.mktemp("legacy")

    def make(text: str, encoding: str, **options: object) -> Path:
        path = folder / f"{abs(hash((text, *options.items())))}-{encoding}.pdf"
        if not path.exists():
            layout = dataclasses.replace(fx.layout_for(text, **options), encoding=encoding)
            path.write_bytes(fx.render_plan(text, layout))
        return path

    return make


@pytest.fixture
def no_tesseract(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("Tesseract was called")

    monkeypatch.setattr(ocr, "recognise", fail)


def layer_words(path: Path) -> list[str]:
    document = pdfium.PdfDocument(path)
    try:
        return [w for i in range(len(document))
                for w in document[i].get_textpage().get_text_range().split()]
    finally:
        document.close()


def legacy_warning(doc: Document) -> str:
    messages = [w.message for w in doc.warnings if w.code == "VB107"]
    assert len(messages) == 1, [w.code for w in doc.warnings]
    assert "VB104" not in [w.code for w in doc.warnings]
    return messages[0]


# --- the fixtures -------------------------------------------------------------------------


@pytest.mark.parametrize(("encoding", "word"), [("TCVN3", "§¶NG"), ("VNI", "ÑAÛNG")])
def test_the_text_layer_holds_the_legacy_codes(legacy: Render, encoding: str,
                                               word: str) -> None:
    words = layer_words(legacy(fx.SAMPLE_PLAN, encoding))
    coded = set(fx.legacy_codes(fx.SAMPLE_PLAN, encoding).split())
    assert word in words and "ĐẢNG" not in words
    assert {w for w in words if w not in coded} <= {"-", "2"}  # the page-2 footer


# --- decoding -----------------------------------------------------------------------------


@pytest.mark.seeds
@pytest.mark.usefixtures("no_tesseract")
def test_tcvn3_seed_pdfs_score_like_the_seed_text(shared: Path, legacy: Render) -> None:
    def as_tcvn3(path: Path) -> Document:
        doc = vbparser.parse(legacy(load_path(path).text, "TCVN3"))
        assert legacy_warning(doc).endswith("TCVN3")
        return doc

    gold = shared / "gold"
    _compare("seeds TCVN3", _scores(gold, None), _scores(gold, as_tcvn3), 0.02)


@pytest.mark.usefixtures("no_tesseract")
def test_a_vni_corpus_plan_scores_like_its_text(legacy: Render) -> None:
    golds = sorted(REPO.glob("corpora/campaign_*/gold/*.json"))
    if not golds:
        pytest.skip("no corpus documents with gold")
    docs = (golds[0].parent.parent / "docs",)

    def as_vni(path: Path) -> Document:
        # As test_pdf's corpus PDFs: the running header keeps a closing that a page
        # break puts at the top of a page from being taken for one (VNI's mark
        # characters are wide in DejaVu, so its pages break elsewhere).
        doc = vbparser.parse(legacy(load_path(path).text, "VNI", running_header="Kế hoạch",
                                    footer="trang"))
        assert legacy_warning(doc).endswith("VNI")
        return doc

    _compare("corpus VNI", _scores(golds[0], None, docs), _scores(golds[0], as_vni, docs),
             0.02)


@pytest.mark.usefixtures("no_tesseract")
@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_decoding_gives_the_unicode_pdfs_text(legacy: Render, render_unicode: bytes,
                                              encoding: str) -> None:
    path = legacy(fx.SAMPLE_PLAN, encoding)
    decoded = load_pdf(path.read_bytes(), str(path))
    assert [w.code for w in decoded.warnings] == ["VB107"]
    never = load_pdf(path.read_bytes(), str(path), Config(ocr="never"))
    assert never.text == decoded.text and never.blocks == decoded.blocks
    unicode = load_pdf(render_unicode, "sample.pdf").text
    # Lines may wrap elsewhere (VNI's marks are wide in DejaVu); TCVN3 has no code for
    # most toned capitals, so "Ủy ban" in a line that is not all capitals reads "ủy ban".
    assert decoded.text.lower().split() == unicode.lower().split()
    assert "\nKẾ HOẠCH\n" in decoded.text and "\nI. MỤC ĐÍCH, YÊU CẦU\n" in decoded.text


@pytest.fixture(scope="module")
def render_unicode() -> bytes:
    return fx.render_plan(fx.SAMPLE_PLAN, fx.layout_for(fx.SAMPLE_PLAN))


@pytest.mark.usefixtures("no_tesseract")
def test_capitals_set_with_the_small_letters_codes_come_out_in_capitals(
        legacy: Render) -> None:
    """A .VnTimeH heading stores "KẾ HOẠCH" as "KÕ HO¹CH": the toned letters take the small
    letters' codes, the plain letters say the line is in capitals."""
    path = legacy(fx.SAMPLE_PLAN, "TCVN3H")
    assert "KÕ" in layer_words(path) and "HO¹CH" in layer_words(path)
    lines = load_path(path).text.splitlines()
    # "BÍ THƯ" ends in TCVN3's "ư", the soft hyphen's code, which pdfium reports at a
    # line end as its hyphen mark.
    for heading in ("ĐẢNG ỦY XÃ HOÀNG SƠN", "KẾ HOẠCH", "II. NỘI DUNG", "T/M ĐẢNG ỦY",
                    "BÍ THƯ", "Lê Văn Bình", "- Lưu Văn phòng Đảng ủy."):
        assert heading in lines


@pytest.mark.usefixtures("no_tesseract")
def test_spans_map_to_the_pages_of_the_legacy_pdf(legacy: Render) -> None:
    path = legacy(fx.SAMPLE_PLAN * 2, "TCVN3")
    doc = vbparser.parse(path)
    document = pdfium.PdfDocument(path)
    try:
        pages = {i + 1: document[i].get_textpage().get_text_range()
                 for i in range(len(document))}
    finally:
        document.close()
    assert len(pages) > 2
    for needle in ("IV. TỔ CHỨC THỰC HIỆN", "Lê Văn Bình"):
        start = doc.text.rindex(needle)
        block = doc.block_at((start, start + len(needle)))
        assert block is not None and block.page == len(pages)
        assert fx.legacy_codes(needle, "TCVN3") in pages[block.page]


# --- what is not decoded ------------------------------------------------------------------


def _symbols(seed: int) -> str:
    """Lines of words made of random Latin-1 symbols and letters: no legacy font's codes."""
    rng = random.Random(seed)
    alphabet = [chr(c) for c in range(0xA1, 0x100)] + list("aeiouxyz")
    words = ("".join(rng.choices(alphabet, k=rng.randint(3, 7))) for _ in range(400))
    return "\n".join(" ".join(next(words) for _ in range(10)) for _ in range(40))


def test_a_layer_of_random_symbols_still_goes_to_ocr(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "symbols.pdf"
    path.write_bytes(fx.render_plan(_symbols(7), fx.Layout(columns=False)))
    calls: list[int] = []

    def unavailable(*args: object, **kwargs: object) -> None:
        calls.append(1)
        raise OcrError("Tesseract is not installed")

    monkeypatch.setattr(ocr, "recognise", unavailable)
    with pytest.raises(OcrError, match="not readable Vietnamese"):
        load_pdf(path.read_bytes(), str(path))
    assert calls == [1]
    never = load_pdf(path.read_bytes(), str(path), Config(ocr="never"))
    assert never.warnings == () and "¤" in _symbols(7) and "¤" in never.text  # as today


def test_an_ordinary_pdf_is_not_tried_as_a_legacy_font(render_unicode: bytes,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise AssertionError("an ordinary PDF was tried as a legacy font")

    monkeypatch.setattr(ocr, "legacy_layer", fail)
    loaded = load_pdf(render_unicode, "sample.pdf")
    assert "VB107" not in [w.code for w in loaded.warnings]
