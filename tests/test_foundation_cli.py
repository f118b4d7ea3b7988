"""The command line: output formats, help, and one-line errors with exit codes."""

from __future__ import annotations

import json

import jsonschema

from vbparser import __version__
from vbparser.cli import main
from vbparser.schema import document_schema


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"vbparser {__version__}"


def test_parse_seeds_json_is_schema_valid(seed_paths, capsys):
    assert main(["parse", *map(str, seed_paths), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == len(seed_paths) == 2
    for item in data:
        jsonschema.validate(item, document_schema())


def test_parse_jsonl_and_csv(tmp_path, capsys):
    path = tmp_path / "kh.txt"
    path.write_text("KẾ HOẠCH\nI. MỤC ĐÍCH\n1. Nội dung.\n", encoding="utf-8")
    assert main(["parse", str(path), "-f", "jsonl"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[0])["text"].startswith("KẾ HOẠCH")
    assert main(["parse", str(path), "-f", "csv", "-o", str(tmp_path / "out")]) == 0
    assert {p.name for p in (tmp_path / "out").iterdir()} >= {"documents.csv", "sections.csv"}


def test_bad_inputs_give_one_line_errors(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    for args, needle in ((["parse", str(tmp_path / "nope.txt")], "no such file"),
                         (["parse", str(tmp_path)], "is a directory"),
                         (["parse", str(empty)], "is empty"),
                         (["parse", str(binary)], "binary")):
        assert main(args) == 2
        out = capsys.readouterr()
        assert out.err.startswith("error: ") and needle in out.err
        assert len(out.err.strip().splitlines()) == 1 and "Traceback" not in out.err


def test_one_bad_file_among_good_ones(tmp_path, capsys):
    good = tmp_path / "kh.txt"
    good.write_text("KẾ HOẠCH\n", encoding="utf-8")
    assert main(["parse", str(good), str(tmp_path / "missing.txt")]) == 1
    out = capsys.readouterr()
    assert json.loads(out.out)["text"] == "KẾ HOẠCH" and "missing.txt" in out.err


def test_usage_errors_are_not_tracebacks(capsys):
    assert main(["parse"]) == 2
    assert "Missing argument" in capsys.readouterr().err
    assert main(["parse", "x.txt", "--format", "xml"]) == 2


def test_help_lists_commands(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "parse" in out and "eval" in out
