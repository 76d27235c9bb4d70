"""Train saring's word vectors: PPMI + truncated SVD over stems of the shared Indonesian text.

Corpus (read from ../shared, never copied into the repository):
  news/*.csv          judul, isi_berita (one row per URL: the files repeat rows)
  factchecks/*.csv    judul, narasi, penjelasan, kesimpulan, hasil_periksa, text
  ner/{nergrit_ner-grit,nerp_ner-prosa,idner-news-2k}  the sentences' words (Apache-2.0 / MIT)
Each text goes through the project's analyser (saring.text.tokens: tokenize, stop words out,
numbers out, stem). Stems seen >= 5 times form the vocabulary. Co-occurrences within 5 words
(weighted (6 - d) / 5 as word2vec's dynamic window does), never across texts; positive PMI with
the context distribution smoothed (counts ** 0.75; Levy, Goldberg & Dagan 2015); a randomized
truncated SVD (fixed seed), rows U * sqrt(S), L2-normalised, stored as float16.

Why this and not word2vec or a transformer: it needs numpy only (no new dependency at run
time or here), is deterministic, trains in well under a minute on two cores, and on a corpus of
about a million words count-based vectors are as good as predictive ones (Levy et al. 2015).

    python scripts/train_vectors.py [--shared ../shared] [--dims 100] [--out saring/data/models/vectors.npz]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from saring.text.tokens import STOPWORDS, stem, tokenize  # noqa: E402

OUT = REPO / "saring" / "data" / "models" / "vectors.npz"
SEED = 20260618
WINDOW = 5
MIN_COUNT = 5
ALPHA = 0.75  # context distribution smoothing
NEWS_COLUMNS = ("judul", "isi_berita")
FACTCHECK_COLUMNS = ("judul", "narasi", "penjelasan", "kesimpulan", "hasil_periksa", "text")
NER_SETS = ("nergrit_ner-grit", "nerp_ner-prosa", "idner-news-2k")


def texts(shared: Path) -> list[str]:
    """Every text of the corpus, in a fixed order."""
    out: list[str] = []
    seen: set[str] = set()
    for path in sorted((shared / "data" / "news").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("url") in seen:
                    continue
                seen.add(row.get("url", ""))
                out += [row[c] for c in NEWS_COLUMNS if row.get(c)]
    for path in sorted((shared / "data" / "factchecks").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                out += [row[c] for c in FACTCHECK_COLUMNS if row.get(c)]
    for name in NER_SETS:
        for path in sorted((shared / "data" / "ner" / name).glob("*.txt")):
            sentence: list[str] = []
            for line in path.read_text(encoding="utf-8").splitlines() + [""]:
                if line.strip():
                    sentence.append(line.split()[0])
                elif sentence:
                    out.append(" ".join(sentence))
                    sentence = []
    return out


def analyse(text: str) -> list[str]:
    """Stems of a text's content words (the archive index's analyser, numbers dropped)."""
    return [stem(t) for t in tokenize(text) if t not in STOPWORDS and len(t) > 1 and not t[0].isdigit()]


def vocabulary(docs: list[list[str]]) -> tuple[list[str], np.ndarray]:
    counts = Counter(s for doc in docs for s in doc)
    words = sorted((w for w, c in counts.items() if c >= MIN_COUNT), key=lambda w: (-counts[w], w))
    return words, np.array([counts[w] for w in words], dtype=np.int64)


def cooccurrences(docs: list[list[str]], index: dict[str, int]) -> np.ndarray:
    """Dense symmetric V x V float32 matrix of window-weighted co-occurrence counts."""
    size = len(index)
    gap = np.full(WINDOW, -1, dtype=np.int64)  # texts are separated so no window crosses them
    ids = np.concatenate([part for doc in docs
                          for part in (np.array([index.get(s, -1) for s in doc], dtype=np.int64), gap)])
    matrix = np.zeros(size * size, dtype=np.float32)
    for d in range(1, WINDOW + 1):
        left, right = ids[:-d], ids[d:]
        keep = (left >= 0) & (right >= 0)
        np.add.at(matrix, left[keep] * size + right[keep], np.float32((WINDOW - d + 1) / WINDOW))
    matrix = matrix.reshape(size, size)
    return matrix + matrix.T


def ppmi(counts: np.ndarray) -> np.ndarray:
    """Positive PMI with smoothed context probabilities, computed in place."""
    rows = counts.sum(axis=1, dtype=np.float64)
    contexts = rows ** ALPHA
    log_row = np.log(np.maximum(rows, 1e-12)).astype(np.float32)
    log_ctx = np.log(np.maximum(contexts / contexts.sum(), 1e-30)).astype(np.float32)
    with np.errstate(divide="ignore"):
        np.log(counts, out=counts)
    counts -= log_row[:, None]
    counts -= log_ctx[None, :]
    np.maximum(counts, 0, out=counts)  # log 0 = -inf becomes 0 here
    return counts


def truncated_svd(matrix: np.ndarray, dims: int, seed: int = SEED, oversample: int = 20, power: int = 4):
    """Randomized SVD (Halko, Martinsson & Tropp 2011) with a fixed seed: U[:, :dims], S[:dims]."""
    rng = np.random.default_rng(seed)
    q = rng.standard_normal((matrix.shape[1], dims + oversample)).astype(np.float32)
    q, _ = np.linalg.qr(matrix @ q)
    for _ in range(power):
        q, _ = np.linalg.qr(matrix.T @ q)
        q, _ = np.linalg.qr(matrix @ q)
    small = q.T @ matrix
    u_small, s, _ = np.linalg.svd(small.astype(np.float64), full_matrices=False)
    u = q.astype(np.float64) @ u_small
    # Fix each component's sign (largest entry positive) so reruns give the same file.
    signs = np.sign(u[np.abs(u).argmax(axis=0), np.arange(u.shape[1])])
    return u[:, :dims] * signs[:dims], s[:dims]


def embed(u: np.ndarray, s: np.ndarray) -> np.ndarray:
    vectors = u * np.sqrt(s)[None, :]
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return vectors.astype(np.float16)


def build(shared: Path, dims: int) -> dict:
    start = time.perf_counter()
    docs = [analyse(t) for t in texts(shared)]
    words, counts = vocabulary(docs)
    index = {w: i for i, w in enumerate(words)}
    matrix = ppmi(cooccurrences(docs, index))
    u, s = truncated_svd(matrix, dims)
    tokens = sum(len(d) for d in docs)
    meta = {
        "method": f"PPMI (window {WINDOW}, context smoothing {ALPHA}) + randomized truncated SVD, "
                  "U*sqrt(S), L2-normalised",
        "dims": dims, "vocabulary": len(words), "min_count": MIN_COUNT, "texts": len(docs), "tokens": tokens,
        "seed": SEED, "analyser": "saring.text.tokens: tokenize, stop words and numbers out, stem",
        "corpora": ["shared news 2025 (judul, isi_berita)", "turnbackhoax fact-checks",
                    "indonesia_false_news_2015_2020", "IndoNLU NERGrit and NERP (Apache-2.0)", "idner-news-2k (MIT)"],
    }
    return {"words": words, "counts": counts, "vectors": embed(u, s), "ppmi": matrix, "meta": meta,
            "seconds": time.perf_counter() - start}


def save(model: dict, out: Path) -> None:
    words = "\n".join(model["words"]).encode("utf-8")
    np.savez_compressed(
        out,
        vectors=model["vectors"],
        words=np.frombuffer(words, dtype=np.uint8),
        counts=model["counts"].astype(np.int32),
        meta=np.frombuffer(json.dumps(model["meta"]).encode("utf-8"), dtype=np.uint8),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--dims", type=int, default=100)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if not (args.shared / "data").is_dir():
        raise SystemExit(f"no shared data at {args.shared}")
    model = build(args.shared, args.dims)
    save(model, args.out)
    meta = model["meta"]
    print(f"{meta['vocabulary']} stems x {meta['dims']} dims from {meta['tokens']} tokens in {meta['texts']} texts, "
          f"{model['seconds']:.0f}s; wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
