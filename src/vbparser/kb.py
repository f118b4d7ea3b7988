"""Knowledge base: known regulations, issuer codes, document types and number grammars.

The data live in ``data/regulations.yaml``, ``data/issuers.yaml`` and
``data/doc_types.yaml``; users add regulation files of the same shape
(``Config.kb_paths``, ``vbparser parse --kb PATH``, ``load_kb(paths)``). An entry in a
user file replaces the built-in entry with the same ``full_id``.

The records and their schema are in ``kb_records.py``, the number-symbol grammar in
``identifiers.py``; this module re-exports their public names (``__all__``).

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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from vbparser import data
from vbparser.errors import ConfigError
from vbparser.identifiers import (
    ID_RE,
    Identifier,
    find_identifiers,
    id_key,
    identifier_from_match,
    parse_identifier,
    starts_identifier,
)
from vbparser.kb_records import (
    DocType,
    IssuerCode,
    Regulation,
    doc_types,
    iso_date,
    issuer_codes,
    regulations,
)
from vbparser.model import RefStatus
from vbparser.normalize.fold import key, match_text

__all__ = ["ID_RE", "DocType", "Identifier", "IssuerCode", "KnowledgeBase", "Regulation",
           "Status", "find_identifiers", "id_key", "identifier_from_match", "iso_date",
           "load_kb", "new_style", "parse_identifier", "starts_identifier"]


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


class Status(NamedTuple):
    """Status of a document on a date (see the module docstring)."""

    status: RefStatus
    replaced_by: str | None = None
    when: str | None = None


# --- loading ----------------------------------------------------------------------------
@cache
def _load_cached(stamped: tuple[tuple[str, int], ...]) -> KnowledgeBase:
    types = doc_types()
    regs = regulations([path for path, _ in stamped], frozenset(t.name for t in types))
    issuers = data.load("issuers")
    bodies = {key(alias): (b["name"], b.get("code"))
              for b in issuers["bodies"] for alias in (b["name"], *b.get("aliases", ()))}
    return KnowledgeBase(MappingProxyType(regs), MappingProxyType(issuer_codes()),
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
