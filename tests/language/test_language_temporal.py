"""Time expressions normalised against the publication date (the seed: 13 June 2024)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from language_seed import seed_article

from saring.language import analyze
from saring.language.temporal import extract_times, parse_reference
from saring.model import Article

REF = date(2024, 6, 13)  # a Thursday


def one(text: str, ref: date | None = REF):
    (found,) = extract_times(text, ref)
    return found.text, found.value, found.granularity


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Kim pada hari Rabu (12/6/2024) memuji", ("hari Rabu (12/6/2024)", "2024-06-12", "day")),
        ("paling cepat pekan depan.", ("pekan depan", "2024-06-17/2024-06-23", "week")),
        ("Rusia pada September lalu untuk", ("September lalu", "2023-09", "month")),
        ("di orbit pada akhir Mei.", ("akhir Mei", "2024-05-21/2024-05-31", "part-of-month")),
        ("di Vladivostok pada April 2019.", ("April 2019", "2019-04", "month")),
        ("kata pejabat Seoul pada Kamis, 23 November.",
         ("Kamis, 23 November", "2023-11-23", "day")),
        ("pada Rabu, 13 September 2023.", ("Rabu, 13 September 2023", "2023-09-13", "day")),
        ("Pada hari Senin bahwa", ("hari Senin", "2024-06-10", "day")),
        ("pada bulan September di lokasi", ("bulan September", "2023-09", "month")),
        ("Pada bulan Maret, Menteri", ("bulan Maret", "2024-03", "month")),
        ("pada September tahun lalu", ("September tahun lalu", "2023-09", "month")),
        ("tahun lalu", ("tahun lalu", "2023", "year")),
        ("kemarin", ("kemarin", "2024-06-12", "day")),
        ("Jumat (14/6) nanti", ("Jumat (14/6)", "2024-06-14", "day")),
        ("awal minggu depan", ("awal minggu depan", "2024-06-17/2024-06-19", "part-of-week")),
        ("dua minggu lalu", ("dua minggu lalu", "2024-05-27/2024-06-02", "week")),
        ("dalam 5 tahun terakhir", ("5 tahun terakhir", "2019-06-13/2024-06-13", "interval")),
        ("sejak 2019", ("2019", "2019", "year")),
        ("akhir tahun 2023", ("akhir tahun 2023", "2023-09-01/2023-12-31", "part-of-year")),
        ("Minggu (17/5/2020) malam", ("Minggu (17/5/2020)", "2020-05-17", "day")),
    ],
)
def test_normalisation(text, expected):
    assert one(text) == expected


def test_weekday_without_date_picks_the_year_it_matches():
    # 23 November 2024 is a Saturday, 23 November 2023 a Thursday
    assert one("Kamis, 23 November")[1] == "2023-11-23"
    assert one("23 November")[1] == "2024-11-23"  # no weekday: the publication year


def test_clock_times_attach_to_their_day():
    found = extract_times("Kamis (13/8/2020) sekitar pukul 12.45 WIB", REF)
    assert [(t.value, t.granularity) for t in found] == [
        ("2020-08-13", "day"), ("2020-08-13T12:45+07:00", "time")]
    assert one("tiba pukul 19.00 WITA")[1:] == ("2024-06-13T19:00+08:00", "time")
    assert extract_times("jam kerja", REF) == []


def test_not_dates():
    assert extract_times("sebanyak 2019 orang hadir", REF) == []
    assert extract_times("dalam beberapa minggu mendatang", REF) == []
    assert extract_times("maret adalah kata biasa", REF) == []
    assert extract_times("31 Februari 2024 tidak ada", REF)[0].value == "2024-02"


def test_without_reference_only_absolute_dates():
    found = extract_times("Pada hari Rabu (12/6/2024) dan pekan depan, juga April 2019.", None)
    assert [t.value for t in found] == ["2024-06-12", "2019-04"]
    assert [t.relative for t in found] == [False, False]


def test_parse_reference():
    assert parse_reference("2024-06-13T09:04:00+07:00") == REF
    assert parse_reference("2024-06-13") == REF
    assert parse_reference("") is None and parse_reference("kemarin") is None


def test_seed_timeline(seed_path):
    article = analyze(seed_article(seed_path), entities=False)
    values = {t.text: t.value for t in article.times}
    assert values["hari Rabu (12/6/2024)"] == "2024-06-12"
    assert values["September lalu"] == "2023-09"
    assert values["akhir Mei"] == "2024-05-21/2024-05-31"
    assert values["April 2019"] == "2019-04"
    assert values["minggu depan"] == "2024-06-17/2024-06-23"
    assert values["hari Senin"] == "2024-06-10"
    for t in article.times:
        assert article.text[t.start : t.end] == t.text


_WORDS = ["akhir", "awal", "Februari", "Mei", "pekan", "depan", "lalu", "Kamis", "hari", "(29/2)",
          "31", "30", "2023", "tahun", "999", "minggu", "bulan", "kemarin", "Rp", "7.000", ",",
          "“", "kata", "Budi", "mengatakan", "juta", "persen", "ini", "sejak", "tanggal", "se"]


@given(st.lists(st.sampled_from(_WORDS), max_size=12),
       st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
@settings(max_examples=300, deadline=None)
def test_any_mix_of_date_words_gives_results_not_exceptions(words, reference):
    text = " ".join(words)
    article = analyze(Article(body=[text], published=reference.isoformat()), entities=False)
    for t in article.times:
        assert text[t.start : t.end] == t.text and t.value
