"""Reading order and paragraphs from positioned text fragments (the PDF and OCR loaders).

Both PDF engines and OCR reduce a page to ``Fragment``\\ s (``pdf_fragments``): runs of
text on one line with no wide gap inside, with their box in points (origin top left) and
weight. From those ``layout``

0. takes out the data tables, ruled grids of three columns or more (``pdf_tables``), to
   put back each as one line per row, its cells joined by " | ", where it stands;
1. drops page furniture near the top and bottom edges (``pdf_furniture``): bare page
   numbers ("2", "- 2 -", "Trang 2"), lines repeated at the same height and size on many
   pages (running headers and footers), and a small-print top line of a later page (a
   running header that a two-page document prints once);
2. puts each page in reading order (``pdf_columns``), keeping two-column regions whole:
   a row split by a wide gap (issuer | "ĐẢNG CỘNG SẢN VIỆT NAM", "Nơi nhận:" | "T/M BAN
   THƯỜNG VỤ") opens a region that lasts while the following rows stay on one side of
   the gutter; the region is emitted left column first, then right column (domain.md
   §1.2); a region that runs to the foot of a page goes on with the next page's first
   rows when they keep to its columns (a closing table split by a page break);
3. re-joins the lines of a paragraph: a line continues the previous one when the
   previous one is full (the next line's first word would not have fitted after it),
   or ends in a word that cannot end a line ("năm", "của", a comma), unless the next
   line is indented, bolder or larger, differently aligned, far below, or opens a
   labelled item after a sentence end; a line starting in lower case goes on the
   sentence; a hyphen at a line end joins without a space, a soft hyphen is dropped.

The result is the loader's text, one paragraph, heading or header line per line, and
one ``Block`` per PDF line with its page, so ``Document.block_at`` gives the page of any
span even inside a paragraph that runs over a page break.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from operator import attrgetter, sub

from vbparser.loaders.pdf_columns import Columns, emit_region, reading_order
from vbparser.loaders.pdf_fragments import (
    Flow,
    Fragment,
    Line,
    Metrics,
    Page,
    piece,
    split_wide_gaps,
    wide_gap,
)
from vbparser.loaders.pdf_furniture import opens_appendix, strip_furniture
from vbparser.loaders.pdf_tables import place_tables, take_tables
from vbparser.model import Block

__all__ = ["Fragment", "Page", "layout", "split_wide_gaps", "strip_furniture", "wide_gap"]

# An item label that opens a new paragraph after a sentence end: I. / II- / 1. / 1.2. /
# a) / (1) / - / + / •  (design.md "structure").
_LABEL = re.compile(r"^(?:[IVXLC]+\s*[.\-–]|\d+(?:\.\d+)*\s*[.)]|\(?[a-zđ]\)|\(\d+\)|[-+•–*])\s")
# Words a Vietnamese line cannot end on, so the sentence goes on in the next line
# (seed 001: "... của Ban" / "Thường vụ ...", "... ngày 22 tháng 11 năm" / "2023").
_DANGLING = frozenset(["năm", "ngày", "tháng", "số", "của", "và", "về", "các", "những", "theo",
                       "tại", "với", "cho", "đến", "từ", "trong", "được", "để", "là", "hoặc",
                       "đối"])
# A rule or separator line ("-----", "*", "___"): never part of a paragraph.
_RULE = re.compile(r"^[-_=*.–—~\s]+$")
_SENTENCE_END = (".", ";", ":", "!", "?")
_ITEM_END = (*_SENTENCE_END, ",")  # before a label: "- Ban Tổ chức Trung ương," / "- Văn phòng"
_INDENT = 15.0        # points: a first line further right than this starts a paragraph
_MIXED_ALIGN = ("CL", "LC")  # a centred line next to a left-aligned one
_TOP_LEFT = attrgetter("top", "x0")


def layout(pages: Sequence[Page]) -> tuple[str, tuple[Block, ...]]:
    """Turn pages of fragments into the loader's text and one ``Block`` per PDF line.

    Two passes over the fragments: one for the document's measures (furniture, margins,
    line pitch), one that orders, joins and emits each page's lines. Data tables are
    taken out first and placed back as one line per row (``pdf_tables``).
    """
    pages, tables = take_tables(pages)
    kept = strip_furniture(pages)
    ordered = [sorted(frags, key=_TOP_LEFT) for frags in kept]
    metrics = _metrics([f for frags in kept for f in frags], ordered)
    lines: list[Line] = []
    region = 0
    body = Flow("body", metrics.left, metrics.right)
    open_region: Columns | None = None
    for page, frags in zip(pages, ordered):
        if page.number in tables:
            region, open_region = place_tables(frags, tables[page.number], metrics, body,
                                               region, open_region, lines)
            continue
        region, open_region = reading_order(frags, metrics, body, region, open_region, lines)
    if open_region is not None:
        emit_region(open_region, metrics, region, lines)
    return _emit(lines, metrics)


def _metrics(frags: list[Fragment], pages: list[list[Fragment]]) -> Metrics:
    """Body margins, line pitch and mean character width of the document.

    ``frags`` are all the fragments in the engine's order, ``pages`` the same fragments
    page by page in top-left order.
    """
    if not frags:
        return Metrics(0.0, 1.0, 12.0, 5.0)
    _, x0s, x1s, tops, bottoms, texts, _ = zip(*frags)  # the columns, taken apart at C speed
    buckets = [round(x / 3) for x in x0s]
    bucket = Counter(buckets).most_common(1)[0][0]
    left = min([x for x, b in zip(x0s, buckets) if b == bucket])
    far = max(x1s)
    half = 0.5 * (far - left)
    wide = sorted([x for x in x1s if x - left > half]) or [far]
    right = wide[int(0.9 * (len(wide) - 1))]
    steps = []
    for page in pages:
        page_tops = [f.top for f in page]
        steps += [step for step in map(sub, page_tops[1:], page_tops) if step > 1]
    heights = statistics.median(map(sub, bottoms, tops))
    steps = [s for s in steps if s < 3 * heights] or [heights * 1.2]
    chars = sum(map(len, texts))
    width = sum(map(sub, x1s, x0s))
    return Metrics(left, max(right, left + 1), statistics.median(steps), width / max(chars, 1))


def _continues(a: Line, b: Line, m: Metrics, head: Line) -> bool:
    """Whether line ``b`` carries on the paragraph that line ``a`` (opened by ``head``) is in.

    In a left-aligned column the width is only known from its widest line, which would
    always look full; there a full line continues only in a bulleted or labelled item
    ("- Các đồng chí Uỷ viên Ban" / "Thường vụ Tỉnh uỷ;"), not in a header block
    ("ĐẢNG BỘ TỈNH ..." / "ĐẢNG ỦY XÃ ..."), and a labelled line never continues one
    ("- Ban Tổ chức Tỉnh ủy, để báo cáo" / "- Các đồng chí ...").
    """
    fa, fb = a.frag, b.frag
    flow = a.flow
    if flow is not b.flow or fa.bold != fb.bold or (
            a.align != b.align and a.align + b.align in _MIXED_ALIGN):
        return False
    ha, hb = fa.bottom - fa.top, fb.bottom - fb.top
    if abs(ha - hb) > 0.25 * max(ha, hb):
        return False
    if fa.page == fb.page and (fb.top - fa.top > 1.5 * m.pitch or fb.top < fa.top):
        return False
    if b.align == "L" and fb.x0 > flow.left + _INDENT:
        return False  # an indented first line
    text, after = fa.text.rstrip(), fb.text
    if _rule(text) or _rule(after) or (fa.page != fb.page and opens_appendix(fb)):
        return False  # a rule, or an appendix's heading ("PHỤ LỤC 2") opening a page
    if _caps(text) and after != after.upper():
        return False  # a heading in capitals, then its first item or the body
    label = _LABEL.match(after) is not None and not _wrapped_dash(after)
    if label and (fa.bold or text.rstrip("*\"”’')]").endswith(_ITEM_END)):
        return False  # an item after a sentence or a bold line
    full = _full(a, fb, m) and (flow.kind == "body" or a.align == "C" or head.align == "C"
                                or _LABEL.match(head.frag.text) is not None)
    if label and (not full or flow.kind != "body"):
        return False  # in a column, a labelled line is an item of its own
    return full or _dangling(text) or _lower_start(after) or _nearly_full(a, text)


def _wrapped_dash(text: str) -> bool:
    """A line opening with the dash of a compound wrapped before it ("chính trị" /
    "- xã hội", corpus a09 set line by line), not an item: items open in capitals.

    >>> _wrapped_dash("- xã hội xã."), _wrapped_dash("- Các chi bộ trực thuộc;")
    (True, False)
    """
    return text[:1] in "-–" and text[1:2] == " " and text[2:3].islower()


def _nearly_full(a: Line, text: str) -> bool:
    """A left-aligned line reaching 80 % of the width and ending mid-sentence.

    Ragged text wraps short of the margin when the next word is long ("... 27/12/2018
    của Ban" / "Thường vụ Tỉnh uỷ ...", seed 001); the indent, bold, label and spacing
    tests above have already had their say.
    """
    width = a.flow.right - a.flow.left
    return (a.align != "C" and a.frag.x1 - a.flow.left >= 0.8 * width
            and not text.endswith(_SENTENCE_END) and not _caps(text)
            and not _LABEL.match(text))  # "1.2. Nội dung ... nơi kiểm điểm" is a heading


def _rule(text: str) -> bool:
    """A rule or separator line; a line opening with a letter or digit is none.

    >>> _rule("-----"), _rule("- Các cấp ủy")
    (True, False)
    """
    return not text[:1].isalnum() and _RULE.match(text) is not None


def _caps(text: str) -> bool:
    """A line in capitals ("II. NỘI DUNG"), not a number or a short code."""
    return len(text) >= 4 and text.isupper()


def _lower_start(text: str) -> bool:
    """A line opening in lower case goes on a sentence (items start "a) ", not "a ").

    >>> _lower_start("(chủ tịch và các phó chủ tịch)."), _lower_start("a) Tập thể")
    (True, False)
    """
    return text.lstrip("(\"“‘'")[:1].islower() and not _LABEL.match(text)


def _full(a: Line, fb: Fragment, m: Metrics) -> bool:
    """Whether the first word of ``fb``, the next line, would not have fitted after ``a``."""
    fa = a.frag
    text = fb.text
    word = text.find(" ")  # the length of the first word
    per_char = (fb.x1 - fb.x0) / (len(text) or 1)
    need = ((word if word >= 0 else len(text)) + 1) * per_char
    slack = 0.5 * m.char
    if a.align == "C":
        return (fa.x1 - fa.x0) + need > (a.flow.right - a.flow.left) - slack
    return fa.x1 + need > a.flow.right - slack


def _dangling(text: str) -> bool:
    if text.endswith(","):
        return True
    return text.rsplit(" ", 1)[-1] in _DANGLING  # lower case only: "T/M BAN" ends a line


def _emit(lines: list[Line], m: Metrics) -> tuple[str, tuple[Block, ...]]:
    """Join the lines into paragraphs, each one line of text, with one ``Block`` per line.

    A line is written once the next one is known: whether that one continues the
    paragraph decides what joins them (a line break ends the paragraph).
    """
    if not lines:
        return "", ()
    parts: list[str] = []
    blocks: list[Block] = []
    pos = paragraph = page = number = 0
    numbers: dict[int, int] = {}  # lines so far on each page left behind
    head = lines[0]  # the first line of the paragraph
    for line, nxt in zip(lines, [*lines[1:], None]):
        frag = line.frag
        if frag.page != page:
            numbers[page] = number
            page = frag.page
            number = numbers.get(page, 0)
        number += 1
        if nxt is None:
            text, joiner = frag.text.strip(), ""
        elif _continues(line, nxt, m, head):
            text, joiner = piece(frag.text)
        else:
            text, joiner = frag.text.strip(), "\n"
            head = nxt
        kind = line.flow.kind
        style = "center" if line.align == "C" else (None if kind == "body" else kind)
        # positional: start, end, page, paragraph, line, bold, style (the hot path)
        blocks.append(Block(pos, pos + len(text), page, paragraph, number, frag.bold, style))
        parts += (text, joiner)
        pos += len(text) + len(joiner)
        if joiner == "\n":
            paragraph += 1
    return "".join(parts), tuple(blocks)
