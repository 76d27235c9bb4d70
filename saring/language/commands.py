"""`saring analyze`: who said what, the entities, the timeline and the numbers of articles."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable

from saring.cli import add_json_flag, print_json
from saring.errors import InputError
from saring.language import analyze
from saring.model import Article, FactCheck, Failure, item_to_dict


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "analyze",
        help="who said what, entities, dates and numbers of news articles",
        description="Read articles (text, HTML, news CSV, JSONL, fact-check files; '-' for "
        "stdin) and show their attributions (speaker, stance, quote), entities, timeline "
        "and quantities. Fact-checks are analysed as their claim and explanation.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or '-'")
    parser.add_argument("--format", dest="fmt", default=None,
                        help="force the input format (text, html, news-csv, jsonl, ...)")
    parser.add_argument("--no-entities", action="store_true",
                        help="skip the named-entity model (faster)")
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Analyse every item read; failed items are reported on stderr and the batch goes on."""
    from saring.reader import read_paths

    results: list[Article] = []
    failures = analysed = 0
    for item in read_paths(args.paths, fmt=args.fmt):
        if isinstance(item, Failure):
            failures += 1
            where = f"{item.source}:{item.line}" if item.line else item.source
            print(f"saring: skipped {where}: {item.message}", file=sys.stderr)
            continue
        article = item if isinstance(item, Article) else article_of_factcheck(item)
        analyze(article, entities=not args.no_entities)
        analysed += 1
        if args.json:
            results.append(article)
        else:
            sys.stdout.write(render(article) + "\n")
    if args.json:
        data = [item_to_dict(a) for a in results]
        print_json(data[0] if len(data) == 1 else data)
    if failures and not analysed:
        raise InputError(f"nothing could be analysed ({failures} input(s) failed)")
    return 0


def article_of_factcheck(check: FactCheck) -> Article:
    """A fact-check read as a text: its claim, explanation and conclusion as paragraphs."""
    body = [p for p in (check.claim, check.explanation, check.conclusion) if p.strip()]
    return Article(source=check.publisher, url=check.url, title=check.title,
                   published=check.published, body=body)


def render(article: Article) -> str:
    """The readable report: attributions first, as a fact-checker reads a story."""
    lines = [article.title or article.url or "(untitled)"]
    meta = [x for x in (article.source, article.published, article.url) if x]
    if meta:
        lines.append("  " + " · ".join(meta))
    lines.append(f"  {len(article.sentences or [])} sentences, {len(article.text)} characters")
    lines.append("")
    lines.extend(_attribution_lines(article))
    lines.extend(_entity_lines(article))
    lines.extend(_timeline_lines(article))
    lines.extend(_quantity_lines(article))
    return "\n".join(lines)


def _attribution_lines(article: Article) -> Iterable[str]:
    found = article.attributions or []
    yield f"Who said what ({len(found)}):"
    for n, a in enumerate(found, 1):
        who = a.speaker or (f"(unnamed: {a.unnamed_source})" if a.unnamed_source else "(unknown)")
        if a.speaker_canonical and a.speaker_canonical not in a.speaker:
            who += f" = {a.speaker_canonical}"
        if a.speaker_role:
            who += f", {a.speaker_role}"
        tags = [a.stance + (" (hedged)" if a.hedged else ""), "direct" if a.direct else "indirect"]
        if a.via:
            tags.append(f"via {a.via}")
        if a.unnamed_source and a.speaker:
            tags.append(f"citing {a.unnamed_source}")
        yield f"  {n}. {who} — {', '.join(tags)}"
        cue = f"[{a.cue}] " if a.cue else ""
        yield f"     {cue}{_quote(a.content, a.direct)}"
    yield ""


def _quote(text: str, direct: bool, limit: int = 240) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"“{text}”" if direct else text


def _entity_lines(article: Article) -> Iterable[str]:
    if article.entities is None:
        yield "Entities: not computed (--no-entities)"
        yield ""
        return
    entities = sorted(article.entities, key=lambda e: (-len(e.mentions), e.canonical))
    yield f"Entities ({len(entities)}):"
    for e in entities:
        others = [a for a in e.aliases if a != e.canonical]
        also = f" (also {', '.join(others)})" if others else ""
        yield f"  {e.label:<12} {e.canonical}{also} ×{len(e.mentions)}"
    yield ""


def _timeline_lines(article: Article) -> Iterable[str]:
    times = sorted(article.times or [], key=lambda t: (t.value, t.start))
    yield f"Timeline ({len(times)}):"
    for t in times:
        rel = ", relative" if t.relative else ""
        yield f"  {t.value:<23} {t.granularity}{rel}: “{t.text}”"
    yield ""


def _quantity_lines(article: Article) -> Iterable[str]:
    found = article.quantities or []
    yield f"Numbers ({len(found)}):"
    for q in found:
        value = f"{q.value:,.0f}" if q.value == int(q.value) else f"{q.value:,}"
        yield f"  {value:>18} {q.unit:<12} “{q.text}”"
