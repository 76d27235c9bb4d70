"""Benchmark: the language identifier (saring.text.languages) beside the answer layer's
detector (saring.answer.language, id/en/ms only), on the same texts in one run.

Texts: html-gold article bodies (25 Indonesian, 1 English) and 300 Indonesian headlines from
../shared/data/news; the general test pages' gold bodies (tests/reader/html_pages/general:
Indonesian, Malay, English, Tagalog, Portuguese, Spanish). Prints accuracy per set (a text
counts as right when the label is its language; "und"/"" is wrong) and texts per second.

Usage: python bench/reader_languages.py [--titles N]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from saring.answer.language import detect as answer_detect  # noqa: E402
from saring.config import shared_dir  # noqa: E402
from saring.text.languages import identify  # noqa: E402

GENERAL = ROOT / "tests" / "reader" / "html_pages" / "general"


def sets(titles: int) -> dict[str, list[tuple[str, str]]]:
    gold = json.loads((GENERAL / "gold.json").read_text(encoding="utf-8"))
    found = {"general pages": [(row["language"], (GENERAL / name).with_suffix(".txt").read_text("utf-8"))
                               for name, row in sorted(gold.items())]}
    shared = shared_dir()
    if shared is None:
        print("../shared is absent: only the general pages are measured", file=sys.stderr)
        return found
    rows = [json.loads(line) for line in (shared / "data/html-gold/gold.jsonl").open(encoding="utf-8")]
    found["html-gold bodies"] = [("en" if r["site"] == "tempo-english" else "id", r["content"]) for r in rows]
    csv.field_size_limit(10**8)
    with (shared / "data/news/scrapping_news_2025-06-18.csv").open(encoding="utf-8-sig") as fh:
        news = [r["judul"] for r in csv.DictReader(fh) if r.get("judul")]
    found["news headlines"] = [("id", t) for t in random.Random(3).sample(news, min(titles, len(news)))]
    return found


DETECTORS: dict[str, Callable[[str], str]] = {
    "saring.text.languages": lambda text: identify(text).language or "und",
    "saring.answer.language": answer_detect,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--titles", type=int, default=300, help="news headlines (default 300)")
    args = parser.parse_args()
    data = sets(args.titles)
    header = f"{'detector':24}" + "".join(f"{name:>18}" for name in data) + f"{'texts/s':>10}"
    print(header)
    print("-" * len(header))
    for name, detect in DETECTORS.items():
        detect("warm up: lazy word lists load untimed")
        cells, count = [], 0
        started = time.process_time()
        for texts in data.values():
            right = sum(detect(text) == language for language, text in texts)
            cells.append(f"{right:>10}/{len(texts):<4} ")
            count += len(texts)
        seconds = time.process_time() - started
        print(f"{name:24}" + "".join(f"{c:>18}" for c in cells) + f"{count / seconds:10.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
