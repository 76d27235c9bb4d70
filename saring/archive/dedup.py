"""Telling the same story apart from a new one: canonical URLs, content hashes, MinHash.

Re-ingesting must change nothing, so every item gets a stable key (its canonical URL, else a
hash of its text). Syndicated stories carry different URLs and slightly different text, so
they are caught by MinHash signatures over word shingles, found through LSH band buckets.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

# Query parameters that only say how a reader arrived, never which page they read.
_TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|yclid|igshid|mc_cid|mc_eid|_ga|_gl|ref|ref_src|"
    r"source|src|from|share|shared|amp|output|page_from|tracking|cmpid|campaign|xtor|"
    r"spm|si|s|feature|wt_mc|__twitter_impression)$",
    re.IGNORECASE,
)
# Mobile and AMP hosts serve the same article as the desktop host.
_HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.")
_AMP_PATH = re.compile(r"/(amp|amp\.html)/?$", re.IGNORECASE)


def canonical_url(url: str) -> str:
    """The URL reduced to what identifies the page: https, no www/m./amp, no tracking or fragment."""
    url = url.strip()
    if not url:
        return ""
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = _AMP_PATH.sub("", parts.path) or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    params = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k)
    )
    return urlunsplit(("https", host, path, urlencode(params), ""))


def host_of(url: str) -> str:
    """The site a URL belongs to, without www/m. (the outlet when an item does not name one)."""
    canon = canonical_url(url)
    return urlsplit(canon).hostname or "" if canon else ""


def content_hash(words: list[str]) -> str:
    """A hash of a text's folded words: case, accents, spacing and punctuation do not count."""
    return hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).hexdigest()


def stable_id(key: str) -> str:
    """The item's public id: derived from its key, so the same input always gets the same id."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


class MinHasher:
    """MinHash signatures over word shingles, with LSH band buckets for candidate lookup.

    64 permutations in 16 bands of 4 rows: a pair with Jaccard 0.7 shares a bucket with
    probability 0.99, a pair at 0.2 with 0.03; candidates are then checked on the whole
    signature against ``threshold``.
    """

    MERSENNE = (1 << 31) - 1

    def __init__(self, num_perm: int = 64, bands: int = 16, shingle: int = 4, threshold: float = 0.7,
                 min_tokens: int = 25):
        if num_perm % bands:
            raise ValueError("num_perm must be a multiple of bands")
        rng = np.random.RandomState(20260101)  # fixed: signatures must match across runs
        self.num_perm, self.bands, self.rows = num_perm, bands, num_perm // bands
        self.shingle, self.threshold, self.min_tokens = shingle, threshold, min_tokens
        self._a = rng.randint(1, self.MERSENNE, size=(num_perm, 1)).astype(np.uint64)
        self._b = rng.randint(0, self.MERSENNE, size=(num_perm, 1)).astype(np.uint64)

    def signature(self, tokens: list[str]) -> bytes | None:
        """The signature of a text's words, or None when it is too short to compare fairly."""
        if len(tokens) < self.min_tokens:
            return None
        hashes = np.fromiter((zlib.crc32(t.encode("utf-8")) for t in tokens), dtype=np.uint64,
                             count=len(tokens))
        k = self.shingle
        shingles = np.zeros(len(tokens) - k + 1, dtype=np.uint64)
        for i in range(k):  # polynomial rolling combination of k token hashes, kept below 2^31
            shingles = (shingles * np.uint64(1_000_003) + hashes[i : len(tokens) - k + 1 + i]) % np.uint64(
                self.MERSENNE
            )
        shingles = np.unique(shingles)[None, :]
        permuted = (self._a * shingles + self._b) % np.uint64(self.MERSENNE)
        return permuted.min(axis=1).astype("<u4").tobytes()

    def buckets(self, signature: bytes) -> list[int]:
        """One signed 64-bit bucket id per band (band index in the high bits)."""
        width = self.rows * 4
        return [
            (band << 32 | zlib.crc32(signature[band * width : (band + 1) * width])) - (1 << 62)
            for band in range(self.bands)
        ]

    def similarity(self, a: bytes, b: bytes) -> float:
        """Estimated Jaccard similarity of the two texts' shingle sets."""
        return float(np.mean(np.frombuffer(a, dtype="<u4") == np.frombuffer(b, dtype="<u4")))
