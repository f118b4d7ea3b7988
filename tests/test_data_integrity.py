"""Every data file of the package names its source and loads."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import vbparser

PACKAGE = Path(vbparser.__file__).parent
DATA_FILES = sorted(PACKAGE.glob("data/*.yaml")) + sorted(PACKAGE.glob("corpus/*.yaml"))


def test_the_package_has_data_files():
    assert len(DATA_FILES) >= 10


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_data_file_names_its_source_and_parses(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# source:"), f"{path.name} must start with a '# source:' comment"
    assert yaml.safe_load(text), f"{path.name} is empty"
