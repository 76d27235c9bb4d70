"""The shared Indonesian analyser: folding, stop words, stems, offsets."""

import threading
from concurrent.futures import ThreadPoolExecutor

import wordfreq

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


def test_each_thread_stems_with_its_own_snowball_stemmer():
    from saring.text import tokens

    def stemmer_of_a_new_thread():
        found = []
        thread = threading.Thread(target=lambda: found.append(tokens._snowball()))
        thread.start()
        thread.join()
        return found[0]

    assert tokens._snowball() is tokens._snowball()
    assert stemmer_of_a_new_thread() is not tokens._snowball()


def test_concurrent_stemming_gives_the_single_thread_stems():
    words = [w for w in wordfreq.top_n_list("id", 4000) if w.isalpha()]
    uncached = stem.__wrapped__  # past the cache, so every call reaches the stemmers
    expected = [uncached(w) for w in words]
    threads = 16
    start = threading.Barrier(threads)

    def run(offset: int) -> list[str]:
        start.wait()
        order = words[offset:] + words[:offset]  # every thread on different words at once
        got = [uncached(w) for w in order]
        return got[len(words) - offset:] + got[:len(words) - offset]

    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(run, range(0, threads * 97, 97)))
    assert all(r == expected for r in results)
