"""Character-level normalisation: NFC, look-alike letters, spaces, markdown marks."""

from __future__ import annotations

import re
import unicodedata

from vbparser.patterns import FOOTNOTE_LABEL
from vbparser.spans import OffsetMap, TextBuilder, rewrite

# Characters replaced one for one or deleted. Ð (U+00D0, Icelandic eth) looks like Đ
# (U+0110) and turns up in converted pages: "QÐ" must read as "QĐ". Word's non-breaking
# hyphen (U+2011) holds symbols together on a line: "90/2020/NĐ‑CP" is "90/2020/NĐ-CP".
_CHAR_MAP = {
    "\u00d0": "Đ", "\u00f0": "đ", "\u2010": "-", "\u2011": "-",  # (non-breaking) hyphens
    "\u2015": "\u2014",  # the horizontal bar a rule under a title may be drawn with: a dash
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\t": " ",
    "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "", "\u00ad": "",
    "\f": "\n", "\u2028": "\n", "\u2029": "\n", "\r": "\n", "\v": "\n",
}


def _box_char(char: str) -> str | None:
    """The ASCII a grid table draws with for a box-drawing character: "-" or "=" for a
    horizontal line, "|" for a vertical one, "+" for a corner or a junction; None for the
    diagonals."""
    name = unicodedata.name(char, "")
    if "DIAGONAL" in name:
        return None
    across = "HORIZONTAL" in name or name.endswith((" LEFT", " RIGHT"))
    down = "VERTICAL" in name or name.endswith((" UP", " DOWN"))
    if across != down and " AND " not in name:
        return "|" if down else "=" if "DOUBLE" in name else "-"
    return "+"


# A table drawn with box-drawing characters ("┌──┬──┐", "│ TT │", "├──┼──┤"), as some
# converters write Word tables, becomes the grid table it stands for ("+--+--+", "| TT |"),
# one character for one, so that ``grids`` reads it as rows.
_BOX_MAP = {c: a for c in map(chr, range(0x2500, 0x2580)) if (a := _box_char(c)) is not None}
_CHAR_MAP.update(_BOX_MAP)
_BOX = re.compile("[\u2500-\u257f]")
# A dash Word's autocorrect made long between a number and its symbol's type code:
# "Số 21–KH/ĐU", "Hướng dẫn số 14–HD/BTCTU" stand for "21-KH/ĐU" and "14-HD/BTCTU".
_SYMBOL_DASH = re.compile(r"(?<=\d)[\u2013\u2014](?=[A-ZĐ][A-Za-zĐđ]{0,5}/)")
# A gap of tabs between two cells of a row copied out of a Word table.
_TAB_GAP = re.compile(r"(?<=\S)\t+(?=\S)")
_PLAIN_CHARS = tuple(c for c in _CHAR_MAP if c not in _BOX_MAP)
_CHARS = re.compile("\r\n|[" + "".join(re.escape(c) for c in _CHAR_MAP) + "]")

# A base character followed by combining marks: the only places NFC changes text
# written in Vietnamese (seed 001 has "ặ" as U+0103 U+0323).
_COMBINING = re.compile(r"(?s).[\u0300-\u036f]+")

# Markdown left by converters (seed 000): heading marks, bold, and *emphasis*.
_HEADING = re.compile(r"(?m)^[ \t]*#{1,6}[ \t]+")
# Each pattern starts with a literal and looks behind only after it ("__" not after a
# space, "*" not after a letter), so that the search skips to the next "*" or "_" instead
# of trying every position.
_BOLD = re.compile(r"\*\*|__(?=\S)|__(?<=\S__)")
# An escaped asterisk neither closes an emphasis nor is one ("*\* Lưu ý: ...*": a note
# marker set in italics).
_EMPHASIS = re.compile(r"\*(?<![\w*]\*)(?=[^\s*])(?P<keep>(?:\\.|[^*\n\\])*?(?:\\.|[^\s*\\]))"
                       r"\*(?![\w*])")
# "_emphasis_" as pandoc writes it ("**_Nơi nhận:_**"); not inside a word ("KH_87_2025").
_UNDERSCORED = re.compile(r"_(?<![\w_]_)(?=[^\s_])(?P<keep>[^_\n]*?[^\s_])_(?![\w_])")
_ESCAPE = re.compile(r"\\(?P<keep>[\\`*_{}\[\]()#+\-.!])")
# A footnote's mark in the running text ("... trong hệ thống chính trị[^1];"); the note's
# own label ("[^1]: ...") stays, so the closing blocks can tell where the notes begin.
_FOOTNOTE_MARK = re.compile(rf"{FOOTNOTE_LABEL}(?!:)")
# A link keeps its words and loses its address ("[Kế hoạch số 15-KH/TU](https://…) của
# …"); an image goes whole.
_LINK = re.compile(r"(?:!\[[^\]\n]*\]|\[(?P<keep>[^\]\n]+)\])\([^()\s]*\)")
# Each markup pattern with the strings one of which every match contains: a pattern runs
# only on text holding one of them (most documents have no markdown at all).
_MARKUP = ((_HEADING, ("#",)), (_BOLD, ("**", "__")), (_EMPHASIS, ("*",)),
           (_UNDERSCORED, ("_",)), (_ESCAPE, ("\\",)), (_FOOTNOTE_MARK, ("[^",)),
           (_LINK, ("](",)))


def fix_chars(text: str) -> tuple[str, OffsetMap]:
    """Unify line ends and spaces, drop zero-width characters, map Ð to Đ and the dashes
    of a symbol to hyphens; the tabs between the cells of a table copied out of Word as
    text become its cell borders (``tab_table``).

    >>> fix_chars("QÐ\\u00a0số\\u200b 1\\r\\n")[0]
    'QĐ số 1\\n'
    >>> fix_chars("Số 21–KH/ĐU; Nghị định số 90/2020/NĐ\\u2011CP; năm 2024–2025")[0]
    'Số 21-KH/ĐU; Nghị định số 90/2020/NĐ-CP; năm 2024–2025'
    """
    # One substring search per character is far cheaper than one regex scan of a text
    # that holds none of them (the usual case).
    dashed = ("\u2013" in text or "\u2014" in text) and _SYMBOL_DASH.search(text) is not None
    if not dashed and not any(char in text for char in _PLAIN_CHARS) and _BOX.search(text) is None:
        return text, OffsetMap.identity(len(text))
    if "\t" in text:
        text = tab_table(text)
    if dashed:  # one for one: the offsets stay
        text = _SYMBOL_DASH.sub("-", text)
    return rewrite(text, _CHARS, lambda m: "\n" if m.group(0) == "\r\n" else _CHAR_MAP[m.group(0)])


def tab_table(text: str) -> str:
    """``text`` with the tabs between the cells of a table copied out of Word written as
    pipes, one for one (``vbparser.tables``): two lines or more in a row, each with three
    cells or more (two gaps of tabs between words). A tab that indents a line, or a
    single gap that sets two columns side by side ("Nơi nhận:<tabs>T/M BAN THƯỜNG VỤ"),
    stays a blank.

    >>> tab_table("TT\\tNội dung\\tThời gian\\n1\\tKiểm điểm\\tTrước ngày 15/12\\n")
    'TT|Nội dung|Thời gian\\n1|Kiểm điểm|Trước ngày 15/12\\n'
    >>> tab_table("Nơi nhận:\\t\\tT/M BAN THƯỜNG VỤ\\n- Như trên;\\t\\tBÍ THƯ\\n")
    'Nơi nhận:\\t\\tT/M BAN THƯỜNG VỤ\\n- Như trên;\\t\\tBÍ THƯ\\n'
    """
    lines = text.split("\n")
    rows = [len(_TAB_GAP.findall(line.strip(" \t\r"))) >= 2 for line in lines]
    out = []
    for k, line in enumerate(lines):
        if rows[k] and (k > 0 and rows[k - 1] or k + 1 < len(lines) and rows[k + 1]):
            lead = len(line) - len(line.lstrip(" \t"))
            line = line[:lead] + line[lead:].replace("\t", "|")
        out.append(line)
    return "\n".join(out)


def nfc(text: str) -> tuple[str, OffsetMap]:
    """Compose to NFC; each composed letter maps to the first character it came from.

    >>> nfc("Ma\\u0306\\u0323t")[0] == "Mặt"
    True
    """
    if unicodedata.is_normalized("NFC", text):
        return text, OffsetMap.identity(len(text))
    new, mapping = rewrite(text, _COMBINING, lambda m: unicodedata.normalize("NFC", m.group(0)))
    if unicodedata.is_normalized("NFC", new):
        return new, mapping
    return _nfc_per_char(text)


def _nfc_per_char(text: str) -> tuple[str, OffsetMap]:
    out = TextBuilder()
    for i, ch in enumerate(text):
        out.put(unicodedata.normalize("NFC", ch), i, i + 1)
    new, mapping = out.finish(len(text))
    return unicodedata.normalize("NFC", new), mapping


def _keep_groups(text: str, pattern: re.Pattern[str]) -> tuple[str, OffsetMap]:
    """Delete each match of ``pattern`` except its ``keep`` group (offsets stay exact)."""
    out = TextBuilder()
    last = 0
    keeps = "keep" in pattern.groupindex
    for match in pattern.finditer(text):
        out.copy(text, last, match.start())
        if keeps and match.group("keep") is not None:
            out.copy(text, match.start("keep"), match.end("keep"))
        last = match.end()
    if last == 0:
        return text, OffsetMap.identity(len(text))
    out.copy(text, last, len(text))
    return out.finish(len(text))


def strip_markup(text: str) -> tuple[str, OffsetMap]:
    """Remove markdown heading marks, bold/emphasis asterisks and underscores, backslash
    escapes, links' addresses and images.

    A line starting with "* " (a note marker such as "* Lưu ý:") is kept.

    >>> strip_markup("#### **II. NỘI DUNG**\\n*c) Ngoài ra*\\n* Lưu ý: x")[0]
    'II. NỘI DUNG\\nc) Ngoài ra\\n* Lưu ý: x'
    >>> strip_markup("*\\\\* Lưu ý: chỉ kiểm điểm tập thể có từ 03 thành viên.*")[0]
    '* Lưu ý: chỉ kiểm điểm tập thể có từ 03 thành viên.'
    >>> strip_markup("**_Nơi nhận:_**\\n- Lưu: VT (KH_87_2025.pdf).")[0]
    'Nơi nhận:\\n- Lưu: VT (KH_87_2025.pdf).'
    >>> strip_markup("[Kế hoạch số 15-KH/TU](https://a.vn/kh-15) của Tỉnh ủy ![ảnh](a.png)")[0]
    'Kế hoạch số 15-KH/TU của Tỉnh ủy '
    """
    mapping = OffsetMap.identity(len(text))
    for pattern, marks in _MARKUP:
        if any(mark in text for mark in marks):
            text, step = _keep_groups(text, pattern)
            mapping = step.then(mapping)
    return text, mapping
