"""Decode document bytes to Unicode, detecting UTF-8/16, Windows-1258, TCVN3 and VNI.

Legacy Vietnamese encodings (TCVN3/ABC, VNI) are still met in archived plans. They are
told apart by decoding the bytes each way and scoring how Vietnamese the result looks:
Vietnamese letters count for a candidate, Latin-1 symbols inside words (``©``, ``¬``,
``µ``: the mojibake of a wrong guess) count against it.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from vbparser.data import load
from vbparser.errors import LoadError
from vbparser.normalize.fold import strip_marks

_VIET_LETTERS = frozenset(
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
)
# Latin-1 characters that never occur in Vietnamese words: the marks of mojibake.
_JUNK = frozenset(
    chr(c) for c in range(0xA1, 0x100) if chr(c) not in _VIET_LETTERS and chr(c) != "×"
) | frozenset("\x80\x81\x8d\x8f\x90\x9d")
_VOWELS = frozenset("aeiouyAEIOUYăâêôơưĂÂÊÔƠƯ")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the encoding it was read as, and whether that needs a warning."""

    text: str
    encoding: str
    legacy: bool = False
    embedded: bool = False
    replaced: bool = False


def viet_score(text: str) -> float:
    """Score how Vietnamese ``text`` looks: valid syllables +1, invalid words -3.

    Only words with non-ASCII letters are judged; mojibake symbols count -4 each.

    >>> viet_score("Ủy ban nhân dân") > viet_score("Uû ban nh©n d©n")
    True
    """
    nfc = unicodedata.normalize("NFC", text)
    score = -4.0 * sum(1 for ch in nfc if ch in _JUNK)
    for word in re.findall(r"[^\W\d_]+", nfc):
        if word.isascii():
            continue
        score += 1 if is_syllable(word) else -3
    return score


def _alt(items: list[str]) -> str:
    """Join ``items`` into a regex alternation, longest first so "ngh" wins over "ng"."""
    return "|".join(sorted(items, key=len, reverse=True))


@cache
def _syllable_re() -> re.Pattern[str]:
    spec = load("syllables")
    onset = f"(?:{_alt(spec['onsets'])})?"
    return re.compile(f"{onset}(?:(?:{_alt(spec['nuclei'])})(?:{_alt(spec['finals'])})?"
                      f"|(?:{_alt(spec['open_nuclei'])}))")


@cache
def _bare_syllable_re() -> re.Pattern[str]:
    """``_syllable_re`` with every mark taken off its letters (â→a, ơ→o, đ→d)."""
    spec = load("syllables")

    def bare(key: str) -> list[str]:
        return list({strip_marks(x) for x in spec[key]})

    onset = f"(?:{_alt(bare('onsets'))})?"
    return re.compile(f"{onset}(?:(?:{_alt(bare('nuclei'))})(?:{_alt(bare('finals'))})?"
                      f"|(?:{_alt(bare('open_nuclei'))}))")


def is_bare_syllable(word: str) -> bool:
    """Tell whether ``word``, written without marks, is a Vietnamese syllable with its
    marks taken off.

    >>> is_bare_syllable("kiem"), is_bare_syllable("Nguyen"), is_bare_syllable("the")
    (True, True, True)
    >>> is_bare_syllable("and"), is_bare_syllable("office")
    (False, False)
    """
    return _bare_syllable_re().fullmatch(word.lower()) is not None


@cache
def _tone_marks() -> frozenset[str]:
    return frozenset(load("syllables")["tones"])


def is_syllable(word: str) -> bool:
    """Tell whether ``word`` is a well-formed Vietnamese syllable.

    >>> is_syllable("Nguyễn"), is_syllable("kieồm"), is_syllable("thơng")
    (True, False, True)
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = _tone_marks()
    if sum(1 for ch in decomposed if ch in tones) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in tones))
    return _syllable_re().fullmatch(base) is not None


@cache
def _tcvn3_table() -> dict[int, str]:
    table = {b: bytes([b]).decode("cp1252", errors="replace") for b in range(0x80, 0xA1)}
    table.update({int(k): v for k, v in load("legacy_encodings")["tcvn3"].items()})
    return table


def decode_tcvn3(data: bytes) -> str:
    """Decode TCVN3 (ABC) bytes; all-caps words get their toned letters upper-cased.

    >>> decode_tcvn3("Uû ban nh©n d©n".encode("latin-1"))
    'Uỷ ban nhân dân'
    """
    table = _tcvn3_table()
    text = "".join(table[b] if b >= 0x80 else chr(b) for b in data)
    return _restore_caps(text)


def _restore_caps(text: str) -> str:
    """Upper-case lines whose plain letters are all capitals.

    .VnTimeH headings store capitals with lowercase codes ("KÕ HO¹CH" for "KẾ HOẠCH");
    a line whose ASCII letters are all upper case is such a heading. Symbols such as
    "07-KH/ĐU" (tokens with digits or slashes) do not count.
    """
    lines = text.split("\n")
    for i, line in enumerate(lines):
        words = [w for w in line.split() if not re.search(r"[\d/]", w)]
        ascii_letters = [c for w in words for c in w if c.isascii() and c.isalpha()]
        if len(ascii_letters) >= 2 and all(c.isupper() for c in ascii_letters):
            lines[i] = line.upper()
    return "\n".join(lines)


@cache
def _vni_tables() -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    spec = load("legacy_encodings")["vni"]
    lower = {int(k): v for k, v in spec["marks_lower"].items()}
    upper = {b - int(spec["marks_upper_offset"]): v for b, v in lower.items()}
    letters = {int(k): v for k, v in spec["letters"].items()}
    return lower, upper, letters


def decode_vni(data: bytes) -> str:
    """Decode VNI-Windows bytes: mark bytes after a vowel become combining marks.

    >>> decode_vni("Vieät Nam".encode("latin-1"))
    'Việt Nam'
    """
    lower, upper, letters = _vni_tables()
    out: list[str] = []
    for b in data:
        prev = out[-1][-1:] if out else ""
        if b < 0x80:
            out.append(chr(b))
        elif b in letters and not (prev in _VOWELS and (b in lower or b in upper)):
            out.append(letters[b])
        elif prev in _VOWELS and prev.islower() and b in lower:
            out.append(lower[b])
        elif prev in _VOWELS and prev.isupper() and b in upper:
            out.append(upper[b])
        elif prev in _VOWELS and b in lower:
            out.append(lower[b])
        else:
            out.append(bytes([b]).decode("cp1252", errors="replace"))
    return unicodedata.normalize("NFC", "".join(out))


def encode_tcvn3(text: str) -> bytes:
    """Encode Unicode text as TCVN3 (capital toned letters take the lowercase codes).

    >>> decode_tcvn3(encode_tcvn3("Kế hoạch số 12")) == "Kế hoạch số 12"
    True
    """
    reverse = {v: k for k, v in _tcvn3_table().items() if k >= 0xA1 and len(v) == 1}
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 0x80:
            out.append(ord(ch))
        elif ch in reverse:
            out.append(reverse[ch])
        elif ch.lower() in reverse:
            out.append(reverse[ch.lower()])
        else:
            out += ch.encode("cp1252", errors="replace")
    return bytes(out)


def encode_vni(text: str) -> bytes:
    """Encode Unicode text as VNI-Windows.

    >>> decode_vni(encode_vni("Đảng ủy xã Hòa Bình")) == "Đảng ủy xã Hòa Bình"
    True
    """
    lower, upper, letters = _vni_tables()
    rev_letters = {v: k for k, v in letters.items()}
    rev_lower = {v: k for k, v in lower.items()}
    rev_upper = {v: k for k, v in upper.items()}
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 0x80:
            out.append(ord(ch))
            continue
        if ch in rev_letters and ch not in "ơưƠƯ":
            out.append(rev_letters[ch])
            continue
        base, marks = _split_letter(ch)
        if base in rev_letters:  # ơ, ư and their capitals are letters that take marks
            out.append(rev_letters[base])
        elif base.isascii():
            out.append(ord(base))
        else:
            out += ch.encode("cp1252", errors="replace")
            continue
        if marks:
            table = rev_upper if base.isupper() else rev_lower
            out.append(table[marks])
    return bytes(out)


def _split_letter(ch: str) -> tuple[str, str]:
    """Split a precomposed letter into its VNI base and its combining marks."""
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    if "\u031b" in marks:  # horn: ơ/ư are VNI base letters
        base = unicodedata.normalize("NFC", base + "\u031b")
        marks = marks.replace("\u031b", "")
    # VNI writes the vowel-shape mark (circumflex/breve) before the tone mark
    shape = "".join(m for m in marks if m in "\u0302\u0306")
    tone = "".join(m for m in marks if m not in "\u0302\u0306")
    return base, shape + tone


_LEGACY_DECODERS = {"TCVN3": decode_tcvn3, "VNI": decode_vni}
# The characters Windows-1252 puts at 0x80-0x9F, back to their bytes; every other
# character below U+0100 is its own byte (Latin-1).
_CP1252_SPECIALS = {ord(ch): b for b in range(0x80, 0xA0)
                    if (ch := bytes([b]).decode("cp1252", errors="ignore"))}


def decode_font_codes(line: str, encoding: str) -> str | None:
    """Decode one line of text whose characters are a legacy font's codes.

    A PDF exported from a document typed in .VnTime or VNI-Times fonts holds each glyph's
    byte read as a Windows-1252 character ("§¶ng ñy" for "Đảng ủy"). Give one line at a
    time: TCVN3 capital fonts reuse the small letters' codes, and a line whose plain
    letters are all capitals is upper-cased whole (see ``decode_tcvn3``).

    Args:
        line: the text, as the PDF's text layer gives it.
        encoding: "TCVN3" or "VNI".

    Returns:
        The decoded text, or None when a character has no byte (then the text is not
        in a legacy font).

    >>> decode_font_codes("§¶NG ñY X· HOµNG S¥N", "TCVN3")
    'ĐẢNG ỦY XÃ HOÀNG SƠN'
    >>> decode_font_codes("Ñaûng uûy", "VNI"), decode_font_codes("Đảng", "VNI")
    ('Đảng ủy', None)
    """
    try:
        data = line.translate(_CP1252_SPECIALS).encode("latin-1")
    except UnicodeEncodeError:
        return None
    return _LEGACY_DECODERS[encoding](data)


def decode(data: bytes) -> Decoded:
    """Decode document bytes, detecting the encoding.

    Raises:
        LoadError: the bytes are not text in any encoding vbparser knows.

    >>> decode("Kế hoạch".encode("utf-16")).encoding
    'utf-16'
    >>> decode(encode_tcvn3("Đảng ủy xã ban hành kế hoạch")).encoding
    'TCVN3'
    """
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _checked(data.decode(name), name)
    if _looks_utf16(data):
        sample = data[:2000]
        name = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        return _checked(data.decode(name, errors="replace"), "utf-16")
    if b"\x00" in data[:4096] or _control_ratio(data[:4096]) > 0.02:
        raise LoadError("the file looks binary (control bytes), not a text document")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _best_legacy(data)
    return _unwrap_embedded(text)


def _control_ratio(sample: bytes) -> float:
    controls = sum(1 for b in sample if b < 0x20 and b not in (9, 10, 12, 13))
    return controls / max(len(sample), 1)


def _looks_utf16(data: bytes) -> bool:
    sample = data[:2000]
    if len(sample) < 4:
        return False
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    half = len(sample) // 2
    return max(zeros_even, zeros_odd) > 0.3 * half and min(zeros_even, zeros_odd) < 0.05 * half


def _checked(text: str, encoding: str) -> Decoded:
    return Decoded(text, encoding, replaced="\ufffd" in text)


def _best_legacy(data: bytes) -> Decoded:
    candidates = {"cp1258": data.decode("cp1258", errors="replace")}
    for name, fn in _LEGACY_DECODERS.items():
        candidates[name] = fn(data)
    best = max(candidates, key=lambda n: viet_score(candidates[n]))
    text = candidates[best]
    return Decoded(text, best, legacy=True, replaced="\ufffd" in text)


def _unwrap_embedded(text: str) -> Decoded:
    """Convert UTF-8 text that carries TCVN3/VNI mojibake (e.g. ``Uû ban nh©n d©n``)."""
    junk = sum(1 for ch in text if ch in _JUNK)
    if junk < 3 or junk < 0.01 * len(text):
        return Decoded(text, "utf-8")
    try:
        raw = text.encode("cp1252")
    except UnicodeEncodeError:
        return Decoded(text, "utf-8")
    base_score = viet_score(text)
    best_name, best_text = "utf-8", text
    for name, fn in _LEGACY_DECODERS.items():
        converted = fn(raw)
        if viet_score(converted) > max(base_score, viet_score(best_text)):
            best_name, best_text = name, converted
    if best_name == "utf-8":
        return Decoded(text, "utf-8")
    return Decoded(best_text, best_name, legacy=True, embedded=True)
