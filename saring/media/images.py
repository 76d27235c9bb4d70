"""Images from readers: opened with limits, hashed with PDQ.

Pillow reads the header first, so the pixel count is checked before anything is decoded (a
decompression bomb: a few kilobytes of PNG that decode to gigabytes); only the formats of
screenshots and photos are opened. PDQ (the perceptual hash Meta open-sourced and Meedan Check
uses) stays within a few bits when a picture is recompressed, resized or lightly cropped.
Needs the `media` extra (Pillow, pdqhash); `available()` says whether it is installed.
"""

from __future__ import annotations

import io
import warnings
from typing import Any

from saring.media.fetch import limits

FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP")
PDQ_SIDE = 256


class ImageError(Exception):
    """The bytes are not an image saring will read (message for logs)."""


def available() -> bool:
    try:
        import numpy  # noqa: F401
        import pdqhash  # noqa: F401
        from PIL import Image  # noqa: F401
    except ImportError:
        return False
    return True


def open_image(data: bytes) -> Any:
    """A decoded RGB `PIL.Image` within the size and pixel caps, else ImageError."""
    from PIL import Image

    conf = limits()
    if len(data) > int(conf["image_max_bytes"]):
        raise ImageError(f"{len(data)} bytes is over the cap")
    max_pixels = int(conf["image_max_pixels"])
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image: Image.Image = Image.open(io.BytesIO(data), formats=FORMATS)
            width, height = image.size
            if width * height > max_pixels or max(width, height) > int(conf["image_max_side"]):
                raise ImageError(f"{width}x{height} is over the pixel cap")
            if getattr(image, "n_frames", 1) > 1:
                image.seek(0)  # an animated GIF or WebP: its first frame
            side = int(conf["ocr_max_side"])  # a large JPEG is decoded at a reduced scale
            image.draft("RGB", (side, side))
            image = image.convert("RGB")
        except ImageError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageError("decompression bomb") from None
        except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as exc:
            raise ImageError(f"not a readable image: {exc}") from None
    if min(image.size) < 8:
        raise ImageError(f"{image.size[0]}x{image.size[1]} is too small")
    return image


def pdq(image: Any) -> tuple[str, int]:
    """(PDQ hash as 64 hex digits, quality 0..100) of an RGB image."""
    import numpy as np
    import pdqhash
    from PIL import Image

    # every copy is brought to one size by one filter first: PDQ's own reduction then sees the
    # same pixels whatever size the copy came in (and a small image hashes fast)
    scale = PDQ_SIDE / max(image.size)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    image = image.resize(size, Image.Resampling.LANCZOS)
    bits, quality = pdqhash.compute(np.asarray(image))
    return np.packbits(bits.astype(np.uint8)).tobytes().hex(), int(quality)


# PDQ follows the picture's geometry, and a screenshot cut a few percent at the top (the
# status bar) or bottom shifts every line of text: a stored picture is hashed as it is and as
# these cuts of it (fractions cut at the top, at the bottom, and at each side), so a copy cut
# the same way is within the distance threshold. The query is hashed once.
CUTS_TOP = (0.0, 0.025, 0.05)
CUTS_BOTTOM = (0.0, 0.025, 0.05)
CUTS_SIDE = (0.0, 0.025)


def stored_hashes(image: Any) -> list[str]:
    """The PDQ hashes under which a picture is stored: itself and its cuts (see above)."""
    width, height = image.size
    out = []
    for top in CUTS_TOP:
        for bottom in CUTS_BOTTOM:
            for side in CUTS_SIDE:
                box = (round(width * side), round(height * top), width - round(width * side),
                       height - round(height * bottom))
                cut = image if box == (0, 0, width, height) else image.crop(box)
                out.append(pdq(cut)[0])
    return list(dict.fromkeys(out))


def distance(a: str, b: str) -> int:
    """Hamming distance of two PDQ hashes in hex."""
    return (int(a, 16) ^ int(b, 16)).bit_count()
