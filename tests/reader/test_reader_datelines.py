"""One dateline splitter for text scrapes and HTML: every outlet's form, and what is no dateline."""

from __future__ import annotations

import pytest

from saring.reader.datelines import split_dateline


@pytest.mark.parametrize(
    "paragraph, expected",
    [
        # liputan6, and its scrape that dropped " - " ("JakartaKita", "Jakarta“Iris”")
        ("Liputan6.com, Pyongyang - Pemimpin", ("Liputan6.com", "Pyongyang", "Pemimpin")),
        ("Liputan6.com, JakartaKita semua", ("Liputan6.com", "Jakarta", "Kita semua")),
        ("Liputan6.com, Jakarta“Iris” bukan", ("Liputan6.com", "Jakarta", "“Iris” bukan")),
        ("Liputan6.com, JakartaTimnas Indonesia U-23 mulai",
         ("Liputan6.com", "Jakarta", "Timnas Indonesia U-23 mulai")),
        ("Liputan6.com, Washington, DC -Donald Trump",
         ("Liputan6.com", "Washington, DC", "Donald Trump")),
        # kompas
        ("JAKARTA, KOMPAS.com - Menteri", ("Kompas.com", "Jakarta", "Menteri")),
        ("JAKARTA, KOMPAS.com -Pakar hukum", ("Kompas.com", "Jakarta", "Pakar hukum")),
        ("NEW YORK, KOMPAS.com - Trump", ("Kompas.com", "New York", "Trump")),
        ("KOMPAS.com - Menteri", ("Kompas.com", "", "Menteri")),
        # detik, and a dateline whose outlet name the scrape lost
        ("Jakarta - Polisi menangkap", ("", "Jakarta", "Polisi menangkap")),
        ("Jakarta -Kolesterol tinggi", ("", "Jakarta", "Kolesterol tinggi")),
        ("Bandung, detikJabar - Warga", ("detikcom", "Bandung", "Warga")),
        (", Jakarta - Siapa pun", ("", "Jakarta", "Siapa pun")),
        # republika, tempo, okezone
        ("REPUBLIKA.CO.ID, JAKARTA -- Aktris", ("Republika.co.id", "Jakarta", "Aktris")),
        ("REPUBLIKA.CO.ID, CIREBON--Kepolisian", ("Republika.co.id", "Cirebon", "Kepolisian")),
        ("TEMPO.CO, Jakarta - Organisasi", ("Tempo.co", "Jakarta", "Organisasi")),
        ("TEMPO.CO,Jakarta-Ginjal", ("Tempo.co", "Jakarta", "Ginjal")),
        ("JAKARTA– Kehilangan ponsel", ("", "Jakarta", "Kehilangan ponsel")),
        # agencies and wires in parentheses, with a province or a date
        ("Mataram, NTB (ANTARA News) - Sebanyak 29 penerbangan",
         ("ANTARA News", "Mataram, NTB", "Sebanyak 29 penerbangan")),
        ("Jakarta (ANTARA) - Presiden", ("ANTARA News", "Jakarta", "Presiden")),
        ("ISTANBUL, 23 Februari 2016 (Antara/PRNewswire) -- Turki",
         ("Antara/PRNewswire", "Istanbul", "Turki")),
        ("JAKARTA (Reuters) - Oil prices", ("Reuters", "Jakarta", "Oil prices")),
        # outlets that sign with their name, and domains we do not list
        ("Jakarta, CNN Indonesia -- Presiden", ("CNN Indonesia", "Jakarta", "Presiden")),
        ("Jakarta, CNBC Indonesia - Harga", ("CNBC Indonesia", "Jakarta", "Harga")),
        ("JAKARTA, iNews.id - Polisi", ("iNews.id", "Jakarta", "Polisi")),
    ],
)
def test_datelines_of_every_outlet(paragraph, expected):
    assert split_dateline(paragraph) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "PSSI merilis jadwal baru",
        "Indonesia memasuki fase dinamis.",
        "Presiden Joko Widodo (Jokowi) - yang akrab disapa",  # a name in brackets is no agency
        "Liputan6.com, Jakarta menjadi tuan rumah",  # glued only before a capital or a quote
        "Jakarta-Bandung ditempuh dua jam",
        "ALIH-alih menyeret para tersangka",  # tempo's capitalised first word
        "INFO NASIONAL - PT Pertamina berkolaborasi",  # an advertorial's label, not a place
        "AS - Trump",
        "Jakarta, Kompas - Presiden",  # not how any outlet signs
    ],
)
def test_no_dateline(paragraph):
    assert split_dateline(paragraph) == ("", "", paragraph)


def test_bold_dateline_without_dash():
    """HTML: the bold run a paragraph opens with can be the whole dateline."""
    assert split_dateline("Liputan6.com, Jakarta London Love Story, film kedua",
                          "Liputan6.com, Jakarta") == ("Liputan6.com", "Jakarta",
                                                       "London Love Story, film kedua")
    # a paragraph's own dateline wins over a bold outlet name inside it (tempo: <b>TEMPO.CO</b>)
    assert split_dateline("TEMPO.CO , Jakarta - Indonesia could", "TEMPO.CO") == (
        "Tempo.co", "Jakarta", "Indonesia could")
    # a bold first word is not a dateline unless it names an outlet
    assert split_dateline("DEPRESI jadi satu momok", "DEPRESI")[2] == "DEPRESI jadi satu momok"
