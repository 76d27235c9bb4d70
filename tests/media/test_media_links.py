"""Bare links: recognised, matched exactly when archived, otherwise read and asked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from saring.answer import Answerer
from saring.archive import open_store
from saring.media.fetch import Fetcher
from saring.media.links import answer_link, only_link
from saring.model import item_from_dict

ITEMS = Path(__file__).parent.parent / "channels" / "data" / "factchecks.jsonl"
PAGE = """<html><head><title>Viral! BMKG sebut gempa M9 guncang Jakarta pekan depan</title></head>
<body><article><h1>Viral! BMKG Prediksi Gempa Magnitudo 9 Guncang Jakarta Pekan Depan</h1>
<p>Sebuah pesan berantai menyebut BMKG memprediksi gempa bermagnitudo 9 akan mengguncang Jakarta
pekan depan, warga diminta mengungsi sebelum hari Jumat.</p>
<p>Pesan itu beredar luas di grup WhatsApp keluarga sejak Senin.</p></article></body></html>"""


@pytest.fixture
def store(tmp_path):
    with open_store(str(tmp_path / "archive.db")) as s:
        s.ingest([item_from_dict(json.loads(line)) for line in ITEMS.read_text().splitlines()])
        yield s


@pytest.mark.parametrize("text, link", [
    ("https://t.co/AbC123", "https://t.co/AbC123"),
    ("  https://www.detik.com/berita/d-1/judul?utm_source=wa  ", "https://www.detik.com/berita/d-1/judul?utm_source=wa"),
    ("benarkah? https://bit.ly/xyz", "https://bit.ly/xyz"),
    ("kompas.com/read/2025/01/01/gempa", "https://kompas.com/read/2025/01/01/gempa"),
    ("vaksin mengandung chip https://bit.ly/xyz", ""),
    ("https://a.example/1 https://b.example/2", ""),
    ("gempa jakarta", ""),
    ("", ""),
])
def test_only_link(text, link):
    assert only_link(text) == link


def ask_with(store):
    answerer = Answerer(store)
    return lambda text, channel: answerer.ask(text, channel=channel)


def test_an_archived_link_matches_exactly_after_canonicalisation(store):
    fetcher = Fetcher()  # nothing is fetched: the link is archived
    answer = answer_link("http://m.cekfakta.example/vaksin-chip/amp?utm_source=wa&fbclid=x",
                         ask_with(store), store, fetcher, "test", "unreadable")
    assert answer.matches[0].url == "https://cekfakta.example/vaksin-chip"
    assert answer.matches[0].score == 1.0


def test_a_shortened_link_to_an_archived_item_matches_through_the_redirect(store, site):
    site.redirect("/s/abc", "https://cekfakta.example/bansos-link?utm_medium=social")
    answer = answer_link(site.url + "/s/abc", ask_with(store), store,
                         Fetcher(allow_private=True, max_redirects=1), "test", "unreadable")
    # the archived target is never fetched: the redirect's Location names it
    assert answer.matches and answer.matches[0].url == "https://cekfakta.example/bansos-link"


def test_a_page_is_read_and_its_claim_asked(store, site):
    site.redirect("/s/gempa", "/berita/gempa-m9")
    site.page("/berita/gempa-m9", PAGE.encode())
    answer = answer_link(site.url + "/s/gempa", ask_with(store), store,
                         Fetcher(allow_private=True), "test", "unreadable")
    assert answer.matches and "Gempa" in answer.matches[0].title
    assert "BMKG" in answer.query


def test_an_unreadable_link_gets_the_given_reply_and_is_logged(store, site):
    site.page("/img", b"\x89PNG....", "image/png")
    for url in (site.url + "/img", site.url + "/missing", "http://127.0.0.1:1/x"):
        answer = answer_link(url, ask_with(store), store, Fetcher(allow_private=True, timeout=2),
                             "test", "cannot open")
        assert answer.no_match and answer.answer_text == "cannot open"
    assert [r["text"] for r in store.query_log()][-3:] == [site.url + "/img", site.url + "/missing",
                                                           "http://127.0.0.1:1/x"]
