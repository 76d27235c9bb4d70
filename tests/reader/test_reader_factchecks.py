"""Fact-check inputs: detection, the three layouts mapped to FactCheck, the shipped samples,
and the shared real exports."""

from __future__ import annotations

import collections
import csv
import io
import json
import re
from pathlib import Path

import pytest

from saring.model import VERDICTS, Article, FactCheck, Failure, Heading
from saring.reader.factchecks import detect, factcheck_from_article, read
from saring.text.tokens import index_terms

SAMPLES = Path(__file__).resolve().parents[2] / "saring" / "data" / "samples" / "factchecks"

TBH_HEADER = "url,classification,category,date,narasi,penjelasan,kesimpulan,hasil_periksa,link_source,referensi\n"
FALSENEWS_HEADER = "ID,label,tanggal,judul,text,nama file gambar\n"

LAWU_ROW = (
    "https://turnbackhoax.id/articles/91001-salah-gunung-lawu-akan-meletus-bulan-depan,SALAH,Bencana,"
    "18/06/2026,"
    '"Akun Threads “warga.lereng” pada Senin (15/6/2026) mengunggah narasi [arsip] sebagai berikut: '
    "“Gunung Lawu akan meletus bulan depan, warga Tawangmangu siap-siap mengungsi.” Hingga Kamis "
    '(18/6/2026), unggahan tersebut telah mendapatkan 900-an tanda suka dan 120 komentar.",'
    '"Badan Geologi menyatakan status Gunung Lawu normal. BPBD Karanganyar tidak mengeluarkan '
    'perintah mengungsi.","Badan Geologi membantah klaim tersebut; Gunung Lawu dalam kondisi normal.",'
    "Salah,https://threads.example.org/@warga.lereng/post/1,"
    "https://geologi.example.org/lawu | https://bpbd.example.org/karanganyar | https://geologi.example.org/lawu\n"
)


def items_of(text: str, fmt: str, name: str = "test.csv") -> list[FactCheck | Failure]:
    return list(read(io.StringIO(text), fmt, name))


# --------------------------------------------------------------------------- detection


@pytest.mark.parametrize(
    ("head", "name", "fmt"),
    [
        (TBH_HEADER + LAWU_ROW, "export.csv", "turnbackhoax-csv"),
        ("\ufeff" + TBH_HEADER, "x.txt", "turnbackhoax-csv"),
        (TBH_HEADER.replace(",", ";"), "excel.csv", "turnbackhoax-csv"),
        (FALSENEWS_HEADER + "1,FAKE,17-Aug-20,Judul,Teks,1.jpg\n", "data.csv", "falsenews-csv"),
        ('{"@context": "https://schema.org", "@type": "ClaimReview"}', "cr.json", "claimreview"),
        ('[{"@type": ["ClaimReview", "Thing"]}]', "cr.json", "claimreview"),
        ('{"@graph": [{"@type": "WebPage"}, {"@type": "ClaimReview"}]}', "g.jsonld", "claimreview"),
        ('<html><script type="application/ld+json">{"@type": "ClaimReview"}</script>', "p.html",
         "claimreview"),
        ("sumber,url,judul,author,tanggal_publikasi,isi_berita\n", "news.csv", None),
        ('{"url": "https://x.example.org", "title": "berita", "body": ["ClaimReview"]}\n', "a.jsonl",
         None),
        ("Liputan6.com, Jakarta - Gunung Lawu normal.", "page.txt", None),
        ("", "empty.csv", None),
    ],
)
def test_detect(head: str, name: str, fmt: str | None) -> None:
    assert detect(head, name) == fmt


# --------------------------------------------------------------------------- turnbackhoax


def test_turnbackhoax_row_becomes_a_complete_factcheck() -> None:
    (item,) = items_of(TBH_HEADER + LAWU_ROW, "turnbackhoax-csv")
    assert isinstance(item, FactCheck)
    assert item.url.endswith("91001-salah-gunung-lawu-akan-meletus-bulan-depan")
    assert item.title == "[SALAH] Gunung Lawu Akan Meletus Bulan Depan"
    # the claim as it circulated, without the fact-checker's framing and engagement counts
    assert item.claim == "Gunung Lawu akan meletus bulan depan, warga Tawangmangu siap-siap mengungsi."
    assert item.claim_source == "Threads “warga.lereng” https://threads.example.org/@warga.lereng/post/1"
    assert item.publisher == "turnbackhoax.id"
    assert item.published == "2026-06-18T00:00:00+07:00"
    assert (item.verdict, item.verdict_label, item.category) == ("false", "SALAH", "Bencana")
    assert item.explanation.startswith("Badan Geologi menyatakan status Gunung Lawu normal.")
    assert item.conclusion.startswith("Badan Geologi membantah")
    assert item.references == ["https://geologi.example.org/lawu", "https://bpbd.example.org/karanganyar"]
    assert item.language == "id"
    assert FactCheck.from_dict(item.to_dict()) == item


@pytest.mark.parametrize(
    ("narasi", "claim", "source"),
    [
        ('Beredar unggahan foto [ arsip ] dari akun Facebook “Rina Wati” pada Minggu (3/5/2026) berisi '
         'narasi: “Besok semua bank tutup seminggu.” Per Senin (4/5/2026), unggahan tersebut telah '
         'mendapat 50 tanda suka.', "Besok semua bank tutup seminggu.", "Facebook “Rina Wati”"),
        ('Pada Rabu (1/4/2026), beredar sebuah video ( arsip cadangan ) di X oleh akun “kabar_kilat” '
         '(@kabar_kilat) dengan narasi: “Jembatan Suramadu ditutup total” di unggahannya. Per tangkapan '
         'layar dibuat unggahan tersebut sudah dilihat 3 ribu kali.', "Jembatan Suramadu ditutup total",
         "X “kabar_kilat”"),
        ('Akun TikTok “info.sehat” pada Senin (8/9/2025) mengunggah video [ arsip ] yang menampilkan klaim '
         'bahwa minum air es menyebabkan serangan jantung. Hingga artikel ini tayang, unggahan tersebut '
         'telah dilihat 10 ribu kali.',
         "minum air es menyebabkan serangan jantung.", "TikTok “info.sehat”"),
        ('Beredar video [ arsip ] dari akun TikTok “banjir.viral” pada Jumat (9/1/2026), isinya '
         'memperlihatkan banjir besar menerjang Monas. Hingga Selasa (20/1/2026), konten itu mendapat '
         '500 tanda suka.', "banjir besar menerjang Monas.", "TikTok “banjir.viral”"),
        ('Beredar unggahan gambar [ arsip ] dari akun Facebook “Warta Kita” pada Rabu (4/2/2026) yang '
         'menampilkan tangkapan layar artikel berjudul "Jembatan Ampera Dijual ke Investor Asing".',
         "Jembatan Ampera Dijual ke Investor Asing", "Facebook “Warta Kita”"),
        ('Beredar pesan berantai di WhatsApp [ arsip ] yang mengatasnamakan Kemensos soal “pendaftaran '
         'bansos lewat tautan khusus warga lansia”.', "pendaftaran bansos lewat tautan khusus warga lansia",
         "WhatsApp"),
    ],
)
def test_turnbackhoax_narasi_framings(narasi: str, claim: str, source: str) -> None:
    quoted = narasi.replace('"', '""')
    row = f'https://turnbackhoax.id/articles/1-salah-contoh,SALAH,Politik,01/05/2026,"{quoted}",,,,,\n'
    (item,) = items_of(TBH_HEADER + row, "turnbackhoax-csv")
    assert item.claim == claim
    assert item.claim_source == source


def test_row_with_only_a_url_still_carries_the_verdict_and_claim_of_its_slug() -> None:
    # 70 rows of the real export are like this: everything but the url is blank
    row = "https://turnbackhoax.id/articles/33312-penipuan-tautan-pendaftaran-kip-kuliah-2026,,,,,,,,,\n"
    (item,) = items_of(TBH_HEADER + row, "turnbackhoax-csv")
    assert item.title == "[PENIPUAN] Tautan Pendaftaran KIP Kuliah 2026"
    assert item.claim == "Tautan Pendaftaran KIP Kuliah 2026"
    assert (item.verdict, item.verdict_label) == ("scam", "PENIPUAN")
    assert item.published == "" and item.references == []


@pytest.mark.parametrize(
    ("slug", "title"),
    [
        ("35352-salah-gunung-lawu-bakal-erupsi-besar", "[SALAH] Gunung Lawu Bakal Erupsi Besar"),
        ("1-salah-uang-pecahan-rp18-000-bergambar-prabowo", "[SALAH] Uang Pecahan Rp18.000 Bergambar Prabowo"),
        ("2-salah-bps-sebut-gaji-rata-rata-rp78-6-juta", "[SALAH] BPS Sebut Gaji Rata-Rata Rp78,6 Juta"),
        ("3-salah-pemadaman-listrik-se-jawa-bali", "[SALAH] Pemadaman Listrik se-Jawa Bali"),
        ("4-konteks-keliru-video-banjir-di-jakarta", "[KONTEKS KELIRU] Video Banjir di Jakarta"),
        ("5-satir-dpr-dan-mpr-sahkan-uu-tidur-siang", "[SATIR] DPR dan MPR Sahkan UU Tidur Siang"),
        ("6-penipuan-gubernur-bagi-bagi-uang-lewat-facebook",
         "[PENIPUAN] Gubernur Bagi-Bagi Uang Lewat Facebook"),
    ],
)
def test_title_from_slug(slug: str, title: str) -> None:
    row = f"https://turnbackhoax.id/articles/{slug},SALAH,,,,,,,,\n"
    (item,) = items_of(TBH_HEADER + row, "turnbackhoax-csv")
    assert item.title == title


def test_title_takes_the_casing_the_fact_checker_writes() -> None:
    row = ('https://turnbackhoax.id/articles/7-salah-mcdonalds-tutup-gerai-di-ri,SALAH,,,,'
           '"McDonalds Indonesia membantah; gerai di RI tetap buka.",,,,\n')
    (item,) = items_of(TBH_HEADER + row, "turnbackhoax-csv")
    assert item.title == "[SALAH] McDonalds Tutup Gerai di RI"


@pytest.mark.parametrize(
    ("value", "iso"),
    [("24/06/2026", "2026-06-24T00:00:00+07:00"), ("1/2/2026", "2026-02-01T00:00:00+07:00"),
     ("2026-06-24", "2026-06-24T00:00:00+07:00"), ("1/2/26", "2026-02-01T00:00:00+07:00"),
     ("24 Juni 2026", "2026-06-24T00:00:00+07:00"), ("24-Jun-26", "2026-06-24T00:00:00+07:00"),
     ("2026-06-24 10:30:00", "2026-06-24T10:30:00+07:00"),
     ("31/02/2026", ""), ("31-Feb-26", ""), ("13/13/2026", ""), ("kemarin", ""), ("", "")],
)
def test_turnbackhoax_dates(value: str, iso: str) -> None:
    row = f"https://turnbackhoax.id/articles/1-salah-contoh-klaim,SALAH,,{value},,,,,,\n"
    (item,) = items_of(TBH_HEADER + row, "turnbackhoax-csv")
    assert item.published == iso


def test_other_publishers_exporting_the_layout_are_named_by_host() -> None:
    row = "https://www.cekfakta.example.org/articles/1-hoaks-contoh-klaim,HOAKS,,,,,,,,\n"
    (item,) = items_of(TBH_HEADER + row, "turnbackhoax-csv")
    assert item.publisher == "cekfakta.example.org" and item.verdict == "false"


# --------------------------------------------------------------------------- false-news CSV


def test_falsenews_rows() -> None:
    text = FALSENEWS_HEADER + (
        "71,FAKE,17-Aug-20,Masker Menyebabkan Penyakit,\"A caller said that his wife was told she had "
        "the disease because she wore the same mask every day. It was the mask.\",71.jpg\n"
        "72,REAL,9-Agu-19,Polisi Bantah Isu Begal,\"Polisi Bantah Isu Begal di jembatan, itu tidak benar\",72.jpg\n"
        "73,FAKE,3-Okt-18,Jokowi presiden terbaik dlm sejarah,Jokowi presiden terbaik,73.png\n"
        "74,FAKE,30-Feb-20,\": Judul dengan titik dua\",\"Isi pesan\nbaris kedua\",74.png\n"
        "75,FAKE,5 March 2019,Judul lima,Teks lima,75.png\n"
    )
    first, second, third, fourth, fifth = items_of(text, "falsenews-csv")
    assert fifth.published == "2019-03-05T00:00:00+07:00"
    assert (first.verdict, first.language) == ("false", "en")
    assert first.verdict_label == "FAKE (label anotator Indonesia False News 2015–2020)"
    assert first.published == "2020-08-17T00:00:00+07:00"
    assert first.claim.startswith("Masker Menyebabkan Penyakit\n\nA caller")
    # no URL in the set: the dataset and the row are what a reply can cite
    assert first.publisher == "Indonesia False News 2015–2020, ID 71" and first.url == ""
    # REAL is "real news": a report of a denial is news, its denial no true verdict
    assert isinstance(second, Article) and second.language == "id"
    assert second.source == "Indonesia False News 2015–2020, ID 72" and second.url == ""
    assert second.published == "2019-08-09T00:00:00+07:00"
    assert second.title == "Polisi Bantah Isu Begal"
    assert second.body == ["Polisi Bantah Isu Begal di jembatan, itu tidak benar"]
    assert third.published == "2018-10-03T00:00:00+07:00"
    assert third.claim == "Jokowi presiden terbaik dlm sejarah"  # the text was a cut-short title
    assert fourth.title == "Judul dengan titik dua" and fourth.published == ""
    assert fourth.claim.endswith("Isi pesan\nbaris kedua")


# --------------------------------------------------------------------------- ClaimReview


def review(**overrides) -> dict:
    base = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://cek.example.org/1",
        "claimReviewed": "Listrik Jawa Bali padam total tiga hari",
        "author": {"@type": "Organization", "name": "Cek Fakta Contoh"},
        "datePublished": "2026-06-22",
        "reviewRating": {"@type": "Rating", "alternateName": "Salah", "ratingValue": 1},
    }
    base.update(overrides)
    return base


def test_claimreview_fields() -> None:
    data = review(
        headline="Hoaks pemadaman total",
        itemReviewed={"@type": "Claim", "author": {"name": "Akun Facebook Info Warga"},
                      "appearance": [{"url": "https://fb.example.org/p/1"}, {"url": "https://x"}]},
        reviewBody="PLN membantah.", citation=["https://pln.example.org/1", {"url": "https://b.example.org"}],
    )
    (item,) = items_of(json.dumps(data), "claimreview", "cr.json")
    assert item.claim == "Listrik Jawa Bali padam total tiga hari"
    assert item.title == "Hoaks pemadaman total"
    assert item.claim_source == "Akun Facebook Info Warga https://fb.example.org/p/1"
    assert item.publisher == "Cek Fakta Contoh"
    assert item.published == "2026-06-22T00:00:00+07:00"
    assert (item.verdict, item.verdict_label) == ("false", "Salah")
    assert item.explanation == "PLN membantah."
    assert item.references == ["https://pln.example.org/1", "https://b.example.org"]
    assert item.language == "id"


@pytest.mark.parametrize(
    ("rating", "verdict", "label"),
    [
        ({"alternateName": "Misleading", "ratingValue": 2}, "misleading", "Misleading"),
        ({"alternateName": "Four Pinocchios", "ratingValue": 1, "worstRating": 1, "bestRating": 5},
         "false", "Four Pinocchios"),
        ({"ratingValue": "9", "worstRating": "0", "bestRating": "10"}, "true", "9/10"),
        ({"ratingValue": 3}, "misleading", "3/5"),
        ({}, "unproven", ""),
    ],
)
def test_claimreview_rating(rating: dict, verdict: str, label: str) -> None:
    (item,) = items_of(json.dumps(review(reviewRating=rating)), "claimreview")
    assert (item.verdict, item.verdict_label) == (verdict, label)


def test_claimreview_containers_graph_array_jsonl_and_html() -> None:
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "halaman"},
        review(url="https://cek.example.org/g"),
        {"@type": "NewsArticle", "review": review(url="https://cek.example.org/nested")}]}
    assert [i.url for i in items_of(json.dumps(graph), "claimreview")] == [
        "https://cek.example.org/g", "https://cek.example.org/nested"]
    array = json.dumps([review(url=f"https://cek.example.org/{n}") for n in range(3)], indent=2)
    assert len(items_of(array, "claimreview")) == 3
    jsonl = "\n".join(json.dumps(review(url=f"https://cek.example.org/l{n}")) for n in range(2))
    assert [i.url for i in items_of(jsonl, "claimreview")] == [
        "https://cek.example.org/l0", "https://cek.example.org/l1"]
    page = ("<!doctype html><html><head><title>Cek</title>\n"
            '<script type="application/ld+json">{"@type": "Organization", "name": "x"}</script>\n'
            f"<script type='application/ld+json'>{json.dumps(review(url='https://cek.example.org/h'))}"
            "</script></head><body><p>Artikel</p></body></html>")
    assert [i.url for i in items_of(page, "claimreview", "page.html")] == ["https://cek.example.org/h"]


def test_claimreview_dates_and_language() -> None:
    (utc,) = items_of(json.dumps(review(datePublished="2026-06-22T02:30:00Z", inLanguage="en")),
                      "claimreview")
    assert utc.published == "2026-06-22T02:30:00+00:00" and utc.language == "en"
    (english,) = items_of(json.dumps(review(claimReviewed="The power grid of Java will be shut off "
                                                          "for three days and it is not safe")),
                          "claimreview")
    assert english.language == "en"
    (node,) = items_of(json.dumps(review(inLanguage={"@type": "Language", "name": "Indonesian"})),
                       "claimreview")
    assert node.language == "id"
    (spelled,) = items_of(json.dumps(review(datePublished="June 22, 2026")), "claimreview")
    assert spelled.published == "2026-06-22T00:00:00+07:00"
    (bad,) = items_of(json.dumps(review(datePublished="sometime")), "claimreview")
    assert bad.published == ""


# --------------------------------------------------------------------------- streaming


class CountingStream(io.StringIO):
    """Counts the lines handed out, to show that reading does not slurp the file."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.lines_read = 0

    def __next__(self) -> str:
        self.lines_read += 1
        return super().__next__()


def test_csv_is_read_one_record_at_a_time() -> None:
    rows = "".join(
        f"https://turnbackhoax.id/articles/{n}-salah-klaim-nomor-{n},SALAH,,01/01/2026,narasi {n},,,,,\n"
        for n in range(5000)
    )
    stream = CountingStream(TBH_HEADER + rows)
    items = read(stream, "turnbackhoax-csv", "big.csv")
    first = next(items)
    assert first.title == "[SALAH] Klaim Nomor 0"
    assert stream.lines_read <= 3
    assert sum(1 for _ in items) == 4999


def test_json_array_is_decoded_element_by_element() -> None:
    text = json.dumps([review(url=f"https://cek.example.org/{n}") for n in range(3000)])
    stream = io.StringIO(text)
    items = read(stream, "claimreview", "big.json")
    assert next(items).url == "https://cek.example.org/0"
    assert stream.tell() < len(text) // 2
    assert sum(1 for _ in items) == 2999


# --------------------------------------------------------------------------- samples


def test_sample_factchecks_feed_the_demo() -> None:
    path = SAMPLES / "factchecks.csv"
    assert detect(path.read_text(encoding="utf-8")[:65536], path.name) == "turnbackhoax-csv"
    items = list(read(path, "turnbackhoax-csv", str(path)))
    assert all(isinstance(i, FactCheck) for i in items) and 20 <= len(items) <= 30
    assert {i.verdict for i in items} == set(VERDICTS)
    assert len({i.url for i in items}) == len(items)
    by_slug = {i.url.rsplit("/", 1)[-1]: i for i in items}
    listrik = next(i for s, i in by_slug.items() if "pemadaman-listrik-total-3-hari" in s)
    assert listrik.verdict == "false" and "PLN" in listrik.explanation
    assert "3 hari se-Jawa Bali" in listrik.claim
    lawu = next(i for s, i in by_slug.items() if "gunung-lawu" in s)
    assert lawu.verdict == "false" and "Badan Geologi" in lawu.explanation
    # three near-identical job-offer scams under different accounts
    scams = [i for i in items if i.verdict == "scam" and "KERETA API INDONESIA" in i.claim]
    assert len(scams) == 3
    assert len({re.search(r"“(.+?)”", i.claim_source).group(1) for i in scams}) == 3
    words = [set(index_terms(i.claim)) for i in scams]
    assert min(len(a & b) / len(a | b) for a in words for b in words) >= 0.7
    for item in items:
        assert item.title and item.claim and item.published and item.explanation and item.conclusion
        assert item.url.startswith("https://cekfakta.example.org/")
        assert all(".example.org/" in ref for ref in item.references)


def test_sample_claimreviews() -> None:
    path = SAMPLES / "claimreview.json"
    assert detect(path.read_text(encoding="utf-8"), path.name) == "claimreview"
    items = list(read(path, "claimreview", str(path)))
    assert len(items) == 3 and all(isinstance(i, FactCheck) for i in items)
    assert {i.publisher for i in items} == {"Cek Fakta Saring"}
    assert sorted(i.language for i in items) == ["en", "id", "id"]
    english = next(i for i in items if i.language == "en")
    assert english.verdict == "false" and "Java and Bali" in english.claim


# --------------------------------------------------------------------------- shared data


def test_shared_turnbackhoax_export(shared: Path) -> None:
    path = shared / "data" / "factchecks" / "turnbackhoax_articles.csv"
    items = list(read(path, "turnbackhoax-csv", str(path)))
    assert len(items) == 960 and all(isinstance(i, FactCheck) for i in items)
    counts = collections.Counter(i.verdict for i in items)
    assert counts == {"false": 665, "scam": 284, "satire": 11}
    assert len({i.url for i in items}) == 960
    assert all(i.title.startswith("[") and i.claim for i in items)
    with_narasi = [i for i in items if i.explanation]
    assert len(with_narasi) == 890
    framed = [i for i in with_narasi if re.search(r"\barsip\b|tanda suka|mengunggah", i.claim)]
    assert len(framed) <= 0.02 * len(with_narasi)
    assert sum(bool(i.published) for i in items) == 890
    assert sum(bool(re.match(r"(Facebook|TikTok|Instagram|Threads|YouTube|WhatsApp|X) ", i.claim_source))
               for i in with_narasi) >= 0.95 * len(with_narasi)


def test_shared_falsenews_export(shared: Path) -> None:
    path = shared / "data" / "factchecks" / "indonesia_false_news_2015_2020.csv"
    items = list(read(path, "falsenews-csv", str(path)))
    assert len(items) == 4231 and all(isinstance(i, (FactCheck, Article)) for i in items)
    verdicts = collections.Counter(getattr(i, "verdict", "news") for i in items)
    assert "true" not in verdicts and verdicts["false"] >= 3465  # FAKE rows, and REAL debunks
    assert sum(bool(i.published) for i in items) == 4231
    english = [i for i in items if i.language == "en"]
    assert 50 <= len(english) <= 400


def test_fact_check_page_body_becomes_the_explanation() -> None:
    data = review(url="https://cek.example.org/pln", headline="Hoaks pemadaman listrik total")
    paragraphs = "".join(
        f"<p>Paragraf {n}: PT PLN (Persero) membantah kabar pemadaman listrik total selama tiga hari "
        f"di Jawa dan Bali. Sistem kelistrikan dalam kondisi normal dan pasokan mencukupi.</p>"
        for n in range(1, 5)
    )
    page = (
        "<!doctype html><html><head><title>Cek Fakta: Hoaks pemadaman listrik total</title>"
        f'<script type="application/ld+json">{json.dumps(data)}</script></head><body>'
        "<nav><a href='/'>Beranda</a></nav><article><h1>Cek Fakta: Hoaks pemadaman listrik total</h1>"
        f"{paragraphs}</article><footer>Hak cipta</footer></body></html>"
    )
    (item,) = items_of(page, "claimreview", "page.html")
    assert item.verdict == "false"
    assert "PLN (Persero) membantah" in item.explanation
    assert "Beranda" not in item.explanation and "Hak cipta" not in item.explanation


def test_google_fact_check_tools_export() -> None:
    export = {"claims": [{
        "text": "PLN akan memadamkan listrik se-Jawa Bali selama tiga hari",
        "claimant": "Pesan berantai WhatsApp",
        "claimDate": "2026-06-21T00:00:00Z",
        "claimReview": [{
            "publisher": {"name": "Cek Fakta Contoh", "site": "cek.example.org"},
            "url": "https://cek.example.org/pln-tiga-hari",
            "title": "Hoaks pemadaman listrik tiga hari",
            "reviewDate": "2026-06-22T08:00:00Z",
            "textualRating": "Salah",
            "languageCode": "id",
        }],
    }], "nextPageToken": "abc"}
    text = json.dumps(export)
    assert detect(text, "factcheck_api.json") == "claimreview"
    (item,) = items_of(text, "claimreview", "factcheck_api.json")
    assert (item.claim, item.claim_source) == (
        "PLN akan memadamkan listrik se-Jawa Bali selama tiga hari", "Pesan berantai WhatsApp")
    assert (item.publisher, item.url) == ("Cek Fakta Contoh", "https://cek.example.org/pln-tiga-hari")
    assert (item.verdict, item.verdict_label, item.language) == ("false", "Salah", "id")
    assert item.published == "2026-06-22T08:00:00+00:00"


# --------------------------------------------------------------------------- fact-check desks


def desk_article(title: str, body: list[str], headings=()) -> Article:
    return Article(source="Liputan6.com", url="https://www.liputan6.com/cek-fakta/read/1/contoh",
                   title=title, published="2025-06-12T17:00:00+07:00", language="id", body=body,
                   headings=list(headings))


def test_cek_fakta_article_becomes_a_factcheck() -> None:
    article = desk_article(
        "Cek Fakta: Hoaks Video Candi Borobudur Terbakar pada 3 Juni 2025",
        ["Sebuah video yang diklaim Candi Borobudur terbakar beredar di media sosial. Video "
         "tersebut disebarkan salah satu akun TikTok pada 3 Juni 2025.",
         '"Candi Borobudur hari ini terbakar," tulis narasi dalam video tersebut.',
         "Benarkah? Berikut penelusurannya.",
         "Video itu adalah rekaman kebakaran di Myanmar pada 2023.",
         "Video Candi Borobudur terbakar adalah hoaks."],
        [Heading("Penelusuran Fakta", 3), Heading("Kesimpulan", 4)],
    )
    item = factcheck_from_article(article)
    assert item is not None
    assert (item.verdict, item.verdict_label) == ("false", article.title)
    assert item.claim == "Candi Borobudur hari ini terbakar"
    assert item.claim_source == "TikTok"
    assert item.conclusion == "Video Candi Borobudur terbakar adalah hoaks."
    assert item.publisher == "Liputan6.com Cek Fakta"
    assert (item.url, item.published) == (article.url, article.published)
    assert "rekaman kebakaran di Myanmar" in item.explanation


def test_desk_framing_is_trimmed_from_the_claim() -> None:
    article = desk_article(
        "Cek Fakta: Tidak Benar Ini Link Pendaftaran Guru Sekolah Rakyat 2025",
        ["Cek Fakta Liputan6.com mendapati klaim link pendaftaran guru Sekolah Rakyat 2025, "
         "informasi tersebut diunggah salah satu akun Facebook, pada 22 April 2025."])
    item = factcheck_from_article(article)
    assert item.claim == "link pendaftaran guru Sekolah Rakyat 2025"
    assert (item.verdict, item.claim_source) == ("false", "Facebook")


@pytest.mark.parametrize("title", [
    "Penipuan Cek Bansos Marak Terjadi, Begini Cara Menghindarinya",
    "Berbagai Upaya Memerangi Hoaks di WhatsApp",
    "Strawberry Moon 2025: Fakta Unik dan Waktu Terbaik untuk Menyaksikannya",
])
def test_news_that_mentions_hoaxes_stays_news(title: str) -> None:
    assert factcheck_from_article(desk_article(title, ["Isi berita."])) is None


def test_cek_fakta_articles_in_the_shared_news(shared: Path, tmp_path: Path) -> None:
    from saring.reader.inputs import read_paths

    # only the rows of Liputan6's Cek Fakta desk, so that the news reader has little to do
    desk = tmp_path / "cek_fakta.csv"
    with desk.open("w", encoding="utf-8", newline="") as out:
        writer = None
        for path in sorted((shared / "data" / "news").glob("*.csv")):
            with path.open(encoding="utf-8-sig", newline="") as stream:
                for row in csv.DictReader(stream):
                    if "/cek-fakta/" in row["url"]:
                        writer = writer or csv.DictWriter(out, fieldnames=list(row))
                        if out.tell() == 0:
                            writer.writeheader()
                        writer.writerow(row)
    # read_paths hands the desk's pieces over as the fact-checks they are
    found = {fc.url: fc for fc in read_paths([str(desk)]) if isinstance(fc, FactCheck)}
    assert len(found) >= 10
    assert all(fc.publisher == "Liputan6.com Cek Fakta" and fc.claim for fc in found.values())
    assert sum(fc.verdict == "false" for fc in found.values()) >= 8


def test_export_with_a_title_column_keeps_the_published_headline() -> None:
    text = ("url,title,classification,narasi\n"
            "https://turnbackhoax.id/?p=123,[HOAKS] Foto Banjir Bandang di Kota Batu,,isi klaim\n")
    (item,) = items_of(text, "turnbackhoax-csv")
    assert item.title == "[HOAKS] Foto Banjir Bandang di Kota Batu"
    assert (item.verdict, item.verdict_label) == ("false", item.title)
