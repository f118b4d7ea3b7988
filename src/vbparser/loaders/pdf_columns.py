"""Reading order: rows of fragments, and two-column regions read column by column.

Each page's fragments (in top-left order) are grouped into rows; a bare list label and
the text a tab after it are one line. A row split by a wide gap (issuer | "ĐẢNG CỘNG
SẢN VIỆT NAM", "Nơi nhận:" | "T/M BAN THƯỜNG VỤ") opens a region that lasts while the
following rows stay on one side of the gutter, and takes back the one-line rows above it
when one column is set lower than the other; the region is emitted left column first,
then right column (domain.md §1.2). A region that runs to the foot of a page goes on with
the next page's first rows when they keep to its columns (a closing table split by a
page break), up to a new document's header.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from functools import cache
from operator import attrgetter
from typing import NamedTuple

from vbparser.loaders.pdf_fragments import LABEL_GAP, Flow, Fragment, Line, Metrics
from vbparser.loaders.pdf_furniture import motto_line, opens_appendix
from vbparser.normalize.fold import match_text
from vbparser.patterns import purpose_patterns

# A list label alone, set apart from its text by a tab as Word's automatic numbering
# sets it ("I." <tab> "MỤC ĐÍCH, YÊU CẦU", corpus a03 exported to PDF); not "*", which
# stands alone under the issuer.
_BARE_LABEL = re.compile(r"^(?:[IVXLC]+[.\-–]|\d+(?:\.\d+)*[.)]|\(?[a-zđ]\)|\(\d+\)|[-+•–])$")
_LEFT = attrgetter("x0")


def group_rows(frags: Sequence[Fragment]) -> list[list[Fragment]]:
    """Group fragments (in top-left order) whose boxes overlap vertically by half their
    height into rows.

    In that order each fragment's top is at or below its row's top (its first
    fragment's), which saves two ``min``/``max`` calls a line. A fragment under another
    of the row (their spans across overlap) opens the next row: a tall one (a scanned
    signature's scrawl read as letters) reaches over two lines, which stay two. A brace,
    with or without the purpose it gives ("} để báo cáo" beside two recipients), joins no
    lines into one row: it goes to the last line it spans, as a recipient's purpose
    closes its group (``extract.closing``).
    """
    rows: list[list[Fragment]] = []
    row: list[Fragment] = []
    braces: list[Fragment] = []
    low = first = 0.0
    for frag in frags:
        if len(frag.text) <= _MARK_SIZE and _mark(frag.text):
            braces.append(frag)
            continue
        frag_top, frag_bottom = frag.top, frag.bottom
        height = frag_bottom - frag_top
        if row and min(low, frag_bottom) - frag_top >= 0.5 * min(height, first) and not any(
                frag.x0 < other.x1 and other.x0 < frag.x1 for other in row):
            row.append(frag)
            low = max(low, frag_bottom)
            continue
        row = [frag]
        rows.append(row)
        low, first = frag_bottom, height
    if braces:
        _place_marks(rows, braces)
    return [row if len(row) == 1 else _join_labels(sorted(row, key=_LEFT)) for row in rows]


# The longest fragment that may be a brace or a purpose set beside recipients.
_MARK_SIZE = 24


def _place_marks(rows: list[list[Fragment]], marks: list[Fragment]) -> None:
    """Put each brace on the last line it spans, and the words of a purpose standing
    within a brace's height on the brace's line ("để báo cáo" printed beside the first
    of the two recipients its brace groups); other purposes go on the line beside them,
    or on a line of their own."""
    braces = [m for m in marks if "}" in m.text]
    home: dict[int, list[Fragment]] = {}
    for brace in braces:
        spanned = [r for r in rows if r[0].top < brace.bottom and r[0].bottom > brace.top]
        if spanned:
            spanned[-1].append(brace)
            home[id(brace)] = spanned[-1]
    for mark in marks:
        if "}" in mark.text and id(mark) in home:
            continue
        spanning = next((b for b in braces if id(b) in home and b.top - 2 <= mark.top
                         and mark.bottom <= b.bottom + 2 and mark.x0 >= b.x0 - 2), None)
        if spanning is not None:
            home[id(spanning)].append(mark)
            continue
        # beside a line when level with it as group_rows puts two fragments in a row;
        # else a line of its own (a label's words wrapped under its recipient: "báo cáo),")
        half = 0.5 * (mark.bottom - mark.top)
        beside = next((r for r in rows if min(r[0].bottom, mark.bottom) - max(r[0].top, mark.top)
                       >= min(half, 0.5 * (r[0].bottom - r[0].top))), None)
        if beside is not None:
            beside.append(mark)
        else:
            rows.append([mark])
            rows.sort(key=lambda r: r[0].top)


def _join_labels(row: list[Fragment]) -> list[Fragment]:
    """Join each bare list label of a row (left to right) to the text after it.

    Word's numbering puts a tab between the label and the text, as wide as a column gap
    (a label and its heading are one line, not a two-column region). The text's weight
    is the line's: the label takes the numbering's, often regular under a bold heading.

    >>> row = [Fragment(1, 118, 126, 422, 435, "I."), Fragment(1, 162, 294, 422, 435, "MỤC")]
    >>> [f.text for f in _join_labels(row)]
    ['I. MỤC']
    """
    out = [row[0]]
    for frag in row[1:]:
        last = out[-1]
        if _BARE_LABEL.match(last.text) and frag.x0 - last.x1 < LABEL_GAP * last.height:
            out[-1] = Fragment(last.page, last.x0, frag.x1, min(last.top, frag.top),
                               max(last.bottom, frag.bottom), f"{last.text} {frag.text}",
                               frag.bold)
        else:
            out.append(frag)
    return out


class Columns(NamedTuple):
    """The fragments of the two columns of a region, each in top-down order."""

    left: list[Fragment]
    right: list[Fragment]


def reading_order(frags: list[Fragment], m: Metrics, body: Flow, region: int,
                   carried: Columns | None, out: list[Line]) -> tuple[int, Columns | None]:
    """Append the lines of one page (fragments in top-left order) to ``out`` in reading
    order, two-column regions column by column.

    A region still open at the foot of the previous page (``carried``) first takes the
    page's leading rows that keep to its columns. Returns the last region's number, and
    the region that runs to the foot of this page, not yet emitted.
    """
    rows = group_rows(frags)
    i = 0
    if carried is not None:
        i = _region(rows[:_motto_row(rows)], 0, m, carried)
        if i == len(rows):
            return region, carried
        emit_region(carried, m, region, out)
    tolerance = m.tolerance
    center = body.center
    left = body.left
    start = i  # the first row after the last region
    while i < len(rows):
        if len(rows[i]) != 2:
            for frag in rows[i]:
                # _align inlined: one call less per line of the body
                if abs((frag.x0 + frag.x1) / 2 - center) < tolerance:
                    align = "F" if frag.x0 - left < tolerance else "C"
                else:
                    align = "L"
                out.append(Line(frag, body, align))
            i += 1
            continue
        region += 1
        columns = _staggered(rows, start, i, m)
        if len(columns.left) + len(columns.right) > 2:  # rows taken back from the body
            del out[len(out) - (len(columns.left) + len(columns.right) - 2):]
        i = start = _region(rows, i + 1, m, columns)
        if i == len(rows):
            return region, columns  # it may go on over the page break
        emit_region(columns, m, region, out)
    return region, None


# A region carried over a page break looks this many rows down the next page for a header.
_CARRIED_ROWS = 8


def _motto_row(rows: list[list[Fragment]]) -> int:
    """The first of a page's leading rows that holds the national motto or an appendix's
    heading, else the number of rows: a new document's header ("ỦY BAN NHÂN DÂN" |
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") keeps to the columns of the closing above the
    page break but does not go on with it (a covering letter, then the plan it sends),
    nor does an appendix after the closing ("PHỤ LỤC 1", centred over the page)."""
    for k, row in enumerate(rows[:_CARRIED_ROWS]):
        if any(motto_line(frag.text) or opens_appendix(frag) for frag in row):
            return k
    return len(rows)


def _staggered(rows: list[list[Fragment]], start: int, i: int, m: Metrics) -> Columns:
    """The columns of a region that opens at row ``i``, with the one-line rows above it
    (down to ``start``) that belong to it.

    A column set lower than the other (a header cell centred vertically, as LibreOffice
    imports an HTML table) leaves the first lines of each alone on their rows, so the
    first row with both columns comes late. Rows just above it that keep to its columns
    are taken back when one of them is in the right column: up to the topmost of those,
    or to the top of the page (a body line above a closing table stays in the body).
    """
    opening = rows[i]
    g0, g1 = opening[0].x1, opening[1].x0
    right_center, body_center = opening[1].center, (m.left + m.right) / 2
    sides: list[str] = []
    below = opening[0]
    for row in reversed(rows[start:i]):
        frag = row[0]
        if len(row) != 1 or below.top - frag.bottom > 4 * m.pitch:
            break
        side = _side(frag, g0, g1, right_center, body_center)
        if not side:
            break
        sides.append(side)
        g0, g1 = (max(g0, frag.x1), g1) if side == "L" else (g0, min(g1, frag.x0))
        below = frag
    if "R" not in sides:
        return Columns([opening[0]], [opening[1]])
    top = len(sides) if i - len(sides) == 0 else len(sides) - sides[::-1].index("R")
    taken = list(zip([row[0] for row in rows[i - top:i]], reversed(sides[:top])))
    return Columns([f for f, side in taken if side == "L"] + [opening[0]],
                    [f for f, side in taken if side == "R"] + [opening[1]])


def _side(frag: Fragment, g0: float, g1: float, right_center: float,
          body_center: float, left_center: float | None = None) -> str:
    """"L" for a fragment left of a region's gutter (``g0``..``g1``), "R" for one right of
    it and nearer the right column's centre than the body's, else "". One that reaches
    into the gutter is "L" only when it is nearer the left column's centre than the
    body's: "KẾ HOẠCH" centred on the page under a header whose right column is short
    (LibreOffice: "ĐẢNG CỘNG SẢN VIỆT NAM" / the date) opens the body."""
    if frag.x1 < g1 - 1:
        if left_center is None or frag.x1 <= g0 + 1 or abs(frag.center - left_center) < abs(
                frag.center - body_center):
            return "L"
        return ""
    if frag.x0 > g0 + 1 and abs(frag.center - right_center) < abs(frag.center - body_center):
        return "R"
    return ""


def emit_region(columns: Columns, m: Metrics, region: int, out: list[Line]) -> None:
    """Append a region's lines: the left column, then the right one."""
    gutter = max((f.x1 for f in columns.left), default=m.left)
    out.extend(_side_lines(columns.left, "column-left", m, region, gutter))
    out.extend(_side_lines(columns.right, "column-right", m, region, gutter))


def _region(rows: list[list[Fragment]], start: int, m: Metrics, columns: Columns) -> int:
    """Add ``rows[start:]`` to a two-column region while they keep to its columns;
    return the index of the first row left out.

    ``start`` is 0 on the page after the one the region began on: the page break is no
    gap that ends it.
    """
    left, right = columns
    g0, g1 = max(f.x1 for f in left), min(f.x0 for f in right)
    body_center = (m.left + m.right) / 2
    j = start
    while j < len(rows) and len(rows[j]) <= 5:  # 3, and a brace and its purpose's words
        if j and rows[j][0].top - max(f.bottom for f in rows[j - 1]) > 4 * m.pitch:
            break
        right_center = statistics.fmean(f.center for f in right)
        left_center = statistics.fmean(f.center for f in left)
        row = rows[j]
        # a brace and the purpose set beside it in the gutter go with the recipients
        sides = [_side(frag, g0, g1, right_center, body_center, left_center) or (
            "L" if _mark(frag.text) else "") for frag in row]
        marks = next((k for k in range(1, len(row)) if sides[k] != "L"
                      or not _mark(row[k].text)), len(row))
        if marks > 1 and sides[0] == "L":  # "- Ban …," "}" "để báo cáo"
            row, sides = [_joined(row[:marks]), *row[marks:]], sides[marks - 1:]
        if sides[-2:] == ["R", "R"] and len(sides) > 2:  # a line OCR read in pieces: "KT" "CHỦ TỊCH"
            row, sides = [*row[:-2], _joined(row[-2:])], sides[:-1]
        if "" in sides or sides == ["R", "L"] or sides == ["L", "L"] or len(sides) > 2 or \
                sides == ["R", "R"]:
            break
        for frag, side in zip(row, sides):
            (left if side == "L" else right).append(frag)
            g0, g1 = (max(g0, frag.x1), g1) if side == "L" else (g0, min(g1, frag.x0))
        j += 1
    return j


def _mark(text: str) -> bool:
    """A brace alone ("}") or a recipient's purpose ("để báo cáo", "(b/c)"; phrases of
    ``section_markers.yaml``), with or without its brace, or a piece of one set over two
    lines ("để thực" / "hiện"): nothing but the words of purposes.

    >>> _mark("}"), _mark("} Để thực hiện"), _mark("(b/c)"), _mark("hiện"), _mark("lưu")
    (True, True, True, True, False)
    """
    words = _purpose_words()
    return all(w in words for w in match_text(text).strip(" }(),;.").split())


@cache
def _purpose_words() -> frozenset[str]:
    """The words of the recipients' purposes ("để", "báo", "cáo", "thực", "hiện", ...)."""
    return frozenset(w for phrase in purpose_patterns()[2] for w in phrase.split())


def _joined(frags: list[Fragment]) -> Fragment:
    """Fragments side by side in one column of a region as one: a recipient and the
    purpose set beside it, where the bracket between them is only a picture (a scan's
    text layer: "- Ban Tổ chức Tỉnh ủy," … "để báo cáo"), or the words of a signature
    line that OCR read apart ("KT" … "CHỦ TỊCH")."""
    first, last = frags[0], frags[-1]
    return first._replace(x1=last.x1, top=min(f.top for f in frags),
                          bottom=max(f.bottom for f in frags),
                          text=" ".join(f.text for f in frags))


def _side_lines(frags: list[Fragment], kind: str, m: Metrics, region: int,
                gutter: float) -> list[Line]:
    """Lines of one column, in a flow as wide as the cell they were set in.

    A centred column is as wide as twice the distance from its centre to the page
    margin, or for the right column to the ``gutter`` (where the left column's widest
    line ends) when that is further: the body's right edge can stop short of the cell's
    (a text set line by line, corpus a21: "T/M CHI BỘ" / "PHÓ BÍ THƯ" looked full). A
    left-aligned column ends where its widest line ends (see ``_continues``).
    """
    if not frags:
        return []
    center = statistics.median(f.center for f in frags)
    centred = sum(abs(f.center - center) < 3 for f in frags) * 2 > len(frags) or len(frags) == 1
    if centred:
        half = center - m.left if kind == "column-left" else max(m.right, 2 * center - gutter) - center
        half = max(half, max(f.x1 - f.x0 for f in frags) / 2)
        flow = Flow(kind, center - half, center + half, region)
    else:
        flow = Flow(kind, min(f.x0 for f in frags), max(f.x1 for f in frags), region)
    tolerance = m.tolerance
    lines = [Line(f, flow, _align(f, flow, tolerance)) for f in frags]
    if centred:
        return lines
    # In a left-aligned cell, an item's first line, set in by a first-line indent, may
    # sit at the cell's centre by chance; it starts where other items' first lines
    # start, as a centred line of its own width would not.
    starts = Counter(round(f.x0) for f in frags)
    return [line._replace(align="L") if line.align == "C" and starts[round(line.frag.x0)] > 1
            else line for line in lines]


def _align(frag: Fragment, flow: Flow, tolerance: float) -> str:
    """"C" for a line centred in its flow, "F" when it also touches the left edge, else "L"."""
    if abs(frag.center - flow.center) < tolerance:
        return "F" if frag.x0 - flow.left < tolerance else "C"
    return "L"
