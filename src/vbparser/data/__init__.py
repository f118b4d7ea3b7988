"""Cached loaders for the YAML data files in this folder (one file per concern)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from vbparser.errors import ConfigError


@cache
def load(name: str) -> Any:
    """Load ``data/<name>.yaml`` once and return its parsed content.

    >>> sorted(load("legacy_encodings"))
    ['tcvn3', 'vni']
    """
    path = resources.files(__package__).joinpath(f"{name}.yaml")
    if not path.is_file():
        known = sorted(p.name[:-5] for p in resources.files(__package__).iterdir()
                       if p.name.endswith(".yaml"))
        raise ConfigError(f"no data file {name!r}; known: {', '.join(known)}")
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_keys(name: str, keys: tuple[str, ...]) -> dict[str, Any]:
    """Load ``data/<name>.yaml``, a mapping that must hold every one of ``keys``.

    >>> sorted(load_keys("legacy_encodings", ("tcvn3",)))
    ['tcvn3', 'vni']

    Raises:
        ConfigError: the file is not a mapping or lacks one of ``keys``.
    """
    content = load(name)
    missing = [k for k in keys if not isinstance(content, dict) or k not in content]
    if missing:
        raise ConfigError(f"data/{name}.yaml lacks {', '.join(missing)}")
    checked: dict[str, Any] = content
    return checked
