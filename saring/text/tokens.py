"""Indonesian word tokens, stop words and stems: the one analyser that the archive's index,
the answer layer and the benchmarks' baselines all share, so that "same stemmer" holds.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import Any

import Stemmer

from saring.text.lexicon import kbbi_roots

# Letters and digits, keeping inner hyphens ("Korea-Rusia" -> two tokens, "anak-anak" one)
# and decimal/thousand separators inside numbers ("7.000", "55,4").
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
# The same on ASCII text, where it is the same pattern (and Python's regex engine is twice as fast
# without the Unicode classes); a text's other non-word characters (curly quotes, dashes, emoji)
# only separate tokens, as a space does, so they become spaces first.
_ASCII_TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[a-zA-Z]+(?:-[a-zA-Z]+)*")
_SEPARATORS = re.compile(r"[^\x00-\x7f\w]+")

# Function words of Indonesian news and informal messages; kept short and explicit:
# content words such as "tidak" (negation matters to a claim) are not in it.
STOPWORDS = frozenset(
    """
    yang dan di ke dari ini itu dengan untuk pada adalah dalam akan telah sudah juga atau
    oleh karena sebagai bahwa para pun lah kah tersebut serta agar supaya bagi secara saat
    ketika kepada hingga sampai antara maupun yaitu yakni namun tetapi tapi jika kalau bila
    apabila ia dia mereka kami kita saya aku anda kamu nya se si sang sebuah seorang suatu
    ada bisa dapat harus masih lebih sangat hanya lagi pula apa siapa mana bagaimana mengapa
    kenapa kapan dimana apakah benarkah kah sih dong deh kok nih tuh yg dgn utk tsb dr pd
    the a an of to in on for and or is are was were be been it this that with as by at from
    """.split()
)

# PyStemmer objects must not be called from two threads at once (its documentation): the
# answer layer stems from a thread pool and a worker, so each thread gets its own.
_local = threading.local()


def _snowball() -> Stemmer.Stemmer:
    """This thread's Snowball stemmer."""
    try:
        return _local.stemmer
    except AttributeError:
        _local.stemmer = Stemmer.Stemmer("indonesian")
        return _local.stemmer


def fold(text: str) -> str:
    """Lower-case and strip accents and compatibility forms (full-width, ligatures)."""
    if text.isascii():  # most news text: folding is plain lower-casing
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    # the marks to drop, found among the text's distinct characters (a news text has a few
    # curly quotes and dashes in thousands of letters: not a Python step per character)
    marks = [ch for ch in set(text) if unicodedata.combining(ch)]
    if marks:
        text = re.sub("[" + "".join(map(re.escape, marks)) + "]", "", text)
    return text.lower()


def tokenize(text: str) -> list[str]:
    """Word tokens, folded; hyphenated compounds are split into their parts except reduplication."""
    folded = fold(text)
    if not folded.isascii():
        folded = _SEPARATORS.sub(" ", folded)
    found = _ASCII_TOKEN.findall(folded) if folded.isascii() else _TOKEN.findall(folded)
    if "-" not in folded:  # most texts: the tokens as found
        return found
    out: list[str] = []
    for tok in found:
        if "-" in tok:
            parts = tok.split("-")
            if len(set(parts)) == 1:  # reduplication: anak-anak -> anak
                out.append(parts[0])
            else:
                out.extend(p for p in parts if p)
        else:
            out.append(tok)
    return out


@lru_cache(maxsize=1)
def _dictionary_stemmer() -> Any:
    """Sastrawi's dictionary-checked stemmer over the KBBI roots, built on first use (offline)."""
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer as DictionaryStemmer

    return DictionaryStemmer(ArrayDictionary(sorted(kbbi_roots())))


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """Snowball's fast stem, checked against the KBBI roots.

    Snowball strips by rule and gets many frequent words wrong in ways that break matching
    ("ledakan" -> "leda" but "meledak" -> "ledak"; "menerima" -> "erima" but "terima" -> "ima").
    When Snowball strips something and its stem is not a root word, Sastrawi's
    dictionary-checked stem (slow, ~0.2 ms) is used if that one is ("ledak", "terima");
    names and foreign words keep Snowball's. Cached per word.
    """
    if token[:1].isdigit() or len(token) <= 3:
        return token
    quick = _snowball().stemWord(token)
    if quick == token:  # nothing stripped: a root, a name or a foreign word
        return quick
    roots = kbbi_roots()
    if quick in roots:
        return quick
    checked = _dictionary_stemmer().stem(token)
    return checked if checked in roots else quick


def index_terms(text: str) -> list[str]:
    """Tokens for a search index: folded, stop words removed, stemmed."""
    return [stem(t) for t in tokenize(text) if t not in STOPWORDS]


def spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, folded token) for each token, offsets into the original text.

    The FTS tokenizer needs offsets to highlight snippets; reduplications and compounds are
    reported whole here (one span), as ``tokenize`` would return their parts.
    """
    return [(m.start(), m.end(), fold(m.group())) for m in _TOKEN.finditer(text)]
