"""Ingest throughput on the shared news and fact-check files (reader included), where the time
goes, and the baselines measured in the same run:

- the reader alone (the floor for any ingest of these files),
- plain SQLite FTS5 with its C ``unicode61`` tokenizer inserting the same texts (no stemming,
  no keys, no dedup: the cost of a bare full-text index),
- saring's ingest into a fresh archive, then the same input again (everything unchanged).

Rates are per core: documents per CPU-second of this (single-threaded) process, so that other
load on the machine does not distort them; wall-clock figures are printed beside them.

    python bench/archive_ingest.py [--analyze] [--repeat N]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import apsw  # noqa: E402

from saring.archive.base import field_texts  # noqa: E402
from saring.archive.commands import _enricher  # noqa: E402
from saring.archive.sqlite import SQLiteStore  # noqa: E402
from saring.config import shared_dir  # noqa: E402
from saring.model import Failure  # noqa: E402
from saring.reader import read_paths  # noqa: E402

# Where ingest time goes: profile frames whose whole subtree is one component.
COMPONENTS = (
    ("reader (saring.reader.read_paths)", lambda f: f.function == "read_paths"),
    ("language layer (analyze)", lambda f: f.function == "analyze"),
    ("FTS5 tokenizer (Python analyser)", lambda f: f.function == "tokenize" and f.file_path.endswith("sqlite.py")),
    ("keys, hashes, MinHash (prepare)", lambda f: f.function == "prepare"),
    ("dedup look-ups", lambda f: f.function == "_find_duplicate"),
    ("JSON + compression of stored items", lambda f: f.function in ("stored_json", "_compress")),
)


class Clock:
    """CPU and wall time of a block."""

    def __enter__(self):
        self.cpu, self.wall = time.process_time(), time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.cpu, self.wall = time.process_time() - self.cpu, time.perf_counter() - self.wall


def rate(count: int, clock: Clock) -> str:
    return f"{count / clock.cpu:7,.0f} docs/s per core ({count / clock.wall:,.0f}/s wall, {clock.wall:5.1f} s)"


def inputs(shared: Path) -> list[str]:
    data = shared / "data"
    return sorted(str(p) for p in (data / "news").glob("*.csv")) + [
        str(data / "factchecks" / "turnbackhoax_articles.csv"),
        str(data / "factchecks" / "indonesia_false_news_2015_2020.csv"),
    ]


def plain_fts5(items: list) -> Clock:
    """The bare baseline: FTS5 + unicode61 (C), same texts, one transaction per 1000 rows."""
    with tempfile.TemporaryDirectory() as tmp, Clock() as clock:
        db = apsw.Connection(str(Path(tmp) / "plain.db"))
        db.execute("PRAGMA journal_mode=WAL").fetchall()
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE VIRTUAL TABLE fts USING fts5(claim, title, conclusion, body)")
        for start in range(0, len(items), 1000):
            with db:
                db.executemany("INSERT INTO fts VALUES (?,?,?,?)",
                               [tuple(field_texts(item).values()) for item in items[start:start + 1000]])
        db.close()
    return clock


def profile_components(profiler_session) -> tuple[list[tuple[str, float]], float]:
    root = profiler_session.root_frame()

    def inclusive(frame, match) -> float:
        if match(frame):
            return frame.time
        return sum(inclusive(child, match) for child in frame.children)

    return [(name, inclusive(root, match)) for name, match in COMPONENTS], root.time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--analyze", action="store_true",
                        help="run the language layer on news, as `saring ingest` does")
    args = parser.parse_args()
    shared = shared_dir()
    if shared is None:
        print("../shared is absent: this benchmark needs the shared news and fact-checks", file=sys.stderr)
        return 2
    paths = inputs(shared)
    enrich = _enricher(no_analyze=not args.analyze)
    if args.analyze and enrich is None:
        print("the language layer is not installed: measuring without it")

    with Clock() as read_clock:
        items = list(read_paths(paths))
    docs = [i for i in items if not isinstance(i, Failure)]
    print(f"inputs: {', '.join(Path(p).name for p in paths)}")
    print(f"        {len(items):,} items read ({len(docs):,} articles and fact-checks, "
          f"{len(items) - len(docs):,} failures)\n")
    print(f"baseline  reader alone:                   {rate(len(items), read_clock)}")
    print(f"baseline  plain FTS5 unicode61, no dedup: {rate(len(docs), plain_fts5(docs))}  (texts already read)")

    from pyinstrument import Profiler

    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "archive.db")
        with SQLiteStore(path) as store, Clock() as first:
            profiler = Profiler(interval=0.002)
            profiler.start()
            summary = store.ingest(read_paths(paths), enrich=enrich)
            session = profiler.stop()
        print(f"saring    ingest, reader included:        {rate(len(items), first)}"
              f"{'  (with analyze)' if enrich else ''}")
        print(f"          -> {summary.new:,} new, {summary.duplicates:,} near-duplicates, "
              f"{summary.unchanged:,} unchanged (repeated rows), {summary.failed:,} failed")
        with SQLiteStore(path) as store, Clock() as again:
            repeat = store.ingest(docs, enrich=enrich)
        print(f"saring    same items again (unchanged):   {rate(len(docs), again)}"
              f"  -> {repeat.unchanged:,} unchanged, {repeat.new + repeat.updated:,} written (texts already read)")
        size = sum(p.stat().st_size for p in Path(tmp).glob("archive.db*"))
        print(f"          archive size {size / 2**20:,.1f} MiB; peak RSS "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB"
              " (all items held for the baselines)")

    components, total = profile_components(session)
    print(f"\nwhere the first ingest's time goes (pyinstrument, {total:,.1f} s sampled):")
    for name, seconds in components:
        print(f"  {seconds / total:6.1%}  {name}")
    rest = total - sum(s for _, s in components)
    print(f"  {rest / total:6.1%}  SQLite writes, FTS5 merges and the rest")
    return 0


if __name__ == "__main__":
    sys.exit(main())
