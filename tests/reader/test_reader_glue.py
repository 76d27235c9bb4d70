"""Glued-word repair: glued phrases are split, real words (rare, borrowed, names) are kept."""

from __future__ import annotations

import pytest

from saring.reader import glue


def repaired(text: str) -> str:
    return glue.repair_paragraphs([text])[0]


@pytest.mark.parametrize(
    "glued, expected",
    [
        # link glue around everyday words, English borrowings and several words at once
        ("Depresi adalah kondisikesehatan mentalyang dapat muncul",
         "Depresi adalah kondisi kesehatan mental yang dapat muncul"),
        ("pondasi utama dalam pencegahanfraud di rumah sakit",
         "pondasi utama dalam pencegahan fraud di rumah sakit"),
        ("Benarkah klaimlinkpendaftaran diskon?", "Benarkah klaim link pendaftaran diskon?"),
        # a case boundary opens a link; its end is a name unknown to every list glued to "dan"
        ("Namun tidak demikian denganTissa Bianidan Syifa Hadju.",
         "Namun tidak demikian dengan Tissa Biani dan Syifa Hadju."),
        # a name the article uses on its own, glued to the word after it
        ("Erick Thohir datang. Ketua Umum PSSI, Erick Thohirkirim pesan semangat.",
         "Erick Thohir datang. Ketua Umum PSSI, Erick Thohir kirim pesan semangat."),
        # a lower-case letter that starts the next word, and a piece the article writes alone
        ("Apple resmi memasukkaniPhone XS ke daftar", "Apple resmi memasukkan iPhone XS ke daftar"),
        ("Badan Pengelola InvestasiDanantara, Dony Oskaria. Menurut dia, Danantara tumbuh.",
         "Badan Pengelola Investasi Danantara, Dony Oskaria. Menurut dia, Danantara tumbuh."),
        # glue at punctuation, kept apart from numbers
        ("pramusim 2025.Dua pemain dari Chelsea,Delap datang pada 09:04",
         "pramusim 2025. Dua pemain dari Chelsea, Delap datang pada 09:04"),
    ],
)
def test_glued_phrases_are_split(glued, expected):
    assert repaired(glued) == expected


@pytest.mark.parametrize(
    "text",
    [
        # rare Indonesian words that a cover by frequent words would cut ("akun|tabel")
        "harus dilakukan dengan akuntabel, patah tulang selangka, dalam 10 milidetik",
        # affixed forms of dictionary roots ("menu|nggak" is wrong: meN+tunggak)
        "gaji guru yang sempat menunggak dibahas dalam pertemuannya di titik tersempitnya",
        # borrowings
        "video deepfake dan microsleep saat menyetir",
        # names mid-sentence ("Kaca|ribu", "Karya|man", "Tegal|luar")
        "Febrio Nathan Kacaribu jadi Komisaris, pasangan Sabar Karyaman Gutama, Stasiun Tegalluar",
        # brands the article repeats, handles, hashtags and web addresses
        "MediaWave adalah platform. MediaWave tumbuh. Pendiri MediaWave berkata.",
        "Danantara tumbuh. Dana dikelola Danantara.",
        "kata @infoBMKG dan #BerbuatBaik di bsu.bpjsketenagakerjaan.go.id",
        "Musholla Al Muth'mainnah dan Gereja",
        "Ia bekerja di YouTube dan WhatsApp",
    ],
)
def test_real_words_are_kept(text):
    assert repaired(text) == text


def test_sentence_start_is_not_a_name():
    """Capitals at a sentence start say nothing: the token is read like a lower-case one."""
    assert repaired("Kemarin hujan. Pengembangankebijakan baru dibahas.") == (
        "Kemarin hujan. Pengembangan kebijakan baru dibahas."
    )
    assert repaired("Pejabat itu Pengembangankebijakan namanya.") == (
        "Pejabat itu Pengembangankebijakan namanya."
    )


def test_repair_tokens_reports_the_words_it_looked_at():
    """Known words are skipped unseen; unknown ones are reported, split or not."""
    text = "kondisikesehatan baik di Karyaman"
    vocab = glue.document_vocabulary([text])
    assert list(glue.repair_tokens(text, vocab)) == [
        (0, 16, ["kondisi", "kesehatan"]),
        (25, 33, ["Karyaman"]),
    ]
