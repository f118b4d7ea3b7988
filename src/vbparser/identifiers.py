"""Number-symbols (số, ký hiệu) of cited documents: the grammar, finding and parsing them.

Three forms are read, matched case-insensitively (domain.md §2.6): Party ("124-QĐ/TW"),
state ("12/KH-UBND", công văn "123/UBND-VP") and normative ("90/2020/NĐ-CP"). An
``Identifier`` holds the parts as written; ``id_key`` is the key two spellings of one
number-symbol share. ``vbparser.kb`` re-exports these names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from vbparser.normalize.fold import key
from vbparser.patterns import digit_runs

# --- number-symbol grammar (domain.md §2.6), matched case-insensitively -----------------
_SP = r"[ \t]*"
_CODE = r"[a-zđ][a-zđư]{0,4}"                       # kh, qđi, ctr, cthđ, nđ, ttlt
_ISS = r"[a-zđư][a-zđư0-9]{0,13}"                   # tw, tu, btctw, cp, qh15, ubtvqh15, tư
_MORE = r"(?:-[a-zđ][a-zđư0-9]{0,9})*"               # -vp (công văn unit), -vpcp (joint issuer)
# the part after "/" of a state symbol: a type code, or a công văn's issuer ("SVHTTDL")
_STATE_CODE = r"[a-zđ][a-zđư]{0,7}"
# "90/2020/NĐ-CP", "80/2025/QH15" (no type code), "55/2005/TTLT-BNV-VPCP"
_NORMATIVE = (rf"(?P<n_num>\d{{1,5}}){_SP}/{_SP}(?P<n_year>(?:19|20)\d\d){_SP}/{_SP}"
              rf"(?:(?P<n_type>{_CODE}){_SP}-{_SP}\n?{_SP})?(?P<n_iss>{_ISS}{_MORE})")
# "12/KH-UBND", "1669/NQ-UBTVQH15", công văn "123/UBND-VP"; "3120/SYT-" + line break +
# "TCCB" (a hard wrap), as the Party form below
_STATE = rf"(?P<s_num>\d{{1,6}}){_SP}/{_SP}(?P<s_type>{_STATE_CODE}){_SP}-{_SP}\n?{_SP}(?P<s_iss>{_ISS}{_MORE})"
# "12-KH/TU", "07-QĐi/TW", "09 -KH/ĐU" (space), "14-" + line break + "KL/TW" (PDF wrap, seed 001);
# "15-HD/TĐTN-TCKT" (a department of the issuer), "11-KHLT/BTCHU-PNV" (joint issuers)
_PARTY = (rf"(?P<p_num>\d{{1,5}}){_SP}-{_SP}\n?{_SP}(?P<p_type>{_CODE}){_SP}/{_SP}"
          rf"(?P<p_iss>{_ISS}{_MORE})")
# A footnote's mark may follow the symbol at once ("90/2020/NĐ-CP²"): a superscript
# digit is a word character to ``re``, but it ends a symbol.
FOOTNOTE_MARKS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
# "(?=\d)" first lets the engine skip non-digits fast. A match must not continue a number
# or a date ("2023/..."): callers check the character before it (``starts_identifier``);
# letters may precede it ("số31-QĐ/TW", a lost space).
ID_RE = re.compile(rf"(?=\d)(?:{_NORMATIVE}|{_STATE}|{_PARTY})(?!/|(?![{FOOTNOTE_MARKS}])\w)",
                   re.IGNORECASE)
# After the digits where an ``ID_RE`` match can start: "/" or "-", maybe after spaces
# ("12/KH", "124 -", not "ngày 2023"). Each form takes at most six digits before it.
_ID_SEPARATOR = re.compile(r"[ \t]*[/\-]")
_ID_DIGITS = 6
_NOT_BEFORE = frozenset("0123456789/.-")
# The groups of each form of ``ID_RE``: form, number, year, type code, issuer.
_FORMS = (("normative", "n_num", "n_year", "n_type", "n_iss"),
          ("state", "s_num", None, "s_type", "s_iss"),
          ("party", "p_num", None, "p_type", "p_iss"))


@dataclass(frozen=True, slots=True)
class Identifier:
    """A number-symbol split into its parts, as written (canonical spacing).

    ``form`` is ``party`` ("124-QĐ/TW"), ``state`` ("12/KH-UBND") or ``normative``
    ("90/2020/NĐ-CP"). ``issuer_code`` may be followed by more codes in ``units``.
    """

    form: str
    number: str
    year: str | None
    type_code: str | None
    issuer_code: str
    units: tuple[str, ...] = ()

    @property
    def symbol(self) -> str:
        """The part after the number: "QĐ/TW", "KH-UBND", "2020/NĐ-CP"."""
        tail = "-".join((self.issuer_code, *self.units))
        if self.form == "party":
            return f"{self.type_code}/{tail}"
        head = f"{self.year}/" if self.year else ""
        return head + (f"{self.type_code}-{tail}" if self.type_code else tail)

    @property
    def full_id(self) -> str:
        """The canonical number-symbol: "124-QĐ/TW", "90/2020/NĐ-CP"."""
        return f"{self.number}{'-' if self.form == 'party' else '/'}{self.symbol}"


def starts_identifier(text: str, pos: int) -> bool:
    """Whether an identifier may start at ``pos`` (not inside a number or a date)."""
    return pos == 0 or text[pos - 1] not in _NOT_BEFORE


def find_identifiers(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``ID_RE.finditer(text)``, found without trying ``ID_RE`` at every
    position: only at the runs of ``digit_runs(text)`` (one scan shared with the date
    grammar) followed by "/" or "-", at the last six digits of the run.

    >>> [m.group() for m in find_identifiers("Quy định số 124-QĐ/TW ngày 04/10/2023")]
    ['124-QĐ/TW']
    """
    pos = 0
    for start, end in digit_runs(text):
        if start < pos or not _ID_SEPARATOR.match(text, end):
            continue
        at = max(start, end - _ID_DIGITS)
        # a number of six digits may also be read from its second digit (five-digit forms)
        match = ID_RE.match(text, at) or (
            ID_RE.match(text, at + 1) if end - at == _ID_DIGITS else None)
        if match is not None:
            yield match
            pos = match.end()


def identifier_from_match(match: re.Match[str], text: str) -> Identifier | None:
    """Build an ``Identifier`` from an ``ID_RE`` match on ``text``.

    Codes must start with a capital, so that "5-kg/m"-like strings are not identifiers.
    """
    def part(name: str) -> str | None:
        start, end = match.span(name)
        return None if start < 0 else "".join(text[start:end].split())

    for form, num, year, type_code, issuer in _FORMS:
        number = part(num)
        if number is None:
            continue
        code, issuer_code = part(type_code), part(issuer) or ""
        if not all(c[0].isupper() for c in (code, issuer_code) if c):
            return None
        first, *units = issuer_code.split("-")
        return Identifier(form, number, part(year) if year else None, code, first,
                          tuple(units))
    return None  # pragma: no cover - one alternative always matches


@lru_cache(maxsize=4096)
def parse_identifier(value: str) -> Identifier | None:
    """Parse a whole number-symbol, tolerating spaces; None if it is not one.

    >>> parse_identifier("09 -KH/ĐU").full_id
    '09-KH/ĐU'
    >>> parse_identifier("90/2020/NĐ-CP").symbol
    '2020/NĐ-CP'
    """
    value = value.strip()
    match = ID_RE.fullmatch(value)
    return identifier_from_match(match, value) if match else None


def id_key(full_id: str) -> str:
    """Comparison key of a number-symbol: no spaces, case and tone folded, no leading zeros.

    >>> id_key("07-QĐi/TW") == id_key("7 - qđi/tw")
    True
    """
    return key("".join(full_id.split())).lstrip("0")
