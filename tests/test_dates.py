"""The Vietnamese date grammar (``vbparser.extract.dates``), driven by case tables."""

from __future__ import annotations

import datetime as dt
import inspect
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from vbparser import data
from vbparser.errors import ImpossibleDateError, MissingYearError
from vbparser.extract import dates
from vbparser.extract.dates import (
    DateMatch,
    Kind,
    find_dates,
    parse_date,
    resolve,
)
from vbparser.model import Granularity
from vbparser.normalize.fold import match_text

CASES = Path(__file__).parent / "cases" / "dates"


def _cases(name: str) -> list[dict[str, Any]]:
    return yaml.safe_load((CASES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", _cases("forms.yaml"), ids=lambda c: c["name"])
def test_forms(case: dict[str, Any]) -> None:
    text = case["text"]
    found = find_dates(text)
    assert [text[slice(*m.span)] for m in found] == [a["text"] for a in case["atoms"]]
    for match, want in zip(found, case["atoms"], strict=True):
        value = resolve(match, case.get("default_year"))
        assert value.stated == want["stated"]
        assert value.granularity == Granularity(want["granularity"])
        assert value.date.isoformat() == want["first"]
        assert value.end.isoformat() == want["last"]
        assert value.year_inferred is want.get("year_inferred", False)
        assert value.span == match.span


@pytest.mark.parametrize("case", _cases("impossible.yaml"), ids=lambda c: c["text"])
def test_impossible_dates_raise(case: dict[str, Any]) -> None:
    found = find_dates(case["text"])
    assert [case["text"][slice(*m.span)] for m in found] == [case["atom"]]
    with pytest.raises(ImpossibleDateError):
        resolve(found[0], case.get("default_year"))


def test_impossible_date_is_a_value_error() -> None:
    assert issubclass(ImpossibleDateError, ValueError)


def test_missing_year_raises_without_a_default() -> None:
    (match,) = find_dates("trước ngày 15/12")
    with pytest.raises(MissingYearError):
        resolve(match)
    assert resolve(match, 2030).stated == "2030-12-15"


def test_spans_index_text_with_old_style_tone_marks() -> None:
    # match_text moves tone marks but keeps length: spans stay valid on the original.
    text = "Uỷ ban nhân dân xã hoà giải xong trước ngày 15/10/2024 và quý IV/2024."
    found = find_dates(text)
    assert [text[slice(*m.span)] for m in found] == ["15/10/2024", "quý IV/2024"]


def test_upper_case_text() -> None:
    found = find_dates("THỜI GIAN: TRONG THÁNG 11/2024")
    assert [(m.kind, m.month, m.year) for m in found] == [(Kind.MONTH, 11, 2024)]


def test_dates_follow_each_other() -> None:
    text = "ngày 02/8/2023, 15-10-2023 và 4.10.2023"
    assert [m.day for m in find_dates(text)] == [2, 15, 4]


def test_no_date_order_guessing() -> None:
    # 03/04 is always 3 April (DMY), never March 4.
    value = parse_date("đến ngày 03/04/2025")
    assert value is not None and value.date == dt.date(2025, 4, 3)


def test_parse_date_returns_none_without_a_date() -> None:
    assert parse_date("Không có mốc thời gian nào.") is None


def test_match_is_frozen() -> None:
    match = DateMatch(Kind.YEAR, (0, 8), 2024)
    with pytest.raises(AttributeError):
        match.year = 2025  # type: ignore[misc]


def test_module_never_reads_the_clock() -> None:
    source = inspect.getsource(dates)
    for call in ("now(", "today(", "time.time", "RELATIVE_BASE"):
        assert call not in source


# --- data integrity of date_words.yaml ---------------------------------------------------


def test_date_words_data_is_complete() -> None:
    words = data.load("date_words")
    assert sorted(set(words["months"].values())) == list(range(1, 13))
    assert sorted(set(words["quarters"].values())) == [1, 2, 3, 4]
    assert {"before", "by", "in", "done"} <= set(words["cues"])
    assert all(words["cues"][k] for k in ("before", "by", "in", "done"))
    assert words["anchors"]["month"]["cuối"] == "last"


def test_date_words_file_names_its_source() -> None:
    path = Path(dates.__file__).parent.parent / "data" / "date_words.yaml"
    assert path.read_text(encoding="utf-8").startswith("# source:")


_DATE_PIECES = st.sampled_from([
    "ngày", "tháng", "năm", "quý", "đầu", "cuối", "ba", "sáu", " ", "\n", "/", "-", ".",
    "\u2013", "5", "12", "2025", "123", "IV", "Tư", "hằng", "x", "ban", "15/10/2025",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_DATE_PIECES, max_size=25).map("".join))
def test_trigger_skips_only_positions_where_no_atom_starts(text: str) -> None:
    """Trying the grammar at every position finds the same expressions as ``find_dates``."""
    grammar, folded, found, done = dates._grammar(), match_text(text), [], 0
    for pos in range(len(text)):
        m = grammar.pattern.match(folded, pos)
        if pos < done or m is None:
            continue
        i = int(str(m.lastgroup)[1:])
        groups = {name: m.group(group) for name, group in grammar.names[i]}
        month_at = m.start(f"m_{i}") if "m" in groups else -1
        atom = dates._atom(grammar.kinds[i], groups, m.span(), text[month_at:month_at + 1],
                           spelled=folded.startswith("ngày", pos))
        if atom is not None:
            found.append(atom)
            done = m.end()
    assert find_dates(text) == found


@settings(max_examples=300, deadline=None)
@given(st.lists(_DATE_PIECES, max_size=25).map("".join))
def test_starts_are_the_trigger_matches(text: str) -> None:
    """Digit runs and ``str.find`` of the date words give the positions of a trigger scan."""
    grammar, folded = dates._grammar(), match_text(text)
    assert dates._starts(text, folded, grammar) == [
        m.start() for m in grammar.trigger.finditer(folded)]
