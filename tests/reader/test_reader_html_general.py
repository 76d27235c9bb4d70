"""The HTML reader on pages that are not Indonesian news sites: blogs, page builders, data
tables, split articles, teaser streams and pages in other languages, each written for these
tests with its gold body (tests/reader/html_pages/general)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from saring.reader.html import extract_html

PAGES = Path(__file__).resolve().parent / "html_pages" / "general"
GOLD = json.loads((PAGES / "gold.json").read_text(encoding="utf-8"))


def body_f1(name: str) -> float:
    """Token F1 of the body (subheadings in place) against the gold text, as bench/reader_html.py."""
    article = read(name)
    lines = list(article.body)
    for heading in reversed(article.headings):
        lines.insert(heading.before_paragraph, heading.text)
    found = Counter(re.findall(r"\w+", " ".join(lines).lower()))
    gold = Counter(re.findall(r"\w+", (PAGES / name).with_suffix(".txt").read_text("utf-8").lower()))
    overlap = sum((found & gold).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(found.values()), overlap / sum(gold.values())
    return 2 * precision * recall / (precision + recall)


def read(name: str):
    return extract_html((PAGES / name).read_bytes(), GOLD[name]["url"])


@pytest.mark.parametrize("name", [
    "elementor_id.html",  # "widget" on every block round the article
    "pagination_class_id.html",  # "pagination-first" on the article's own container
    "nota_share_class_es.html",  # "social-share-active" on it, real share bars inside it
    "wordpress_blog_en.html",  # comments, sidebar widgets, related posts
    "blogspot_id.html",  # text in <div>s, comments as long as the post
])
def test_chrome_words_judge_a_block_by_its_own_class_and_size(name):
    assert body_f1(name) >= 0.95


def test_a_big_block_with_a_chrome_word_keeps_its_small_chrome_out():
    article = read("nota_share_class_es.html")
    assert not any("Comparte" in p or p.startswith("Facebook") for p in article.body)
    assert any(b.kind == "share" for b in article.boilerplate)


def test_comments_and_sidebar_text_are_not_the_post():
    for name in ("wordpress_blog_en.html", "blogspot_id.html"):
        text = " ".join(read(name).body)
        assert "aunt forwarded" not in text and "Bu Ratna" not in text
        assert "Guru IPA di sebuah SMP" not in text and "working notebook" not in text


def test_a_stream_of_teasers_longer_than_the_article_is_a_list_of_links():
    article = read("teasers_ms.html")
    text = " ".join(article.body)
    assert "bukan rakaman kejadian semalam" in text
    assert "pusat pemindahan" not in text and "Cameron Highlands" not in text
    assert body_f1("teasers_ms.html") >= 0.95


def test_an_article_split_over_blocks_that_are_not_siblings_is_read_whole_and_in_order():
    article = read("split_sections_en.html")
    assert article.body[0].startswith("Councils along the east coast")  # the lead, in its own box
    assert article.body[-1].startswith("The Environment Agency")  # the coda, after the advert
    assert [h.text for h in article.headings] == ["Rail lines and ferries"]
    assert not any("Volunteers filling sandbags" in p for p in article.body)  # a caption
    assert body_f1("split_sections_en.html") >= 0.98
    elementor = read("elementor_id.html")  # two text widgets round an image widget
    assert elementor.body[0].startswith("Pemerintah Desa Sukamaju mengimbau")
    assert elementor.body[-1].startswith("Warga yang menerima pesan serupa")


def test_an_article_body_of_short_lines_is_trusted_when_structured_data_holds_it():
    standings = read("standings_table_en.html")  # itemprop=articleBody round a table
    assert "1 | Harrow Vale | 18 | 12 | 4 | 2 | +21 | 40" in standings.body
    assert not any("Predictor" in p or "signed shirts" in p for p in standings.body)
    assert body_f1("standings_table_en.html") >= 0.98
    calendar = read("calendar_jsonld_es.html")  # the JSON-LD articleBody's text in a list
    assert calendar.body[1] == "1. Rally Sierra de Cazorla, 21-22 de febrero, tierra"
    assert not any("boletín" in p or "correo electrónico" in p for p in calendar.body)
    assert body_f1("calendar_jsonld_es.html") >= 0.98


def test_a_table_that_ends_the_article_keeps_its_rows():
    rows = "".join(f"<tr><td>{i}</td><td>Etape {i}</td><td>{100 + i} km</td></tr>" for i in range(1, 6))
    page = f"""<html><body><div class="menu"><a href="/">Home</a></div>
    <h1>Jadwal Tour de Lombok 2025</h1><div itemprop="articleBody">
    <p>Lima etape akan dilombakan pada pekan depan, dimulai dan berakhir di Mataram, dengan
    etape terpanjang melintasi kaki Gunung Rinjani.</p>
    <table><tr><th>No</th><th>Etape</th><th>Jarak</th></tr>{rows}</table></div>
    <div class="promo"><p>Daftarkan diri Anda untuk mengikuti lomba sepeda rakyat yang akan digelar
    bersamaan dengan etape terakhir dan menangkan hadiah sepeda balap serta uang tunai.</p></div>
    </body></html>"""
    article = extract_html(page, "https://example.org/jadwal")
    assert article.body[-1] == "5 | Etape 5 | 105 km"
    assert article.body[1] == "No | Etape | Jarak"


def _page_about_itself(head: str, body: str = "") -> str:
    text = " ".join(["Warga diminta tidak menyebarkan pesan berantai itu ke grup lain."] * 4)
    return f"<html><head>{head}</head><body><h1>Judul</h1>{body}<p>{text}</p></body></html>"


def test_the_canonical_url_comes_from_whatever_the_page_declares():
    assert read("news_en.html").url == GOLD["news_en.html"]["url"]  # JSON-LD mainEntityOfPage
    antara = _page_about_itself("", '<div itemscope itemtype="http://schema.org/NewsArticle">'
                                '<a itemprop="url" href="http://www.antaranews.com/berita/1/x"></a></div>')
    assert extract_html(antara).url == "http://www.antaranews.com/berita/1/x"
    assert extract_html(antara).source == "ANTARA News"
    jsonld = _page_about_itself('<script type="application/ld+json">{"@type": "NewsArticle", '
                                '"@id": "https://example.org/a/1#article"}</script>')
    assert extract_html(jsonld).url == "https://example.org/a/1"
    relative = _page_about_itself('<link rel="canonical" href="/berita/2">')
    assert extract_html(relative, "https://example.org/berita/2?utm_source=wa").url == \
        "https://example.org/berita/2"


def test_a_page_cannot_move_itself_to_another_outlet():
    spoof = _page_about_itself('<link rel="canonical" href="https://www.kompas.com/read/1">'
                               '<meta property="og:url" content="javascript:alert(1)">')
    article = extract_html(spoof, "https://hoax.example/kompas-read-1")
    assert article.url == "https://hoax.example/kompas-read-1"
    assert article.source != "Kompas.com"
    empty = _page_about_itself('<link rel="canonical" href=""><meta property="og:url" content="">')
    assert extract_html(empty).url == ""


def test_a_long_sentence_may_link_half_its_words_and_still_be_the_article():
    article = read("roundup_links_en.html")
    assert article.body[0].startswith("Three stories dominated the tiplines")
    assert not any("volunteer network" in p for p in article.body)
    assert article.warnings == []


def _summary_marked_as_body() -> bytes:
    """The hero page with its template marking the excerpt as the articleBody: microdata is
    trusted, so the body read is the excerpt, beside five paragraphs of text outside it."""
    page = (PAGES / "hero_article_en.html").read_bytes()
    return page.replace(b'class="hero__excerpt"', b'class="hero__excerpt" itemprop="articleBody"')


def test_an_implausible_body_is_said_so_and_a_second_opinion_taken():
    pytest.importorskip("trafilatura")
    article = extract_html(_summary_marked_as_body(), GOLD["hero_article_en.html"]["url"])
    assert any("implausible body" in w and "body taken from trafilatura" in w
               for w in article.warnings)
    assert any(p.startswith("The video, first posted") for p in article.body)
    assert any(p.startswith("The man in the video later posted") for p in article.body)
    assert any(b.text.startswith("A video claiming") for b in article.boilerplate)  # ours


def test_without_trafilatura_the_doubt_is_still_said(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "trafilatura", None)  # import fails
    article = extract_html(_summary_marked_as_body(), GOLD["hero_article_en.html"]["url"])
    assert any("implausible body" in w and "saring[fallback]" in w for w in article.warnings)
    assert article.body[0].startswith("A video claiming")  # what we read is kept


def test_a_hero_box_holding_the_headline_does_not_bound_the_article():
    article = read("hero_article_en.html")
    assert article.body[0].startswith("The video, first posted")
    assert len(article.body) == 5 and article.warnings == []


def test_sentences_that_link_a_story_each_are_a_live_blog_not_a_link_list():
    article = read("liveblog_en.html")
    assert article.body[0].startswith("Police have closed the harbour road")
    assert not any("cooperative" in p for p in article.body) and article.warnings == []


def test_a_body_in_another_language_than_its_headline_is_doubted():
    body = "".join(f"<p>{s}</p>" for s in [
        "The ministry said on Monday that the payments would start in March for all workers.",
        "Officials warned that messages asking for bank passwords are not from the government.",
        "Anyone who shared their details should call their bank immediately, they added."] * 2)
    page = (f"<html><head><title>Governo começa a pagar auxílio em março para todos os "
            f"trabalhadores</title></head><body><h1>Governo começa a pagar auxílio em março para "
            f"todos os trabalhadores</h1><div class='texto'>{body}</div></body></html>")
    article = extract_html(page, "https://example.com.br/noticia")
    assert any("the headline reads as 'pt', the body as 'en'" in w for w in article.warnings)
    for name in GOLD:  # none of the pages read right is doubted
        assert not any("implausible" in w for w in read(name).warnings), name


def test_a_list_of_sources_in_the_article_is_not_a_teaser_stream():
    sources = "".join(f'<li><a href="https://example.org/{i}">Ministry statement {i}</a>, {i} May:'
                      f' officials denied again that the vaccine holds any electronic part.</li>'
                      for i in range(1, 5))
    page = f"""<html><body><h1>The vaccine chip claim is false</h1><div class="post">
    <p>A message claims that the new vaccine carries a chip that tracks whoever receives it, and
    that the ministry admitted this in a statement last week. No such statement exists.</p>
    <p>We checked every statement the ministry published this month; none mentions a chip, and
    the manufacturer's documents list no electronic component of any kind.</p>
    <p>Sources:</p><ul>{sources}</ul></div>
    <div class="more"><ul>{"".join(f'<li><a href="/s{i}">Another story about vaccines number {i}</a>'
    f'<p>A teaser for another story on the site, number {i}, with a line of text.</p></li>'
    for i in range(1, 5))}</ul></div></body></html>"""
    article = extract_html(page, "https://example.org/chip")
    assert article.body[-1] == ("Ministry statement 4, 4 May: officials denied again that the "
                                "vaccine holds any electronic part.")
    assert not any("teaser for another story" in p for p in article.body)


def test_a_summary_declared_as_json_ld_article_body_does_not_cut_the_article():
    paragraphs = [f"Paragraph {i} of the report says the harbour road stays closed while "
                  f"engineers check the slope above kilometre {i} for new cracks." for i in range(1, 7)]
    summary = " ".join(paragraphs[:2])  # some sites declare only the opening
    page = f"""<html><head><script type="application/ld+json">{{"@type": "NewsArticle",
    "headline": "Harbour road stays closed", "articleBody": "{summary}"}}</script></head><body>
    <h1>Harbour road stays closed</h1><div class="body">{"".join(f"<p>{p}</p>" for p in paragraphs)}
    </div></body></html>"""
    article = extract_html(page, "https://example.org/road")
    assert article.body == paragraphs


def test_counters_and_buttons_before_the_first_paragraph_are_not_body():
    article = read("medium_post_en.html")  # byline, "5 min read", claps in the body's block
    assert article.body[0].startswith("On Tuesday evening a post began")
    assert [(h.text, h.before_paragraph) for h in article.headings] == [
        ("Step one: the picture", 2), ("Step two: the text", 4)]
    assert any(b.text == "412" for b in article.boilerplate)
    assert body_f1("medium_post_en.html") >= 0.98


@pytest.mark.parametrize("name", sorted(GOLD))
def test_every_general_page_reads_close_to_its_gold(name):
    assert body_f1(name) >= 0.9


@pytest.mark.parametrize("line, kind", [
    ("Story continues below advertisement", "advert"),
    ("Read more: Council tax rise approved for next year", "related-links"),
    ("Sign up for our daily newsletter", "promo"),
    ("Share this article", "share"),
    ("Previous: That flood photo is from 2019", "navigation"),
    ("Read more about the plan in the ministry report published on Monday.", None),
    ("Follow the money, investigators said.", None),
])
def test_english_page_chrome_lines_are_named(line, kind):
    from saring.reader.boilerplate import classify

    assert classify(line) == kind


def test_an_article_of_short_sentences_beats_a_longer_stream_of_replies():
    lines = ["12 March: the first message appears in two groups.", "13 March: a radio host reads it on air.",
             "15 March: the ministry denies it on its website.", "16 March: copies in three more languages.",
             "18 March: a doctored screenshot adds a fake logo.", "20 March: police open an investigation."]
    reply = ("I saw this message in my family group too and my uncle believed it for a whole week "
             "before my cousin showed him the ministry statement, which he refused to read.")
    replies = "".join(f'<div class="reply"><span class="who">Reader {i}</span><p>{reply}</p></div>'
                      for i in range(12))
    page = f"""<html lang="en"><head><title>Timeline: how the fuel rumour spread</title></head><body>
    <nav><a href="/">Home</a> <a href="/checks">Checks</a></nav><h1>Timeline: how the fuel rumour spread</h1>
    <div class="post-body"><p>The false claim that fuel would be rationed spread in eight days.</p>
    {"".join(f"<p>{line}</p>" for line in lines)}</div>
    <div class="replies"><h3>Replies</h3>{replies}</div></body></html>"""
    article = extract_html(page, "https://example.org/timeline")
    assert article.body[1:] == lines


def test_page_builder_widgets_of_one_paragraph_each_are_the_article():
    paragraph = ("Warga diminta tidak meneruskan pesan berantai tentang bantuan sembako karena "
                 "pemerintah desa tidak pernah membagikan formulir lewat tautan di media sosial.")
    widgets = "".join(f'<div class="elementor-element elementor-widget elementor-widget-text-editor">'
                      f'<div class="elementor-widget-container"><p>{paragraph} ({i})</p></div></div>'
                      for i in range(1, 6))
    page = f"""<html><body><h1>Waspada pesan berantai</h1>
    <div class="elementor-widget-wrap">{widgets}</div>
    <aside class="widget widget_recent_entries"><h2>Terbaru</h2><ul><li><a href="/1">Jadwal posyandu
    bulan ini</a></li><li><a href="/2">Kerja bakti saluran irigasi</a></li></ul></aside></body></html>"""
    article = extract_html(page, "https://desa.example/waspada")
    assert article.body == [f"{paragraph} ({i})" for i in range(1, 6)]


def test_sections_headed_by_links_to_themselves_are_not_teasers():
    answer = ("The registry says the chip holds the same data as the printed card and can only be "
              "read by a terminal held a few centimetres away; it cannot report a location.")
    items = "".join(f'<div class="faq-item"><h3><a href="#q{i}">Question number {i} about the new card'
                    f'</a></h3><p>{answer}</p></div>' for i in range(1, 5))
    page = f"""<html><body><h1>Questions about the new ID card</h1><div class="faq">{items}</div>
    </body></html>"""
    article = extract_html(page, "https://example.org/faq")
    assert article.body == [answer] * 4
    assert [h.text for h in article.headings] == [f"Question number {i} about the new card" for i in range(1, 5)]


def test_broken_urls_and_control_characters_are_read_not_raised():
    page = _page_about_itself('<link rel="canonical" href="/berita/2">',
                              "<div><b>x</b>\x00\x07 teks <i>y</i>\x1b</div>")
    for fetched in ("http://[::1", "://"):
        article = extract_html(page, fetched)  # text: bytes with NUL are refused as binary
        assert article.body and article.url == fetched
    assert extract_html(page, "http://a.example:port/x").url == "http://a.example:port/berita/2"


def test_an_agency_in_the_byline_is_no_author():
    text = " ".join(["Lawmakers passed a bill that caps rent increases for older buildings."] * 4)
    page = f"""<html><body><div class="story"><h1>Lawmakers pass housing bill</h1>
    <p class="byline">By Jane Roe and Budi Santoso, CNN</p><div class="body"><p>{text}</p>
    <p>{text}</p></div></div></body></html>"""
    assert extract_html(page, "https://edition.cnn.com/x").authors == ["Jane Roe", "Budi Santoso"]


def test_every_html_gold_page_names_its_own_url(shared):
    """Read without the URL it was fetched from, each page gives its own (Antara's only in
    microdata or its comment box): the gold URL, or tempo's og:url with its "?i=1"."""
    for line in (shared / "data" / "html-gold" / "gold.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        article = extract_html((shared / "data" / "html-gold" / "pages" / row["file"]).read_bytes())
        assert article.url.split("?")[0] == row["url"], row["file"]
