"""Records of the knowledge base and their reading from YAML, checked against the schema.

``data/doc_types.yaml`` gives the ``DocType``\\ s, ``data/issuers.yaml`` the
``IssuerCode``\\ s, ``data/regulations.yaml`` and the users' files (same shape) the
``Regulation``\\ s. An entry in a user file replaces the built-in entry with the same
``full_id``; ``amended_by`` and missing ``replaced_by`` links are derived from the other
entries' ``amends`` and ``replaces``. ``vbparser.kb`` re-exports the public names.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import yaml

from vbparser import data
from vbparser.errors import ConfigError
from vbparser.identifiers import Identifier, id_key, parse_identifier
from vbparser.model import Level

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


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
    issuer: str | None = None  # the one body that issues it (a law: the Quốc hội)


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


def doc_types() -> tuple[DocType, ...]:
    """The document types of ``data/doc_types.yaml``, in file order."""
    def build(raw: dict[str, Any]) -> DocType:
        lists = {k: tuple(raw.get(k, ())) for k in
                 ("aliases", "abbreviations", "party_codes", "state_codes")}
        return DocType(raw["name"], **lists, normative=bool(raw.get("normative")),
                       conf=raw.get("conf"), issuer=raw.get("issuer"))

    return tuple(build(t) for t in data.load("doc_types")["types"])


def issuer_codes() -> dict[str, IssuerCode]:
    """The issuer codes of ``data/issuers.yaml``."""
    out = {}
    for code, raw in data.load("issuers")["codes"].items():
        level = Level(raw["level"]) if raw.get("level") else None
        out[code] = IssuerCode(code, raw["name"], raw["domain"], level, bool(raw.get("unique")),
                               iso_date(raw.get("valid_to")), raw.get("conf"), raw.get("note"))
    return out


def regulations(paths: Iterable[str], type_names: frozenset[str]) -> dict[str, Regulation]:
    """The built-in regulations and those of the files ``paths``, by ``id_key``, linked.

    Raises:
        ConfigError: a file is unreadable or an entry breaks the schema.
    """
    regs: dict[str, Regulation] = {}
    sources = [("built-in", data.load("regulations"))]
    sources += [(path, _read_yaml(Path(path))) for path in paths]
    for source, content in sources:
        for raw in _entries(content, source):
            reg = _regulation(raw, source, type_names)
            regs[id_key(reg.full_id)] = reg
    return _link(regs)
