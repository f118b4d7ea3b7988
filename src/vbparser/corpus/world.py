"""Fictional review campaigns: who issues which plan, when, and with which deadlines.

A campaign is one province's plan and the plans below it, in the structure of its year:
before the 2025 reorganisation province → districts → communes → Party cells, from
1 July 2025 province → communes → cells (docs/domain.md §3). Deadlines nest: each
plan's due day for a level is at most its upper plan's due day for that level, except
where a planted error (``Doc.error``) says otherwise. All randomness comes from the
``random.Random`` passed in, so a campaign is a pure function of its seed.
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

import yaml

LEVEL_ORDER = ("province", "district", "commune", "branch")
ERROR_KINDS = {
    "district": ("deadline_after_upper", "superseded_citation", "wrong_upper_citation"),
    "commune": ("deadline_after_upper", "superseded_citation", "wrong_upper_citation",
                "deadline_before_plan_date", "missing_subject"),
    "branch": ("deadline_after_upper", "wrong_upper_citation", "deadline_before_plan_date"),
}


@cache
def vocab() -> dict[str, Any]:
    """The names and phrase variants of synthetic plans (``vocab.yaml``)."""
    path = resources.files("vbparser.corpus").joinpath("vocab.yaml")
    with path.open(encoding="utf-8") as fh:
        return dict(yaml.safe_load(fh))


def slug(name: str) -> str:
    """An ASCII file-name form of a Vietnamese name.

    >>> slug("Trạm Y tế xã Đông Lâm")
    'tram-y-te-xa-dong-lam'
    """
    folded = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    ascii_name = "".join(c for c in folded if not unicodedata.combining(c))
    return "-".join(ascii_name.lower().split())


@dataclass(slots=True)
class Doc:
    """One plan of a campaign (mutable only while the campaign is being planned)."""

    stem: str
    level: str
    name: str  # place or unit name: "Đông Lâm", "thôn Tân Hội"
    kind: str  # tỉnh | huyện | xã | phường | thị trấn | chi bộ
    parent: Doc | None
    number: str  # "175-KH/HU"
    # datetime.date: inside the class body a bare ``date`` names the field above.
    date: datetime.date
    dues: dict[str, datetime.date]
    signer: tuple[str | None, str, str]
    error: str | None = None
    former_district: str | None = None  # post-2025 communes: the district they were in
    children: list[Doc] = field(default_factory=list)


@dataclass(slots=True)
class Campaign:
    """A province's plan and all plans below it, top-down."""

    key: str
    era: str  # pre2025 | post2025
    year: int
    province: str
    docs: list[Doc]


class _Names:
    """Place names unique within one campaign."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def place(self) -> str:
        syllables = vocab()["place_syllables"]
        for _ in range(200):
            a, b = self.rng.sample(syllables, 2)
            name = f"{a} {b}"
            if name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("ran out of place names")  # pragma: no cover

    def person(self) -> str:
        v = vocab()
        return " ".join((self.rng.choice(v["surnames"]), self.rng.choice(v["middle_names"]),
                         self.rng.choice(v["given_names"])))


def _number(rng: random.Random, low: int, high: int, symbol: str) -> str:
    return f"{rng.randint(low, high):02d}-{symbol}"


def _shift(day: date, rng: random.Random, low: int, high: int) -> date:
    return day + timedelta(days=rng.randint(low, high))


def _base_dues(era: str, year: int, rng: random.Random) -> dict[str, date]:
    branch = date(year, 12, rng.randint(5, 9))
    commune = _shift(branch, rng, 4, 8)
    if era == "post2025":
        return {"branch": branch, "commune": commune}
    district = min(_shift(commune, rng, 7, 12), date(year, 12, 30))
    return {"commune": commune, "district": district}


def _nested_dues(parent: Doc, levels: tuple[str, ...], rng: random.Random) -> dict[str, date]:
    dues = {}
    for level in levels:
        upper = parent.dues.get(level)
        if upper is None:  # the upper plan sets no date for this level: derive one
            upper = parent.dues["commune"] - timedelta(days=rng.randint(4, 7))
        dues[level] = upper - timedelta(days=rng.randint(0, 2))
    return dues


def _maybe_error(doc: Doc, era: str, rng: random.Random, rate: float) -> None:
    kinds = list(ERROR_KINDS.get(doc.level, ()))
    if era == "post2025" and doc.level == "commune":
        kinds.append("abolished_district_level")
    if not kinds or rng.random() >= rate:
        return
    doc.error = rng.choice(kinds)
    if doc.error == "deadline_after_upper" and doc.parent is not None:
        own = doc.level
        doc.dues[own] = doc.parent.dues.get(own, doc.dues[own]) + timedelta(
            days=rng.randint(2, 6))


def plan_campaign(index: int, seed: int, max_docs: int, error_rate: float) -> Campaign:
    """Plan one campaign of at most ``max_docs`` plans.

    >>> c = plan_campaign(1, 7, 12, 0.0)
    >>> len(c.docs) <= 12, c.docs[0].level
    (True, 'province')
    """
    rng = random.Random(seed)
    era = "post2025" if rng.random() < 0.5 else "pre2025"
    year = 2025 if era == "post2025" else rng.choice([2020, 2021, 2022, 2023, 2024])
    province = rng.choice(vocab()["provinces"])
    names = _Names(rng)
    names.used.add(province)
    top = _province(rng, names, era, year, province)
    docs = _expand(top, rng, names, era, error_rate, max_docs)
    key = f"c{index:04d}_{year}_{slug(province)}"
    return Campaign(key, era, year, province, docs)


def _province(rng: random.Random, names: _Names, era: str, year: int, province: str) -> Doc:
    if era == "post2025":
        issued = date(2025, 11, rng.randint(7, 14))
        number = _number(rng, 5, 30, "KH/TU")
    elif year >= 2023:  # after 25-HD/BTCTW (10/11/2023)
        issued = date(year, 11, rng.randint(11, 14))
        number = _number(rng, 100, 320, "KH/TU")
    else:
        issued = date(year, 10, rng.randint(20, 31))
        number = _number(rng, 100, 320, "KH/TU")
    signer = ("T/M BAN THƯỜNG VỤ", rng.choice(["PHÓ BÍ THƯ", "PHÓ BÍ THƯ THƯỜNG TRỰC", "BÍ THƯ"]),
              names.person())
    return Doc("p000_" + slug(province), "province", province, "tỉnh", None, number, issued,
               _base_dues(era, year, rng), signer)


def _cell_name(parent: Doc, rng: random.Random, names: _Names) -> str:
    for _ in range(20):
        template: str = rng.choice(vocab()["cell_kinds"])["name"]
        name = (template.replace("$place", names.place() if "$place" in template else "")
                .replace("$commune", parent.name).replace("$n", str(rng.randint(1, 9))))
        if name not in names.used:
            names.used.add(name)
            return name
    raise RuntimeError("ran out of cell names")  # pragma: no cover


def _child(parent: Doc, level: str, index: int, rng: random.Random, names: _Names,
           era: str) -> Doc:
    v = vocab()
    if level == "district":
        name, kind, symbol, span = names.place(), "huyện", "KH/HU", (80, 250)
        issued = _shift(parent.date, rng, 2, 4)
        levels: tuple[str, ...] = ("branch", "commune", "district")
        signer = ("T/M BAN THƯỜNG VỤ", rng.choice(["BÍ THƯ", "PHÓ BÍ THƯ"]), names.person())
    elif level == "commune":
        kinds = v["commune_kinds_post" if era == "post2025" else "commune_kinds_pre"]
        name, kind, symbol = names.place(), rng.choice(kinds), "KH/ĐU"
        span = (3, 20) if era == "post2025" else (30, 140)
        issued = _shift(parent.date, rng, 2, 4)
        levels = ("branch", "commune")
        signer = (rng.choice(["T/M BAN THƯỜNG VỤ", "T/M ĐẢNG ỦY", "T/M BAN CHẤP HÀNH"]),
                  rng.choice(["BÍ THƯ", "PHÓ BÍ THƯ"]), names.person())
    else:
        name = _cell_name(parent, rng, names)
        kind, symbol, span = "chi bộ", "KH/CB", (1, 15)
        issued = _shift(parent.date, rng, 2, 3)
        levels = ("branch",)
        signer = ("T/M CHI BỘ", "BÍ THƯ", names.person())
    stem = f"{level[0]}{index:03d}_{slug(name)}"
    doc = Doc(stem, level, name, kind, parent, _number(rng, *span, symbol), issued,
              _nested_dues(parent, levels, rng), signer)
    if era == "post2025" and level == "commune":
        doc.former_district = names.place()
    return doc


def _expand(top: Doc, rng: random.Random, names: _Names, era: str, rate: float,
            max_docs: int) -> list[Doc]:
    """Grow the hierarchy breadth-first, so that every plan's upper plan is included."""
    docs, queue = [top], [top]
    while queue and len(docs) < max_docs:
        parent = queue.pop(0)
        for level, count in _children_spec(parent, era, rng):
            for _ in range(count):
                if len(docs) >= max_docs:
                    break
                child = _child(parent, level, len(docs), rng, names, era)
                _maybe_error(child, era, rng, rate)
                parent.children.append(child)
                docs.append(child)
                queue.append(child)
    return docs


def _children_spec(parent: Doc, era: str, rng: random.Random) -> list[tuple[str, int]]:
    if parent.level == "province":
        return [("commune", rng.randint(4, 9))] if era == "post2025" else [
            ("district", rng.randint(2, 4))]
    if parent.level == "district":
        return [("commune", rng.randint(2, 4))]
    if parent.level == "commune":
        return [("branch", rng.randint(1, 3))]
    return []
