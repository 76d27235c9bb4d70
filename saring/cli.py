"""The `saring` command line.

Each part of the package contributes its own subcommands through a `commands` module with a
`register(subparsers)` function, so the CLI mirrors the architecture. Every command has
`--help` and `--json`; errors are one line on stderr with a non-zero exit code (database
passwords masked).

Exit codes, the same for every command: 0 when the command did its work; for a batch
(`extract`, `ingest`) that means anything went in, with the failed items listed on stderr
(and in the JSON); 1 when nothing could be done (every item failed, or an error); 2 for a
usage error; 130 when interrupted. `--strict` makes a batch with any failed item exit 1.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable
from typing import Any

from saring import __version__
from saring.config import redact
from saring.errors import SaringError

# reader -> language -> archive -> answer -> channels, then the end-to-end demo.
COMMAND_MODULES = (
    "saring.reader.commands",
    "saring.language.commands",
    "saring.archive.commands",
    "saring.answer.commands",
    "saring.channels.commands",
    "saring.media.commands",
    "saring.demo",
)


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def add_strict_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 if any item failed (by default: 0 when anything went in)")


def batch_exit_code(done: int, failed: int, strict: bool) -> int:
    """The batch rule of the module docstring."""
    return 1 if (failed and (strict or not done)) else 0


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="saring",
        description='saring — "saring sebelum sharing": fakta atau hoaks? for Indonesian news',
    )
    parser.add_argument("--version", action="version", version=f"saring {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # that part is not built yet
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return int(func(args) or 0)
    except SaringError as exc:
        print(redact(f"saring: error: {exc}"), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("saring: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `saring extract ... | head`: the reader went away; not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # last resort: one line, traceback only on request
        if os.environ.get("SARING_DEBUG"):
            raise
        print(redact(f"saring: internal error: {type(exc).__name__}: {exc}"), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
