"""What a pdfium page draws besides its text: ruled lines, images, glyph outlines.

A table's borders are read as ``Rule``\\ s when the page's text shows the sign of a
table (``ruled_lines``); a page with no text is a picture of text to recognise when it
draws an image (``has_image``) or thousands of path segments, its text drawn as glyph
outlines (``drawn``); a page with text may hold pictures of text (``image_boxes``,
``ocr_pictures``). Also the ctypes bindings without argument conversion (``unchecked``)
that the pdfium engine calls on every line.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from typing import Any

from vbparser.loaders import pdf_turns as turns
from vbparser.loaders.pdf_fragments import DRAWN_SEGMENTS, Rule
from vbparser.loaders.pdf_tables import is_box, rules_of

try:  # pypdfium2 is a core dependency; keep the message clear if absent
    import pypdfium2 as pdfium  # type: ignore[import-untyped]
    import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]
except ImportError as exc:  # pragma: no cover
    raise ImportError("reading PDF needs pypdfium2: pip install pypdfium2") from exc


def unchecked(function: Any, restype: Any = ctypes.c_int) -> Any:
    """A pdfium function bound without its declared argument types.

    ctypes converts every argument through the declared types, which costs as much as
    the call itself; the few functions called on every line are called through these
    bindings with arguments that need no conversion (the text page handle, ``int``
    indexes, pointers to reused buffers). ``restype`` is what they return.
    """
    bound = type(function)(ctypes.cast(function, ctypes.c_void_p).value)
    bound.restype = restype
    return bound


# the page's objects, walked for its ruled lines (``ruled_lines``)
_count_objects = unchecked(pdfium_c.FPDFPage_CountObjects)
_get_object = unchecked(pdfium_c.FPDFPage_GetObject, ctypes.c_void_p)
_object_type = unchecked(pdfium_c.FPDFPageObj_GetType)
_object_type.argtypes = (ctypes.c_void_p,)


def ruled_lines(raw: object, top: float, left: float, turn: int) -> tuple[Rule, ...]:
    """The ruled lines drawn on a page (``pdf_tables.rules_of``), in page points from the
    top left of the page turned upright by ``turn`` (``top`` and ``left``: the turned
    page's, in PDF space): its path objects that are thin lines, and the sides of those
    that are boxes drawn in outline, also inside form XObjects (a page a merging or
    stamping tool wrapped whole in one, ``_in_forms``)."""
    x0, y0, x1, y1 = (ctypes.c_float() for _ in range(4))
    paths, forms = [], []
    for index in range(_count_objects(raw)):
        kind = _object_type(_get_object(raw, index))
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            forms.append(pdfium_c.FPDFPage_GetObject(raw, index))
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            path = pdfium_c.FPDFPage_GetObject(raw, index)
            if pdfium_c.FPDFPageObj_GetBounds(path, *map(ctypes.byref, (x0, y0, x1, y1))):
                paths.append((path, (x0.value, y0.value, x1.value, y1.value)))
    out: list[Rule] = []
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for path, bounds in [*paths, *_in_forms(forms, pdfium_c.FPDF_PAGEOBJ_PATH)]:
        if not (pdfium_c.FPDFPath_GetDrawMode(path, ctypes.byref(fill), ctypes.byref(stroke))
                and (fill.value or stroke.value)):
            continue  # an invisible path
        box = is_box(bool(stroke.value), pdfium_c.FPDFPath_CountSegments(path))
        a, b, c, d = turns.upright_box(turn, *bounds)
        out += rules_of(a - left, top - d, c - left, top - b, box)
    return tuple(out)


# A page whose images cover this share of it is a scan (its text, if any, an OCR layer).
_SCAN_COVER = 0.8
# Pixels per point the rules of a scan are looked for at (144 dpi): a hairline still
# covers a pixel.
_SCAN_SCALE = 2.0


def scanned_rules(page: pdfium.PdfPage, top: float, left: float, width: float,
                  height: float) -> tuple[Rule, ...]:
    """The ruled lines of a scan that carries a text layer, found in its rendering
    (``ocr_rules``), in page points from its top left (``top``, ``left``: the page's in
    PDF space): its table's borders exist only as pixels. Nothing on a page whose images
    do not cover it (a digital page with a logo or a seal)."""
    area = sum((x1 - x0) * (bottom - y) for x0, y, x1, bottom in image_boxes(page, top, left, 0))
    if area < _SCAN_COVER * width * height:
        return ()
    from vbparser.loaders.ocr_rules import table_rules

    image = page.render(scale=_SCAN_SCALE, grayscale=True).to_pil()
    return table_rules(image, _SCAN_SCALE).rules


_Matrix = tuple[float, float, float, float, float, float]


def _in_forms(forms: list[Any], kind: int, outer: _Matrix = (1, 0, 0, 1, 0, 0),
              depth: int = 2) -> Iterator[tuple[Any, tuple[float, float, float, float]]]:
    """The objects of a ``kind`` (path, image) inside form XObjects (``depth`` forms
    deep), with their bounds on the page (left, bottom, right, top): a form's objects
    are placed by its matrix, which pdfium's bounds of them leave out."""
    matrix = pdfium_c.FS_MATRIX()
    x0, y0, x1, y1 = (ctypes.c_float() for _ in range(4))
    for form in forms:
        if not pdfium_c.FPDFPageObj_GetMatrix(form, ctypes.byref(matrix)):
            continue
        placed = _times((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
        inner = []
        for index in range(pdfium_c.FPDFFormObj_CountObjects(form)):
            item = pdfium_c.FPDFFormObj_GetObject(form, index)
            found = pdfium_c.FPDFPageObj_GetType(item)
            if found == pdfium_c.FPDF_PAGEOBJ_FORM:
                inner.append(item)
            elif found == kind and pdfium_c.FPDFPageObj_GetBounds(
                    item, *map(ctypes.byref, (x0, y0, x1, y1))):
                yield item, _placed(placed, (x0.value, y0.value, x1.value, y1.value))
        if inner and depth > 1:
            yield from _in_forms(inner, kind, placed, depth - 1)


def _times(inner: _Matrix, outer: _Matrix) -> _Matrix:
    """The matrix that places by ``inner``, then by ``outer`` (PDF's row-vector order).

    >>> _times((1, 0, 0, 1, 5, 0), (0, 1, -1, 0, 0, 0))
    (0, 1, -1, 0, 0, 5)
    """
    a, b, c, d, e, f = inner
    p, q, r, s, t, u = outer
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s,
            e * p + f * r + t, e * q + f * s + u)


def _placed(matrix: _Matrix, box: tuple[float, float, float, float]
            ) -> tuple[float, float, float, float]:
    """A box (left, bottom, right, top) placed by a matrix: the box around its corners."""
    a, b, c, d, e, f = matrix
    left, bottom, right, top = box
    xs, ys = [], []
    for x, y in ((left, bottom), (left, top), (right, bottom), (right, top)):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return min(xs), min(ys), max(xs), max(ys)


def has_image(page: pdfium.PdfPage) -> bool:
    """Whether a page draws an image (directly or in a form)."""
    image = pdfium_c.FPDF_PAGEOBJ_IMAGE
    return any(True for _ in page.get_objects(filter=(image,), max_depth=2))


def drawn(page: pdfium.PdfPage) -> bool:
    """Whether a page draws shapes of ``DRAWN_SEGMENTS`` path segments or more (directly
    or in a form): on a page with no text, its text drawn as glyph outlines."""
    segments = 0
    for item in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=2):
        segments += pdfium_c.FPDFPath_CountSegments(item.raw)
        if segments >= DRAWN_SEGMENTS:
            return True
    return False


def image_boxes(page: pdfium.PdfPage, top: float, left: float,
                turn: int) -> list[tuple[float, float, float, float]]:
    """The boxes of the images a page draws (also inside forms, ``_in_forms``), as x0,
    top, x1, bottom in points from the top left of the page turned upright by ``turn``.
    The page's objects are walked through the bindings without argument conversion
    (a browser's print draws hundreds of text objects on a page)."""
    raw = page.raw
    x0, y0, x1, y1 = (ctypes.c_float() for _ in range(4))
    bounds, forms = [], []
    for index in range(_count_objects(raw)):
        kind = _object_type(_get_object(raw, index))
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE and pdfium_c.FPDFPageObj_GetBounds(
                pdfium_c.FPDFPage_GetObject(raw, index), *map(ctypes.byref, (x0, y0, x1, y1))):
            bounds.append((x0.value, y0.value, x1.value, y1.value))
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            forms.append(pdfium_c.FPDFPage_GetObject(raw, index))
    bounds += [box for _, box in _in_forms(forms, pdfium_c.FPDF_PAGEOBJ_IMAGE)]
    boxes = [turns.upright_box(turn, *box) for box in bounds]
    return [(a - left, top - d, c - left, top - b) for a, b, c, d in boxes]
