"""Answers over the false-news set never call a debunked or denied claim true (issue 10, item 1).

Its REAL label means "real news": "Maradona meninggal dunia setelah laga Argentina vs Nigeria?"
was answered BENAR from a report of Maradona's own denial. Read through the reader, into the
archive, out through the answerer: whatever is found is news or a false/unrated fact-check, and
the reply names the dataset and row it comes from.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from saring.answer import Answerer
from saring.archive import open_store
from saring.model import Failure
from saring.reader.factchecks import FALSE_NEWS_DATASET, read

HEADER = "ID,label,tanggal,judul,text,nama file gambar\n"
# (query, a row the query is about); the rows are written for this test after the set's shapes
CASES = [
    ("Maradona meninggal dunia setelah laga Argentina vs Nigeria?",
     ["29994", "REAL", "29-Jun-18", "Maradona Bantah Kabar Dirinya Meninggal Usai Laga Argentina vs Nigeria",
      ": Maradona Bantah Kabar Dirinya Meninggal Usai Laga Argentina vs Nigeria"]),
    ("vaksin MR bikin anak lumpuh?",
     ["29684", "REAL", "15-Agu-18", "Dinkes Membantah Isu Anak Lumpuh Setelah Vaksin MR",
      "“Anak itu lumpuh bukan karena vaksin MR, tidak berhubungan dengan imunisasi,” ujarnya."]),
    ("benarkah ada begal di fly over Pesing Jakarta Barat?",
     ["775523", "REAL", "3-Mar-18", "Klarifikasi Kepolisian Terkait Isu Begal di Fly Over Pesing, Jakarta Barat",
      "Beredar voice note begal di fly over Pesing. Itu tidak benar. Hoaks, kata Kapolsek."]),
    ("Nezar Patria kader PKI ikut rapat di Istana?",
     ["7214", "REAL", "8-Mar-17", *[("Nezar Patria adalah Kader PKI, Ikut Rapat di Istana, Demikian Tuduhan "
                                     "dari Alfian Tandjung")] * 2]),
]
OTHER_ROWS = [
    ["100", "FAKE", "1-Feb-19", "Gempa Besar Guncang Jakarta Malam Ini", "Sebarkan! Gempa besar malam ini."],
    ["101", "FAKE", "2-Mar-19", "Vaksin Campak Mengandung Babi", "Vaksin campak mengandung babi, jangan mau."],
    ["102", "REAL", "3-Apr-19", "Polisi Tangkap Penyebar Hoaks Penculikan Anak", "Polisi menangkap penyebar."],
]


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([*row, f"{row[0]}.jpg"])
    return HEADER + out.getvalue()


def _assert_never_true(answer) -> None:
    assert all(m.verdict != "true" for m in answer.matches), answer.matches
    for text in (answer.answer_text, answer.plain_text):
        assert "BENAR" not in text and "FAKTA" not in text, text


@pytest.fixture(scope="module")
def answerer(tmp_path_factory):
    items = list(read(io.StringIO(_csv([row for _, row in CASES] + OTHER_ROWS)), "falsenews-csv", "t.csv"))
    assert not [i for i in items if isinstance(i, Failure)]
    with open_store(str(tmp_path_factory.mktemp("falsenews") / "a.db")) as store:
        store.ingest(items)
        yield Answerer(store, log_queries=False)


@pytest.mark.parametrize(("query", "row"), CASES, ids=[row[0] for _, row in CASES])
def test_denied_or_accused_claims_are_never_answered_true(answerer, query, row) -> None:
    answer = answerer.ask(query)
    _assert_never_true(answer)
    about = [m for m in answer.matches if m.publisher == f"{FALSE_NEWS_DATASET}, ID {row[0]}"]
    if about:  # found: cited by dataset and row, with its date
        assert about[0].url == ""
        assert f"{FALSE_NEWS_DATASET}, ID {row[0]}" in answer.answer_text


def test_the_maradona_denial_is_answered_as_a_news_report(answerer) -> None:
    answer = answerer.ask(CASES[0][0])
    assert answer.matches and answer.matches[0].kind == "news"
    assert "BERITA" in answer.answer_text and "29 Juni 2018" in answer.answer_text


def test_shared_set_answers_no_denied_claim_true(shared: Path, tmp_path) -> None:
    path = shared / "data" / "factchecks" / "indonesia_false_news_2015_2020.csv"
    items = [i for i in read(path, "falsenews-csv", str(path)) if not isinstance(i, Failure)]
    with open_store(str(tmp_path / "falsenews.db")) as store:
        store.ingest(items)
        answerer = Answerer(store, log_queries=False)
        for query in [q for q, _ in CASES] + ["apakah bumi itu datar?", "Maradona meninggal?",
                                              "Klarifikasi BMKG prediksi gempa 8,2 tsunami Jateng"]:
            _assert_never_true(answerer.ask(query))
