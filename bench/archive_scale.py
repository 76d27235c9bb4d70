"""Archive at scale: build time, size on disk, ingest RSS and keyword-query latency, beside raw
tantivy, SQLite FTS5's bm25() and bm25s, all in one run on the same documents.

Generates realistic article variants from the shared news (paragraphs recombined from several
stories, names, numbers and dates changed — not copies), ingests them into a fresh SQLite
archive (records in SQLite, the search index in tantivy beside it), then times 200 fixed keyword
queries (p50/p99, wall and CPU) through ``Store.search`` (ranking, snippets and all), with date
and outlet filters, and the ranking alone. The baselines index the same documents with the same
analyser (saring.text.tokens stems and stop words): tantivy as a bare library (title^3 + body,
every word required, as the store's first pass), an FTS5 table ranked by bm25(3, 1), and bm25s.

    python bench/archive_scale.py                       # 100,000 documents (a few minutes)
    python bench/archive_scale.py --docs 1000000 --baseline-docs 100000 --dir D --keep   # the 1M bars
    python bench/archive_scale.py --docs 1000000 --dir D --reuse   # queries only, on a kept archive
    python bench/archive_scale.py --docs 100000 --postgres postgresql://127.0.0.1/test   # PostgreSQL too

Raw tantivy is always built at --docs (the bars are ratios to it); FTS5 and bm25s at
--baseline-docs (default: --docs), bm25s keeping its index in RAM.

Bars (issue #16), at 1M and 100k: search p99 <= 3x raw tantivy's; ask p99 <= 20 ms
(bench/answer_latency.py); index <= 2x raw tantivy's size; top 10 exact; filtered searches
within 2x of unfiltered; ingest >= 552 docs/s per core.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from array import array
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from saring.archive import open_store  # noqa: E402
from saring.archive.analysis import index_stems, query_tokens  # noqa: E402
from saring.archive.base import DEFAULT_WEIGHTS, Filters  # noqa: E402
from saring.config import shared_dir  # noqa: E402
from saring.model import Article  # noqa: E402
from saring.reader import read_paths  # noqa: E402
from saring.text.tokens import STOPWORDS, stem  # noqa: E402

QUERIES = 200
FILTER_SINCE, FILTER_OUTLET = "2024-01-01", "detik"  # filtered searches, timed beside the plain ones
HAND_WRITTEN = [
    "pemadaman listrik jawa bali", "harga beras naik", "vaksin covid", "gempa cianjur", "banjir jakarta",
    "presiden prabowo", "timnas indonesia", "harga bbm pertalite", "kebakaran hutan", "bansos pemerintah",
    "korupsi kementerian", "pemilu 2024", "demo mahasiswa", "kecelakaan kereta", "tol cipularang",
    "ibu kota nusantara", "haji 2025 kuota", "rupiah melemah dolar", "judi online", "pinjaman online ilegal",
    "cuaca ekstrem bmkg", "israel gaza", "iran amerika", "sekolah rakyat", "makan bergizi gratis",
    "polisi tangkap pelaku", "kpk periksa", "gunung meletus", "mudik lebaran", "ekspor nikel",
]


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_bases(shared: Path) -> list[Article]:
    """The shared news as the reader makes them, one per URL, with enough text to recombine."""
    paths = sorted(str(p) for p in (shared / "data" / "news").glob("*.csv"))
    seen, out = set(), []
    for item in read_paths(paths):
        if isinstance(item, Article) and item.url not in seen and len(item.body) >= 2:
            seen.add(item.url)
            out.append(item)
    return out


class Variants:
    """Deterministic article variants: document i is always the same text."""

    NAME = re.compile(r"(?<=[a-z,;] )([A-Z][a-z]{3,}(?: [A-Z][a-z]{3,})?)")
    NUMBER = re.compile(r"\d+")

    def __init__(self, bases: list[Article], seed: int = 1):
        self.bases, self.seed = bases, seed
        names = {m for a in bases for p in a.body for m in self.NAME.findall(p)}
        self.names = sorted(names)

    def __call__(self, i: int) -> Article:
        rng = random.Random(self.seed * 10_000_019 + i)
        base = rng.choice(self.bases)
        others = rng.sample(self.bases, 2)
        paragraphs = base.body[: rng.randint(1, min(4, len(base.body)))]
        for other in others:
            start = rng.randrange(len(other.body))
            paragraphs += other.body[start : start + rng.randint(1, 3)]
        swaps = {n: rng.choice(self.names) for n in rng.sample(self.names, 40)}
        body = [self._vary(p, rng, swaps) for p in paragraphs]
        day = rng.randrange(4200)  # 2015-01-01 .. 2026-06
        published = time.strftime("%Y-%m-%dT%H:%M:00+07:00",
                                  time.gmtime(1420070400 + day * 86400 + rng.randrange(86400)))
        host = (base.source or "berita.id").lower()
        return Article(source=base.source, url=f"https://{host}/read/{i}/{rng.getrandbits(32):x}",
                       title=self._vary(base.title, rng, swaps), body=body, published=published,
                       language="id")

    def _vary(self, text: str, rng: random.Random, swaps: dict[str, str]) -> str:
        text = self.NAME.sub(lambda m: swaps.get(m.group(1), m.group(1)), text)
        return self.NUMBER.sub(lambda m: str(max(1, int(int(m.group()[:9]) * rng.uniform(0.5, 1.5)))), text)

    def stream(self, count: int, samples: list) -> Iterator[Article]:
        """The first ``count`` variants, sampling the process RSS as the ingest goes."""
        step = max(1, count // 10)
        for i in range(count):
            if i % step == 0:
                samples.append((i, rss_mb()))
            yield self(i)


def fixed_queries(bases: list[Article]) -> list[str]:
    """200 keyword queries: typical tipline topics, then 1-4 content words of real headlines."""
    rng = random.Random(42)
    queries = list(HAND_WRITTEN)
    while len(queries) < QUERIES:
        words = [w for w in re.findall(r"[a-zA-Z]{4,}", rng.choice(bases).title) if w.lower() not in STOPWORDS]
        if words:
            k = min(len(words), rng.choice((1, 2, 2, 3, 3, 4)))
            queries.append(" ".join(rng.sample(words, k)).lower())
    return queries


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return p(0.50), p(0.99), statistics.mean(ordered) * 1000


def time_queries(run, queries: list[str]) -> tuple[float, ...]:
    """Wall p50, p99, mean; share of queries with hits; CPU p50, p99 (the machine may be shared:
    the process's CPU time is what the query itself costs)."""
    for q in queries:  # warm caches, as a running server is
        run(q)
    latencies, cpu, hits = [], [], 0
    for q in queries:
        start, start_cpu = time.perf_counter(), time.process_time()
        hits += bool(run(q))
        latencies.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return (*percentiles(latencies), hits / len(queries), *percentiles(cpu)[:2])


def dir_size(path: str) -> int:
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(root, f)) for root, _, files in os.walk(path) for f in files)


def build_store(location: str, variants: Variants, count: int) -> dict:
    samples: list = []
    cpu, wall = time.process_time(), time.perf_counter()
    with open_store(location) as store:
        summary = store.ingest(variants.stream(count, samples))
        ingest_wall, ingest_cpu = time.perf_counter() - wall, time.process_time() - cpu
        start = time.perf_counter()
        store.optimize()
        optimize = time.perf_counter() - start
    return {"summary": summary, "wall": ingest_wall, "cpu": ingest_cpu, "optimize": optimize,
            "rss": samples, "peak": peak_rss_mb()}


def build_tantivy(path: str, variants: Variants, count: int):
    """Bare tantivy: title and body, whitespace-tokenised stems, positions (its default)."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    for name in ("title", "body"):
        builder.add_text_field(name, tokenizer_name="whitespace")
    schema = builder.build()
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    index = tantivy.Index(schema, path=path)
    writer = index.writer(64_000_000, 1)
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(count):
        article = variants(i)
        writer.add_document(tantivy.Document(title=" ".join(index_stems(article.title)),
                                             body=" ".join(index_stems("\n".join(article.body)))))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index, schema, time.perf_counter() - wall, time.process_time() - cpu


def tantivy_search(index, schema, q: str):
    import tantivy

    Q, Occur = tantivy.Query, tantivy.Occur
    stems = [s for t in query_tokens(q) for s in index_stems(t)]
    if not stems:
        return []
    query = Q.boolean_query([(Occur.Must, Q.boolean_query([
        (Occur.Should, Q.boost_query(Q.term_query(schema, "title", s), 3.0)),
        (Occur.Should, Q.term_query(schema, "body", s))])) for s in stems])
    return index.searcher().search(query, 10, count=False).hits


def build_fts5(path: str, variants: Variants, count: int):
    """SQLite FTS5 (contentless) over whitespace-joined stems, ranked by its own bm25()."""
    import apsw

    for suffix in ("", "-wal", "-shm"):
        Path(path + suffix).unlink(missing_ok=True)
    db = apsw.Connection(path)
    db.execute("PRAGMA journal_mode=WAL").fetchall()
    db.execute("CREATE VIRTUAL TABLE t USING fts5(title, body, content='', tokenize='unicode61 remove_diacritics 0')")
    start = time.perf_counter()
    db.execute("BEGIN")
    for i in range(count):
        article = variants(i)
        db.execute("INSERT INTO t(rowid, title, body) VALUES (?,?,?)",
                   (i + 1, " ".join(index_stems(article.title)), " ".join(index_stems("\n".join(article.body)))))
    db.execute("COMMIT")
    db.execute("INSERT INTO t(t) VALUES ('optimize')")
    return db, time.perf_counter() - start


def fts5_search(db, q: str):
    stems = [s for t in query_tokens(q) for s in index_stems(t)]
    if not stems:
        return []
    match = " AND ".join(f'"{s}"' for s in stems)
    return db.execute("SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t, 3.0, 1.0) LIMIT 10", (match,)).fetchall()


def build_bm25s(variants: Variants, count: int):
    import bm25s

    vocab: dict[str, int] = {}
    start, before = time.perf_counter(), rss_mb()
    ids = []
    for i in range(count):
        article = variants(i)
        text = article.title + "\n" + "\n".join(article.body)
        ids.append(array("i", (vocab.setdefault(t, len(vocab)) for t in index_stems(text))))
    tokenized = time.perf_counter() - start
    retriever = bm25s.BM25(k1=1.2, b=0.75, method="lucene")
    retriever.index((ids, vocab), show_progress=False)
    del ids
    gc.collect()
    return retriever, vocab, tokenized, time.perf_counter() - start, rss_mb() - before


def line(name: str, t: tuple) -> str:
    return (f"  {name}: p50 {t[0]:.2f} ms, p99 {t[1]:.2f} ms, mean {t[2]:.2f} ms "
            f"(CPU p50 {t[4]:.2f}, p99 {t[5]:.2f} ms), {t[3]:.0%} with hits")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000, help="documents in the archive")
    parser.add_argument("--baseline-docs", type=int, default=None,
                        help="documents for the FTS5 and bm25s baselines (default: --docs; 0 skips them)")
    parser.add_argument("--dir", default=None, help="where to build the archive (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the built archive")
    parser.add_argument("--reuse", action="store_true",
                        help="time the queries on the archive an earlier run built in --dir")
    parser.add_argument("--postgres", default=None, help="also build and time a PostgreSQL archive at this URL "
                                                         "(its own schema, dropped after)")
    args = parser.parse_args()
    shared = shared_dir()
    if shared is None:
        print("../shared is absent: this benchmark needs the shared news", file=sys.stderr)
        return 2
    baseline_docs = args.docs if args.baseline_docs is None else args.baseline_docs
    workdir = Path(args.dir or tempfile.mkdtemp(prefix="saring-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    path = str(workdir / f"scale-{args.docs}.db")
    if not args.reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
        shutil.rmtree(path + ".tantivy", ignore_errors=True)

    bases = load_bases(shared)
    variants, queries = Variants(bases), fixed_queries(bases)
    print(f"{len(bases):,} shared news articles -> {args.docs:,} variants; {len(queries)} fixed queries; "
          f"{os.cpu_count()} cores")

    if args.reuse and Path(path).exists():
        print(f"\nsaring SQLite archive ({args.docs:,} docs): reusing {path} built by an earlier run")
    else:
        built = build_store(path, variants, args.docs)
        s = built["summary"]
        print(f"\nsaring SQLite archive ({args.docs:,} docs): ingested in {built['wall']:,.0f} s "
              f"({args.docs / built['wall']:,.0f} docs/s wall, {args.docs / built['cpu']:,.0f} docs/s per core "
              f"CPU, generator included), optimize {built['optimize']:,.0f} s")
        print(f"  ingest summary: {s.new:,} new, {s.duplicates:,} near-duplicates, {s.failed:,} failed")
        print("  RSS during ingest (docs: MiB): " + ", ".join(f"{i:,}: {m:,.0f}" for i, m in built["rss"])
              + f"; peak {built['peak']:,.0f} MiB")
    records = sum(dir_size(p) for p in (path, path + "-wal") if os.path.exists(p))
    index_size = dir_size(path + ".tantivy")
    print(f"  on disk: search index {index_size / 2**20:,.0f} MiB ({index_size / args.docs:,.0f} B/doc), "
          f"records (SQLite: compressed items, dedup signatures, filters) {records / 2**20:,.0f} MiB")

    with open_store(path) as store:
        full = time_queries(lambda q: store.search(q, limit=10), queries)
        dated = time_queries(lambda q: store.search(q, limit=10, since=FILTER_SINCE), queries)
        outlet = time_queries(lambda q: store.search(q, limit=10, outlet=FILTER_OUTLET), queries)

        def rank(q: str, limit: int = 10):
            return store._rank(query_tokens(q), DEFAULT_WEIGHTS, Filters(), limit, any_term=False)

        ranking = time_queries(rank, queries)
        anyword = time_queries(lambda q: store._rank(query_tokens(q), DEFAULT_WEIGHTS, Filters(), 10, any_term=True),
                               queries)
        top = [[r.score for r in rank(q)] for q in queries]
        deep = [[r.score for r in rank(q, 10_000)][:10] for q in queries]
    # ties at the 10th place may be broken either way: the top 10's scores are what must agree
    exact = statistics.mean(sum(abs(a - b) < 1e-6 for a, b in zip(t, d)) / len(d) for t, d in zip(top, deep) if d)
    print(line(f"Store.search (rank + fetch + snippets), {len(queries)} queries", full))
    print(line(f"Store.search --since {FILTER_SINCE}", dated))
    print(line(f"Store.search --outlet {FILTER_OUTLET}", outlet))
    print(line("ranking only (every word), top 10", ranking))
    print(line("ranking only (any word), top 10", anyword))
    print(f"  top 10 against the top 10,000's first 10 (pruning loses nothing?): {exact:.2%} the same")

    tantivy_path = str(workdir / f"tantivy-raw-{args.docs}")
    if args.reuse and Path(tantivy_path).exists():
        import tantivy

        index = tantivy.Index.open(tantivy_path)
        schema = index.schema
        print(f"\nraw tantivy ({args.docs:,} docs): reusing {tantivy_path}")
    else:
        index, schema, t_wall, t_cpu = build_tantivy(tantivy_path, variants, args.docs)
        print(f"\nraw tantivy ({args.docs:,} docs; title^3 + body, positions; analysis included): built in "
              f"{t_wall:,.0f} s ({args.docs / t_cpu:,.0f} docs/s per core CPU)")
    raw = time_queries(lambda q: tantivy_search(index, schema, q), queries)
    raw_size = dir_size(tantivy_path)
    print(f"  on disk: {raw_size / 2**20:,.0f} MiB")
    print(line("search, top 10", raw))
    # The machine is shared: wall times carry other processes' load; CPU time is the query's own.
    print(f"\nbars at {args.docs:,} docs (wall / CPU):")
    for name, ours in (("Store.search (ranking, records, snippets)", full), ("ranking only", ranking)):
        print(f"  {name} p99 = {ours[1] / raw[1]:.1f}x / {ours[5] / raw[5]:.1f}x raw tantivy's (<= 3x)")
    print(f"  filtered Store.search p99 (date / outlet) = {dated[1] / full[1]:.2f}x / {outlet[1] / full[1]:.2f}x "
          f"unfiltered, CPU {dated[5] / full[5]:.2f}x / {outlet[5] / full[5]:.2f}x (<= 2x)")
    print(f"  index {index_size / raw_size:.2f}x raw tantivy's size (<= 2x); top 10 exact: {exact:.2%}")
    if not args.keep:
        shutil.rmtree(tantivy_path)

    if baseline_docs:
        fts5_path = str(workdir / f"fts5-{baseline_docs}.db")
        db, f_wall = build_fts5(fts5_path, variants, baseline_docs)
        fts = time_queries(lambda q: fts5_search(db, q), queries)
        db.close()
        print(f"\nSQLite FTS5 bm25() ({baseline_docs:,} docs, contentless, stems): built in {f_wall:,.0f} s, "
              f"{dir_size(fts5_path) / 2**20:,.0f} MiB")
        print(line("MATCH every word ORDER BY bm25(t, 3, 1) LIMIT 10", fts))
        for suffix in ("", "-wal", "-shm"):
            Path(fts5_path + suffix).unlink(missing_ok=True)

        retriever, vocab, tokenized, total, ram = build_bm25s(variants, baseline_docs)

        def bm25s_query(q: str):
            terms = [[stem(t) for t in query_tokens(q) if stem(t) in vocab]]
            if not terms[0]:
                return []
            docs, scores = retriever.retrieve(terms, k=10, show_progress=False, n_threads=1)
            return [d for d, sc in zip(docs[0], scores[0]) if sc > 0]

        base = time_queries(bm25s_query, queries)
        print(f"\nbm25s baseline ({baseline_docs:,} docs, same analyser, in memory): tokenised {tokenized:,.0f} s, "
              f"indexed in {total:,.0f} s total, +{ram:,.0f} MiB RSS")
        print(line("retrieve k=10 (any word)", base))

    if args.postgres:
        from saring.archive.postgres import PostgresStore

        url = f"{args.postgres}{'&' if '?' in args.postgres else '?'}schema=scale_{os.getpid()}"
        built = build_store(url, variants, args.docs)
        with open_store(url) as pg:
            assert isinstance(pg, PostgresStore)
            size = pg.stats()["size_bytes"]
            print(f"\nPostgreSQL archive ({args.docs:,} docs, its own FTS: tsvector + GIN): ingested in "
                  f"{built['wall']:,.0f} s ({args.docs / built['cpu']:,.0f} docs/s per core client CPU), "
                  f"{size / 2**20:,.0f} MiB")
            print(line("Store.search", time_queries(lambda q: pg.search(q, limit=10), queries)))
            print(line(f"Store.search --since {FILTER_SINCE}",
                       time_queries(lambda q: pg.search(q, limit=10, since=FILTER_SINCE), queries)))
            pg.drop_schema()

    if args.keep:
        print(f"\narchive kept at {path}")
    elif args.dir is None:
        shutil.rmtree(workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
