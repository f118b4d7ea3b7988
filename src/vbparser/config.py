"""Configuration: one frozen dataclass, validated, passed explicitly to every stage."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from vbparser.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Config:
    """Options of a parse.

    Attributes:
        normalize: names of the normalisation steps, in order (None: the defaults).
        stages: names of the pipeline stages to run (None: all).
        kb_paths: extra knowledge-base files of regulations (YAML), added to the built-in.
        strict_deadlines: read "trước ngày X" strictly (due X-1) — the default.
        max_pages: refuse PDFs with more pages than this.
    """

    normalize: tuple[str, ...] | None = None
    stages: tuple[str, ...] | None = None
    kb_paths: tuple[Path, ...] = ()
    strict_deadlines: bool = True
    max_pages: int = 500

    def __post_init__(self) -> None:
        if self.max_pages < 1:
            raise ConfigError(f"max_pages must be at least 1, not {self.max_pages}")
        for path in self.kb_paths:
            if not Path(path).is_file():
                raise ConfigError(f"knowledge-base file {path} does not exist")

    @classmethod
    def resolve(cls, value: None | dict[str, Any] | Config = None) -> Config:
        """Accept None (defaults), a dict of options or a Config.

        >>> Config.resolve({"max_pages": 10}).max_pages
        10
        """
        if value is None:
            return cls()
        if isinstance(value, Config):
            return value
        if isinstance(value, dict):
            known = {f.name for f in fields(cls)}
            unknown = sorted(set(value) - known)
            if unknown:
                raise ConfigError(f"unknown option(s) {', '.join(unknown)}; "
                                  f"known: {', '.join(sorted(known))}")
            clean = dict(value)
            for key in ("normalize", "stages", "kb_paths"):
                if clean.get(key) is not None:
                    clean[key] = tuple(clean[key])
            return cls(**clean)
        raise ConfigError(f"config must be None, a dict or a Config, not {type(value).__name__}")
