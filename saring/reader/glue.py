"""Repair words that a scraper glued together where the page had links.

Scrapers that drop the spaces around inline links turn "kondisi kesehatan mental yang" into
"kondisikesehatan mentalyang" and "dari Huffington Post" into "dariHuffington Post". A token
is only split when it is not a word itself and every part is: a word of wordfreq's Indonesian
list (shipped with the package, so it works offline), or a word the same article uses on its
own (names such as "Delap" in "Delapbermain"). Real words that the list lacks are protected
by the Indonesian affix rules (Sastrawi): "pertemuannya" and "dipatahkan" reduce to known
roots and are left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import wordfreq

# Parts shorter than this are only accepted from case boundaries ("kePiala", "diArgasunya"):
# two-letter words glue too easily into real words ("dikantor" is common informal spelling).
MIN_PART = 3
# A part must be at least this common (Zipf scale: 3 = once per million words) unless the
# article itself uses it as a word.
MIN_ZIPF = 3.0
# A token at least this common is a word and never split.
KNOWN_ZIPF = 1.0
MAX_PARTS = 4
# A token the article itself writes this often is its own word (a name, a brand), not glue.
REPEATS_AS_WORD = 3
# Bound morphemes: never a part on their own ("penambang|nya", "temu|kan"), and prefixes
# that Indonesian writes attached ("multipihak", "subspesialis", "pascaerupsi").
_BOUND = frozenset("nya kan an lah kah pun ku mu tah isme wan wati nda".split())
_BOUND_PREFIXES = frozenset(
    "multi sub pra pasca antar non swa tuna ultra super semi eks anti inter intra trans".split()
)
# Three-letter parts are mostly fragments ("dil|aku|lan"); only everyday words pass.
SHORT_PART_ZIPF = 5.0
# Prepositions that the scraper glued after a link ("warningke", "parahakimdi"): accepted
# as the last part of a lower-case token, never as a prefix (di- and ke- are real prefixes).
_TRAILING_PREPOSITIONS = ("di", "ke")
# Indonesian news quotes English freely: a known English word is a word ("effortless").
ENGLISH_ZIPF = 2.5

_WORD = re.compile(r"[^\W\d_]+")
_LOWER_UPPER = re.compile(r"(?<=[a-z])(?=[A-Z])")
# an acronym glued to a word: "PTVale" -> "PT Vale", okezone's "ADAsatu" -> "ADA satu"
_ACRONYM_WORD = re.compile(r"^([A-Z]{3,})([a-z]{3,})")


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    return wordfreq.get_frequency_dict("id")


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """wordfreq's Zipf value for a lower-case word, 0.0 when the list lacks it."""
    freq = _frequencies().get(word, 0.0)
    return wordfreq.freq_to_zipf(freq) if freq else 0.0


@lru_cache(maxsize=200_000)
def english_zipf(word: str) -> float:
    return wordfreq.zipf_frequency(word, "en")


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=100_000)
def _affixed_word(word: str) -> bool:
    """True when ``word`` is an affixed form of a dictionary root ("pertemuannya" -> "temu").

    Sastrawi only strips affixes down to a root in its dictionary and otherwise returns the
    word unchanged, so a changed result means a real derivation.
    """
    return _stemmer().stem(word) != word


class Vocabulary:
    """Which strings count as words: wordfreq's list plus the words of the current document."""

    def __init__(self, document_words: Counter[str] | None = None) -> None:
        self.document_words = document_words or Counter()

    def is_word(self, word: str) -> bool:
        lower = word.lower()
        return (
            zipf(lower) >= KNOWN_ZIPF
            or self.document_words[lower] >= REPEATS_AS_WORD
            or english_zipf(lower) >= ENGLISH_ZIPF
        )

    def part_score(self, part: str) -> float | None:
        """How good ``part`` is as a piece of a split (higher is better), None if not a word."""
        if part in _BOUND:
            return None
        z = max(zipf(part), english_zipf(part))
        if len(part) == 3 and z < SHORT_PART_ZIPF:
            return None
        if z >= MIN_ZIPF:
            return z
        if len(part) >= 4 and self.document_words[part] >= 1:
            return MIN_ZIPF
        return None


def _segment(token: str, vocab: Vocabulary) -> list[str] | None:
    """The split of a lower-case ``token`` into the fewest known words, best-scored first."""
    n = len(token)
    # best[i] = (parts, -score, pieces) for token[:i]
    best: list[tuple[int, float, list[str]] | None] = [None] * (n + 1)
    best[0] = (0, 0.0, [])
    for end in range(MIN_PART, n + 1):
        for start in range(0, end - MIN_PART + 1):
            prev = best[start]
            if prev is None or prev[0] >= MAX_PARTS or end - start == n:
                continue
            score = vocab.part_score(token[start:end])
            if score is None:
                continue
            candidate = (prev[0] + 1, prev[1] - score, prev[2] + [token[start:end]])
            if best[end] is None or candidate[:2] < best[end][:2]:
                best[end] = candidate
    result = best[n]
    if not result or result[0] < 2 or result[2][0] in _BOUND_PREFIXES:
        return None
    parts = result[2]
    # two rare short pieces are more often one unknown word ("akun|tabel", "sel|angka")
    # than glue: glue nearly always involves an everyday word or two long ones
    if max(zipf(p) for p in parts) < SHORT_PART_ZIPF and min(len(p) for p in parts) < 6:
        return None
    return parts


def _restore_case(original: str, parts: list[str]) -> list[str]:
    out, pos = [], 0
    for part in parts:
        out.append(original[pos : pos + len(part)])
        pos += len(part)
    return out


def _split_acronym(token: str) -> list[str]:
    """Split a capitals run from the word after it, at the capital that makes a better word.

    "ADAsatu" -> "ADA" + "satu"; "JADWALTimnas" -> "JADWAL" + "Timnas"; "PTVale" -> "PT" + "Vale".
    """
    m = _ACRONYM_WORD.match(token)
    if not m:
        return [token]
    caps, rest = m.groups()
    keep_capital = zipf(rest) < max(MIN_ZIPF, zipf((caps[-1] + rest).lower()))
    cut = len(caps) - 1 if keep_capital else len(caps)
    if cut < 2:
        return [token]
    return [token[:cut], token[cut:]]


def split_token(token: str, vocab: Vocabulary) -> list[str]:
    """The words glued in ``token`` (``[token]`` when it is a word or cannot be split safely)."""
    if len(token) < 2 * MIN_PART and not _LOWER_UPPER.search(token):
        return [token]
    # case boundaries first: "dariHuffington", "HargaBitcoindan", "PTValeIndonesia"
    pieces = [p for piece in _split_acronym(token) for p in _LOWER_UPPER.split(piece)]
    if len(pieces) > 1 and not vocab.is_word(token):
        if all(len(p) >= 2 and p.lower() not in _BOUND for p in pieces):
            return [w for piece in pieces for w in split_token(piece, vocab)]
        return [token]
    if vocab.is_word(token) or len(token) < 2 * MIN_PART:
        return [token]
    lower = token.lower()
    if _affixed_word(lower):
        return [token]
    parts = _segment(lower, vocab)
    if parts is None and token.islower():
        parts = _trailing_preposition(lower, vocab)
    if parts is None:
        return [token]
    if token[0].isupper():
        # a capitalised unknown token is often a name ("Chairunisa", "Karyaman"): split only
        # when the article uses the first part on its own or the rest are everyday words
        known_name = len(parts[0]) >= 4 and vocab.document_words[parts[0]] > 0
        if not known_name and min(zipf(p) for p in parts[1:]) < SHORT_PART_ZIPF:
            return [token]
    return _restore_case(token, parts)


def _trailing_preposition(token: str, vocab: Vocabulary) -> list[str] | None:
    """"warningke" -> ["warning", "ke"], "parahakimdi" -> ["para", "hakim", "di"]."""
    for preposition in _TRAILING_PREPOSITIONS:
        stem = token[: -len(preposition)]
        if token.endswith(preposition) and len(stem) >= MIN_PART:
            if vocab.is_word(stem) and not _affixed_word(token):
                return [stem, preposition]
            head = _segment(stem, vocab)
            if head:
                return head + [preposition]
    return None


def document_vocabulary(paragraphs: list[str]) -> Counter[str]:
    """Lower-case word counts of a document: its own names and terms count as words."""
    return Counter(w.lower() for p in paragraphs for w in _WORD.findall(p))


def repair(text: str, vocab: Vocabulary) -> str:
    """``text`` with glued words split by spaces; everything else unchanged."""

    def fix(m: re.Match[str]) -> str:
        # handles and hashtags are written glued on purpose ("@infoBMKG", "#BerbuatBaik")
        if m.start() > 0 and text[m.start() - 1] in "@#":
            return m.group()
        return " ".join(split_token(m.group(), vocab))

    return _WORD.sub(fix, text)


# Sentences glued at their full stop ("pramusim 2025.Dua pemain") and words after a comma or
# colon ("Chelsea,Delap", "dunia:depresi"); numbers ("4,15", "09:04") and domains keep theirs.
_PUNCT_GLUE = re.compile(r"(?<=[a-z]{2}[,;:!?])(?=[A-Za-z])|(?<=[a-z]{2}[.])(?=[A-Z][a-z])|(?<=\d[.])(?=[A-Z][a-z])")


def repair_paragraphs(paragraphs: list[str]) -> list[str]:
    """Repair every paragraph of one document, using the document's own words as vocabulary."""
    vocab = Vocabulary(document_vocabulary(paragraphs))
    return [repair(_PUNCT_GLUE.sub(" ", p), vocab) for p in paragraphs]
