"""The model: JSON of design.md, schema validity, frames, public API."""

from __future__ import annotations

import json

import jsonschema
import pytest

import vbparser
from vbparser.model import Bound, Deadline, Granularity, Level
from vbparser.schema import SCHEMA_PATH, document_schema

TOP_LEVEL = {"schema_version", "source", "text", "meta", "sections", "legal_refs", "deadlines",
             "subjects", "warnings"}
META_KEYS = {"doc_type", "number", "symbol", "number_symbol", "issuer", "place", "date", "year",
             "title", "signer", "recipients"}


def test_every_public_name_resolves():
    for name in vbparser.__all__:
        assert getattr(vbparser, name) is not None, name


def test_schema_file_is_current():
    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8")) == document_schema(), (
        "run `make schema` after changing the model")


def test_seed_documents_validate_and_keep_contract_names(seed_paths):
    for path in seed_paths:
        data = json.loads(vbparser.parse(path).to_json())
        jsonschema.validate(data, document_schema())
        assert TOP_LEVEL <= set(data)
        assert META_KEYS <= set(data["meta"])
        assert set(data["meta"]["issuer"]) == {"name", "code", "level", "upper", "span"}


def test_entities_serialise_with_spans_as_lists():
    deadline = Deadline(expr="trước ngày 15/10/2023", stated="2023-10-15",
                        granularity=Granularity.DAY, bound=Bound.BEFORE, due="2023-10-14",
                        start=None, year_inferred=False, actor=None, action="báo cáo",
                        level=Level.COMMUNE, section=None, span=(10, 31))
    doc = vbparser.Document(source=vbparser.parse("x y z").source, text="x" * 40,
                            deadlines=(deadline,))
    data = doc.to_dict()
    assert data["deadlines"][0]["span"] == [10, 31]
    assert data["deadlines"][0]["level"] == "commune"
    jsonschema.validate(data, document_schema())
    frames = doc.to_frames()
    assert list(frames["deadlines"].columns[:3]) == ["doc_id", "expr", "stated"]
    assert frames["deadlines"].loc[0, "span_start"] == 10


def test_frames_have_columns_when_empty():
    frames = vbparser.parse("KẾ HOẠCH").to_frames()
    assert set(frames) == {"sections", "legal_refs", "deadlines", "subjects", "warnings"}
    assert "full_id" in frames["legal_refs"].columns and frames["legal_refs"].empty


def test_unknown_config_option():
    with pytest.raises(vbparser.ConfigError, match="unknown option"):
        vbparser.parse("KẾ HOẠCH", {"strict": True})
