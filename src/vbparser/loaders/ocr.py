"""Text recognition of page images with Tesseract (Debian tesseract-ocr + tesseract-ocr-vie).

The binary is run directly, one process per page, several pages at a time: each process
gets ``OMP_THREAD_LIMIT=1`` so that parallel pages do not fight over the cores, a time
limit, and the page image on its standard input; it answers with TSV (one row per word:
block, paragraph, line, box, confidence). pytesseract and ocrmypdf would add a dependency
and no control over either. Words are grouped back into lines, lines are cut at wide
gaps (columns), and the result is the same ``Fragment``\\ s the PDF text layer gives, so
the same layout code orders and joins them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import cache

from vbparser.errors import OcrError
from vbparser.loaders.pdf_layout import Fragment, Page, split_wide_gaps

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
# A speck read as punctuation: a low-confidence word with no letter or digit.
_SPECK_CONFIDENCE = 30.0


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
