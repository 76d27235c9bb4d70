"""Screenshots of circulating claims: OCR and matching, on rendered images.

Claims are the `narasi` of turnbackhoax_articles.csv (../shared), drawn with Pillow as phone
screenshots: chat bubbles (light and dark), social-media posts and hoax "cards", in several
DejaVu faces and sizes, cut like phone screenshots (status bar, navigation bar), saved as JPEG
at quality 30-90. Half of the sampled claims are archived, half withheld from the benchmark
archive (built from every other fact-check).

Every screenshot goes through the tipline's own request path (`MediaAnswers.image`: receive,
open, PDQ look-up, OCR, word spaces, answer, the picture stored under its own hash) twice: with
today's OCR and with the one before (`PreviousOCR`: the whole picture to RapidOCR's detector,
lines read in batches of 6) and the picture's cuts hashed before the reply, as they were (it
also pays today's PNG copy of the picture for the queue of cuts, about 10 ms).
The process is held to one core, with one thread for ONNX Runtime, OpenCV and BLAS.

Reported, each with a baseline measured in the same run:
- Recall@3 for archived claims and no-match rate for withheld ones, asking saring with the OCR
  text (word spaces restored), today's and the previous OCR, with the raw OCR text (no
  repair), and with the true text;
- OCR character error rate (with and without spaces), today's and the previous OCR, and
  Tesseract 'ind' (where installed, on a subset);
- CPU time per image until the reply is ready, p50/p95, today's path and the previous one,
  and apart the time to hash a new picture's cuts after the reply.

PDQ matching (copies found again, other pictures not matched) is bench/media_hashes.py.

    python bench/media_screenshots.py              # 200 images
    python bench/media_screenshots.py --subset 40  # a quick run
"""

from __future__ import annotations

import argparse
import io
import os
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


# ------------------------------------------------------------------ the request path


def one_core() -> None:
    """Hold this process to one core and one thread per library (before numpy, OpenCV and ONNX
    Runtime are loaded): CPU time is then the request's cost on one core."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OPENCV_FOR_THREADS_NUM"):
        os.environ[var] = "1"
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


class Received:
    """The platform's media download, from memory."""

    def __init__(self):
        self.pictures: dict[str, bytes] = {}

    def download(self, channel: str, ref: str) -> bytes:
        return self.pictures[ref]


class Reading:
    """An OCR as `MediaAnswers` uses it, keeping the lines of the last picture it read."""

    def __init__(self, ocr):
        self.ocr, self.last = ocr, []

    def text(self, image) -> str:
        from saring.media.ocr import claim_text

        self.last = self.ocr.lines(image)
        return claim_text(self.last)


class PreviousOCR:
    """saring's OCR before: the whole picture (within ocr_max_side) to RapidOCR, its detector
    scaling the short side to at least 736 pixels, lines read in batches of 6."""

    def __init__(self):
        from rapidocr_onnxruntime import RapidOCR

        self.engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, use_cls=False)

    def lines(self, image) -> list[str]:
        import numpy as np

        from saring.media.fetch import limits

        side = int(limits()["ocr_max_side"])
        if max(image.size) > side:
            image = image.copy()
            image.thumbnail((side, side))
        result, _ = self.engine(np.ascontiguousarray(np.asarray(image)[:, :, ::-1]))
        min_score = float(limits()["ocr_min_score"])
        return [r[1] for r in result or [] if float(r[2]) >= min_score and r[1].strip()]


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
    one_core()

    from saring.answer import Answerer
    from saring.archive import open_store
    from saring.media import images
    from saring.media.answers import MediaAnswers
    from saring.media.ocr import OCR, respace
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

    received = Received()
    paths = {}  # today's and the previous request path, each with its own hash table
    for name, ocr in (("new", Reading(OCR(threads=1))), ("old", Reading(PreviousOCR()))):
        table = ImageHashes(Database(str(tmp / f"hashes-{name}.db")))
        paths[name] = (MediaAnswers(lambda text, channel: answerer.ask(text), lambda: store, received,
                                    table, ocr=ocr), ocr, table)
        ocr.ocr.lines(images.open_image(shots[0][1]))  # load the models outside the timings
    rows, cpu, wall = [], {"new": [], "old": []}, {"new": [], "old": []}
    cpu_cuts = []
    for n, (item, data, drawn) in enumerate(shots):
        received.pictures[str(n)] = data
        row = {"item": item, "data": data, "drawn": drawn}
        # in turns, first one path then the other: neither always finds the other's words cached
        for name in ("new", "old") if n % 2 == 0 else ("old", "new"):
            media, ocr, table = paths[name]
            start, clock = time.perf_counter(), time.process_time()
            answer = media.image("bench", str(n))
            if name == "old":  # the previous path hashed the cuts before the reply
                table.store_cuts()
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - clock)
            if name == "new":  # after the reply
                clock = time.process_time()
                table.store_cuts()
                cpu_cuts.append(time.process_time() - clock)
            spaced = " ".join(respace(line) for line in ocr.last)  # every line, for the CER
            row[name] = {"answer": answer, "text": spaced, "raw": " ".join(ocr.last)}
        row["raw OCR"] = {"answer": answerer.ask("\n".join(paths["new"][1].last))}
        row["true text"] = {"answer": answerer.ask(drawn)}
        rows.append(row)

    def recall(variant: str, k: int) -> float:
        got = [any(m.id == ids[r["item"].url] for m in r[variant]["answer"].matches[:k])
               for r in rows if r["item"].url not in withheld]
        return sum(got) / max(1, len(got))

    def no_match(variant: str) -> float:
        got = [not r[variant]["answer"].matches for r in rows if r["item"].url in withheld]
        return sum(got) / max(1, len(got))

    def precision(variant: str) -> float:
        """Of the screenshots answered 'no match', the share that were really withheld."""
        empty = [r for r in rows if not r[variant]["answer"].matches]
        return sum(r["item"].url in withheld for r in empty) / max(1, len(empty))

    names = {"new": "OCR + word spaces", "old": "previous OCR + spaces", "raw OCR": "raw OCR (no repair)",
             "true text": "true text (ceiling)"}
    print("\n== matching (Recall@k on archived, no-match on withheld)")
    for variant, name in names.items():
        print(f"{name:22s} R@1 {recall(variant, 1):.3f}  R@3 {recall(variant, 3):.3f}  withheld answered"
              f" no-match {no_match(variant):.3f}  no-match precision {precision(variant):.3f}")

    print("\n== OCR character error rate (RapidOCR): today's | previous")
    for label, key, spaces in (("with spaces, word spaces restored ", "text", True),
                               ("with spaces, raw recogniser output", "raw", True),
                               ("letters only (spaces ignored)     ", "raw", False)):
        new, old = (statistics.mean(cer(r[v][key], r["drawn"], spaces) for r in rows) for v in ("new", "old"))
        print(f"{label}: {new:.3f} | {old:.3f}")
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
              f"RapidOCR+spaces {statistics.mean(cer(r['new']['text'], r['drawn']) for r in subset):.3f}"
              f"  Tesseract ind {statistics.mean(cer(t, r['drawn']) for t, r in zip(tess, subset)):.3f}"
              f" (letters only {statistics.mean(cer(t, r['drawn'], False) for t, r in zip(tess, subset)):.3f};"
              f" Tesseract {statistics.median(tess_time):.2f}s/image median)")
    else:
        print("Tesseract with 'ind' is not installed here: no baseline (apt-get install tesseract-ocr-ind)")

    print("\n== CPU time per image until the reply is ready (one core): receive, open, PDQ look-up, OCR,"
          " word spaces, answer")
    for name, label in (("new", "today's path                       "),
                        ("old", "previous OCR, cuts before the reply")):
        print(f"{label}: p50 {pct(cpu[name], .5):.2f}s  p95 {pct(cpu[name], .95):.2f}s  max {max(cpu[name]):.2f}s"
              f"  (wall p50 {pct(wall[name], .5):.2f}s  p95 {pct(wall[name], .95):.2f}s)")
    print(f"after the reply, hashing a new picture's cuts: p50 {pct(cpu_cuts, .5):.2f}s"
          f"  p95 {pct(cpu_cuts, .95):.2f}s")
    if args.show_misses:
        for r in rows:
            answer = r["new"]["answer"]
            archived = r["item"].url not in withheld
            hit = archived and any(m.id == ids[r["item"].url] for m in answer.matches[:3])
            if (archived and not hit) or (not archived and answer.matches):
                print(f"\n{'MISS' if archived else 'FALSE MATCH'} {r['item'].url}\n  OCR: {r['new']['text'][:300]!r}"
                      f"\n  got: {[m.title[:70] for m in answer.matches]}")

    store.close()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
