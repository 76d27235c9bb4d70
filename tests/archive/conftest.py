"""Archive fixtures: a fresh store on each backend (SQLite file, PostgreSQL schema), empty or
filled with the hand-written corpus of archive_samples."""

from __future__ import annotations

import os
import uuid

import psycopg
import pytest
from archive_samples import corpus, filler

from saring.archive import open_store
from tests.conftest import PG_URL

SESSION = f"a1_{os.getpid()}_{uuid.uuid4().hex[:6]}"


@pytest.fixture(scope="session")
def pg_schemas():
    """Unique schema names for this session; every one of them is dropped at the end."""
    made: list[str] = []

    def new() -> str:
        made.append(f"{SESSION}_{len(made)}")
        return f"{PG_URL}?schema={made[-1]}"

    yield new
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        for schema in made:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path, pg_schemas) -> str:
    """The location of an empty archive on each backend."""
    return str(tmp_path / "archive.db") if request.param == "sqlite" else pg_schemas()


@pytest.fixture
def store(db):
    with open_store(db) as s:
        yield s


@pytest.fixture
def filled(store):
    summary = store.ingest(corpus() + filler())
    assert summary.failed == 0
    return store
