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
from saring.language.crf_features import read_bio_corpus, sentence_features, tokenize  # noqa: E402

CASED_CORPORA = ("nergrit_ner-grit/train.txt", "idner-news-2k/train.txt")
LOWERCASED_CORPUS = "nerp_ner-prosa/train.txt"
SENTENCE_END = frozenset(".!?")
MODEL = REPO / "saring" / "data" / "models" / "ner.crfsuite"


def casing_table(cased: list[tuple[list[str], list[str]]]) -> dict[str, str]:
    """Lower-case word -> its usual spelling: gazetteer names first, then the most common
    spelling in the cased corpora (sentence-initial words left out: they are always capitalised)."""
    counts: dict[str, Counter] = {}
    for tokens, _ in cased:
        for tok in tokens[1:]:
            counts.setdefault(tok.lower(), Counter())[tok] += 1
    table = {low: c.most_common(1)[0][0] for low, c in counts.items()}
    for group in aliases.groups():
        for name in group.names:
            for tok in tokenize(name):
                table[tok.lower()] = tok
    return table


def recase(sentence: tuple[list[str], list[str]], table: dict[str, str]) -> tuple[list[str], list[str]]:
    """Restore the capitals of a lower-cased sentence, so that it teaches the same word
    shapes as real news: known spellings, capitalised entity words and first word."""
    tokens, tags = sentence
    out: list[str] = []
    starts_sentence = True
    for tok, tag in zip(tokens, tags):
        cased = table.get(tok, tok)
        if (tag != "O" and cased == tok) or (starts_sentence and tok[:1].isalpha()):
            cased = cased[:1].upper() + cased[1:]
        out.append(cased)
        starts_sentence = tok in SENTENCE_END or (starts_sentence and not tok[:1].isalnum())
    return out, tags


def training_sentences(ner_dir: Path) -> list[tuple[list[str], list[str]]]:
    cased = [s for name in CASED_CORPORA for s in read_bio_corpus(str(ner_dir / name))]
    table = casing_table(cased)
    recased = [recase(s, table) for s in read_bio_corpus(str(ner_dir / LOWERCASED_CORPUS))]
    return cased + recased


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
