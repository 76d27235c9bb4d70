"""Colloquial Indonesian -> standard candidates (saring.text.colloquial)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from saring.text import colloquial
from saring.text.colloquial import standard_forms
from saring.text.tokens import stem


@pytest.mark.parametrize(
    "word,root",
    [
        ("nyimpen", "simpan"),
        ("ngasih", "beri"),  # the curated table says "memberi"
        ("nyari", "cari"),
        ("nyebar", "sebar"),
        ("ngambil", "ambil"),
        ("nulis", "tulis"),
        ("makai", "pakai"),
        ("nonton", "tonton"),
        ("ndukung", "dukung"),
        ("simpen", "simpan"),
        ("temen", "teman"),
        ("pake", "pakai"),
        ("bangettt", "banget"),
        ("jdwl", "jadwal"),
        ("liat", "lihat"),
    ],
)
def test_first_candidate_has_the_standard_stem(word, root):
    assert stem(standard_forms(word)[0]) == root


@pytest.mark.parametrize(
    "word,expected",
    [
        ("nyimpen", "simpan"),
        ("dibilangin", "dibilangi"),
        ("dibilangin", "dibilang"),
        ("kasihin", "kasihkan"),
        ("ngecek", "cek"),
    ],
)
def test_candidates_include(word, expected):
    assert expected in standard_forms(word)


@pytest.mark.parametrize(
    "word,first",
    [
        ("anak2", "anak-anak"),
        ("skolah", "sekolah"),
        ('kata"', "kata-kata"),
        ("mudah2an", "mudah-mudahan"),
        ("ratarata", "rata-rata"),
        ("cantikx", "cantiknya"),
        ("s'lalu", "selalu"),
        ("gakkk", "tidak"),
        ("kalo", "kalau"),
        ("e money", "e-money"),
        ("e\u200bmoney", "e-money"),  # a zero-width space between the words
        ("emoney", "e-money"),
        ("ba\u0336n\u0336", "ban"),  # combining strikethrough
        ("ru\u200dmah", "rumah"),  # a zero-width joiner inside the word
    ],
)
def test_first_candidate(word, first):
    assert standard_forms(word)[0] == first


@pytest.mark.parametrize(
    "word,forms",
    [
        ("7rb", ["7000", "7 ribu"]),
        ("10k", ["10000", "10 ribu"]),
        ("5jt", ["5 juta", "5000000"]),
        ("2,5jt", ["2,5 juta", "2500000"]),
        ("1,5M", ["1,5 miliar", "1500000000"]),
        ("7.500rb", ["7500000", "7.500 ribu"]),
    ],
)
def test_number_shorthand(word, forms):
    assert standard_forms(word) == forms


def test_five_m_is_not_five_billion():
    assert standard_forms("5m") == []


@pytest.mark.parametrize("word", ["rumah", "menyimpan", "semakin", "sebanyak", "india", "iran", "covid"])
def test_standard_and_known_words_stay_first(word):
    assert standard_forms(word)[0] == word


@pytest.mark.parametrize("word,first", [("teh", "teh"), ("asap", "asap"), ("buaya", "buaya")])
def test_slang_list_keys_that_are_ordinary_words_stay_first(word, first):
    forms = standard_forms(word)
    assert forms[0] == first and len(forms) > 1  # the slang reading is still offered


@pytest.mark.parametrize("word", ["PLTS", "BRI", "KPK", "SMA"])
def test_acronyms_in_capitals_are_not_expanded_by_rules(word):
    assert standard_forms(word) == [word.lower()]


def test_acronym_in_the_curated_table_is_expanded():
    assert standard_forms("BLT")[0] == "bantuan langsung tunai"


@pytest.mark.parametrize("word", ["", "   ", "xqzvwk", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "!!!"])
def test_unknown_or_empty_words_give_nothing(word):
    assert standard_forms(word) == []


def test_rule_outputs_are_dictionary_words():
    """No rule invents a word: every single-word candidate of a non-table word is in the dictionary."""
    for word in ["nyimpen", "makai", "dibilangin", "kasihin", "skolah", "simpen", "nonton", "jdwl", "temen"]:
        for form in standard_forms(word):
            assert colloquial._tier(form) is not None, (word, form)


@given(st.text(max_size=60))
def test_any_text_gives_a_list_of_strings(text):
    forms = standard_forms(text)
    assert isinstance(forms, list) and all(isinstance(f, str) for f in forms)


def test_non_strings_give_nothing():
    assert standard_forms(None) == []  # type: ignore[arg-type]


@pytest.mark.parametrize("word,first", [("jgan", "jangan"), ("bju", "baju"), ("kslahan", "kesalahan"),
                                        ("pling", "paling")])
def test_words_written_without_some_vowels(word, first):
    assert standard_forms(word)[0] == first


@pytest.mark.parametrize("word", ["menyimpan", "simpan", "dibilangi", "mememasyarakatku", "pemasyarakatku",
                                  "anak-anak", "bilang-bilang", "jakarta", "zzqx", "a-b", "-", ""])
def test_listed_is_tier_zero_or_two_without_stemming(word):
    assert colloquial._listed(word) == (colloquial._tier(word) in (0, 2))
