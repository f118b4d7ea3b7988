"""Text recognition of page images with Tesseract (Debian tesseract-ocr + tesseract-ocr-vie).

``replace_scanned`` decides which pages of a PDF need OCR — pages that hold images but
no text, or every page when the text layer is not Vietnamese (a font without a Unicode
map) — renders them with pypdfium2, and swaps in what Tesseract reads, with a VB104
warning giving the pages and the mean confidence. A text layer that is not Vietnamese is
first read as the codes of a legacy Vietnamese font (TCVN3 for .VnTime, VNI for
VNI-Times): when that gives Vietnamese, it is decoded exactly instead (VB107) and only
pages without text go to OCR.

The binary is run directly, one process per page, several pages at a time: each process
gets ``OMP_THREAD_LIMIT=1`` so that parallel pages do not fight over the cores, a time
limit, and the page image on its standard input; it answers with TSV (one row per word:
block, paragraph, line, box, confidence). pytesseract cannot set a child's environment,
and with OpenMP's default threads a page took 8.9 s instead of 1.9 s on two cores here;
ocrmypdf would bring a whole PDF toolchain for the same Tesseract call. Words are
grouped back into lines, lines are cut at wide
gaps (columns), and the result is the same ``Fragment``\\ s the PDF text layer gives, so
the same layout code orders and joins them.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import filterfalse
from typing import Any

from vbparser.config import Config
from vbparser.errors import OcrError, warning_message
from vbparser.loaders.encoding import is_syllable
from vbparser.loaders.pdf_fragments import Fragment, Page, split_wide_gaps
from vbparser.loaders.pdf_legacy import legacy_layer
from vbparser.model import Warning

# The command run; tests point it elsewhere to check the message when it is missing.
TESSERACT = "tesseract"
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"

# Repairs of what Tesseract's Vietnamese model gets wrong on plans (measured on the seed
# scans, issue 8). Each is unambiguous: the wrong form never occurs in a plan.
# - "Đ" read twice, once as the Icelandic "Ð": "124-QĐÐ/TW".
_DOUBLE_D = re.compile("[ĐÐ]{2,}")
# - a dotted "i" read as "ỉ" before the words that only "chi" / "tinh" precede.
_TONE_SLIPS = {("chỉ", "bộ"): "chi", ("chỉ", "ủy"): "chi", ("chỉ", "uỷ"): "chi",
               ("chỉ", "đoàn"): "chi", ("Chỉ", "bộ"): "Chi", ("Chỉ", "ủy"): "Chi",
               ("Chỉ", "uỷ"): "Chi", ("tỉnh", "thần"): "tinh"}
# - the full stop of a label read as a comma, the Is of a Roman numeral as l, 1 or |:
#   "5, Các chi bộ" → "5. Các chi bộ", "Il. NỘI DUNG" → "II. NỘI DUNG".
_COMMA_LABEL = re.compile(r"^(\d{1,2}),$")
_ROMAN_LABEL = re.compile(r"^[Il|1]*[l|][Il|1]*([.\-])$|^[Il|1]*1[Il|1]*I[Il|1]*([.\-])$")
# - a stroke of a bold Roman numeral lost: "II. NỘI DUNG" after "II. ..." is "III.".
_ROMAN_HEADING = re.compile(r"^([IVX]{1,4})([.\-]\s+)(.*)$")
_ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8,
                 "IX": 9, "X": 10, "XI": 11, "XII": 12}
_ROMANS = {v: k for k, v in _ROMAN_VALUES.items()}
# A speck read as punctuation: a low-confidence word with no letter or digit.
_SPECK_CONFIDENCE = 30.0
_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE_LINES = 40
_SAMPLE_WORDS = 60


@dataclass(frozen=True, slots=True)
class PageImage:
    """A rendered page: PGM/PNG bytes, the pixels per point, and the page size in points."""

    number: int
    data: bytes
    scale: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class Recognised:
    """Recognised pages and the mean word confidence (0-100) over all of them."""

    pages: tuple[Page, ...]
    confidence: float
    words: int


def replace_scanned(document: Any, pages: list[Page], image_only: list[int], cfg: Config,
                    label: str) -> tuple[list[Page], list[Warning]]:
    """Replace the pages that need OCR by what Tesseract reads on them.

    Args:
        document: the open pypdfium2 document (rendered here, not closed).
        pages: the pages as the text layer gave them.
        image_only: numbers of the pages with images and (almost) no text.
        cfg: ``ocr`` mode, language, resolution, workers and time limit.
        label: the file name for messages.

    Returns:
        The pages, OCR'd ones swapped in, and a VB104 warning (or VB106 when OCR is
        unavailable but other pages have text: a scanned appendix must not cost them),
        after a VB107 one when the text layer was decoded from a legacy font encoding.

    Raises:
        OcrError: OCR is needed for a document with no other text and cannot run.
    """
    # Forced OCR replaces every page anyway; otherwise a layer that is not Vietnamese
    # may be a legacy font's codes, decoded exactly in a fraction of OCR's time.
    garbage = cfg.ocr != "always" and _garbage(pages)
    warnings: list[Warning] = []
    if garbage and (decoded := legacy_layer(pages, _syllable_share)) is not None:
        pages, encoding = decoded
        garbage = False
        warnings.append(Warning("VB107", f"{warning_message('VB107')}: {encoding}"))
    numbers, reason = _plan(pages, image_only, cfg, garbage)
    if not numbers:
        return pages, warnings
    others_have_text = any(p.fragments for p in pages if p.number not in numbers)
    try:
        workers = min(cfg.ocr_workers or os.cpu_count() or 1, len(numbers))
        result = recognise(_images(document, numbers, cfg.ocr_dpi), cfg.ocr_language,
                           cfg.ocr_dpi, workers, cfg.ocr_timeout)
    except OcrError as exc:
        if others_have_text:
            return pages, [*warnings, Warning("VB106", f"{warning_message('VB106')}: "
                                              f"pages {_ranges(numbers)} ({exc})")]
        raise OcrError(f"{label}: the PDF has {reason} and needs OCR, but {exc}") from None
    by_number = {p.number: p for p in _renumber(result.pages)}
    message = (f"{warning_message('VB104')}: pages {_ranges(numbers)} ({reason}), "
               f"mean confidence {result.confidence:.0f}%")
    return [by_number.get(p.number, p) for p in pages], [*warnings, Warning("VB104", message)]


def _renumber(pages: tuple[Page, ...]) -> list[Page]:
    """Give a repeated Roman heading number the next value ("II." twice: the second is III.).

    Only headings in capitals count; a plan never numbers two of them alike, while
    Tesseract often loses one stroke of a bold "II" or "III".
    """
    last = 0
    out = []
    for page in pages:
        frags = list(page.fragments)
        for k in sorted(range(len(frags)), key=lambda i: frags[i].top):
            frag = frags[k]
            match = _ROMAN_HEADING.match(frag.text)
            if not match or not match.group(3).isupper() or match.group(1) not in _ROMAN_VALUES:
                continue
            value = _ROMAN_VALUES[match.group(1)]
            if value == last and value + 1 in _ROMANS:
                value += 1
                frags[k] = frag._replace(text=_ROMANS[value] + match.group(2) + match.group(3))
            last = value
        out.append(Page(page.number, page.width, page.height, tuple(frags)))
    return out


def _plan(pages: list[Page], image_only: list[int], cfg: Config,
          garbage: bool) -> tuple[list[int], str]:
    """Which pages to recognise, and why (``garbage``: the text layer is not Vietnamese)."""
    if cfg.ocr == "never":
        return [], ""
    if cfg.ocr == "always":
        return [p.number for p in pages], "OCR forced"
    if garbage:
        return [p.number for p in pages], "a text layer that is not readable Vietnamese"
    return image_only, "no text layer"


def _garbage(pages: list[Page]) -> bool:
    """Whether the text layer is mostly not Vietnamese syllables (a font with no Unicode map)."""
    share = _syllable_share(pages)
    return share is not None and share < 0.5


def _syllable_share(pages: list[Page]) -> float | None:
    """The share of sampled words that are Vietnamese syllables, or None if too few.

    Judges the distinct words with non-ASCII letters of about ``_SAMPLE_LINES`` lines
    spread over the document; fewer than 20 such words (English, no text) are not judged.
    """
    frags = [f for page in pages for f in page.fragments]
    step = max(1, len(frags) // _SAMPLE_LINES)
    words = _non_ascii_words(" ".join([f.text for f in frags[::step]]))
    if len(words) < 20:
        return None
    sample = sorted(words)[::max(1, len(words) // _SAMPLE_WORDS)]
    return sum(1 for w in sample if _syllable(w)) / len(sample)


def _non_ascii_words(text: str) -> set[str]:
    """The distinct words (runs of letters) of ``text`` that hold a non-ASCII letter.

    Only the distinct tokens between spaces that hold a non-ASCII character can hold
    one, and most of those are a word on their own: the regex runs on the others only
    (which also splits them at any other white space). Each filter runs at C speed.

    >>> sorted(_non_ascii_words("Số 12/QĐ-TW\\u00a0ngày (Đảng ủy) abc"))
    ['QĐ', 'Số', 'ngày', 'Đảng', 'ủy']
    """
    tokens = set(filterfalse(str.isascii, text.split(" ")))
    words = set(filter(str.isalpha, tokens))
    if rest := tokens - words:
        words.update(filterfalse(str.isascii, _WORD.findall(" ".join(rest))))
    return words


_syllable = lru_cache(maxsize=8192)(is_syllable)  # plans share most of their words


def _images(document: Any, numbers: list[int], dpi: int) -> Iterator[PageImage]:
    """Render pages lazily for OCR, as greyscale PGM (no compression to pay for)."""
    scale = dpi / 72
    for number in numbers:
        page = document[number - 1]
        try:
            image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
            width, height = page.get_size()
        finally:
            page.close()
        out = io.BytesIO()
        image.save(out, format="PPM")
        yield PageImage(number, out.getvalue(), scale, width, height)


def _ranges(numbers: list[int]) -> str:
    """Compact page ranges.

    >>> _ranges([1, 2, 3, 5])
    '1-3, 5'
    """
    out: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}-{prev}" if prev != start else str(start))
        if n is not None:
            start = prev = n
    return ", ".join(out)


def tesseract_command(language: str) -> str:
    """Return the path of a Tesseract that has ``language``.

    Raises:
        OcrError: Tesseract is not installed, or lacks the language model.
    """
    path = shutil.which(TESSERACT)
    if path is None:
        raise OcrError(f"Tesseract is not installed (no {TESSERACT!r} command); "
                       f"install it with: {INSTALL_HINT}")
    missing = [lang for lang in language.split("+") if lang not in _languages(path)]
    if missing:
        raise OcrError(f"Tesseract has no {'+'.join(missing)!r} language model; "
                       f"install it with: {INSTALL_HINT}")
    return path


@cache
def _languages(path: str) -> frozenset[str]:
    try:
        done = subprocess.run([path, "--list-langs"], capture_output=True, text=True,
                              timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OcrError(f"Tesseract ({path}) cannot be run: {exc}") from None
    lines = (done.stdout + done.stderr).splitlines()
    return frozenset(x.strip() for x in lines if x.strip() and " " not in x.strip())


def recognise(images: Iterable[PageImage], language: str, dpi: int, workers: int,
              timeout: float) -> Recognised:
    """Recognise pages in parallel (``workers`` Tesseract processes at a time).

    ``images`` may be a generator: pages are rendered while earlier ones are recognised,
    and at most ``2 * workers`` images wait in memory.

    Raises:
        OcrError: Tesseract is missing or fails, or a page takes longer than ``timeout``.
    """
    command = tesseract_command(language)
    done: dict[int, tuple[Page, list[float]]] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: dict[Future[str], PageImage] = {}
        try:
            for image in images:
                pending[pool.submit(_run, command, image.data, language, dpi, timeout)] = image
                if len(pending) >= 2 * workers:
                    _collect(pending, done, FIRST_COMPLETED)
            while pending:
                _collect(pending, done, FIRST_COMPLETED)
        except BaseException:
            for future in pending:
                future.cancel()
            raise
    pages = tuple(done[n][0] for n in sorted(done))
    confidences = [c for n in done for c in done[n][1]]
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return Recognised(pages, mean, len(confidences))


def _collect(pending: dict[Future[str], PageImage], done: dict[int, tuple[Page, list[float]]],
             how: str) -> None:
    finished, _ = wait(pending, return_when=how)
    for future in finished:
        image = pending.pop(future)
        done[image.number] = _page(future.result(), image)


def _run(command: str, image: bytes, language: str, dpi: int, timeout: float) -> str:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run([command, "stdin", "stdout", "-l", language, "--dpi", str(dpi),
                               "--psm", "3", "tsv"], input=image, capture_output=True,
                              timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired:
        raise OcrError(f"Tesseract took more than {timeout:g} s on a page "
                       "(raise Config.ocr_timeout or lower Config.ocr_dpi)") from None
    except OSError as exc:
        raise OcrError(f"Tesseract cannot be run: {exc}") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrError(f"Tesseract failed ({reason[-1] if reason else done.returncode})")
    return done.stdout.decode("utf-8", "replace")


def _page(tsv: str, image: PageImage) -> tuple[Page, list[float]]:
    """Words of one page's TSV grouped into line fragments, with their confidences."""
    lines: dict[tuple[str, str, str], list[Fragment]] = {}
    confidences = []
    for word, conf, key in _words(tsv, image):
        lines.setdefault(key, []).append(word)
        confidences.append(conf)
    fragments = [f for words in lines.values() for f in split_wide_gaps(_repair(words))]
    return Page(image.number, image.width, image.height, tuple(fragments)), confidences


def _repair(words: list[Fragment]) -> list[Fragment]:
    """Fix Tesseract's unambiguous slips in one line of words (see ``_TONE_SLIPS``)."""
    out = []
    for k, word in enumerate(words):
        text = _DOUBLE_D.sub("Đ", word.text)
        after = words[k + 1].text if k + 1 < len(words) else ""
        text = _TONE_SLIPS.get((text, after.rstrip(",.;:")), text)
        if k == 0 and after[:1].isupper():
            text = _COMMA_LABEL.sub(r"\1.", text)
            roman = _ROMAN_LABEL.match(text)
            if roman:
                text = "I" * (len(text) - 1) + text[-1]
        if text != word.text:
            word = Fragment(word.page, word.x0, word.x1, word.top, word.bottom, text, word.bold)
        out.append(word)
    return out


def _words(tsv: str, image: PageImage) -> Iterator[tuple[Fragment, float, tuple[str, str, str]]]:
    rows = tsv.splitlines()
    for row in rows[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        try:
            left, top, width, height = (float(c) / image.scale for c in cells[6:10])
            conf = float(cells[10])
        except ValueError:
            continue
        text = cells[11].strip()
        if conf < 0 or (conf < _SPECK_CONFIDENCE and not any(c.isalnum() for c in text)):
            continue
        word = Fragment(image.number, left, left + width, top, top + height, text)
        yield word, conf, (cells[2], cells[3], cells[4])
