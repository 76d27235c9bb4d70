"""`saring images`: store the PDQ hashes of fact-check images (ClaimReview `image`, pictures
on a fact-check's page), so the tipline matches those pictures directly."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from saring.cli import add_json_flag, add_strict_flag, batch_exit_code, print_json
from saring.errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    images = subparsers.add_parser(
        "images", help="store the hashes of fact-check images (needs saring[media])",
        description="Read a JSONL file of {\"factcheck\": URL or archive id, \"image\": a local "
                    "file or an http(s) URL} and store each image's PDQ hashes beside the "
                    "archive's channel state: a reader who sends that picture (recompressed, "
                    "resized, cut at the top or bottom) gets that fact-check.")
    images.add_argument("file", help="JSONL file ('-' for standard input)")
    images.add_argument("--db", help="archive: SQLite file or postgresql:// URL")
    add_json_flag(images)
    add_strict_flag(images)
    images.set_defaults(func=run_images)


def run_images(args: argparse.Namespace) -> int:
    from saring.answer.commands import open_archive
    from saring.channels.state import State, state_location
    from saring.config import resolve_db
    from saring.media import images
    from saring.media.fetch import Fetcher, FetchError, limits
    from saring.media.hashes import ImageHashes

    if not images.available():
        raise InputError("reading images needs the media extra: pip install 'saring[media]'")
    try:
        lines = (sys.stdin if args.file == "-" else Path(args.file).open(encoding="utf-8")).readlines()
    except OSError as exc:
        raise InputError(f"cannot read {args.file}: {exc.strerror}") from None
    cap = int(limits()["image_max_bytes"])
    fetcher = Fetcher()
    done, failures = 0, []
    with open_archive(args.db) as store:
        state = State(state_location(resolve_db(args.db)))
        table = ImageHashes(state.db)
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                key, where = str(row["factcheck"]), str(row["image"])
                item = store.get_by_url(key) if "://" in key else store.get(key)
                if item is None or item.kind != "factcheck":
                    raise ValueError(f"{key}: no such fact-check in the archive")
                if where.startswith(("http://", "https://")):
                    data = fetcher.get(where, cap, types=limits()["image_types"]).body
                else:
                    path = Path(where)
                    if path.stat().st_size > cap:
                        raise ValueError(f"{where}: over {cap} bytes")
                    data = path.read_bytes()
                table.add_factcheck(images.stored_hashes(images.open_image(data)), item.id)
                done += 1
            except (ValueError, KeyError, TypeError, OSError, FetchError, images.ImageError) as exc:
                failures.append({"line": number, "message": str(exc) or type(exc).__name__})
        state.close()
        fetcher.close()
    if args.json:
        print_json({"stored": done, "failed": len(failures), "failures": failures})
    else:
        print(f"{done} image(s) stored, {len(failures)} failed")
        for f in failures:
            print(f"  {args.file}:{f['line']}: {f['message']}", file=sys.stderr)
    return batch_exit_code(done, len(failures), args.strict)
