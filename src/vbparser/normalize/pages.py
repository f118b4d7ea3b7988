"""Page furniture of a text dump: the page number a PDF-to-text dump sets centred on a
line of its own, and the running head printed atop every page after the first ("Đảng ủy
xã Phú Lũng - KH kiểm điểm năm 2023"), both in the middle of whatever the page break cut
("gửi Ban Tổ chức trước" / "4" / "ngày 27/12/2024").

A centred number goes (a raw table's row numbers stand at the left margin). A running
head goes when it repeats, each time within two lines of a bare page number or as the
text's first line (atop the first page, which has no number above it), and as often as
the pages that could carry it (every numbered page but one). A table's header repeated
after a page break stays: its first copy opens the table, away from any number, and a
raw table's row numbers outnumber it. A page number at the margin goes with the running
head beside it; without one it stays (a raw table's row number), and later stages pass
over a line with no letter.
"""

from __future__ import annotations

import re
from collections import Counter

from vbparser.spans import OffsetMap, TextBuilder

# A bare page number on its own line: "2", "- 2 -", "Trang 2", "trang 2/5".
_PAGE_NUMBER = re.compile(r"[ \t]*(?:-[ \t]*)?\d{1,3}(?:[ \t]*-)?[ \t]*"
                          r"|[ \t]*[Tt]rang[ \t]+\d{1,3}(?:/\d{1,3})?[ \t]*")
_NUMBER_LINE = re.compile(rf"(?m)^(?:{_PAGE_NUMBER.pattern})$")
_CENTRED = 8  # spaces before a page number set in the middle of the line, at least
_NEAR = 2  # lines between a running head and its page number, at most
_MIN_HEAD = 16  # characters: a shorter repeated line ("Nơi nhận:") is no running head
_LETTER = re.compile(r"[^\W\d_]")


def drop_furniture(text: str) -> tuple[str, OffsetMap]:
    """Delete the centred page numbers and running heads of a text dump (see the module
    docstring).

    >>> page = "Đảng ủy xã Phú Lũng - KH kiểm điểm năm 2023"
    >>> text = f"1. Các chi bộ\\n2\\n{page}\\n\\nhọp kiểm điểm.\\n3\\n{page}\\nII. TIẾN ĐỘ\\n"
    >>> drop_furniture(text)[0]
    '1. Các chi bộ\\n\\nhọp kiểm điểm.\\nII. TIẾN ĐỘ\\n'
    >>> drop_furniture(f"gửi Ban Tổ chức trước\\n{' ' * 36}4\\nngày 27/12/2024.")[0]
    'gửi Ban Tổ chức trước\\nngày 27/12/2024.'
    >>> drop_furniture(f"- Hội nghị chi\\n\\n1\\n\\n{page}\\nbộ họp.\\n\\n2\\n\\n{page}\\nIII.")[0]
    '- Hội nghị chi\\n\\n\\nbộ họp.\\n\\n\\nIII.'
    """
    if _NUMBER_LINE.search(text) is None:  # one scan: most texts have no page numbers
        return text, OffsetMap.identity(len(text))
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    numbers = {i for i, line in enumerate(lines) if _PAGE_NUMBER.fullmatch(line)}
    stripped = [line.strip() for line in lines]
    counts = Counter(stripped)
    near: set[int] = set()
    for i in numbers:
        near.update(range(i - _NEAR, i + _NEAR + 1))
    heads = {line for line, n in counts.items()
             if n >= max(2, len(numbers) - 1) and len(line) >= _MIN_HEAD and _LETTER.search(line)}
    # the head may stand atop the first page too, above the document's own first line
    top = next((i for i, line in enumerate(stripped) if line), None)
    far = {line for i, line in enumerate(stripped)
           if line in heads and i not in near and i != top}
    dropped_heads = [i for i, line in enumerate(stripped) if line in heads and line not in far]
    # a number at the margin goes when a running head that goes stands beside it
    beside = {j for i in dropped_heads for j in range(i - _NEAR, i + _NEAR + 1)}
    drop = sorted({*dropped_heads, *(i for i in numbers
                                     if lines[i].startswith(" " * _CENTRED) or i in beside)})
    if not drop:
        return text, OffsetMap.identity(len(text))
    out, last = TextBuilder(), 0
    for i in drop:
        out.copy(text, last, starts[i])
        last = min(starts[i + 1], len(text))
    out.copy(text, last, len(text))
    return out.finish(len(text))
