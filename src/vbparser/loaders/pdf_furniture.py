"""Page furniture: page numbers and running headers and footers, dropped before layout.

An edge line (near the top or bottom of a page) goes when it is a bare page number
("2", "- 2 -", "Trang 2") with no text beside it, when the same text stands at the same
height and size on many pages (running headers and footers), or when it is a
small-print top line of a later page (a running header that a two-page document prints
once). A document's own header, from the national motto's line down, is never furniture:
a file holding two documents (a covering letter and the plan it sends) prints the same
issuer block and motto at the top of two pages.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from vbparser.loaders.pdf_fragments import LABEL_GAP, Fragment, Page
from vbparser.normalize.fold import match_text
from vbparser.patterns import appendix_pattern, markers, national_pattern

# Page furniture: "2", "- 2 -", "– 2 –", "Trang 2", "Trang 2/9", "2/9", "Page 2".
_PAGE_NUMBER = re.compile(r"^[\s\-–—.]*(?:(?:trang|page)\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[\s\-–—.]*$",
                          re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_EDGE = 0.12          # fraction of the page height where headers and footers live
# A top line set under this share of the median line height is small print (a running
# header in 9-10 points over body lines of 12-14): 0.9, as boxes of one size vary a little.
_SMALL = 0.9


def strip_furniture(pages: Sequence[Page]) -> list[list[Fragment]]:
    """Drop page numbers and running headers/footers near the page edges.

    An edge line goes when it is a bare page number, when the same text stands at the
    same height on several pages, or — for a running header that a two-page document
    prints once — when it is the top line of a later page, set smaller than the body
    and than the line below it.
    Only the few edge lines are looked at; a page without one is kept whole.
    """
    edges = [_edge_lines(page) for page in pages]
    repeated = _repeated(pages, edges)
    body: list[float] = []  # the median line height, computed when first needed
    out = []
    for page, edge in zip(pages, edges):
        frags = page.fragments
        stamp = _stamp_lines(frags, pages, body)
        if stamp:
            frags = tuple(f for i, f in enumerate(frags) if i not in stamp)
            edge = _edge_lines(replace(page, fragments=frags))
        if not edge:
            out.append(list(frags))
            continue
        top = min([f.top for f in frags])
        limit = _EDGE * page.height
        motto = _motto_top(frags, edge)
        drop = set()
        for index, key in edge:
            frag = frags[index]
            if ((page_number(frag.text, len(pages)) and not _labels_text(frag, frags, edge))
                    or (key in repeated and not motto <= frag.top < limit
                        and not opens_appendix(frag))
                    or (page.number > 1 and frag.top == top < limit
                        and frag.height < _SMALL * _median_height(pages, body)
                        and not _opens_small_block(frag, frags))):
                drop.add(index)
        out.append([f for i, f in enumerate(frags) if i not in drop] if drop else list(frags))
    return out


# A digital signature's stamp is set under this share of the median line height.
_STAMP_SHARE = 0.7
# Its lines sit within this many of their heights of its first line.
_STAMP_LINES = 6


def _stamp_lines(frags: Sequence[Fragment], pages: Sequence[Page],
                 memo: list[float]) -> set[int]:
    """The lines of the stamps an e-office system prints in small type where a document
    was signed digitally ("Người ký: Ma Văn A" / "Email: ..." / "Cơ quan: ..." / "Thời
    gian ký: 12.11.2026 15:48:12 +07:00"), in the header's margin or beside the
    signature: a small line opening with a signing word, and the small lines set at its
    left edge just below and above it. They are no part of the plan's text, and read
    into the closing's columns they would part the signer's name from the signature."""
    limit = _STAMP_SHARE * _median_height(pages, memo)
    small = [i for i, f in enumerate(frags) if f.bottom - f.top < limit]
    openers = _stamp_openers()
    out: set[int] = set()
    for i in small:
        head = frags[i]
        if not match_text(head.text).startswith(openers):
            continue
        reach = _STAMP_LINES * (head.bottom - head.top)
        out.update(j for j in small if abs(frags[j].x0 - head.x0) < 3
                   and abs(frags[j].top - head.top) < reach)
    return out


@cache
def _stamp_openers() -> tuple[str, ...]:
    return tuple(match_text(w) for w in markers()["closing"]["e_signature"])


def _motto_top(frags: Sequence[Fragment], edge: list[tuple[int, tuple[str, int, int]]]
               ) -> float:
    """The top of the national motto's first line when a line near the page's top holds
    it, or its start when the column wraps it ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT" / "NAM"):
    a document's header starts on this page. Infinity when none does."""
    tops = [frags[i] for i, _ in edge if motto_line(frags[i].text)]
    return min(f.top - 0.5 * (f.bottom - f.top) for f in tops) if tops else float("inf")


@cache
def _motto_starts() -> tuple[str, ...]:
    return tuple(match_text(" ".join(p.split())) for p in markers()["header"]["national"])


def motto_line(text: str) -> bool:
    """Whether a line holds a national motto, or starts one that its column wraps
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT" / "NAM"), three words at least.

    >>> motto_line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT"), motto_line("ỦY BAN NHÂN DÂN")
    (True, False)
    """
    words = " ".join(match_text(text).split())
    return national_pattern().search(words) is not None or (
        words.count(" ") >= 2 and any(m.startswith(words) for m in _motto_starts()))


def _edge_lines(page: Page) -> list[tuple[int, tuple[str, int, int]]]:
    """Index and ``_key`` of each fragment near the top or bottom edge of a page."""
    edge = _EDGE * page.height
    low = page.height - edge
    return [(index, _key(frag, round(frag.top / 4))) for index, frag in enumerate(page.fragments)
            if frag.top < edge or frag.bottom > low]


def opens_appendix(frag: Fragment) -> bool:
    """Whether the line heads an appendix or a form ("PHỤ LỤC 1", "Mẫu 2A"): each opens a
    page of its own, so the headings of two stand at the same height on two pages, with
    only their numbers apart, and are no running header."""
    text = frag.text.lstrip(" *#")
    return text[:1] in _appendix_initials() and appendix_pattern().match(
        match_text(text)) is not None


@cache
def _appendix_initials() -> str:
    """The first letters of appendix and form headings ("PHỤ LỤC", "Mẫu", "Biểu mẫu"),
    in both cases: other lines are told without folding them."""
    closing = markers()["closing"]
    return "".join({w[0].lower() + w[0].upper() for w in closing["appendix"] + closing["form"]})


def _opens_small_block(frag: Fragment, frags: Sequence[Fragment]) -> bool:
    """Whether the line right below ``frag`` is set as small: a top line in small print
    that opens a block of it (the closing table's "Nơi nhận:" | "T/M BAN THƯỜNG VỤ" row
    carried over to a new page) is content, where a running header stands alone above
    the body's larger text."""
    below = frag.bottom + 2 * frag.height
    return any(frag.bottom <= other.top < below
               and abs(other.height - frag.height) < 0.15 * frag.height for other in frags)


def _labels_text(frag: Fragment, frags: Sequence[Fragment],
                 edge: list[tuple[int, tuple[str, int, int]]]) -> bool:
    """Whether a number at a page's edge is a list label, its text a tab away on its row
    ("2." <tab> "Đối với cá nhân" at the top of page 2), and so no page number."""
    reach = frag.x1 + LABEL_GAP * frag.height
    return any(frag.x1 <= other.x0 < reach and other.top < frag.bottom and frag.top < other.bottom
               for other in (frags[i] for i, _ in edge))


def _median_height(pages: Sequence[Page], memo: list[float]) -> float:
    """The median height of all the fragments of ``pages``, kept in ``memo``."""
    if not memo:
        memo.append(statistics.median(
            [f.bottom - f.top for p in pages for f in p.fragments] or [0.0]))
    return memo[0]


def page_number(text: str, pages: int) -> bool:
    """A bare page number: "2", "- 2 -", "Trang 2/9" — but not a year ("2023").

    >>> page_number("- 3 -", 5), page_number("Trang 2/5", 5), page_number("2023", 5)
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
