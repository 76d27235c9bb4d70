"""What only the embedded store has: the tantivy index beside the SQLite records, kept equal to
them through updates, kills and a lost index directory, and the records' layout version."""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import apsw
import pytest
from archive_samples import BLACKOUT_BODY, corpus, filler, news

from saring.archive import open_store
from saring.archive.base import DEFAULT_WEIGHTS
from saring.errors import StoreError
from saring.model import FactCheck

ROOT = Path(__file__).resolve().parents[2]


def found(store, query: str) -> list[tuple[str, str]]:
    return sorted((h.id, h.kind) for h in store.search(query, limit=50))


def test_after_updates_search_finds_what_a_fresh_ingest_of_the_result_finds(tmp_path):
    original = corpus()
    changed = dataclasses.replace(original[0], body=[*BLACKOUT_BODY, "Pembaruan: listrik menyala kembali di Semarang."])
    # the same URL read first as a news report, then as a fact-check of the Cek Fakta desk
    moved = news("https://x.id/cek-fakta/1", "Video banjir bandang Garut", "Video banjir bandang beredar.")
    desk = FactCheck(url=moved.url, title="[HOAKS] Video banjir bandang Garut", claim="Video banjir bandang di Garut.",
                     verdict="false", verdict_label="HOAKS", publisher="cekfakta.example.org",
                     conclusion="Video itu rekaman banjir tahun 2016 di Sulawesi.")
    queries = ["listrik menyala banjir garut", "semarang", "video banjir", "sulawesi rekaman"]
    with open_store(str(tmp_path / "updated.db")) as store:
        store.ingest(original + filler(6) + [moved])
        summary = store.ingest([changed, desk])
        assert summary.updated == 2
        updated = [found(store, q) for q in queries]
        updated_counts = store.document_frequencies(["semarang", "rekaman", "padam"])
    with open_store(str(tmp_path / "fresh.db")) as store:
        store.ingest([changed, *original[1:], *filler(6), desk])
        assert [found(store, q) for q in queries] == updated
        assert store.document_frequencies(["semarang", "rekaman", "padam"])[1] == updated_counts[1]
    assert ("news", "factcheck") == tuple(k for k in ("news", "factcheck") if any(k == kind for _, kind in updated[0]))
    assert any(kind == "factcheck" and i == desk.id for i, kind in updated[2])


def test_a_lost_index_directory_is_rebuilt_from_the_records(tmp_path):
    path = str(tmp_path / "a.db")
    with open_store(path) as store:
        store.ingest(corpus() + filler())
        before = [found(store, q) for q in ("beras", "listrik jawa", "bansos")]
    shutil.rmtree(path + ".tantivy")
    with open_store(path) as store:
        assert [found(store, q) for q in ("beras", "listrik jawa", "bansos")] == before
        assert store.stats()["index_bytes"] > 0


QUERIES = ("banjir demak", "berita lagi", "desa 5", "berita 1234")


def matches(store, query: str) -> list[str]:
    """Every item the index matches (first stage: no near-duplicate collapsing, no limit)."""
    return sorted(h.id for h in store.search_fields(query, {"title": 1, "body": 1}, any_term=False, limit=100_000))


CRASH_INGEST = textwrap.dedent("""
    import sys
    sys.path.insert(0, sys.argv[2])
    from archive_samples import news
    from saring.archive import open_store
    from saring.archive import sqlite

    sqlite.INDEX_COMMIT_SECONDS = 0.2  # many index commits: a kill lands between them
    with open_store(sys.argv[1]) as store:
        store.batch_size = 50
        # every item twice (the second time changed): updates as well as inserts in flight
        items = (news(f"https://x.id/{i % 4000}", f"Berita {i % 4000} banjir" + " lagi" * (i >= 4000),
                      f"Banjir ke-{i % 4000} merendam desa {i % 97} di Demak.") for i in range(8000))
        store.ingest(items)
""")


def test_killed_mid_ingest_the_reopened_archive_equals_a_clean_build(tmp_path):
    path = str(tmp_path / "killed.db")
    script = tmp_path / "ingest.py"
    script.write_text(CRASH_INGEST)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, str(script), path, str(Path(__file__).parent)], env=env)
    deadline = time.monotonic() + 120
    stored = 0
    while stored < 2500 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        if os.path.exists(path):
            try:
                db = apsw.Connection(path)
                db.set_busy_timeout(1000)
                stored = db.execute("SELECT count(*) FROM items").fetchone()[0]
                db.close()
            except apsw.Error:
                pass
    assert proc.poll() is None, "the ingest ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with open_store(path) as store:
        items = [store.get(i) for i, _ in store.changed_since("", limit=100_000)]
        assert 2500 <= len(items) < 4000 + 1
        killed = [matches(store, q) for q in QUERIES]
        assert len(killed[0]) == len(items)
        total = store.document_frequencies(["banjir"])
    with open_store(str(tmp_path / "clean.db")) as store:
        store.ingest(items)
        assert [matches(store, q) for q in QUERIES] == killed
        assert store.document_frequencies(["banjir"])[1] == total[1] == len(items)


def test_an_archive_of_another_layout_is_refused_in_one_line(tmp_path):
    path = str(tmp_path / "old.db")
    with open_store(path) as store:
        store.ingest(corpus())
    db = apsw.Connection(path)
    db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    db.close()
    with pytest.raises(StoreError, match="index layout 1.*ingest the sources again") as raised:
        open_store(path)
    assert "\n" not in str(raised.value)


def test_headline_search_follows_updates(tmp_path):
    with open_store(str(tmp_path / "a.db")) as store:
        first = news("https://x.id/gempa", "Gempa guncang Cianjur", "Gempa magnitudo 5,6 mengguncang Cianjur.")
        store.ingest([first, *filler(6)])
        headline_search = lambda q: [h.id for h in store.search_fields(q, {"title": 4.0}, kind="news")]  # noqa: E731
        assert headline_search("gempa cianjur") == [first.id]
        store.ingest([dataclasses.replace(first, title="Longsor tutup jalan Garut")])
        assert headline_search("gempa cianjur") == []
        assert headline_search("longsor garut") == [first.id]


def test_date_and_outlet_filters_follow_updates(tmp_path):
    with open_store(str(tmp_path / "a.db")) as store:
        report = news("https://x.id/banjir", "Banjir rob Semarang", "Banjir rob merendam Semarang Utara.",
                      published="2024-01-05T09:00:00+07:00", source="detik.com")
        store.ingest([report, *filler(4)])
        assert store.search("banjir semarang", since="2025-01-01") == []
        store.ingest([dataclasses.replace(report, published="2025-02-01T09:00:00+07:00", source="kompas.com")])
        assert [h.id for h in store.search("banjir semarang", since="2025-01-01", outlet="kompas")] == [report.id]
        assert store.search("banjir semarang", outlet="detik") == []


def test_the_answer_layers_first_stage_weightings_are_index_profiles():
    # Each has a field scored as one BM25 over the weighted fields; another weighting would be
    # scored field by field, where a claim (only fact-checks have one) hardly counts at scale.
    from saring.answer.matcher import FIRST_STAGE_FIELDS, NEWS_FIELDS
    from saring.archive.textindex import _profile

    assert _profile(FIRST_STAGE_FIELDS) and _profile(NEWS_FIELDS) and _profile(DEFAULT_WEIGHTS)
    assert not _profile({"claim": 1.0, "title": 1.0})


def test_a_new_archive_file_does_not_take_the_index_an_old_one_left(tmp_path):
    path = str(tmp_path / "a.db")
    with open_store(path) as store:
        store.ingest(corpus() + filler())
    for suffix in ("", "-wal", "-shm"):
        Path(path + suffix).unlink(missing_ok=True)
    with open_store(path) as store:
        store.ingest(filler(3))
        assert store.document_frequencies(["beras"]) == ({}, 3)
        assert store.search("beras") == []


@pytest.mark.parametrize("fact_checks", [0, 3, 40])
def test_a_kind_filter_applied_after_the_search_keeps_the_filtered_top(tmp_path, monkeypatch, fact_checks):
    # Fact-checks that outrank every report (so the unfiltered top is not enough and the
    # filtered query must run), a few of them, or none: the same hits as the filtered query.
    from saring.archive import textindex

    checks = [FactCheck(url=f"https://cek.id/{i}", title=f"[SALAH] Banjir bandang Garut {i}",
                        claim=f"Banjir bandang Garut merendam kota {i}", publisher="cek.id", verdict="false",
                        verdict_label="SALAH", published="2025-01-01") for i in range(fact_checks)]
    reports = [news(f"https://x.id/{i}", f"Banjir di Garut hari ke-{i}", f"Hujan deras {i} kali. Banjir Garut.")
               for i in range(30)]
    with open_store(str(tmp_path / "a.db")) as store:
        store.ingest([*checks, *reports, *filler(5)])
        queries = [("banjir bandang garut", {"title": 4.0, "claim": 3.0, "conclusion": 1.5}),
                   ("hujan garut", {"title": 4.0, "body": 1.0})]

        def searches():
            return [[(h.id, h.score) for h in store.search_fields(q, fields, kind="news", limit=limit)]
                    for q, fields in queries for limit in (1, 5, 12, 40)]

        after = searches()
        monkeypatch.setattr(textindex, "OTHER_KINDS_MAX", -1)  # the filter inside the query
        store.text.reload()
        assert after == searches()
        assert all(hits for hits in after)
