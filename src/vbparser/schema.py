"""JSON Schema of the output, derived from the model's dataclasses with pydantic.

The model classes are plain frozen dataclasses (see ``model.py`` for why); this module
mirrors each one as a pydantic model — same field names and types, internal fields
left out — and asks pydantic for the schema. ``data/document.schema.json`` is this
output, committed so that users of the JSON need not install vbparser; a test checks
the file is current.
"""

from __future__ import annotations

import json
import typing
from dataclasses import MISSING, fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import pydantic

from vbparser import model
from vbparser.model import _INTERNAL_FIELDS, SCHEMA_VERSION, Document

SCHEMA_PATH = Path(__file__).parent / "data" / "document.schema.json"


def _translate(tp: Any, built: dict[type, type[pydantic.BaseModel]]) -> Any:
    """Replace dataclass types inside ``tp`` by their pydantic mirrors."""
    if isinstance(tp, type) and is_dataclass(tp):
        return _mirror(tp, built)
    origin = typing.get_origin(tp)
    if origin is None:
        return tp
    args = tuple(_translate(a, built) for a in typing.get_args(tp))
    if origin is tuple:
        return tuple[args] if args[-1] is not Ellipsis else tuple[args[0], ...]  # type: ignore[valid-type]
    if origin in (typing.Union, type(int | None)):
        return typing.Union[args]  # noqa: UP007
    return origin[args]


def _mirror(cls: type, built: dict[type, type[pydantic.BaseModel]]) -> type[pydantic.BaseModel]:
    if cls in built:
        return built[cls]
    hints = typing.get_type_hints(cls, vars(model))
    spec: dict[str, Any] = {}
    if cls is Document:
        spec["schema_version"] = (Literal[SCHEMA_VERSION], ...)
    for f in fields(cls):
        if f.name in _INTERNAL_FIELDS:
            continue
        default = ... if f.default is MISSING and f.default_factory is MISSING else None
        spec[f.name] = (_translate(hints[f.name], built), default)
    # ``__base__=None`` picks the overload that returns ``type[BaseModel]`` (with only
    # ``**spec`` of Any, mypy cannot tell the two overloads apart).
    mirror = pydantic.create_model(
        cls.__name__, __config__=pydantic.ConfigDict(extra="forbid"), __base__=None, **spec)
    built[cls] = mirror
    return mirror


@cache
def document_schema() -> dict[str, Any]:
    """Return the JSON Schema of one document as ``vbparser parse --format json`` emits it."""
    schema = _mirror(Document, {}).model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "vbparser Document (schema_version 1)"
    return schema


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    """Write the schema file (run after changing the model)."""
    path.write_text(json.dumps(document_schema(), ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover
    print(write_schema())
