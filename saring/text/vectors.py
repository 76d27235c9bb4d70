"""Word vectors of Indonesian stems, trained by saring on news and fact-check text.

A semantic signal beyond shared words: "wafat" and "meninggal", "erupsi" and "letus" share no
letters but are used alike. The vectors (saring/data/models/vectors.npz, see VECTORS.md there,
made by scripts/train_vectors.py) are keyed by the stems saring.text.tokens.stem gives, are
unit length, and load once, on first use, from the package (nothing is downloaded).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

import numpy as np

from saring.text.tokens import fold, stem

_lock = threading.Lock()
_model: _Vectors | None = None


@dataclass(frozen=True)
class _Vectors:
    words: tuple[str, ...]
    index: dict[str, int]
    matrix: np.ndarray  # float32, one unit-length row per stem
    counts: np.ndarray
    meta: dict


def _load() -> _Vectors:
    """The shipped vectors, read once per process (thread-safe)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                with resources.files("saring").joinpath("data/models/vectors.npz").open("rb") as fh:
                    data = np.load(fh, allow_pickle=False)
                    words = tuple(data["words"].tobytes().decode("utf-8").split("\n"))
                    matrix = data["vectors"].astype(np.float32)
                    counts = data["counts"].astype(np.int64)
                    meta = json.loads(data["meta"].tobytes().decode("utf-8"))
                _model = _Vectors(words, {w: i for i, w in enumerate(words)}, matrix, counts, meta)
    return _model


def _row(word: str) -> int | None:
    """A stem's row; a word that is not itself a known stem is folded and stemmed first."""
    if not isinstance(word, str) or not word:
        return None
    index = _load().index
    if word in index:
        return index[word]
    return index.get(stem(fold(word.strip())))


def vector(word: str) -> np.ndarray | None:
    """The unit vector of a stem (float32, read-only view), or None when it is not in the vocabulary."""
    row = _row(word)
    if row is None:
        return None
    view = _load().matrix[row]
    view.flags.writeable = False
    return view


def rows(words: Iterable[str]) -> np.ndarray:
    """The rows of the stems the vectors know (int32, sorted, each once): a small handle to keep
    instead of the vectors themselves (`matrix()[rows]` gives them)."""
    index = _load().index  # a known stem is looked up here, not through _row (rows of every profile)
    found = {row for row in (index[w] if w and isinstance(w, str) and w in index else _row(w) for w in words)
             if row is not None}
    return np.array(sorted(found), dtype=np.int32)


def matrix() -> np.ndarray:
    """All the unit vectors, one row per stem (read-only)."""
    shared = _load().matrix
    shared.flags.writeable = False
    return shared


def similarity(stem_a: str, stem_b: str) -> float:
    """Cosine similarity of two stems in [-1, 1]; 0.0 when either is unknown."""
    a, b = _row(stem_a), _row(stem_b)
    if a is None or b is None:
        return 0.0
    matrix = _load().matrix
    return float(np.clip(matrix[a] @ matrix[b], -1.0, 1.0))


def neighbours(stem_: str, k: int = 10) -> list[tuple[str, float]]:
    """The k stems most similar to a stem (itself excluded), best first; [] when it is unknown."""
    row = _row(stem_)
    if row is None or k <= 0:
        return []
    model = _load()
    sims = model.matrix @ model.matrix[row]
    sims[row] = -np.inf
    k = min(k, len(sims) - 1)
    top = np.argpartition(-sims, k - 1)[:k]
    top = top[np.lexsort((top, -sims[top]))]  # best first, ties by row: the same order every run
    return [(model.words[i], float(sims[i])) for i in top]


def vocabulary_size() -> int:
    return len(_load().words)
