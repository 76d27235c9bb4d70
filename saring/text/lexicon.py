"""The word lists every layer shares, each loaded once, on first use: wordfreq's frequency
lists (as Zipf values) and the KBBI root words that ship with PySastrawi.

Loading is lazy because importing wordfreq with its lists costs a quarter of a second, which
commands that never look at a word should not pay.
"""

from __future__ import annotations

import math
import os
from functools import lru_cache


@lru_cache(maxsize=4)
def frequencies(lang: str = "id") -> dict[str, float]:
    """wordfreq's frequency list for ``lang`` (word -> share of all words)."""
    import wordfreq

    return wordfreq.get_frequency_dict(lang)


def to_zipf(freq: float) -> float:
    """wordfreq's Zipf scale: log10 of the frequency per billion words, 0.0 for unseen."""
    return math.log10(freq) + 9.0 if freq else 0.0


@lru_cache(maxsize=400_000)
def zipf(word: str, lang: str = "id") -> float:
    """The Zipf value of a lower-case word in ``lang`` (3 = once per million words), 0.0 when
    the list lacks it. A dictionary look-up, unlike ``wordfreq.zipf_frequency``, which
    tokenizes its argument on every call."""
    return to_zipf(frequencies(lang).get(word, 0.0))


@lru_cache(maxsize=1)
def kbbi_roots() -> frozenset[str]:
    """KBBI root words from PySastrawi's dictionary: real words that wordfreq may lack."""
    import Sastrawi.Stemmer

    path = os.path.join(os.path.dirname(Sastrawi.Stemmer.__file__), "data", "kata-dasar.txt")
    with open(path, encoding="utf-8") as fh:
        return frozenset(w.strip() for w in fh if w.strip())
