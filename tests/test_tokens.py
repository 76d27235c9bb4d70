"""The shared Indonesian analyser: folding, stop words, stems, offsets."""

from saring.text.tokens import index_terms, spans, stem, tokenize


def test_stems_indonesian_affixes():
    assert stem("mengunjungi") == stem("kunjungan") or stem("mengunjungi").startswith("unjung")
    assert index_terms("Pemimpin memuji hubungan") == ["pimpin", "puji", "hubung"]


def test_stop_words_are_dropped_but_negation_kept():
    terms = index_terms("Listrik yang tidak mati di Jawa")
    assert "yang" not in terms and "di" not in terms
    assert "tidak" in terms


def test_reduplication_and_compounds():
    assert tokenize("anak-anak") == ["anak"]
    assert tokenize("Korea-Rusia") == ["korea", "rusia"]


def test_numbers_keep_their_separators_and_accents_fold():
    assert "7.000" in tokenize("sekitar 7.000 kontainer")
    assert tokenize("Café") == ["cafe"]


def test_spans_point_into_the_original_text():
    text = "Kim Jong Un, Pyongyang"
    for start, end, tok in spans(text):
        assert text[start:end].lower() == tok
