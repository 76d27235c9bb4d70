"""The text-scrape reader: the seed exactly, other outlets' datelines, dates, promos, glue."""

from __future__ import annotations

import csv

import pytest

from saring.model import Boilerplate
from saring.reader import boilerplate, glue
from saring.reader.dates import find_datetime
from saring.reader.text import article_from_news_row, detect_language, extract_text


def test_seed_exactly(seed_path):
    a = extract_text(seed_path.read_text(encoding="utf-8"))
    assert a.title == (
        "Kim Jong Un Puji Hubungan Korea Utara-Rusia: Kawan Seperjuangan yang Tidak Dapat Dipatahkan"
    )
    assert a.lead == "Presiden Rusia diperkirakan akan mengunjungi Korea Utara paling cepat pekan depan."
    assert a.authors == ["Khairisa Ferida"]
    assert a.published == a.updated == "2024-06-13T09:04:00+07:00"
    assert (a.source, a.dateline, a.language) == ("Liputan6.com", "Pyongyang", "id")
    assert len(a.body) == 15
    assert a.body[0].startswith("Pemimpin Korea Utara Kim Jong Un pada hari Rabu (12/6/2024)")
    assert a.body[-1].endswith("melanjutkan siaran propaganda di wilayah perbatasan.")
    assert [(h.text, h.before_paragraph) for h in a.headings] == [
        ("Korea Utara dan Vietnam", 7),
        ("Eskalasi Konflik di Semenanjung Korea", 11),
    ]
    assert a.body[7].startswith("Jika kunjungan Putin terealisasi")
    assert a.body[11].startswith("Baik Rusia maupun Korea Utara")
    assert len(a.images) == 3
    assert a.images[0].title == "Kim Jong Un dan Vladimir Putin di Kosmodrom Vostochny"
    assert a.images[0].credit == "Mikhail Metzel, Sputnik, Kremlin Pool Photo via AP"
    assert a.images[2].title == "Satelit Mata-Mata Korea Utara"
    assert a.images[2].caption.endswith("kata pejabat Seoul pada Kamis, 23 November.")
    kinds = [(b.text[:24], b.kind) for b in a.boilerplate]
    assert kinds == [
        ("* Follow Official WhatsA", "promo"),
        ("Lanjutkan Membaca ↓", "navigation"),
        ("* Fakta atau Hoaks? Untu", "factcheck-promo"),
        ("Video Pilihan Hari Ini", "video"),
        ("Video Terkini", "video"),
        ("POPULER", "navigation"),
        ("Berita Terkini Selengkap", "navigation"),
    ]
    # nothing of the page chrome stays in the body, nothing of the article is lost
    text = a.text
    assert "WhatsApp Channel" not in text and "Lanjutkan" not in text
    assert "Dmitry Peskov" in text and "Vedomosti" in text


@pytest.mark.parametrize(
    "text, iso",
    [
        ("13 Jun 2024, 09:04 WIB", "2024-06-13T09:04:00+07:00"),
        ("Rabu, 18 Jun 2025 07:30 WIB", "2025-06-18T07:30:00+07:00"),
        ("Kompas.com- 18/06/2025, 21:35 WIB", "2025-06-18T21:35:00+07:00"),
        ("18 Juni 2025 | 20.04 WIB", "2025-06-18T20:04:00+07:00"),
        ("Diterbitkan 3 Agu 2024", "2024-08-03"),
        ("Diperbarui 18 Jun 2025, 14:05 WIB", "2025-06-18T14:05:00+07:00"),
        (",\xa0Jurnalis-Rabu, 18 Juni 2025 |20:27 WIB", "2025-06-18T20:27:00+07:00"),
        ("Rabu   18 Jun 2025  22:02 WIB", "2025-06-18T22:02:00+07:00"),
        ("Kamis, 5 Sep 2024 10:00 WITA", "2024-09-05T10:00:00+08:00"),
        ("1 Okt 2024 08.00 WIT", "2024-10-01T08:00:00+09:00"),
        ("June 18, 2025 10:20", "2025-06-18T10:20:00+07:00"),
        ("16 Feb 2016 at 09:09 WIB", "2016-02-16T09:09:00+07:00"),
        ("Senin, 16 Feb 2016 pkl. 09.09 WITA", "2016-02-16T09:09:00+08:00"),
        ("2025/06/18", "2025-06-18"),
        ("2025/06/18 14:05", "2025-06-18T14:05:00+07:00"),
        ("2025/06/18 07:30:12 WIT", "2025-06-18T07:30:12+09:00"),
        ("2015-11-05 T10:08:58Z", "2015-11-05T10:08:58+00:00"),
        ("2016-02-16T13:01:52+0700", "2016-02-16T13:01:52+07:00"),
        ("kompas.com/read/2025/06/18/120000/judul", ""),
        ("2025/13/18", ""),
        ("12 Juni 2024, 15.000 orang hadir", "2024-06-12"),
        ("31 Feb 2024", ""),
        ("tanpa tanggal", ""),
    ],
)
def test_dates(text, iso):
    assert find_datetime(text) == iso


def test_boilerplate_kinds_and_inline_promos():
    assert boilerplate.classify("SCROLL TO CONTINUE WITH CONTENT") == "navigation"
    assert boilerplate.classify("[Gambas:Video 20detik]") == "video"
    assert boilerplate.classify("Simak juga Video: Suku Bunga Acuan BI Turun!") == "video"
    assert boilerplate.classify("Baca juga:Litbang Kompas: 78,3 Persen Publik Yakin") == "related-links"
    assert boilerplate.classify("Advertisement") == "advert"
    for credit in ("(kha)", "(Cas/Isk)", "(ant)", "(rdn/ed)", "(SIS)", "(kpl/pur/tch)",
                   "rzn/yf (dpa, kna)", "(Arief Setyadi )", "Editor: Ade Marboen"):
        assert boilerplate.classify(credit) == "credit", credit
    assert boilerplate.classify("(12/6/2024)") is None
    assert boilerplate.strip_trailing_credit("Ia pulang ke Jakarta. (ant)") == (
        "Ia pulang ke Jakarta.", [Boilerplate("(ant)", "credit")])
    # an airport code closing a flight list is the article's, not a sign-off
    assert boilerplate.strip_trailing_credit("Tambolaka - Denpasar (DPS)")[1] == []
    assert boilerplate.classify("Video tersebut diberi keterangan sebagai berikut") is None
    assert boilerplate.classify("Korea Utara dan Vietnam") is None
    text, removed = boilerplate.strip_inline(
        "Peringatan telah diberikan, termasuk kepolisian.Baca JugaTertimbun Longsor, Dua "
        "Penambang Berhasil DievakuasiIni Kronologi Longsor di CirebonBahkan, pada 2 Juni "
        "2025, Forkopimda melakukan survei langsung."
    )
    assert text == (
        "Peringatan telah diberikan, termasuk kepolisian. Bahkan, pada 2 Juni 2025, "
        "Forkopimda melakukan survei langsung."
    )
    assert removed[0].kind == "related-links" and "Ini Kronologi Longsor di Cirebon" in removed[0].text


@pytest.mark.parametrize(
    "glued, repaired",
    [
        ("Depresi adalah kondisikesehatan mentalyang dapat muncul",
         "Depresi adalah kondisi kesehatan mental yang dapat muncul"),
        ("Dihimpun dariHuffington Post", "Dihimpun dari Huffington Post"),
        ("hubungan yang tidak dapat dipatahkan dalam pertemuannya", None),
        ("kata @infoBMKG dan #BerbuatBaik", None),
        ("Ia bekerja di YouTube dan WhatsApp", None),
    ],
)
def test_glue_repair(glued, repaired):
    assert glue.repair_paragraphs([glued]) == [repaired or glued]


def test_news_csv_rows_of_every_outlet(shared):
    seen: dict[str, object] = {}
    with open(shared / "data/news/scrapping_news_2025-06-18.csv", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            if row["sumber"] not in seen and len(row["isi_berita"]) > 500:
                seen[row["sumber"]] = article_from_news_row(row)
    assert set(seen) >= {"liputan6.com", "detik.com", "kompas.com", "okezone.com", "tempo.co"}
    for outlet, article in seen.items():
        assert article.body and article.published.endswith("+07:00"), outlet
        assert article.language == "id"
        for chrome in ("Advertisement", "SCROLL TO CONTINUE", "Baca Juga", "Gambas", "Ikuti Whatsapp"):
            assert chrome not in article.text, (outlet, chrome)
    liputan6 = seen["liputan6.com"]
    assert liputan6.dateline == "Jakarta" and liputan6.body[0].startswith("Kita semua")
    assert "kondisi kesehatan mental yang" in liputan6.text
    assert {b.kind for b in liputan6.boilerplate} >= {"advert", "related-links"}
    assert seen["detik.com"].authors == ["Retno Ayuningrum"]
    assert seen["kompas.com"].authors == ["Irfan Kamil", "Jessi Carina"]


def test_page_without_article_warns():
    article = extract_text("Judul Saja\n\nAdvertisement\n\nPOPULER\n")
    assert article.title == "Judul Saja" and article.body == []
    assert article.warnings


@pytest.mark.parametrize(
    "text, declared, language",
    [
        ("Presiden mengatakan bahwa pemerintah akan segera membangun tanggul di pesisir.", "", "id"),
        ("The president said that the government will build a sea wall on the coast.", "", "en"),
        # capitals and suffixes are not English words: "AS" is Amerika Serikat, "-an" a suffix
        ("Dolar AS menguat ke level Rp 16.300-an di pasar spot pagi ini.", "", "id"),
        ("Kim Jong Un Puji Putin", "id", "id"),  # too few function words: the page's lang decides
        ("Kim Jong Un Puji Putin", "", ""),
        # a template's lang="en" does not outvote an Indonesian text
        ("Warga diminta waspada karena air laut akan masuk ke daratan pada malam hari.", "en", "id"),
    ],
)
def test_language(text, declared, language):
    assert detect_language(text, declared) == language
