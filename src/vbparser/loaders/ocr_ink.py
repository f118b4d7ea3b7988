"""Seal and signature ink taken out of a scanned page before it is read.

The signer's block of a plan carries the red seal of the issuing body and the
signature, in ink of a colour, over the authority, the position and the name
(domain.md §2: "[seal + signature] Name"). Tesseract reads a seal's ring and letters as
noise and loses the printed words under them. Printed text is black, so on a colour
scan every pixel whose colour channels spread far apart (red, blue, violet ink) is set
to white before the page is made grey; black text under the ink stays black. A scan
made in grey has no colour to tell ink from text and is read as it is.
"""

from __future__ import annotations

from typing import Any

# A pixel is coloured ink when its strongest and weakest colour channels spread
# more than ``_MIN_SPREAD`` apart and its strongest is over ``_MIN_BRIGHT``: seal red
# (200, 30, 40) and its blends with the paper (230, 140, 150), blue ballpoint (30, 60,
# 180) are; black and grey text and paper (spread under 30, a scanner's colour noise)
# are not, nor is black text printed under the seal (100, 15, 20), which is dark.
_MIN_SPREAD = 40
_MIN_BRIGHT = 140
# Share of a page's pixels in coloured ink under which the page counts as without a
# seal (specks of colour noise).
_MIN_INK_SHARE = 0.002


def black_ink(image: Any) -> tuple[Any, bool]:
    """The page as a greyscale image with coloured ink made white, and whether there
    was any (more than specks). A greyscale ``image`` is returned as it is.

    >>> from PIL import Image
    >>> page = Image.new("RGB", (10, 10), "white")
    >>> page.paste((200, 30, 40), (0, 0, 10, 5))  # a seal's red over the top half
    >>> page.paste((0, 0, 0), (4, 0, 6, 10))      # a black stroke through it
    >>> grey, inked = black_ink(page)
    >>> grey.getpixel((1, 1)), grey.getpixel((5, 1)), grey.getpixel((1, 8)), inked
    (255, 0, 255, True)
    >>> black_ink(page.convert("L"))[1]  # a grey scan: no colour to go by
    False
    """
    from PIL import ImageChops

    if image.mode in ("L", "1"):
        return image.convert("L"), False
    rgb = image.convert("RGB")
    r, g, b = rgb.split()
    high = ImageChops.lighter(ImageChops.lighter(r, g), b)
    spread = ImageChops.subtract(high, ImageChops.darker(ImageChops.darker(r, g), b))
    mask = ImageChops.logical_and(_above(spread, _MIN_SPREAD), _above(high, _MIN_BRIGHT))
    grey = rgb.convert("L")
    inked = mask.histogram()[255] > _MIN_INK_SHARE * grey.width * grey.height
    if inked:
        grey.paste(255, mask=mask)
    return grey, inked


def _above(channel: Any, level: int) -> Any:
    """A mask (mode "1") of the pixels of ``channel`` above ``level``."""
    return channel.point([0] * (level + 1) + [255] * (255 - level)).convert("1")
