"""Normalisation: named, ordered, offset-preserving steps registered in one dict.

Each step takes a text and returns the new text with an ``OffsetMap`` back to the old
one; ``normalize`` runs the steps in order and composes their maps, so every position in
the final text maps back to the loader's text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from vbparser.errors import ConfigError
from vbparser.normalize.grids import grid_tables
from vbparser.normalize.labels import fix_labels
from vbparser.normalize.layout import join_lines
from vbparser.normalize.pages import drop_furniture
from vbparser.normalize.quotes import unquote
from vbparser.normalize.unflatten import unflatten
from vbparser.normalize.unicode import fix_chars, nfc, strip_markup
from vbparser.spans import OffsetMap

Step = Callable[[str], tuple[str, OffsetMap]]

STEPS: dict[str, Step] = {
    "chars": fix_chars,
    "nfc": nfc,
    "pages": drop_furniture,
    "quotes": unquote,
    "grids": grid_tables,
    "unflatten": unflatten,
    "markup": strip_markup,
    "labels": fix_labels,
    "lines": join_lines,
}
DEFAULT_STEPS: tuple[str, ...] = (
    "chars", "nfc", "pages", "quotes", "grids", "unflatten", "markup", "labels", "lines")


def resolve_steps(steps: Sequence[str | Step] | None) -> list[tuple[str, Step]]:
    """Turn step names (or callables) into (name, function) pairs.

    >>> [name for name, _ in resolve_steps(["nfc", "lines"])]
    ['nfc', 'lines']
    """
    resolved = []
    for step in DEFAULT_STEPS if steps is None else steps:
        if callable(step):
            resolved.append((getattr(step, "__name__", "custom"), step))
        elif step in STEPS:
            resolved.append((step, STEPS[step]))
        else:
            raise ConfigError(
                f"unknown normalisation step {step!r}; known steps: {', '.join(STEPS)}")
    return resolved


def normalize(
    text: str, steps: Sequence[str | Step] | None = None
) -> tuple[str, OffsetMap, tuple[str, ...]]:
    """Run the normalisation steps; return the text, its map to ``text`` and the step names.

    >>> out, m, names = normalize("**KẾ HOẠCH**\\n\\nĐảng ủy xã ban hành")
    >>> out
    'KẾ HOẠCH\\nĐảng ủy xã ban hành'
    >>> text = "**KẾ HOẠCH**\\n\\nĐảng ủy xã ban hành"
    >>> text[m.to_source(out.index("Đảng"))]
    'Đ'
    """
    mapping = OffsetMap.identity(len(text))
    names = []
    for name, step in resolve_steps(steps):
        text, step_map = step(text)
        mapping = step_map.then(mapping)
        names.append(name)
    return text, mapping, tuple(names)
