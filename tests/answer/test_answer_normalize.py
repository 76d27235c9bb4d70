"""Cleaning received messages: forward noise, chat spelling, links, and input we cannot search."""

from __future__ import annotations

from importlib import resources

import pytest

from saring.answer.normalize import MAX_CHARS, clean, informal_table, standardize_words, words_of_url


def table_lines() -> list[tuple[str, str]]:
    text = resources.files("saring").joinpath("data/informal.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [(informal, standard) for informal, standard in rows]


def test_informal_table_is_well_formed():
    rows = table_lines()
    informal = [row[0] for row in rows]
    assert len(rows) > 100
    assert len(informal) == len(set(informal)), "an informal word is listed twice"
    for word, standard in rows:
        assert word == word.strip().lower() and " " not in word, word
        assert standard != word, f"{word} maps to itself"
        assert standard.split()[0] not in informal_table() or standard == "tidak ada", (
            f"{word} -> {standard} is itself informal: map straight to the standard form")


@pytest.mark.parametrize("informal,standard", table_lines())
def test_every_table_line_standardizes(informal, standard):
    assert standardize_words(informal) == standard


@pytest.mark.parametrize("message,expected", [
    ("gak bener yg ini", "tidak benar yang ini"),
    ("kalo hp udah panas", "kalau ponsel sudah panas"),
    ("org2 bilang utk semua", "orang bilang untuk semua"),
    ("sebarkannnn", "sebarkan"),
    ("gunung lawu mau meletus", "gunung lawu akan meletus"),
])
def test_chat_spelling_becomes_standard(message, expected):
    assert standardize_words(message) == expected


def test_forward_noise_is_removed_and_the_claim_kept():
    m = clean("*Diteruskan berkali-kali* ⚠️ INFO PENTING listrik mati total 3 hari se-Jawa Bali "
              "mulai senin!! SEBARKAN")
    assert m.text == "listrik mati total 3 hari se-Jawa Bali mulai senin"
    assert not m.problem


def test_greetings_signatures_and_question_frames_are_removed():
    m = clean("Assalamualaikum wr wb 🙏🙏\nBener gak sih?? vaksin campak bikin autis\n"
              "Mohon disebarkan ke grup keluarga\n- Pak RT 05")
    assert m.normalized == "vaksin campak bikin autis"


def test_unicode_bold_letters_and_control_characters():
    m = clean("𝐋𝐎𝐖𝐎𝐍𝐆𝐀𝐍\u200b 𝐊𝐄𝐑𝐉𝐀\x07 terbaru")
    assert m.text == "LOWONGAN KERJA terbaru"


def test_links_are_kept_apart_with_their_words():
    m = clean("cek ini https://www.detik.com/jatim/berita/d-7310791/pln-bantah-pemadaman-listrik-total")
    assert m.urls == ["https://www.detik.com/jatim/berita/d-7310791/pln-bantah-pemadaman-listrik-total"]
    assert m.url_words == ["detik", "jatim", "pln", "bantah", "pemadaman", "listrik", "total"]
    assert "http" not in m.text


def test_links_of_other_schemes_are_neither_links_nor_words():
    m = clean("javascript:alert(1) token listrik gratis vbscript:msgbox(1)")
    assert m.urls == [] and m.url_words == []
    assert m.normalized == "token listrik gratis"
    # the word before a colon stays a word ("Data: ..." opens many forwards)
    assert clean("Data: 5 juta warga dapat bansos").normalized.startswith("data")


def test_url_words_drop_ids_and_path_filler():
    assert words_of_url("kompas.com/read/2026/06/11/174512626/pertamax-naik.html") == ["kompas", "pertamax", "naik"]


@pytest.mark.parametrize("text,problem", [
    ("", "empty"),
    ("   \n\t ", "empty"),
    ("😀😀🙏🔥", "no-words"),
    ("\x00\x01\x02", "no-words"),
    ("a" * (MAX_CHARS + 1), "too-long"),
    ("SEBARKAN!!! ⚠️⚠️", "no-words"),
    ("javascript:alert(1)", "no-words"),
    ("JavaScript:alert(document.cookie)", "no-words"),
    ("data:text/html;base64,PHNjcmlwdD4=", "no-words"),
    ("file:///etc/passwd", "no-words"),
])
def test_input_we_cannot_search_says_why(text, problem):
    assert clean(text).problem == problem
