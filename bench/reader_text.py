"""Reader benchmark for text scrapes: glued-word repair quality and pages per second.

    python bench/reader_text.py            # gold sample + speed on the shared news CSVs

Repair is scored on saring/data/glue_gold.tsv (hand-checked tokens from ../shared/data/news,
each repaired inside the first article that contains it, with that article's vocabulary and
its neighbouring words, as in the reader). "first 659" is the sample as first drawn; the
rows added later were drawn the same way and are scored in "all". Precision = correct
splits / splits made; recall = glued tokens repaired exactly / glued tokens; false splits =
real words split.

Against overfitting the gold is split in two by a fixed hash of the token: a token is in the
dev half when the first byte of sha1(token, UTF-8) is even, else held out. The repair's
parameters were tuned on dev only; held-out shows how that carries over.

The baseline beside it is the naive rule "split whatever wordfreq's list can cover": a
fewest-parts cover by words of Zipf >= 3 with no protections (wordfreq.tokenize itself does
not split Indonesian). Speed is measured for the full text reader (extract_text on a page,
article_from_news_row on a CSV row) with and without glue repair, and against a plain
line-splitting baseline, in CPU time of one core.
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from saring.config import shared_dir  # noqa: E402
from saring.reader import glue, text  # noqa: E402
from saring.reader.text import (  # noqa: E402
    article_from_news_row,
    drop_container_copies,
    extract_text,
)

GOLD = ROOT / "saring" / "data" / "glue_gold.tsv"
# the comment that starts the rows added after the first sample (kept apart to compare)
ADDED_ROWS = "# Added later"


def news_rows(shared: Path) -> list[dict[str, str]]:
    rows, seen = [], set()
    for path in sorted((shared / "data" / "news").glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                if row["url"] not in seen:
                    seen.add(row["url"])
                    rows.append(row)
    return rows


def is_dev(token: str) -> bool:
    """The fixed dev/held-out split of the gold: even first byte of sha1(token) is dev."""
    return hashlib.sha1(token.encode("utf-8")).digest()[0] % 2 == 0


def naive_split(token: str) -> str:
    """Baseline: fewest-parts cover by wordfreq words (Zipf >= 3), no protections at all."""
    lower, n = token.lower(), len(token)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(2, n + 1):
        for start in range(0, end - 1):
            if best[start] is not None and (start, end) != (0, n):
                if glue.zipf(lower[start:end]) >= 3.0:
                    cand = best[start] + [token[start:end]]
                    if best[end] is None or len(cand) < len(best[end]):
                        best[end] = cand
    return " ".join(best[n]) if best[n] and glue.zipf(lower) < 1.0 else token


def score(gold: list[tuple[str, str]], predict) -> dict[str, float]:
    made = correct = glued = repaired = false_splits = 0
    real = 0
    for token, truth in gold:
        guess = predict(token)
        if truth != token:
            glued += 1
            repaired += guess == truth
        else:
            real += 1
            false_splits += guess != token
        if guess != token:
            made += 1
            correct += guess == truth
    return {
        "precision": correct / made if made else 1.0,
        "recall": repaired / glued if glued else 1.0,
        "false_split_rate": false_splits / real if real else 0.0,
        "glued": glued,
        "real": real,
    }


def repairs_in_context(rows: list[dict[str, str]], wanted: set[str]) -> dict[str, str]:
    """Each wanted token as the reader repairs it in the first article that contains it."""
    found: dict[str, str] = {}
    for row in rows:
        lines = [" ".join(line.split()) for line in row["isi_berita"].split("\n")]
        paragraphs = drop_container_copies([line for line in lines if line])
        if not any(t in p for p in paragraphs for t in wanted - found.keys()):
            continue
        vocab = glue.document_vocabulary(paragraphs)
        for paragraph in paragraphs:
            looked_at = {
                paragraph[start:end]: parts
                for start, end, parts in glue.repair_tokens(paragraph, vocab)
            }
            for token in vocab.document_forms.keys() & wanted - found.keys():
                if re.search(rf"(?<![^\W\d_]){re.escape(token)}(?![^\W\d_])", paragraph):
                    found[token] = " ".join(looked_at.get(token, [token]))
    return found


def main() -> int:
    shared = shared_dir()
    if shared is None:
        print("../shared is absent: nothing to measure")
        return 1
    rows = news_rows(shared)
    gold, first_sample = [], 0
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if line.startswith(ADDED_ROWS):
            first_sample = len(gold)
        elif line and not line.startswith("#"):
            gold.append(tuple(line.split("\t")[:2]))
    repaired = repairs_in_context(rows, {token for token, _ in gold})

    def ours(token: str) -> str:
        return repaired.get(token) or glue.repair(token, glue.Vocabulary())

    halves = {
        "dev": [g for g in gold if is_dev(g[0])],
        "held-out": [g for g in gold if not is_dev(g[0])],
        "all": gold,
        f"first {first_sample}": gold[:first_sample],
    }
    print(f"glued-word repair on {len(gold)} hand-checked tokens from the news CSVs "
          f"({len(gold) - len(repaired)} not found in the CSVs, repaired alone)")
    for half, sample in halves.items():
        for name, predict in (
            ("saring glue", ours),
            ("baseline: naive wordfreq cover", naive_split),
        ):
            s = score(sample, predict)
            print(
                f"  {half:9s} {name:31s} precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
                f"false splits {s['false_split_rate']:.3f}  ({s['glued']} glued, {s['real']} real)"
            )

    sample = rows[:1500]
    pages = ["\n\n".join([r["judul"], r["isi_berita"]]) for r in sample]
    seed = (shared / "seeds" / "000_06c8b470d410e0ad.txt").read_text(encoding="utf-8")
    def pages_per_second(func, inputs) -> float:
        """Pages per second of this process's CPU time: per core, and steady on a busy machine."""
        start = time.process_time()
        for item in inputs:
            func(item)
        return len(inputs) / (time.process_time() - start)

    def without_glue(func):
        """``func`` with glue repair switched off, to show what the repair costs."""

        def run(item):
            original = text.glue.repair_paragraphs
            text.glue.repair_paragraphs = list
            try:
                return func(item)
            finally:
                text.glue.repair_paragraphs = original

        return run

    for page in pages[:20]:  # load the word lists before timing
        extract_text(page)
    print("speed, 1 core (CPU time)")
    for label, func, inputs in (
        ("text scrape (extract_text)", extract_text, pages + [seed] * 50),
        ("  same, glue repair off", without_glue(extract_text), pages + [seed] * 50),
        ("news CSV row (article_from_news_row)", article_from_news_row, sample),
        ("  same, glue repair off", without_glue(article_from_news_row), sample),
        ("baseline: split lines only", lambda x: [ln for ln in x.split("\n") if ln.strip()], pages),
    ):
        rate = pages_per_second(func, inputs)
        print(f"  {label:40s} {rate:9.1f} pages/s ({len(inputs)} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
