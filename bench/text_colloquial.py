"""How well saring.text.colloquial finds the standard form of real colloquial words.

Gold: the Colloquial Indonesian Lexicon (Salsabila et al., IALP 2018; ../shared, no licence:
measured against, never shipped), 15,006 slang -> formal rows from Instagram comments, 4,410
distinct pairs, each with the kind of change (afiksasi, abreviasi, elongasi, ...).

Printed beside the baseline in the same run: the table look-up alone (informal.tsv + the MIT slang
list, a word missing from both kept as written). Figures per distinct pair and per row (a row is
one occurrence in real text), split by category1:
  top1   standard_forms(word)[0] == formal
  stem1  the same after the project's stemmer (what the archive index compares)
  any    formal among all candidates
A last check runs over standard news text: how often a word of a real article would be rewritten
(the cost of the rules on text that needs none).

    python bench/text_colloquial.py [--misses 20]
"""

from __future__ import annotations

import argparse
import collections
import csv
import random
import re
import time
from pathlib import Path

from saring.text.colloquial import clean, standard_forms, tables
from saring.text.tokens import stem, tokenize

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
LEXICON = SHARED / "colloquial" / "colloquial-indonesian-lexicon.csv"
NEWS = sorted((SHARED / "news").glob("*.csv"))
_WORD = re.compile(r"[^\W\d_]+")


def table_only(word: str) -> list[str]:
    word = clean(word).lower()
    return tables().get(word, [word])


def stems(phrase: str) -> tuple[str, ...]:
    return tuple(stem(t) for t in tokenize(phrase))


def score(system, pairs: list[tuple[str, str, str]], weights: collections.Counter) -> dict:
    out: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    misses: list[tuple[str, str, list[str]]] = []
    for slang, formal, category in pairs:
        cands = system(slang)
        first = cands[0] if cands else ""
        hit = {"top1": first == formal, "stem1": bool(first) and stems(first) == stems(formal),
               "any": formal in cands}
        if not hit["stem1"]:
            misses.append((slang, formal, cands[:3]))
        for group in (category, "ALL"):
            for unit, w in (("pairs", 1), ("rows", weights[(slang, formal)])):
                out[group][unit, "n"] += w
                for k, v in hit.items():
                    out[group][unit, k] += w * v
    return {"by": out, "misses": misses}


def news_rewrites(limit: int = 30000) -> tuple[float, list[tuple[str, str, int]]]:
    """Share of alphabetic news words (as written) whose first candidate is not the word itself."""
    tokens: list[str] = []
    for path in NEWS:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                tokens += _WORD.findall(row.get("isi_berita") or "")
                if len(tokens) >= limit:
                    break
    tokens = tokens[:limit]
    changed = collections.Counter()
    for tok in tokens:
        cands = standard_forms(tok)
        if cands and cands[0] != tok.lower():
            changed[(tok, cands[0])] += 1
    rate = sum(changed.values()) / max(1, len(tokens))
    return rate, [(a, b, n) for (a, b), n in changed.most_common(25)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", type=int, default=20, help="random misses of the rules to print")
    args = parser.parse_args()
    if not LEXICON.exists():
        raise SystemExit(f"needs {LEXICON} (../shared is absent)")
    with LEXICON.open(encoding="utf-8", newline="") as fh:
        rows = [(r["slang"], r["formal"].strip().lower(), r["category1"]) for r in csv.DictReader(fh)]
    weights = collections.Counter((s, f) for s, f, _ in rows)
    pairs = sorted({(s, f): c for s, f, c in rows}.items())
    pairs = [(s, f, c) for (s, f), c in pairs]

    start = time.perf_counter()
    base = score(table_only, pairs, weights)
    mid = time.perf_counter()
    ours = score(standard_forms, pairs, weights)
    end = time.perf_counter()

    print(f"{len(rows)} rows, {len(pairs)} distinct pairs; table-only {mid - start:.1f}s, "
          f"standard_forms {end - mid:.1f}s (cold caches)")
    for unit in ("pairs", "rows"):
        print(f"\nper {unit[:-1]}: table-only top1/stem1/any  ->  standard_forms top1/stem1/any")
        groups = sorted(ours["by"], key=lambda g: (g == "ALL", -ours["by"][g][unit, "n"]))
        for g in groups:
            b, o = base["by"][g], ours["by"][g]
            n = o[unit, "n"]
            measures = ("top1", "stem1", "any")
            cells = [b[unit, k] / n for k in measures] + [o[unit, k] / n for k in measures]
            print(f"{g:<18}{n:>7}  " + " ".join(f"{c:.3f}" for c in cells[:3]) + "  ->  "
                  + " ".join(f"{c:.3f}" for c in cells[3:]))

    rate, examples = news_rewrites()
    print(f"\nnews text: {rate:.2%} of 30,000 alphabetic tokens rewritten (first candidate != token)")
    print("  most frequent:", ", ".join(f"{a}->{b} ({n})" for a, b, n in examples))

    random.seed(0)
    sample = random.sample(ours["misses"], min(args.misses, len(ours["misses"])))
    print(f"\n{len(ours['misses'])} distinct pairs missed (stem1); a random {len(sample)}:")
    for slang, formal, cands in sample:
        print(f"  {slang} -> {formal}: {cands}")


if __name__ == "__main__":
    main()
