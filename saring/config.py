"""Where things live: the archive location and other settings, from flags, env, then defaults."""

from __future__ import annotations

import os
from pathlib import Path


def default_db() -> str:
    """`--db` falls back to $SARING_DB, then to a file in the user's data directory."""
    env = os.environ.get("SARING_DB")
    if env:
        return env
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return str(base / "saring" / "archive.db")


def resolve_db(db: str | None) -> str:
    return db or default_db()


def shared_dir() -> Path | None:
    """`../shared` beside the repository (data for tests and benchmarks), if present."""
    env = os.environ.get("SARING_SHARED")
    candidates = [Path(env)] if env else []
    candidates.append(Path(__file__).resolve().parent.parent.parent / "shared")
    for c in candidates:
        if (c / "data").is_dir():
            return c
    return None
