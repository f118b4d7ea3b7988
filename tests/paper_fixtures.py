"""Scans of signed paper, made by the tests from digital PDFs.

``pdf_fixtures.scan`` makes a clean scan: grey, white paper, every pixel the render's.
A plan that reaches an analyst as a scan of the signed original is less kind: a colour
scan, the paper's own shade and a lamp that lights one side better, the scanner's
noise, a little blur, JPEG compression (which keeps colour at half the resolution of
brightness), the dark lid beyond the paper's edges, the sheet askew on the glass, and on
the last page the red seal of the issuing body stamped over the signer's block with a
signature in blue ballpoint across it. ``paper_scan`` makes such a scan; ``stamp``
stamps the seal alone.
"""

from __future__ import annotations

import io
import math
from typing import Any

from tests import pdf_fixtures as fx

SEAL_RED = (200, 30, 40)
BALLPOINT_BLUE = (30, 40, 160)
PAPER = (238, 233, 220)
LID = (40, 40, 40)


def stamp(image: Any, page: Any, dpi: int, signature: bool = False) -> Any:
    """``image`` (the render of pypdfium2 ``page`` at ``dpi``) with a red seal over its
    signer's block, as a signed plan has: two rings, the body's name around them and a
    star, over the authority, the position and the name; with ``signature``, a stroke of
    blue ballpoint across the block below the position."""
    from PIL import Image, ImageChops, ImageDraw, ImageFont

    textpage = page.get_textpage()
    try:
        found = textpage.search("T/M").get_next() or textpage.search("KT.").get_next()
        assert found is not None, "no signer's block on the page"
        left, _, _, top = textpage.get_charbox(found[0])
    finally:
        textpage.close()
    cx, cy = (left + 40) * dpi / 72, (page.get_height() - top + 30) * dpi / 72
    seal = Image.new("RGB", image.size, "white")
    draw = ImageDraw.Draw(seal)
    radius = 0.9 * dpi
    for share, width in ((1.0, 0.03), (0.72, 0.015)):
        r = radius * share
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=SEAL_RED, width=int(dpi * width))
    font = ImageFont.truetype(str(fx.FONT_DIR / fx.FONTS["B"]), int(dpi * 0.13))
    ring = "ĐẢNG ỦY XÃ ĐẢNG BỘ HUYỆN"
    for k, letter in enumerate(ring):
        angle = math.pi * (0.9 + 1.2 * k / len(ring))
        draw.text((cx + 0.86 * radius * math.cos(angle), cy - 0.86 * radius * math.sin(angle)),
                  letter, fill=SEAL_RED, font=font, anchor="mm")
    star = ImageFont.truetype(str(fx.FONT_DIR / fx.FONTS[""]), int(dpi * 0.4))
    draw.text((cx, cy), "★", fill=SEAL_RED, font=star, anchor="mm")
    if signature:
        step = dpi * 0.05
        draw.line([(cx - 0.6 * dpi + k * step, cy + 0.25 * dpi + math.sin(k) * dpi * 0.08)
                   for k in range(24)], fill=BALLPOINT_BLUE, width=max(2, dpi // 100))
    return ImageChops.multiply(image.convert("RGB"), seal)


def paper_scan(pdf_bytes: bytes, dpi: int = 300, quality: int = 60, tilt: float = 0.8,
               seed: int = 1) -> bytes:
    """Every page of ``pdf_bytes`` as a colour scan of the signed paper (see the module's
    notes), the last one sealed and signed, wrapped in a PDF with no text layer.

    The noise is drawn from ``seed``, so that a scan is the same from run to run.
    """
    import numpy as np
    import pypdfium2 as pdfium

    rng = np.random.default_rng(seed)
    document = pdfium.PdfDocument(pdf_bytes)
    images = []
    try:
        for k in range(len(document)):
            page = document[k]
            image = page.render(scale=dpi / 72).to_pil().convert("RGB")
            if k == len(document) - 1:
                image = stamp(image, page, dpi, signature=True)
            images.append(_on_paper(image, rng, dpi, quality, tilt))
    finally:
        document.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:],
                   resolution=float(dpi))
    return out.getvalue()


def _on_paper(image: Any, rng: Any, dpi: int, quality: int, tilt: float) -> Any:
    """One page's render as the scanner gives it back (``paper_scan``)."""
    import numpy as np
    from PIL import Image, ImageFilter

    pixels = np.asarray(image, dtype=np.float32) / 255.0
    height, width, _ = pixels.shape
    rows, columns = np.mgrid[0:height, 0:width]
    light = 1.0 - 0.08 * columns / width - 0.05 * rows / height
    pixels = pixels * np.array(PAPER, dtype=np.float32) * light[..., None]
    pixels += rng.normal(0.0, 7.0, pixels.shape)
    shadow = int(dpi * 0.12)  # the lid's shadow down the left edge
    pixels[:, :shadow] *= np.linspace(0.25, 1.0, shadow)[None, :, None]
    scanned = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    scanned = scanned.filter(ImageFilter.GaussianBlur(0.5 * dpi / 300))
    scanned = scanned.rotate(tilt, resample=Image.Resampling.BICUBIC, expand=True,
                             fillcolor=LID)
    compressed = io.BytesIO()
    scanned.save(compressed, format="JPEG", quality=quality)
    return Image.open(io.BytesIO(compressed.getvalue()))
