"""What on a scanned page is not print, taken out before the page is read.

**Seal and signature ink.** The signer's block of a plan carries the red seal of the
issuing body and the signature, in ink of a colour, over the authority, the position and
the name (domain.md §2: "[seal + signature] Name"). Tesseract reads a seal's ring and
letters as noise and loses the printed words under them. Printed text is black, so on a
colour scan the pixels whose colour channels spread far apart (red, blue, violet ink)
are ink; black text printed under the seal stays black, as toner shows through stamp
ink. A scan's JPEG keeps colour at half the resolution of brightness, so the edges of a
thin stroke (a ballpoint line) keep their darkness but lose much of their colour: paler
colour next to plain ink counts as ink too, and what is left of a stroke's edge, thinner
than any printed stroke, is closed over. The ink is painted over with the paper's own
shade around it: white on grey paper is itself read, as letters printed white on dark.
A scan made in grey has no colour to tell ink from text and is read as it is.

**The scanner's dark edges.** Beyond the paper a scanner sees its lid or the room: dark
bands along the sides of the image, and dark wedges at its corners when the sheet lay
askew. Read as they are they give words of noise at the ends of lines, and their long
straight sides look like a table's borders around the page (``ocr_rules``). Print
never reaches the edge of a scan, so dark pixels joined to the image's edge are made
white.

**Specks.** Dust on the glass, a worn drum and a fax's line noise sprinkle a page with
dark specks a pixel or two across; by the thousand they make Tesseract misread the
letters they touch ("đính giá" for "đánh giá") and split lines. The smallest mark of
print, the dot of an "i" or of a full stop, covers many more pixels at the resolution
pages are read at, so dark blots smaller than ``_SPECK`` square points are taken out, with
the grey pixel around each, when a page has more than ``_MIN_SPECKS`` of them; a clean
page keeps its few.
"""

from __future__ import annotations

from typing import Any

from vbparser.loaders.ocr_rules import coarse_ink

# A pixel is plainly coloured ink when its strongest and weakest colour channels spread
# more than ``_SPREAD`` apart and its strongest is over ``_BRIGHT``: seal red (200, 30,
# 40) and its blends with the paper (230, 140, 150), blue ballpoint (30, 60, 180) and
# the same under a grey paper's shade (30, 25, 90) are; black and grey text and paper
# (spread under 25, a scanner's colour noise) are not, nor is black text printed under
# the seal (30, 5, 10), whose strongest channel is dark.
_SPREAD = 40
_BRIGHT = 60
# Reddish pixels (red over green and blue by ``_REDDISH``) are red ink only when their
# red is over ``_LIGHT_RED``: seal red on shaded paper stays over 150, while black print
# under a seal, its edges tinted by a JPEG, is darker (70, 30, 35).
_REDDISH = 15
_LIGHT_RED = 120
# Paler colour next to plain ink, within ``_REACH`` points of it, is ink too.
_PALE_SPREAD = 25
_PALE_BRIGHT = 40
_REACH = 0.8
# The edge of a stroke left after its ink is taken out (up to this many points from
# it) is closed over where it is thinner than ``_THIN`` points: a printed stroke is
# thicker.
_EDGE = 0.5
_THIN = 0.7
# A ballpoint stroke's dark stretches that kept only a blue tint (blue over red and
# green by ``_BLUE_TINT`` more than the page's print, darker than ``_TINT_DARK``) are
# ink when they join plain ink: black print on shaded paper has blue under 0 there, a
# faded stroke 4 to 27 (a 200 dpi scan's JPEG).
_BLUE_TINT = 8
_TINT_DARK = 160
# Print's black itself (darker than its darkest quarter by ``_OVER_BLACK``) stays, tint
# or not: the dot under "ị" touched by the stroke takes its tint from the JPEG.
_OVER_BLACK = 20
# Share of a page's pixels in coloured ink under which the page counts as without a
# seal (specks of colour noise).
_MIN_INK_SHARE = 0.002
# The edges are looked for at about this many pixels per point.
_EDGE_FINE = 1.0
# Specks: dark blots of less than ``_SPECK`` square points, taken out when a page has
# more than ``_MIN_SPECKS``; the dot of an 8-point "i" covers about 0.5 square points (9
# pixels at 300 dpi), a speck of a 200 dpi scan's noise 0.1 to 0.3.
_SPECK = 0.3
_MIN_SPECKS = 300


def black_ink(image: Any, dpi: int = 300) -> tuple[Any, bool]:
    """The page as a greyscale image with coloured ink painted over in the paper's
    shade, and whether there was any (more than specks). A greyscale ``image`` is
    returned as it is.

    >>> from PIL import Image
    >>> page = Image.new("RGB", (200, 200), (220, 215, 205))  # grey paper
    >>> page.paste((200, 30, 40), (60, 60, 140, 140))  # a seal's red
    >>> page.paste((20, 5, 8), (96, 40, 104, 160))     # a black stroke through it
    >>> grey, inked = black_ink(page)
    >>> grey.getpixel((70, 70)), grey.getpixel((100, 70)), grey.getpixel((20, 20)), inked
    (215, 10, 215, True)
    >>> black_ink(page.convert("L"))[1]  # a grey scan: no colour to go by
    False
    """
    import numpy as np
    from PIL import Image, ImageChops
    from scipy import ndimage

    if image.mode in ("L", "1"):
        return image.convert("L"), False
    rgb = image.convert("RGB")
    grey = rgb.convert("L")
    r, g, b = rgb.split()
    strongest = ImageChops.lighter(ImageChops.lighter(r, g), b)
    weakest = ImageChops.darker(ImageChops.darker(r, g), b)
    # the share of plain ink, counted in C before any array is made
    wide = ImageChops.subtract(strongest, weakest).point(lambda v: 255 if v > _SPREAD else 0)
    bright = strongest.point(lambda v: 255 if v > _BRIGHT else 0)
    if ImageChops.multiply(wide, bright).histogram()[255] <= _MIN_INK_SHARE * grey.width * grey.height:
        return grey, False
    # the work is done within the box the plain ink spans, with room for its edges
    scale = dpi / 72
    reach, spill, thin = (_odd(2 * _REACH * scale), _odd(2 * _EDGE * scale),
                          _odd(_THIN * scale))
    high, weak = np.asarray(strongest), np.asarray(weakest)
    plain = ((high - weak) > _SPREAD) & (high > _BRIGHT)
    box = _box(plain, reach + spill + thin)
    # black print under red ink is dark and reddish (a JPEG tints its edges with the
    # ink's colour): reddish pixels count as ink only when light, as seal red is
    red = np.asarray(r)[box].astype(np.int16)
    reddish = red > np.maximum(np.asarray(g)[box], np.asarray(b)[box]).astype(np.int16) + _REDDISH
    high, spread = high[box], high[box] - weak[box]
    light = ~reddish | (high > _LIGHT_RED)
    plain = plain[box] & light
    pale = (spread > _PALE_SPREAD) & (high > _PALE_BRIGHT) & light
    ink = plain | (pale & ndimage.maximum_filter(plain, reach))
    pixels = np.array(grey)
    edge = ndimage.maximum_filter(ink, spill)
    ink, fringe = _with_faded_strokes(ink, np.asarray(r)[box], np.asarray(g)[box],
                                      np.asarray(b)[box], pixels[box], reddish, spill)
    edge |= fringe
    covered = np.zeros(pixels.shape, dtype=np.uint8)
    covered[box][edge] = 255
    pixels[box][ink] = np.asarray(_paper(grey, Image.fromarray(covered)))[box][ink]
    closed = ndimage.minimum_filter(ndimage.maximum_filter(pixels[box], thin), thin)
    band = edge & ~ink  # the edges' leftovers, closed over
    pixels[box][band] = closed[band]
    return Image.fromarray(pixels), True


def without_edges(image: Any, dpi: int = 300) -> Any:
    """A greyscale page image with the dark pixels joined to its edges made white (the
    scanner's lid beyond the paper). A page dark all over (a photograph) is left alone.

    >>> from PIL import Image
    >>> page = Image.new("L", (60, 60), 230)
    >>> page.paste(30, (0, 0, 6, 60))     # the lid's shadow down the left side
    >>> page.paste(0, (20, 20, 40, 24))   # a printed rule, clear of the edges
    >>> clean = without_edges(page, dpi=72)
    >>> clean.getpixel((2, 30)), clean.getpixel((30, 22)), clean.getpixel((50, 50))
    (255, 0, 230)
    """
    import numpy as np
    from PIL import Image
    from scipy import ndimage

    pixels = np.asarray(image)
    step = max(1, int(dpi / 72 / _EDGE_FINE))
    labels, _ = ndimage.label(coarse_ink(pixels, step))  # a wedge's tip one pixel wide too
    rim = np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])
    touching = np.unique(rim[rim > 0])
    if not touching.size:
        return image
    edges = np.isin(labels, touching)
    if edges.mean() > 0.5:
        return image
    # back to full size, a pixel wider: the grey fringe along the dark band goes too
    edges = ndimage.binary_dilation(edges).repeat(step, axis=0).repeat(step, axis=1)
    clean = pixels.copy()
    clean[edges[:clean.shape[0], :clean.shape[1]]] = 255
    return Image.fromarray(clean)


def _with_faded_strokes(ink: Any, r: Any, g: Any, b: Any, grey: Any, reddish: Any,
                        spill: int) -> tuple[Any, Any]:
    """``ink`` with the dark stretches of a ballpoint stroke joined to it that kept
    only a blue tint (blue over red and green by ``_BLUE_TINT`` more than the page's
    print is): a JPEG at 200 dpi keeps a thin stroke's darkness but not its colour.
    Only tinted pixels joined to plain ink count, and only dark ones, so a page whose
    paper has a cast of its own keeps its paper; print's own black stays even where
    the JPEG tinted it, next to the stroke. Also the stretches' edges (``spill``
    pixels wide) to close over, but for print's black: a thin mark of print (the tilde
    of "ỗ") may touch the stroke; black tinted red there (``reddish``, as ``black_ink``
    tells it) is where the stroke crossed the seal's ring, and is closed over.

    >>> import numpy as np
    >>> grey = np.full((5, 8), 220); grey[2, 1:7] = 60      # a stroke, dark all along
    >>> grey[4] = 30                                         # a line of print below
    >>> r, g, b = grey.copy(), grey.copy(), grey.copy()
    >>> b[2, 1:7] += [80, 80, 25, 25, 25, 0]                 # blue, faded, then none
    >>> grey[3, 4] = r[3, 4] = g[3, 4] = 10; b[3, 4] = 35     # a black dot it touches
    >>> ink = np.zeros((5, 8), bool); ink[2, 1:3] = True     # the plainly blue part
    >>> ink, fringe = _with_faded_strokes(ink, r, g, b, grey, r > np.maximum(g, b) + 15, 3)
    >>> ink[2].astype(int).tolist(), ink[3].astype(int).tolist()
    ([0, 1, 1, 1, 1, 1, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0])
    >>> bool(fringe[1, 3]), bool(fringe[3, 4])  # paper beside it, the dot
    (True, False)
    """
    import numpy as np
    from scipy import ndimage

    tint = b.astype(np.int16) - np.maximum(r, g).astype(np.int16)
    dark = grey < _TINT_DARK
    print_ = dark & ~ink
    if not print_.any():
        return ink, np.zeros_like(ink)
    cast = float(np.median(tint[print_]))
    black = float(np.percentile(grey[print_], 25)) + _OVER_BLACK
    tinted = dark & (grey > black) & (tint > cast + _BLUE_TINT)
    labels, _ = ndimage.label(ink | tinted, structure=np.ones((3, 3)))
    joined = np.unique(labels[ink])
    grown = np.isin(labels, joined[joined > 0])
    # black tinted red beside the stroke is where it crossed the seal's ring
    return grown, ndimage.maximum_filter(grown & ~ink, spill) & ((grey > black) | reddish)


def _box(mask: Any, margin: int) -> tuple[slice, slice]:
    """The rows and columns that the true pixels of ``mask`` span, ``margin`` wider."""
    import numpy as np

    rows, columns = np.nonzero(mask.any(axis=1))[0], np.nonzero(mask.any(axis=0))[0]
    return (slice(max(0, rows[0] - margin), rows[-1] + 1 + margin),
            slice(max(0, columns[0] - margin), columns[-1] + 1 + margin))


def _paper(grey: Any, covered: Any) -> Any:
    """The paper's shade over the page, from a coarse copy of ``grey`` with the
    ``covered`` pixels set to its middle shade: the lightest of the blocks around each
    (text is darker), grown back to the page's size."""
    from PIL import Image, ImageFilter

    counts = grey.histogram()
    half, seen, middle = grey.width * grey.height / 2, 0, 255
    for level, count in enumerate(counts):
        seen += count
        if seen >= half:
            middle = level
            break
    base = grey.copy()
    base.paste(middle, mask=covered)
    coarse = base.reduce(8).filter(ImageFilter.MaxFilter(5))
    return coarse.resize(grey.size, Image.Resampling.BILINEAR)


def _odd(pixels: float) -> int:
    """The odd filter size nearest ``pixels``, at least 3."""
    return max(3, int(pixels) // 2 * 2 + 1)


def without_specks(image: Any, dpi: int = 300) -> Any:
    """A greyscale page image with its specks of noise made white, when it has many
    (more than ``_MIN_SPECKS``); a page with fewer is returned as it is.

    >>> import random
    >>> from PIL import Image
    >>> page = Image.new("L", (400, 400), 245)
    >>> page.paste(0, (100, 100, 106, 106))   # a full stop, 6 pixels square at 150 dpi
    >>> rng = random.Random(1)
    >>> for _ in range(400):                  # one-pixel noise all over
    ...     page.putpixel((rng.randrange(400), rng.randrange(400)), 20)
    >>> clean = without_specks(page, dpi=150)
    >>> clean.getpixel((103, 103)), sum(page.crop((0, 0, 400, 95)).histogram()[:160])
    (0, 93)
    >>> sum(clean.crop((0, 0, 400, 95)).histogram()[:160])  # the stop stays, not a speck
    0
    >>> corner = page.crop((0, 0, 60, 60))  # a dozen specks: left as they are
    >>> without_specks(corner, dpi=150) is corner
    True
    """
    import numpy as np
    from PIL import Image
    from scipy import ndimage

    pixels = np.asarray(image)
    # dark: nearer print's black than the paper, as a binariser splits them
    paper, black = np.percentile(pixels[::4, ::4], [50, 1])
    labels, count = ndimage.label(pixels < (paper + black) / 2, structure=np.ones((3, 3)))
    if count <= _MIN_SPECKS:
        return image
    largest = max(1, round(_SPECK * (dpi / 72) ** 2))
    small = np.bincount(labels.ravel()) <= largest
    small[0] = False
    if int(small.sum()) <= _MIN_SPECKS:
        return image
    specks = ndimage.binary_dilation(small[labels])  # with the grey around each
    clean = pixels.copy()
    # painted in the paper's shade around them, the lightest within a speck's reach
    clean[specks] = ndimage.maximum_filter(pixels, 5)[specks]
    return Image.fromarray(clean)
