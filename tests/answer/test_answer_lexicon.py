"""The English -> Indonesian lexicon file is well formed: the loader keeps the last of two
lines with one key and a query never looks up a key made of function words, so either
would be a silent loss."""

from __future__ import annotations

import re
from importlib import resources

from saring.answer.query import bilingual_table, word_list
from saring.text.tokens import tokenize

NAME = "lexicon_en_id.tsv"


def _entries() -> list[tuple[int, str, str]]:
    """(line number, english, alternatives) of each entry line."""
    text = resources.files("saring").joinpath(f"data/{NAME}").read_text(encoding="utf-8")
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            english, _, targets = line.partition("\t")
            out.append((n, english, targets))
    return out


def test_every_line_is_one_key_and_its_alternatives() -> None:
    bad = []
    for n, english, targets in _entries():
        alternatives = targets.split("|")
        if (not targets or "\t" in targets or english != english.strip().lower()
                or not tokenize(english) or any(not tokenize(a) for a in alternatives)):
            bad.append(n)
    assert not bad, f"malformed lines: {bad[:20]}"


def test_keys_are_unique() -> None:
    seen: dict[tuple[str, ...], int] = {}
    duplicates = []
    for n, english, _ in _entries():
        key = tuple(tokenize(english))
        if key in seen:
            duplicates.append((seen[key], n, english))
        seen[key] = n
    assert not duplicates, f"merge the alternatives of: {duplicates[:20]}"
    assert len(bilingual_table(NAME)) == len(seen)


def test_keys_are_looked_up_as_a_message_spells_them() -> None:
    """A message's "driver's" is the word "driver": a key with an apostrophe never matches,
    nor does a key made only of English function words (never a concept), nor one longer
    than the four words query._spans tries."""
    skip = word_list("english_function_words.txt")
    bad = [(n, english) for n, english, _ in _entries()
           if re.search(r"['’]", english) or all(w in skip for w in tokenize(english))
           or len(tokenize(english)) > 4]
    assert not bad, f"keys never looked up: {bad[:20]}"
