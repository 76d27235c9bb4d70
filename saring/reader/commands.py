"""`saring extract`: read pages, dumps or JSON lines and show the articles found in them."""

from __future__ import annotations

import argparse
import json
import sys

from saring.cli import add_json_flag, add_strict_flag, batch_exit_code, print_json
from saring.errors import InputError
from saring.model import Article, FactCheck, Failure, item_to_dict
from saring.reader.inputs import FORMATS, read_paths


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "extract",
        help="read news pages, CSV dumps or JSON lines into structured articles",
        description="Read raw text scrapes, HTML pages, the news CSV dumps, fact-check exports "
        "or saring's JSON lines; the format is detected from the content. PATH may be a "
        "folder or - for stdin.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--format", choices=FORMATS, help="force the input format")
    output = parser.add_mutually_exclusive_group()
    add_json_flag(output)
    output.add_argument(
        "--json-lines", action="store_true", help="print one JSON object per line, as read"
    )
    add_strict_flag(parser)
    parser.set_defaults(func=run_extract)


# Failures listed one by one at the end of a batch; a broken dump lists the first ones.
LISTED_FAILURES = 20


def run_extract(args: argparse.Namespace) -> int:
    """Print every item; failures go to stderr at the end (exit codes: `saring.cli`)."""
    items: list[dict] = []
    failures: list[Failure] = []
    read = 0
    for item in read_paths(args.paths, args.format):
        if isinstance(item, Failure):
            failures.append(item)
            continue
        read += 1
        if args.json_lines:
            sys.stdout.write(json.dumps(item_to_dict(item), ensure_ascii=False) + "\n")
        elif args.json:
            items.append(item_to_dict(item))
        else:
            sys.stdout.write(summary(item) + "\n")
    if args.json:
        if len(items) == 1 and len(args.paths) == 1:
            print_json(items[0])
        elif items or not failures:
            print_json(items)
    if not failures:
        return 0
    if len(failures) == 1 and len(args.paths) == 1 and not items:
        failure = failures[0]
        if failure.message and failure.line == 0:
            raise InputError(f"{failure.source}: {failure.message}")
    print(f"saring: {len(failures)} item(s) failed:", file=sys.stderr)
    for failure in failures[:LISTED_FAILURES]:
        where = f"{failure.source}:{failure.line}" if failure.line else failure.source
        print(f"  {where}: {failure.message}", file=sys.stderr)
    if len(failures) > LISTED_FAILURES:
        print(f"  … and {len(failures) - LISTED_FAILURES} more", file=sys.stderr)
    return batch_exit_code(read, len(failures), args.strict)


def summary(item: Article | FactCheck) -> str:
    """A few readable lines about one item, for the terminal."""
    if isinstance(item, FactCheck):
        lines = [
            f"● {item.title or item.claim[:100]}",
            f"  {item.publisher} · {item.published or 'undated'} · verdict: "
            f"{item.verdict or '?'} ({item.verdict_label})",
        ]
        if item.url:
            lines.append(f"  {item.url}")
        return "\n".join(lines) + "\n"
    meta = " · ".join(
        part
        for part in (
            item.source,
            item.published or "undated",
            ", ".join(item.authors),
            item.dateline,
            item.language,
        )
        if part
    )
    lines = [f"● {item.title or '(no title)'}", f"  {meta}"]
    if item.url:
        lines.append(f"  {item.url}")
    if item.lead:
        lines.append(f"  » {item.lead}")
    lines.append(
        f"  {len(item.body)} paragraphs, {len(item.headings)} subheadings, "
        f"{len(item.images)} images, {len(item.boilerplate)} boilerplate items removed"
    )
    headings = {h.before_paragraph: h.text for h in item.headings}
    for number, paragraph in enumerate(item.body[:3]):
        if number in headings:
            lines.append(f"  ## {headings[number]}")
        lines.append(f"  {_excerpt(paragraph)}")
    if len(item.body) > 3:
        lines.append(f"  … {len(item.body) - 3} more paragraphs")
    for warning in item.warnings:
        lines.append(f"  warning: {warning}")
    return "\n".join(lines) + "\n"


def _excerpt(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"
