"""The HTML reader: a hand-written page for each rule, bad input, and the html-gold bars."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saring.errors import InputError
from saring.reader.html import decode_html, extract_html, split_credit

REPO = Path(__file__).resolve().parents[2]

# A made-up Kompas-style page: metadata in JSON-LD and OpenGraph, a section <h1>, the
# headline in an <h2>, a share bar and a "Baca juga" box inside the body, a captioned photo,
# a subheading, a ClaimReview that is not ours to read, and a sidebar of teasers.
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Banjir Rob Rendam Pesisir Utara Jakarta - Kompas.com</title>
<meta property="og:title" content="Banjir Rob Rendam Pesisir Utara Jakarta - Kompas.com">
<meta property="og:site_name" content="KOMPAS.com">
<meta name="description" content="Warga diminta waspada pasang laut hingga akhir pekan.">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Banjir Rob Rendam Pesisir Utara Jakarta",
 "datePublished": "2024-06-13T09:04:00+07:00", "dateModified": "2024-06-13T10:30:00+07:00",
 "author": [{"@type": "Person", "name": "Sri Lestari"}, {"@type": "Organization", "name": "Kompas Cyber Media"}]}
</script>
<script type="application/ld+json">{"@type": "ClaimReview", "claimReviewed": "x",
 "reviewRating": {"alternateName": "Salah"}}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/bola">Bola</a></nav>
<h1>Megapolitan</h1>
<div class="read">
  <h2 class="read__title">Banjir Rob Rendam Pesisir Utara Jakarta</h2>
  <div class="read__time">Kompas.com - 13/06/2024, 09:04 WIB</div>
  <div class="read__content">
    <figure><img src="a.jpg" alt="Rob di Muara Angke">
      <figcaption>Warga melintasi genangan rob di Muara Angke, Kamis (13/6/2024). (KOMPAS.com/ANDI PUTRA)</figcaption>
    </figure>
    <p>JAKARTA, KOMPAS.com - Banjir rob kembali merendam permukiman warga di pesisir utara
       Jakarta pada Kamis pagi, dengan ketinggian air mencapai 40 sentimeter di beberapa titik.</p>
    <div class="share-bar"><a href="#">Bagikan</a> <a href="#">Facebook</a> <a href="#">Twitter</a></div>
    <p>Kepala Pelaksana BPBD DKI Jakarta mengatakan, genangan terjadi karena pasang laut
       maksimum yang bersamaan dengan fase bulan baru, sehingga air laut masuk ke daratan.</p>
    <div class="baca-juga"><strong>Baca juga:</strong>
      <a href="/x">Tanggul Laut Raksasa Mulai Dibangun Tahun Depan</a></div>
    <blockquote class="twitter-tweet"><p>Air sudah masuk rumah sejak subuh, semoga cepat surut ya.
       Warga Muara Angke butuh bantuan pompa secepatnya.</p></blockquote>
    <h3>Warga Diminta Waspada</h3>
    <p>"Kami meminta warga tetap waspada sampai akhir pekan, terutama di Muara Angke,
       Penjaringan, dan Kamal Muara," ujarnya, seraya menambahkan petugas sudah disiagakan.</p>
    <p>Penulis: Andi Putra</p>
  </div>
</div>
<aside class="terpopuler"><h3>Terpopuler</h3>
  <ul><li><a href="/1">Harga Cabai Naik Lagi di Pasar Induk</a></li>
      <li><a href="/2">Jadwal KRL Berubah Mulai Senin</a></li></ul></aside>
<footer>Copyright Kompas Cyber Media</footer>
</body></html>"""


@pytest.fixture(scope="module")
def article():
    return extract_html(PAGE.encode("utf-8"), "https://megapolitan.kompas.com/read/2024/06/13/x")


def test_metadata_from_jsonld_and_page(article):
    assert article.title == "Banjir Rob Rendam Pesisir Utara Jakarta"
    assert article.published == "2024-06-13T09:04:00+07:00"
    assert article.updated == "2024-06-13T10:30:00+07:00"
    assert article.authors == ["Sri Lestari", "Andi Putra"]
    assert article.source == "Kompas.com"
    assert article.language == "id"  # the template's lang="en" is not believed
    assert article.lead == "Warga diminta waspada pasang laut hingga akhir pekan."


def test_dateline_moves_out_of_the_body(article):
    assert article.dateline == "Jakarta"
    assert article.body[0].startswith("Banjir rob kembali merendam permukiman")


def test_body_headings_and_boilerplate(article):
    assert len(article.body) == 3
    assert article.body[-1].startswith('"Kami meminta warga tetap waspada')
    assert [h.to_dict() for h in article.headings] == [
        {"text": "Warga Diminta Waspada", "before_paragraph": 2}]
    kinds = {b.kind for b in article.boilerplate}
    assert {"share", "related-links", "credit", "embed"} <= kinds
    text = " ".join(article.body)
    for chrome in ("Bagikan", "Baca juga", "Tanggul Laut", "Terpopuler", "Harga Cabai", "Penulis",
                   "subuh"):
        assert chrome not in text


def test_caption_and_credit(article):
    assert [i.to_dict() for i in article.images] == [{
        "title": "Rob di Muara Angke",
        "caption": "Warga melintasi genangan rob di Muara Angke, Kamis (13/6/2024).",
        "credit": "KOMPAS.com/ANDI PUTRA",
    }]


def test_visible_date_with_zone_when_no_metadata():
    page = PAGE.replace('"datePublished": "2024-06-13T09:04:00+07:00", ', "").replace(
        "13/06/2024, 09:04 WIB", "13/06/2024, 10:04 WITA")
    assert extract_html(page).published == "2024-06-13T10:04:00+08:00"


def test_utc_label_on_a_local_time_is_corrected():
    """detik declares "…T16:00:20Z" beside a printed "15:32 WIB": the Z is a mislabel."""
    page = PAGE.replace('"datePublished": "2024-06-13T09:04:00+07:00", ', "").replace(
        "<title>", '<meta name="pubdate" content="2024-06-13 T09:30:00Z"><title>')
    assert extract_html(page).published == "2024-06-13T09:30:00+07:00"
    # seven hours from the printed time, it is a real UTC time: the same instant in WIB
    page = page.replace("T09:30:00Z", "T02:04:00Z")
    assert extract_html(page).published == "2024-06-13T09:04:00+07:00"


@pytest.mark.parametrize(
    "caption, expected",
    [
        ("Selena Gomez, Senin (15/2). (REUTERS / Danny Moloshok)",
         ("Selena Gomez, Senin (15/2).", "REUTERS / Danny Moloshok")),
        ("Depresi berat, waspada diabetes! (Foto: Usnews)",
         ("Depresi berat, waspada diabetes!", "Usnews")),
        ("Musisi memberikan standing ovation. (Grammy)",
         ("Musisi memberikan standing ovation.", "Grammy")),
        ("Pekerja di gardu induk, Selasa (23/02/2016).",
         ("Pekerja di gardu induk, Selasa (23/02/2016).", "")),
        ("Menteri di Kantor Kemenpan RB, Jakarta, Selasa (16/2/2016)",
         ("Menteri di Kantor Kemenpan RB, Jakarta, Selasa (16/2/2016)", "")),
    ],
)
def test_split_credit(caption, expected):
    assert split_credit(caption) == expected


def test_short_sentences_stay_text():
    """A sentence that holds a date is not a date line; a bold lead-in is not a heading."""
    long = "<p>Warga yang rumahnya terendam diminta mengungsi ke balai desa terdekat, kata dia.</p>"
    page = (f"<html><body><article><h1>Banjir Lagi di Muara Angke</h1>{long * 3}"
            "<p>Banjir terjadi pada 12 Juni 2024.</p><p><strong>Berikut daftarnya:</strong></p>"
            f"<ul><li>Balai desa Kamal Muara</li><li>Masjid Al Ikhlas, Penjaringan</li></ul>{long}"
            "</article></body></html>")
    article = extract_html(page)
    assert "Banjir terjadi pada 12 Juni 2024." in article.body
    assert "Berikut daftarnya:" in article.body and not article.headings


def test_script_rendered_page_is_read_from_jsonld_article_body():
    body = ("JAKARTA, KOMPAS.com - Pemerintah menaikkan anggaran subsidi energi tahun depan, "
            "kata menteri keuangan dalam rapat kerja dengan DPR.<br><br>Baca juga: Harga BBM "
            "Tidak Naik<br><br>Menurut dia, kenaikan itu perlu agar tarif listrik rumah tangga "
            "kecil tetap terjangkau sepanjang tahun depan.")
    page = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
            f'"headline": "Subsidi Energi Naik", "articleBody": "{body}"}}</script></head>'
            '<body><div id="app"><h1>Subsidi Energi Naik</h1><p>Memuat...</p></div></body></html>')
    article = extract_html(page)
    assert article.dateline == "Jakarta" and article.source == "Kompas.com"
    assert [p[:20] for p in article.body] == ["Pemerintah menaikkan", "Menurut dia, kenaika"]
    assert article.boilerplate[-1].kind == "related-links"
    assert article.language == "id"
    assert article.warnings == ["body read from the page's JSON-LD articleBody: its markup had less"]


def test_page_without_article_is_partial_with_warning():
    page = "<html><head><title>Indeks Berita</title></head><body><nav><a href='/'>Home</a></nav>" \
           "<ul><li><a href='/a'>Satu</a></li><li><a href='/b'>Dua</a></li></ul></body></html>"
    article = extract_html(page)
    assert article.body == []
    assert article.title == "Indeks Berita"
    assert article.warnings == ["no article body found on the page"]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        (b"just some words, no markup at all", "no HTML markup"),
    ],
)
def test_bad_input_raises_one_line_input_error(data, message):
    with pytest.raises(InputError, match=message) as info:
        extract_html(data)
    assert "\n" not in str(info.value)


def test_decoding_declared_and_undeclared_charsets():
    latin = "<html><body><p>Caf\u00e9 di Jakarta \u2013 berita</p></body></html>".encode("cp1252")
    assert "Caf\u00e9" in decode_html(latin)
    # kapanlagi declares iso-8859-1 but serves UTF-8: valid UTF-8 wins
    mislabelled = '<meta charset="iso-8859-1"><p>KapanLagi.com\u00ae</p>'.encode("utf-8")
    assert "KapanLagi.com\u00ae" in decode_html(mislabelled)


# ----------------------------------------------------------------------------- html-gold


def _bench():
    path = REPO / "bench" / "reader_html.py"
    spec = importlib.util.spec_from_file_location("reader_html_bench", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_html_gold_bars(shared):
    """The issue's bars on the 25 Indonesian html-gold pages: body F1, title, day."""
    bench = _bench()
    rows = bench.load(shared / "data" / "html-gold" / "pages")
    f1s, titles, days = [], [], []
    for row in rows:
        if row["site"] == "tempo-english":
            continue
        title, published, body = bench.saring_reader(row["html"], row["url"])
        f1s.append(bench.token_f1(body, row["content"]))
        titles.append(title == " ".join(row["title"].split()))
        days.append(bench.iso_day(published) == bench.gold_day(row["date"]))
    assert len(f1s) == 25
    assert sum(f1s) / len(f1s) >= 0.95
    assert sum(titles) / len(titles) >= 0.95
    assert sum(days) / len(days) >= 0.95


def test_every_gold_page_round_trips_as_json(shared):
    for page in sorted((shared / "data" / "html-gold" / "pages").glob("*.html")):
        article = extract_html(page.read_bytes())
        again = type(article).from_json(article.to_json())
        assert again == article
        assert article.body and article.title, page.name
        assert not any("\n" in p for p in article.body)
        json.dumps(article.to_dict())


# ----------------------------------------------------------------------------- outlet layouts

PAGES = Path(__file__).resolve().parent / "html_pages"


def test_liputan6_style_layout():
    """Bold dateline without metadata dates; "diperbarui"/"Diterbitkan" lines; promos in and
    around the body; a video teaser and a fact-check promo outside it."""
    article = extract_html((PAGES / "liputan6_style.html").read_bytes())
    assert article.source == "Liputan6.com"  # from og:site_name "liputan6.com"
    assert (article.dateline, article.authors) == ("Garut", ["Rina Kartika"])
    assert article.published == "2025-03-02T18:45:00+07:00"
    assert article.updated == "2025-03-02T21:10:00+07:00"
    assert article.lead.startswith("Hujan deras sejak sore")
    assert len(article.body) == 5 and article.body[0].startswith("Banjir bandang menerjang")
    assert article.headings[0].to_dict() == {"text": "Bantuan Mulai Berdatangan",
                                             "before_paragraph": 3}
    assert article.images[0].credit == "Liputan6.com/Andi Saputra"
    kinds = [b.kind for b in article.boilerplate]
    assert kinds.count("related-links") == 3 and "promo" in kinds and "navigation" in kinds
    body = " ".join(article.body)
    for chrome in ("WhatsApp", "Lanjutkan", "Fakta atau Hoaks", "Detik-detik", "Harga Beras"):
        assert chrome not in body


def test_detik_style_layout():
    """Interstitial adverts, a "Baca juga" table, video embeds, tags and the editors' initials
    inside the body; the author's outlet suffix; a visible date beside a naive meta date."""
    article = extract_html((PAGES / "detik_style.html").read_bytes())
    assert article.url.startswith("https://finance.detik.com/")  # from og:url
    assert (article.source, article.dateline) == ("detikcom", "Jakarta")
    assert article.authors == ["Dewi Anggraini"]
    assert article.published == "2025-06-18T07:30:12+07:00"
    assert len(article.body) == 3 and article.body[-1].endswith("antrean bisa berkurang.")
    assert {b.kind for b in article.boilerplate} >= {"advert", "navigation", "related-links",
                                                      "video", "credit"}
    assert article.images[0].to_dict() == {"title": "Ilustrasi pupuk", "caption":
                                           "Ilustrasi pupuk bersubsidi di gudang distributor.",
                                           "credit": "Agung Pambudhy"}


# ----------------------------------------------------------------------------- robustness

_PIECES = st.sampled_from([
    "<p>", "</p>", "<div class='content'>", "</div>", "<br>", "<a href='/x'>", "</a>", "<b>",
    "</b>", "<h1>", "</h1>", "<h2>", "</h2>", "<figure><img alt='Foto warga di lokasi banjir'>",
    "<figcaption>", "</figcaption>", "</figure>", "<article>", "</article>", "<script>", "</script>",
    "<li>", "<ul>", "</ul>", "<!--", "-->", "<![CDATA[", "]]>", "<table><tr><td>", "</td></tr></table>",
    "JAKARTA, KOMPAS.com - ", "Liputan6.com, Jakarta", "Baca juga: ", "13 Jun 2024, 09:04 WIB",
    "Warga mengungsi ke balai desa, kata kepala desa. ", "\u00a0", "&amp;", "&#x1F600;", "<",
    ">", "\x00", "Pewarta: Budi", "(ANTARA/Foto)",
    '<script type="application/ld+json">{"@type": "NewsArticle", "author": [1, null, {}]}</script>',
])


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=60), st.booleans())
def test_any_markup_gives_an_article_or_one_input_error(pieces, as_bytes):
    page = "<html><body>" + "".join(pieces)
    try:
        article = extract_html(page.encode("utf-8") if as_bytes else page)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert type(article).from_json(article.to_json()) == article
    assert all(p.strip() for p in article.body)
    assert all(0 <= h.before_paragraph < len(article.body) for h in article.headings)
