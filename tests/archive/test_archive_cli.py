"""`saring ingest/search/stats` end to end, including kill -9 in the middle of an ingest and two
ingests at once, on both backends."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest
from archive_samples import corpus, filler

from saring.archive import open_store
from saring.cli import main
from saring.model import Article, item_to_dict

MARKER = "arsipuji"  # a word every generated article carries: counts what the index holds
WORDS = ("pemerintah daerah warga banjir jalan tol harga pangan pasar listrik sekolah guru rumah sakit "
         "dokter polisi kebakaran gempa bandara kereta pelabuhan nelayan petani panen pupuk subsidi "
         "anggaran proyek jembatan bendungan desa kota provinsi menteri gubernur bupati").split()


def write_feed(path, count: int, seed: int = 7) -> None:
    """A JSONL feed of distinct articles (random word salads: no two are near-duplicates)."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        for i in range(count):
            body = [" ".join(rng.choices(WORDS, k=40)) + f" {MARKER}", " ".join(rng.choices(WORDS, k=40))]
            article = Article(source="contoh.id", url=f"https://contoh.id/berita/{i}", title=f"Berita nomor {i}",
                              body=body, published="2025-06-18T10:00:00+07:00")
            out.write(json.dumps(item_to_dict(article), ensure_ascii=False) + "\n")


def saring(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "saring.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def indexed(db: str) -> tuple[int, int]:
    """(items stored, items the full-text index finds) — equal in a consistent store."""
    with open_store(db) as store:
        return store.stats()["items"], len(store.search_fields(MARKER, {"body": 1}, limit=1_000_000))


def test_kill_9_mid_ingest_leaves_a_consistent_store_and_a_rerun_completes(db, tmp_path):
    feed, total, batch = tmp_path / "feed.jsonl", 300, 5
    write_feed(feed, total)
    args = ("ingest", str(feed), "--db", db, "--batch-size", str(batch), "--no-analyze", "--json")
    proc = saring(*args)
    deadline = time.monotonic() + 60
    stored = 0
    while stored < 3 * batch and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
        if "://" in db or os.path.exists(db):
            with open_store(db) as reader:
                stored = reader.stats()["items"]
    assert proc.poll() is None, "the ingest finished before it could be killed: make the feed bigger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    items, found = indexed(db)
    assert items == found and items % batch == 0 and 0 < items < total  # whole batches only
    if "://" not in db:
        import apsw

        assert apsw.Connection(db).execute("PRAGMA integrity_check").fetchall() == [("ok",)]

    rerun = saring(*args)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    summary = json.loads(out)
    assert (summary["new"], summary["unchanged"], summary["failed"]) == (total - items, items, 0)
    assert indexed(db) == (total, total)


def test_two_ingests_at_once_store_each_item_once(db, tmp_path):
    feed, total = tmp_path / "feed.jsonl", 200
    write_feed(feed, total, seed=11)
    args = ("ingest", str(feed), "--db", db, "--batch-size", "10", "--no-analyze", "--json")
    first, second = saring(*args), saring(*args)
    while first.poll() is None or second.poll() is None:  # a reader works alongside both writers
        if "://" in db or os.path.exists(db):
            with open_store(db) as reader:
                reader.search("banjir listrik", limit=3)
        time.sleep(0.05)
    outputs = [json.loads(p.communicate()[0]) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0]
    assert sum(o["new"] for o in outputs) == total
    assert sum(o["unchanged"] for o in outputs) == total
    assert indexed(db) == (total, total)


def test_ingest_reports_bad_rows_with_file_and_line(db, tmp_path, capsys):
    feed = tmp_path / "feed.jsonl"
    write_feed(feed, 3)
    lines = feed.read_text(encoding="utf-8").splitlines()
    feed.write_text("\n".join([lines[0], "{not json", lines[1], lines[2]]) + "\n", encoding="utf-8")
    assert main(["ingest", str(feed), "--db", db, "--no-analyze", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["new"], summary["failed"]) == (3, 1)
    assert summary["failures"][0]["line"] == 2 and summary["failures"][0]["source"] == str(feed)
    assert main(["ingest", str(feed), "--db", db, "--no-analyze"]) == 0
    captured = capsys.readouterr()
    assert "0 new, 0 updated, 3 unchanged, 0 duplicates, 1 failed" in captured.out
    assert f"{feed}:2:" in captured.err


def test_ingest_of_the_shared_fact_checks(shared, tmp_path, capsys):
    db = str(tmp_path / "archive.db")
    path = str(shared / "data" / "factchecks" / "turnbackhoax_articles.csv")
    assert main(["ingest", path, "--db", db, "--no-analyze", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["new"] + summary["duplicates"] > 900
    assert main(["search", "vaksin", "--db", db, "--kind", "factcheck", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and all(h["kind"] == "factcheck" and h["url"].startswith("https://turnbackhoax.id") for h in hits)
    assert any(h["verdict"] for h in hits)


def test_search_prints_verdict_date_outlet_title_snippet_and_url(db, capsys):
    with open_store(db) as store:
        store.ingest(corpus() + filler())
    assert main(["search", "pemadaman listrik jawa", "--db", db]) == 0
    out = capsys.readouterr().out
    first = out.split("\n\n")[0].splitlines()
    assert first[0].split() == ["1.", "FALSE", "(SALAH)", "·", "2025-06-19", "·", "turnbackhoax.id"]
    assert first[1].strip() == "[SALAH] Pemadaman Listrik Total di Jawa Selama Tiga Hari"
    assert "[pemadaman] [listrik]" in first[2]
    assert first[3].strip() == "https://turnbackhoax.id/2025/06/19/salah-pemadaman-total-jawa-tiga-hari/"
    assert " 2. NEWS · 2025-06-18 · liputan6.com" in out

    assert main(["search", "beras", "--db", db, "--kind", "news", "--since", "2025-06", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [h["title"] for h in hits] == ["Harga Beras Naik Jelang Idul Adha"]
    assert main(["search", "kucing terbang", "--db", db]) == 0
    assert "no matches" in capsys.readouterr().out


def test_stats_text_and_json(db, capsys):
    with open_store(db) as store:
        store.ingest(corpus())
    assert main(["stats", "--db", db, "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["items"] == 6 and stats["duplicates"] == 1
    assert main(["stats", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "6 items: 3 factcheck, 3 news; 1 near-duplicates linked" in out
    assert "verdicts: false 2, scam 1" in out


@pytest.mark.parametrize("argv,code,message", [
    (["search", "beras", "--db", "{tmp}/missing.db"], 3, "no archive at"),
    (["stats", "--db", "{tmp}/missing.db"], 3, "no archive at"),
    (["search", "beras", "--db", "{db}", "--since", "kemarin"], 2, "bad date"),
    (["search", "  ", "--db", "{db}"], 2, "empty query"),
    (["ingest", "{tmp}/nothing.jsonl", "--db", "{db}"], 2, "no such file"),
])
def test_errors_are_one_line(argv, code, message, tmp_path, capsys):
    db = str(tmp_path / "archive.db")
    open_store(db).close()
    assert main([a.format(tmp=tmp_path, db=db) for a in argv]) == code
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err
