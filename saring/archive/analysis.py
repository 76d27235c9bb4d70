"""The archive's view of saring's analyser (saring.language.tokens): the same tokens, folding,
stop words and stems, with the character offsets the index and the snippets need.

``fold`` walks the text character by character; news text is almost all ASCII, where folding
is plain lower-casing, so tokens are folded one by one with that shortcut (same result, and
tokenising is most of an ingest's time).
"""

from __future__ import annotations

import unicodedata

from saring.language import tokens as _tokens
from saring.language.tokens import STOPWORDS, fold, stem

MAX_TERM_CHARS = 100  # longer "words" are junk (base64, glued URLs) and break tsvector limits


def quick_fold(text: str) -> str:
    return text.lower() if text.isascii() else fold(text)


def composed(text: str) -> str:
    """NFC: an accent typed as a separate combining mark must not split a word in two."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """``saring.language.tokens.spans``: (start, end, folded token); offsets into ``composed(text)``.

    A token that folding changes is re-split after folding ("km²" -> "km", "2"), as
    ``tokenize`` (which folds first) would; its pieces share the token's span.
    """
    out = []
    for m in _tokens._TOKEN.finditer(composed(text)):
        token = m.group()
        if token.isascii():
            out.append((m.start(), m.end(), token.lower()))
        else:
            out.extend((m.start(), m.end(), piece) for piece in _tokens._TOKEN.findall(fold(token)))
    return out


def parts(token: str) -> list[str]:
    """A folded token as ``tokenize`` splits it: compounds into parts, reduplication into one."""
    if "-" not in token:
        return [token]
    pieces = [p for p in token.split("-") if p]
    return pieces[:1] if len(set(pieces)) == 1 else pieces


def words(text: str) -> list[str]:
    """``saring.language.tokens.tokenize``, with the ASCII shortcut."""
    return [p for _, _, token in word_spans(text) for p in parts(token)]


def analysed_terms(text: str) -> list[tuple[int, int, str]]:
    """(start, end, stem) for each index term of ``text``: the one analysis both backends index.

    The same terms as ``saring.language.tokens.index_terms``, with character offsets; a compound
    such as "Korea-Rusia" yields one term per part, all pointing at the whole compound.
    """
    out = []
    for start, end, token in word_spans(text):
        for part in parts(token):
            if part not in STOPWORDS and len(part) <= MAX_TERM_CHARS:
                out.append((start, end, stem(part)))
    return out


def query_tokens(query: str) -> list[str]:
    """The query's searchable words (folded, stop words dropped, in order, without repeats)."""
    seen: dict[str, None] = {}
    for token in words(query):
        if token not in STOPWORDS and len(token) <= MAX_TERM_CHARS:
            seen.setdefault(token, None)
    return list(seen)
