"""Which language a text is written in, telling Indonesian from Malay and both from the
languages whose pages reach an Indonesian tipline (English, Tagalog, Portuguese, Spanish and
the larger European ones).

A counting of function words tells Indonesian from English but calls a Portuguese page
Indonesian and cannot see Malay at all. Here each language is a unigram model: the 5,000
commonest words of wordfreq's list for it (shipped with wordfreq, read offline, on first use),
and a text goes to the language under which its words are likeliest. Indonesian and Malay
share most of their vocabulary; what separates them is how often each uses the words they
share and the words only one uses ("bisa"/"boleh", "karena"/"kerana", "bahwa"/"bahawa"),
which is exactly what the frequencies hold.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

# Our codes (ISO 639-1) and wordfreq's where they differ: Tagalog is its "fil" list.
LANGUAGES = ("id", "ms", "en", "tl", "pt", "es", "fr", "de", "it", "nl")
_WORDFREQ_CODE = {"tl": "fil"}
_VOCABULARY = 5_000
# A word no list knows costs the same under every language, so names and numbers do not vote.
_UNSEEN = -7.0
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Fewer known words than this and the text does not tell (a headline of names, a URL).
MIN_WORDS = 3
# log10 likelihood per word by which the best language must lead the second.
MIN_MARGIN = 0.15
# The prior odds (log10) of Indonesian: the texts that reach us are Indonesian unless they
# clearly say otherwise, and a headline of shared words ("Dolar AS Perkasa Imbas Perang")
# leans to Malay by chance.
_PRIOR = {"id": 3.0}


class Guess(NamedTuple):
    language: str  # "" when the text does not tell
    margin: float  # log10 likelihood per word over the runner-up
    words: int  # words that some language knows


@cache
def _model(lang: str) -> dict[str, float]:
    """word -> log10 frequency, for the language's commonest words."""
    import wordfreq

    model: dict[str, float] = {}
    for index, words in enumerate(wordfreq.get_frequency_list(_WORDFREQ_CODE.get(lang, lang),
                                                              wordlist="small")):
        for word in words:  # bin i holds the words of frequency 10 ** (-i / 100)
            model.setdefault(word, -index / 100)
        if len(model) >= _VOCABULARY:
            break
    return model


@lru_cache(maxsize=4)
def _table(languages: tuple[str, ...]) -> dict[str, tuple[float, ...]]:
    """word -> its log10 frequency in each language, for the words any of them knows."""
    models = [_model(lang) for lang in languages]
    words = set().union(*models)
    return {w: tuple(m.get(w, _UNSEEN) for m in models) for w in words}


def identify(text: str, languages: tuple[str, ...] = LANGUAGES) -> Guess:
    """The language of ``text`` (its first 3,000 characters suffice) with the evidence.
    Words in capitals are left out: "AS" is Amerika Serikat, not "as"; "KUANTAN:" a dateline."""
    table = _table(languages)
    known = [table[w] for w in (w.lower() for w in _WORD.findall(text[:3000])
                                if not (w.isupper() and len(w) > 1)) if w in table]
    if len(known) < MIN_WORDS:
        return Guess("", 0.0, len(known))
    scores = sorted(((_PRIOR.get(lang, 0.0) + sum(column), lang)
                     for lang, column in zip(languages, zip(*known))), reverse=True)
    (best, language), (second, _) = scores[0], scores[1]
    margin = (best - second) / len(known)
    return Guess(language if margin >= MIN_MARGIN / len(known) ** 0.5 else "", margin, len(known))


def detect_language(text: str, declared: str = "") -> str:
    """The language code of ``text``; when the text does not tell (too short, too close), the
    ``declared`` one (an HTML lang attribute, "id-ID" -> "id"), else ""."""
    guess = identify(text)
    if guess.language:
        return guess.language
    return declared.replace("_", "-").split("-")[0][:3].lower() if declared else ""
