"""Reading order and paragraphs from positioned text fragments (the PDF and OCR loaders).

Both PDF engines and OCR reduce a page to ``Fragment``\\ s: runs of text on one line with
no wide gap inside, with their box in points (origin top left) and weight. From those
this module

1. drops page furniture near the top and bottom edges: bare page numbers ("2", "- 2 -",
   "Trang 2"), lines repeated at the same height and size on many pages (running headers
   and footers), and a small-print top line of a later page (a running header that a
   two-page document prints once);
2. puts each page in reading order, keeping two-column regions whole: a row split by a
   wide gap (issuer | "ĐẢNG CỘNG SẢN VIỆT NAM", "Nơi nhận:" | "T/M BAN THƯỜNG VỤ") opens
   a region that lasts while the following rows stay on one side of the gutter; the
   region is emitted left column first, then right column (domain.md §1.2); a region
   that runs to the foot of a page goes on with the next page's first rows when they
   keep to its columns (a closing table split by a page break);
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
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from operator import attrgetter, sub
from typing import NamedTuple

from vbparser.model import Block

# Page furniture: "2", "- 2 -", "– 2 –", "Trang 2", "Trang 2/9", "2/9", "Page 2".
_PAGE_NUMBER = re.compile(r"^[\s\-–—.]*(?:(?:trang|page)\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[\s\-–—.]*$",
                          re.IGNORECASE)
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
_DIGITS = re.compile(r"\d+")
_EDGE = 0.12          # fraction of the page height where headers and footers live
_INDENT = 15.0        # points: a first line further right than this starts a paragraph
_WIDE_GAP = 1.8       # in line heights: a gap that separates columns, not words
_MIXED_ALIGN = ("CL", "LC")  # a centred line next to a left-aligned one
_TOP_LEFT = attrgetter("top", "x0")
_LEFT = attrgetter("x0")


class Fragment(NamedTuple):
    """A run of text on one line of a page, with its box in points from the top left.

    A named tuple rather than a frozen dataclass: the loader makes one per PDF line, and
    a tuple is built several times faster (the PDF budget is 2x bare extraction).
    """

    page: int  # 1-based
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    bold: bool = False

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True, slots=True)
class Page:
    """One page's size and fragments, as an engine read them."""

    number: int
    width: float
    height: float
    fragments: tuple[Fragment, ...]


@dataclass(frozen=True, slots=True)
class _Flow:
    """Where a line sits: the body, or one side of a two-column region, and its bounds."""

    kind: str  # body | column-left | column-right
    left: float
    right: float
    region: int = 0

    @property
    def center(self) -> float:
        return (self.left + self.right) / 2


class _Line(NamedTuple):
    """A fragment placed in a flow; ``align`` is "C" (centred), "F" (full width: centred
    and left-aligned alike) or "L" (left-aligned, maybe indented)."""

    frag: Fragment
    flow: _Flow
    align: str


@dataclass(frozen=True, slots=True)
class _Metrics:
    left: float
    right: float
    pitch: float
    char: float

    @property
    def tolerance(self) -> float:
        """How far off its flow's centre a centred line may be, in points."""
        return max(3.0, 0.6 * self.char)


def split_wide_gaps(words: Sequence[Fragment]) -> list[Fragment]:
    """Merge the words of one row into fragments, cutting where the gap is wide.

    A gap is wide when it exceeds ``_WIDE_GAP`` line heights, or, in a row of several
    words, when it is both over half a line height and 1.8 times the row's median gap
    (two header cells set close together, as OCR finds them on one line).

    >>> w = [Fragment(1, 0, 20, 0, 10, "Số"), Fragment(1, 23, 60, 0, 10, "12"),
    ...      Fragment(1, 200, 260, 0, 10, "Hà Nội")]
    >>> [f.text for f in split_wide_gaps(w)]
    ['Số 12', 'Hà Nội']
    """
    ordered = sorted(words, key=lambda w: w.x0)
    gaps = [b.x0 - a.x1 for a, b in pairwise(ordered)]
    typical = statistics.median(gaps) if len(gaps) >= 3 else None
    out: list[Fragment] = []
    for k, word in enumerate(ordered):
        last = out[-1] if out else None
        if last is not None:
            height = max(last.bottom - last.top, word.bottom - word.top)
            gap = gaps[k - 1]
            wide = gap > _WIDE_GAP * height or (
                typical is not None and gap > 0.5 * height and gap > 1.8 * max(typical, 1.0))
            if not wide:
                out[-1] = Fragment(last.page, last.x0, max(last.x1, word.x1),
                                   min(last.top, word.top), max(last.bottom, word.bottom),
                                   f"{last.text} {word.text}", last.bold and word.bold)
                continue
        out.append(word)
    return out


def wide_gap(height: float) -> float:
    """The horizontal gap, in points, that separates columns for text ``height`` high."""
    return _WIDE_GAP * height


def layout(pages: Sequence[Page]) -> tuple[str, tuple[Block, ...]]:
    """Turn pages of fragments into the loader's text and one ``Block`` per PDF line.

    Two passes over the fragments: one for the document's measures (furniture, margins,
    line pitch), one that orders, joins and emits each page's lines.
    """
    kept = strip_furniture(pages)
    ordered = [sorted(frags, key=_TOP_LEFT) for frags in kept]
    metrics = _metrics([f for frags in kept for f in frags], ordered)
    lines: list[_Line] = []
    region = 0
    body = _Flow("body", metrics.left, metrics.right)
    open_region: _Columns | None = None
    for frags in ordered:
        region, open_region = _reading_order(frags, metrics, body, region, open_region, lines)
    if open_region is not None:
        _emit_region(open_region, metrics, region, lines)
    return _emit(lines, metrics)


def strip_furniture(pages: Sequence[Page]) -> list[list[Fragment]]:
    """Drop page numbers and running headers/footers near the page edges.

    An edge line goes when it is a bare page number, when the same text stands at the
    same height on several pages, or — for a running header that a two-page document
    prints once — when it is the top line of a later page, set smaller than the body.
    Only the few edge lines are looked at; a page without one is kept whole.
    """
    edges = [_edge_lines(page) for page in pages]
    repeated = _repeated(pages, edges)
    body: list[float] = []  # the median line height, computed when first needed
    out = []
    for page, edge in zip(pages, edges):
        frags = page.fragments
        if not edge:
            out.append(list(frags))
            continue
        top = min([f.top for f in frags])
        limit = _EDGE * page.height
        drop = set()
        for index, key in edge:
            frag = frags[index]
            if (_page_number(frag.text, len(pages)) or key in repeated
                    or (page.number > 1 and frag.top == top < limit
                        and frag.height < 0.8 * _median_height(pages, body))):
                drop.add(index)
        out.append([f for i, f in enumerate(frags) if i not in drop] if drop else list(frags))
    return out


def _edge_lines(page: Page) -> list[tuple[int, tuple[str, int, int]]]:
    """Index and ``_key`` of each fragment near the top or bottom edge of a page."""
    edge = _EDGE * page.height
    low = page.height - edge
    return [(index, _key(frag, round(frag.top / 4))) for index, frag in enumerate(page.fragments)
            if frag.top < edge or frag.bottom > low]


def _median_height(pages: Sequence[Page], memo: list[float]) -> float:
    """The median height of all the fragments of ``pages``, kept in ``memo``."""
    if not memo:
        memo.append(statistics.median(
            [f.bottom - f.top for p in pages for f in p.fragments] or [0.0]))
    return memo[0]


def _page_number(text: str, pages: int) -> bool:
    """A bare page number: "2", "- 2 -", "Trang 2/9" — but not a year ("2023").

    >>> _page_number("- 3 -", 5), _page_number("Trang 2/5", 5), _page_number("2023", 5)
    (True, True, False)
    """
    if _PAGE_NUMBER.match(text) is None:
        return False
    return int(_DIGITS.findall(text)[0]) <= pages + 10


def _key(frag: Fragment, bucket: int) -> tuple[str, int, int]:
    """Text with digits masked, height and vertical bucket: a running header "Kế hoạch"
    in small italics must not take away the title "KẾ HOẠCH" at the same height."""
    return _DIGITS.sub("#", frag.text.strip().lower()), round(frag.bottom - frag.top), bucket


def _repeated(pages: Sequence[Page], edges: list[list[tuple[int, tuple[str, int, int]]]]
              ) -> set[tuple[str, int, int]]:
    """Keys of edge lines found at the same height on at least 2 pages and 40 % of them."""
    if len(pages) < 2:
        return set()
    seen: dict[tuple[str, int, int], set[int]] = defaultdict(set)
    for page, edge in zip(pages, edges):
        for _, (text, height, bucket) in edge:
            for b in (bucket - 1, bucket, bucket + 1):  # tolerate a point of jitter
                seen[(text, height, b)].add(page.number)
    need = max(2, int(0.4 * len(pages) + 0.999))
    return {k for k, numbers in seen.items() if len(numbers) >= need}


def _metrics(frags: list[Fragment], pages: list[list[Fragment]]) -> _Metrics:
    """Body margins, line pitch and mean character width of the document.

    ``frags`` are all the fragments in the engine's order, ``pages`` the same fragments
    page by page in top-left order.
    """
    if not frags:
        return _Metrics(0.0, 1.0, 12.0, 5.0)
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
    return _Metrics(left, max(right, left + 1), statistics.median(steps), width / max(chars, 1))


def _group_rows(frags: Sequence[Fragment]) -> list[list[Fragment]]:
    """Group fragments (in top-left order) whose boxes overlap vertically by half their
    height into rows.

    In that order each fragment's top is at or below its row's top (its first
    fragment's), which saves two ``min``/``max`` calls a line.
    """
    rows: list[list[Fragment]] = []
    row: list[Fragment] = []
    low = first = 0.0
    for frag in frags:
        frag_top, frag_bottom = frag.top, frag.bottom
        height = frag_bottom - frag_top
        if row and min(low, frag_bottom) - frag_top >= 0.5 * min(height, first):
            row.append(frag)
            low = max(low, frag_bottom)
            continue
        row = [frag]
        rows.append(row)
        low, first = frag_bottom, height
    return [row if len(row) == 1 else sorted(row, key=_LEFT) for row in rows]


class _Columns(NamedTuple):
    """The fragments of the two columns of a region, each in top-down order."""

    left: list[Fragment]
    right: list[Fragment]


def _reading_order(frags: list[Fragment], m: _Metrics, body: _Flow, region: int,
                   carried: _Columns | None, out: list[_Line]) -> tuple[int, _Columns | None]:
    """Append the lines of one page (fragments in top-left order) to ``out`` in reading
    order, two-column regions column by column.

    A region still open at the foot of the previous page (``carried``) first takes the
    page's leading rows that keep to its columns. Returns the last region's number, and
    the region that runs to the foot of this page, not yet emitted.
    """
    rows = _group_rows(frags)
    i = 0
    if carried is not None:
        i = _region(rows, 0, m, carried)
        if i == len(rows):
            return region, carried
        _emit_region(carried, m, region, out)
    tolerance = m.tolerance
    center = body.center
    left = body.left
    while i < len(rows):
        if len(rows[i]) != 2:
            for frag in rows[i]:
                # _align inlined: one call less per line of the body
                if abs((frag.x0 + frag.x1) / 2 - center) < tolerance:
                    align = "F" if frag.x0 - left < tolerance else "C"
                else:
                    align = "L"
                out.append(_Line(frag, body, align))
            i += 1
            continue
        region += 1
        columns = _Columns([rows[i][0]], [rows[i][1]])
        i = _region(rows, i + 1, m, columns)
        if i == len(rows):
            return region, columns  # it may go on over the page break
        _emit_region(columns, m, region, out)
    return region, None


def _emit_region(columns: _Columns, m: _Metrics, region: int, out: list[_Line]) -> None:
    """Append a region's lines: the left column, then the right one."""
    out.extend(_side_lines(columns.left, "column-left", m, region))
    out.extend(_side_lines(columns.right, "column-right", m, region))


def _region(rows: list[list[Fragment]], start: int, m: _Metrics, columns: _Columns) -> int:
    """Add ``rows[start:]`` to a two-column region while they keep to its columns;
    return the index of the first row left out.

    ``start`` is 0 on the page after the one the region began on: the page break is no
    gap that ends it.
    """
    left, right = columns
    g0, g1 = max(f.x1 for f in left), min(f.x0 for f in right)
    body_center = (m.left + m.right) / 2
    j = start
    while j < len(rows) and len(rows[j]) <= 2:
        if j and rows[j][0].top - max(f.bottom for f in rows[j - 1]) > 4 * m.pitch:
            break
        right_center = statistics.fmean(f.center for f in right)
        sides = []
        for frag in rows[j]:
            if frag.x1 < g1 - 1:
                sides.append("L")
            elif frag.x0 > g0 + 1 and abs(frag.center - right_center) < abs(frag.center - body_center):
                sides.append("R")
            else:
                sides.append("")
        if "" in sides or sides == ["R", "L"] or sides == ["L", "L"] or sides == ["R", "R"]:
            break
        for frag, side in zip(rows[j], sides):
            (left if side == "L" else right).append(frag)
            g0, g1 = (max(g0, frag.x1), g1) if side == "L" else (g0, min(g1, frag.x0))
        j += 1
    return j


def _side_lines(frags: list[Fragment], kind: str, m: _Metrics, region: int) -> list[_Line]:
    """Lines of one column, in a flow as wide as the cell they were set in.

    A centred column is as wide as twice the distance from its centre to the page
    margin; a left-aligned one ends where its widest line ends (see ``_continues``).
    """
    if not frags:
        return []
    center = statistics.median(f.center for f in frags)
    centred = sum(abs(f.center - center) < 3 for f in frags) * 2 > len(frags) or len(frags) == 1
    if centred:
        half = center - m.left if kind == "column-left" else m.right - center
        half = max(half, max(f.x1 - f.x0 for f in frags) / 2)
        flow = _Flow(kind, center - half, center + half, region)
    else:
        flow = _Flow(kind, min(f.x0 for f in frags), max(f.x1 for f in frags), region)
    tolerance = m.tolerance
    lines = [_Line(f, flow, _align(f, flow, tolerance)) for f in frags]
    if centred:
        return lines
    # In a left-aligned cell, an item's first line, set in by a first-line indent, may
    # sit at the cell's centre by chance; it starts where other items' first lines
    # start, as a centred line of its own width would not.
    starts = Counter(round(f.x0) for f in frags)
    return [line._replace(align="L") if line.align == "C" and starts[round(line.frag.x0)] > 1
            else line for line in lines]


def _align(frag: Fragment, flow: _Flow, tolerance: float) -> str:
    """"C" for a line centred in its flow, "F" when it also touches the left edge, else "L"."""
    if abs(frag.center - flow.center) < tolerance:
        return "F" if frag.x0 - flow.left < tolerance else "C"
    return "L"


def _continues(a: _Line, b: _Line, m: _Metrics, head: _Line) -> bool:
    """Whether line ``b`` carries on the paragraph that line ``a`` (opened by ``head``) is in.

    In a left-aligned column the width is only known from its widest line, which would
    always look full; there a full line continues only in a bulleted or labelled item
    ("- Các đồng chí Uỷ viên Ban" / "Thường vụ Tỉnh uỷ;"), not in a header block
    ("ĐẢNG BỘ TỈNH ..." / "ĐẢNG ỦY XÃ ...").
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
    if _rule(text) or _rule(after):
        return False
    if _caps(text) and after != after.upper():
        return False  # a heading in capitals, then its first item or the body
    label = _LABEL.match(after) is not None
    if label and (fa.bold or text.rstrip("*\"”’')]").endswith(_ITEM_END)):
        return False  # an item after a sentence or a bold line
    full = _full(a, fb, m) and (flow.kind == "body" or a.align == "C" or head.align == "C"
                                or _LABEL.match(head.frag.text) is not None)
    if label and not full:
        return False
    return full or _dangling(text) or _lower_start(after) or _nearly_full(a, text)


def _nearly_full(a: _Line, text: str) -> bool:
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


def _full(a: _Line, fb: Fragment, m: _Metrics) -> bool:
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


def _emit(lines: list[_Line], m: _Metrics) -> tuple[str, tuple[Block, ...]]:
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
            text, joiner = _piece(frag.text)
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


def _piece(text: str) -> tuple[str, str]:
    """A line's text and what joins it to the next line of its paragraph.

    A soft hyphen at the end is dropped and a hard one kept, both without a space
    ("124-" + "QĐ/TW" is "124-QĐ/TW"); a dash after a space is a dash ("Chính trị -").

    >>> _piece("Quy định số 124-"), _piece("kiểm\xad")
    (('Quy định số 124-', ''), ('kiểm', ''))
    """
    text = text.strip()
    if text.endswith(("\xad", "\x02")):
        return text[:-1], ""
    if text.endswith("-") and len(text) > 1 and not text[-2].isspace():
        return text, ""
    return text, " "
