"""Train the named-entity CRF shipped as saring/data/models/ner.crfsuite.

    python scripts/train_ner.py [--shared ../shared] [--out saring/data/models/ner.crfsuite]

Data (training splits only; the benchmark evaluates on NERGrit valid and idner-news-2k dev):
NERGrit (IndoNLU, Apache-2.0), NERP (IndoNLU, Apache-2.0; lower-cased, so it is re-cased
here first) and idner-news-2k (MIT). See saring/data/models/NER_MODEL.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import pycrfsuite

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from saring.config import shared_dir  # noqa: E402
from saring.language import aliases  # noqa: E402
from saring.language.crf_features import match_gazetteer, read_bio_corpus, sentence_features, tokenize  # noqa: E402

CASED_CORPORA = ("nergrit_ner-grit/train.txt", "idner-news-2k/train.txt")
LOWERCASED_CORPUS = "nerp_ner-prosa/train.txt"
SENTENCE_END = frozenset(".!?")
# Words that start the name of a body ("Partai ...", "Kementerian ..."): see align_organisations.
BODY_WORDS = frozenset(
    """partai kementerian badan komisi dewan majelis mahkamah kepolisian polda polres
    polsek kejaksaan pengadilan pemkot pemkab pemprov dinas universitas fraksi dpr dprd mpr""".split()
)
MODEL = REPO / "saring" / "data" / "models" / "ner.crfsuite"


def casing_tables(cased: list[tuple[list[str], list[str]]]) -> tuple[dict[str, str], dict[str, str]]:
    """Lower-case word -> its usual spelling outside names and inside names, from the cased
    corpora (sentence-initial words left out: they are always capitalised); names of the
    gazetteers fill in words the corpora lack."""
    counts: tuple[dict[str, Counter], dict[str, Counter]] = ({}, {})
    for tokens, tags in cased:
        for tok, tag in zip(tokens[1:], tags[1:]):
            counts[tag != "O"].setdefault(tok.lower(), Counter())[tok] += 1
    plain, named = ({low: c.most_common(1)[0][0] for low, c in table.items()} for table in counts)
    for group in aliases.groups():
        for name in group.names:
            for tok in tokenize(name):
                named.setdefault(tok.lower(), tok)
    return plain, named


def recase(sentence: tuple[list[str], list[str]],
           tables: tuple[dict[str, str], dict[str, str]]) -> tuple[list[str], list[str]]:
    """Restore the capitals of a lower-cased sentence, so that it teaches the same word
    shapes as real news: usual spellings, capitalised name words and sentence starts."""
    plain, named = tables
    tokens, tags = sentence
    out: list[str] = []
    starts_sentence = True
    for tok, tag in zip(tokens, tags):
        if tag == "O":
            cased = plain.get(tok, tok)
        else:
            cased = named.get(tok) or tok[:1].upper() + tok[1:]
        if starts_sentence and tok[:1].isalpha():
            cased = cased[:1].upper() + cased[1:]
        out.append(cased)
        starts_sentence = tok in SENTENCE_END or (starts_sentence and not tok[:1].isalnum())
    return out, tags


def align_organisations(sentence: tuple[list[str], list[str]]) -> tuple[list[str], list[str]] | None:
    """NERP's IND covers companies but leaves state bodies and parties untagged (KPK, DPR,
    Golkar are O there, ORG in the other corpora): tag the ones our gazetteer knows, and
    leave out sentences where an untagged word still names a kind of body."""
    tokens, tags = sentence
    tags = list(tags)
    for m in match_gazetteer(tokens, lowercase_text=True):
        if m.group.label == "ORGANISATION" and all(t == "O" for t in tags[m.start : m.end]):
            tags[m.start : m.end] = ["B-ORGANISATION"] + ["I-ORGANISATION"] * (m.end - m.start - 1)
    if any(tag == "O" and tok in BODY_WORDS for tok, tag in zip(tokens, tags)):
        return None
    return tokens, tags


def training_sentences(ner_dir: Path) -> list[tuple[list[str], list[str]]]:
    cased = [s for name in CASED_CORPORA for s in read_bio_corpus(str(ner_dir / name))]
    tables = casing_tables(cased)
    aligned = filter(None, map(align_organisations, read_bio_corpus(str(ner_dir / LOWERCASED_CORPUS))))
    return cased + [recase(s, tables) for s in aligned]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=shared_dir(), help="the ../shared folder")
    parser.add_argument("--out", type=Path, default=MODEL)
    parser.add_argument("--c1", type=float, default=0.3, help="L1 weight: prunes features, keeps the model small")
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--iterations", type=int, default=150)
    args = parser.parse_args(argv)
    if args.shared is None:
        parser.error("../shared not found: pass --shared")
    started = time.perf_counter()
    sentences = training_sentences(args.shared / "data" / "ner")
    trainer = pycrfsuite.Trainer(verbose=False)
    for tokens, tags in sentences:
        trainer.append(sentence_features(tokens), tags)
    trainer.set_params(
        {"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations, "feature.possible_transitions": True}
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(args.out))
    size = args.out.stat().st_size / 1e6
    print(f"{len(sentences)} sentences, {time.perf_counter() - started:.0f} s, {args.out} ({size:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
