"""Fixtures of the channel tests: settings with test secrets and a recording Graph/Bot API."""

from __future__ import annotations

import pytest
from channels_helpers import ADMIN_KEY, API_KEY, SECRET, TG_SECRET

from saring.channels.recorder import Recorder
from saring.channels.settings import Settings


@pytest.fixture
def recorder():
    with Recorder() as rec:
        yield rec


@pytest.fixture
def settings(tmp_path, recorder) -> Settings:
    return Settings(
        db=str(tmp_path / "archive.db"), verify_token="verify-me", app_secret=SECRET,
        access_token="graph-token", phone_number_id="1055", graph_base=recorder.url,
        telegram_token="123:ABC", telegram_secret=TG_SECRET, telegram_base=recorder.url,
        api_key=API_KEY, admin_user="redaksi", admin_password="rahasia", admin_key=ADMIN_KEY,
        merge_seconds=0.0, merge_max_seconds=0.0, retry_base=0.05, retry_max=0.2,
    )


