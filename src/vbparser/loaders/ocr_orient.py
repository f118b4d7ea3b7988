"""Scanned pages set straight for recognition: tilt before it, orientation after it.

Paper plans go through the scanner a little askew, and now and then sideways or upside
down. Tesseract reads lines tilted by a degree or so, but at three degrees it drops
whole lines, and the tilted lines run into each other in the layout's reading order.
It cannot tell a page turned upside down from an upright one either: it reads the
turned letters ("nẹp ueud"), or the lines of a page on its side down the page.

* Tilt: ``straighten`` measures the slant of the text lines on a small copy of the
  page (``deskew``: a Hough transform of its edges, within ``MAX_TILT`` degrees) and
  turns the page back when it leans ``MIN_TILT`` degrees or more.
* Orientation: a page whose recognised words are mostly not Vietnamese syllables, or
  mostly taller than wide (``looks_turned``), is shown to Tesseract's orientation
  detector (``--psm 0``, the osd model Debian's tesseract-ocr depends on), and then
  recognised again turned the way it says (``turned``). Upright pages, nearly all,
  cost only the word test; the detector costs about half a recognition.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence
from typing import Any

from vbparser.loaders.encoding import is_syllable
from vbparser.loaders.pdf_fragments import Fragment

# Tilts below this are left alone (Tesseract reads them as well straightened); tilts
# beyond the largest looked for are not measured (a page that far off is turned, not
# tilted, or has no lines to measure).
MIN_TILT = 0.3
MAX_TILT = 10.0
# The slant is measured on a copy of the page at this resolution: the text lines are
# still lines there, and the transform takes about a seventh of a second (against
# two to three seconds for Tesseract to read the page).
_MEASURE_DPI = 60
# Steps between the slants tried, in degrees: the result is within about 0.2 degree.
_STEP = 0.4
# A page is judged only on enough words, and turned when fewer than this share of its
# words are syllables, or more than this share stand taller than wide.
_MIN_WORDS = 15
_MIN_SYLLABLES = 0.6
_MAX_TALL = 0.5
# The detector's answer is taken when it is at least this sure (it reports 13-17 on
# plan pages turned every way at 200 dpi; on a page with too few letters it answers
# nothing).
_MIN_CONFIDENCE = 2.0
_ROTATE = re.compile(r"^Rotate:\s*(\d+)", re.MULTILINE)
_CONFIDENCE = re.compile(r"^Orientation confidence:\s*([\d.]+)", re.MULTILINE)
_LETTERS = re.compile(r"[^\W\d_]{2,}")


def straighten(image: Any, dpi: int) -> tuple[Any, float]:
    """The page image turned level, and the angle it was turned by (0.0 if left alone).

    ``image`` is a greyscale PIL image rendered at ``dpi``; it keeps its size, the
    corners that turn out of it being margin.
    """
    import numpy as np
    from deskew import determine_skew
    from PIL import Image

    small = image.reduce(max(1, round(dpi / _MEASURE_DPI)))  # averages blocks of pixels
    angle = determine_skew(np.asarray(small), min_angle=-MAX_TILT, max_angle=MAX_TILT,
                           min_deviation=_STEP)
    if angle is None or not MIN_TILT <= abs(angle) < MAX_TILT:
        return image, 0.0
    level = image.rotate(float(angle), resample=Image.Resampling.BICUBIC, fillcolor=255)
    return level, round(float(angle), 1)


def syllable_share(words: Sequence[Fragment]) -> float | None:
    """The share of the letter runs in ``words`` that are Vietnamese syllables, or None
    when there are too few to judge."""
    runs = [run for word in words for run in _LETTERS.findall(word.text)]
    if len(runs) < _MIN_WORDS:
        return None
    return sum(1 for run in runs if is_syllable(run)) / len(runs)


def looks_turned(words: Sequence[Fragment]) -> bool:
    """Whether a recognised page reads as a page on its side or upside down: its words
    are mostly not syllables (turned letters), or its longer words mostly stand taller
    than wide (lines read down the page).

    >>> upright = [Fragment(1, 10 * k, 10 * k + 30, 0, 10, "đảng") for k in range(20)]
    >>> looks_turned(upright)
    False
    >>> looks_turned([w._replace(text="ueud") for w in upright])
    True
    >>> looks_turned([w._replace(x1=w.x0 + 8, bottom=40) for w in upright])
    True
    """
    share = syllable_share(words)
    if share is not None and share < _MIN_SYLLABLES:
        return True
    longer = [w for w in words if len(w.text) >= 3]
    if len(longer) < _MIN_WORDS:
        return False
    tall = sum(1 for w in longer if w.bottom - w.top > w.x1 - w.x0)
    return tall > _MAX_TALL * len(longer)


def orientation(command: str, image: bytes, timeout: float, env: dict[str, str]) -> int:
    """How many degrees clockwise the page must turn to stand upright (0, 90, 180 or
    270), as Tesseract's orientation detector says; 0 when it is unsure, finds too few
    letters, lacks its model or fails."""
    try:
        done = subprocess.run([command, "stdin", "stdout", "--psm", "0"], input=image,
                              capture_output=True, timeout=timeout, env=env, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return 0
    return parse_orientation(done.stdout.decode("utf-8", "replace"))


def parse_orientation(report: str) -> int:
    """The turn in the detector's report, when it is sure enough.

    >>> parse_orientation("Orientation in degrees: 270\\nRotate: 90\\n"
    ...                   "Orientation confidence: 15.61\\nScript: Latin\\n")
    90
    >>> parse_orientation("Rotate: 180\\nOrientation confidence: 0.40\\n")
    0
    """
    rotate, confidence = _ROTATE.search(report), _CONFIDENCE.search(report)
    if rotate is None or confidence is None or float(confidence.group(1)) < _MIN_CONFIDENCE:
        return 0
    degrees = int(rotate.group(1)) % 360
    return degrees if degrees in (90, 180, 270) else 0


def turned(image: Any, degrees: int) -> Any:
    """``image`` turned ``degrees`` clockwise (a multiple of 90: exact, no resampling)."""
    from PIL import Image

    transpose = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180,
                 270: Image.Transpose.ROTATE_90}
    return image.transpose(transpose[degrees]) if degrees in transpose else image
