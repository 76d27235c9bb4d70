"""Document frequencies: what the answer layer weighs a reader's words by."""

from saring.model import FactCheck


def test_counts_items_holding_each_word_through_the_analyser(store):
    store.ingest([
        FactCheck(url="https://cek.example/a", title="Listrik mati total se-Jawa", claim="listrik padam"),
        FactCheck(url="https://cek.example/b", title="Token listrik gratis", claim="kode token"),
        FactCheck(url="https://cek.example/c", title="Gunung Lawu meletus", claim="erupsi"),
    ])
    counts, total = store.document_frequencies(["Listrik", "token", "nyimpen", "meletus", ""])
    assert total == 3
    assert counts == {"listrik": 2, "token": 1, "meletus": 1}


def test_empty_archive_and_no_words(store):
    assert store.document_frequencies([]) == ({}, 0)
    assert store.document_frequencies(["hujan"]) == ({}, 0)
