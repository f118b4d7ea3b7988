"""Quoted text: a plan forwarded in an e-mail and saved as text, every line behind "> ".

A mail client quotes the message it forwards or answers by putting "> " (">> " for a
quote within a quote) before each of its lines. The marks hide every label and every
closing line from the steps after this one, so a run of quoted lines loses them, and
the text keeps its own layout: the header's and the closing's columns stay aligned,
since every line loses the same marks. A lone line opening with ">" ("> 5 ngày") is
no quote; it takes a run of ``_MIN_RUN`` lines.
"""

from __future__ import annotations

import re

from vbparser.spans import OffsetMap, TextBuilder

# The quote marks opening a line, and the one space after the last of them.
_MARKS = re.compile(r"(?m)^(?:[ \t]*>)+[ \t]?")
_MIN_RUN = 3


def unquote(text: str) -> tuple[str, OffsetMap]:
    """Drop the quote marks of each run of quoted lines; offsets map back to ``text``.

    >>> unquote("From: A\\n> KẾ HOẠCH\\n>\\n> I.  MỤC ĐÍCH\\n>> 1. Đánh giá\\nTrân trọng")[0]
    'From: A\\nKẾ HOẠCH\\n\\nI.  MỤC ĐÍCH\\n1. Đánh giá\\nTrân trọng'
    >>> unquote("Tỷ lệ\\n> 90 điểm\\nxuất sắc")[0]
    'Tỷ lệ\\n> 90 điểm\\nxuất sắc'
    """
    if ">" not in text:
        return text, OffsetMap.identity(len(text))
    marks = list(_MARKS.finditer(text))
    runs: list[list[re.Match[str]]] = []
    for mark in marks:
        previous = runs[-1][-1] if runs else None
        if previous is not None and text.find("\n", previous.end()) + 1 == mark.start():
            runs[-1].append(mark)
        else:
            runs.append([mark])
    quoted = [mark for run in runs if len(run) >= _MIN_RUN for mark in run]
    if not quoted:
        return text, OffsetMap.identity(len(text))
    out = TextBuilder()
    last = 0
    for mark in quoted:
        out.copy(text, last, mark.start())
        last = mark.end()
    out.copy(text, last, len(text))
    return out.finish(len(text))
