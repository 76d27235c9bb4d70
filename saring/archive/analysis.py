"""The archive's view of saring's analyser (saring.text.tokens): the same tokens, folding,
stop words and stems, with the character offsets the index and the snippets need.

Words come from ``tokenize`` itself; only the offsets for snippets need a walk of their own.
"""

from __future__ import annotations

import unicodedata

from saring.text import tokens as _tokens
from saring.text.tokens import STOPWORDS, fold, stem

MAX_TERM_CHARS = 100  # longer "words" are junk (base64, glued URLs) and break tsvector limits


def composed(text: str) -> str:
    """NFC: an accent typed as a separate combining mark must not split a word in two."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """``saring.text.tokens.spans``: (start, end, folded token); offsets into ``composed(text)``.

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
    """``saring.text.tokens.tokenize`` of the composed text (folded words, compounds split)."""
    return _tokens.tokenize(composed(text))


def index_stems(text: str) -> list[str]:
    """The index terms of ``text``, in order: ``saring.text.tokens.index_terms``, faster.

    Both backends index exactly these (the FTS5 tokenizer and the PostgreSQL tsvector); no
    offsets, as neither index keeps any.
    """
    return stems(words(text))


def stems(folded_words: list[str]) -> list[str]:
    return [stem(w) for w in folded_words if w not in STOPWORDS and len(w) <= MAX_TERM_CHARS]


def query_tokens(query: str) -> list[str]:
    """The query's searchable words (folded, stop words dropped, in order, without repeats)."""
    seen: dict[str, None] = {}
    for token in words(query):
        if token not in STOPWORDS and len(token) <= MAX_TERM_CHARS:
            seen.setdefault(token, None)
    return list(seen)
