"""Screenshots of circulating claims: OCR and matching, on rendered images.

Claims are the `narasi` of turnbackhoax_articles.csv (../shared), drawn with Pillow as phone
screenshots: chat bubbles (light and dark), social-media posts and hoax "cards", in several
DejaVu faces and sizes, cut like phone screenshots (status bar, navigation bar), saved as JPEG
at quality 30-90. Half of the sampled claims are archived, half withheld from the benchmark
archive (built from every other fact-check).

Reported, each with a baseline measured in the same run:
- Recall@3 for archived claims and no-match rate for withheld ones, asking saring with the OCR
  text (word spaces restored), with the raw OCR text (no repair), and with the true text;
- OCR character error rate (with and without spaces) of RapidOCR beside Tesseract 'ind'
  (where installed, on a subset);
- time per image (PDQ look-up + OCR + word spaces + answer) p50/p95, one ONNX thread, and
  apart the time to store a new picture's hashes (it and its cuts).

PDQ matching (copies found again, other pictures not matched) is bench/media_hashes.py.

    python bench/media_screenshots.py              # 200 images
    python bench/media_screenshots.py --subset 40  # a quick run
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from saring.config import shared_dir  # noqa: E402
from saring.model import FactCheck  # noqa: E402

CSV = "data/factchecks/turnbackhoax_articles.csv"
FONTS = Path("/usr/share/fonts/truetype/dejavu")
FACES = ["DejaVuSans.ttf", "DejaVuSerif.ttf", "DejaVuSansCondensed.ttf", "DejaVuSans-Bold.ttf",
         "DejaVuSerifCondensed.ttf"]
MAX_CHARS = 420  # a phone screenshot holds about this much of a forward


# ------------------------------------------------------------------ rendering


def font(face: str, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(FONTS / face), size)


def wrap(draw, text: str, fnt, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and draw.textlength(trial, font=fnt) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    if line:
        lines.append(line)
    return lines


def visible(text: str) -> str:
    """The part of a claim a screenshot shows: whole words up to MAX_CHARS."""
    text = " ".join(text.split())
    if len(text) <= MAX_CHARS:
        return text
    return text[:MAX_CHARS].rsplit(" ", 1)[0]


def render(text: str, rng: random.Random) -> tuple[bytes, str]:
    """(JPEG bytes, every text written on it in reading order) of one screenshot-like picture."""
    from PIL import Image, ImageDraw

    layout = rng.choice(["bubble", "bubble-dark", "post", "card"])
    face, size = rng.choice(FACES), rng.choice([22, 24, 26, 28, 32])
    width, height = 720, 1480
    fnt = font(face, size)
    text = visible(text)
    dark = layout == "bubble-dark"
    bg = {"bubble": (236, 229, 221), "bubble-dark": (11, 20, 26), "post": (255, 255, 255),
          "card": rng.choice([(180, 20, 30), (20, 40, 120), (250, 210, 40)])}[layout]
    ink = (233, 237, 239) if dark or (layout == "card" and bg != (250, 210, 40)) else (17, 27, 33)
    image = Image.new("RGB", (width, height), bg)
    draw = ImageDraw.Draw(image)
    said: list[tuple[int, int, str]] = []  # (y, x, text) of everything written

    def put(xy, words, fnt, fill):
        draw.text(xy, words, font=fnt, fill=fill)
        said.append((xy[1], xy[0], words))

    small = font("DejaVuSans.ttf", 20)
    draw.rectangle((0, 0, width, 48), fill=(0, 0, 0) if dark else (7, 94, 84))
    put((20, 12), f"{rng.randint(6, 23):02d}:{rng.randint(0, 59):02d}", small, "white")
    if layout.startswith("bubble"):
        draw.rectangle((0, 48, width, 150), fill=(31, 44, 52) if dark else (0, 128, 105))
        put((110, 80), rng.choice(["Grup Keluarga", "Alumni SMA 3", "RT 05 Info"]),
            font("DejaVuSans-Bold.ttf", 28), "white")
        lines = wrap(draw, text, fnt, width - 150)
        box_h = len(lines) * (size + 10) + 70
        top = rng.randint(190, 300)
        draw.rounded_rectangle((40, top, width - 60, top + box_h), 16,
                               fill=(0, 92, 75) if dark else (220, 248, 198))
        put((62, top + 10), "Diteruskan", small, (140, 150, 150))
        y = top + 44
        x = 62
    elif layout == "post":
        draw.ellipse((30, 90, 110, 170), fill=(120, 144, 156))
        put((130, 100), rng.choice(["Info Viral Indonesia", "Berita Terkini 24", "Kabar Warga"]),
            font("DejaVuSans-Bold.ttf", 26), ink)
        put((130, 136), f"{rng.randint(1, 23)} jam", small, (101, 103, 107))
        lines = wrap(draw, text, fnt, width - 70)
        x, y = 35, 200
    else:
        lines = wrap(draw, text, fnt, width - 110)
        x, y = 55, rng.randint(150, 260)
    for line in lines:
        if y + size > height - 140:
            break
        put((x, y), line, fnt, ink)
        y += size + 10
    if layout == "post":
        draw.line((30, y + 20, width - 30, y + 20), fill=(220, 220, 220), width=2)
        put((60, y + 36), "Suka Komentar Bagikan", small, (101, 103, 107))
    # a phone screenshot: the status bar or the navigation bar is often cut away
    cut_top = rng.choice([0, 0, 48, rng.randint(10, 60)])
    bottom = min(height, max(y + 120, 900)) - rng.randint(0, 40)
    image = image.crop((0, cut_top, width, bottom))
    drawn = " ".join(words for top, _, words in sorted(said) if top >= cut_top and top < bottom - 20)
    if rng.random() < 0.3:
        image = image.resize((image.width * 3 // 2, image.height * 3 // 2))  # a 1080-wide phone
    out = io.BytesIO()
    image.save(out, "JPEG", quality=rng.randint(30, 90))
    return out.getvalue(), drawn


# ------------------------------------------------------------------ measures


def edit_distance(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def cer(hyp: str, ref: str, spaces: bool = True) -> float:
    hyp, ref = " ".join(hyp.split()), " ".join(ref.split())
    if not spaces:
        hyp, ref = hyp.replace(" ", ""), ref.replace(" ", "")
    return edit_distance(hyp, ref) / max(1, len(ref))


def tesseract_text(data: bytes) -> str:
    result = subprocess.run(["tesseract", "stdin", "stdout", "-l", "ind", "--psm", "3"], input=data,
                            capture_output=True, timeout=60)
    return result.stdout.decode("utf-8", "replace")


def tesseract_ready() -> bool:
    if not shutil.which("tesseract"):
        return False
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout
    return "ind" in langs.split()


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else 0.0


# ------------------------------------------------------------------ main


def require_shared_and_media() -> Path:
    """../shared (its fact-check CSV is what the pictures show) and the media extra, or exit."""
    from saring.media import images

    shared = shared_dir()
    if shared is None:
        sys.exit("../shared is absent: this benchmark renders claims from its fact-check CSV")
    if not images.available():
        sys.exit("the media extra is not installed: pip install 'saring[media]'")
    return shared


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subset", type=int, default=200, help="screenshots (half archived)")
    parser.add_argument("--tesseract", type=int, default=40, help="screenshots also read by Tesseract")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--show-misses", action="store_true", help="print what went wrong")
    args = parser.parse_args()

    from saring.answer import Answerer
    from saring.archive import open_store
    from saring.media import images
    from saring.media.ocr import OCR, claim_text, respace
    from saring.reader.factchecks import read

    shared = require_shared_and_media()
    rng = random.Random(args.seed)
    items = [i for i in read(shared / CSV, "turnbackhoax-csv", CSV) if isinstance(i, FactCheck)]
    usable = [i for i in items if len(i.claim) >= 80 and i.url]
    rng.shuffle(usable)
    sample = usable[:args.subset]
    withheld = {i.url for i in sample[len(sample) // 2:]}
    archived_sample = sample[:len(sample) // 2]

    git = subprocess.run(["git", "log", "-1", "--format=%h %cs", "--", "saring/answer"], cwd=REPO,
                         capture_output=True, text=True).stdout.strip()
    print(f"answer layer at commit {git}; {len(items)} fact-checks, {len(sample)} screenshots "
          f"({len(archived_sample)} archived, {len(withheld)} withheld)")

    tmp = Path(tempfile.mkdtemp(prefix="saring-media-bench-"))
    t0 = time.perf_counter()
    store = open_store(str(tmp / "archive.db"))
    store.ingest([i for i in items if i.url not in withheld])
    answerer = Answerer(store, log_queries=False)
    ids = {i.url: store.get_by_url(i.url).id for i in archived_sample}
    print(f"archive built in {time.perf_counter() - t0:.1f}s")

    t0 = time.perf_counter()
    # styled letters (𝐁𝐎𝐋𝐃, 𝘪𝘵𝘢𝘭𝘪𝘤) are drawn as the plain letters a phone font would show
    shots = [(item, *render(unicodedata.normalize("NFKC", item.claim), rng)) for item in sample]
    print(f"rendered {len(shots)} screenshots in {time.perf_counter() - t0:.1f}s")

    from saring.channels.state import Database
    from saring.media.hashes import ImageHashes

    table = ImageHashes(Database(str(tmp / "hashes.db")))
    ocr = OCR(threads=1)
    ocr.lines(images.open_image(shots[0][1]))  # load the models outside the timings
    rows, per_image, cpu_per_image, cpu_storing = [], [], [], []
    for item, data, drawn in shots:
        start, cpu = time.perf_counter(), time.process_time()
        image = images.open_image(data)
        digest, _ = images.pdq(image)
        table.nearest(digest)
        raw_lines = ocr.lines(image)
        text = claim_text(raw_lines)
        answer = answerer.ask(text)
        per_image.append(time.perf_counter() - start)
        cpu_per_image.append(time.process_time() - cpu)
        cpu = time.process_time()
        table.add_received(images.stored_hashes(image), text)  # as a picture read the first time
        cpu_storing.append(time.process_time() - cpu)
        raw = answerer.ask("\n".join(raw_lines))
        truth = answerer.ask(drawn)
        spaced = " ".join(respace(line) for line in raw_lines)  # every line, for the CER
        rows.append({"item": item, "data": data, "drawn": drawn, "text": spaced, "query": text,
                     "raw": " ".join(raw_lines), "answers": (answer, raw, truth)})

    def recall(k: int) -> list[float]:
        hits = []
        for variant in range(3):
            got = [any(m.id == ids[r["item"].url] for m in r["answers"][variant].matches[:k])
                   for r in rows if r["item"].url not in withheld]
            hits.append(sum(got) / max(1, len(got)))
        return hits

    def no_match() -> list[float]:
        out = []
        for variant in range(3):
            got = [not r["answers"][variant].matches for r in rows if r["item"].url in withheld]
            out.append(sum(got) / max(1, len(got)))
        return out

    def precision() -> list[float]:
        """Of the screenshots answered 'no match', the share that were really withheld."""
        out = []
        for variant in range(3):
            empty = [r for r in rows if not r["answers"][variant].matches]
            out.append(sum(r["item"].url in withheld for r in empty) / max(1, len(empty)))
        return out

    names = ("OCR + word spaces", "raw OCR (baseline)", "true text (ceiling)")
    r3, r1, nm, pr = recall(3), recall(1), no_match(), precision()
    print("\n== matching (Recall@k on archived, no-match on withheld)")
    for n, name in enumerate(names):
        print(f"{name:22s} R@1 {r1[n]:.3f}  R@3 {r3[n]:.3f}  withheld answered no-match {nm[n]:.3f}"
              f"  no-match precision {pr[n]:.3f}")

    print("\n== OCR character error rate (RapidOCR)")
    print(f"with spaces, word spaces restored : {statistics.mean(cer(r['text'], r['drawn']) for r in rows):.3f}")
    print(f"with spaces, raw recogniser output: {statistics.mean(cer(r['raw'], r['drawn']) for r in rows):.3f}")
    print(f"letters only (spaces ignored)     : "
          f"{statistics.mean(cer(r['raw'], r['drawn'], spaces=False) for r in rows):.3f}")
    if not args.tesseract:
        pass
    elif tesseract_ready():
        subset = rows[:args.tesseract]
        tess, tess_time = [], []
        for r in subset:
            start = time.perf_counter()
            tess.append(tesseract_text(r["data"]))
            tess_time.append(time.perf_counter() - start)
        print(f"on {len(subset)} screenshots: "
              f"RapidOCR+spaces {statistics.mean(cer(r['text'], r['drawn']) for r in subset):.3f}"
              f"  Tesseract ind {statistics.mean(cer(t, r['drawn']) for t, r in zip(tess, subset)):.3f}"
              f" (letters only {statistics.mean(cer(t, r['drawn'], False) for t, r in zip(tess, subset)):.3f};"
              f" Tesseract {statistics.median(tess_time):.2f}s/image median)")
    else:
        print("Tesseract with 'ind' is not installed here: no baseline (apt-get install tesseract-ocr-ind)")

    print("\n== time per image: open + PDQ look-up + OCR + word spaces + answer (one ONNX thread)")
    print(f"CPU time (one core): p50 {pct(cpu_per_image, .5):.2f}s  p95 {pct(cpu_per_image, .95):.2f}s"
          f"  max {max(cpu_per_image):.2f}s")
    print(f"wall time (on this machine's load): p50 {pct(per_image, .5):.2f}s  p95 {pct(per_image, .95):.2f}s"
          f"  max {max(per_image):.2f}s")
    print(f"then storing a new picture's hashes (CPU): p50 {pct(cpu_storing, .5):.2f}s"
          f"  p95 {pct(cpu_storing, .95):.2f}s")
    if args.show_misses:
        for r in rows:
            answer = r["answers"][0]
            archived = r["item"].url not in withheld
            hit = archived and any(m.id == ids[r["item"].url] for m in answer.matches[:3])
            if (archived and not hit) or (not archived and answer.matches):
                print(f"\n{'MISS' if archived else 'FALSE MATCH'} {r['item'].url}\n  OCR: {r['query'][:300]!r}"
                      f"\n  got: {[m.title[:70] for m in answer.matches]}")

    store.close()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
