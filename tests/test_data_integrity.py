"""Every data file of the package names its source and loads; no file holds a seed-only string."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import vbparser
from vbparser.normalize.fold import key

PACKAGE = Path(vbparser.__file__).parent
DATA_FILES = sorted(PACKAGE.glob("data/*.yaml")) + sorted(PACKAGE.glob("corpus/*.yaml"))


def test_the_package_has_data_files():
    assert len(DATA_FILES) >= 10


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_data_file_names_its_source_and_parses(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# source:"), f"{path.name} must start with a '# source:' comment"
    assert yaml.safe_load(text), f"{path.name} is empty"


# Names and numbers that occur in only one seed document (design.md: none of them may
# appear in src/, so that nothing special-cases a seed). The seed's dates "15/10/2023"
# and "10/12/2023" are also design.md's examples of deadline bounds, so they may.
SEED_ONLY = ("Tiên Thắng", "Tiên Lãng", "Đồng Tháp", "181-KH/TU", "08-QĐi/TU",
             "Phan Văn Thắng", "Phạm Văn Nho")


def test_no_seed_only_string_in_the_package() -> None:
    """Every source and data file of the package, whatever module the code moves to."""
    wanted = [key(s) for s in SEED_ONLY]
    files = [p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".yaml", ".json", ".html",
                                                           ".j2", ".txt", ".md")]
    assert len(files) > 80
    for path in files:
        text = key(path.read_text(encoding="utf-8"))
        for seed_only, folded in zip(SEED_ONLY, wanted, strict=True):
            assert folded not in text, f"{seed_only} in {path.relative_to(PACKAGE)}"
