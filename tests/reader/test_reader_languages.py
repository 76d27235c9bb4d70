"""Language identification for the reader (saring.text.languages): Indonesian told from
Malay, and both from the other languages whose pages reach the tipline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from saring.reader.html import extract_html
from saring.text.languages import detect_language, identify

PAGES = Path(__file__).resolve().parent / "html_pages" / "general"


@pytest.mark.parametrize("language, text", [
    ("id", "Dia bilang vaksin itu berbahaya karena ada chip yang bisa melacak orang."),
    ("id", "Pemerintah membantah kabar bahwa bantuan sosial akan dihentikan bulan depan."),
    ("ms", "Polis berkata suspek telah ditahan semalam kerana disyaki terlibat dalam kes itu."),
    ("ms", "Saya tak boleh datang esok sebab kereta rosak dan bas pun tiada."),
    ("en", "Is it true that the vaccine contains a chip that can track people?"),
    ("pt", "É verdade que o governo vai pagar um auxílio extra para todos em março?"),
    ("es", "Es falso que el gobierno vaya a cobrar una multa por recibir transferencias."),
    ("tl", "Totoo ba na may libreng bigas mula sa munisipyo para sa bawat pamilya?"),
])
def test_each_language_is_told_apart(language, text):
    assert identify(text).language == language


def test_a_text_that_does_not_tell_gives_way_to_the_declared_language():
    assert identify("Jokowi").language == ""
    assert detect_language("Jokowi", "id-ID") == "id"
    assert detect_language("Joko Widodo", "pt_BR") == "pt"
    assert detect_language("12345 !!!") == ""


def test_every_general_page_gets_its_language_from_its_text():
    gold = json.loads((PAGES / "gold.json").read_text(encoding="utf-8"))
    found = {name: extract_html((PAGES / name).read_bytes(), row["url"]).language
             for name, row in gold.items()}
    assert found == {name: row["language"] for name, row in gold.items()}
    assert found["noticia_pt.html"] == "pt"  # no lang attribute: the words decide


def test_the_language_layer_reads_only_what_it_can():
    from saring.language import analyze

    english = analyze(extract_html((PAGES / "news_en.html").read_bytes()))
    assert english.entities == [] and english.times == [] and english.attributions == []
    assert any("language 'en' not supported" in w for w in english.warnings)
    assert english.sentences  # sentences are still cut: they need no Indonesian
    portuguese = analyze(extract_html((PAGES / "noticia_pt.html").read_bytes()), entities=False)
    assert portuguese.entities is None and portuguese.quantities == []
    assert any("'pt' not supported" in w for w in portuguese.warnings)
    indonesian = analyze(extract_html((PAGES / "elementor_id.html").read_bytes()))
    assert not any("not supported" in w for w in indonesian.warnings)
    assert any(e.canonical == "Darsono" for e in indonesian.entities)
