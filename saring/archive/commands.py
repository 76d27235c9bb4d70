"""`saring ingest`, `saring search` and `saring stats`: filling and querying the archive."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from saring.archive import open_store
from saring.archive.base import KINDS, Store
from saring.cli import add_json_flag, add_strict_flag, batch_exit_code, print_json
from saring.config import redact, resolve_db
from saring.errors import InputError, StoreError
from saring.language import enrich
from saring.model import Failure, Item, SearchHit

MAX_FAILURES_SHOWN = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    ingest = subparsers.add_parser(
        "ingest", help="add news and fact-checks to the archive",
        description="Read files, folders or - (stdin) and store what they hold. Re-running the "
                    "same input changes nothing; changed articles are updated; bad rows are "
                    "reported with file and line and the rest goes in.")
    ingest.add_argument("paths", nargs="+", help="files, folders, or - for stdin")
    _add_db_flag(ingest)
    ingest.add_argument("--format", dest="fmt", default=None,
                        help="force the input format (text, html, news-csv, jsonl, turnbackhoax-csv, "
                             "falsenews-csv, claimreview); detected from the content by default")
    ingest.add_argument("--no-analyze", action="store_true",
                        help="skip the language layer (speakers, entities): faster bulk loads")
    ingest.add_argument("--batch-size", type=int, default=Store.batch_size,
                        help="items per transaction (default %(default)s)")
    ingest.add_argument("--optimize", action="store_true",
                        help="merge the search index after loading (worth it after a bulk load)")
    ingest.add_argument("--no-progress", action="store_true", help="no progress bar on the terminal")
    add_strict_flag(ingest)
    add_json_flag(ingest)
    ingest.set_defaults(func=run_ingest)

    search = subparsers.add_parser(
        "search", help="full-text search of the archive",
        description="Ranked results (BM25: claim and title above conclusion above body) with "
                    "verdict, date, outlet, title, a highlighted snippet and the URL.")
    search.add_argument("query", help="words to look for, e.g. 'pemadaman listrik jawa bali'")
    _add_db_flag(search)
    search.add_argument("--kind", choices=KINDS, help="only news articles or only fact-checks")
    search.add_argument("--outlet", help="only this outlet or fact-checker (e.g. liputan6, turnbackhoax)")
    search.add_argument("--since", help="published on or after (YYYY-MM-DD, YYYY-MM or YYYY)")
    search.add_argument("--until", help="published on or before (YYYY-MM-DD, YYYY-MM or YYYY)")
    search.add_argument("--speaker", help="only articles quoting this person")
    search.add_argument("--entity", help="only articles mentioning this person, place or organisation")
    search.add_argument("--limit", type=int, default=10, help="number of results (default %(default)s)")
    add_json_flag(search)
    search.set_defaults(func=run_search)

    stats = subparsers.add_parser("stats", help="what the archive holds",
                                  description="Counts by kind, outlet and verdict, date range, size.")
    _add_db_flag(stats)
    add_json_flag(stats)
    stats.set_defaults(func=run_stats)


def _add_db_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="archive: a SQLite file or a postgresql:// URL "
                                     "(default: $SARING_DB, else ~/.local/share/saring/archive.db)")


def _open_existing(db: str | None) -> Store:
    """Searching a mistyped path must not silently create an empty archive."""
    location = resolve_db(db)
    if "://" not in location and not os.path.exists(location):
        raise StoreError(f"no archive at {location}: fill one with `saring ingest FILES --db {location}`")
    return open_store(location)


def _enricher(no_analyze: bool) -> Callable[[Item], Item] | None:
    """The language layer's analysis of news articles, unless the user skips it."""
    return None if no_analyze else enrich


def run_ingest(args: argparse.Namespace) -> int:
    if args.batch_size < 1:
        raise InputError("--batch-size must be at least 1")
    for path in args.paths:
        if path != "-" and not os.path.exists(path):
            raise InputError(f"no such file or folder: {path}")
    try:
        from saring.reader import read_paths
    except ImportError as exc:
        raise StoreError(f"the reader is not available ({exc})") from exc
    with open_store(args.db) as store:
        store.batch_size = args.batch_size
        summary = store.ingest(read_paths(args.paths, fmt=args.fmt),
                               progress=sys.stderr.isatty() and not args.no_progress,
                               enrich=_enricher(args.no_analyze))
        if args.optimize:
            store.optimize()
        location = redact(store.location)
    if args.json:
        print_json({"db": location, **summary.to_dict()})
    else:
        print(f"{location}: {summary.new:,} new, {summary.updated:,} updated, "
              f"{summary.unchanged:,} unchanged, {summary.duplicates:,} duplicates, "
              f"{summary.failed:,} failed in {summary.seconds:.1f} s")
        for failure in summary.failures[:MAX_FAILURES_SHOWN]:
            print(f"  {_where(failure)}: {failure.message}", file=sys.stderr)
        if summary.failed > MAX_FAILURES_SHOWN:
            print(f"  … and {summary.failed - MAX_FAILURES_SHOWN:,} more (see --json)", file=sys.stderr)
    stored = summary.new + summary.updated + summary.unchanged + summary.duplicates
    return batch_exit_code(stored, summary.failed, args.strict)


def _where(failure: Failure) -> str:
    return f"{failure.source}:{failure.line}" if failure.line else failure.source


def run_search(args: argparse.Namespace) -> int:
    if not args.query.strip():
        raise InputError("empty query")
    if args.limit < 1:
        raise InputError("--limit must be at least 1")
    with _open_existing(args.db) as store:
        hits = store.search(args.query, kind=args.kind, outlet=args.outlet, since=args.since,
                            until=args.until, speaker=args.speaker, entity=args.entity, limit=args.limit)
    if args.json:
        print_json([h.to_dict() for h in hits])
        return 0
    if not hits:
        print(f"no matches for {args.query!r}")
        return 0
    for rank, hit in enumerate(hits, 1):
        print(format_hit(rank, hit))
    return 0


def format_hit(rank: int, hit: SearchHit) -> str:
    """One result as a terminal block: verdict, date, outlet; title; snippet; URL."""
    if hit.kind == "factcheck":
        verdict = (hit.verdict or "unknown").upper()
        label = f"{verdict} ({hit.verdict_label})" if hit.verdict_label else verdict
    else:
        label = "NEWS"
    meta = " · ".join(p for p in (label, hit.published[:10] or "undated", hit.source) if p)
    lines = [f"{rank:>2}. {meta}", f"    {hit.title or '(untitled)'}"]
    if hit.snippet:
        lines.append(f"    {hit.snippet}")
    if hit.url:
        lines.append(f"    {hit.url}")
    return "\n".join(lines) + "\n"


def run_stats(args: argparse.Namespace) -> int:
    with _open_existing(args.db) as store:
        stats = store.stats()
    stats["location"] = redact(stats["location"])
    if args.json:
        print_json(stats)
        return 0
    print(f"{stats['location']} ({stats['backend']}, {stats['size_bytes'] / 1e6:,.1f} MB)")
    kinds = ", ".join(f"{n:,} {k}" for k, n in stats["by_kind"].items()) or "empty"
    print(f"  {stats['items']:,} items: {kinds}; {stats['duplicates']:,} near-duplicates linked")
    if stats["earliest"]:
        print(f"  published {stats['earliest']} … {stats['latest']}")
    if stats["verdicts"]:
        print("  verdicts: " + ", ".join(f"{v or 'unknown'} {n:,}" for v, n in stats["verdicts"].items()))
    if stats["outlets"]:
        print("  outlets: " + ", ".join(f"{o or 'unknown'} {n:,}" for o, n in stats["outlets"].items()))
    print(f"  {stats['speakers']:,} speakers, {stats['entities']:,} entities, "
          f"{stats['queries_logged']:,} queries logged")
    return 0
