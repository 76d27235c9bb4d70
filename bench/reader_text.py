"""Reader benchmark for text scrapes: glued-word repair quality and pages per second.

    python bench/reader_text.py            # gold sample + speed on the shared news CSVs

Repair is scored on saring/data/glue_gold.tsv (hand-checked tokens from ../shared/data/news,
each read in its own article so that the article's vocabulary counts, as in the reader).
Precision = correct splits / splits made; recall = glued tokens repaired exactly / glued
tokens; false splits = real words split. The baseline beside it is wordfreq's own segmenter
(`wordfreq.tokenize` does not split Indonesian), i.e. the naive "split whatever the word
list can cover" rule: the same DP with no protections. Speed is measured for the full text
reader (extract_text on a page, article_from_news_row on a CSV row) against a plain
line-splitting baseline, on one core.
"""

from __future__ import annotations

import csv
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from saring.config import shared_dir  # noqa: E402
from saring.reader import glue  # noqa: E402
from saring.reader.text import (  # noqa: E402
    article_from_news_row,
    drop_container_copies,
    extract_text,
)

GOLD = ROOT / "saring" / "data" / "glue_gold.tsv"


def news_rows(shared: Path) -> list[dict[str, str]]:
    rows, seen = [], set()
    for path in sorted((shared / "data" / "news").glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                if row["url"] not in seen:
                    seen.add(row["url"])
                    rows.append(row)
    return rows


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


def main() -> int:
    shared = shared_dir()
    if shared is None:
        print("../shared is absent: nothing to measure")
        return 1
    rows = news_rows(shared)
    gold = [
        tuple(line.rstrip("\n").split("\t")[:2])
        for line in GOLD.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    # each gold token is repaired inside the first article that contains it
    wanted = {token for token, _ in gold}
    context: dict[str, tuple[str, glue.Vocabulary]] = {}
    word = re.compile(r"[^\W\d_]+")
    for row in rows:
        lines = [" ".join(line.split()) for line in row["isi_berita"].split("\n")]
        text = "\n".join(drop_container_copies([line for line in lines if line]))
        found = [m for m in word.finditer(text) if m.group() in wanted and m.group() not in context]
        if found:
            vocab = glue.Vocabulary(glue.document_vocabulary(text.split("\n")))
            for m in found:
                before = text[m.start() - 1] if m.start() else ""
                context[m.group()] = (before, vocab)

    def ours(token: str) -> str:
        before, vocab = context.get(token, ("", glue.Vocabulary()))
        return glue.repair(before + token, vocab)[len(before) :]

    print(f"glued-word repair on {len(gold)} hand-checked tokens from the news CSVs")
    for name, predict in (("saring glue", ours), ("baseline: naive wordfreq cover", naive_split)):
        s = score(gold, predict)
        print(
            f"  {name:32s} precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
            f"false splits {s['false_split_rate']:.3f}  ({s['glued']} glued, {s['real']} real words)"
        )

    sample = rows[:1500]
    pages = ["\n\n".join([r["judul"], r["isi_berita"]]) for r in sample]
    seed = (shared / "seeds" / "000_06c8b470d410e0ad.txt").read_text(encoding="utf-8")
    for label, func, inputs in (
        ("text scrape (extract_text)", extract_text, pages + [seed] * 50),
        ("news CSV row (article_from_news_row)", article_from_news_row, sample),
        ("baseline: split lines only", lambda x: [l for l in str(x).split("\n") if l.strip()], pages),
    ):
        start = time.perf_counter()
        for item in inputs:
            func(item)
        elapsed = time.perf_counter() - start
        print(f"  {label:40s} {len(inputs) / elapsed:9.1f} pages/s ({len(inputs)} pages, 1 core)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
