"""Do saring's word vectors put synonyms together? Hand-written pairs vs random pairs.

For each pair of bench/data/vector_pairs.tsv (stemmed as the archive stems): the rank of the
partner among the first word's neighbours (1 = nearest of the whole vocabulary), and the
cosine of the pair beside the mean cosine of 2,000 random vocabulary pairs (fixed seed).
Printed beside a baseline measured in the same run: the same ranks and similarities from the
sparse PPMI rows themselves (no SVD), rebuilt from ../shared with scripts/train_vectors.py;
skipped with a reason when ../shared is absent.

    python bench/text_vectors.py [--no-baseline]
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
from pathlib import Path

import numpy as np

from saring.text import vectors
from saring.text.tokens import stem, tokenize

REPO = Path(__file__).resolve().parents[1]
PAIRS = REPO / "bench" / "data" / "vector_pairs.tsv"


def load_pairs() -> list[tuple[str, str, str]]:
    out = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            a, b, kind = line.split("\t")
            out.append((a, b, kind))
    return out


def key(word: str) -> str:
    tokens = tokenize(word)
    return stem(tokens[0]) if tokens else word


def evaluate(words: list[str], matrix: np.ndarray, pairs) -> dict:
    """Ranks and cosines of the pairs, and the random-pair cosine, for unit-row ``matrix``."""
    index = {w: i for i, w in enumerate(words)}
    rows = []
    for a, b, kind in pairs:
        ia, ib = index.get(key(a)), index.get(key(b))
        if ia is None or ib is None or ia == ib:
            rows.append((a, b, kind, None, None))
            continue
        sims = matrix @ matrix[ia]
        sims[ia] = -np.inf
        rank = int((sims > sims[ib]).sum()) + 1
        rows.append((a, b, kind, rank, float(sims[ib])))
    rng = np.random.default_rng(0)
    left, right = rng.integers(0, len(words), 2000), rng.integers(0, len(words), 2000)
    keep = left != right
    random_sims = np.einsum("ij,ij->i", matrix[left[keep]], matrix[right[keep]])
    return {"rows": rows, "random": float(random_sims.mean()), "random_sd": float(random_sims.std())}


def summary(name: str, result: dict) -> str:
    found = [r for r in result["rows"] if r[3] is not None]
    ranks = [r[3] for r in found]
    sims = [r[4] for r in found]
    by_kind = {k: statistics.mean(r[4] for r in found if r[2] == k) for k in sorted({r[2] for r in found})}
    return (f"{name:<16} pairs {len(found)}/{len(result['rows'])}  median rank {statistics.median(ranks):>6.0f}  "
            f"top10 {sum(r <= 10 for r in ranks) / len(ranks):.2f}  "
            f"top100 {sum(r <= 100 for r in ranks) / len(ranks):.2f}  "
            f"pair cos {statistics.mean(sims):.3f} ({', '.join(f'{k} {v:.3f}' for k, v in by_kind.items())})  "
            f"random cos {result['random']:.3f} ± {result['random_sd']:.3f}")


def ppmi_baseline():
    spec = importlib.util.spec_from_file_location("train_vectors", REPO / "scripts" / "train_vectors.py")
    trainer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(trainer)
    shared = REPO.parent / "shared"
    if not (shared / "data").is_dir():
        return None, "../shared is absent: no PPMI baseline"
    model = trainer.build(shared, dims=8)  # the SVD part is not used here
    matrix = model["ppmi"]
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
    return (model["words"], matrix), ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-baseline", action="store_true", help="skip rebuilding the PPMI baseline (~1 min)")
    args = parser.parse_args()
    pairs = load_pairs()
    model = vectors._load()
    ours = evaluate(list(model.words), model.matrix, pairs)
    print(f"vectors.npz: {len(model.words)} stems x {model.matrix.shape[1]} dims; {model.meta['method']}")
    print(summary("svd vectors", ours))
    if not args.no_baseline:
        baseline, why = ppmi_baseline()
        print(summary("ppmi rows", evaluate(*baseline, pairs)) if baseline else f"baseline skipped: {why}")
    print("\npair                       rank   cos")
    for a, b, kind, rank, sim in ours["rows"]:
        cell = f"{rank:>6} {sim:.3f}" if rank is not None else "   (unknown, or one stem for both)"
        print(f"  {a + ' ~ ' + b:<24} {cell}  {kind}")


if __name__ == "__main__":
    main()
