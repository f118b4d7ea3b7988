"""Word 97-2003 .doc, RTF and .odt plans, read through LibreOffice's .docx conversion.

The files are made here: the schedule plan of ``test_tables`` (header table, numbered
items, a five-column schedule) saved by LibreOffice in each format.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest

import vbparser
from tests.conftest import missing
from tests.test_pdf import one_line_error
from tests.test_tables import EXPECTED, deadlines, plan_docx
from vbparser.errors import LoadError, UnsupportedFormatError
from vbparser.loaders.office import office_command

FORMATS = {"doc": "doc:MS Word 97", "rtf": "rtf", "odt": "odt"}


@pytest.fixture(scope="module")
def saved() -> dict[str, bytes]:
    """The plan saved by LibreOffice as .doc, .rtf and .odt (one ``soffice`` run each)."""
    office = office_command()
    if office is None:
        missing("LibreOffice is not installed: make system-deps")
    out: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "plan.docx").write_bytes(plan_docx())
        for suffix, filter_ in FORMATS.items():
            subprocess.run([office, f"-env:UserInstallation={(root / 'p').as_uri()}",
                            "--headless", "--norestore", "--convert-to", filter_, "--outdir",
                            str(root / suffix), str(root / "plan.docx")],
                           capture_output=True, timeout=300, check=True)
            out[suffix] = (root / suffix / f"plan.{suffix}").read_bytes()
    return out


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_each_format_reads_as_the_docx(saved: dict[str, bytes], suffix: str,
                                       tmp_path: Path) -> None:
    path = tmp_path / f"plan.{suffix}"
    path.write_bytes(saved[suffix])
    doc = vbparser.parse(path)
    original = vbparser.parse(plan_docx())
    assert doc.text == original.text
    assert deadlines(doc) == EXPECTED
    assert doc.meta.issuer == original.meta.issuer
    assert doc.source.format == "docx" and doc.source.path == str(path)
    (note,) = [w for w in doc.warnings if w.code == "VB108"]
    assert "converted to .docx by LibreOffice" in note.message


def test_rtf_named_txt_is_not_read_as_text(saved: dict[str, bytes], tmp_path: Path) -> None:
    """An RTF file is told by its first bytes, whatever its name says (it was read as
    text, control words and all)."""
    path = tmp_path / "plan.txt"
    path.write_bytes(saved["rtf"])
    doc = vbparser.parse(path)
    assert "\\rtf" not in doc.text and "KẾ HOẠCH" in doc.text


def test_without_libreoffice_the_message_says_how(saved: dict[str, bytes], tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("vbparser.loaders.office.office_command", lambda: None)
    path = tmp_path / "plan.doc"
    path.write_bytes(saved["doc"])
    with pytest.raises(UnsupportedFormatError, match="apt-get install libreoffice-writer"):
        vbparser.parse(path)
    err = one_line_error(capsys, ["parse", str(path)], "needs LibreOffice")
    assert "--convert-to docx" in err


def test_a_damaged_doc_is_a_clear_error(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    if office_command() is None:
        missing("LibreOffice is not installed: make system-deps")
    path = tmp_path / "plan.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(300))  # an OLE header only
    with pytest.raises(LoadError, match="could not convert"):
        vbparser.parse(path)
    one_line_error(capsys, ["parse", str(path)], "could not convert this Word 97-2003 .doc")


def test_a_folder_of_submissions_picks_up_the_office_formats(tmp_path: Path) -> None:
    from vbparser.batch.inputs import find_inputs
    from vbparser.compare.check import find_inputs as check_inputs

    for name in ("a.doc", "b.rtf", "c.odt", "d.docx", "e.pdf", "f.txt", "notes.xlsx"):
        (tmp_path / name).write_bytes(b"x")
    expected = ["a.doc", "b.rtf", "c.odt", "d.docx", "e.pdf", "f.txt"]
    assert sorted(Path(i.path).name for i in find_inputs([tmp_path])) == expected
    assert sorted(p.name for p in check_inputs([tmp_path])) == expected
