"""Numbers in Indonesian notation with their scale and unit."""

from __future__ import annotations

import pytest

from saring.language.quantities import extract_quantities, parse_number, parse_number_words


def values(text: str):
    return [(q.text, q.value, q.unit) for q in extract_quantities(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("sekitar 7.000 kontainer berisi", [("7.000 kontainer", 7000, "kontainer")]),
        ("penduduk 55,4 juta jiwa", [("55,4 juta jiwa", 55_400_000, "jiwa")]),
        ("senilai Rp 200 juta.", [("Rp 200 juta", 200_000_000, "IDR")]),
        ("Rp200.000 per bulan", [("Rp200.000", 200_000, "IDR")]),
        ("sebesar 73,6 persen", [("73,6 persen", 73.6, "percent")]),
        ("naik 12% tahun ini", [("12%", 12, "percent")]),
        ("sekitar 200 kilometer (125 mil) dari",
         [("200 kilometer", 200, "kilometer"), ("125 mil", 125, "mile")]),
        ("Rp 3,1 miliar", [("Rp 3,1 miliar", 3_100_000_000, "IDR")]),
        ("US$ 5 juta", [("US$ 5 juta", 5_000_000, "USD")]),
        ("5 juta dollar AS", [("5 juta dollar", 5_000_000, "USD")]),
        ("turun -3,2 persen", [("-3,2 persen", -3.2, "percent")]),
        ("1.028,6 ton beras", [("1.028,6 ton", 1028.6, "ton")]),
        ("tiga tersangka", [("tiga tersangka", 3, "tersangka")]),
        ("dua ratus orang", [("dua ratus orang", 200, "orang")]),
    ],
)
def test_quantities(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(
    "text",
    ["pukul 12.45 WIB", "nomor 0811 9787 670", "kasus COVID-19 dan ke-3", "pada 2019", "dua"],
)
def test_not_quantities(text):
    assert values(text) == []


def test_dates_are_skipped_when_given():
    text = "Rabu (12/6/2024) ada 50 orang"
    assert values(text)[-1] == ("50 orang", 50, "orang")
    assert [q.text for q in extract_quantities(text, skip=[(0, 16)])] == ["50 orang"]


def test_parsers():
    assert parse_number("7.000") == 7000 and parse_number("55,4") == 55.4
    assert parse_number("1.028,6") == 1028.6
    assert parse_number_words("dua ratus lima puluh ribu") == 250_000
    assert parse_number_words("seratus dua puluh tiga") == 123
    assert parse_number_words("dua belas") == 12
    assert parse_number_words("bukan angka") is None
