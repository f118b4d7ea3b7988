"""Word 97-2003 (.doc), RTF and OpenDocument (.odt) files, converted to .docx by LibreOffice.

Offices still send plans as .doc, and some as .rtf or .odt. No Python library reads
.doc faithfully (its text sits in a binary stream with the list numbers computed by
Word), while LibreOffice Writer converts all three to .docx with the numbering, the
header table and the bold kept; the .docx loader then reads the result. Each file is
converted by one headless ``soffice`` run with a private profile (no first-start
dialogs, no clash with another run or a desktop session), within a time limit. The
Makefile installs LibreOffice (Debian's libreoffice-writer-nogui); without it the
message says how to install it or how to convert by hand.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from vbparser.errors import LoadError, UnsupportedFormatError

# Seconds one conversion may take: a start of LibreOffice takes 2-4 s here, a long
# plan a second more.
TIMEOUT = 120.0
NAMES = {"doc": "Word 97-2003 .doc", "rtf": "RTF", "odt": "OpenDocument .odt"}
INSTALL_HINT = "apt-get install libreoffice-writer-nogui"


def office_command() -> str | None:
    """The path of LibreOffice's ``soffice``, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, kind: str, label: str, timeout: float = TIMEOUT) -> bytes:
    """Convert a ``kind`` ("doc", "rtf", "odt") document to .docx bytes.

    Raises:
        UnsupportedFormatError: LibreOffice is not installed.
        LoadError: the conversion fails or takes longer than ``timeout`` seconds.
    """
    office = office_command()
    what = NAMES[kind]
    if office is None:
        raise UnsupportedFormatError(
            f"{label}: reading {what} files needs LibreOffice ({INSTALL_HINT}); or convert "
            "it to .docx first (soffice --headless --convert-to docx FILE)")
    with tempfile.TemporaryDirectory(prefix="vbparser-office-") as folder:
        root = Path(folder)
        source = root / f"document.{kind}"
        source.write_bytes(data)
        try:
            done = subprocess.run(
                [office, f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless",
                 "--norestore", "--nolockcheck", "--convert-to", "docx", "--outdir",
                 str(root / "out"), str(source)],
                capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise LoadError(f"{label}: LibreOffice took more than {timeout:g} s to convert "
                            f"this {what} file") from None
        except OSError as exc:
            raise LoadError(f"{label}: LibreOffice cannot be run ({exc})") from None
        converted = root / "out" / "document.docx"
        if not converted.is_file():
            reason = (done.stderr or done.stdout).strip().splitlines()
            raise LoadError(f"{label}: LibreOffice could not convert this {what} file; it may "
                            f"be damaged ({reason[-1] if reason else f'exit {done.returncode}'})")
        return converted.read_bytes()
