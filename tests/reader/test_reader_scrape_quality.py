"""Regressions from reading a fixed sample of the news CSVs against their raw text: each test is
one class of error that was found (chrome left in the body, text lost or duplicated, wrong
metadata, wrong glue repair), on short excerpts written for the test in the outlets' layouts."""

from __future__ import annotations

from saring.model import Image
from saring.reader import boilerplate, glue
from saring.reader.text import article_from_news_row, extract_text, split_authors, title_from_url

LONG = (
    "Pemerintah kota menyiapkan anggaran tambahan untuk memperbaiki saluran air di tiga "
    "kecamatan yang paling sering terendam banjir saat musim hujan tiba setiap tahunnya."
)


def row(body: str, **fields: str) -> dict[str, str]:
    return {"sumber": "", "url": "", "judul": "Judul Uji", "author": "", "tanggal_publikasi": "",
            "isi_berita": body, **fields}


def test_republika_promo_alone_on_the_last_line_is_not_body():
    a = article_from_news_row(row("Paragraf pertama yang cukup panjang.\nLoading...Ikuti Whatsapp Channel Republika"))
    assert a.body == ["Paragraf pertama yang cukup panjang."]
    assert [(b.text, b.kind) for b in a.boilerplate] == [
        ("Loading...Ikuti Whatsapp Channel Republika", "promo")
    ]


def test_container_copy_with_a_caption_before_the_next_paragraph():
    """republika repeats "element + following paragraphs" before each paragraph; when the
    copy starts with a photo caption, the caption is kept (as an image) and nothing doubles."""
    p1 = "Dia mengatakan, keterlibatan negara lain merupakan tanda kelemahan lawan mereka."
    caption = "Petugas memeriksa bangunan yang rusak di pusat kota, Senin (16/6/2025). - (AP Photo/Leo Correa)"
    p2 = "Pemimpin itu dengan tegas menyatakan bahwa rakyatnya tidak akan menyerah pada ancaman."
    p3 = "Ia menekankan bahwa serangan itu sudah diantisipasi jauh sebelum eskalasi dimulai."
    lines = [p1 + caption + p2 + p3, p1, caption + p2 + p3, p2 + p3, p2, p3 + p3, p3]
    a = article_from_news_row(row("\n".join(lines)))
    assert a.body == [p1, p2, p3]
    assert a.images == [Image(
        title="", caption="Petugas memeriksa bangunan yang rusak di pusat kota, Senin (16/6/2025).",
        credit="AP Photo/Leo Correa",
    )]


def test_container_copy_repeated_twice_in_a_row():
    p1 = "Surat tersebut menceritakan pasukan yang hancur setelah ingin menguasai kota suci."
    tail = "Lihat postingan ini di InstagramSebuah kiriman dibagikan oleh Republika Online (@republikaonline)"
    a = article_from_news_row(row("\n".join([p1 + tail, p1 + tail, p1, tail])))
    assert a.body == [p1]
    assert {b.kind for b in a.boilerplate} == {"embed"}


def test_scraped_tweet_is_an_embed_not_body():
    tweet = ("Today forces threw gas canisters against the building of the football association. "
             "The attack also burnt parts of the pitch pic.twitter.com/EKsSWTLyzq")
    signed = "Iran shot down a drone in Isfahan pic.twitter.com/mje8r8 — Megatron (@Megatron_ron)June 18, 2025"
    for text in (tweet, signed):
        assert boilerplate.classify(text) == "embed"
    a = article_from_news_row(row("\n".join([LONG, tweet, "Dalam video yang dibagikan, asap masih mengepul."])))
    assert tweet not in a.body and len(a.body) == 2
    assert boilerplate.classify("Ia mengunggahnya lewat pic.twitter.com dan menuai kritik.") is None


def test_kompas_photo_credit_glued_to_caption_is_an_image():
    lines = [LONG, "Dok. Polres BlitarPersonel Satlantas menunjuk titik benturan", LONG + " Lagi.",
             "KOMPAS.com/ADITYOHarley-Davidson Nightster Special", LONG + " Akhir.",
             "KOMPAS.com/DIO DANANJAYATVS iQube S 2025", LONG + " Penutup."]
    a = article_from_news_row(row("\n".join(lines)))
    assert not a.headings and len(a.body) == 4
    assert [(i.credit, i.caption) for i in a.images] == [
        ("Dok. Polres Blitar", "Personel Satlantas menunjuk titik benturan"),
        ("KOMPAS.com/ADITYO", "Harley-Davidson Nightster Special"),
        # caps credit glued to a caps caption: no telling where it ends, kept whole
        ("", "KOMPAS.com/DIO DANANJAYATVS iQube S 2025"),
    ]
    # a paragraph that merely starts like a credit stays
    assert article_from_news_row(row("Dokumentasi itu diserahkan kepadaKPK kemarin siang.")).body


def test_okezone_bulleted_subheadings_and_bullet_lists():
    lines = ["Dia dilantik sebagai staf khusus pada Oktober lalu.", "·       Awal Karier Musik", LONG,
             "Alat yang dibagikan meliputi:", "•Traktor Roda 4", "•Pompa Air", LONG]
    a = article_from_news_row(row("\n".join(lines)))
    assert [(h.text, h.before_paragraph) for h in a.headings] == [("Awal Karier Musik", 1)]
    assert a.body[3:5] == ["•Traktor Roda 4", "•Pompa Air"]  # list items are text


def test_more_navigation_syndication_and_separators():
    cases = {
        "Baca selengkapnya di sini": "navigation",
        "Baca selengkapnya disini.": "navigation",
        "Simak berita selengkapnya di halaman berikutnya.": "navigation",
        "Artikel ini sudah lebih dulu di detikJogja. Selengkapnya klik disini.": "syndication",
        "Artikel ini telah tayang di detikJabar.": "syndication",
        "***": "separator",
        "--------": "separator",
    }
    for line, kind in cases.items():
        assert boilerplate.classify(line) == kind, line
    assert boilerplate.classify("Baca selengkapnya laporan itu agar paham.") is None


def test_authors_without_desks_or_the_outlet_itself():
    assert split_authors("Yanu Arifin -Sepakbola") == ["Yanu Arifin"]
    assert split_authors("Retno Ayuningrum -detikFinance") == ["Retno Ayuningrum"]
    assert split_authors("Tempo.co") == []
    assert split_authors("Liputan6.com") == []
    assert split_authors("Abdul-Rahman, Siti Aisyah") == ["Abdul-Rahman", "Siti Aisyah"]


def test_title_from_the_url_when_the_row_has_none():
    url = "https://rejabar.republika.co.id/berita/sy23oe512/sman-1-bandung-minta-ky-pantau-hakim-lahan-plk"
    body = "Tim SMAN 1 Bandung meminta KY memantau hakim. Sengketa lahan dengan PLK berlanjut."
    a = article_from_news_row(row(body, url=url, judul=""))
    assert a.title == "SMAN 1 Bandung minta KY pantau hakim lahan PLK"
    assert any("made from the URL" in w for w in a.warnings)
    assert title_from_url("https://x.co.id/read/123", []) == ""


def test_language_counts_the_title_and_short_texts_are_flagged():
    a = extract_text("Gangguan Kejiwaan dan Pasal 44 KUHP\n\nSetelah diserang bertubi-tubi, ustad R. "
                     "Prawoto meninggal dunia.")
    assert a.language == "id"
    assert any("teaser" in w for w in a.warnings)
    assert not any("teaser" in w for w in extract_text(f"Judul\n\n{LONG}\n\n{LONG}").warnings)


def repaired(text: str) -> str:
    return glue.repair(text, glue.document_vocabulary([text]))


def test_glue_keeps_an_acronym_whole_before_a_word():
    text = "RUPS LSIP digelar. Rencananya RUPS LSIPakan dilaksanakan di Jakarta oleh LSIP."
    assert "RUPS LSIP akan dilaksanakan" in repaired(text)
    assert repaired("lalu memasukkaniPhone ke saku") == "lalu memasukkan iPhone ke saku"


def test_glue_at_the_end_of_a_name_link_takes_the_longest_word():
    assert repaired("Dalam wawancaranya bersamaSongfactspada 2013") == (
        "Dalam wawancaranya bersama Songfacts pada 2013"
    )


def test_glue_around_years_parentheses_and_commas():
    text = ("Operasi Nila Jaya 2025digelar sejak Senin. Bantuan Sosial(Bansos) dan Mahkamah Agung "
            "(MA),Zarof serta LSIP,Fajar. Nilai 4,15 pukul 09:04, f(x), dekade 1990an.")
    assert repaired(text) == (
        "Operasi Nila Jaya 2025 digelar sejak Senin. Bantuan Sosial (Bansos) dan Mahkamah Agung "
        "(MA), Zarof serta LSIP, Fajar. Nilai 4,15 pukul 09:04, f(x), dekade 1990an."
    )


def test_glue_after_a_name_prefers_a_long_rarer_word_and_keeps_its_prefix():
    assert repaired("JAKARTA- AdvokatMarcella Santosotersangka perintangan penyidikan") == (
        "JAKARTA- Advokat Marcella Santoso tersangka perintangan penyidikan"
    )
    assert repaired("JakartaHari bahagiaAl Ghazalidipersiapkan betul oleh sang bunda") == (
        "Jakarta Hari bahagia Al Ghazali dipersiapkan betul oleh sang bunda"
    )
    # the commonest words take no prefix from the name
    assert repaired("Pernikahan denganAlyssa Daguisepada Senin") == (
        "Pernikahan dengan Alyssa Daguise pada Senin"
    )


def test_glue_keeps_detik_desks_and_the_articles_camel_case_brands():
    assert repaired("DikutipdetikJatim, kata dia kepada detikOto dan diterimadetikcom.") == (
        "Dikutip detikJatim, kata dia kepada detikOto dan diterima detikcom."
    )
    assert repaired("Juara MotoGP Aragon itu menyambutMotoGPItalia 2025") == (
        "Juara MotoGP Aragon itu menyambut MotoGP Italia 2025"
    )
    assert repaired("Penandatanganan MoU digelar kemarin. MoUini berlaku lima tahun.") == (
        "Penandatanganan MoU digelar kemarin. MoU ini berlaku lima tahun."
    )
    # glue whose head is an everyday word is no brand, even when written alone
    assert repaired("Namun tidak demikian denganTissa Bianidan Syifa.") == (
        "Namun tidak demikian dengan Tissa Biani dan Syifa."
    )


def test_an_author_line_that_is_no_url_names_no_outlet():
    from saring.reader.outlets import outlet_name, registered_domain

    assert registered_domain("]]>") == "" and outlet_name("[v6.example") == ""
    assert registered_domain("https://tekno.liputan6.com/read/1") == "liputan6.com"
