"""Repairs of what Tesseract's Vietnamese model gets wrong on plans, line by line.

Each repair is of a slip measured on the seeds' and the corpus's scans, and each is
unambiguous: the wrong form never occurs in a plan. ``ocr_tesseract`` applies them to
each recognised line (``without_strays``, then ``repair``) and to each line fragment
(``heading_marks``); ``ocr`` applies ``name_marks`` to the recognised document.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import replace
from functools import cache

from vbparser.loaders.pdf_fragments import Fragment, Page
from vbparser.normalize.fold import match_text, strip_marks
from vbparser.patterns import ROMAN, admin_levels, markers

__all__ = ["heading_marks", "name_marks", "repair", "without_strays"]

# The slips, each with what it is read as:
# - "Đ" read twice, once as the Icelandic "Ð": "124-QĐÐ/TW".
_DOUBLE_D = re.compile("[ĐÐ]{2,}")
# - a dotted "i" read as "ỉ" before the words that only "chi" / "tinh" precede (in any
#   case, before a closing bracket: "chỉ Ủy", "chỉ bộ)"); the hook of "ả" read as an
#   acute before the words only "đảng" precedes ("ĐÁNG ỦY XÃ", "đáng viên").
_TONE_SLIPS = {("chỉ", "bộ"): "chi", ("chỉ", "ủy"): "chi", ("chỉ", "uỷ"): "chi",
               ("chỉ", "đoàn"): "chi", ("Chỉ", "bộ"): "Chi", ("Chỉ", "ủy"): "Chi",
               ("Chỉ", "uỷ"): "Chi", ("tỉnh", "thần"): "tinh",
               **{(read, after): right
                  for read, right in (("ĐÁNG", "ĐẢNG"), ("Đáng", "Đảng"), ("đáng", "đảng"))
                  for after in ("ủy", "uỷ", "bộ", "viên", "cộng")}}
# - a tone read on a word that follows only certain words with another ("PHÓ BÍ THỨ":
#   no plan writes "bí thứ"); keyed by the word before, in lower case, and kept in the
#   word's own case.
_FOLLOWING_SLIPS = {("bí", "thứ"): "thư"}
# - the full stop of a label read as a comma, the Is of a Roman numeral as l, 1 or |:
#   "5, Các chi bộ" → "5. Các chi bộ", "Il. NỘI DUNG" → "II. NỘI DUNG".
_COMMA_LABEL = re.compile(r"^(\d{1,2}),$")
_ROMAN_LABEL = re.compile(r"^[Il|1]*[l|][Il|1]*([.\-])$|^[Il|1]*1[Il|1]*I[Il|1]*([.\-])$")
# - the Is of a Roman numeral read as T, two of them joined into H, the label's stop
#   sometimes lost, before a heading in capitals: "TH NỘI DUNG" → "III. NỘI DUNG",
#   "TV- THỜI GIAN" → "IV- THỜI GIAN" (no heading opens with such a word).
_ROMAN_SHAPES = re.compile(r"^([TIl|1HV]{2,4})([.\-]?)$")
_ROMAN_READS = str.maketrans({"T": "I", "l": "I", "|": "I", "1": "I", "H": "II"})
_ROMAN = re.compile(ROMAN)
# - a small "c" read as the copyright sign: "(b/©)" for "(b/c)"; no plan writes "©".
_COPYRIGHT_C = str.maketrans({"©": "c"})
# - a stray mark glued to a line's first word ("_2." for "2.": the tilde of a letter on
#   the line below, see ``without_strays``); no word opens with an underscore.
_STRAY_OPENING = re.compile(r"^_+(?=\w)")
# - a speck glued after a word's letters ("Lâm_"); no word ends with an underscore.
_STRAY_CLOSING = re.compile(r"(?<=[^\W\d_])_+$")
# - "ủy" read in capitals after a word in lower case ("Huyện ỦY"), unless it opens a name.
_CAPITAL_UY = {"Ủy": "ủy", "ỦY": "ủy", "Uỷ": "uỷ", "UỶ": "uỷ"}
# the Unicode categories of marks that stand alone: modifier letters and symbols ("ˆ",
# "˜", "´", "^") and combining marks
_MARKS = frozenset({"Lm", "Sk", "Mn"})
_UY_NAMES = frozenset({"ban", "viên", "quyền", "nhiệm", "thác"})
# the words a committee's name puts before "ủy" ("Huyện ủy", "Chi ủy"): at a paragraph's
# end, after one of them, "Ủy" opens no name ("Ủy ban" goes on after it)
_UY_BODIES = frozenset({"tỉnh", "huyện", "thành", "quận", "thị", "đảng", "chi", "xã"})
_LETTERS = re.compile(r"[^\W\d_]+")
_SENTENCE_ENDS = (".", ":", ";", "!", "?", "-", "–")


def heading_marks(fragment: Fragment) -> Fragment:
    """A line in capitals with the marks of a part's name or a signer's position put
    right where Tesseract misread one ("MỤC ĐÍCH, YÊU CẤU", "ĐÔI TƯỢNG", "PHO CHỦ
    TỊCH"): a run of its words that is, but for its marks, one of the names of a plan's
    parts or of the positions of two words or more (``roles`` and ``closing`` in
    ``data/section_markers.yaml``) takes that name's marks.

    >>> heading_marks(Fragment(1, 0, 90, 0, 12, "II. ĐÔI TƯỢNG, TIỀN ĐỘ")).text
    'II. ĐỐI TƯỢNG, TIẾN ĐỘ'
    >>> heading_marks(Fragment(1, 0, 90, 0, 12, "PHO CHỦ TICH")).text
    'PHÓ CHỦ TỊCH'
    >>> heading_marks(Fragment(1, 0, 90, 0, 12, "Đôi tượng")).text  # not in capitals
    'Đôi tượng'
    """
    text = fragment.text
    if not text.isupper():
        return fragment
    bare = strip_marks(text)
    if len(bare) != len(text):  # marks written apart from their letters
        return fragment
    pattern, names = _heading_names()
    out = text
    for match in pattern.finditer(bare):
        out = out[:match.start()] + names[match.group(0)] + out[match.end():]
    return fragment if out == text else fragment._replace(text=out)


@cache
def _heading_names() -> tuple[re.Pattern[str], dict[str, str]]:
    """The names of a plan's parts of two words or more, in capitals, by their capitals
    without marks, and a pattern of the latter as whole words."""
    closing = markers()["closing"]["positions"]  # a signer's position: "PHÓ CHỦ TỊCH"
    names = {strip_marks(name.upper()): name.upper()
             for words in (*markers()["roles"].values(), closing) for name in words
             if " " in name}
    alternation = "|".join(re.escape(key) for key in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)"), names


def name_marks(pages: list[Page]) -> list[Page]:
    """Proper names in the capitals of a body's name with the marks the running text
    gives the same name ("ĐẢNG ỦY XÃ NGỌC TUYỂN" → "... NGỌC TUYỀN").

    The header's lines in bold capitals are where Tesseract misreads marks most ("Ể" for
    "Ề"), and where the issuer is read from; the running text names the same bodies in
    smaller letters, mostly in lower case, and reads them better. A word in capitals
    that follows a body's name in capitals, with no other word between ("XÃ", "HUYỆN",
    "CHI BỘ": the last words of the bodies of ``data/admin_levels.yaml``), is taken to
    be a name's; the line may hold more than the name (Tesseract reads a header's lines
    into one: "ĐẢNG BỘ HUYỆN X * Số 12"). When the running text never writes that word as
    it stands, and writes exactly one word alike but for its marks as a name's
    (capitalised inside a sentence: "xã Ngọc Tuyền"), the word takes that one's marks.
    A line with no body's name (a heading, "NỘI DUNG") is left alone.

    >>> lines = ["ĐẢNG BỘ HUYỆN SƠN TUYỂN * Số 12", "của Huyện ủy Sơn", "Tuyền về", "NỘI DUNG"]
    >>> page = Page(1, 595, 842, tuple(Fragment(1, 0, 1, k, k + 1, t) for k, t in enumerate(lines)))
    >>> [f.text for f in name_marks([page])[0].fragments]
    ['ĐẢNG BỘ HUYỆN SƠN TUYỀN * Số 12', 'của Huyện ủy Sơn', 'Tuyền về', 'NỘI DUNG']
    """
    seen: set[str] = set()
    names: dict[str, set[str]] = {}  # the forms of names, by their letters without marks
    last = ""  # the line before, for a line's first word
    for page in pages:
        for fragment in page.fragments:
            text = fragment.text
            for match in _LETTERS.finditer(text):
                word = match.group(0)
                if _caps_word(word):
                    continue  # capitals are what is repaired, not what repairs
                low = match_text(word)
                seen.add(low)
                before = f"{last} {text[:match.start()]}".rstrip()
                if word.istitle() and before and not before.endswith(_SENTENCE_ENDS):
                    names.setdefault(strip_marks(low), set()).add(low)
            last = text
    if not names:
        return pages
    out = []
    for page in pages:
        fragments = tuple(_named(f, seen, names) for f in page.fragments)
        out.append(page if fragments == page.fragments else replace(page, fragments=fragments))
    return out


def _named(fragment: Fragment, seen: set[str], names: dict[str, set[str]]) -> Fragment:
    """A line with the words in capitals after a body's name in capitals given the
    running text's marks (``name_marks``)."""
    text = fragment.text
    opened = False
    for match in _LETTERS.finditer(fragment.text):
        word = match.group(0)
        if not _caps_word(word):
            opened = False
            continue
        low = match_text(word)
        if opened and low not in seen:
            forms = names.get(strip_marks(low))
            if forms is not None and len(forms) == 1:
                (form,) = forms
                if len(form) == len(low):
                    text = text[:match.start()] + form.upper() + text[match.end():]
        opened = opened or low in _name_openers()
    return fragment if text == fragment.text else fragment._replace(text=text)


@cache
def _name_openers() -> frozenset[str]:
    """The words a place's or unit's name follows: the last words of the bodies' names
    ("xã" of "đảng ủy xã", "bộ" of "chi bộ") and the unit words ("thôn")."""
    levels = admin_levels()
    words = {match_text(body["words"]).split()[-1] for body in levels["bodies"]}
    return frozenset(words | {match_text(w).split()[-1] for w in levels["unit_words"]})


def marks_only(text: str) -> bool:
    """Whether a word is marks read alone ("ˆ", "˜": ``_MARKS``), no letter or digit."""
    return all(unicodedata.category(c) in _MARKS for c in text)


def without_strays(words: list[Fragment]) -> list[Fragment]:
    """One line's words without the marks that stand wholly above or below its letters:
    the tilde or hook of a letter on the next line read as a word of its own ("_ 2. Mỗi
    đảng viên", the "_" from "mẫu" below). A word with no letter or digit that lies
    wholly below the typical bottom of the line's words that have one (their baseline,
    as most words have no descender) or wholly above their typical top is such a mark;
    a dash or a quote, set within that span, is not.

    A word of marks alone ("ˆ", "˜", read from the circumflex of a capital "Ố" set
    apart) is no word wherever it stands.

    >>> words = [Fragment(1, 100, 104, 376, 378, "_"), Fragment(1, 117, 128, 362, 372, "2."),
    ...          Fragment(1, 135, 157, 360, 372, "Mỗi"), Fragment(1, 160, 163, 366, 367, "-")]
    >>> [w.text for w in without_strays(words)]
    ['2.', 'Mỗi', '-']
    >>> [w.text for w in without_strays([Fragment(1, 90, 95, 360, 364, "ˆ"), words[2]])]
    ['Mỗi']
    """
    words = [w for w in words if not marks_only(w.text)]
    letters = [w for w in words if any(c.isalnum() for c in w.text)]
    if not letters or len(letters) == len(words):
        return words
    top = statistics.median(w.top for w in letters)
    bottom = statistics.median(w.bottom for w in letters)
    return [w for w in words if w in letters or (w.top < bottom and w.bottom > top)]


def _following_slip(text: str, before: str) -> str:
    """``text`` mended when its tone is one the word ``before`` it never takes after it
    (``_FOLLOWING_SLIPS``), in its own case.

    >>> _following_slip("THỨ", "BÍ"), _following_slip("thứ", "Bí"), _following_slip("thứ", "Thứ")
    ('THƯ', 'thư', 'thứ')
    """
    mended = _FOLLOWING_SLIPS.get((before.lower(), text.lower()))
    if mended is None:
        return text
    return mended.upper() if text.isupper() else mended.capitalize() if text[0].isupper() else mended


def _small_uy(text: str, before: str, after: str, ends: bool = False) -> str:
    """"ủy" that Tesseract read in capitals ("Huyện ỦY", "đảng Ủy xã": its "ủ" and "Ủ"
    have one shape), after a word not in capitals and not at a sentence's start; "Ủy"
    opening a name ("Ủy ban", "Ủy viên") stays. With no word after it, only a paragraph's
    last word after a committee's body word is lowered (``ends``: "Ban Tổ chức Huyện Ủy"
    closing a table cell).

    >>> _small_uy("ỦY", "Huyện", "Hà"), _small_uy("Ủy", "của", "ban"), _small_uy("Ủy", "của", "")
    ('ủy', 'Ủy', 'Ủy')
    >>> _small_uy("Ủy.", "Huyện", "", ends=True), _small_uy("Ủy", "Huyện", "")
    ('ủy.', 'Ủy')
    """
    if before.isupper() or before.endswith((".", ":", ";", "!", "?")):
        return text
    if not after and not (ends and before.lower() in _UY_BODIES):
        return text  # nothing after to tell
    if after.rstrip(",.;:").lower() in _UY_NAMES:
        return text  # a name
    word = text.rstrip(",.;:)")
    return _CAPITAL_UY[word] + text[len(word):]


def _uy_tone(text: str, before: str) -> str:
    """"ủy" read with another tone after a committee's body word ("ĐẢNG ÚY", "Huyện
    ùy"): no other tone of "uy" follows one of them.

    >>> _uy_tone("ÚY", "ĐẢNG"), _uy_tone("ùy,", "Huyện"), _uy_tone("úy", "đại")
    ('ỦY', 'ủy,', 'úy')
    """
    word = text.rstrip(",.;:)")
    if (not before or before.lower() not in _UY_BODIES or word in _CAPITAL_UY
            or word in ("ủy", "uỷ") or strip_marks(word).lower() != "uy"):
        return text
    return ("ỦY" if word.isupper() else "ủy") + text[len(word):]


def _caps_word(word: str) -> bool:
    """A word in capitals of two letters or more ("MỤC", "ĐỐI")."""
    return len(word) > 1 and word.isupper()


def _roman_slip(text: str) -> str:
    """The Roman numeral a heading's label was misread from ("TH" → "III.", "TV-" →
    "IV-"), or ``text`` when it is none (a word of its own, or a numeral read right)."""
    m = _ROMAN_SHAPES.match(text)
    if m is None or not any(c in "TH" for c in m.group(1)):
        return text
    numeral = m.group(1).translate(_ROMAN_READS)
    return numeral + (m.group(2) or ".") if _ROMAN.fullmatch(numeral) else text


def repair(words: list[Fragment], following: str = "", ends: bool = False,
           preceding: str = "") -> list[Fragment]:
    """Fix Tesseract's unambiguous slips in one line of words (see ``_TONE_SLIPS``);
    ``following`` is the word that opens the paragraph's next line, which a tone slip
    at the line's end is judged by; ``ends``: the line is known to end its paragraph;
    ``preceding``: the word that ends the paragraph's line before, which a capital "Ủy"
    opening the line is judged by (``_small_uy``).

    >>> [w.text for w in repair([Fragment(1, 0, 20, 0, 10, "chỉ")], "ủy")]
    ['chi']
    >>> [w.text for w in repair([Fragment(1, 0, 20, 0, 10, "chỉ"), Fragment(1, 22, 40, 0, 10, "bộ).")])]
    ['chi', 'bộ).']
    >>> [w.text for w in repair([Fragment(1, 0, 20, 0, 10, "Ủy")], ends=True, preceding="Huyện")]
    ['ủy']
    >>> [w.text for w in repair([Fragment(1, 0, 9, 0, 10, "_2."), Fragment(1, 12, 20, 0, 10, "Lâm_")])]
    ['2.', 'Lâm']
    >>> [w.text for w in repair([Fragment(1, 0, 9, 0, 10, w) for w in ("UBND", "(b/©);")])]
    ['UBND', '(b/c);']
    >>> [w.text for w in repair([Fragment(1, 0, 9, 0, 10, w) for w in ("TH", "NỘI", "DUNG")])]
    ['III.', 'NỘI', 'DUNG']
    >>> line = [Fragment(1, 10 * k, 10 * k + 8, 0, 10, w) for k, w in enumerate(
    ...     ["như", "sau:", "l.", "MỤC", "ĐÍCH", "và", "l.", "Kế"])]
    >>> " ".join(w.text for w in repair(line))
    'như sau: I. MỤC ĐÍCH và l. Kế'
    """
    out: list[Fragment] = []
    for k, word in enumerate(words):
        text = _DOUBLE_D.sub("Đ", word.text).translate(_COPYRIGHT_C)
        if k == 0:
            text = _STRAY_OPENING.sub("", text)
        text = _STRAY_CLOSING.sub("", text)
        after = words[k + 1].text if k + 1 < len(words) else ""
        text = _TONE_SLIPS.get((text, (after or following).rstrip(",.;:)").lower()), text)
        # a label opens the line, or a heading in capitals after a sentence's end (text
        # set without line breaks: "... như sau: l. MỤC ĐÍCH")
        before = out[-1].text if k > 0 else preceding
        text = _uy_tone(text, before)
        text = _following_slip(text, before)
        if before and text.rstrip(",.;:)") in _CAPITAL_UY:
            text = _small_uy(text, before, after or following, ends and not after)
        heading = k > 0 and out[-1].text.endswith((".", ":", ";")) and _caps_word(after)
        if (k == 0 and after[:1].isupper()) or heading:
            if k == 0:
                text = _COMMA_LABEL.sub(r"\1.", text)
            if _ROMAN_LABEL.match(text):
                text = "I" * (len(text) - 1) + text[-1]
            elif k == 0 and all(_caps_word(w.text.strip(",")) for w in words[1:3]):
                text = _roman_slip(text)
        if text != word.text:
            word = Fragment(word.page, word.x0, word.x1, word.top, word.bottom, text, word.bold)
        out.append(word)
    return out
