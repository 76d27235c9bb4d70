"""Latency of `Answerer.ask` inside a running process, at archive scale, and where time goes.

The archive holds the turnbackhoax fact-checks plus generated news variants (the archive
benchmark's generator: paragraphs of the shared news recombined, names and numbers changed).
1,000 queries cycle through the dev and held-out query files (keyword, question, forwarded,
English, no-match). Beside it, in the same run: the archive's own `Store.search` on the same
raw text, the baseline a tipline without the answer layer would have. Matching quality on the
dev and held-out queries is measured again at this scale (news variants compete with the
fact-checks for the first stage's candidates).

    python bench/answer_latency.py                 # 100,000 documents
    python bench/answer_latency.py --million       # 1,000,000 documents (build takes long)
    python bench/answer_latency.py --db PATH       # reuse an archive (an earlier run's, or the news
                                                   # of bench/archive_scale.py --keep; fact-checks added)

Goal: p99 <= 20 ms at 1M documents on this 2-core machine (issue #16).
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

from answer_common import archive_items, query_sets
from archive_scale import Variants, load_bases

from saring.answer import Answerer
from saring.answer.evaluate import Outcome, evaluate
from saring.answer.language import detect
from saring.answer.matcher import Candidate, featurize, group_repeats, score
from saring.answer.normalize import clean
from saring.answer.query import build
from saring.archive import open_store
from saring.config import shared_dir


def percentiles(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    at = lambda q: 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return f"p50 {at(0.5):6.1f} ms  p99 {at(0.99):6.1f} ms  mean {1000 * statistics.mean(ordered):6.1f} ms"


def build_archive(path: Path, docs: int) -> None:
    shared = shared_dir()
    if shared is None:
        sys.exit("../shared is absent: this benchmark needs the shared news and fact-checks")
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    started = time.perf_counter()
    variants = Variants(load_bases(shared))
    with open_store(str(path)) as store:
        store.ingest(archive_items())
        store.ingest(variants(i) for i in range(docs))
        if hasattr(store, "optimize"):
            store.optimize()
    print(f"built {docs:,} news variants + fact-checks in {time.perf_counter() - started:,.0f} s")


def stages(answerer: Answerer, text: str, clock: dict[str, float]) -> None:
    """The stages of one ask, timed one by one (the same calls ask makes)."""
    t0 = time.perf_counter()
    message = clean(text)
    if message.problem:
        return
    query = build(message, detect(message.language_text))
    t1 = time.perf_counter()
    hits = answerer.matcher.first_stage(query)
    t2 = time.perf_counter()
    items = {item.id: item for item in answerer.store.get_many([h.id for h in hits])}
    t3 = time.perf_counter()
    found = [Candidate(items[h.id], h.score, r) for r, h in enumerate(hits) if h.id in items]
    featurize(query, found, answerer.matcher.profiles)
    score(found)
    group_repeats(sorted(found, key=lambda c: -c.probability))
    t4 = time.perf_counter()
    for name, seconds in (("clean+language+concepts", t1 - t0), ("first stage (search index)", t2 - t1),
                          ("fetch candidates", t3 - t2), ("features+model+grouping", t4 - t3)):
        clock[name] = clock.get(name, 0.0) + seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000, help="news variants in the archive")
    parser.add_argument("--million", action="store_true", help="1,000,000 news variants")
    parser.add_argument("--db", help="archive to use (built there when missing)")
    parser.add_argument("--queries", type=int, default=1000)
    args = parser.parse_args()
    docs = 1_000_000 if args.million else args.docs
    path = Path(args.db or Path(tempfile.gettempdir()) / f"saring_answer_latency_{docs}.db")
    if not path.exists():
        build_archive(path, docs)
    else:  # e.g. the archive benchmark's 1M news: add the fact-checks (unchanged when present)
        with open_store(str(path)) as store:
            added = store.ingest(archive_items())
        print(f"fact-checks into {path}: {added.new:,} new, {added.unchanged:,} already there")
    texts = [q.query for split in query_sets().values() for q in split]
    queries = list(itertools.islice(itertools.cycle(texts), args.queries))
    with open_store(str(path)) as store:
        answerer = Answerer(store, log_queries=False)
        stats = store.stats()
        print(f"archive {path}: {stats['items']:,} items {stats['by_kind']}; {len(queries)} queries "
              f"({len(set(queries))} distinct: keyword, question, forwarded, English, no-match)")
        for text in texts[:50]:  # warm caches, as a running process is
            answerer.ask(text)
        timings: dict[str, list[float]] = {"saring ask": [], "saring ask, CPU": [], "Store.search (baseline)": [],
                                           "Store.search, CPU": []}
        for text in queries:
            start, cpu = time.perf_counter(), time.process_time()
            answerer.ask(text)
            timings["saring ask"].append(time.perf_counter() - start)
            timings["saring ask, CPU"].append(time.process_time() - cpu)
            start, cpu = time.perf_counter(), time.process_time()
            store.search(text, limit=3)
            timings["Store.search (baseline)"].append(time.perf_counter() - start)
            timings["Store.search, CPU"].append(time.process_time() - cpu)
        for name, seconds in timings.items():
            print(f"  {name:<26} {percentiles(seconds)}")
        clock: dict[str, float] = {}
        for text in queries:
            stages(answerer, text, clock)
        total = sum(clock.values())
        print("  where ask's time goes: " + ", ".join(f"{k} {v / total:.0%}" for k, v in clock.items()))
        for split, split_queries in query_sets().items():
            report = evaluate(split_queries,
                              lambda text: Outcome([[m.url, *m.also] for m in answerer.ask(text).matches]))
            print(f"  quality at this scale [{split}]: Recall@3 " +
                  ", ".join(f"{k} {v:.3f}" for k, v in report["recall@3"].items()) +
                  f"; no-match precision {report['no_match']['precision']:.3f}"
                  f" recall {report['no_match']['recall']:.3f}")
        p99 = sorted(timings["saring ask"])[int(0.99 * len(queries))]
        print(f"  goal p99 <= 20 ms (at 1M, issue #16): {'met' if p99 <= 0.02 else 'NOT met'} at {stats['items']:,} "
              f"items ({1000 * p99:.1f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
