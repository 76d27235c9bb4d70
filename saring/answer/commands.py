"""`saring ask` and `saring eval matching`: the tipline from the command line, and its yardstick."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from saring.cli import add_json_flag, print_json
from saring.config import resolve_db
from saring.errors import InputError, StoreError

SHOW_MISSES = 10
EVALUATIONS = {"matching": "Recall@3 per query type and no-match precision/recall"}


def register(subparsers: argparse._SubParsersAction) -> None:
    ask = subparsers.add_parser(
        "ask",
        help="fakta atau hoaks? match a keyword, question or forwarded message to the archive",
        description="Answer a message the way the tipline does: cleaned of forward noise, matched "
        "to archived fact-checks and reports, at most three results or an honest 'not checked yet'.",
    )
    ask.add_argument("text", nargs="?", default="-", help="the message; '-' or nothing reads stdin")
    ask.add_argument("--db", help="archive (SQLite path or postgresql:// URL; default $SARING_DB)")
    ask.add_argument("--limit", type=int, default=3, help="results to show, 1-3 (default 3)")
    ask.add_argument("--plain", action="store_true", help="plain text instead of WhatsApp *bold*")
    ask.add_argument("--speaker", default="", help="only reports quoting this speaker (any alias: "
                     "\"PLN\", \"Dmitry Peskov\"), shown with what they said")
    ask.add_argument("--kind", choices=("news", "factcheck"), help="only news reports or only fact-checks")
    add_json_flag(ask)
    ask.set_defaults(func=run_ask)

    evaluation = subparsers.add_parser("eval", help="measure quality against labelled queries",
                                       description="Without WHAT: list the evaluations.")
    add_json_flag(evaluation)
    evaluation.set_defaults(func=run_eval_list)
    evaluation_sub = evaluation.add_subparsers(dest="eval_command", metavar="WHAT")
    matching = evaluation_sub.add_parser(
        "matching",
        help=EVALUATIONS["matching"],
        description="Each line of the query file: {\"query\", \"type\", \"expected_url\" (null when "
        "the archive should have nothing)}. Bad lines are reported and skipped.",
    )
    matching.add_argument("--queries", required=True, help="JSONL query file")
    matching.add_argument("--db", help="archive (default $SARING_DB)")
    matching.add_argument("--misses", type=int, default=SHOW_MISSES, help="misses to list (default 10)")
    add_json_flag(matching)
    matching.set_defaults(func=run_eval_matching)


def open_archive(db: str | None):
    """The archive, refusing to invent an empty one where the reader mistyped a path."""
    from saring.archive import open_store

    location = resolve_db(db)
    if "://" not in location and not Path(location).expanduser().exists():
        raise StoreError(f"no archive at {location}: build one with `saring ingest FILES --db {location}`")
    return open_store(location)


def run_ask(args: argparse.Namespace) -> int:
    from saring.answer import Answerer

    text = sys.stdin.read() if args.text == "-" else args.text
    if args.limit < 1:
        raise InputError("--limit must be 1, 2 or 3")
    with open_archive(args.db) as store:
        answer = Answerer(store).ask(text, limit=args.limit, channel="cli", speaker=args.speaker.strip(),
                                     kind=args.kind)
    if args.json:
        data = answer.to_dict()
        data.pop("plain_text")
        print_json(data)
    else:
        print(answer.plain_text if args.plain else answer.answer_text)
    return 0


def run_eval_list(args: argparse.Namespace) -> int:
    if args.json:
        print_json(EVALUATIONS)
    else:
        for name, what in EVALUATIONS.items():
            print(f"saring eval {name}: {what}")
    return 0


def run_eval_matching(args: argparse.Namespace) -> int:
    from saring.answer import Answerer
    from saring.answer.evaluate import Outcome, evaluate, load_queries

    queries, problems = load_queries(args.queries)
    for problem in problems:
        print(f"saring: skipped {problem}", file=sys.stderr)
    with open_archive(args.db) as store:
        answerer = Answerer(store, log_queries=False)

        def answer(text: str) -> Outcome:
            return Outcome([[m.url, *m.also] for m in answerer.ask(text).matches])

        report = evaluate(queries, answer)
    report["skipped_lines"] = len(problems)
    misses = report.pop("misses")
    if args.json:
        print_json({**report, "misses": misses[: args.misses]})
        return 0
    for kind, value in report["recall@3"].items():
        print(f"Recall@3 {kind:<12} {value:.3f}  (n={report['counts'][kind]})")
    no_match = report["no_match"]
    fmt = lambda v: "—" if v is None else f"{v:.3f}"  # noqa: E731
    print(f"no-match precision {fmt(no_match['precision'])}  recall {fmt(no_match['recall'])}  "
          f"(n={report['counts']['no-match']})")
    for miss in misses[: args.misses]:
        print(f"  miss [{miss['type']}] {miss['query'][:70]!r} -> {miss.get('got')}")
    return 0
