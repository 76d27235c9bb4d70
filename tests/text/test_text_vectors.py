"""Word vectors shipped with saring (saring.text.vectors, saring/data/models/vectors.npz)."""

from __future__ import annotations

import threading
from importlib import resources

import numpy as np
import pytest

from saring.text import vectors


def test_synonyms_are_closer_than_unrelated_words():
    assert vectors.similarity("letus", "erupsi") > 0.5
    assert vectors.similarity("ojol", "ojek") > 0.5
    assert vectors.similarity("erupsi", "gaji") < 0.3
    assert vectors.similarity("wafat", "meninggal") > vectors.similarity("wafat", "listrik") + 0.3


def test_surface_words_are_stemmed_when_they_are_not_stems():
    assert vectors.similarity("meletus", "erupsi") == vectors.similarity("letus", "erupsi")


def test_a_stem_is_most_similar_to_itself():
    assert vectors.similarity("banjir", "banjir") == pytest.approx(1.0, abs=1e-2)


@pytest.mark.parametrize("a,b", [("zzqxw", "banjir"), ("banjir", ""), ("", "")])
def test_unknown_words_have_similarity_zero(a, b):
    assert vectors.similarity(a, b) == 0.0


def test_neighbours_are_sorted_exclude_the_word_and_find_partners():
    found = vectors.neighbours("erupsi", 10)
    assert len(found) == 10
    assert "erupsi" not in [w for w, _ in found]
    sims = [s for _, s in found]
    assert sims == sorted(sims, reverse=True)
    assert "letus" in [w for w, _ in found]
    assert all(vectors.similarity("erupsi", w) == pytest.approx(s, abs=1e-5) for w, s in found)


def test_neighbours_of_unknown_words_or_no_k_are_empty():
    assert vectors.neighbours("zzqxw", 5) == []
    assert vectors.neighbours("banjir", 0) == []
    assert vectors.neighbours(None, 5) == []  # type: ignore[arg-type]


def test_vectors_are_unit_length_and_read_only():
    v = vectors.vector("banjir")
    assert v is not None and abs(float(np.linalg.norm(v)) - 1.0) < 1e-2
    with pytest.raises(ValueError):
        v[0] = 0.0
    assert vectors.vector("zzqxw") is None


def test_shipped_file_is_small_float16_and_described():
    path = resources.files("saring").joinpath("data/models/vectors.npz")
    assert path.stat().st_size < 8_000_000
    with np.load(str(path), allow_pickle=False) as data:
        assert data["vectors"].dtype == np.float16
        assert 64 <= data["vectors"].shape[1] <= 100
    assert resources.files("saring").joinpath("data/models/VECTORS.md").is_file()
    assert vectors.vocabulary_size() > 5000


def test_concurrent_first_use_loads_once(monkeypatch):
    monkeypatch.setattr(vectors, "_model", None)
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(vectors._load())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 8 and all(m is seen[0] for m in seen)
