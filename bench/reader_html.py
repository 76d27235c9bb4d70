"""Benchmark: the HTML reader against trafilatura and readability-lxml on html-gold.

Runs on ../shared/data/html-gold (26 Indonesian news pages with gold title, date and body)
and on the general pages written for the tests (tests/reader/html_pages/general: blogs, page
builders, tables, split articles, teaser lists, pages in other languages, each with its gold
body), and prints, for saring's reader and the baselines measured in the same run:

- body token F1: multiset overlap of lower-cased word tokens (as in the ScrapingHub article
  extraction benchmark), mean over the 25 Indonesian pages (the English Tempo page is shown
  apart);
- title exact match and published date right to the day (in WIB), for the readers that give
  them;
- speed: pages per second on one core over the same HTML, each reader with its metadata,
  after one untimed page (lazy imports and word lists are a one-off cost).

On the general pages: body token F1 (mean and pages under 0.5) and language right.

Usage: python bench/reader_html.py [--pages DIR] [--repeat N] [--detail]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from saring.config import shared_dir  # noqa: E402
from saring.reader.html import extract_html  # noqa: E402

WIB = timezone(timedelta(hours=7))
_WORD = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.lower()))


def token_f1(predicted: str, gold: str) -> float:
    """Multiset token overlap F1 (ScrapingHub article-extraction-benchmark style)."""
    pred, ref = tokens(predicted), tokens(gold)
    overlap = sum((pred & ref).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(pred.values())
    recall = overlap / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


def gold_day(epoch_ms: int) -> str:
    return datetime.fromtimestamp(epoch_ms / 1000, WIB).date().isoformat()


def iso_day(value: str) -> str:
    """The WIB calendar day of an ISO date or datetime ("" when absent)."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value[:10]
    if moment.tzinfo is None or len(value) <= 10:
        return moment.date().isoformat()
    return moment.astimezone(WIB).date().isoformat()


def saring_reader(html: bytes, url: str) -> tuple[str, str, str]:
    return saring_article(html, url)[:3]


def saring_article(html: bytes, url: str) -> tuple[str, str, str, str]:
    """Body paragraphs with the subheadings in their places (they are article text too);
    the dateline prefix that the reader moves into source/dateline is not put back."""
    article = extract_html(html, url)
    lines = list(article.body)
    for heading in reversed(article.headings):
        lines.insert(heading.before_paragraph, heading.text)
    return article.title, article.published, "\n".join(lines), article.language


def trafilatura_reader(html: bytes, url: str) -> tuple[str, str, str]:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return "", "", ""
    return doc.title or "", doc.date or "", doc.text or ""


def readability_reader(html: bytes, url: str) -> tuple[str, str, str]:
    import lxml.html
    from readability import Document

    doc = Document(html, url=url)
    text = lxml.html.fromstring(doc.summary()).text_content() if doc.summary() else ""
    return doc.short_title(), "", text


READERS: dict[str, Callable[[bytes, str], tuple[str, str, str]]] = {
    "saring": saring_reader,
    "trafilatura 2 (with metadata)": trafilatura_reader,
    "readability-lxml": readability_reader,
}


def load(pages: Path) -> list[dict]:
    rows = [json.loads(line) for line in (pages.parent / "gold.jsonl").open(encoding="utf-8")]
    for row in rows:
        row["html"] = (pages / row["file"]).read_bytes()
    return rows


def run(rows: list[dict], repeat: int, detail: bool) -> None:
    print(f"{len(rows)} pages; F1 over the {sum(r['site'] != 'tempo-english' for r in rows)} "
          "Indonesian pages\n")
    header = f"{'reader':32} {'body F1':>8} {'title':>7} {'date':>7} {'EN F1':>6} {'pages/s':>8}"
    print(header)
    print("-" * len(header))
    for name, reader in READERS.items():
        f1s, titles, dates, english = [], [], [], []
        reader(rows[0]["html"], rows[0]["url"])  # lazy imports and word lists load untimed
        started = time.process_time()
        for _ in range(repeat):
            outputs = [reader(r["html"], r["url"]) for r in rows]
        seconds = (time.process_time() - started) / repeat
        for row, (title, published, body) in zip(rows, outputs):
            f1 = token_f1(body, row["content"])
            if row["site"] == "tempo-english":
                english.append(f1)
                continue
            f1s.append(f1)
            titles.append(" ".join(title.split()) == " ".join(row["title"].split()))
            dates.append(iso_day(published) == gold_day(row["date"]))
            if detail and name == "saring":
                flags = ("" if titles[-1] else f" title={title!r}") + (
                    "" if dates[-1] else f" date={published!r} gold={gold_day(row['date'])}")
                print(f"  {row['file']:30} F1 {f1:.3f}{flags}")
        date_cell = f"{sum(dates) / len(dates):7.0%}" if name != "readability-lxml" else "    n/a"
        print(f"{name:32} {sum(f1s) / len(f1s):8.3f} {sum(titles) / len(titles):7.0%} "
              f"{date_cell} {sum(english) / max(1, len(english)):6.3f} "
              f"{len(rows) / seconds:8.1f}")


GENERAL = ROOT / "tests" / "reader" / "html_pages" / "general"


def load_general() -> list[dict]:
    gold = json.loads((GENERAL / "gold.json").read_text(encoding="utf-8"))
    rows = []
    for name, row in sorted(gold.items()):
        rows.append({**row, "file": name, "html": (GENERAL / name).read_bytes(),
                     "content": (GENERAL / name).with_suffix(".txt").read_text(encoding="utf-8")})
    return rows


def run_general(rows: list[dict], repeat: int, detail: bool) -> None:
    print(f"\n{len(rows)} general pages (tests/reader/html_pages/general)\n")
    header = f"{'reader':32} {'body F1':>8} {'F1<0.5':>7} {'lang':>6} {'pages/s':>8}"
    print(header)
    print("-" * len(header))
    for name, reader in READERS.items():
        reader(rows[0]["html"], rows[0]["url"])  # lazy imports and word lists load untimed
        started = time.process_time()
        for _ in range(repeat):
            outputs = [reader(r["html"], r["url"]) for r in rows]
        seconds = (time.process_time() - started) / repeat
        f1s = [token_f1(body, row["content"]) for row, (_, _, body) in zip(rows, outputs)]
        languages = "    - "
        if name == "saring":
            found = [saring_article(r["html"], r["url"])[3] for r in rows]
            languages = f"{sum(f == r['language'] for f, r in zip(found, rows)) / len(rows):6.0%}"
        if detail:
            for row, f1 in zip(rows, f1s):
                print(f"  {row['file']:30} F1 {f1:.3f}")
        print(f"{name:32} {sum(f1s) / len(f1s):8.3f} {sum(f < 0.5 for f in f1s):7d} {languages} "
              f"{len(rows) / seconds:8.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, help="folder of pages (default ../shared/...)")
    parser.add_argument("--repeat", type=int, default=3, help="timing repetitions (default 3)")
    parser.add_argument("--detail", action="store_true", help="per-page figures for saring")
    args = parser.parse_args()
    pages = args.pages
    if pages is None:
        shared = shared_dir()
        if shared is None:
            print("../shared is absent: nothing to measure", file=sys.stderr)
            return 2
        pages = shared / "data" / "html-gold" / "pages"
    warnings.filterwarnings("ignore")
    run(load(pages), args.repeat, args.detail)
    run_general(load_general(), args.repeat, args.detail)
    return 0


if __name__ == "__main__":
    sys.exit(main())
