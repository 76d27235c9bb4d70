"""Named-entity benchmark: entity-level F1 (exact span and label) on NERGrit valid and
idner-news-2k dev, for the gazetteer alone (baseline), the CRF alone, and the shipped
``extract_entities`` (CRF + gazetteer + clean-up); then speed on real 2025 news articles.

    python bench/language_ner.py [--articles 300]

Neither evaluation set annotates events, so EVENT predictions are left out of the scores.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from saring.config import shared_dir  # noqa: E402
from saring.language import entities  # noqa: E402
from saring.language.crf_features import match_gazetteer, read_bio_corpus, sentence_features, tokenize  # noqa: E402

EVAL_SETS = (("NERGrit valid", "nergrit_ner-grit/valid.txt"), ("idner-news-2k dev", "idner-news-2k/dev.txt"))
SCORED = ("PERSON", "ORGANISATION", "LOCATION")
Spans = set[tuple[int, int, int, str]]  # (sentence, start char, end char, label)


def gold_and_texts(path: Path) -> tuple[list[str], list[list[tuple[int, int]]], Spans]:
    """Sentences as text (tokens joined by spaces, hyphens glued back as the corpora split
    them from "Zeta-Jones"), each token's character range, and the gold spans."""
    texts, offsets, gold = [], [], set()
    for n, (tokens, tags) in enumerate(read_bio_corpus(str(path))):
        text, ranges = "", []
        for i, tok in enumerate(tokens):
            if i and tok != "-" and tokens[i - 1] != "-":
                text += " "
            ranges.append((len(text), len(text) + len(tok)))
            text += tok
        texts.append(text)
        offsets.append(ranges)
        for start, end, label in entities._bio_spans(tags):
            gold.add((n, ranges[start][0], ranges[end - 1][1], label))
    return texts, offsets, gold


def predict_gazetteer(texts: list[str], offsets: list[list[tuple[int, int]]]) -> Spans:
    out = set()
    for n, (text, ranges) in enumerate(zip(texts, offsets)):
        words = [text[a:b] for a, b in ranges]
        for m in match_gazetteer(words):
            out.add((n, ranges[m.start][0], ranges[m.end - 1][1], m.group.label))
    return out


def predict_crf(texts: list[str], offsets: list[list[tuple[int, int]]]) -> Spans:
    tagger, out = entities._tagger(), set()
    for n, (text, ranges) in enumerate(zip(texts, offsets)):
        words = [text[a:b] for a, b in ranges]
        for start, end, label in entities._bio_spans(tagger.tag(sentence_features(words))):
            out.add((n, ranges[start][0], ranges[end - 1][1], label))
    return out


def predict_full(texts: list[str], offsets: list[list[tuple[int, int]]]) -> Spans:
    return {
        (n, span.start, span.end, e.label)
        for n, text in enumerate(texts)
        for e in entities.extract_entities(text)
        for span in e.mentions
    }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _overlapping(span: tuple[int, int, int, str], others: Spans) -> bool:
    return any(o[0] == span[0] and o[3] == span[3] and o[1] < span[2] and span[1] < o[2] for o in others)


def scores(gold: Spans, predicted: Spans) -> dict[str, tuple[float, float, float, float]]:
    """Per label: exact-span precision, recall, F1, and the F1 when overlapping spans of the
    same label count (corpora disagree on "desa X", bracketed acronyms, titles)."""
    predicted = {p for p in predicted if p[3] in SCORED}
    out = {}
    for label in (*SCORED, "all"):
        g = {s for s in gold if label in ("all", s[3])}
        p = {s for s in predicted if label in ("all", s[3])}
        tp = len(g & p)
        prec = tp / len(p) if p else 0.0
        rec = tp / len(g) if g else 0.0
        loose_p = sum(_overlapping(s, g) for s in p) / len(p) if p else 0.0
        loose_r = sum(_overlapping(s, p) for s in g) / len(g) if g else 0.0
        out[label] = (prec, rec, _f1(prec, rec), _f1(loose_p, loose_r))
    return out


def news_articles(shared: Path, limit: int) -> list[str]:
    csv.field_size_limit(1 << 30)
    seen, out = set(), []
    for path in sorted((shared / "data" / "news").glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                if row["url"] not in seen and row["isi_berita"].strip():
                    seen.add(row["url"])
                    out.append(row["isi_berita"])
                    if len(out) >= limit:
                        return out
    return out


def timed(func, items: list[str]) -> list[float]:
    """CPU milliseconds per item (process time: other work on the machine does not count)."""
    out = []
    for item in items:
        started = time.process_time()
        func(item)
        out.append((time.process_time() - started) * 1000)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=300, help="news articles for the speed run")
    args = parser.parse_args()
    shared = shared_dir()
    if shared is None:
        print("../shared not found", file=sys.stderr)
        return 1
    systems = (("gazetteer only (baseline)", predict_gazetteer), ("CRF alone", predict_crf),
               ("extract_entities", predict_full))
    for set_name, rel in EVAL_SETS:
        texts, offsets, gold = gold_and_texts(shared / "data" / "ner" / rel)
        counts = Counter(s[3] for s in gold)
        print(f"\n## {set_name}: {len(texts)} sentences, gold {dict(counts)}")
        print(f"{'system':28} {'label':13} {'P':>6} {'R':>6} {'F1':>6} {'overlap F1':>11}")
        for name, predict in systems:
            for label, (p, r, f, loose) in scores(gold, predict(texts, offsets)).items():
                print(f"{name:28} {label:13} {p:6.3f} {r:6.3f} {f:6.3f} {loose:11.3f}")

    articles = news_articles(shared, args.articles)
    entities.extract_entities("Pemanasan: Presiden Joko Widodo di Jakarta.")  # load the model first
    print(f"\n## speed: {len(articles)} news articles, mean {statistics.mean(map(len, articles)) / 1000:.1f} KB")
    for name, func in (
        ("gazetteer only (baseline)", lambda text: match_gazetteer(tokenize(text))),
        ("extract_entities", entities.extract_entities),
    ):
        ms = sorted(timed(func, articles))
        p95 = ms[int(0.95 * (len(ms) - 1))]
        print(
            f"{name:28} mean {statistics.mean(ms):6.2f} ms  p50 {statistics.median(ms):6.2f} ms  "
            f"p95 {p95:6.2f} ms  -> {1000 / statistics.mean(ms):6.0f} articles/s/core"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
