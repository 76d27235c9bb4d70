"""PDQ hashes of the images saring knows: fact-check images and the images readers sent.

A fact-check's image (its ClaimReview `image`, the pictures on its page) names the item it
debunks, so the same picture sent later is an exact match whatever happened to it on the way
(recompressed, resized, cropped a little). A received image keeps the query its text gave, so
the same picture from many senders is asked as one query: one answer, one group in the
newsroom's queue, whichever copy was read first.

A received picture is looked up, and stored, under its own hash before the reply; hashing its
cuts (about 80 hashes, half a second of CPU) waits until the replies are out: the picture waits
in `media_pending_cuts` (its 512-pixel copy as PNG, so the queue survives a restart) until
`store_cuts` hashes it, which the tipline worker calls when no reader is waiting.

The tables live in the channel state's database (`db` is anything with the `execute`, `query`
and `transaction` of `saring.channels.state.Database`); look-ups scan packed hashes in memory
(a picture is stored under about 80 hashes; a million hashes is 32 MB, and a look-up in them
takes 60 ms of CPU, half of it SQLite counting the rows to see whether another process added
some; the first look-up of a process loads them, about 4 s).
"""

from __future__ import annotations

import io
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from saring.media import images
from saring.media.fetch import limits

log = logging.getLogger("saring.media")

# a picture once (its own hash, what it is, the text it was asked as, senders counted), and
# every hash it is stored under (itself and its cuts: images.stored_hashes) pointing to it
SCHEMA = [
    """CREATE TABLE IF NOT EXISTS media_pictures (
        hash TEXT NOT NULL, kind TEXT NOT NULL, item_id TEXT NOT NULL DEFAULT '',
        query TEXT NOT NULL DEFAULT '', seen INTEGER NOT NULL DEFAULT 1,
        first_seen DOUBLE PRECISION NOT NULL, PRIMARY KEY (hash, kind, item_id))""",
    """CREATE TABLE IF NOT EXISTS media_picture_hashes (
        cut TEXT NOT NULL, hash TEXT NOT NULL, kind TEXT NOT NULL, item_id TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (cut, hash, kind, item_id))""",
    # a received picture whose cuts are not hashed yet (BYTEA: a blob to SQLite as well)
    """CREATE TABLE IF NOT EXISTS media_pending_cuts (
        hash TEXT NOT NULL, kind TEXT NOT NULL, item_id TEXT NOT NULL DEFAULT '',
        picture BYTEA NOT NULL, queued_at DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (hash, kind, item_id))""",
]
FACTCHECK, RECEIVED = "factcheck", "received"


@dataclass
class Known:
    hash: str
    kind: str  # FACTCHECK or RECEIVED
    item_id: str  # the fact-check (FACTCHECK)
    query: str  # the text first read from it (RECEIVED)
    distance: int


def _distances(packed: Any, probe: Any) -> Any:
    """Hamming distances of packed hashes (n x 32 bytes) to one hash (32 bytes): eight bytes
    at a time, counted by numpy's popcount (numpy 2), else by a table of the bits in a byte."""
    import numpy as np

    diff = packed.view(np.uint64) ^ probe.view(np.uint64)
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(diff).sum(axis=1, dtype=np.int64)
    bits = np.unpackbits(np.arange(256, dtype=np.uint8)[:, None], axis=1).sum(axis=1).astype(np.uint8)
    return bits[diff.view(np.uint8)].sum(axis=1, dtype=np.int64)


class ImageHashes:
    def __init__(self, db: Any, max_distance: int | None = None):
        self.db = db
        self.max_distance = int(limits()["pdq_max_distance"] if max_distance is None else max_distance)
        with db.transaction():
            for statement in SCHEMA:
                db.execute(statement)
        self._lock = threading.Lock()
        self._rows: list[tuple[str, str, str, str]] = []
        self._packed: Any = None
        self._loaded = -1  # rows in the table when last loaded

    def _load(self) -> None:
        import numpy as np

        count = int(self.db.query("SELECT COUNT(*) FROM media_picture_hashes")[0][0])
        if count == self._loaded:
            return
        rows = self.db.query(
            "SELECT c.cut, p.hash, p.kind, p.item_id, p.query FROM media_picture_hashes c JOIN"
            " media_pictures p ON p.hash = c.hash AND p.kind = c.kind AND p.item_id = c.item_id"
            " ORDER BY p.first_seen, p.hash, c.cut")
        self._rows = [tuple(r[1:]) for r in rows]
        packed = b"".join(bytes.fromhex(r[0]) for r in rows)
        self._packed = np.frombuffer(packed, dtype=np.uint8).reshape(len(rows), 32)
        self._loaded = count

    def nearest(self, pdq_hash: str) -> Known | None:
        """The closest known picture within the distance threshold (over all its stored cuts);
        fact-checks win ties, then the picture seen first."""
        import numpy as np

        with self._lock:
            self._load()
            if not self._rows:
                return None
            dist = _distances(self._packed, np.frombuffer(bytes.fromhex(pdq_hash), dtype=np.uint8))
            close = np.flatnonzero(dist <= self.max_distance)
            if not close.size:
                return None
            best = min(close, key=lambda i: (int(dist[i]), self._rows[i][1] != FACTCHECK, int(i)))
            h, kind, item_id, query = self._rows[best]
            return Known(h, kind, item_id, query, int(dist[best]))

    def add_factcheck(self, hashes: list[str], item_id: str) -> None:
        """A fact-check's picture under its `images.stored_hashes` (its own hash first)."""
        with self._lock, self.db.transaction():
            self._add(hashes[0], FACTCHECK, item_id, "", hashes)

    def add_received(self, image: Any, pdq_hash: str, query: str) -> None:
        """A received picture under its own hash (`images.pdq`), with the text it was asked
        as; its cuts are queued for `store_cuts`."""
        out = io.BytesIO()
        images.work_copy(image).save(out, "PNG", compress_level=1)
        with self._lock, self.db.transaction():
            self._add(pdq_hash, RECEIVED, "", query, [pdq_hash])
            self.db.execute(
                "INSERT INTO media_pending_cuts (hash, kind, item_id, picture, queued_at) VALUES"
                " (?, ?, ?, ?, ?) ON CONFLICT (hash, kind, item_id) DO NOTHING",
                (pdq_hash, RECEIVED, "", out.getvalue(), time.time()))

    def store_cuts(self) -> bool:
        """Hash the cuts of the picture queued first and store them; False when none waits.
        Replicas may hash one picture twice at worst: its rows are stored once."""
        queued = self.db.query("SELECT hash, kind, item_id, picture FROM media_pending_cuts"
                               " ORDER BY queued_at LIMIT 1")
        if not queued:
            return False
        own, kind, item_id, picture = queued[0]
        try:
            cuts = images.stored_hashes(images.open_image(bytes(picture)))
        except Exception:  # not expected of the PNG written above; dropped, or it would block the queue
            log.exception("the cuts of picture %s could not be hashed; it keeps its own hash", own)
            cuts = []
        with self._lock, self.db.transaction():
            known = self.db.query("SELECT query FROM media_pictures WHERE hash = ? AND kind = ?"
                                  " AND item_id = ?", (own, kind, item_id))
            if known and cuts:
                self._add(own, kind, item_id, str(known[0][0]), cuts)
            self.db.execute("DELETE FROM media_pending_cuts WHERE hash = ? AND kind = ? AND item_id = ?",
                            (own, kind, item_id))
        return True

    def seen_again(self, pdq_hash: str, kind: str, item_id: str) -> None:
        """Count one more sender of a known picture (`Known.hash`, its own hash)."""
        with self.db.transaction():
            self.db.execute("UPDATE media_pictures SET seen = seen + 1 WHERE hash = ? AND kind = ?"
                            " AND item_id = ?", (pdq_hash, kind, item_id))

    def _add(self, own: str, kind: str, item_id: str, query: str, hashes: list[str]) -> None:
        """The picture `own` (kept as it is if known) under `hashes`, inside the caller's
        transaction and lock."""
        import numpy as np

        cuts = list(dict.fromkeys(hashes))
        count = "SELECT COUNT(*) FROM media_picture_hashes"
        before = int(self.db.query(count)[0][0])
        self.db.execute(
            "INSERT INTO media_pictures (hash, kind, item_id, query, first_seen) VALUES"
            " (?, ?, ?, ?, ?) ON CONFLICT (hash, kind, item_id) DO NOTHING",
            (own, kind, item_id, query, time.time()))
        self.db.executemany(
            "INSERT INTO media_picture_hashes (cut, hash, kind, item_id) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (cut, hash, kind, item_id) DO NOTHING",
            [(h, own, kind, item_id) for h in cuts])
        after = int(self.db.query(count)[0][0])
        # new rows are appended to what is loaded (a full load per picture read would cost as
        # much as all the pictures); anything else is loaded on the next look-up
        if self._loaded == before and after == before + len(cuts) and self._packed is not None:
            new = np.frombuffer(b"".join(bytes.fromhex(h) for h in cuts), dtype=np.uint8)
            self._packed = np.concatenate([self._packed, new.reshape(len(cuts), 32)])
            self._rows.extend([(own, kind, item_id, query)] * len(cuts))
            self._loaded = after
