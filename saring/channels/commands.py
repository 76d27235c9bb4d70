"""`saring serve` (the tipline server), `saring broadcast` (announce fact-checks),
`saring watch` (keep the archive fresh from feeds) and `saring purge` (retention)."""

from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path

from saring.cli import add_json_flag, print_json
from saring.config import is_postgres, redact, resolve_db
from saring.errors import InputError, StoreError


def register(subparsers: argparse._SubParsersAction) -> None:
    serve = subparsers.add_parser(
        "serve", help="run the tipline: WhatsApp/Telegram webhooks, HTTP API, web page, /admin",
        description="Serve the tipline. Secrets come from SARING_* environment variables or a "
                    "TOML config file (--config), e.g. SARING_APP_SECRET, SARING_ACCESS_TOKEN, "
                    "SARING_PHONE_NUMBER_ID, SARING_VERIFY_TOKEN, SARING_TELEGRAM_TOKEN, "
                    "SARING_TELEGRAM_SECRET, SARING_API_KEY, SARING_ADMIN_USER/PASSWORD.")
    serve.add_argument("--db", help="archive: SQLite file or postgresql:// URL (default $SARING_DB)")
    serve.add_argument("--config", help="TOML settings file (default $SARING_CONFIG)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    serve.add_argument("--log-level", default="warning",
                       choices=["critical", "error", "warning", "info", "debug"])
    add_json_flag(serve)
    serve.set_defaults(func=run_serve)

    broadcast = subparsers.add_parser(
        "broadcast", help="announce fact-checks from the archive to subscribers",
        description="Queue an announcement of each given fact-check (archive id or URL) to every "
                    "subscriber; a running `saring serve` sends them. WhatsApp subscribers "
                    "outside their 24-hour window get the configured template, or nothing. "
                    "A fact-check already announced is not announced again.")
    broadcast.add_argument("items", nargs="+", metavar="ID_OR_URL")
    broadcast.add_argument("--db", help="archive: SQLite file or postgresql:// URL")
    broadcast.add_argument("--config", help="TOML settings file")
    add_json_flag(broadcast)
    broadcast.set_defaults(func=run_broadcast)

    purge = subparsers.add_parser(
        "purge", help="delete tipline messages and reader data older than the retention period",
        description="Delete messages, replies and what is known about readers older than "
                    "retention_days (SARING_RETENTION_DAYS, default 90; a running `saring serve` "
                    "does this every hour). Subscribers stay subscribed; unsent messages stay.")
    purge.add_argument("--db", help="archive: SQLite file or postgresql:// URL")
    purge.add_argument("--config", help="TOML settings file")
    purge.add_argument("--days", type=float, help="keep this many days instead of retention_days")
    add_json_flag(purge)
    purge.set_defaults(func=run_purge)

    watch = subparsers.add_parser(
        "watch", help="poll RSS/Atom and ClaimReview feeds into the archive",
        description="Fetch each feed (conditional GET: only what changed), read the pages of its "
                    "new entries (ClaimReview on a fact-check page becomes a fact-check), add them "
                    "to the archive and announce new fact-checks to subscribers; a running "
                    "`saring serve` tells the readers who asked. A feed that fails is reported and "
                    "the others go on; one that keeps failing is skipped for a while. What was "
                    "fetched is remembered beside the archive, so a restart fetches only what changed.")
    watch.add_argument("feeds", nargs="*", metavar="FEED_URL")
    watch.add_argument("--sources", help="a file of feed URLs, one a line (# starts a comment)")
    watch.add_argument("--db", help="archive: SQLite file or postgresql:// URL")
    watch.add_argument("--config", help="TOML settings file")
    watch.add_argument("--every", type=float, default=0.0,
                       help="poll again every this many seconds (default: once)")
    add_json_flag(watch)
    watch.set_defaults(func=run_watch)


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from saring.channels.app import create_app
    from saring.channels.settings import Settings
    from saring.channels.state import state_location

    settings = Settings.load(args.config, db=resolve_db(args.db))
    if not 0 < args.port < 65536:
        raise InputError(f"--port must be 1..65535, got {args.port}")
    if not is_postgres(settings.db) and not Path(settings.db).expanduser().exists():
        # an empty archive would answer "no match" to everything
        raise StoreError(f"no archive at {settings.db}: build one with `saring ingest FILES --db {settings.db}`")
    _check_port(args.host, args.port)
    app = create_app(settings, worker="process")
    info = {"url": f"http://{args.host}:{args.port}/", "archive": redact(settings.db),
            "state": redact(state_location(settings.db)), "whatsapp": settings.whatsapp_ready,
            "telegram": settings.telegram_ready}
    if args.json:
        print_json(info)
    else:
        print(f"saring: serving {info['url']} (archive {info['archive']}; WhatsApp "
              f"{'ready' if info['whatsapp'] else 'not configured'}, Telegram "
              f"{'ready' if info['telegram'] else 'not configured'})", file=sys.stderr)
    sys.stdout.flush()
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level,
                access_log=args.log_level in ("info", "debug"))
    return 0


def _check_port(host: str, port: int) -> None:
    """Fail with one line, before saying "serving", when the address cannot be listened on."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
            probe.bind(address)
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def run_broadcast(args: argparse.Namespace) -> int:
    from saring.answer.commands import open_archive
    from saring.channels.broadcast import notify_new_factchecks
    from saring.channels.settings import Settings
    from saring.channels.state import State, state_location
    from saring.model import FactCheck

    settings = Settings.load(args.config, db=resolve_db(args.db))
    found, problems = [], []
    with open_archive(settings.db) as store:
        for key in args.items:
            item = store.get_by_url(key) if "://" in key else store.get(key)
            if item is None:
                problems.append(f"{key}: not in the archive")
            elif not isinstance(item, FactCheck):
                problems.append(f"{key}: a news article, not a fact-check")
            else:
                found.append(item)
    state = State(state_location(settings.db))
    try:
        summary = notify_new_factchecks(state, settings, found)
    finally:
        state.close()
    if args.json:
        print_json({**summary.to_dict(), "problems": problems})
    else:
        for problem in problems:
            print(f"saring: skipped {problem}", file=sys.stderr)
        print(f"{summary.factchecks} fact-check(s) to {summary.subscribers} subscriber(s): "
              f"{summary.queued} message(s) and {summary.templates} template(s) queued, "
              f"{summary.skipped} outside the 24-hour window without a template; "
              f"{summary.already} announced before")
    return 1 if problems and not found else 0


def run_watch(args: argparse.Namespace) -> int:
    import time

    from saring.archive import open_store
    from saring.channels.settings import Settings
    from saring.channels.state import State, state_location
    from saring.channels.watch import Watcher

    urls = list(args.feeds)
    if args.sources:
        try:
            text = Path(args.sources).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read {args.sources}: {exc}") from None
        urls += [line.split("#", 1)[0].strip() for line in text.splitlines()]
    urls = [u for u in urls if u]
    if not urls:
        raise InputError("give feed URLs, or --sources FILE")
    if args.every < 0:
        raise InputError("--every must be 0 (once) or a number of seconds")
    settings = Settings.load(args.config, db=resolve_db(args.db))
    state = State(state_location(settings.db))
    ok = False
    try:
        with open_store(settings.db) as store:
            watcher = Watcher(store, state, settings)
            try:
                while True:
                    summary = watcher.run(urls)
                    ok = len(summary.dead) < len(summary.feeds)
                    _print_watch(summary, args.json)
                    if not args.every:
                        break
                    time.sleep(args.every)
            except KeyboardInterrupt:
                pass
            finally:
                watcher.close()
    finally:
        state.close()
    return 0 if ok else 1


def _print_watch(summary, as_json: bool) -> None:
    if as_json:
        print_json({**summary.to_dict(), "dead": [f.url for f in summary.dead]})
        return
    for feed in summary.feeds:
        line = f"{feed.status:9} {feed.url}"
        if feed.status == "changed":
            line += f" ({feed.new_entries} new of {feed.entries})"
        elif feed.error:
            line += f": {feed.error} (failed {feed.failures} time(s) in a row)"
        print(line, file=sys.stderr)
    print(f"{summary.new} new and {summary.updated} updated item(s), {summary.failed_items} "
          f"refused; {summary.requests} request(s); {summary.announced} announcement(s) queued; "
          f"{len(summary.dead)} feed(s) failing")
    sys.stdout.flush()


def run_purge(args: argparse.Namespace) -> int:
    from saring.channels.privacy import purge
    from saring.channels.settings import Settings
    from saring.channels.state import State, state_location

    settings = Settings.load(args.config, db=resolve_db(args.db))
    days = settings.retention_days if args.days is None else args.days
    if days <= 0:
        raise InputError("nothing to purge: the retention period is 0 (keep everything)")
    state = State(state_location(settings.db))
    try:
        deleted = purge(state, days, report_days=settings.report_days)
    finally:
        state.close()
    if args.json:
        print_json({"deleted_rows": deleted, "days": days})
    else:
        print(f"{deleted} row(s) older than {days:g} day(s) deleted")
    return 0
