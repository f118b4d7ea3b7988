"""Knowledge base (issue 4): data integrity, look-ups, status on a date, user files."""

from __future__ import annotations

import os
import time
from importlib import resources
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from vbparser import data
from vbparser.errors import ConfigError
from vbparser.kb import (
    ID_RE,
    find_identifiers,
    iso_date,
    load_kb,
    new_style,
    parse_identifier,
    starts_identifier,
)
from vbparser.model import Level, RefStatus
from vbparser.normalize.fold import key

KB = load_kb()
REGS = list(KB.regulations.values())
RAW = data.load("regulations")["regulations"]
CONFIDENCE = {"V", "S", "P", "U"}

# Every row of domain.md §4.2 and the rules of §1.1.
DOMAIN_ROWS = [
    "132-QĐ/TW", "16-HD/BTCTW", "21-HD/BTCTW", "124-QĐ/TW", "25-HD/BTCTW", "366-QĐ/TW",
    "198-KL/TW", "43-HD/BTCTW", "10072-CV/BTCTW", "02-HD/BTCTW", "56/2015/NĐ-CP",
    "88/2017/NĐ-CP", "90/2020/NĐ-CP", "48/2023/NĐ-CP", "80/2025/QH15", "335/2025/NĐ-CP",
    "66-QĐ/TW", "36-HD/VPTW", "399-QĐ/TW", "30/2020/NĐ-CP", "60-NQ/TW", "31-HD/BTCTW",
    "202/2025/QH15", "72/2025/QH15", "01-HD/VPTW", "11-HD/VPTW", "01/2011/TT-BNV",
    "55/2005/TTLT-BNV-VPCP",
]


# --- data integrity ------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["regulations", "doc_types", "issuers"])
def test_data_files_start_with_a_source_comment(name: str) -> None:
    text = resources.files("vbparser.data").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    assert text.startswith("# source:")


def test_domain_regulations_are_seeded() -> None:
    assert [f for f in DOMAIN_ROWS if KB.lookup(f) is None] == []


def test_full_ids_are_unique_and_canonical() -> None:
    ids = [r["full_id"] for r in RAW]
    assert len(ids) == len(set(ids))
    for full_id in ids:
        ident = parse_identifier(full_id)
        assert ident is not None and ident.full_id == full_id


@pytest.mark.parametrize("reg", REGS, ids=lambda r: r.full_id)
def test_regulation_entry(reg) -> None:  # type: ignore[no-untyped-def]
    assert KB.type_named(reg.type) is not None
    assert reg.conf in CONFIDENCE
    for value in (reg.date, reg.effective):
        assert value is None or iso_date(value) == value
    if reg.date and reg.effective:
        assert reg.date <= reg.effective
    if reg.issuer is not None:
        assert reg.issuer in {name for name, _ in KB.bodies.values()}, reg.issuer
    for other in (reg.replaced_by, *reg.replaces, *reg.amends, *reg.implements):
        if other is not None:
            assert KB.lookup(other) is not None, f"{reg.full_id} names unknown {other}"


@pytest.mark.parametrize("reg", [r for r in REGS if r.replaced_by], ids=lambda r: r.full_id)
def test_successor_is_newer_and_lists_no_other_replacement(reg) -> None:  # type: ignore[no-untyped-def]
    new = KB.lookup(reg.replaced_by)
    assert new is not None
    if reg.date and new.date:
        assert new.date >= reg.date
    others = [r.full_id for r in REGS if reg.full_id in r.replaces and r.full_id != new.full_id]
    assert others == []


def test_successor_chains_end() -> None:
    for reg in REGS:
        chain = KB.successors(reg.full_id)
        assert len(chain) == len(set(chain)) and reg.full_id not in chain


def test_issuer_of_an_entry_matches_its_code() -> None:
    """"Bộ Chính trị" must carry a TW number, "Chính phủ" a CP one, and so on."""
    for reg in REGS:
        body = KB.bodies.get(reg.issuer.lower()) if reg.issuer else None
        code = reg.ident.issuer_code if reg.ident else None
        if body and body[1] and code:
            assert KB.issuer_code(body[1]).name == KB.issuer_code(code).name, reg.full_id


def test_issuer_codes_schema() -> None:
    codes = data.load("issuers")["codes"]
    for code, raw in codes.items():
        assert set(raw) <= {"name", "domain", "level", "unique", "valid_to", "conf", "note"}, code
        assert raw["domain"] in {"party", "state"}
        assert raw["level"] is None or Level(raw["level"])
        assert raw["conf"] in CONFIDENCE
        if raw["level"] is None:
            assert raw.get("note"), f"{code}: say why the level is open"
    for body in data.load("issuers")["bodies"]:
        assert body.get("code") is None or body["code"] in codes


def test_doc_types_schema() -> None:
    raw = data.load("doc_types")
    names = [t["name"] for t in raw["types"]]
    assert len(names) == len(set(names))
    for t in raw["types"]:
        assert set(t) <= {"name", "aliases", "abbreviations", "party_codes", "state_codes",
                          "normative", "conf", "issuer", "covering"}
    issuers = {t["name"]: t.get("issuer") for t in raw["types"]}
    assert issuers["Luật"] == issuers["Bộ luật"] == "Quốc hội"  # Hiến pháp 2013, Điều 70
    # a covering letter sends the plan; a plan itself never covers another document
    covering = {t["name"] for t in raw["types"] if t.get("covering")}
    assert "Công văn" in covering and "Kế hoạch" not in covering
    for cue in ("basis", "issuing", "amend", "replace", "number", "date", "issuer", "term",
                "title", "title_verbs", "issuer_stop"):
        assert raw["cues"][cue], cue


def test_levels_follow_domain_table() -> None:
    expected = {"TW": Level.CENTRAL, "VPTW": Level.CENTRAL, "BTCTW": Level.CENTRAL,
                "UBKTTW": Level.CENTRAL, "TU": Level.PROVINCE, "HU": Level.DISTRICT,
                "QU": Level.DISTRICT, "ĐU": None, "ĐUK": None, "CP": Level.CENTRAL,
                "QH15": Level.CENTRAL, "UBND": None}
    assert {c: KB.issuer_code(c).level for c in expected} == expected
    assert KB.issuer_code("HU").valid_to == "2025-06-30"


# --- identifiers -------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "full_id", "form"), [
    ("124-QĐ/TW", "124-QĐ/TW", "party"),
    ("07-QĐi/TW", "07-QĐi/TW", "party"),
    ("09 -KH/ĐU", "09-KH/ĐU", "party"),
    ("10 - HD / BTCTU", "10-HD/BTCTU", "party"),
    ("445-KL/TƯ", "445-KL/TƯ", "party"),
    ("90/2020/NĐ-CP", "90/2020/NĐ-CP", "normative"),
    ("80/2025/QH15", "80/2025/QH15", "normative"),
    ("55/2005/TTLT-BNV-VPCP", "55/2005/TTLT-BNV-VPCP", "normative"),
    ("12/KH-UBND", "12/KH-UBND", "state"),
    ("1669/NQ-UBTVQH15", "1669/NQ-UBTVQH15", "state"),
    ("56-NĐ/CP", "56-NĐ/CP", "party"),
])
def test_parse_identifier(text: str, full_id: str, form: str) -> None:
    ident = parse_identifier(text)
    assert ident is not None and (ident.full_id, ident.form) == (full_id, form)


@pytest.mark.parametrize("text", ["5-kg/m", "15/10/2023", "2023", "V/v", "b/c", "Đ/c"])
def test_not_identifiers(text: str) -> None:
    assert parse_identifier(text) is None


def test_dates_never_yield_identifiers() -> None:
    text = "ngày 13/8/2020, từ 01-10-1997 đến 16/02/2004; tỷ lệ 1-2/3"
    assert [m.group() for m in ID_RE.finditer(text) if starts_identifier(text, m.start())] == []


def test_cong_van_number_is_issuer_and_unit() -> None:
    ident = KB.interpret(parse_identifier("123/UBND-VP"))
    assert (ident.type_code, ident.issuer_code, ident.units, ident.full_id) == (
        None, "UBND", ("VP",), "123/UBND-VP")


@pytest.mark.parametrize(("full_id", "type_name", "problem"), [
    ("56-NĐ/CP", "Nghị định", "Party separators"),
    ("56-NĐ/CP", "Nghị định", "must carry its year"),
    ("12/KH-ĐU", "Kế hoạch", "state separators"),
    ("15-KH/HU", "Hướng dẫn", "does not stand for"),
])
def test_malformed(full_id: str, type_name: str, problem: str) -> None:
    problems = KB.problems(parse_identifier(full_id), KB.type_named(type_name))
    assert any(problem in p for p in problems), problems


@pytest.mark.parametrize(("full_id", "type_name"), [
    ("124-QĐ/TW", "Quy định"), ("124-QĐ/TW", "Quyết định"), ("08-QĐi/TW", "Quy định"),
    ("90/2020/NĐ-CP", "Nghị định"), ("80/2025/QH15", "Luật"), ("12/KH-UBND", "Kế hoạch"),
    ("147-CTHĐ/TU", "Chương trình hành động"), ("62-CV/HU", "Công văn"),
])
def test_well_formed(full_id: str, type_name: str) -> None:
    assert KB.problems(KB.interpret(parse_identifier(full_id)), KB.type_named(type_name)) == ()


# --- look-ups ------------------------------------------------------------------------------
def test_lookup_ignores_spacing_case_tones_and_leading_zeros() -> None:
    assert KB.lookup("124 - qđ/tw").full_id == "124-QĐ/TW"
    assert KB.lookup("5-CT/TW").full_id == "05-CT/TW"
    assert KB.lookup("999-QĐ/TW") is None


def test_resolve_malformed_by_type_number_issuer() -> None:
    reg = KB.resolve(parse_identifier("56-NĐ/CP"), KB.type_named("Nghị định"))
    assert reg is not None and reg.full_id == "56/2015/NĐ-CP"
    assert KB.resolve(None, KB.type_named("Quy định"), "124", "TW").full_id == "124-QĐ/TW"
    assert KB.resolve(None, None, "124") is None


def test_issuers() -> None:
    assert KB.issuer_code("BTCTU").name == "Ban Tổ chức Tỉnh ủy"
    assert KB.issuer_code("UBKTHU").level is Level.DISTRICT
    assert KB.issuer_code("XYZ") is None
    assert KB.canonical_issuer("Ban Tổ chức Trung ương Đảng") == "Ban Tổ chức Trung ương"
    assert KB.canonical_issuer("Huyện uỷ  Ba Vì") == "Huyện ủy Ba Vì"


def test_new_style_keeps_case_and_leaves_qu_alone() -> None:
    assert new_style("Uỷ ban, hoà, khoẻ, quý, THUỶ") == "Ủy ban, hòa, khỏe, quý, THỦY"


# --- status on a date -----------------------------------------------------------------------
@pytest.mark.parametrize(("full_id", "on_date", "expected"), [
    ("132-QĐ/TW", None, ("superseded", "124-QĐ/TW", "2023-10-04")),
    ("132-QĐ/TW", "2023-08-02", ("current", None, None)),
    ("132-QĐ/TW", "2023-10-04", ("superseded", "124-QĐ/TW", "2023-10-04")),
    ("21-HD/BTCTW", "2023-08-02", ("current", None, None)),
    ("21-HD/BTCTW", "2023-11-10", ("superseded", "25-HD/BTCTW", "2023-11-10")),
    ("56/2015/NĐ-CP", "2020-08-19", ("amended", "88/2017/NĐ-CP", "2017-09-15")),
    ("56/2015/NĐ-CP", "2020-08-20", ("superseded", "90/2020/NĐ-CP", "2020-08-20")),
    ("90/2020/NĐ-CP", "2023-08-02", ("current", None, None)),
    ("90/2020/NĐ-CP", "2023-09-15", ("amended", "48/2023/NĐ-CP", "2023-09-15")),
    ("366-QĐ/TW", "2025-01-01", ("unknown", None, None)),  # not yet issued
    ("366-QĐ/TW", None, ("current", None, None)),
    ("999-KH/TU", None, ("unknown", None, None)),
])
def test_status(full_id: str, on_date: str | None, expected: tuple[str, ...]) -> None:
    status, replaced_by, when = KB.status(full_id, on_date)
    assert (status.value, replaced_by, when) == expected


def test_status_is_a_named_triple() -> None:
    result = KB.status("124-QĐ/TW")
    assert result.status is RefStatus.SUPERSEDED and len(result) == 3


def test_successors() -> None:
    assert KB.successors("16-HD/BTCTW") == ("21-HD/BTCTW", "25-HD/BTCTW", "43-HD/BTCTW")
    assert KB.successors("366-QĐ/TW") == ()


# --- user files -----------------------------------------------------------------------------
def _write(tmp_path: Path, body: str, name: str = "user.yaml") -> Path:
    path = tmp_path / name
    path.write_text("# source: test\n" + body, encoding="utf-8")
    return path


def test_user_file_adds_and_overrides(tmp_path: Path) -> None:
    path = _write(tmp_path, yaml.safe_dump({"regulations": [
        {"full_id": "12-KH/TU", "type": "Kế hoạch", "issuer": "Tỉnh ủy", "date": "2024-03-01"},
        {"full_id": "36-HD/VPTW", "type": "Hướng dẫn", "issuer": "Văn phòng Trung ương Đảng",
         "date": "2018-04-03", "replaced_by": "05-HD/VPTW"},
        {"full_id": "05-HD/VPTW", "type": "Hướng dẫn", "date": "2026-02-01"},
    ]}, allow_unicode=True))
    kb = load_kb([path])
    assert kb.lookup("12-KH/TU").source == str(path.resolve())
    assert tuple(kb.status("36-HD/VPTW", "2026-03-01"))[:2] == (RefStatus.SUPERSEDED, "05-HD/VPTW")
    assert load_kb().lookup("12-KH/TU") is None  # the built-in knowledge base is unchanged


def test_user_file_as_a_bare_list(tmp_path: Path) -> None:
    path = _write(tmp_path, "- {full_id: 3-KH/HU, type: Kế hoạch}\n")
    assert load_kb([path]).lookup("3-KH/HU") is not None


def test_user_file_cache_follows_changes(tmp_path: Path) -> None:
    path = _write(tmp_path, "- {full_id: 3-KH/HU, type: Kế hoạch}\n")
    first = load_kb([path])
    assert load_kb([path]) is first
    path.write_text("- {full_id: 4-KH/HU, type: Kế hoạch}\n", encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))
    assert load_kb([path]).lookup("4-KH/HU") is not None


@pytest.mark.parametrize(("body", "message"), [
    ("- {full_id: 3-KH/HU, type: Kế hoạch, signer: X}\n", r"unknown key\(s\) signer"),
    ("- {full_id: 3-KH/HU, type: Kế hoạch, date: 2024-02-30}\n", "out of range"),
    ("- {full_id: 3-KH/HU, type: Kế hoạch, date: 30/01/2024}\n", "not an ISO date"),
    ("- {full_id: 3 - KH/HU, type: Kế hoạch}\n", "canonical number-symbol"),
    ("- {full_id: 3-KH/HU, type: Kế-hoạch}\n", "is not one of"),
    ("- {full_id: 3-KH/HU, type: Kế hoạch, amends: 2-KH/HU}\n", "list of number-symbols"),
    ("regulations: 3\n", "expected a list"),
    ("regulations: [\n", "cannot read"),
])
def test_user_file_errors(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_kb([_write(tmp_path, body)])


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_kb([tmp_path / "nope.yaml"])


# --- fast scanning gives what the plain scans give ------------------------------------------
_ID_PIECES = st.sampled_from([
    "124", "-", "/", " ", "\t", "\n", "QĐ", "TW", "KH", "UBND", "VP", "2020", "NĐ", "CP",
    "123456", "1234567", "ngày ", "04/10/2023", "qh15", "số", ".", "x",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ID_PIECES, max_size=25).map("".join))
def test_find_identifiers_matches_a_plain_scan(text: str) -> None:
    assert [m.span() for m in find_identifiers(text)] == [m.span() for m in ID_RE.finditer(text)]


def test_type_and_code_look_ups_match_a_scan_of_the_types() -> None:
    for t in KB.types:
        for word in (t.name, t.name.upper(), *t.aliases, *t.abbreviations):
            assert KB.type_named(word) == next(
                x for x in KB.types if key(word) in {key(w) for w in (x.name, *x.aliases)}
                or word in x.abbreviations)
        for code in (*t.party_codes, *t.state_codes):
            for domain, attr in (("party", "party_codes"), ("state", "state_codes")):
                assert KB.types_for_code(code, domain) == tuple(
                    x for x in KB.types if code in getattr(x, attr))


_ID_PIECES = st.sampled_from([
    "1", "12", "124", "12345", "123456", "1234567", "2020", "-", "/", " ", "\t", "\n", ".",
    "KH", "QĐ", "TW", "NĐ", "CP", "UBND", "VP", "số", "x", "ngày",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ID_PIECES, max_size=20).map("".join))
def test_find_identifiers_is_a_finditer_of_the_pattern(text: str) -> None:
    """Starting only at digit runs followed by "/" or "-" finds every identifier that
    ``ID_RE.finditer`` finds where an identifier may start."""
    fast = [m.span() for m in find_identifiers(text) if starts_identifier(text, m.start())]
    plain = [m.span() for m in ID_RE.finditer(text) if starts_identifier(text, m.start())]
    assert fast == plain


def test_identifier_read_from_the_end_of_a_long_number() -> None:
    text = "1234567-KH/TU và 123456/KH-UBND"
    assert [m.group() for m in find_identifiers(text)] == ["34567-KH/TU", "123456/KH-UBND"]
