"""Mined abbreviations (saring/data/aliases/abbreviations.tsv, scripts/mine_abbreviations.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from saring.language import aliases

REPO = Path(__file__).resolve().parents[2]
TSV = REPO / "saring" / "data" / "aliases" / "abbreviations.tsv"


def _miner():
    spec = importlib.util.spec_from_file_location("mine_abbreviations", REPO / "scripts" / "mine_abbreviations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "abbr,long_form",
    [
        ("IHSG", "Indeks Harga Saham Gabungan"),
        ("KPM", "Keluarga Penerima Manfaat"),
        ("DTKS", "Data Terpadu Kesejahteraan Sosial"),
        ("Tipikor", "Tindak Pidana Korupsi"),
    ],
)
def test_mined_abbreviations_are_loaded_both_ways(abbr, long_form):
    assert aliases.canonical(abbr) == long_form
    assert abbr in aliases.expansions(long_form.lower())


def test_mined_groups_are_unlabelled_and_labelled_names_still_win():
    mined = [g for g in aliases.groups() if g.names[-1] in {"IHSG", "KPM"}]
    assert mined and all(g.label == "" for g in mined)
    assert aliases.group_of("PLN").canonical == "Perusahaan Listrik Negara"  # organisations.tsv


def test_every_mined_pair_spells_its_abbreviation_and_is_no_ordinary_word():
    miner = _miner()
    lines = [line for line in TSV.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert len(lines) > 300
    for line in lines:
        long_form, abbr = line.split("\t")
        words = long_form.split()
        assert miner.letters_agree(abbr, words) == words, line
        assert not miner.is_wordlike(abbr), line  # "asi", "ban" in a chat are words


def test_header_names_the_script_and_corpora():
    header = TSV.read_text(encoding="utf-8").split("\n", 6)[:6]
    assert any("scripts/mine_abbreviations.py" in h for h in header)
    assert any("turnbackhoax" in h for h in header) and any("scrapping_news" in h for h in header)


@pytest.mark.parametrize(
    "abbr,words,expected",
    [
        ("BLT", "pemerintah memberi Bantuan Langsung Tunai", "Bantuan Langsung Tunai"),
        ("BMKG", "oleh Badan Meteorologi Klimatologi dan Geofisika", "Badan Meteorologi Klimatologi dan Geofisika"),
        ("Kemenkes", "oleh Kementerian Kesehatan", "Kementerian Kesehatan"),
        ("SSK", "menjaga Stabilitas Sistem Keuangan", "Stabilitas Sistem Keuangan"),
        ("PLN", "kata pejabat itu", None),  # letters do not agree
        ("Kemenkes", "oleh kementerian kesehatan", None),  # a syllabic abbreviation needs a title-cased name
        ("KTP", "Kartu Tanda Penduduk elektronik", None),  # a content word would give no letter
    ],
)
def test_letters_agree(abbr, words, expected):
    found = _miner().letters_agree(abbr, words.split())
    assert (" ".join(found) if found else None) == expected
