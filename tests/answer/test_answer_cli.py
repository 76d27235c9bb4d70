"""`saring ask` and `saring eval matching` from the command line."""

from __future__ import annotations

import io
import json

import pytest

from saring.cli import main


@pytest.fixture
def db(store):
    return store.path


def test_ask_json_has_the_documented_shape(db, capsys):
    assert main(["ask", "--json", "--db", db, "gunung lawu mau meletus?"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"query", "language", "normalized_query", "matches", "related", "answer_text", "no_match"}
    assert set(out["matches"][0]) >= {"id", "kind", "url", "title", "verdict", "verdict_label", "published",
                                      "publisher", "score", "summary", "evidence"}
    assert out["matches"][0]["url"].endswith("gunung-lawu-bakal-erupsi-besar") and out["no_match"] is False


def test_ask_reads_a_forwarded_message_from_stdin(db, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Forwarded many times\nLISTRIK MATI TOTAL 3 HARI\nse-Jawa Bali!!\n"))
    assert main(["ask", "--plain", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "Pemadaman Listrik Total" in out and "*" not in out


def test_ask_without_an_archive_is_one_line_error(tmp_path, capsys):
    assert main(["ask", "--db", str(tmp_path / "missing.db"), "halo"]) == 3
    err = capsys.readouterr().err.strip()
    assert err.startswith("saring: error: no archive at") and "\n" not in err


def test_eval_matching_reports_recall_and_skips_bad_lines(db, tmp_path, capsys):
    queries = tmp_path / "q.jsonl"
    lines = [
        {"query": "gunung lawu mau meletus?", "type": "question",
         "expected_url": "https://turnbackhoax.example/articles/1-salah-gunung-lawu-bakal-erupsi-besar"},
        {"query": "vaksin campak autis", "type": "keyword",
         "expected_url": "https://turnbackhoax.example/articles/7-salah-vaksin-campak-sebabkan-autisme"},
        {"query": "air rebusan daun sirsak sembuhkan kanker", "type": "no-match", "expected_url": None},
    ]
    queries.write_text("\n".join(json.dumps(x) for x in lines) + "\n{not json\n" + '{"query": ""}\n')
    assert main(["eval", "matching", "--queries", str(queries), "--db", db, "--json"]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["recall@3"] == {"keyword": 1.0, "question": 1.0}
    assert report["no_match"] == {"precision": 1.0, "recall": 1.0}
    assert report["skipped_lines"] == 2 and captured.err.count("skipped") == 2


def test_eval_matching_leaves_the_query_log_alone(db, store, tmp_path, capsys):
    queries = tmp_path / "q.jsonl"
    queries.write_text(json.dumps({"query": "gunung lawu", "expected_url": None}) + "\n")
    before = len(store.query_log())
    assert main(["eval", "matching", "--queries", str(queries), "--db", db]) == 0
    assert "no-match precision" in capsys.readouterr().out
    assert len(store.query_log()) == before


def test_eval_matching_with_no_usable_query_is_an_input_error(db, tmp_path, capsys):
    queries = tmp_path / "q.jsonl"
    queries.write_text("nonsense\n")
    assert main(["eval", "matching", "--queries", str(queries), "--db", db]) == 2
    assert "no usable queries" in capsys.readouterr().err
