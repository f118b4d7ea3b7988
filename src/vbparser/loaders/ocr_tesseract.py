"""Tesseract at work: page images in, line fragments and confidences out.

The binary is run directly, one process per page, several pages at a time: each process
gets ``OMP_THREAD_LIMIT=1`` so that parallel pages do not fight over the cores, a time
limit, and the page image on its standard input; it answers with TSV (one row per word:
block, paragraph, line, box, confidence). pytesseract cannot set a child's environment,
and with OpenMP's default threads a page took 8.9 s instead of 1.9 s on two cores here;
ocrmypdf would bring a whole PDF toolchain for the same Tesseract call.

Each page has the ink of seals and signatures and the scanner's dark edges taken out
(``ocr_ink``), is levelled before it is read, and turned upright and read again when it
reads as a page on its side or upside down (``ocr_orient``); a page with ruled tables
is read without them, and their cells apart (``ocr_rules``, ``ocr_cells``); the labels
Word sets a tab apart from their text, which Tesseract misreads alone, are read again
(``ocr_labels``), and so are the dates it was unsure of (``ocr_dates``). Words read
from what a signature's ink left are dropped (``ocr_strays``), the others grouped back
into lines, a few unambiguous misreadings are repaired (``ocr_repair``),
lines are cut at wide gaps (columns), and the result is the same ``Fragment``\\ s the
PDF text layer gives, so the same layout code orders and joins them.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, NamedTuple

from vbparser.errors import OcrError
from vbparser.loaders.ocr_cells import stack, unstack, without_tables
from vbparser.loaders.ocr_dates import DATE_CHARACTERS, doubtful_dates, redated, spanned
from vbparser.loaders.ocr_ink import black_ink, without_edges, without_specks
from vbparser.loaders.ocr_labels import (
    LABEL_CHARACTERS,
    Words,
    counted_ones,
    dotted,
    label_places,
    misread_labels,
    relabel,
)
from vbparser.loaders.ocr_labels import strip as label_strip
from vbparser.loaders.ocr_orient import looks_turned, orientation, straighten, turned
from vbparser.loaders.ocr_repair import heading_marks, repair, without_strays
from vbparser.loaders.ocr_rules import table_rules
from vbparser.loaders.ocr_strays import without_guesses
from vbparser.loaders.pdf_fragments import Fragment, Page, Rule, split_wide_gaps

# The command run; tests point it elsewhere to check the message when it is missing.
TESSERACT = "tesseract"
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"

# Tesseract's page segmentation modes: a page (automatic layout), and the strip of a
# table's cells (one uniform block of text, which keeps a lone "1" or "TT", ``ocr_cells``).
_PAGE_MODE = "3"
_CELLS_MODE = "6"
_LABEL_MODEL = "eng"  # lone labels ("I.", "2.") read without marks (``ocr_labels``)
# A speck read as punctuation: a low-confidence word with no letter or digit; or read as
# a letter: a low-confidence word less tall than any letter printed in a plan ("S" one
# point tall, from what a signature's ink left; the smallest print, 8 pt, stands 4 pt).
_SPECK_CONFIDENCE = 30.0
_SPECK_HEIGHT = 2.5  # points
_SPECK_LETTER_CONFIDENCE = 50.0


@dataclass(frozen=True, slots=True)
class PageImage:
    """A rendered page: a PIL image (in colour, made grey for reading by ``_read``), the
    pixels per point, and the page size in points."""

    number: int
    image: Any
    scale: float
    width: float
    height: float

    def ppm(self) -> bytes:
        """The image as PGM bytes, Tesseract's input (no compression to pay for)."""
        out = io.BytesIO()
        self.image.save(out, format="PPM")
        return out.getvalue()


@dataclass(frozen=True, slots=True)
class Prepared:
    """What was done to a page image before it was read: turned clockwise by
    ``turn`` degrees (upside down, on its side), levelled by ``tilt`` degrees, and
    whether coloured ink (a seal, a signature) was taken out (``inked``)."""

    turn: int = 0
    tilt: float = 0.0
    inked: bool = False


@dataclass(frozen=True, slots=True)
class Recognised:
    """Recognised pages and the mean word confidence (0-100) over all of them, and of
    each (by page number)."""

    pages: tuple[Page, ...]
    confidence: float
    words: int
    prepared: dict[int, Prepared] = field(default_factory=dict)  # by page number
    page_confidence: dict[int, float] = field(default_factory=dict)


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
    done: dict[int, _Read] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: dict[Future[_Read], PageImage] = {}
        try:
            for image in images:
                pending[pool.submit(_read, command, image, language, dpi, timeout)] = image
                if len(pending) >= 2 * workers:
                    _collect(pending, done, FIRST_COMPLETED)
            while pending:
                _collect(pending, done, FIRST_COMPLETED)
        except BaseException:
            for future in pending:
                future.cancel()
            raise
    pages = tuple(done[n].page for n in sorted(done))
    confidences = [c for n in done for c in done[n].confidences]
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    prepared = {n: r.prepared for n, r in sorted(done.items())
                if r.prepared != Prepared()}
    each = {n: sum(r.confidences) / len(r.confidences) for n, r in done.items() if r.confidences}
    return Recognised(pages, mean, len(confidences), prepared, each)


def _collect(pending: dict[Future[_Read], PageImage], done: dict[int, _Read],
             how: str) -> None:
    finished, _ = wait(pending, return_when=how)
    for future in finished:
        image = pending.pop(future)
        done[image.number] = future.result()


class _Read(NamedTuple):
    """One page read: its fragments, its words' confidences, its words, and what was
    done to its image first."""

    page: Page
    confidences: list[float]
    words: list[Fragment]
    prepared: Prepared = Prepared()


def _read(command: str, image: PageImage, language: str, dpi: int, timeout: float) -> _Read:
    """Recognise one page, levelled first, and turned upright and read again when it
    reads as a page on its side or upside down (``ocr_orient``); the ink of seals and
    signatures, the scanner's dark edges and specks of noise are taken out before anything
    (``ocr_ink``)."""
    grey, inked = black_ink(image.image, dpi)
    grey = without_specks(without_edges(grey, dpi), dpi)
    level, tilt = straighten(grey, dpi)
    first = replace(image, image=level)
    read = _recognise(command, first, language, dpi, timeout)
    read = read._replace(prepared=Prepared(0, tilt, inked))
    if not looks_turned(read.words):
        return read
    turn = orientation(command, first.ppm(), timeout, _environment())
    if not turn:
        return read
    # turned from the page as scanned: a slant measured on a page on its side is no tilt
    level, tilt = straighten(turned(grey, turn), dpi)
    width, height = ((image.height, image.width) if turn in (90, 270)
                     else (image.width, image.height))
    upright = replace(image, image=level, width=width, height=height)
    again = _recognise(command, upright, language, dpi, timeout)
    if looks_turned(again.words):
        return read
    return again._replace(prepared=Prepared(turn, tilt, inked))


def _recognise(command: str, image: PageImage, language: str, dpi: int,
               timeout: float) -> _Read:
    """Recognise one page image as it stands. A page with ruled tables (``ocr_rules``)
    is read in two parts: the page without its tables, and its tables' cells set one
    below another (``ocr_cells``), whose words are moved back in place. The dates of
    both that Tesseract was unsure of are read again (``ocr_dates``)."""
    ruled = table_rules(image.image, image.scale)
    body = (replace(image, image=without_tables(ruled.image, ruled.grids, image.scale))
            if ruled.grids else image)
    words = list(_words(_run(command, body.ppm(), language, dpi, timeout), body))
    words = _labels(command, body, words, language, dpi, timeout)
    if ruled.grids:
        strip, cells = stack(ruled.image, ruled.grids, image.scale)
        if strip is not None:
            stacked = replace(image, image=strip)
            tsv = _run(command, stacked.ppm(), language, dpi, timeout, _CELLS_MODE)
            words += unstack(_words(tsv, stacked), cells)
    words = _dates(command, replace(image, image=ruled.image), words, language, dpi, timeout)
    return _page(words, image, ruled.rules)


def _labels(command: str, image: PageImage, words: Words, language: str, dpi: int,
            timeout: float) -> Words:
    """``words`` with the labels set apart from their text that Tesseract misread read
    again (``ocr_labels``): on a strip, by a model without marks when one is installed;
    labels of ones ("II.") written with as many "I" as they have strokes, and "11."
    mended to "1.1." after "1."."""
    places = label_places(words)
    at = misread_labels(words, places)
    if at:
        read, ends = _again(command, image, [words[k][0] for k in at], LABEL_CHARACTERS,
                            language, dpi, timeout)
        words = relabel(words, at, read, ends)
    return dotted(counted_ones(words, places, image.image, image.scale), places)


def _dates(command: str, image: PageImage, words: Words, language: str, dpi: int,
           timeout: float) -> Words:
    """``words`` with the dates Tesseract was unsure of read again on a strip
    (``ocr_dates``), by a model without marks when one is installed."""
    runs = doubtful_dates(words)
    if not runs:
        return words
    read, ends = _again(command, image, [spanned(words, run) for run in runs],
                        DATE_CHARACTERS, language, dpi, timeout)
    return redated(words, runs, read, ends)


def _again(command: str, image: PageImage, boxes: list[Fragment], characters: str,
           language: str, dpi: int, timeout: float) -> tuple[Words, list[float]]:
    """The words in ``boxes`` read again: cropped, enlarged and set on a strip
    (``ocr_labels.strip``), read by a model without marks when one is installed, kept to
    ``characters``; the words read (boxes in strip pixels) and where each crop's share of
    the strip ends."""
    picture, ends = label_strip(image.image, boxes, image.scale)
    model = _LABEL_MODEL if _LABEL_MODEL in _languages(command) else language
    on_strip = PageImage(image.number, picture, 1.0, picture.width, picture.height)
    tsv = _run(command, on_strip.ppm(), model, dpi, timeout, _CELLS_MODE,
               (f"tessedit_char_whitelist={characters}",))
    return list(_words(tsv, on_strip)), ends


def _environment() -> dict[str, str]:
    """Tesseract's environment: one thread per process, so parallel pages do not fight
    over the cores."""
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def _run(command: str, image: bytes, language: str, dpi: int, timeout: float,
         mode: str = _PAGE_MODE, options: tuple[str, ...] = ()) -> str:
    """Tesseract's TSV for an image, read in page segmentation ``mode`` (with ``-c``
    ``options``)."""
    env = _environment()
    settings = [arg for option in options for arg in ("-c", option)]
    try:
        done = subprocess.run([command, "stdin", "stdout", "-l", language, "--dpi", str(dpi),
                               "--psm", mode, *settings, "tsv"], input=image, capture_output=True,
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


def _page(words: Iterable[tuple[Fragment, float, tuple[str, ...]]], image: PageImage,
          rules: tuple[Rule, ...] = ()) -> _Read:
    """Words of one page (``_words``) grouped into line fragments, with their confidences;
    the page keeps its ruled lines (``rules``), for its tables."""
    lines: dict[tuple[str, ...], list[Fragment]] = {}
    confidences = []
    kept = []
    for word, conf, key in without_guesses(list(words)):
        lines.setdefault(key, []).append(word)
        confidences.append(conf)
        kept.append(word)
    for key, line in lines.items():
        lines[key] = without_strays(line)
    keys = [key for key, line in lines.items() if line]
    fragments = []
    for previous, key, following in zip([None, *keys], keys, [*keys[1:], None]):
        # the words around the line in its paragraph, for slips at the line's ends; a
        # line followed by another paragraph's ends its own (not the page's last line)
        same = following is not None and following[:-1] == key[:-1]
        after = lines[following][0].text if following and same else ""
        before = lines[previous][-1].text if previous and previous[:-1] == key[:-1] else ""
        fragments += split_wide_gaps(repair(lines[key], after, following is not None
                                            and not same, before))
    fragments = [heading_marks(f) for f in fragments]
    return _Read(Page(image.number, image.width, image.height, tuple(fragments), rules),
                 confidences, kept)


def _words(tsv: str, image: PageImage) -> Iterator[tuple[Fragment, float, tuple[str, ...]]]:
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
        if conf < _SPECK_LETTER_CONFIDENCE and height < _SPECK_HEIGHT and text.isalnum():
            continue
        word = Fragment(image.number, left, left + width, top, top + height, text)
        yield word, conf, (cells[2], cells[3], cells[4])
