"""Token features for the named-entity CRF: word shape, affixes, gazetteer membership and
the neighbouring words. Shared by the training script and the tagger, so that both see
exactly the same features.

Speed matters (the whole article analysis must run at 100 articles/s), so everything that
depends on the word alone is computed once per distinct word and cached; only the
gazetteer match depends on the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from saring.language import aliases
from saring.text.lexicon import zipf

# Words (with inner dots and apostrophes: "Liputan6.com", "Ma'ruf", "7.000", but not two
# sentences glued by a scraper: "United.Tapi") or one other character; hyphens are tokens
# of their own, as in the training corpora.
TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+|\.(?![A-Z][a-z]{2})[^\W_]+)*|[^\w\s]|_+", re.UNICODE)

CONTEXT_WINDOW = (-2, -1, 1, 2)


class GazetteerMatch(NamedTuple):
    start: int  # token indexes, end exclusive
    end: int
    group: aliases.AliasGroup


def tokenize(text: str) -> list[str]:
    """Tokens as written, punctuation kept (unlike tokens.tokenize, which is for search)."""
    return TOKEN.findall(text)


def _shape(word: str) -> str:
    """Character classes with runs collapsed: "Putin" -> "Xx", "KPK" -> "X", "G20" -> "Xd"."""
    out: list[str] = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:6]


@lru_cache(maxsize=1)
def _name_token_labels() -> dict[str, frozenset[str]]:
    """Folded word -> labels of the gazetteer names it is part of ("utara" -> LOCATION, ORG...)."""
    table: dict[str, set[str]] = {}
    for group in aliases.groups():
        if not group.label:
            continue
        for name in group.names:
            for tok in tokenize(name):
                if tok[0].isalnum() and len(tok) > 1:
                    table.setdefault(tok.lower(), set()).add(group.label)
    return {k: frozenset(v) for k, v in table.items()}


@lru_cache(maxsize=100_000)
def word_features(word: str) -> tuple[str, ...]:
    """Features of a word on its own (cached: a news article reuses most of its words)."""
    lower = word.lower()
    feats = [
        "b",
        "w=" + lower,
        "sh=" + _shape(word),
        "p3=" + lower[:3],
        "s3=" + lower[-3:],
        "s2=" + lower[-2:],
    ]
    if word[:1].isupper():
        feats.append("cap")
        if word.isupper() and len(word) > 1:
            feats.append("allcap")
    if word[:1].isalpha():
        # how common the word is in Indonesian: capitalised common words ("Kamis", "Presiden")
        # are rarely names, unseen ones ("Wonsik", "Matsegora") often are
        feats.append(f"zipf={int(zipf(lower))}")
    if any(ch.isdigit() for ch in word):
        feats.append("digit")
    if len(word) == 1 and not word.isalnum():
        feats.append("punct")
    feats.extend("gzw=" + label for label in sorted(_name_token_labels().get(lower, ())))
    return tuple(feats)


@lru_cache(maxsize=200_000)
def context_features(word: str, offset: int) -> tuple[str, ...]:
    """Features that a word gives to the token ``offset`` positions away from it."""
    prefix = f"{offset}:"
    feats = [prefix + "w=" + word.lower()]
    if abs(offset) == 1:
        feats.append(prefix + "sh=" + _shape(word))
        if word[:1].isupper():
            feats.append(prefix + "cap")
    return tuple(feats)


@lru_cache(maxsize=1)
def _gazetteer_trie() -> dict:
    """Nested dict over folded name tokens; the "" key of a node holds the groups ending there."""
    root: dict = {}
    for group in aliases.groups():
        if not group.label:
            continue
        for name in group.names:
            keys = [k for k in (_token_key(t) for t in tokenize(name)) if k]
            if not keys:
                continue
            node = root
            for key in keys:
                node = node.setdefault(key, {})
            node.setdefault("", []).append((group, name if aliases.case_sensitive(name) else ""))
    return root


@lru_cache(maxsize=100_000)
def _token_key(token: str) -> str:
    """Folded token for gazetteer matching; "" for separators that names may skip ("-", ".")."""
    return aliases.name_key(token)


def match_gazetteer(tokens: Sequence[str], lowercase_text: bool = False) -> list[GazetteerMatch]:
    """Longest non-overlapping gazetteer names in a token sequence, left to right.

    A name matches when it starts with a capital (or the whole text is lower-case, as in
    chat messages); acronyms that are also words ("AS", "WHO") only as written.
    """
    trie = _gazetteer_trie()
    out: list[GazetteerMatch] = []
    i, n = 0, len(tokens)
    while i < n:
        best: GazetteerMatch | None = None
        first = tokens[i]
        key = _token_key(first)
        node = trie.get(key) if key else None
        if node is not None and (first[0].isupper() or first[0].isdigit() or lowercase_text):
            j = i + 1
            while True:
                for group, exact in node.get("", ()):
                    if not exact or "".join(tokens[i:j]).replace(".", "") == exact.replace(".", "").replace(" ", ""):
                        best = GazetteerMatch(i, j, group)
                        break
                # separators inside a name ("Kim Jong-un", "Badan Meteorologi, Klimatologi")
                k = j
                while k < n and not _token_key(tokens[k]):
                    k += 1
                if k >= n or (child := node.get(_token_key(tokens[k]))) is None:
                    break
                node, j = child, k + 1
        if best is not None:
            out.append(best)
            i = best.end
        else:
            i += 1
    return out


def sentence_features(
    tokens: Sequence[str],
    lowercase_text: bool = False,
    start: int = 0,
    end: int | None = None,
    gazetteer: Sequence[GazetteerMatch] | None = None,
) -> list[list[str]]:
    """The CRF's input: one feature list per token of ``tokens[start:end]``, seen in the
    context of the whole sentence (so that a window of it can be tagged on its own)."""
    n = len(tokens)
    end = n if end is None else end
    gaz: dict[int, str] = {}
    for m in match_gazetteer(tokens, lowercase_text) if gazetteer is None else gazetteer:
        gaz[m.start] = "gz=B-" + m.group.label
        for k in range(m.start + 1, m.end):
            gaz[k] = "gz=I-" + m.group.label
    out = []
    for i in range(start, end):
        feats = list(word_features(tokens[i]))
        for offset in CONTEXT_WINDOW:
            j = i + offset
            if 0 <= j < n:
                feats.extend(context_features(tokens[j], offset))
            elif offset in (-1, 1):
                feats.append("BOS" if offset < 0 else "EOS")
        if i in gaz:
            feats.append(gaz[i])
        out.append(feats)
    return out


# Corpus tags -> our labels; NERP's IND covers companies and institutions (and some
# products), FNB (food and beverage) is not a label of ours.
CORPUS_LABELS = {
    "PER": "PERSON", "PERSON": "PERSON", "PPL": "PERSON",
    "ORG": "ORGANISATION", "ORGANISATION": "ORGANISATION", "IND": "ORGANISATION",
    "LOC": "LOCATION", "PLACE": "LOCATION", "PLC": "LOCATION",
    "EVT": "EVENT",
}  # fmt: skip


def read_bio_corpus(path: str) -> list[tuple[list[str], list[str]]]:
    """Sentences of a BIO file (``token TAB tag`` or ``token UPOS tag``; blank line between
    sentences) with tags mapped to our labels."""
    sentences: list[tuple[list[str], list[str]]] = []
    tokens: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts:
                if tokens:
                    sentences.append((tokens, tags))
                tokens, tags = [], []
                continue
            tag = parts[-1]
            label = CORPUS_LABELS.get(tag[2:]) if tag[:2] in ("B-", "I-") else None
            tokens.append(parts[0])
            tags.append(tag[:2] + label if label else "O")
    if tokens:
        sentences.append((tokens, tags))
    return sentences
