"""The archive: every news article and fact-check saring can answer from, with Indonesian
full-text search. ``open_store`` picks the backend from the location."""

from __future__ import annotations

from saring.archive.base import Store
from saring.config import is_postgres, resolve_db

__all__ = ["Store", "open_store"]


def open_store(db: str | None = None) -> Store:
    """A SQLite file path (default: ``saring.config.resolve_db``) or a ``postgresql://`` URL
    (add ``?schema=NAME`` to keep saring's tables in their own schema); any other URL is
    refused (InputError), never taken for a file name."""
    location = resolve_db(db)
    if is_postgres(location):
        from saring.archive.postgres import PostgresStore

        return PostgresStore(location)
    from saring.archive.sqlite import SQLiteStore

    return SQLiteStore(location)
