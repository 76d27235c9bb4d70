"""PDQ image matching: copies of stored pictures found again, other pictures not matched.

Stored: screenshots rendered from the `narasi` of turnbackhoax_articles.csv (../shared) by
bench/media_screenshots.py's renderer, and synthetic photos (1/f colour noise with shapes; half
of them memes with a caption band). Each is stored as saring stores a fact-check's picture
(`images.stored_hashes`, its cuts included, in `saring.media.hashes.ImageHashes`) and copies
of it (recompressed, resized, cropped) are looked up with `ImageHashes.nearest`, the query
hashed once, as the tipline does (a copy whose hash quality is under `pdq_min_quality` is not
looked up, and counts as a miss).

Other pictures (none of them stored) are looked up the same way; any match is a false match.
They include near misses: screenshots in the same template (layout, font, size, colours, cut)
as a stored one with another claim's text, and the same photo as a stored meme with another
caption.

The baseline, in the same run, is the method before stored cuts: one PDQ hash per picture
(the picture brought to 256 pixels by Lanczos, no blur) and the 20-bit threshold.

    python bench/media_hashes.py                       # 200 stored, 10,000 others
    python bench/media_hashes.py --stored 60 --others 1000   # a quick run
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from media_screenshots import CSV, font, render, require_shared_and_media  # noqa: E402

from saring.model import FactCheck  # noqa: E402

BASELINE_DISTANCE = 20  # the threshold of the single-hash method
SWEEP = (16, 18, 20, 22, 24, 26)  # thresholds tried beside the configured one


def photo(seed: int, caption: str = "") -> bytes:
    """A photo-like JPEG: smooth 1/f colour noise, a few shapes, maybe a meme caption band.
    The same seed draws the same photo (the caption aside)."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    width, height = rng.choice([(800, 600), (600, 800), (1000, 1000), (1280, 720), (720, 1280)])
    side = 64
    freq = np.fft.fftfreq(side)[:, None] ** 2 + np.fft.fftfreq(side)[None, :] ** 2
    amplitude = 1 / np.maximum(freq, 1e-4) ** 0.9
    channels = []
    for _ in range(3):
        field = np.real(np.fft.ifft2(amplitude * np.exp(2j * np.pi * nrng.random((side, side)))))
        channels.append((field - field.min()) / (np.ptp(field) + 1e-9))
    image = Image.fromarray((np.stack(channels, -1) * 255).astype(np.uint8))
    image = image.resize((width, height), Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(2, 8)):
        x0, y0 = rng.randrange(width), rng.randrange(height)
        box = (x0, y0, x0 + rng.randint(40, width // 2), y0 + rng.randint(40, height // 2))
        fill = tuple(rng.randrange(256) for _ in range(3))
        (draw.ellipse if rng.random() < .5 else draw.rectangle)(box, fill=fill)
    image = image.filter(ImageFilter.GaussianBlur(rng.choice([0, 1, 2])))
    if caption:
        draw = ImageDraw.Draw(image)
        fnt = font("DejaVuSans-Bold.ttf", max(24, width // 22))
        words, lines, line = caption.upper().split()[:14], [], ""
        for word in words:
            if line and draw.textlength(f"{line} {word}", font=fnt) > width * .9:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines.append(line)
        y = height - 24 - len(lines[:3]) * (fnt.size + 8)
        for text in lines[:3]:
            x = (width - draw.textlength(text, font=fnt)) / 2
            draw.text((x, y), text, font=fnt, fill="white", stroke_width=3, stroke_fill="black")
            y += fnt.size + 8
    out = io.BytesIO()
    image.save(out, "JPEG", quality=rng.randint(60, 92))
    return out.getvalue()


def baseline_pdq(image) -> str:
    """The single hash of the method before stored cuts (no blur)."""
    import numpy as np
    import pdqhash
    from PIL import Image

    scale = 256 / max(image.size)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    bits, _ = pdqhash.compute(np.asarray(image.resize(size, Image.Resampling.LANCZOS)))
    return np.packbits(bits.astype(np.uint8)).tobytes().hex()


def jpeg(image, quality: int):
    from PIL import Image

    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return Image.open(io.BytesIO(out.getvalue())).convert("RGB")


def crop(image, left: float, top: float, right: float, bottom: float):
    w, h = image.size
    return image.crop((round(w * left), round(h * top), w - round(w * right), h - round(h * bottom)))


def random_crop(seed: int):
    """Each side cut by 0-5% (off the stored cuts' grid) or not at all."""
    rng = random.Random(seed)

    def change(image):
        return crop(image, *[rng.uniform(0, .05) if rng.random() < .5 else 0.0 for _ in range(4)])
    return change


COPIES = {  # name: (change, part of the bar)
    "JPEG q30": (lambda im: jpeg(im, 30), True),
    "JPEG q50": (lambda im: jpeg(im, 50), True),
    "JPEG q70": (lambda im: jpeg(im, 70), True),
    "JPEG q90": (lambda im: jpeg(im, 90), True),
    "resized 0.5x": (lambda im: im.resize((im.width // 2, im.height // 2)), True),
    "resized 0.75x": (lambda im: im.resize((im.width * 3 // 4, im.height * 3 // 4)), True),
    "resized 0.5x + JPEG q50": (lambda im: jpeg(im.resize((im.width // 2, im.height // 2)), 50), True),
    "crop 5% left": (lambda im: crop(im, .05, 0, 0, 0), True),
    "crop 5% right": (lambda im: crop(im, 0, 0, .05, 0), True),
    "crop 5% top": (lambda im: crop(im, 0, .05, 0, 0), True),
    "crop 5% bottom": (lambda im: crop(im, 0, 0, 0, .05), True),
    "crop 5% top + 5% left": (lambda im: crop(im, .05, .05, 0, 0), True),
    "crop 5% top + 5% bottom": (lambda im: crop(im, 0, .05, 0, .05), True),
    "crop 5% centred (2.5% each side)": (lambda im: crop(im, .025, .025, .025, .025), True),
    "crop 5% left + 0.75x + JPEG q50": (lambda im: jpeg(crop(im, .05, 0, 0, 0).resize(
        (im.width * 3 // 4, im.height * 3 // 4)), 50), True),
    "crop 4% left (off the cuts)": (lambda im: crop(im, .04, 0, 0, 0), False),
    "crop 3.5% top (off the cuts)": (lambda im: crop(im, 0, .035, 0, 0), False),
    "crop 6% right (off the cuts)": (lambda im: crop(im, 0, 0, .06, 0), False),
    "crop 0-5% at random sides": (random_crop(1), False),
    "crop 10% left": (lambda im: crop(im, .10, 0, 0, 0), False),
    "crop 10% centred (5% each side)": (lambda im: crop(im, .05, .05, .05, .05), False),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stored", type=int, default=200, help="stored pictures (3/4 screenshots)")
    parser.add_argument("--others", type=int, default=10000, help="other pictures for false matches")
    parser.add_argument("--memes", type=int, default=1000,
                        help="stored memes' photos with another caption (reported apart)")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()

    from saring.channels.state import Database
    from saring.media import images
    from saring.media.fetch import limits
    from saring.media.hashes import ImageHashes
    from saring.reader.factchecks import read

    shared = require_shared_and_media()
    conf = limits()
    rng = random.Random(args.seed)
    items = [i for i in read(shared / CSV, "turnbackhoax-csv", CSV) if isinstance(i, FactCheck)]
    claims = list(dict.fromkeys(unicodedata.normalize("NFKC", i.claim) for i in items if len(i.claim) >= 60))
    rng.shuffle(claims)
    n_shots = args.stored * 3 // 4
    n_photos = args.stored - n_shots
    texts = iter(claims)

    # stored pictures: (kind, template seed, bytes)
    stored = []
    for _ in range(n_shots):
        seed = rng.randrange(1 << 30)
        stored.append(("screenshot", seed, render(next(texts), random.Random(seed))[0]))
    for n in range(n_photos):
        seed = rng.randrange(1 << 30)
        stored.append(("photo", seed, photo(seed, next(texts) if n % 2 else "")))
    opened = [images.open_image(data) for _, _, data in stored]

    tmp = Path(tempfile.mkdtemp(prefix="saring-hash-bench-"))
    table = ImageHashes(Database(str(tmp / "hashes.db")), max_distance=max(SWEEP))
    min_quality, threshold = int(conf["pdq_min_quality"]), int(conf["pdq_max_distance"])
    far = 257  # the distance of no match
    start, cuts = time.perf_counter(), []
    for n, image in enumerate(opened):
        t0 = time.perf_counter()
        hashes = images.stored_hashes(image)
        cuts.append(time.perf_counter() - t0)
        table.add_factcheck(hashes, str(n))
    baseline = [baseline_pdq(image) for image in opened]
    rows = int(table.db.query("SELECT COUNT(*) FROM media_picture_hashes")[0][0])
    print(f"{len(stored)} pictures stored ({n_shots} screenshots, {n_photos} photos, half of them memes) "
          f"under {rows} hashes ({rows / len(stored):.0f} each, cuts {conf['pdq_cuts']}); "
          f"hashing a stored picture p50 {statistics.median(cuts) * 1000:.0f} ms, "
          f"{time.perf_counter() - start:.0f}s in all")
    print(f"new: blur {conf['pdq_blur']}, {threshold} bits, quality >= {min_quality};"
          f" baseline: one hash, no blur, {BASELINE_DISTANCE} bits, same quality gate")

    def found(image, n: int | None) -> tuple[int, bool]:
        """(distance at which the new method matched the stored picture n, or any picture when
        n is None; whether the baseline matched it)."""
        digest, quality = images.pdq(image)
        if quality < min_quality:
            return far, False
        hit = table.nearest(digest)
        new = hit.distance if hit is not None and (n is None or hit.item_id == str(n)) else far
        old = baseline_pdq(image)
        if n is None:
            return new, any(images.distance(old, b) <= BASELINE_DISTANCE for b in baseline)
        return new, images.distance(old, baseline[n]) <= BASELINE_DISTANCE

    def rate(values) -> float:
        values = list(values)
        return sum(values) / max(1, len(values))

    print(f"\n== same picture found again (new / baseline), {len(stored)} pictures"
          f" ({n_shots} screenshots | {n_photos} photos)")
    barred = []  # the new method's distances of every barred copy, per copy
    for name, (change, bar) in COPIES.items():
        got = [found(change(image), n) for n, image in enumerate(opened)]
        new, old = [g[0] <= threshold for g in got], [g[1] for g in got]
        if bar:
            barred.append([g[0] for g in got])
        if name == "crop 0-5% at random sides":
            shifted = [g[0] for g in got]
        print(f"{name:34s} {rate(new):.3f} / {rate(old):.3f}"
              f"   ({rate(new[:n_shots]):.3f} | {rate(new[n_shots:]):.3f})"
              f"{'' if bar else '   (reported, not a bar)'}")

    # other pictures: distinct screenshots, same-template screenshots, distinct photos and memes;
    # apart from them, the photo of a stored meme with another caption (PDQ sees the photo)
    kinds = {"screenshot, other claim": 0.55, "screenshot, stored one's template": 0.25, "photo": 0.20}
    counts = {k: round(args.others * share) for k, share in kinds.items()}
    counts["screenshot, other claim"] += args.others - sum(counts.values())
    meme = "meme: a stored one's photo, other caption"
    counts[meme] = args.memes
    memes = [s for s in stored if s[0] == "photo"][1::2]
    shots = [s for s in stored if s[0] == "screenshot"]
    start = time.perf_counter()
    print(f"\n== other pictures falsely matched (new / baseline), {args.others} pictures")
    total_old, lookups, others = 0, [], []  # others: (kind, new method's distance)
    for kind, count in counts.items():
        old = 0
        for n in range(count):
            text = next(texts, None) or rng.choice(claims)
            if kind == "screenshot, other claim":
                data = render(text, random.Random(rng.randrange(1 << 30)))[0]
            elif kind == "screenshot, stored one's template":
                data = render(text, random.Random(shots[n % len(shots)][1]))[0]
            elif kind == "photo":
                data = photo(rng.randrange(1 << 30), text if n % 2 else "")
            else:
                data = photo(memes[n % len(memes)][1], text)
            t0 = time.perf_counter()
            a, b = found(images.open_image(data), None)
            lookups.append(time.perf_counter() - t0)
            others.append((kind, a))
            old += b
        if kind != meme:
            total_old += old
        print(f"{kind:42s} {count:6d}  {rate(d <= threshold for k, d in others if k == kind):.4f}"
              f" / {old / max(1, count):.4f}")
    bar = [d for k, d in others if k != meme]
    print(f"{'all but the memes':42s} {len(bar):6d}  {rate(d <= threshold for d in bar):.4f}"
          f" / {total_old / max(1, len(bar)):.4f}   ({time.perf_counter() - start:.0f}s)")
    print("\n== thresholds (new method): lowest share of a barred copy found | copies cut 0-5% at"
          " random sides found | other pictures matched (all but the memes) | memes matched")
    for t in sorted({*SWEEP, threshold}):
        print(f"{t:3d} bits{' (configured)' if t == threshold else '':13s} "
              f"{min(rate(d <= t for d in copy) for copy in barred):.3f} | {rate(d <= t for d in shifted):.3f}"
              f" | {rate(d <= t for d in bar):.4f} | {rate(d <= t for k, d in others if k == meme):.4f}")
    lookups.sort()
    print(f"\nopen + hash + look-up among {rows} hashes (and the baseline's hash): p50"
          f" {lookups[len(lookups) // 2] * 1000:.0f} ms, p95 {lookups[int(len(lookups) * .95)] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
