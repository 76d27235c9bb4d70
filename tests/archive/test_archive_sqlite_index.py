"""What only the embedded store has: one FTS5 index per kind, document counts kept in
``term_df`` through inserts and updates, and its layout version."""

from __future__ import annotations

import dataclasses

import apsw
import pytest
from archive_samples import BLACKOUT_BODY, corpus, filler, news

from saring.archive import open_store
from saring.errors import StoreError
from saring.model import FactCheck


def counts(path: str) -> list[tuple]:
    db = apsw.Connection(path)
    try:
        return list(db.execute("SELECT kind, term, df FROM term_df WHERE df != 0 ORDER BY kind, term"))
    finally:
        db.close()


def test_document_counts_after_updates_equal_a_fresh_ingest_of_the_result(tmp_path):
    original = corpus()
    changed = dataclasses.replace(original[0], body=[*BLACKOUT_BODY, "Pembaruan: listrik menyala kembali di Semarang."])
    # the same URL read first as a news report, then as a fact-check of the Cek Fakta desk
    moved = news("https://x.id/cek-fakta/1", "Video banjir bandang Garut", "Video banjir bandang beredar.")
    desk = FactCheck(url=moved.url, title="[HOAKS] Video banjir bandang Garut", claim="Video banjir bandang di Garut.",
                     verdict="false", verdict_label="HOAKS", publisher="cekfakta.example.org",
                     conclusion="Video itu rekaman banjir tahun 2016 di Sulawesi.")
    updated, fresh = str(tmp_path / "updated.db"), str(tmp_path / "fresh.db")
    with open_store(updated) as store:
        store.ingest(original + filler(6) + [moved])
        summary = store.ingest([changed, desk])
        assert summary.updated == 2
        updated_hits = [(h.id, h.kind, round(h.score, 9))
                        for h in store.search("listrik menyala banjir garut", limit=20)]
    with open_store(fresh) as store:
        store.ingest([changed, *original[1:], *filler(6), desk])
        fresh_hits = [(h.id, h.kind, round(h.score, 9)) for h in store.search("listrik menyala banjir garut", limit=20)]
    assert counts(updated) == counts(fresh)
    assert ("news", "", 8 + 1) in counts(fresh) and ("factcheck", "", 4) in counts(fresh)
    assert updated_hits == fresh_hits and {"news", "factcheck"} <= {kind for _, kind, _ in fresh_hits}


def test_a_kind_is_ranked_in_its_own_window_whatever_the_other_kind_holds(tmp_path):
    with open_store(str(tmp_path / "a.db")) as store:
        store.ingest(corpus()[2:])  # the fact-checks, stored before a flood of news
        store.ingest(news(f"https://x.id/listrik/{i}", f"Listrik padam hari ke-{i}",
                          f"Listrik padam di {i + 2} kecamatan di Jawa.") for i in range(12))
        store.rank_window = 3
        factchecks = store.search("listrik padam jawa", kind="factcheck")
        everything = store.search("listrik padam jawa", limit=20)
    assert factchecks and all(h.kind == "factcheck" for h in factchecks)
    assert {h.id for h in factchecks} <= {h.id for h in everything}
    assert sum(h.kind == "news" for h in everything) == 3  # the news: only the newest 3 ranked


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


def test_the_news_headline_index_follows_updates(tmp_path):
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
