"""Parameters of the consistency rules, read from ``data/rules.yaml`` and checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from vbparser import data
from vbparser.errors import ConfigError
from vbparser.model import Level

_READINGS = ("lenient", "strict")
_HORIZONS = ("campaign", "any")


@dataclass(frozen=True, slots=True)
class RuleParams:
    """The values of ``data/rules.yaml`` (see the comments there).

    >>> load_params().district_abolished_on
    '2025-07-01'
    """

    district_abolished_on: str
    deadline_reading: str
    superseded_after_horizon: str
    report_cues: tuple[str, ...]
    report_unless: tuple[str, ...]
    mention_with_successor_is_history: bool
    central_types: tuple[str, ...]
    central_domains: tuple[str, ...]
    central_lowest_level: Level
    subject_equivalents: Mapping[str, tuple[str, ...]]
    exclusion_kinds: Mapping[str, tuple[str, ...]]
    exclusion_pointers: tuple[str, ...]
    inclusion_kinds: Mapping[str, tuple[str, ...]]
    campaign_topic: tuple[str, ...]

    @property
    def lenient(self) -> bool:
        """Whether a one-day "trước ngày X" / "đến ngày X" difference is only a notice."""
        return self.deadline_reading == "lenient"


def _choice(raw: Mapping[str, Any], name: str, options: tuple[str, ...]) -> str:
    value = raw.get(name)
    if value not in options:
        raise ConfigError(f"rules.yaml: {name} must be one of {', '.join(options)}, "
                          f"not {value!r}")
    return str(value)


def _words(raw: Any, name: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(w, str) and w for w in raw):
        raise ConfigError(f"rules.yaml: {name} must be a list of words")
    return tuple(raw)


def params_from(raw: Mapping[str, Any]) -> RuleParams:
    """Check a parsed ``rules.yaml`` mapping and build ``RuleParams``.

    Raises:
        ConfigError: a key is missing or has a value of the wrong kind.
    """
    try:
        abolished = raw["district_abolished_on"]
        if isinstance(abolished, str):
            abolished = dt.date.fromisoformat(abolished)
        if not isinstance(abolished, dt.date):
            raise ConfigError("rules.yaml: district_abolished_on must be a date (YYYY-MM-DD)")
        central = raw["central_basis"]
        equivalents = {str(k): _words(v, f"subject_equivalents.{k}")
                       for k, v in dict(raw["subject_equivalents"]).items()}
        exclusion_kinds, inclusion_kinds = ({str(k): _words(v, f"{name}.{k}")
                                             for k, v in dict(raw[name]).items()}
                                            for name in ("exclusion_kinds", "inclusion_kinds"))
        return RuleParams(
            district_abolished_on=abolished.isoformat(),
            deadline_reading=_choice(raw, "deadline_reading", _READINGS),
            superseded_after_horizon=_choice(raw, "superseded_after_horizon", _HORIZONS),
            report_cues=_words(raw["report_cues"], "report_cues"),
            report_unless=_words(raw["report_unless"], "report_unless"),
            mention_with_successor_is_history=bool(raw["mention_with_successor_is_history"]),
            central_types=_words(central["types"], "central_basis.types"),
            central_domains=_words(central["domains"], "central_basis.domains"),
            central_lowest_level=Level(central["lowest_level"]),
            subject_equivalents=MappingProxyType(equivalents),
            exclusion_kinds=MappingProxyType(exclusion_kinds),
            exclusion_pointers=_words(raw["exclusion_pointers"], "exclusion_pointers"),
            inclusion_kinds=MappingProxyType(inclusion_kinds),
            campaign_topic=_words(raw["campaign_topic"], "campaign_topic"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, ConfigError):
            raise
        raise ConfigError(f"rules.yaml: missing or invalid value ({exc})") from None


@cache
def load_params() -> RuleParams:
    """The built-in parameters (``data/rules.yaml``), loaded once."""
    return params_from(data.load("rules"))
