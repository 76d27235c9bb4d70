"""`saring broadcast` and `saring serve` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from saring.archive import open_store
from saring.channels.state import State, state_location
from saring.cli import main
from saring.model import item_from_dict

DATA = Path(__file__).parent / "data" / "factchecks.jsonl"


def test_broadcast_queues_each_factcheck_once_and_reports_problems(tmp_path, capsys):
    db = str(tmp_path / "archive.db")
    with open_store(db) as store:
        store.ingest([item_from_dict(json.loads(line)) for line in DATA.read_text().splitlines()])
        fc = store.get_by_url("https://cekfakta.example/banjir-foto")
        news = store.get_by_url("https://berita.example/2026/bmkg-gempa")
    state = State(state_location(db))
    state.set_subscribed("telegram", "555", True, 0)
    state.close()

    assert main(["broadcast", "--db", db, "--json", fc.id, news.url, "nope"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["factchecks"], out["subscribers"], out["queued"]) == (1, 1, 1)
    assert out["problems"] == [f"{news.url}: a news article, not a fact-check", "nope: not in the archive"]

    assert main(["broadcast", "--db", db, fc.url]) == 0
    assert "1 announced before" in capsys.readouterr().out
    state = State(state_location(db))
    assert state.outbox_counts() == {"pending": 1}
    state.close()


def test_broadcast_refuses_a_missing_archive_and_serve_a_bad_port(tmp_path, capsys):
    assert main(["broadcast", "--db", str(tmp_path / "typo.db"), "x"]) == 3
    assert "no archive at" in capsys.readouterr().err
    assert not (tmp_path / "typo.db").exists()
    assert main(["serve", "--db", str(tmp_path / "a.db"), "--port", "70000"]) == 2
    assert "--port must be 1..65535" in capsys.readouterr().err
    config = tmp_path / "bad.toml"
    config.write_text("rate_limit = 'lots'\n")
    assert main(["serve", "--config", str(config), "--db", str(tmp_path / "a.db")]) == 2
    assert "rate_limit must be a number" in capsys.readouterr().err
