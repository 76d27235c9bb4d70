"""Where things live: the archive location and other settings, from flags, env, then defaults."""

from __future__ import annotations

import os
import re
from pathlib import Path

from saring.errors import InputError

POSTGRES_SCHEMES = ("postgresql", "postgres")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
# user:password@ in a URL, password=... in a libpq key/value string
_URL_PASSWORD = re.compile(r"(://[^/@:\s]*:)[^/@\s]*@")
_KV_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)


def default_db() -> str:
    """`--db` falls back to $SARING_DB, then to a file in the user's data directory."""
    env = os.environ.get("SARING_DB")
    if env:
        return env
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return str(base / "saring" / "archive.db")


def resolve_db(db: str | None) -> str:
    """The archive location, checked: a path, or a postgresql:// URL; any other URL scheme is
    a typo (`postgresq://`) or a database saring cannot use (`mysql://`), never a file name."""
    location = db or default_db()
    scheme = _SCHEME.match(location)
    if scheme and scheme.group(1).lower() not in POSTGRES_SCHEMES:
        raise InputError(f"unknown database URL scheme {scheme.group(1)!r} in {redact(location)}: "
                         "give a SQLite file path or a postgresql:// URL")
    return location


def is_postgres(location: str) -> bool:
    scheme = _SCHEME.match(location)
    return scheme is not None and scheme.group(1).lower() in POSTGRES_SCHEMES


def redact(text: str) -> str:
    """`text` with database passwords masked, for anything printed or logged."""
    return _KV_PASSWORD.sub(r"\1***", _URL_PASSWORD.sub(r"\1***@", text))


def shared_dir() -> Path | None:
    """`../shared` beside the repository (data for tests and benchmarks), if present."""
    env = os.environ.get("SARING_SHARED")
    candidates = [Path(env)] if env else []
    candidates.append(Path(__file__).resolve().parent.parent.parent / "shared")
    for c in candidates:
        if (c / "data").is_dir():
            return c
    return None
