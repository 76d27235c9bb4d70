"""Sentence splitting: abbreviations, numbers, quotes, paragraphs, offsets."""

from __future__ import annotations

from saring.language.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_abbreviations_and_initials_do_not_end_sentences():
    assert texts("Harga naik Rp. 7.000 per kilogram. Menurut dr. Anwar, H. Agus S.H. hadir. "
                 "Surat No. 5 sudah terbit.") == [
        "Harga naik Rp. 7.000 per kilogram.",
        "Menurut dr. Anwar, H. Agus S.H. hadir.",
        "Surat No. 5 sudah terbit.",
    ]


def test_decimals_times_and_ellipsis():
    assert texts("Inflasi 2,5 persen. Pukul 12.45 WIB semua pulang. Entahlah... Kita lihat.") == [
        "Inflasi 2,5 persen.", "Pukul 12.45 WIB semua pulang.", "Entahlah...", "Kita lihat.",
    ]


def test_closing_quote_stays_with_its_sentence():
    assert texts('"Kami siap." Ia pergi. “Benarkah?” tanya dia. "Ya," katanya.') == [
        '"Kami siap."', "Ia pergi.", "“Benarkah?” tanya dia.", '"Ya," katanya.',
    ]


def test_quote_spanning_sentences_splits_inside_but_keeps_marks():
    found = texts("“Ini benar. Kami siap bekerja,” kata Budi. Lalu ia pulang.")
    assert found == ["“Ini benar.", "Kami siap bekerja,” kata Budi.", "Lalu ia pulang."]


def test_kompas_opening_mark_starts_a_sentence():
    assert texts("Warga mengeluh. ”Kami belum dapat bantuan,” kata Ani.") == [
        "Warga mengeluh.", "”Kami belum dapat bantuan,” kata Ani.",
    ]


def test_paragraphs_and_offsets():
    text = "Satu kalimat.\n\nDua kalimat. Tiga!"
    found = split_sentences(text)
    assert [(s.text, s.paragraph) for s in found] == [
        ("Satu kalimat.", 0), ("Dua kalimat.", 1), ("Tiga!", 1),
    ]
    assert all(text[s.start : s.end] == s.text for s in found)


def test_no_sentences_and_odd_input():
    assert split_sentences("") == []
    assert split_sentences("\n\n \n\n") == []
    assert texts("tanpa titik sama sekali") == ["tanpa titik sama sekali"]
    odd = "... ??? !!! “ ” \u200b"
    assert all(odd[s.start : s.end] == s.text and s.text.strip() for s in split_sentences(odd))


def test_list_numbers_and_glued_quotes():
    assert texts("Direksi baru: 1. Darmawan sebagai Direktur. 2. Edwin sebagai Komisaris.") == [
        "Direksi baru: 1. Darmawan sebagai Direktur.", "2. Edwin sebagai Komisaris.",
    ]
    assert texts('Rapat digelar 18 Juni 2025."Kami berterima kasih," kata dia.') == [
        "Rapat digelar 18 Juni 2025.", '"Kami berterima kasih," kata dia.',
    ]
