"""Deadline extraction (``vbparser.extract.deadlines``): bounds, classification,
attachment to actor and level, warnings, and the seeds against their gold."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import vbparser
from vbparser import data
from vbparser.api import load
from vbparser.config import Config
from vbparser.evaluate import score_deadlines
from vbparser.extract import deadline_grammar
from vbparser.extract import deadlines as deadlines_module
from vbparser.extract.deadlines import extract_deadlines
from vbparser.model import Document, Issuer, Level, Meta, Section
from vbparser.normalize.fold import match_text
from vbparser.patterns import LINE_LABEL

CASES = Path(__file__).parent / "cases" / "deadlines"
REPO = Path(__file__).resolve().parent.parent


def _cases(name: str) -> list[dict[str, Any]]:
    return yaml.safe_load((CASES / name).read_text(encoding="utf-8"))


def _meta(spec: dict[str, Any] | None) -> Meta:
    spec = spec or {}
    level = Level(spec["level"]) if spec.get("level") else None
    return Meta(year=spec.get("year"), date=spec.get("date"),
                issuer=Issuer(name=spec.get("issuer"), level=level))


def _extract(text: str, meta: dict[str, Any] | None = None,
             config: dict[str, Any] | None = None, sections: bool = False) -> Document:
    doc = replace(load(text), meta=_meta(meta))
    if sections:
        doc = replace(doc, sections=fake_sections(doc.text))
    return extract_deadlines(doc, Config.resolve(config))


def fake_sections(text: str) -> tuple[Section, ...]:
    """Sections from Roman and decimal labels, as the structure stage would give them.

    Stands in for ``structure.py`` so that the section-aware paths are tested before it
    lands: each section spans from its label to the next label of the same or a
    higher rank.
    """
    starts: list[tuple[int, tuple[str, ...], str]] = []
    roman: str | None = None
    pos = 0
    for line in text.split("\n"):
        m = LINE_LABEL.match(line)
        if m and m.group("roman"):
            roman = m.group("roman")
            starts.append((pos, (roman,), roman))
        elif m and (m.group("num") or m.group("num2")):
            label = m.group("num") or m.group("num2")
            parts = label.split(".")
            path = ((roman,) if roman else ()) + tuple(
                ".".join(parts[:i + 1]) if i else parts[0] for i in range(len(parts)))
            starts.append((pos, path, label))
        pos += len(line) + 1
    out = []
    for i, (start, path, label) in enumerate(starts):
        end = next((s for s, p, _ in starts[i + 1:] if len(p) <= len(path)), len(text))
        parent = next((f"s{j}" for j in range(i - 1, -1, -1)
                       if starts[j][1] == path[:-1]), None)
        out.append(Section(f"s{i}", parent, path, label, None, len(path), None, (start, end)))
    return tuple(out)


def _check(doc: Document, expected: list[dict[str, Any]]) -> None:
    got = doc.deadlines
    assert len(got) == len(expected), [d.expr for d in got]
    for d, want in zip(got, expected, strict=True):
        assert doc.text[d.span[0]:d.span[1]] == d.expr
        for key, value in want.items():
            actual = getattr(d, key)
            if key == "action":
                assert actual is not None and value in actual, (actual, value)
            else:
                assert actual == value, (key, actual, value, d.expr)


def _all_cases(*names: str) -> list[dict[str, Any]]:
    return [c for n in names for c in _cases(n)]


@pytest.mark.parametrize("case", _all_cases("bounds.yaml", "attachment.yaml"),
                         ids=lambda c: c["name"])
def test_deadline_cases(case: dict[str, Any]) -> None:
    doc = _extract(case["text"], case.get("meta"), case.get("config"))
    _check(doc, case["deadlines"])


@pytest.mark.parametrize("case", _cases("attachment.yaml"), ids=lambda c: c["name"])
def test_attachment_with_sections(case: dict[str, Any]) -> None:
    """The same answers when the structure stage has given sections."""
    doc = _extract(case["text"], case.get("meta"), sections=True)
    _check(doc, case["deadlines"])
    for d in doc.deadlines:
        enclosing = [s for s in doc.sections if s.span[0] <= d.span[0] < s.span[1]]
        assert d.section == (max(enclosing, key=lambda s: s.depth).id if enclosing else None)


@pytest.mark.parametrize("case", _cases("not_deadlines.yaml"), ids=lambda c: c["name"])
def test_not_deadlines(case: dict[str, Any]) -> None:
    doc = _extract(case["text"], case.get("meta"))
    assert doc.deadlines == ()
    assert not [w for w in doc.warnings if w.code.startswith("VB5")]


@pytest.mark.parametrize("case", _cases("warnings.yaml"), ids=lambda c: c["name"])
def test_warnings(case: dict[str, Any]) -> None:
    doc = _extract(case["text"], case.get("meta"))
    _check(doc, case["deadlines"])
    got = [(w.code, doc.text[w.span[0]:w.span[1]]) for w in doc.warnings
           if w.code.startswith("VB5") and w.span is not None]
    assert got == [(w["code"], w["text"]) for w in case["warnings"]]


def test_flattened_text_uses_sections_for_level_labels() -> None:
    text = ("III. TIẾN ĐỘ\n3.1. Cấp cơ sở: Hoàn thành kiểm điểm trước ngày 10/11/2024. "
            "3.2. Cấp huyện: Hoàn thành tổng hợp trước ngày 20/11/2024.")
    doc = replace(load(text), meta=_meta({"level": "province"}))
    label2 = doc.text.index("3.2.")
    line2 = doc.text.index("3.1.")
    sections = (
        Section("s0", None, ("III",), "III", "TIẾN ĐỘ", 1, None, (0, len(doc.text))),
        Section("s1", "s0", ("III", "3.1"), "3.1", None, 2, None, (line2, label2)),
        Section("s2", "s0", ("III", "3.2"), "3.2", None, 2, None, (label2, len(doc.text))),
    )
    out = extract_deadlines(replace(doc, sections=sections), Config())
    assert [(d.level, d.section) for d in out.deadlines] == [
        (Level.COMMUNE, "s1"), (Level.DISTRICT, "s2")]
    bare = extract_deadlines(doc, Config())  # without sections: one paragraph, one label
    assert [d.level for d in bare.deadlines] == [Level.COMMUNE, Level.COMMUNE]


def test_the_plans_own_date_after_a_header_star_is_no_deadline() -> None:
    """A header read row by row puts the "*" under the issuer in front of the place-date
    line, which then looks like a bulleted item holding a bare "ngày X"."""
    doc = vbparser.parse("TỈNH ỦY BẮC SƠN ĐẢNG CỘNG SẢN VIỆT NAM\n"
                         "* Bắc Sơn, ngày 12 tháng 11 năm 2025\nSố 30-KH/TU\nKẾ HOẠCH\n"
                         "kiểm điểm năm 2025\nI. TIẾN ĐỘ\n"
                         "1. Các chi bộ hoàn thành trước ngày 10/12/2025.\n"
                         "2. Hội nghị của Ban Thường vụ ngày 20/12/2025.")
    assert doc.meta.date == "2025-11-12"
    assert [(d.due, d.bound) for d in doc.deadlines] == [("2025-12-09", "before"),
                                                          ("2025-12-20", "on")]


def test_registered_in_the_pipeline() -> None:
    doc = vbparser.parse("KẾ HOẠCH\n1. Các chi bộ hoàn thành trước ngày 15/12/2024.")
    assert [d.due for d in doc.deadlines] == ["2024-12-14"]
    out = json.loads(doc.to_json())["deadlines"][0]
    assert out["bound"] == "before" and out["granularity"] == "day"
    assert out["span"] == list(doc.deadlines[0].span)


def test_input_document_is_not_changed() -> None:
    doc = load("1. Các chi bộ hoàn thành trước ngày 15/12/2024.")
    out = extract_deadlines(doc, Config())
    assert doc.deadlines == () and out.deadlines and out is not doc


def test_no_crash_on_odd_text() -> None:
    for text in ("", "trước", "trước ngày", "từ ngày 01/12 đến", "đến 99/99/9999",
                 "trong quý V/2024", "tháng 0/2024", "ngày 31 tháng 13 năm 2024",
                 "hằng năm trước ngày"):
        extract_deadlines(load(text) if text else replace(load(" "), text=""), Config())


def test_source_names_no_seed() -> None:
    """No name, number or date of a seed appears in the extractor (the whole package is
    checked for seed-only names in ``test_data_integrity``; the seed's dates are also
    design.md's examples, so only the extractor is kept free of them)."""
    folder = Path(deadlines_module.__file__).parent
    files = [*sorted(folder.glob("deadline*.py")), folder / "dates.py",
             *(REPO / "src" / "vbparser" / "data" / f"{name}.yaml"
               for name in ("date_words", "deadline_actors"))]
    assert len(files) >= 6
    for path in files:
        text = path.read_text(encoding="utf-8")
        for marker in ("Tiên Thắng", "Tiên Lãng", "Đồng Tháp", "181-KH", "Phan Văn",
                       "15/10/2023", "10/12/2023"):
            assert marker not in text, (path.name, marker)


def test_level_and_actor_words_are_in_their_data_files() -> None:
    """Levels with the levels (``admin_levels.yaml``), actors in ``deadline_actors.yaml``;
    the date vocabulary holds none of them."""
    levels = data.load("admin_levels")
    for key in ("level_labels", "level_words"):
        assert set(levels[key]) <= set(levels["levels"]), key
    actors = data.load("deadline_actors")
    assert all(actors[k] for k in deadline_grammar._ACTOR_KEYS)
    dates = data.load("date_words")
    assert not set(dates) & {*deadline_grammar._LEVEL_KEYS, *deadline_grammar._ACTOR_KEYS}


# --- the seeds against their gold ----------------------------------------------------------
# ``shared`` (tests/conftest.py) skips when ../shared is absent, and fails in CI.


def _gold_meta(gold: dict[str, Any]) -> Meta:
    m = gold["meta"]
    return _meta({"year": m.get("year"), "date": m.get("date"), "level": m.get("issuer_level")})


# Only the stages deadlines build on, so that other extractors cannot fail these tests.
SEED_STAGES = {"stages": ("structure", "meta", "deadlines")}


def _seeds(shared: Path) -> list[tuple[dict[str, Any], Document]]:
    out = []
    for path in sorted((shared / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        out.append((gold, vbparser.parse(shared / "seeds" / gold["source"], SEED_STAGES)))
    assert out, f"no gold files in {shared / 'gold'}"
    return out


def _assert_scores(gold: dict[str, Any], doc: Document) -> None:
    score = score_deadlines(gold["deadlines"], doc)
    assert score.f1 == 1.0, (gold["source"], [(d.expr, d.due, d.bound) for d in doc.deadlines])
    level_right, level_total = score.extra["level"]
    actor_right, actor_total = score.extra["actor"]
    assert level_right >= 0.9 * level_total, gold["source"]
    assert actor_right >= 0.85 * actor_total, gold["source"]
    for d in doc.deadlines:
        assert doc.text[d.span[0]:d.span[1]] == d.expr


@pytest.mark.seeds
def test_seeds_as_parsed(shared: Path) -> None:
    for gold, doc in _seeds(shared):
        _assert_scores(gold, doc)


@pytest.mark.seeds
def test_seeds_without_meta_or_sections(shared: Path) -> None:
    """Before the structure and metadata stages: everything read from the text."""
    for gold, doc in _seeds(shared):
        bare = replace(doc, meta=Meta(), sections=(), deadlines=())
        _assert_scores(gold, extract_deadlines(bare, Config()))


@pytest.mark.seeds
def test_seeds_with_meta_and_sections(shared: Path) -> None:
    """With the metadata of the gold and sections from the labels."""
    for gold, doc in _seeds(shared):
        full = replace(doc, meta=_gold_meta(gold), sections=fake_sections(doc.text),
                       deadlines=())
        out = extract_deadlines(full, Config())
        _assert_scores(gold, out)
        assert all(d.section is not None for d in out.deadlines)
        assert not [w for w in out.warnings if w.code == "VB502"]


# --- robustness ------------------------------------------------------------------------------

_TOKENS = ["trước", "đến", "ngày", "tháng", "năm", "quý", "IV", "hằng năm", "từ", "trong",
           "xong", "chậm nhất", "31/11/2024", "15/12", "2024", "29/02", "-", "/", "1.", "Các",
           "chi bộ", "Cấp tỉnh:", "\n", ";", ":", "(", ")", "6 tháng đầu năm", "20-25/11/2024",
           "00", "13", "99/99/9999", "cuối", "tháng Tư"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=40),
       st.sampled_from([None, 2024]), st.sampled_from([None, "2024-06-01"]))
def test_never_crashes_and_spans_hold(tokens: list[str], year: int | None,
                                      date: str | None) -> None:
    text = "KẾ HOẠCH\n" + " ".join(tokens)  # a line break: never taken for a path
    doc = replace(load(text), meta=_meta({"year": year, "date": date}))
    out = extract_deadlines(doc, Config())
    for d in out.deadlines:
        assert out.text[d.span[0]:d.span[1]] == d.expr
        assert d.due is not None and (d.start is None or d.start <= d.due)
    for w in out.warnings:
        assert w.span is None or 0 <= w.span[0] < w.span[1] <= len(out.text)


def test_yearless_day_takes_the_year_nearest_the_plan_date():
    """A yearless day just before the plan's date stays in its year and is flagged
    (VB502); across the turn of the year it moves to January of the next year."""
    import vbparser

    def due(date_line: str, expr: str) -> tuple[str | None, list[str]]:
        doc = vbparser.parse(f"ĐẢNG ỦY XÃ AN PHÚ\nSố 21-KH/ĐU\nAn Phú, {date_line}\n"
                             f"KẾ HOẠCH\nkiểm điểm năm 2025\nI. TIẾN ĐỘ\n"
                             f"1. Các chi bộ hoàn thành kiểm điểm {expr}.")
        return doc.deadlines[0].due, [w.code for w in doc.warnings]

    assert due("ngày 18 tháng 11 năm 2025", "đến ngày 03/11") == ("2025-11-03", ["VB502"])
    assert due("ngày 20 tháng 12 năm 2025", "trước ngày 15/01") == ("2026-01-14", [])
    assert due("ngày 05 tháng 01 năm 2026", "đến ngày 28/12")[0] == "2025-12-28"


_CUE_PIECES = st.sampled_from([
    "trước", "đến", "đến hết", "chậm nhất là", "xong", "hoàn thành", "trong", "từ", "ngày",
    "là", "các", "hết", ":", " ", "\n", "24-QĐ/TU", "x", "Hạn", "thời hạn", "nhất",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_CUE_PIECES, max_size=12).map(" ".join))
def test_cue_test_never_hides_a_cue(before: str) -> None:
    """``_may_have_cue`` only spares searches that would find nothing."""
    p, folded = deadline_grammar.patterns(), match_text(before + " 15/10/2025")
    end = len(before) + 1
    if p.cue_tail.search(folded, max(0, end - 60), end):
        assert deadlines_module._may_have_cue(folded, end, p)
