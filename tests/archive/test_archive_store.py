"""The Store contract, run against both backends (SQLite file and PostgreSQL schema)."""

from __future__ import annotations

import dataclasses

import pytest
from archive_samples import BLACKOUT_BODY, corpus, filler, news

from saring.archive import open_store
from saring.archive.dedup import canonical_url
from saring.errors import InputError
from saring.model import Article, Boilerplate, FactCheck, Failure


def ids_of(hits):
    return [h.id for h in hits]


def test_a_first_ingest_stores_everything_and_links_the_syndicated_copy(store):
    summary = store.ingest(corpus())
    assert (summary.new, summary.duplicates, summary.updated, summary.unchanged, summary.failed) == (5, 1, 0, 0, 0)
    stats = store.stats()
    assert stats["items"] == 6
    assert stats["by_kind"] == {"factcheck": 3, "news": 3}
    assert stats["duplicates"] == 1
    assert stats["verdicts"] == {"false": 2, "scam": 1}
    assert (stats["earliest"], stats["latest"]) == ("2024-11-05", "2025-06-19")


def test_reingesting_the_same_input_changes_nothing(filled):
    before = filled.stats()
    again = filled.ingest(corpus() + filler())
    assert (again.new, again.updated, again.duplicates, again.unchanged) == (0, 0, 0, before["items"])
    assert filled.stats()["items"] == before["items"]


def test_a_changed_article_is_updated_not_duplicated(filled):
    original = corpus()[0]
    changed = dataclasses.replace(
        original, url=original.url.replace("utm_source=wa", "utm_medium=social&fbclid=abc"),
        body=[*BLACKOUT_BODY, "Pembaruan: listrik di Jawa Tengah telah menyala kembali pukul 23.00 WIB."])
    before = filled.stats()["items"]
    summary = filled.ingest([changed])
    assert (summary.updated, summary.new, summary.duplicates) == (1, 0, 0)
    assert filled.stats()["items"] == before
    stored = filled.get_by_url("https://liputan6.com/bisnis/read/6055100/pemadaman-listrik-jawa-bali")
    assert stored.body[-1].startswith("Pembaruan")
    hits = filled.search("menyala kembali Jawa Tengah")
    assert ids_of(hits)[:1] == [stored.id]
    assert filled.search("menyala kembali Jawa Tengah", kind="news")[0].id == stored.id


def test_items_without_url_are_keyed_by_their_text(store):
    text_only = Article(title="Banjir rob di pesisir Semarang",
                        body=["Banjir rob merendam ratusan rumah di Semarang Utara."])
    first = store.ingest([text_only])
    same_text_new_spacing = Article(title="Banjir  rob di pesisir SEMARANG",
                                    body=["Banjir rob merendam ratusan rumah di Semarang Utara."])
    second = store.ingest([same_text_new_spacing])
    assert first.new == 1 and second.new == 0 and store.stats()["items"] == 1


def test_near_duplicates_are_linked_and_collapse_in_search(filled):
    original = filled.get_by_url("https://www.liputan6.com/bisnis/read/6055100/pemadaman-listrik-jawa-bali")
    copy = filled.get_by_url("https://republika.co.id/berita/sx1234/pemadaman-listrik")
    assert set(filled.duplicates(copy.id)) == {original.id, copy.id}
    hits = filled.search("gangguan transmisi Banten", kind="news")
    assert len([h for h in hits if h.id in (original.id, copy.id)]) == 1
    # Filtering on the copy's outlet still finds the copy.
    assert ids_of(filled.search("gangguan transmisi Banten", outlet="republika")) == [copy.id]


def test_different_stories_are_not_linked(filled):
    assert filled.duplicates(filled.search("harga beras medium")[0].id) == [filled.search("harga beras medium")[0].id]


def test_failures_are_counted_and_reported_and_the_rest_goes_in(store):
    bad = Failure(source="feed.csv", message="row has 3 columns, expected 6", line=17)
    empty = Article(url="https://example.com/empty")
    summary = store.ingest([bad, *corpus()[:2], empty])
    assert summary.failed == 2 and summary.new == 2
    assert summary.failures[0] == bad
    assert summary.failures[1].source == "https://example.com/empty"
    assert "no title and no text" in summary.failures[1].message


def test_claims_and_titles_outrank_bodies(filled):
    hits = filled.search("pemadaman listrik jawa")
    assert hits[0].kind == "factcheck" and hits[0].verdict == "false"
    assert hits[0].title.startswith("[SALAH]")
    assert hits[0].score > hits[1].score > 0


def test_indonesian_stemming_matches_affixed_forms(filled):
    # "dipadamkan" and "pemadaman" share the stem "padam"; "yang" is a stop word.
    assert filled.search("listrik yang dipadamkan")[0].kind == "factcheck"
    assert filled.search("yang") == []


def test_all_words_first_then_any_word(filled):
    strict = filled.search("beras plastik")
    assert strict[0].title.startswith("Cek Fakta: Tidak Benar Beras Plastik")
    assert all("plastik" in h.snippet.lower() or "plastik" in h.title.lower() for h in strict)
    loose = filled.search("beras gajah terbang")  # no item has all three words
    assert {h.title for h in loose} >= {"Harga Beras Naik Jelang Idul Adha"}


def test_snippets_highlight_the_matched_words(filled):
    hit = filled.search("bansos tautan", kind="factcheck")[0]
    assert "[tautan]" in hit.snippet
    news_hit = filled.search("Suralaya pembangkit", kind="news")[0]
    assert "[pembangkit]" in news_hit.snippet and "[Suralaya]" in news_hit.snippet


@pytest.mark.parametrize("filters,expected_titles", [
    ({"kind": "factcheck"}, {"Cek Fakta: Tidak Benar Beras Plastik Beredar di Pasar"}),
    ({"kind": "news"}, {"Harga Beras Naik Jelang Idul Adha"}),
    ({"outlet": "Liputan6.com"}, {"Cek Fakta: Tidak Benar Beras Plastik Beredar di Pasar"}),
    ({"outlet": "detik"}, {"Harga Beras Naik Jelang Idul Adha"}),
    ({"since": "2025-01-01"}, {"Harga Beras Naik Jelang Idul Adha"}),
    ({"until": "2024"}, {"Cek Fakta: Tidak Benar Beras Plastik Beredar di Pasar"}),
    ({"since": "2025-06", "until": "2025-06-01"}, set()),
    ({"speaker": "budi santoso"}, {"Harga Beras Naik Jelang Idul Adha"}),
    ({"entity": "jakarta"}, {"Harga Beras Naik Jelang Idul Adha"}),
])
def test_filters(filled, filters, expected_titles):
    assert {h.title for h in filled.search("beras", **filters)} == expected_titles


def test_speaker_and_entity_filters_use_every_written_form(filled):
    assert filled.search("listrik", speaker="Darmawan")[0].title.startswith("PLN Padamkan")
    assert filled.search("listrik", speaker="DARMAWAN PRASODJO")[0].title.startswith("PLN Padamkan")
    assert filled.search("listrik", entity="PT PLN (Persero)")[0].title.startswith("PLN Padamkan")
    assert filled.search("listrik", speaker="Budi Santoso") == []


@pytest.mark.parametrize("bad", [{"kind": "video"}, {"since": "18/06/2025"}, {"until": "2025-13"},
                                 {"since": "2025-06-02", "until": "2025-06-01"}])
def test_bad_filters_are_input_errors(filled, bad):
    with pytest.raises(InputError):
        filled.search("beras", **bad)


def test_search_fields_ranks_only_the_given_fields(filled):
    hits = filled.search_fields("gangguan pembangkit Suralaya", {"claim": 4, "title": 2, "conclusion": 1})
    assert hits == []  # those words are only in bodies
    hits = filled.search_fields("pemadaman listrik tiga hari", {"claim": 4, "title": 2})
    assert hits[0].verdict_label == "SALAH"
    assert all(h.snippet == "" for h in hits)
    with pytest.raises(InputError):
        filled.search_fields("listrik", {"summary": 1})


def test_get_get_many_and_get_by_url(filled):
    hits = filled.search("beras")
    first, second = hits[0].id, hits[1].id
    assert [i.id for i in filled.get_many([second, "nope", first])] == [second, first]
    assert filled.get("nope") is None
    item = filled.get_by_url("http://m.liputan6.com/cek-fakta/read/6000001/cek-fakta-beras-plastik/?utm_campaign=x#top")
    assert isinstance(item, FactCheck) and item.verdict_label == "Cek Fakta: Tidak Benar"
    article = filled.get_by_url("https://news.detik.com/berita/d-7900001/harga-beras-naik")
    assert isinstance(article, Article) and article.attributions[0].speaker == "Budi Santoso"


def test_query_log(store):
    store.log_query("Benarkah listrik padam 3 hari?", "listrik padam 3 hari", True, top_id="abc", channel="whatsapp")
    store.log_query("apa kabar", "kabar", False)
    assert [q["answered"] for q in store.query_log()] == [True, False]
    unanswered = store.query_log(answered=False)
    assert len(unanswered) == 1 and unanswered[0]["channel"] == "cli"
    assert store.query_log(since="2999-01-01") == []
    assert store.stats()["queries_logged"] == 2


def test_both_backends_find_alike(tmp_path, pg_schemas):
    # Each ranks with its own BM25 (tantivy beside SQLite, the FTS5 formula in SQL on PostgreSQL):
    # the same items are found, the best first, with the same snippets.
    results = []
    for location in (str(tmp_path / "a.db"), pg_schemas()):
        with open_store(location) as s:
            s.ingest(corpus() + filler())
            results.append([[(h.id, h.snippet) for h in s.search("listrik jawa pemadaman")],
                            [h.id for h in s.search_fields("beras", {"claim": 2, "body": 1})],
                            [h.id for h in s.search_fields("listrik beras cianjur", {"claim": 3, "title": 4})]])
    sqlite, postgres = results
    assert [sorted(r) for r in sqlite] == [sorted(r) for r in postgres]
    assert [r[0] for r in sqlite] == [r[0] for r in postgres]
    assert sum(map(len, sqlite)) >= 4


def test_canonical_urls_drop_tracking_and_mobile_hosts():
    assert canonical_url("HTTP://m.Detik.com/news/d-1/a/?utm_source=fb&id=3&fbclid=x#c") == \
        "https://detik.com/news/d-1/a?id=3"
    assert canonical_url("https://www.kompas.com/read/2025/06/18/x/amp") == "https://kompas.com/read/2025/06/18/x"
    assert canonical_url("https://news.detik.com/berita/d-1?b=2&a=1") == "https://news.detik.com/berita/d-1?a=1&b=2"
    assert canonical_url("") == ""


def test_a_batch_repeating_one_url_keeps_one_item(store):
    article = news("https://x.id/1", "Gempa di Cianjur", "Gempa magnitudo 5,6 mengguncang Cianjur.")
    newer = dataclasses.replace(article, body=["Gempa magnitudo 5,6 mengguncang Cianjur, 3 orang luka."])
    summary = store.ingest([article, article, newer])
    assert (summary.new, summary.unchanged, summary.updated) == (1, 1, 1)
    assert store.get_by_url("https://x.id/1").body == newer.body
    assert len(store.search("gempa cianjur")) == 1


def test_within_one_batch_the_last_version_wins(store):
    first = news("https://x.id/2", "Harga cabai", "Harga cabai rawit naik menjadi Rp 80.000 per kilogram.")
    store.ingest([first])
    second = dataclasses.replace(first, body=["Harga cabai rawit turun menjadi Rp 60.000 per kilogram."])
    summary = store.ingest([second, first])  # changed, then back to what is stored
    assert store.get_by_url(first.url).body == first.body
    assert summary.updated == 2 and summary.new == 0


def test_every_match_is_ranked_old_or_new(store):
    store.ingest([news(f"https://x.id/banjir/{i}", "Banjir" + " banjir" * (i == 2) + f" hari ke-{i}",
                       f"Banjir merendam {i + 2} desa di Demak.") for i in range(8)] + filler(12))
    everything = store.search("banjir demak", limit=20)
    assert len(everything) == 8
    assert everything[0].title == "Banjir banjir hari ke-2"  # the oldest but one: no window hides it
    assert [h.id for h in store.search("banjir demak", limit=3)] == [h.id for h in everything[:3]]


def test_a_new_scrape_with_other_promos_is_unchanged(store):
    article = news("https://x.id/3", "Jalan tol baru dibuka", "Jalan tol Probolinggo-Banyuwangi dibuka untuk mudik.",
                   boilerplate=[Boilerplate("Baca Juga: Harga tiket pesawat", "related-links")])
    store.ingest([article])
    rescraped = dataclasses.replace(article, boilerplate=[Boilerplate("Video Pilihan Hari Ini", "video")])
    summary = store.ingest([rescraped, article])
    assert (summary.unchanged, summary.updated) == (2, 0)


def test_an_older_scrape_does_not_undo_an_update(store):
    before = news("https://x.id/4", "Harga emas", "Harga emas Antam Rp 1,9 juta per gram.",
                  published="2025-06-18T09:00:00+07:00")
    after = dataclasses.replace(before, body=["Harga emas Antam turun ke Rp 1,88 juta per gram."],
                                updated="2025-06-18T15:00:00+07:00")
    first = store.ingest([before, after])
    again = store.ingest([before, after])
    assert (first.new, first.updated) == (1, 1)
    assert (again.unchanged, again.updated) == (2, 0)
    assert store.get_by_url("https://x.id/4").body == after.body
