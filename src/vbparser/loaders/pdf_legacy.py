"""Text layers in the codes of legacy Vietnamese fonts (.VnTime: TCVN3, VNI-Times: VNI).

A plan typed in Word with such a font and exported to PDF has a text layer that holds
each glyph's byte read as a Windows-1252 character: "§¶ng ñy" for "Đảng ủy" (TCVN3),
base letters followed by mark characters for VNI ("Ñaûng uûy"). ``ocr.replace_scanned``
finds that layer unreadable; ``legacy_layer`` then tries each encoding and keeps the one
whose decoded words pass the same syllable test, so the text is read exactly, without
OCR. Only fragment texts change: boxes, weight and pages stay.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from vbparser.loaders.encoding import decode_font_codes, is_syllable
from vbparser.loaders.pdf_fragments import Page

# The share of a layer's sampled words that are syllables, or None when too few to judge.
Judge = Callable[[list[Page]], float | None]

ENCODINGS = ("TCVN3", "VNI")
# TCVN3 writes "ư" with the soft hyphen's code, and pdfium reports a soft hyphen that ends
# a line as its hyphen mark, which the loader writes "-": "BÍ THƯ" in a .VnTimeH
# signature reads "BÝ TH-". A vowelless word before it is such an "ư" (a code broken at
# its hyphen, "124-QĐ-", has digits or is no syllable with "ư").
_TCVN3_LINE_END_U = re.compile(r"(?<![\w/-])([^\W\d_aeiouyAEIOUY]+)-$")


def legacy_layer(pages: list[Page], share: Judge) -> tuple[list[Page], str] | None:
    """Decode the pages from the legacy font encoding that makes them Vietnamese, if any.

    Each fragment is decoded on its own, as the line it is (TCVN3 capitals are judged
    per line, ``encoding.decode_font_codes``). An encoding counts when at least half of
    the decoded words ``share`` samples are syllables; the better of the two wins.

    Returns:
        The decoded pages and the encoding's name, or None.
    """
    found = []
    for encoding in ENCODINGS:
        decoded = _decode_pages(pages, encoding)
        valid = share(decoded) if decoded is not None else None
        if decoded is not None and valid is not None and valid >= 0.5:
            found.append((valid, decoded, encoding))
    best = max(found, key=lambda x: x[0], default=None)
    return (best[1], best[2]) if best is not None else None


def _decode_pages(pages: list[Page], encoding: str) -> list[Page] | None:
    """The pages with every fragment's text decoded, or None if one is not this encoding."""
    out = []
    for page in pages:
        fragments = []
        for frag in page.fragments:
            text = decode_font_codes(_line_end_u(frag.text) if encoding == "TCVN3"
                                     else frag.text, encoding)
            if text is None:
                return None
            fragments.append(frag._replace(text=text))
        out.append(Page(page.number, page.width, page.height, tuple(fragments), page.rules))
    return out


def _line_end_u(text: str) -> str:
    """Give back the TCVN3 "ư" that pdfium's line-end hyphen mark stands for.

    >>> _line_end_u("BÝ TH-"), _line_end_u("sè 124-Q§-")
    ('BÝ TH\\xad', 'sè 124-Q§-')
    """
    match = _TCVN3_LINE_END_U.search(text)
    if match is None or not is_syllable(match.group(1).lower() + "ư"):
        return text
    return text[:-1] + "\xad"
