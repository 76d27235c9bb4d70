"""The archive indexes exactly what saring's shared analyser produces (its ASCII shortcut and
character offsets change nothing), and its dedup helpers behave on real text."""

from __future__ import annotations

import csv

from saring.archive.analysis import composed, index_stems, query_tokens, word_spans, words
from saring.archive.dedup import MinHasher, content_hash
from saring.text.tokens import STOPWORDS, index_terms, tokenize

SAMPLES = [
    "Juru Bicara Kremlin Dmitry Peskov mengatakan hubungan Korea-Rusia \u201cbaik-baik saja\u201d.",
    "Anak-anak bermain di Café Ba\u0301li; harga naik 7.000 rupiah (55,4 persen) — kata warga.",
    "ＦＵＬＬ-width ﬁle ２０２５ Pemadaman listrik di JAWA-BALI",
]


def test_terms_and_words_match_the_shared_analyser(shared):
    path = shared / "data" / "news" / "scrapping_news_2025-06-18.csv"
    with open(path, encoding="utf-8-sig", newline="") as f:
        texts = [row["isi_berita"] for _, row in zip(range(40), csv.DictReader(f))]
    for text in SAMPLES + texts:
        assert index_stems(text) == index_terms(text)
        assert words(text) == tokenize(text)


def test_snippet_offsets_point_at_the_words():
    for text in map(composed, SAMPLES[:2]):
        for start, end, token in word_spans(text):
            assert tokenize(text[start:end]) == [token] or "-" in token


def test_query_tokens_drop_stop_words_and_repeats():
    assert query_tokens("Apakah benar listrik di Jawa yang padam? listrik!") == ["benar", "listrik", "jawa", "padam"]
    assert not set(query_tokens("yang di dan")) - STOPWORDS


def test_content_hash_ignores_case_accents_spacing_and_punctuation():
    assert content_hash(words("Café  Bali,\nbuka!")) == content_hash(words("cafe bali buka"))
    assert content_hash(words("Cafe Bali buka")) != content_hash(words("Cafe Bali tutup"))


def test_minhash_separates_copies_from_other_stories():
    hasher = MinHasher()
    story = " ".join(f"kalimat {i} tentang banjir di kota nomor {i % 7}" for i in range(40))
    edited = "Jakarta (Antara) -- " + story.replace("nomor 3", "nomor tiga")
    other = " ".join(f"laporan {i} soal harga beras di pasar ke {i % 5}" for i in range(40))
    a, b, c = (hasher.signature(words(t)) for t in (story, edited, other))
    assert hasher.similarity(a, b) >= hasher.threshold > hasher.similarity(a, c)
    assert set(hasher.buckets(a)) & set(hasher.buckets(b))
    assert hasher.signature(words("terlalu pendek")) is None
