"""Shared fixtures: the ../shared data (skipped with a reason where absent) and the stores."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from saring.config import shared_dir

# Property tests draw the same examples on every run, so a suite that passed stays green (CI);
# `pytest --hypothesis-profile explore` draws new, and more, examples to hunt for bugs.
settings.register_profile("repeatable", derandomize=True, deadline=None)
settings.register_profile("explore", max_examples=1000, deadline=None)
settings.load_profile("repeatable")

REPO = Path(__file__).resolve().parent.parent
SEED = "seeds/000_06c8b470d410e0ad.txt"
PG_URL = os.environ.get("SARING_TEST_PG", "postgresql://127.0.0.1/test")


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    if path is None:
        pytest.skip("../shared is absent: the real-data checks need it beside the repository")
    return path


@pytest.fixture(scope="session")
def seed_path(shared: Path) -> Path:
    return shared / SEED
