"""Knowledge base: known regulations, issuer codes, document types and number grammars.

The data live in ``data/regulations.yaml``, ``data/issuers.yaml`` and
``data/doc_types.yaml``; users add regulation files of the same shape
(``Config.kb_paths``, ``vbparser parse --kb PATH``, ``load_kb(paths)``). An entry in a
user file replaces the built-in entry with the same ``full_id``.

Status of a document on a date (``KnowledgeBase.status``) follows from the entries:

* ``superseded`` — its ``replaced_by`` successor was in force on that date (in force from
  the successor's ``effective`` date, else its date of issue); ``replaced_by`` is the
  direct successor, ``when`` the day it took over;
* ``amended`` — a document that ``amends`` it was in force; ``replaced_by`` then carries
  the latest amending document and ``when`` the day it took effect;
* ``current`` — in force and unchanged on that date;
* ``unknown`` — not in the knowledge base, not yet issued on that date, or the
  successor's date is unknown.

Without a date the status is the latest the knowledge base knows of.

>>> kb = load_kb()
>>> kb.status("132-QĐ/TW", "2023-08-02").status.value
'current'
>>> tuple(kb.status("132-QĐ/TW"))
(<RefStatus.SUPERSEDED: 'superseded'>, '124-QĐ/TW', '2023-10-04')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields, replace
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

import yaml

from vbparser import data
from vbparser.errors import ConfigError
from vbparser.model import Level, RefStatus
from vbparser.normalize.fold import key, match_text
from vbparser.patterns import digit_runs

# --- number-symbol grammar (domain.md §2.6), matched case-insensitively -----------------
_SP = r"[ \t]*"
_CODE = r"[a-zđ][a-zđư]{0,4}"                       # kh, qđi, ctr, cthđ, nđ, ttlt
_ISS = r"[a-zđư][a-zđư0-9]{0,13}"                   # tw, tu, btctw, cp, qh15, ubtvqh15, tư
_MORE = r"(?:-[a-zđ][a-zđư0-9]{0,9})*"               # -vp (công văn unit), -vpcp (joint issuer)
# "90/2020/NĐ-CP", "80/2025/QH15" (no type code), "55/2005/TTLT-BNV-VPCP"
_NORMATIVE = (rf"(?P<n_num>\d{{1,5}}){_SP}/{_SP}(?P<n_year>(?:19|20)\d\d){_SP}/{_SP}"
              rf"(?:(?P<n_type>{_CODE}){_SP}-{_SP})?(?P<n_iss>{_ISS}{_MORE})")
# "12/KH-UBND", "1669/NQ-UBTVQH15", công văn "123/UBND-VP"
_STATE = rf"(?P<s_num>\d{{1,6}}){_SP}/{_SP}(?P<s_type>{_CODE}){_SP}-{_SP}(?P<s_iss>{_ISS}{_MORE})"
# "12-KH/TU", "07-QĐi/TW", "09 -KH/ĐU" (space), "14-" + line break + "KL/TW" (PDF wrap, seed 001)
_PARTY = rf"(?P<p_num>\d{{1,5}}){_SP}-{_SP}\n?{_SP}(?P<p_type>{_CODE}){_SP}/{_SP}(?P<p_iss>{_ISS})"
# "(?=\d)" first lets the engine skip non-digits fast. A match must not continue a number
# or a date ("2023/..."): callers check the character before it (``starts_identifier``);
# letters may precede it ("số31-QĐ/TW", a lost space).
ID_RE = re.compile(rf"(?=\d)(?:{_NORMATIVE}|{_STATE}|{_PARTY})(?![\w/])", re.IGNORECASE)
# After the digits where an ``ID_RE`` match can start: "/" or "-", maybe after spaces
# ("12/KH", "124 -", not "ngày 2023"). Each form takes at most six digits before it.
_ID_SEPARATOR = re.compile(r"[ \t]*[/\-]")
_ID_DIGITS = 6
_NOT_BEFORE = frozenset("0123456789/.-")
# The groups of each form of ``ID_RE``: form, number, year, type code, issuer.
_FORMS = (("normative", "n_num", "n_year", "n_type", "n_iss"),
          ("state", "s_num", None, "s_type", "s_iss"),
          ("party", "p_num", None, "p_type", "p_iss"))
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


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


@lru_cache(maxsize=4096)
def new_style(text: str) -> str:
    """Write tone marks in the new style (``ủy``, ``hóa``), keeping the letters' case.

    >>> new_style("Ban Thường vụ Tỉnh uỷ, TỈNH UỶ")
    'Ban Thường vụ Tỉnh ủy, TỈNH ỦY'
    """
    folded = match_text(text)
    if len(folded) != len(text):
        return text
    return "".join(n.upper() if o.isupper() else n for o, n in zip(text, folded, strict=True))


def iso_date(value: Any) -> str | None:
    """Return ``value`` (a date or an ISO string) as an ISO date string; raise if invalid.

    >>> iso_date(dt.date(2023, 8, 2)), iso_date(None)
    ('2023-08-02', None)
    """
    if value is None or isinstance(value, dt.date):
        return None if value is None else value.isoformat()
    if isinstance(value, str) and _ISO.fullmatch(value):
        return dt.date.fromisoformat(value).isoformat()
    raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)")


# --- data records ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DocType:
    """A document type and how it is written (``data/doc_types.yaml``)."""

    name: str
    aliases: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    party_codes: tuple[str, ...] = ()
    state_codes: tuple[str, ...] = ()
    normative: bool = False
    conf: str | None = None


@dataclass(frozen=True, slots=True)
class IssuerCode:
    """What an issuer code stands for (``data/issuers.yaml``)."""

    code: str
    name: str
    domain: str
    level: Level | None
    unique: bool = False
    valid_to: str | None = None
    conf: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Regulation:
    """One known document (``data/regulations.yaml`` or a user file)."""

    full_id: str
    type: str
    issuer: str | None = None
    term: str | None = None
    date: str | None = None
    effective: str | None = None
    title: str | None = None
    replaced_by: str | None = None
    replaces: tuple[str, ...] = ()
    amends: tuple[str, ...] = ()
    implements: tuple[str, ...] = ()
    conf: str | None = None
    notes: str | None = None
    amended_by: tuple[str, ...] = ()  # derived from other entries' ``amends``
    source: str = "built-in"

    @property
    def in_force_from(self) -> str | None:
        """The day it took effect: ``effective``, else the date of issue."""
        return self.effective or self.date

    @property
    def ident(self) -> Identifier | None:
        """The parsed ``full_id``."""
        return parse_identifier(self.full_id)


_LISTS = frozenset({"replaces", "amends", "implements"})
_DATES = frozenset({"date", "effective"})
_INPUT_FIELDS = frozenset(f.name for f in fields(Regulation)) - {"amended_by", "source"}


class Status(NamedTuple):
    """Status of a document on a date (see the module docstring)."""

    status: RefStatus
    replaced_by: str | None = None
    when: str | None = None


# --- loading and validation --------------------------------------------------------------
def _regulation(raw: Any, source: str, type_names: frozenset[str]) -> Regulation:
    """Check one raw entry against the schema and build a ``Regulation``."""
    where = f"{source}: entry {raw.get('full_id') if isinstance(raw, dict) else raw!r}"
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: an entry must be a mapping")
    unknown = sorted(set(raw) - _INPUT_FIELDS)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}; "
                          f"allowed: {', '.join(sorted(_INPUT_FIELDS))}")
    ident = parse_identifier(str(raw.get("full_id", "")))
    if ident is None or ident.full_id != raw["full_id"]:
        raise ConfigError(f"{where}: full_id must be a canonical number-symbol "
                          "such as 124-QĐ/TW or 90/2020/NĐ-CP")
    if raw.get("type") not in type_names:
        raise ConfigError(f"{where}: type {raw.get('type')!r} is not one of "
                          f"{', '.join(sorted(type_names))}")
    values = dict(raw, source=source)
    try:
        for name in _DATES & set(raw):
            values[name] = iso_date(raw[name])
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    for name in _LISTS & set(raw):
        if not isinstance(raw[name], list) or not all(isinstance(v, str) for v in raw[name]):
            raise ConfigError(f"{where}: {name} must be a list of number-symbols")
        values[name] = tuple(raw[name])
    for name in ("term", "title", "issuer", "replaced_by", "conf", "notes"):
        if values.get(name) is not None:
            values[name] = str(values[name])
    return Regulation(**values)


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except (OSError, ValueError, yaml.YAMLError) as exc:  # ValueError: "date: 2024-02-30"
        raise ConfigError(f"cannot read knowledge-base file {path}: {exc}") from None


def _entries(content: Any, source: str) -> list[Any]:
    if isinstance(content, dict) and isinstance(content.get("regulations"), list):
        return list(content["regulations"])
    if isinstance(content, list):
        return content
    raise ConfigError(f"{source}: expected a list of regulations or a mapping with a "
                      "'regulations' list")


def _link(regs: dict[str, Regulation]) -> dict[str, Regulation]:
    """Derive ``amended_by`` from ``amends`` and ``replaced_by`` from ``replaces``."""
    out = dict(regs)
    for reg in regs.values():
        for target in reg.amends:
            old = out.get(id_key(target))
            if old is not None and reg.full_id not in old.amended_by:
                out[id_key(target)] = replace(old, amended_by=(*old.amended_by, reg.full_id))
        for target in reg.replaces:
            old = out.get(id_key(target))
            if old is not None and old.replaced_by is None:
                out[id_key(target)] = replace(old, replaced_by=reg.full_id)
    return out


def _doc_types() -> tuple[DocType, ...]:
    def build(raw: dict[str, Any]) -> DocType:
        lists = {k: tuple(raw.get(k, ())) for k in
                 ("aliases", "abbreviations", "party_codes", "state_codes")}
        return DocType(raw["name"], **lists, normative=bool(raw.get("normative")),
                       conf=raw.get("conf"))

    return tuple(build(t) for t in data.load("doc_types")["types"])


def _issuer_codes() -> dict[str, IssuerCode]:
    out = {}
    for code, raw in data.load("issuers")["codes"].items():
        level = Level(raw["level"]) if raw.get("level") else None
        out[code] = IssuerCode(code, raw["name"], raw["domain"], level, bool(raw.get("unique")),
                               iso_date(raw.get("valid_to")), raw.get("conf"), raw.get("note"))
    return out


@cache
def _load_cached(stamped: tuple[tuple[str, int], ...]) -> KnowledgeBase:
    types = _doc_types()
    type_names = frozenset(t.name for t in types)
    regs: dict[str, Regulation] = {}
    sources = [("built-in", data.load("regulations"))]
    sources += [(path, _read_yaml(Path(path))) for path, _ in stamped]
    for source, content in sources:
        for raw in _entries(content, source):
            reg = _regulation(raw, source, type_names)
            regs[id_key(reg.full_id)] = reg
    issuers = data.load("issuers")
    bodies = {key(alias): (b["name"], b.get("code"))
              for b in issuers["bodies"] for alias in (b["name"], *b.get("aliases", ()))}
    return KnowledgeBase(MappingProxyType(_link(regs)), MappingProxyType(_issuer_codes()),
                         MappingProxyType(dict(issuers["organs"])), MappingProxyType(bodies),
                         types, MappingProxyType(data.load("doc_types")["cues"]))


@cache
def _type_index(kb: KnowledgeBase) -> tuple[dict[str, int], dict[str, int]]:
    """Positions in ``kb.types`` by the ``key`` of a name or alias, and by abbreviation;
    the first type listed wins, as in a scan of ``kb.types`` in order."""
    by_key: dict[str, int] = {}
    by_abbreviation: dict[str, int] = {}
    for i, t in enumerate(kb.types):
        for word in (t.name, *t.aliases):
            by_key.setdefault(key(word), i)
        for word in t.abbreviations:
            by_abbreviation.setdefault(word, i)
    return by_key, by_abbreviation


@cache
def _number_index(kb: KnowledgeBase) -> dict[str, tuple[Regulation, ...]]:
    """The regulations by number without leading zeros, in ``kb.regulations`` order."""
    index: dict[str, tuple[Regulation, ...]] = {}
    for reg in kb.regulations.values():
        if reg.ident is not None:
            number = reg.ident.number.lstrip("0")
            index[number] = (*index.get(number, ()), reg)
    return index


@cache
def _code_index(kb: KnowledgeBase) -> dict[tuple[str, str], tuple[DocType, ...]]:
    """The types each (code, ``party`` or ``state``) may stand for, in ``kb.types`` order."""
    index: dict[tuple[str, str], tuple[DocType, ...]] = {}
    for t in kb.types:
        for domain, codes in (("party", t.party_codes), ("state", t.state_codes)):
            for code in dict.fromkeys(codes):
                index[code, domain] = (*index.get((code, domain), ()), t)
    return index


def load_kb(paths: Iterable[str | Path] = ()) -> KnowledgeBase:
    """Load the built-in knowledge base plus the user files ``paths`` (cached).

    Args:
        paths: YAML files with a ``regulations:`` list of the built-in shape.

    Returns:
        The knowledge base; the same object while the files are unchanged.

    Raises:
        ConfigError: a file is missing, unreadable or breaks the schema.

    >>> load_kb().lookup("124-QĐ/TW").issuer
    'Bộ Chính trị'
    """
    stamped = []
    for path in paths:
        p = Path(path)
        if not p.is_file():
            raise ConfigError(f"knowledge-base file {p} does not exist")
        stamped.append((str(p.resolve()), p.stat().st_mtime_ns))
    return _load_cached(tuple(stamped))


# --- the knowledge base ------------------------------------------------------------------
@dataclass(frozen=True, slots=True, eq=False)  # eq=False: hashable by identity
class KnowledgeBase:
    """Read-only look-ups over regulations, issuers and document types."""

    regulations: Mapping[str, Regulation]
    codes: Mapping[str, IssuerCode]
    organs: Mapping[str, str]
    bodies: Mapping[str, tuple[str, str | None]]
    types: tuple[DocType, ...]
    cues: Mapping[str, list[str]]

    def lookup(self, full_id: str) -> Regulation | None:
        """Return the entry for ``full_id`` (spacing, case and tone marks ignored)."""
        return self.regulations.get(id_key(full_id))

    def find(self, type: str | None = None, number: str | None = None,
             issuer_code: str | None = None, year: str | None = None) -> tuple[Regulation, ...]:
        """Entries matching every given part of a number-symbol.

        >>> [r.full_id for r in load_kb().find("Nghị định", "56", "CP")]
        ['56/2015/NĐ-CP']
        """
        out = []
        candidates = (_number_index(self).get(number.lstrip("0"), ()) if number
                      else self.regulations.values())
        for reg in candidates:
            ident = reg.ident
            if ident is None or (type and key(type) != key(reg.type)):
                continue
            if number and number.lstrip("0") != ident.number.lstrip("0"):
                continue
            if issuer_code and key(issuer_code) != key(ident.issuer_code):
                continue
            if year and year != ident.year:
                continue
            out.append(reg)
        return tuple(out)

    def status(self, full_id: str, on_date: str | None = None) -> Status:
        """Status of ``full_id`` on ``on_date`` (ISO), or the latest known if None."""
        reg = self.lookup(full_id)
        if reg is None or (on_date and reg.date and on_date < reg.date):
            return Status(RefStatus.UNKNOWN)
        if reg.replaced_by:
            when = self._in_force_from(reg.replaced_by)
            if on_date is None or (when is not None and when <= on_date):
                return Status(RefStatus.SUPERSEDED, reg.replaced_by, when)
            if when is None:
                return Status(RefStatus.UNKNOWN)
        amendments = sorted((self._in_force_from(a) or "", a) for a in reg.amended_by)
        done = [(w, a) for w, a in amendments if on_date is None or (w and w <= on_date)]
        if done:
            return Status(RefStatus.AMENDED, done[-1][1], done[-1][0] or None)
        return Status(RefStatus.CURRENT)

    def successors(self, full_id: str) -> tuple[str, ...]:
        """The chain of replacements, nearest first: 132-QĐ/TW → (124-QĐ/TW, 366-QĐ/TW)."""
        chain: list[str] = []
        reg = self.lookup(full_id)
        while reg is not None and reg.replaced_by and reg.replaced_by not in chain:
            chain.append(reg.replaced_by)
            reg = self.lookup(reg.replaced_by)
        return tuple(chain)

    def _in_force_from(self, full_id: str) -> str | None:
        reg = self.lookup(full_id)
        return None if reg is None else reg.in_force_from

    def issuer_code(self, code: str) -> IssuerCode | None:
        """What an issuer code stands for; composed codes ("BTCTU") are split.

        >>> load_kb().issuer_code("BTCHU").name
        'Ban Tổ chức Huyện ủy'
        """
        if code in self.codes:
            return self.codes[code]
        for organ, organ_name in self.organs.items():
            parent = self.codes.get(code[len(organ):]) if code.startswith(organ) else None
            if parent is not None and parent.code not in ("TW", "CP"):
                return replace(parent, code=code, name=f"{organ_name} {parent.name}",
                               unique=False, note=None)
        return None

    def canonical_issuer(self, name: str) -> str:
        """The canonical name of a cited body, else ``name`` in the new tone style.

        >>> load_kb().canonical_issuer("Ban Chấp hành Trung ương Đảng")
        'Ban Chấp hành Trung ương'
        """
        known = self.bodies.get(key(name))
        return known[0] if known else new_style(" ".join(name.split()))

    def type_named(self, word: str) -> DocType | None:
        """The document type a type word or abbreviation names ("quy định", "NĐ")."""
        by_key, by_abbreviation = _type_index(self)
        found = [i for i in (by_key.get(key(word)), by_abbreviation.get(word)) if i is not None]
        return self.types[min(found)] if found else None

    def types_for_code(self, code: str, domain: str) -> tuple[DocType, ...]:
        """Types a code may stand for in ``party`` or ``state`` numbers."""
        return _code_index(self).get((code, "party" if domain == "party" else "state"), ())

    def interpret(self, ident: Identifier) -> Identifier:
        """Re-read a state công văn number: "123/UBND-VP" is issuer UBND, unit VP, no type.

        >>> load_kb().interpret(parse_identifier("123/UBND-VP")).issuer_code
        'UBND'
        """
        code = ident.type_code
        if ident.form == "state" and code and not self.types_for_code(code, "state") \
                and self.issuer_code(code) is not None:
            return replace(ident, type_code=None, issuer_code=code,
                           units=(ident.issuer_code, *ident.units))
        return ident

    def problems(self, ident: Identifier, doc_type: DocType | None) -> tuple[str, ...]:
        """Why a cited number-symbol is malformed (domain.md §2.6, check C10); () if fine.

        >>> load_kb().problems(parse_identifier("56-NĐ/CP"), load_kb().type_named("Nghị định"))[0]
        'a state document written with Party separators (number-CODE/ISSUER)'
        """
        out = []
        issuer = self.issuer_code(ident.issuer_code)
        code = ident.type_code
        if ident.form == "party":
            state_only = bool(code and self.types_for_code(code, "state")
                              and not self.types_for_code(code, "party"))
            if state_only or (issuer is not None and issuer.domain == "state"):
                out.append("a state document written with Party separators (number-CODE/ISSUER)")
        elif issuer is not None and issuer.domain == "party":
            out.append("a Party document written with state separators (number/CODE-ISSUER)")
        if doc_type is not None and doc_type.normative and ident.form != "normative":
            out.append(f"the number of a {doc_type.name} must carry its year "
                       "(number/year/CODE-ISSUER)")
        known = self.types_for_code(code, "party" if ident.form == "party" else "state") \
            if code else ()
        if doc_type is not None and known and doc_type not in known:
            out.append(f"the code {code} does not stand for a {doc_type.name}")
        return tuple(out)

    def resolve(self, ident: Identifier | None, doc_type: DocType | None,
                number: str | None = None, issuer_code: str | None = None) -> Regulation | None:
        """The entry a citation names: by full_id, else the only entry with its type,
        number and issuer code (a malformed "56-NĐ/CP" → 56/2015/NĐ-CP).

        >>> kb = load_kb()
        >>> kb.resolve(parse_identifier("56-NĐ/CP"), kb.type_named("Nghị định")).full_id
        '56/2015/NĐ-CP'
        """
        if ident is not None:
            exact = self.lookup(ident.full_id)
            if exact is not None:
                return exact
            number, issuer_code = ident.number, ident.issuer_code
        if number is None or doc_type is None:
            return None
        found = self.find(doc_type.name, number, issuer_code)
        return found[0] if len(found) == 1 else None
