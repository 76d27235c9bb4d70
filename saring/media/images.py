"""Images from readers: opened with limits, hashed with PDQ.

Pillow reads the header first, so the pixel count is checked before anything is decoded (a
decompression bomb: a few kilobytes of PNG that decode to gigabytes); only the formats of
screenshots and photos are opened. PDQ (the perceptual hash Meta open-sourced and Meedan Check
uses) stays within a few bits when a picture is recompressed or resized; a copy cut a few
percent at its sides is matched through the cuts a stored picture is also hashed as.
Needs the `media` extra (Pillow, pdqhash); `available()` says whether it is installed.
"""

from __future__ import annotations

import io
import warnings
from typing import Any

from saring.media.fetch import limits

FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP")
PDQ_SIDE = 256
WORK_SIDE = 2 * PDQ_SIDE  # the cuts of a stored picture are taken at this size


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


def _fit(image: Any, side: int) -> Any:
    """The image brought within `side` pixels by one filter (a smaller one is kept as it is)."""
    from PIL import Image

    scale = side / max(image.size)
    if scale >= 1:
        return image
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS)


def _small(work: Any) -> Any:
    """Every copy brought to one size by one filter: PDQ's own reduction then sees the same
    pixels whatever size the copy came in (and a small image hashes fast)."""
    from PIL import Image

    return work.resize(_fit(work, PDQ_SIDE).size, Image.Resampling.LANCZOS)


def _hash(small: Any, blur: float) -> str:
    import numpy as np
    import pdqhash
    from PIL import ImageFilter

    # blurred first: a screenshot's sharp edges (bubbles, bars, lines of text) move many bits
    # when the picture shifts by a pixel or two
    small = small.filter(ImageFilter.GaussianBlur(blur))
    bits, _ = pdqhash.compute(np.asarray(small))
    return str(np.packbits(bits.astype(np.uint8)).tobytes().hex())


def pdq(image: Any) -> tuple[str, int]:
    """(PDQ hash as 64 hex digits, quality 0..100) of an RGB image; the quality (is there
    enough in the picture to compare?) is PDQ's own, of the picture before the blur."""
    import numpy as np
    import pdqhash

    small = _small(_fit(image, WORK_SIDE))
    return _hash(small, float(limits()["pdq_blur"])), int(pdqhash.compute(np.asarray(small))[1])


def work_copy(image: Any) -> Any:
    """The copy the cuts are taken of: `stored_hashes` of it equal those of the image."""
    return _fit(image, WORK_SIDE)


def stored_hashes(image: Any) -> list[str]:
    """The PDQ hashes under which a picture is stored: itself first, then its cuts.

    PDQ follows the picture's geometry: cutting 2.5% off one side already moves about 40 of
    its 256 bits. A copy cut a few percent at any side (a screenshot's status bar, a crop
    to the subject) is matched because the stored picture is also hashed as every cut of it
    with `pdq_cuts` (fractions) taken from each of its four sides; the query is hashed once.
    """
    work = work_copy(image)
    width, height = work.size
    conf = limits()
    cuts, blur = [float(c) for c in conf["pdq_cuts"]], float(conf["pdq_blur"])
    out = [_hash(_small(work), blur)]
    for left in cuts:
        for right in cuts:
            for top in cuts:
                for bottom in cuts:
                    box = (round(width * left), round(height * top), width - round(width * right),
                           height - round(height * bottom))
                    if box != (0, 0, width, height):
                        out.append(_hash(_small(work.crop(box)), blur))
    return list(dict.fromkeys(out))


def distance(a: str, b: str) -> int:
    """Hamming distance of two PDQ hashes in hex."""
    return (int(a, 16) ^ int(b, 16)).bit_count()
