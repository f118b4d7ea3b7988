"""Section labels typed carelessly, set right before the lines are joined.

Plans typed in a hurry carry labels that a reader takes in at a glance but that the
label grammar (``patterns.LINE_LABEL``) does not: a Roman numeral typed with small L's
("ll. NỘI DUNG", "Ill. THỜI GIAN"), a number whose stop sits after a space ("1 . Qua
kiểm điểm"), a number whose stop runs straight into the text ("2.Tiếp tục") and a label
behind a bar OCR read at the margin ("| 2. Đối tượng"). Each is
rewritten, at the start of a line only, into the label it stands for, with its offsets
kept. So is a document's type name set with its letters spaced out ("K Ế H O Ạ C H":
Word's expanded character spacing, copied out as text or read from a PDF), on a line of
its own. The line-joining step runs after this one, so that these lines are not taken
for the wrapped ends of the lines above them.
"""

from __future__ import annotations

import re
from functools import cache

from vbparser.patterns import CAPS_VI, ROMAN, doc_type_names
from vbparser.spans import OffsetMap, rewrite

_ROMAN = re.compile(ROMAN)
# A Roman numeral with at least one small L, before its stop and a heading in capitals;
# one letter alone ("l.") may be a list's letter and is left as it is.
# Each pattern's group ``fix`` is what is rewritten (``spans.rewrite``).
_SMALL_L_ROMAN = re.compile(
    rf"(?m)^[ \t]*(?P<fix>(?=[IV]*l)[IlV]{{2,5}})(?=[.\-–][ \t]*[{CAPS_VI}]{{2}})")
# A number, then white space, then its stop and white space: "1 . Qua kiểm điểm".
_SPACED_STOP = re.compile(r"(?m)^[ \t]*\d{1,2}(?:\.\d{1,2}){0,3}(?P<fix>[ \t]+)[.)][ \t]")
# A number whose stop is followed at once by a capitalised word: "2.Tiếp tục".
_GLUED_STOP = re.compile(
    rf"(?m)^[ \t]*\d{{1,2}}(?:\.\d{{1,2}}){{0,3}}[.)](?P<fix>)[{CAPS_VI}][^\W\d_]")

# A bar OCR read from a scan's margin or a fold before a label, on a line with no other
# bar (not a table's row): "| 2. Đối tượng đánh giá".
_MARGIN_BAR = re.compile(
    rf"(?m)^(?P<fix>[ \t]*[|¦][ \t]*)(?=(?:\d{{1,2}}(?:\.\d{{1,2}}){{0,3}}|{ROMAN}|[a-zđ])"
    rf"[.)\-–][ \t]*\S)(?![^\n]*[|¦])")

# A line of four or more single capitals, spaced out: a type name set letter-spaced.
_SPACED_OUT = re.compile(rf"(?m)^[ \t]*(?P<fix>[{CAPS_VI}](?:[ \t]+[{CAPS_VI}]){{3,}})[ \t]*$")


@cache
def _spaced_names() -> dict[str, str]:
    """The type names in capitals ("KẾ HOẠCH") by their letters run together."""
    return {"".join(name.upper().split()): name.upper() for name in doc_type_names().values()}


def _spaced(match: re.Match[str]) -> str:
    value = match.group("fix")
    return _spaced_names().get("".join(value.split()), value)


def _roman(match: re.Match[str]) -> str:
    value = match.group("fix")
    fixed = value.replace("l", "I")
    return fixed if _ROMAN.fullmatch(fixed) else value


def fix_labels(text: str) -> tuple[str, OffsetMap]:
    """Rewrite carelessly typed labels at line starts; offsets map back to ``text``.

    >>> fix_labels("ll. NỘI DUNG\\n1 . Qua kiểm điểm\\n2.Tiếp tục nâng cao\\nIll. TIẾN ĐỘ")[0]
    'II. NỘI DUNG\\n1. Qua kiểm điểm\\n2. Tiếp tục nâng cao\\nIII. TIẾN ĐỘ'

    A type name set letter-spaced is run together; other spaced capitals stay:

    >>> fix_labels("K Ế H O Ạ C H\\nkiểm điểm năm 2026\\nA B C D")[0]
    'KẾ HOẠCH\\nkiểm điểm năm 2026\\nA B C D'

    A bar OCR read at the margin goes; a table's row keeps its bars:

    >>> fix_labels("| 2. Đối tượng đánh giá\\n| 2. Họp chi bộ | Ngày 05/12 |")[0]
    '2. Đối tượng đánh giá\\n| 2. Họp chi bộ | Ngày 05/12 |'

    Small L's elsewhere, a letter "l." and a number before a capitalised symbol stay:

    >>> fix_labels("l. Lưu hồ sơ\\nllama. NỘI DUNG\\n15.000 đồng")[0]
    'l. Lưu hồ sơ\\nllama. NỘI DUNG\\n15.000 đồng'
    """
    text, first = rewrite(text, _SMALL_L_ROMAN, _roman, "fix")
    text, second = rewrite(text, _SPACED_STOP, lambda _: "", "fix")
    text, third = rewrite(text, _GLUED_STOP, lambda _: " ", "fix")
    text, fourth = rewrite(text, _SPACED_OUT, _spaced, "fix")
    text, fifth = rewrite(text, _MARGIN_BAR, lambda _: "", "fix")
    return text, fifth.then(fourth.then(third.then(second.then(first))))
