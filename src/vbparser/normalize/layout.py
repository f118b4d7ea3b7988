"""Line layout: one paragraph per line, re-joining lines that a PDF dump broke.

Text dumped from PDF (seed 001) breaks every ~80 characters and puts blank lines between
the pieces; converters also break single sentences (seed 000, "thuộc" / "quyền quản
lý"). A line is joined to the next unless the next starts a label ("I-", "1.1.", "a)",
"-", ...), either line is a heading in capitals, a rule or a table's row, or the line
ends a sentence.
It is joined when the next line starts in lower case, when the line ends with a comma
or with a word that governs what follows ("của", "số", "ngày" before a number), or when
the text is hard-wrapped and the line reaches the wrap width. A short line that
does not end a sentence — "1. Mục đích" — is a heading and stays on its own.
"""

from __future__ import annotations

import re
from functools import partial
from itertools import accumulate, pairwise

from vbparser.loaders.encoding import is_syllable
from vbparser.patterns import (
    BLOCK_OPENERS,
    LINE_LABEL,
    RULE_LINE,
    SPLIT_SYMBOL_END,
    SPLIT_SYMBOL_START,
)
from vbparser.spans import OffsetMap, TextBuilder
from vbparser.tables import is_row

_SENTENCE_MARKS = (".", ":", "!", "?", "…")
_CLOSERS = "\"'”’)]"  # quotes and brackets that may follow a sentence's last mark
_SPACES = re.compile(r" {2,}")
_TIGHT = 0.35  # the share of lines near the width that shows an unmarked wrap
_MIN_UNMARKED_WIDTH = 60
_LETTERS = re.compile(r"[^\W\d_]")
# A wide run of spaces inside a line: the gap between two columns set side by side ("ỦY
# BAN NHÂN DÂN        CỘNG HÒA XÃ HỘI ..."; "-------       ----------"), which no wrapped
# sentence has. Such a line is neither joined to the next nor joined to by the last.
_GAP = " " * 6
_COLUMNS = re.compile(r"\S {6,}\S")
# A line ending in the word a number follows ("Kế hoạch số 09-KH/ĐU ngày" / "16/11/2025
# của ...", "Quy định số" / "124-QĐ/TW") is wrapped before that number, never ended; one
# ending in a word that governs what follows ("... ngày 16/11/2025 của" / "Ban Thường vụ
# ...") is wrapped before a name. A converter that made each line of a PDF dump a
# paragraph leaves such lines with no wrap width to tell them by.
_BEFORE_NUMBER = re.compile(r"(?:^|\s)(?:ngày|tháng|năm|số)$", re.IGNORECASE)
_BEFORE_NAME = re.compile(r"(?:^|\s)(?:của|và|các|những|về|cho|với|theo|tại|trong|từ|"
                          r"đến|thuộc)$", re.IGNORECASE)


def _content_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line with surrounding spaces trimmed."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip(" ")
        if stripped:
            lead = len(line) - len(line.lstrip(" "))
            spans.append((pos + lead, pos + lead + len(stripped)))
        pos += len(line) + 1
    return spans


def _tidy_lines(pieces: list[str]) -> list[tuple[int, int]] | None:
    """(start, end) of each line when every line already is a content line, else None.

    Text with no blank line and no space at a line's ends (the PDF loader's) needs no
    trimming, and carries none of the marks that ``_wrap_evidence`` looks for.
    """
    if "" in pieces or pieces != [piece.strip(" ") for piece in pieces]:
        return None
    starts = accumulate([len(piece) + 1 for piece in pieces], initial=0)
    return [(start, start + len(piece)) for start, piece in zip(starts, pieces)]


def _wrap_evidence(text: str, lines: list[tuple[int, int]]) -> bool:
    """Whether the text carries the marks of a hard-wrapping dump.

    PDF-to-text dumps end wrapped lines with the space the break replaced, or put blank
    lines between them (seed 001 does both). Text this module produced has neither,
    which keeps ``join_lines`` idempotent.
    """
    marked = 0
    for _, end in lines[:-1]:
        after = text[end:end + 3]
        if after.startswith((" ", "\n\n", "\n \n")):
            marked += 1
    return marked >= 0.3 * max(len(lines) - 1, 1)


def _wrap_width(lengths: list[int]) -> int | None:
    """The width a hard-wrapped text was broken at, or None if it is not hard-wrapped."""
    if len(lengths) < 8:
        return None
    ordered = sorted(lengths)
    width = ordered[int(0.9 * (len(ordered) - 1))]
    near = sum(1 for n in lengths if n >= 0.75 * width)
    return width if width <= 140 and near >= 0.4 * len(lengths) else None


def _unmarked_wrap_width(lines: list[str]) -> int | None:
    """The wrap width of text without the marks of a dump (``_wrap_evidence``): a copy
    from a PDF viewer, a wrapped e-mail.

    The wrap must show in the lines alone: over a third of them within a tenth of a
    width of at least 60 characters, most of those ending mid-sentence. Typed
    paragraphs, one a line, come nowhere near (at most a fifth of the corpus's lines),
    nor does text this module joined, whose long lines end sentences.
    """
    width = _wrap_width([len(line) for line in lines])
    if width is None or width < _MIN_UNMARKED_WIDTH:
        return None
    full = [line for line in lines if len(line) >= 0.9 * width]
    if len(full) < _TIGHT * len(lines):
        return None
    open_ended = sum(1 for line in full if not _ends_sentence(line))
    return width if 2 * open_ended > len(full) else None


def is_caps_line(line: str) -> bool:
    """A line written in capitals (a heading, a header or a signature line).

    >>> is_caps_line("I- MỤC ĐÍCH, YÊU CẦU"), is_caps_line("Đảng ủy xã")
    (True, False)
    """
    if line.upper() != line:
        return False
    return len(_LETTERS.findall(line)) >= 3


def _wrapped_compound(prev: str, nxt: str, width: int | None) -> bool:
    """A hard wrap inside "chính trị - xã hội" leaves a line that looks like a bullet.

    Only in hard-wrapped text, after a full-width line that ends mid-clause, is
    "- xã hội ..." (a dash and a lower-case word) the rest of a compound.
    """
    return (width is not None and len(prev) >= 0.75 * width and nxt[:2] in ("- ", "– ")
            and nxt[2:3].islower() and prev[-1:].isalpha())


def _ends_sentence(line: str) -> bool:
    """A line ending a sentence, perhaps inside quotes or brackets.

    >>> _ends_sentence("như sau:"), _ends_sentence("(Điều 5.)"), _ends_sentence("số 12")
    (True, True, False)
    """
    return line.rstrip(_CLOSERS).endswith(_SENTENCE_MARKS)


def _left_open(prev: str, nxt: str) -> bool:
    """A bracket the line opened and the next line closes: one remark wrapped in two.

    >>> _left_open("Đảng ủy xã (Văn phòng", "Đảng ủy, Ban Xây dựng Đảng).")
    True
    >>> _left_open("a) Tập thể (xem mục 2)", "Ban Thường vụ Đảng ủy (chủ trì).")
    False

    A line opening with a dash inside the bracket is its wrapped text too, not a bullet:

    >>> join_lines("- Các chi bộ (chi bộ Khoa Tiểu học\\n- Mầm non, chi bộ Sinh viên).")[0]
    '- Các chi bộ (chi bộ Khoa Tiểu học - Mầm non, chi bộ Sinh viên).'
    """
    return prev.count("(") > prev.count(")") and nxt.count(")") > nxt.count("(")


def _separator(prev: str, nxt: str, width: int | None) -> str:
    """What goes between two content lines: "" (a split symbol), " " (joined), "\n", or
    ``_UNHYPHEN`` (a syllable hyphenated at the line's end: joined without the hyphen)."""
    if prev.rstrip().endswith("-"):
        if SPLIT_SYMBOL_END.search(prev) and SPLIT_SYMBOL_START.match(nxt):
            return ""  # "Kết luận số 01-" / "KL/TW": a symbol is never a paragraph break
        if _hyphenated(prev, nxt):
            return _UNHYPHEN
    return " " if _joins(prev, nxt, width) else "\n"


# A bracket left open on a phrase of its own (not a note set after a comma, as the
# purposes of a recipients' brace are: "- Ban Thường vụ Tỉnh ủy, (để" / "- Ban Tổ chức
# Tỉnh ủy, báo cáo)").
_OPEN_PHRASE = re.compile(r"(?<![,;:.\s])\s*\([^()]*\s[^()]*[^\s.:;]$")
_UNHYPHEN = "\x00"
_HYPHENATED_HEAD = re.compile(r"(?<![\w-])[^\W\d_]+-$")
_HYPHENATED_TAIL = re.compile(r"[^\W\d_]+(?![\w-])")


def _hyphenated(prev: str, nxt: str) -> bool:
    """A syllable a hyphen broke at the line's end ("tập thể Ban Giám hi-" / "ệu (Hiệu
    trưởng ..."): letters glued to the hyphen, lower-case letters after it, and the two
    parts one Vietnamese syllable ("ô-" / "tô" is a loan word's own hyphen).

    >>> _hyphenated("Ban Giám hi-", "ệu (Hiệu trưởng)"), _hyphenated("ô-", "tô con")
    (True, False)
    >>> _hyphenated("Khoa học Xã hội -", "nhân văn"), _hyphenated("Mác-", "Lênin")
    (False, False)
    """
    head = _HYPHENATED_HEAD.search(prev)
    tail = _HYPHENATED_TAIL.match(nxt)
    return bool(head and tail and tail.group().islower()
                and is_syllable(head.group()[:-1] + tail.group()))


def _joins(prev: str, nxt: str, width: int | None) -> bool:
    if ("|" in prev or "|" in nxt) and (is_row(prev) or is_row(nxt)):
        return False  # a table's rows, one a line (``vbparser.tables``)
    if (_GAP in prev or _GAP in nxt) and (_COLUMNS.search(prev) or _COLUMNS.search(nxt)):
        return False  # two columns side by side (a header's), however wide the line
    if _wrapped_compound(prev, nxt, width):
        return True
    if nxt[:2] in ("- ", "– ") and _left_open(prev, nxt) and _OPEN_PHRASE.search(prev):
        return True  # "... (chi bộ Khoa Giáo dục Tiểu học" / "- Mầm non, ...)": no bullet
    if nxt[:1].isalnum() and (_BEFORE_NAME.search(prev) or (
            nxt[0].isdigit() and _BEFORE_NUMBER.search(prev))):
        return not (LINE_LABEL.match(nxt) or is_caps_line(nxt))
    # What joins two lines: a lower-case start, bracketed or not (also after ";": "...
    # đảng bộ cơ sở;" / "chi bộ cơ sở; ...", seed 001), a comma, a bracket left open ("...
    # Đảng ủy xã (Văn phòng" / "Đảng ủy, Ban Xây dựng Đảng)."), or a line as wide as the
    # wrap. Most pairs have none of these, so the tests that keep lines apart rarely run.
    if not (nxt[0].islower() or (nxt[0] == "(" and nxt[1:2].islower()) or (
            not prev.endswith(";") and (prev.endswith(",") or _left_open(prev, nxt) or (
                width is not None and len(prev) >= 0.75 * width)))):
        return False
    # The tests that keep the lines apart, the cheapest first.
    if _ends_sentence(prev):
        return False
    if LINE_LABEL.match(nxt) or BLOCK_OPENERS.match(nxt) or RULE_LINE.match(nxt):
        return False
    return not (RULE_LINE.match(prev) or is_caps_line(prev) or is_caps_line(nxt))


def join_lines(text: str) -> tuple[str, OffsetMap]:
    """Drop blank lines, trim and collapse spaces, re-join broken lines.

    Runs of lines whose breaks stay as they are in ``text`` are copied in one piece, and
    text that needs no change at all (often the PDF loader's) comes back as it is, with
    the identity map. Text that changed is read again until it stays as it is: joining a
    dump's marked wraps may leave lines that show an unmarked wrap (``_join_once``
    decides from the lines it is given), and the step must be idempotent.

    >>> join_lines("1. Mục đích\\n\\nKiểm điểm hằng năm để các cấp\\n\\nuỷ tự soi.")[0]
    '1. Mục đích\\nKiểm điểm hằng năm để các cấp uỷ tự soi.'
    >>> join_lines("1. Mục đích\\nKiểm điểm.")[1].is_identity
    True
    """
    out, mapping = _join_once(text)
    if mapping.is_identity:
        return out, mapping
    while (again := _join_once(out))[0] != out:  # each change joins or drops lines
        out, mapping = again[0], again[1].then(mapping)
    return out, mapping


def _join_once(text: str) -> tuple[str, OffsetMap]:
    """One reading of ``text``'s lines: the wrap width, the separators, the copy."""
    pieces = text.split("\n")
    lines = _tidy_lines(pieces)
    if lines is not None:  # no marks of a dump: a wrap must show in the lines alone
        width = _unmarked_wrap_width(pieces)
    else:
        lines = _content_lines(text)
        if not lines:
            return TextBuilder().finish(len(text))
        width = _wrap_width([end - start for start, end in lines]) if _wrap_evidence(
            text, lines) else _unmarked_wrap_width([text[a:b] for a, b in lines])
        pieces = [text[start:end] for start, end in lines]
    separators = [_separator(prev, nxt, width) for prev, nxt in pairwise(pieces)]
    # Where the text differs from the source: a separator other than the source's own
    # single line break (a joint, or blank lines or spaces around the break).
    changes = [(end, sep, nxt) for (_, end), (nxt, _), sep in zip(lines, lines[1:], separators)
               if sep != "\n" or nxt != end + 1]
    collapse = "  " in text
    if not changes and not collapse and lines[0][0] == 0 and lines[-1][1] == len(text):
        return text, OffsetMap.identity(len(text))
    out = TextBuilder()
    copy = partial(_copy_collapsed, out) if collapse else out.copy
    start = lines[0][0]
    for end, sep, nxt in changes:
        if sep == _UNHYPHEN:  # the hyphen goes with the break
            end, sep = end - 1, ""
        copy(text, start, end)
        out.put(sep, end)
        start = nxt
    copy(text, start, lines[-1][1])
    return out.finish(len(text))


def _copy_collapsed(out: TextBuilder, text: str, start: int, end: int) -> None:
    last = start
    for match in _SPACES.finditer(text, start, end):
        out.copy(text, last, match.start() + 1)
        last = match.end()
    out.copy(text, last, end)
