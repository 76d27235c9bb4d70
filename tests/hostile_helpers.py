"""The server the hostile-input tests attack: a real archive, every credential configured,
the worker left out (the tests look at what the HTTP layer answers and stores)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from fastapi.testclient import TestClient

from saring.archive import open_store
from saring.channels.app import create_app
from saring.channels.settings import Settings
from saring.model import item_from_dict
from tests.channels.channels_helpers import ADMIN_KEY, API_KEY, SECRET, TG_SECRET

FACTCHECKS = Path(__file__).parent / "channels" / "data" / "factchecks.jsonl"
ADMIN_USER, ADMIN_PASSWORD = "redaksi", "rahasia"

__all__ = ["ADMIN_KEY", "API_KEY", "SECRET", "TG_SECRET", "hostile_app", "Tracebacks"]


def hostile_app(tmp: Path, **overrides):
    db = str(tmp / "archive.db")
    with open_store(db) as store:
        store.ingest([item_from_dict(json.loads(line)) for line in FACTCHECKS.read_text().splitlines()])
    settings = Settings(db=db, verify_token="verify-me", app_secret=SECRET, telegram_secret=TG_SECRET,
                        api_key=API_KEY, admin_user=ADMIN_USER, admin_password=ADMIN_PASSWORD,
                        admin_key=ADMIN_KEY, api_rate_limit=1_000_000, **overrides)
    return create_app(settings, worker="none")


def client(app) -> TestClient:
    """A client that sees a 500 as a response (not as the server's exception)."""
    return TestClient(app, raise_server_exceptions=False)


class Tracebacks(logging.Handler):
    """Collects every log record that carries an exception (the server's tracebacks)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            self.records.append(record)

    def __enter__(self) -> Tracebacks:
        logging.getLogger().addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        logging.getLogger().removeHandler(self)
