"""Matching quality of `saring ask` beside a plain BM25 baseline, on dev and held-out queries.

Both systems search the same archive (turnbackhoax fact-checks minus the withheld ones) over
the same fields (claim, title, conclusion) with the same analyser (saring.text.tokens);
the baseline is bm25s with a no-match score threshold calibrated on the dev queries.

News reporting ("apa kata <speaker> soal <topic>", keywords; bench/answer_news_queries.py) is
measured on the fact-checks plus the shared 2025 news (analysed; some withheld for no-match),
beside bm25s over claim/title/conclusion for fact-checks and title/lead/body for news.

    python bench/answer_matching.py [--misses 5] [--json] [--no-news]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from answer_common import (
    BM25Baseline,
    archive_items,
    build_news_store,
    build_store,
    news_items,
    news_query_sets,
    query_sets,
)

from saring.answer import Answerer
from saring.answer.evaluate import Outcome, evaluate

BARS = {"keyword": 0.90, "question": 0.90, "forwarded": 0.90, "english": 0.80}
NEWS_TYPES = ("news-question", "news-keyword")


def row(name: str, report: dict) -> str:
    recall = report["recall@3"]
    cells = [f"{recall.get(t, float('nan')):.3f}" for t in BARS]
    nm = report["no_match"]
    cells += [f"{nm['precision'] or 0:.3f}", f"{nm['recall'] or 0:.3f}"]
    return f"{name:<22}" + "".join(f"{c:>11}" for c in cells)


def news_figures(db: Path, factchecks: list) -> tuple[dict, str]:
    """Recall@3 and no-match figures of the news-reporting queries on fact-checks + news."""
    news = news_items()
    store = build_news_store(db, news)
    baseline = BM25Baseline([*factchecks, *news])
    sets = news_query_sets()
    baseline.calibrate(sets["dev"])
    answerer = Answerer(store, log_queries=False)

    def ours(text: str) -> Outcome:
        return Outcome([[m.url, *m.also] for m in answerer.ask(text).matches])

    results = {}
    for split, queries in sets.items():
        results[(split, "saring ask")] = evaluate(queries, ours)
        results[(split, "bm25s baseline")] = evaluate(queries, baseline.outcome)
    return results, f"{len(factchecks)} fact-checks + {len(news)} news articles"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", type=int, default=0, help="list this many misses per split")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-news", action="store_true", help="skip the news-reporting queries")
    args = parser.parse_args()
    started = time.time()
    db = Path(tempfile.gettempdir()) / "saring_answer_matching.db"
    store = build_store(db)
    items = archive_items()
    baseline = BM25Baseline(items)
    sets = query_sets()
    baseline.calibrate(sets["dev"])
    answerer = Answerer(store, log_queries=False)

    def ours(text: str) -> Outcome:
        return Outcome([[m.url, *m.also] for m in answerer.ask(text).matches])

    results = {}
    if not args.no_news:
        news_results, news_archive = news_figures(db.with_suffix(".news.db"), items)
    for split, queries in sets.items():
        t0 = time.perf_counter()
        results[(split, "saring ask")] = evaluate(queries, ours)
        ours_seconds = time.perf_counter() - t0
        results[(split, "bm25s baseline")] = evaluate(queries, baseline.outcome)
        results[(split, "saring ask")]["ms_per_query"] = round(1000 * ours_seconds / len(queries), 1)
    if args.json:
        every = {**results, **({} if args.no_news else {(f"news-{s}", n): r for (s, n), r in news_results.items()})}
        print(json.dumps({f"{s}/{n}": {k: v for k, v in r.items() if k != "misses"} for (s, n), r in every.items()},
                         indent=1))
        return 0
    print(f"archive: {len(items)} fact-checks; queries: " +
          ", ".join(f"{s} {len(q)}" for s, q in sets.items()) +
          f"; bm25s no-match threshold {baseline.threshold} (calibrated on dev)")
    header = f"{'Recall@3 / no-match':<22}" + "".join(f"{h:>11}" for h in [*BARS, "nm-prec", "nm-recall"])
    for split in sets:
        counts = results[(split, "saring ask")]["counts"]
        print(f"\n[{split}]  n = " + ", ".join(f"{t} {counts.get(t, 0)}" for t in [*BARS, "no-match"]))
        print(header)
        print(f"{'bar':<22}" + "".join(f"{v:>11.2f}" for v in BARS.values()) + f"{0.9:>11.2f}{0.9:>11.2f}")
        for name in ("saring ask", "bm25s baseline"):
            print(row(name, results[(split, name)]))
        print(f"saring ask: {results[(split, 'saring ask')]['ms_per_query']} ms/query (single process, warm)")
        for miss in results[(split, "saring ask")]["misses"][: args.misses]:
            print("  miss", json.dumps(miss, ensure_ascii=False)[:200])
    if not args.no_news:
        print(f"\nNEWS REPORTING (archive: {news_archive}; bm25s over title+lead+body for news, "
              "threshold calibrated on news dev)")
        print(f"{'Recall@3 / no-match':<22}" + "".join(f"{h:>15}" for h in [*NEWS_TYPES, "nm-prec", "nm-recall"]))
        for (split, name), report in news_results.items():
            recall, nm = report["recall@3"], report["no_match"]
            cells = [recall.get(t, float("nan")) for t in NEWS_TYPES] + [nm["precision"] or 0, nm["recall"] or 0]
            print(f"{split + ' ' + name:<22}" + "".join(f"{c:>15.3f}" for c in cells))
            for miss in report["misses"][: args.misses if name == "saring ask" else 0]:
                print("  miss", json.dumps(miss, ensure_ascii=False)[:200])
    print(f"\n{time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
