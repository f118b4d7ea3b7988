"""Regular expressions shared by several stages, built in one place.

Each constant says what it matches and which case motivated it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from typing import Any

from vbparser import data
from vbparser.errors import ConfigError

# Letter classes for regexes. Latin Extended Additional interleaves capitals and small
# letters, so the classes are built letter by letter rather than written as ranges.
LOWER_VI = "a-zđ" + "".join(
    ch for ch in map(chr, range(0x00DF, 0x1EFA)) if ch.islower() and ch.isalpha())
CAPS_VI = "A-Z" + "".join(
    ch for ch in map(chr, range(0x00C0, 0x1EFA)) if ch.isupper() and ch.isalpha())
UPPER_VI = CAPS_VI  # older name, kept for the modules that import it

# Roman numerals up to XXXIX as section labels: "I.", "II-", "IV." (seed 001 uses "I-").
ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"

# The marks a bullet item opens with ("- ", "• ", "+ ").
BULLET_MARKS = "-+*•–"

# A section or list label at the start of a line. Numbers have at most two digits per
# part and must be followed by a space (or, after "." / ")", a capital letter) so that
# wrapped lines starting with "48/2023/NĐ-CP", "18/10/2019 của", "6 tháng)." or
# "2023 bảo đảm" (seed 001 traps) are not taken for labels.
LINE_LABEL = re.compile(
    rf"""^\s*(?:
        (?P<roman>(?=[IVX]){ROMAN})\s*[.\-–](?=\s|[{UPPER_VI}])   # I.  II-
      | (?P<num>\d{{1,2}}(?:\.\d{{1,2}}){{0,3}})(?:[.)/]|\s?[-–])(?=\s)  # 1.  1.1.  1-  1)  1/
      | (?P<num2>\d{{1,2}}(?:\.\d{{1,2}}){{1,3}})(?=\s+[{UPPER_VI}])      # 1.1 Tập thể
      | (?P<letter>[a-zđ])\s?[)./](?=\s)                             # a)  b.  a/
      | \((?P<paren>\d{{1,2}}|[a-zđ])\)(?![,.;:])                      # (1)  (a)
      | (?P<bullet>[{BULLET_MARKS}])(?=\s)                            # -  +  *
    )""",
    re.VERBOSE,
)

# A Markdown footnote's label: its mark in the running text ("chính trị[^1];") and, with
# a colon, the note itself ("[^1]: Quy định số 366-QĐ/TW thay thế ...").
FOOTNOTE_LABEL = r"\[\^[^\]\s]+\]"
# A line that is only a rule drawn with dashes or underscores ("-----" under the title);
# underscores alone make one however few ("_": a drawn line that a converter shortened).
RULE_LINE = re.compile(r"^\s*(?:[-_–—=*]{3,}|_+)\s*$")

# Words that open the closing blocks of a plan; a line starting with one never
# continues the previous line.
BLOCK_OPENERS = re.compile(
    r"^\s*(?:Nơi nhận|T/M|K/T|T/L|TM\.|KT\.|TL\.|TUQ\.|Q\.|Số\s*:?\s*\d|\})", re.IGNORECASE)

# A number-symbol split at a line end: "Kết luận số 01-" / "KL/TW" (seed 001).
SPLIT_SYMBOL_END = re.compile(r"\d-\s*$")
SPLIT_SYMBOL_START = re.compile(rf"^\s*[{UPPER_VI}][A-Za-zĐđ]{{0,4}}/")

# --------------------------------------------------------------------------------------
# Structure and metadata (issue 3). Vietnamese words come from data/section_markers.yaml,
# data/admin_levels.yaml and data/doc_types.yaml; the builders below run once, on first
# use, so importing this module (the normaliser does) reads no data file.

# Lower-case Vietnamese letters, for "Title-case word" tests (place names, proper names):

# A section label inside flattened text (issue 3: every line break turned into a space):
# after white space, possibly behind markdown marks ("#### **II. ..."), and followed by a
# capital, "I- MỤC ĐÍCH", "1.1. Đối tượng", "a) Tổ chức đảng", "(1) Việc ...". Group names
# are those of LINE_LABEL. "điểm 1.1, mục 1" and "mục a) trên đây" are not candidates.
FLAT_LABEL = re.compile(
    rf"""(?<!\S)(?P<lead>\#{{1,6}}\s+)?(?P<bold>\*{{1,2}})?(?:
        (?P<roman>(?=[IVX]){ROMAN})\s?[.\-–]
      | (?P<num>\d{{1,2}}(?:\.\d{{1,2}}){{0,3}})(?:[.)]|-)
      | (?P<num2>\d{{1,2}}(?:\.\d{{1,2}}){{1,3}})
      | (?P<letter>[a-zđ])\)
      | \((?P<paren>\d{{1,2}}|[a-zđ])\)
    )(?=\s+\*{{0,2}}[{CAPS_VI}])""",
    re.VERBOSE,
)



def phrase_alternation(phrases: Iterable[str]) -> str:
    """A whole-word alternation of ``phrases`` for text passed through ``match_text``.

    Longest phrases come first so that "tổ chức thực hiện" wins over "tổ chức"; any run
    of white space matches a space.

    >>> from vbparser.normalize.fold import match_text
    >>> bool(re.search(phrase_alternation(["nơi nhận"]), match_text("Nơi  nhận:")))
    True
    """
    from vbparser.normalize.fold import match_text  # normalize imports this module

    keys = sorted({match_text(" ".join(p.split())) for p in phrases}, key=len, reverse=True)
    body = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)
    return rf"(?<!\w)(?:{body})(?!\w)"


def word_start_matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` in ``text`` that start where no word character stands
    before them, as ``finditer`` would give them with ``(?<!\\w)`` put in front.

    ``re`` looks for a pattern's first characters at C speed (a literal, or the first
    letters of an alternation), but not when the pattern opens with a look-behind: then
    it tries the whole pattern at every position of the text, several times slower on a
    plan. Patterns scanned over a whole text are written without the look-behind and
    read through this function, which checks the character before each match and, when
    it is a word's, looks again from the next position.

    >>> [m.group() for m in word_start_matches(re.compile("sau"), "sau đó, hậu sau")]
    ['sau', 'sau']
    >>> [m.span() for m in word_start_matches(re.compile("an"), "ban an")]
    [(4, 6)]
    """
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        start = m.start()
        before = text[start - 1] if start else " "
        if before.isalnum() or before == "_":  # a word character, as re's \w
            pos = start + 1
            continue
        yield m
        pos = max(m.end(), start + 1)


def _exact_alternation(phrases: Iterable[str]) -> str:
    """An alternation of ``phrases`` as written (case-sensitive), longest first."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+")
                    for p in sorted(set(phrases), key=len, reverse=True))


@cache
def markers() -> dict[str, Any]:
    """``data/section_markers.yaml``, checked for the keys vbparser reads."""
    return data.load_keys("section_markers", ("roles", "letters", "optional_letters", "heading",
                                        "references", "header", "closing"))


@cache
def admin_levels() -> dict[str, Any]:
    """``data/admin_levels.yaml``, checked for the keys vbparser reads."""
    return data.load_keys("admin_levels", ("levels", "district_valid_to", "bodies", "organs",
                                     "upward", "central_cities", "codes", "unit_words",
                                     "local_units", "sectors"))


@cache
def doc_type_names() -> dict[str, str]:
    """Document-type names (``doc_types.yaml``) by their ``match_text`` key."""
    from vbparser.normalize.fold import match_text

    try:
        types = data.load("doc_types")["types"]
    except (ConfigError, KeyError, TypeError):
        return {}
    return {match_text(t["name"]): t["name"] for t in types if t.get("name")}


@cache
def subject_mark_pattern() -> re.Pattern[str]:
    """The mark before a Công văn's trích yếu: "V/v triển khai ..." (as written)."""
    marks = _exact_alternation(markers()["header"]["subject_marks"])
    return re.compile(rf"(?<!\w)(?:{marks})(?=[\s:])")


@cache
def covering_types() -> frozenset[str]:
    """Types of a covering document, which sends another one ("Công văn", "Tờ trình":
    ``covering`` in ``doc_types.yaml``)."""
    try:
        types = data.load("doc_types")["types"]
    except (ConfigError, KeyError, TypeError):
        return frozenset()
    return frozenset(t["name"] for t in types if t.get("name") and t.get("covering"))


@cache
def bare_type_names() -> dict[str, str]:
    """Document-type names by their capitals without marks ("HUONG DAN" → "Hướng dẫn"),
    for a type line a scan misread a mark in; a key two names share is left out.

    >>> bare_type_names()["HUONG DAN"]
    'Hướng dẫn'
    """
    from vbparser.normalize.fold import strip_marks  # normalize imports this module

    out: dict[str, str] = {}
    shared: set[str] = set()
    for name in doc_type_names().values():
        key = strip_marks(name.upper())
        if key in out and out[key] != name:
            shared.add(key)
        out[key] = name
    return {key: name for key, name in out.items() if key not in shared}


@cache
def doc_type_codes() -> dict[str, str]:
    """Document-type names by their codes in numbers ("KH" → "Kế hoạch")."""
    try:
        types = data.load("doc_types")["types"]
    except (ConfigError, KeyError, TypeError):
        return {}
    out: dict[str, str] = {}
    for entry in types:
        for code in (*entry.get("party_codes", ()), *entry.get("state_codes", ())):
            out.setdefault(code, entry["name"])
    return out


@cache
def flat_break() -> re.Pattern[str]:
    """Where flattened text had a line break, besides section labels (issue 3).

    The group that matched names the token to break before: ``tok`` — markdown heading
    marks, a rule ("-----"), the recipients heading ("Nơi nhận:"), a signature mark
    ("T/M BAN THƯỜNG VỤ"), each possibly behind bold marks; ``bullet`` — a bullet after
    a clause ("viên chức; - Đảng viên"); ``tail`` — a bullet right after a word, which
    breaks only after a short heading ("2. Yêu cầu - Các cấp uỷ", "III- NỘI DUNG - Đối
    với chi bộ", not "Chính trị - Xã hội"); ``note`` — a note after a sentence (". * Lưu ý").
    """
    closing = markers()["closing"]
    heading = phrase_alternation(closing["recipients_heading"])
    marks = _exact_alternation(closing["signature_marks"])
    upper = f"[{CAPS_VI}]"
    return re.compile(
        rf"""(?<!\S)(?P<tok>\*{{0,2}}(?:\#{{1,6}}(?=\s)
            | [-_=–—]{{3,}}(?!\S)
            | (?i:{heading})\s*:
            | (?:{marks})(?=\s+{upper})))
          | (?<=[.;:,])\s+(?P<bullet>[-+•–](?=\s+(?:{upper}|\}})))
          | (?<=[{LOWER_VI}{CAPS_VI}])\s+(?P<tail>[-+•–](?=\s+{upper}))
          | (?<=[.;:])\s+(?P<note>\*(?=\s+{upper}))""",
        re.VERBOSE,
    )


@cache
def role_pattern() -> re.Pattern[str]:
    """Section-role wording, one named group per role, for ``match_text`` of a title.

    >>> from vbparser.normalize.fold import match_text
    >>> role_pattern().search(match_text("TỔ CHỨC THỰC HIỆN")).lastgroup
    'organisation'
    """
    roles = markers()["roles"]
    return re.compile("|".join(f"(?P<{role}>{phrase_alternation(words)})"
                               for role, words in roles.items()))


# A label inside a cross-reference, on match_text: "1.1", "ii", "a", "a)", "(1)".
_REF_LABEL = r"(?:\(\d{1,2}\)|\d{1,2}(?:\.\d{1,2}){0,3}|[ivx]{1,5}|[a-zđ]\)?)(?!\w)"


@cache
def reference_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(chain, item) patterns of internal cross-references, for ``match_text`` of a text.

    A chain is "điểm 1.1, mục 1, phần II"; an item is one "<word> <label>" with groups
    ``word`` and ``label``, or a label after a comma or "và" that shares the word before
    it ("tiết a, b điểm 1.1": ``word`` None), before more of the chain.
    """
    words = phrase_alternation(markers()["references"]["words"])
    item = (rf"(?:(?P<word>{words})[ \t]+|(?:,|(?<!\w)và)[ \t]*)"  # on one line: "điểm\n1.1."
            rf"(?P<label>{_REF_LABEL})")                            # is a word before a heading
    plain = rf"{words}[ \t]+{_REF_LABEL}"
    bare = rf"[ \t]*(?:,|và)[ \t]*{_REF_LABEL}(?=[ \t]*(?:,|và)?[ \t]*{words}[ \t])"
    return re.compile(rf"{plain}(?:{bare}|[ \t]*,?[ \t]*{plain})*"), re.compile(item)


@cache
def reference_cue() -> re.Pattern[str]:
    """A cheap pre-filter for ``reference_patterns``: the last word of a reference word.

    Every chain holds one of these words, and the pattern has no look-around, so a search
    on ``match_text`` of a text (or with ``pos``/``endpos`` on a longer folded text) that
    finds none proves the text holds no reference (the subjects stage tests each list
    item before it asks ``structure.resolve_reference``).

    >>> from vbparser.normalize.fold import match_text
    >>> bool(reference_cue().search(match_text("Các tập thể nêu tại Mục 1")))
    True
    """
    from vbparser.normalize.fold import match_text  # normalize imports this module

    words = sorted({match_text(p.split()[-1]) for p in markers()["references"]["words"]},
                   key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


@cache
def reference_scope() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(external, internal) patterns for the words right after a reference chain.

    "phần II của Kế hoạch này": ``external`` matches "của", then ``internal`` matches
    "Kế hoạch này", so the reference stays inside the plan; "Điều 5 của Quy định số 124"
    names another document.
    """
    refs = markers()["references"]
    return (re.compile(r"[\s,]*" + phrase_alternation(refs["external"])),
            re.compile(r"[\s,]*" + phrase_alternation(refs["internal"])))


# The letters OCR reads for digits in a number: "l" and "I" for 1, "O" for 0.
OCR_DIGITS = str.maketrans({"l": "1", "I": "1", "O": "0"})


@cache
def number_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(party, state) number-and-symbol patterns of a header (domain.md §2.6).

    Party: "Số 210-KH/TU", "Số 09 -KH/ĐU", "Số - HD/ĐU" (blank number on web copies),
    "Số 11-KHLT/BTCHU-PNV" (a joint plan: the codes of its issuers joined by hyphens).
    State: "Số: 12/KH-UBND", "Số: 90/2020/NĐ-CP", "Số: 123/UBND-VP" (a công văn).
    Groups: ``num``, ``type``, ``iss`` (and ``year`` in the state form). The word "Số" is
    matched with its capital, so "Quy định số 124-QĐ/TW" in a body is not a header number.
    A number read by OCR may hold a letter for a digit ("2l-KH/ĐU"): ``OCR_DIGITS`` puts
    the digits back.
    """
    word = re.escape(markers()["header"]["number_word"])
    num = r"(?P<num>(?=[lIO]?\d)[\dlIO]{1,6})"
    party = re.compile(
        rf"(?<!\w){word}\s*:?\s*{num}?\s*-\s*(?P<type>[{CAPS_VI}][A-Za-zĐđ]{{0,4}})"
        rf"\s*/\s*(?P<iss>[{CAPS_VI}][A-Za-zĐđƯư]{{0,12}}(?:-[{CAPS_VI}][A-Za-zĐđƯư]{{0,12}})*)"
        r"(?![\w/-])")
    state = re.compile(
        rf"(?<!\w){word}\s*:?\s*{num}\s*/\s*(?:(?P<year>(?:19|20)\d\d)\s*/\s*)?"
        rf"(?P<type>[{CAPS_VI}][A-Za-zĐđ]{{0,5}})\s*-\s*(?P<iss>[{CAPS_VI}0-9][A-Za-zĐđ0-9\-]*)")
    return party, state


@cache
def place_date_pattern() -> re.Pattern[str]:
    """The place-and-date line: "Bắc Sơn, ngày 02 tháng 8 năm 2023" (domain.md §1.4).

    The place is a run of Title-case words right before the comma (a header read into
    one line puts "VIỆT NAM" in front: capitals are not part of the place); web copies
    also write "ngày 02/8/2023". Groups: ``place`` (optional), ``day``, ``month``,
    ``year``. A copy issued before it was numbered leaves the day blank ("ngày     tháng
    11 năm 2025", "ngày ... tháng"): ``day`` is then None.
    """
    words = markers()["header"]["date_words"]
    day, month, year = (re.escape(words[k]) for k in ("day", "month", "year"))
    place_word = rf"(?:[{CAPS_VI}][{LOWER_VI}]*\.?|\d{{1,3}})"
    return re.compile(
        rf"(?:(?<!\w)(?P<place>[{CAPS_VI}][{LOWER_VI}]+\.?(?:[ \t]+{place_word}){{0,5}})\s*,\s*)?"
        rf"(?i:{day})\s+(?:(?:(?P<day>\d{{1,2}})|[.…_]*)\s*(?i:{month})\s+(?P<month>\d{{1,2}})\s+"
        rf"(?i:{year})\s+(?P<year>(?:19|20)\d\d)"
        rf"|(?P<day2>\d{{1,2}})\s*[/.-]\s*(?P<month2>\d{{1,2}})\s*[/.-]\s*(?P<year2>(?:19|20)\d\d))")


@cache
def type_line_pattern() -> re.Pattern[str]:
    """A document-type name in capitals: "KẾ HOẠCH", "HƯỚNG DẪN" (``doc_types.yaml``)."""
    names = [name.upper() for name in doc_type_names().values()]
    if not names:
        return re.compile(r"(?!x)x")
    return re.compile(rf"(?<![\w])(?:{_exact_alternation(names)})(?![\w])")


@cache
def body_opener_pattern() -> re.Pattern[str]:
    """Words that open the body's first paragraph ("Thực hiện ...", "Căn cứ ...")."""
    openers = markers()["header"]["body_openers"]
    return re.compile(rf"(?<!\S)(?:{_exact_alternation(openers)})(?!\w)")


@cache
def issuing_pattern() -> re.Pattern[str]:
    """"ban hành Kế hoạch", for ``match_text`` of a body: the verb that follows an issuer.

    Groups: ``verb`` and ``type`` (the document-type word).
    """
    header = markers()["header"]
    types = phrase_alternation(doc_type_names()) if doc_type_names() else r"(?!x)x"
    return re.compile(rf"(?P<verb>{phrase_alternation(header['issuing_verbs'])})\s+"
                      rf"(?P<type>{types})")


@cache
def year_pattern() -> re.Pattern[str]:
    """"năm 2023" in a title: the year a plan covers (group ``year``); of a school year
    ("năm học 2025 - 2026"), the year it ends in, when its review is held; of a work year
    ("năm công tác 2026", the courts' from 1 October to 30 September), its own.

    >>> year_pattern().search("viên chức năm học 2025 – 2026").group("year")
    '2026'
    >>> year_pattern().search("người lao động năm công tác 2026").group("year")
    '2026'
    """
    header = markers()["header"]
    word = re.escape(header["year_word"])
    kinds = phrase_alternation(header["year_kinds"])
    # a span of years ("2025 - 2026") is read after any of them, as a school year is
    return re.compile(rf"(?i:{word})\s+(?:(?i:{kinds})\s+(?:(?:19|20)\d\d\s*[-–—]\s*)?)?"
                      rf"(?P<year>(?:19|20)\d\d)(?!\d)")


@cache
def national_pattern() -> re.Pattern[str]:
    """The national headings at the top right ("ĐẢNG CỘNG SẢN VIỆT NAM", ...)."""
    return re.compile(phrase_alternation(markers()["header"]["national"]))


@cache
def issued_with_pattern() -> re.Pattern[str]:
    """"Ban hành kèm theo Quyết định số ...": a document issued by another one (for
    ``match_text``)."""
    return re.compile(phrase_alternation(markers()["header"]["issued_with"]))


@cache
def article_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(enacting line, article line): a Quyết định's "QUYẾT ĐỊNH:" on a line of its own,
    and an article's "Điều 1." opening a line, matched from the line break before it
    (like ``LINE_LABEL_AFTER_BREAK``), its group ``article`` the label ("Điều 1")."""
    header = markers()["header"]
    enacting = re.compile(
        rf"(?m)^[^\S\n]*(?:{_exact_alternation(header['enacting'])})[^\S\n]*:[^\S\n]*$")
    word = re.escape(header["article_word"])
    article = re.compile(
        rf"\n[^\S\n]*(?P<article>{word}[^\S\n]+\d{{1,3}})[^\S\n]*[.:](?=[^\S\n])")
    return enacting, article


@cache
def signature_pattern() -> re.Pattern[str]:
    """A signature authority line: "T/M BAN THƯỜNG VỤ", "KT. CHỦ TỊCH", "Q. GIÁM ĐỐC".

    Groups ``mark`` and ``rest``; the mark is matched with its capitals.
    """
    marks = _exact_alternation(markers()["closing"]["signature_marks"])
    return re.compile(rf"^\s*(?P<mark>{marks})\s*(?P<rest>\S.*)$")


@cache
def undotted_mark_pattern() -> re.Pattern[str]:
    """A state mark that OCR read without its stop ("KT CHỦ TỊCH"): group ``mark``
    without the stop, ``rest`` the position after it (to be checked as one)."""
    marks = [m[:-1] for m in markers()["closing"]["signature_marks"]
             if m.endswith(".") and len(m) > 2]
    return re.compile(rf"^\s*(?P<mark>{_exact_alternation(marks)})\s+(?P<rest>\S.*)$")


@cache
def closing_line_pattern() -> re.Pattern[str]:
    """A line opening the closing blocks, for ``match_text`` of the text: "Nơi nhận:" or a
    signature mark ("t/m ban thường vụ" once folded)."""
    closing = markers()["closing"]
    marks = "|".join(re.escape(m.lower()) for m in closing["signature_marks"])
    return re.compile(rf"[ \t]*(?:{phrase_alternation(closing['recipients_heading'])}\s*:?"
                      rf"|(?:{marks})[ \t]*\S)")


@cache
def appendix_pattern() -> re.Pattern[str]:
    """The heading line of an appendix or a form after the closing, for ``match`` on
    ``match_text`` of a line: "PHỤ LỤC", "Phụ lục II", "PHỤ LỤC SỐ 02: DANH SÁCH ..."
    (``rest``: the title when the heading line carries it), "Mẫu 2A", "Mẫu số 01"; also
    for ``search`` of a whole fold.

    >>> [bool(appendix_pattern().match(x)) for x in ("phụ lục 2", "mẫu 2a", "mẫu số 01",
    ...                                              "mẫu tđ-01", "mẫu", "mẫu báo cáo")]
    [True, True, True, True, False, False]
    """
    closing = markers()["closing"]
    return re.compile(rf"(?m)^[ \t*#]*(?:{phrase_alternation(closing['appendix'])}"
                      r"(?:\s+(?:số\s+)?(?:\d{1,2}|[ivxlc]{1,5}|[a-z]))?"
                      rf"|{phrase_alternation(closing['form'])}\s+(?:số\s+)?"
                      r"(?:\d{1,2}[a-z]?|[^\W\d_]{1,4}-?\d{1,2}))\*{0,2}[ \t]*"
                      r"(?:[.:\-–][ \t]*(?P<rest>[^\n]*))?$")


@cache
def copy_mark_pattern() -> re.Pattern[str]:
    """The line certifying a copy ("SAO Y BẢN CHÍNH", "TRÍCH SAO"), for ``fullmatch`` on
    ``match_text`` of the line."""
    return re.compile(rf"[ \t*]*{phrase_alternation(markers()['closing']['copy_marks'])}"
                      r"[ \t*:.]*")


@cache
def position_pattern() -> re.Pattern[str]:
    """A signer's position ("PHÓ BÍ THƯ"), for ``fullmatch`` on ``match_text``."""
    return re.compile(phrase_alternation(markers()["closing"]["positions"]))


@cache
def recipients_heading_pattern() -> re.Pattern[str]:
    """"Nơi nhận:" at a line start, for ``match_text`` of the line."""
    return re.compile(rf"^\s*{phrase_alternation(markers()['closing']['recipients_heading'])}"
                      r"\s*:?\s*")


@cache
def purpose_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """(brace, inline, purpose by phrase) for recipients, on ``match_text``.

    Brace: "} Để báo cáo" (extracted text keeps the brace of a bracketed group);
    inline: "(b/c)", "(để thực hiện)" after a name (group ``words``), or a phrase with
    "để" after its comma, where the brace between them was lost ("- Ban Tổ chức Tỉnh
    ủy, để báo cáo": a scan's text layer; group ``said``), or "(để biết)", for
    information, no purpose (group ``informed``).
    """
    from vbparser.normalize.fold import match_text

    purposes = markers()["closing"]["purposes"]
    by_phrase = {match_text(" ".join(p.split())): purpose
                 for purpose, phrases in purposes.items() for p in phrases}
    words = phrase_alternation(by_phrase)
    said = phrase_alternation(p for p in by_phrase if p.startswith("để "))
    informed = phrase_alternation(markers()["closing"]["informed"])
    return (re.compile(rf"\}}\s*(?P<words>{words})"),
            re.compile(rf"(?:\(\s*(?:(?P<words>{words})|(?P<informed>{informed}))\s*\)"
                       rf"|,\s*(?P<said>{said}))\s*[;,.]?\s*$"), by_phrase)


@cache
def executors_pattern() -> re.Pattern[str]:
    """A recipient that is an article or part of the document ("Như Điều 3", "Như mục
    V"), for ``fullmatch`` on ``match_text`` of its name."""
    return re.compile(rf"\s*{phrase_alternation(markers()['closing']['executors'])}"
                      r"\s+[\dIVXivx]{1,4}[a-z]?\s*[.;,]?\s*")


@cache
def archive_pattern() -> re.Pattern[str]:
    """"Lưu ..." opening a recipient line (an archive copy), on ``match_text``."""
    return re.compile(rf"^\s*{phrase_alternation(markers()['closing']['archive'])}")


@cache
def signed_pattern() -> re.Pattern[str]:
    """"(đã ký)" and the like, which web copies print in place of a signature."""
    words = phrase_alternation(markers()["closing"]["signed"])
    return re.compile(rf"\(?\s*{words}\s*\)?", re.IGNORECASE)


@cache
def name_title_pattern() -> re.Pattern[str]:
    """A rank or degree before a signer's name ("Đại tá", "TS."), with the space after it."""
    titles = sorted(markers()["closing"]["name_titles"], key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(map(re.escape, titles))})(?:\s+|(?<=\.)(?=\w))",
                      re.IGNORECASE)


@cache
def body_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, dict[str, Any]]]:
    """(anywhere, at line start, entry by words) for the bodies of ``admin_levels.yaml``.

    Both patterns run on ``match_text`` of a name; the entry is found by the matched
    words with white space collapsed. ``start_only`` bodies ("Sở") count only at the start
    of a line or a clause ("..., Sở Nội vụ ban hành"), never inside "cơ sở".
    """
    from vbparser.normalize.fold import match_text

    entries = {match_text(" ".join(b["words"].split())): b for b in admin_levels()["bodies"]}
    anywhere = [w for w, b in entries.items() if not b.get("start_only")]
    start = [w for w, b in entries.items() if b.get("start_only")]
    return (re.compile(phrase_alternation(anywhere)),
            re.compile(r"(?:(?m:^)|(?<=[,;.:]))[ \t\-+•–]*" + phrase_alternation(start)),
            entries)


@cache
def organ_pattern() -> tuple[re.Pattern[str], dict[str, dict[str, Any]]]:
    """(pattern, entry by words) for the organs of a committee, on ``match_text``."""
    from vbparser.normalize.fold import match_text

    entries = {match_text(" ".join(o["words"].split())): o for o in admin_levels()["organs"]}
    return re.compile(phrase_alternation(entries)), entries


@cache
def upward_pattern() -> re.Pattern[str]:
    """Recipients that stand for the upper level ("Cấp ủy phụ trách Đảng bộ")."""
    return re.compile(phrase_alternation(admin_levels()["upward"]))


# A proper name after a body's words: capitalised words or numbers ("Yên Hà",
# "BẮC SƠN", "Phường 1"), up to punctuation or a lower-case word.
PROPER_NAME = re.compile(rf"(?:[ \t]+(?:[{CAPS_VI}][\w]*(?:-[\w]+)*|\d{{1,3}}))+")

# LINE_LABEL right after a line break, for one scan of a whole text: its white
# space never crosses a line break, so each match is the one LINE_LABEL gives on that line
# alone ("1.\n" is no label, as "1." alone on its line is not). The literal line break
# lets the scan jump from line to line; a multi-line "^" is tried at every character.
LINE_LABEL_AFTER_BREAK = re.compile(
    r"\n" + LINE_LABEL.pattern.removeprefix("^").replace(r"\s", r"[^\S\n]"), re.VERBOSE)


@cache
def title_role_pattern(bare: bool = False) -> re.Pattern[str]:
    """``role_pattern`` with its word-start test made once per position; ``bare``: its
    words without their marks (``strip_marks``), for a title stripped of them, the
    fallback for a title OCR misread a mark in ("ĐÔI TƯỢNG") or typed without accents.

    Every role's alternation opens with the same ``(?<!\\w)`` (``phrase_alternation``);
    testing it before the groups gives the same match, earliest position first, then the
    first role in data order, several times faster on a title that names no role.

    >>> from vbparser.normalize.fold import match_text, strip_marks
    >>> title_role_pattern().search(match_text("TỔ CHỨC THỰC HIỆN")).lastgroup
    'organisation'
    >>> title_role_pattern(bare=True).search(strip_marks(match_text("II. ĐÔI TƯỢNG"))).lastgroup
    'subjects'
    """
    from vbparser.normalize.fold import strip_marks  # normalize imports this module

    lead = r"(?<!\w)"
    groups = []
    for role, words in markers()["roles"].items():
        phrases = [strip_marks(w) for w in words] if bare else words
        groups.append(f"(?P<{role}>{phrase_alternation(phrases).removeprefix(lead)})")
    return re.compile(rf"{lead}(?:{'|'.join(groups)})")


@cache
def closing_line_starts() -> re.Pattern[str]:
    """A line break before a line that may open the closing blocks, for one scan of the
    ``match_text`` of a whole text: its first letter after blanks is the first
    letter of a ``closing_line_pattern`` phrase or mark. A cheap filter only: each line
    it finds is then tested with ``closing_line_pattern``.
    """
    from vbparser.normalize.fold import match_text

    closing = markers()["closing"]
    firsts = {match_text(p.strip())[:1] for p in closing["recipients_heading"]}
    firsts |= {m.lower()[:1] for m in closing["signature_marks"]}
    return re.compile(rf"\n(?=[ \t]*[{re.escape(''.join(sorted(firsts)))}])")


# A run of digits; written "\d\d*" rather than "\d+" so that the engine skips to the next
# digit quickly (a leading digit class), as ``digit_runs`` scans whole documents.
_DIGITS = re.compile(r"\d\d*")


@lru_cache(maxsize=32)
def digit_runs(text: str) -> tuple[tuple[int, int], ...]:
    """The (start, end) of every maximal run of digits in ``text``, found once per text.

    Dates ("15/10/2025", "ngày 14") and citations ("124-QĐ/TW", "Quy định 124") all start
    from digits: each stage tries its grammar only at these runs instead of scanning the
    whole text again. Cached on the text like ``normalize.fold.folded``; the
    runs are the same in ``folded(text)``, which keeps lengths and digits.

    >>> digit_runs("Số 12-KH/TU ngày 04/10/2023")
    ((3, 5), (17, 19), (20, 22), (23, 27))
    """
    return tuple(m.span() for m in _DIGITS.finditer(text))


def phrase_trie(phrases: Iterable[str]) -> str:
    """``phrase_alternation(phrases)`` written as a trie of words that the engine can skip to.

    Same matches: at a position, every phrase that matches with a word end after it is
    a word-prefix of the longest such phrase (words hold only word characters), and the
    trie takes the longest one, as the longest-first alternation does. It is faster to
    search: the alternation opens with a look-behind, so the engine tries it at
    every character; here every branch opens with its first letter (the word-start test
    comes right after it, ``(?<!\\w.)``), so the engine skips to the next possible first
    letter, then tests one branch per distinct first word instead of one per phrase.

    >>> from vbparser.normalize.fold import match_text
    >>> re.search(phrase_trie(["huyện ủy", "đảng ủy xã"]), match_text("Đảng uỷ xã X")).span()
    (0, 10)
    """
    from vbparser.normalize.fold import match_text  # normalize imports this module

    phrases = list(phrases)
    keys = {tuple(match_text(p).split()) for p in phrases}
    if not all(key and all(re.fullmatch(r"\w+", word) for word in key) for key in keys):
        return phrase_alternation(phrases)  # the argument above needs whole words
    firsts: dict[str, list[tuple[str, ...]]] = {}
    for key in keys:
        firsts.setdefault(key[0], []).append(key[1:])
    branches = [re.escape(word[0]) + r"(?<!\w.)" + re.escape(word[1:]) + _trie_tails(tails)
                for word, tails in sorted(firsts.items())]
    return rf"(?:{'|'.join(branches)})(?!\w)"


def _trie_tails(tails: list[tuple[str, ...]]) -> str:
    """The words that may follow a trie node, each after white space; optional when a
    phrase ends at the node (greedy, so that the longest phrase is tried first)."""
    nexts: dict[str, list[tuple[str, ...]]] = {}
    for tail in tails:
        if tail:
            nexts.setdefault(tail[0], []).append(tail[1:])
    if not nexts:
        return ""
    body = "|".join(rf"\s+{re.escape(word)}{_trie_tails(rest)}"
                    for word, rest in sorted(nexts.items()))
    return f"(?:{body})" + ("?" if () in tails else "")


@cache
def body_scan_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, dict[str, Any]]]:
    """(anywhere, start words, entry by words): ``body_patterns()`` built by ``phrase_trie``,
    to search faster (the header and recipient lines of every plan are searched).

    ``anywhere`` finds the same bodies as in ``body_patterns()``; ``start words`` finds the
    words of the ``start_only`` bodies ("sở") anywhere: the caller keeps those that open a
    line or a clause, as ``body_patterns()``'s second pattern does.
    """
    _, _, entries = body_patterns()
    anywhere = [w for w, b in entries.items() if not b.get("start_only")]
    start = [w for w, b in entries.items() if b.get("start_only")]
    return re.compile(phrase_trie(anywhere)), re.compile(phrase_trie(start)), entries


@cache
def issuing_scan_pattern() -> re.Pattern[str]:
    """``issuing_pattern()`` with its verbs built by ``phrase_trie``: the same matches, found
    faster (the whole preamble of every plan is searched)."""
    header = markers()["header"]
    types = phrase_alternation(doc_type_names()) if doc_type_names() else r"(?!x)x"
    return re.compile(rf"(?P<verb>{phrase_trie(header['issuing_verbs'])})\s+"
                      rf"(?P<type>{types})")


@cache
def organ_scan_pattern() -> tuple[re.Pattern[str], dict[str, dict[str, Any]]]:
    """``organ_pattern()`` built by ``phrase_trie``: the same matches, found faster."""
    _, entries = organ_pattern()
    return re.compile(phrase_trie(entries)), entries

