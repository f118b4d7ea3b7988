"""Re-split flattened text at section labels (issue 3).

Web copies and bad PDF dumps come with every line break turned into a space. This step
finds such text (long and nearly without line breaks) and puts a line break back, in
place of one space, before each section label that continues the outline — "I- MỤC
ĐÍCH" ... "1. Mục đích" ... "2. Yêu cầu" ... "II- NỘI DUNG" — and before the other
tokens that always open a line (markdown heading marks, rules, bullets after a clause,
"Nơi nhận:", "T/M ..."). A "1." inside a sentence does not continue the outline and is
left alone (``numbering.Outline`` in strict mode). Text with ordinary line breaks is
returned unchanged, so the step is safe to run on every document.

Registered in ``normalize.STEPS`` as ``"unflatten"``, before ``"markup"`` (so that the
heading marks it brings to line starts are removed) and ``"lines"``.
"""

from __future__ import annotations

from vbparser.numbering import Outline, label_from_match
from vbparser.patterns import FLAT_LABEL, flat_break
from vbparser.spans import OffsetMap, TextBuilder

# A text is flat when it is at least this long and has fewer line breaks than one per
# this many characters (the seeds have one per 100–200 characters).
MIN_FLAT_LENGTH = 300
CHARS_PER_BREAK = 600
# A bullet glued to the word before it breaks the line only after a heading this short
# ("2. Yêu cầu - Các cấp uỷ ...").
MAX_HEADING = 80


def is_flat(text: str) -> bool:
    """Whether ``text`` lost its line breaks.

    >>> is_flat("I. MỤC ĐÍCH " * 30), is_flat("I. MỤC ĐÍCH\\n" * 30)
    (True, False)
    """
    return len(text) >= MIN_FLAT_LENGTH and text.count("\n") * CHARS_PER_BREAK < len(text)


def break_points(text: str) -> list[int]:
    """Positions of the white-space characters to turn into line breaks, in order."""
    candidates = [(p, "label") for p in _label_breaks(text)]
    for match in flat_break().finditer(text):
        kind = match.lastgroup or "tok"
        start = match.start(kind)
        if text[:start].rstrip(" \t*").endswith("#"):
            continue  # "#### Nơi nhận:": the heading mark already opens the line
        candidates.append((start - 1, kind))
        if kind == "tok" and text[start:match.end()].lstrip("*")[:1] in "-_=–—":
            candidates.append((match.end(), "rule"))  # the body starts after the rule
    return _accepted(text, sorted(set(candidates)))


def _accepted(text: str, candidates: list[tuple[int, str]]) -> list[int]:
    """Keep the candidates that break the text; a ``tail`` bullet only after a heading."""
    points: list[int] = []
    after_label = False
    for point, kind in candidates:
        if not (0 <= point < len(text) and text[point] in " \t"):
            continue
        if points and point == points[-1]:
            continue
        if kind == "tail" and not (after_label and point - points[-1] <= MAX_HEADING):
            continue
        points.append(point)
        after_label = kind == "label"
    return points


def _label_breaks(text: str) -> list[int]:
    outline = Outline(strict=True)
    points = []
    for match in FLAT_LABEL.finditer(text):
        label = label_from_match(match)
        if label is not None and outline.place(label) is not None:
            points.append(match.start() - 1)
    return points


def unflatten(text: str) -> tuple[str, OffsetMap]:
    """Put line breaks back into flattened text; leave other text unchanged.

    >>> body = "Kiểm điểm, đánh giá hằng năm. " * 40
    >>> out, _ = unflatten(f"KẾ HOẠCH I. MỤC ĐÍCH 1. Mục đích {body} 2. Yêu cầu {body}")
    >>> [line[:12] for line in out.split("\\n")]
    ['KẾ HOẠCH', 'I. MỤC ĐÍCH', '1. Mục đích ', '2. Yêu cầu K']
    """
    if not is_flat(text):
        return text, OffsetMap.identity(len(text))
    out = TextBuilder()
    last = 0
    for point in break_points(text):
        out.copy(text, last, point)
        out.put("\n", point, point + 1)
        last = point + 1
    out.copy(text, last, len(text))
    return out.finish(len(text))
