"""The embedded archive: one SQLite file (APSW) holding the records, and beside it a tantivy
full-text index (``saring.archive.textindex``) fed by saring's Indonesian analyser.

SQLite is the record of truth: a batch's rows and their place in ``unindexed`` commit in one
transaction, then go to the index, which commits every few seconds of an ingest and at its end;
only then are they taken off ``unindexed``. A process killed anywhere leaves rows that are
still ``unindexed``, and the next writer indexes them again (replacing whatever the index kept of
them): index and records agree again before it writes. WAL lets readers work while an ingest
writes; the index's file lock serialises ingests. Each thread gets its own connection (a server
answers from many threads; one connection used by two at once fails), except an in-memory
archive, which exists only in its one connection.
"""

from __future__ import annotations

import json
import os
import threading
import time
import weakref
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import apsw

from saring.archive.analysis import index_stems
from saring.archive.base import FIELDS, Doc, Filters, Ranked, Row, Store, field_texts, outlet_key
from saring.archive.textindex import Entry, Match, TextIndex
from saring.errors import StoreError
from saring.model import Failure, IngestSummary, Item, item_from_dict

SCHEMA_VERSION = "3"
_COMPRESS_LEVEL = 6
# An ingest commits the index this often (a reader sees new items that much later at most) and
# at its end.
INDEX_COMMIT_SECONDS = 10.0
INDEX_COMMIT_ITEMS = 50_000
REPAIR_CHUNK = 1000

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items(
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    url TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    title TEXT NOT NULL,
    outlet TEXT NOT NULL,
    outlet_key TEXT NOT NULL,
    published TEXT NOT NULL,
    pub_date TEXT NOT NULL,
    verdict TEXT NOT NULL,
    verdict_label TEXT NOT NULL,
    duplicate_of TEXT,
    signature BLOB,
    ingested_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS items_content_hash ON items(content_hash);
CREATE INDEX IF NOT EXISTS items_pub_date ON items(pub_date);
CREATE INDEX IF NOT EXISTS items_updated_at ON items(updated_at);
CREATE INDEX IF NOT EXISTS items_outlet ON items(outlet_key);
CREATE INDEX IF NOT EXISTS items_duplicate_of ON items(duplicate_of) WHERE duplicate_of IS NOT NULL;
-- Rows stored or changed whose search-index entry is not committed yet (see the module doc).
CREATE TABLE IF NOT EXISTS unindexed(rowid INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS speakers(
    key TEXT NOT NULL, item INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY(key, item)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS speakers_item ON speakers(item);
CREATE TABLE IF NOT EXISTS entities(
    key TEXT NOT NULL, item INTEGER NOT NULL, canonical TEXT NOT NULL, label TEXT NOT NULL,
    PRIMARY KEY(key, item, canonical)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entities_item ON entities(item);
CREATE TABLE IF NOT EXISTS lsh(bucket INTEGER NOT NULL, item INTEGER NOT NULL, PRIMARY KEY(bucket, item))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS query_log(
    ts TEXT NOT NULL, text TEXT NOT NULL, normalized TEXT NOT NULL, answered INTEGER NOT NULL,
    top_id TEXT NOT NULL, channel TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS query_log_ts ON query_log(ts);
INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', '{SCHEMA_VERSION}');
-- Raised at every index commit: a reader reloads the index when it sees it change.
INSERT OR IGNORE INTO meta(key, value) VALUES ('index_stamp', '0');
INSERT OR IGNORE INTO meta(key, value) VALUES ('index_id', lower(hex(randomblob(8))));
"""

_ROW_COLUMNS = "rowid, id, fingerprint, signature, duplicate_of, kind"
_RANKED_COLUMNS = ("i.rowid, i.id, i.kind, {score}, i.title, i.url, i.published, i.outlet, "
                   "i.verdict, i.verdict_label, i.duplicate_of")


def _compress(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), _COMPRESS_LEVEL)


class SQLiteStore(Store):
    backend = "sqlite"
    store_errors = (OSError, MemoryError, apsw.BusyError, apsw.LockedError, apsw.FullError,
                    apsw.IOError, apsw.ReadOnlyError, apsw.CantOpenError, apsw.CorruptError,
                    apsw.ConnectionClosedError)

    def __init__(self, path: str):
        super().__init__()
        self.path = self.location = path
        self._local = threading.local()
        self._connections: weakref.WeakSet = weakref.WeakSet()  # every thread's, to close them
        self._shared: apsw.Connection | None = None  # the one connection of ":memory:"
        self._ingesting = False
        self._index_due = 0.0  # when an ingest commits the index next
        self._index_uncommitted = 0
        self._index_stamp: str | None = None  # the stamp of the index this process reads
        try:
            if path != ":memory:":
                Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            db = self.db
            # Readers must not queue for the write lock: create the schema only when missing.
            missing = not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone()
            if missing:
                db.execute("BEGIN IMMEDIATE")
                try:
                    db.execute(SCHEMA)
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
            version = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            identity = db.execute("SELECT value FROM meta WHERE key = 'index_id'").fetchone()
        except (apsw.Error, OSError) as exc:
            self.close()
            raise StoreError(f"cannot open archive {path}: {exc}") from exc
        if not version or version[0] != SCHEMA_VERSION:
            self.close()
            raise StoreError(f"archive {path} has index layout {version[0] if version else '?'}, this saring "
                             f"reads {SCHEMA_VERSION}: ingest the sources again into a new archive file")
        # The index beside the file is this archive's only if it carries the archive's id: a new
        # file where an older one was removed gets a new index, not the old one's entries.
        self.text = TextIndex(None if path == ":memory:" else str(Path(path).expanduser()) + ".tantivy",
                              identity[0] if identity else "")
        if self.text.try_writing():  # another process writing repairs it itself
            try:
                with self.text.writing():
                    self._repair()
            except (apsw.Error, OSError) as exc:
                self.close()
                raise StoreError(f"cannot open archive {path}: {exc}") from exc

    @property
    def db(self) -> apsw.Connection:
        """This thread's connection (opened on first use)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._shared or self._connect()
            self._local.conn = conn
        return conn

    def _connect(self) -> apsw.Connection:
        path = self.path
        db = apsw.Connection(str(Path(path).expanduser()) if path != ":memory:" else path)
        db.set_busy_timeout(120_000)
        self._use_wal(db)
        # A bounded page cache (32 MiB) and no mmap: an ingest's memory stays flat.
        for pragma in ("synchronous=NORMAL", "cache_size=-32768", "temp_store=MEMORY"):
            db.execute(f"PRAGMA {pragma}")
        self._connections.add(db)
        if path == ":memory:":
            self._shared = db
        return db

    @property
    def _pending(self) -> list[tuple[Entry, bool]]:
        """Index entries of the batch this thread is writing (with: replace an older entry?)."""
        if not hasattr(self._local, "pending"):
            self._local.pending = []
        return self._local.pending

    @staticmethod
    def _use_wal(db: apsw.Connection) -> None:
        """Switch to WAL (once per file; it persists). The switch does not wait on the busy
        timeout, so two processes creating one archive at once retry it."""
        deadline = time.monotonic() + 30
        while True:
            try:
                db.execute("PRAGMA journal_mode=WAL")
                return
            except apsw.BusyError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    # ---------------------------------------------------------------- writing

    @contextmanager
    def _write_transaction(self) -> Iterator[None]:
        with self.text.writing():
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._pending.clear()
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
            pending, self._local.pending = self._pending, []
            if not pending:
                return
            self.text.add((entry for entry, replace in pending if not replace), replace=False)
            self.text.add((entry for entry, replace in pending if replace), replace=True)
            self._index_uncommitted += len(pending)
            if not self._ingesting or time.monotonic() >= self._index_due \
                    or self._index_uncommitted >= INDEX_COMMIT_ITEMS:
                self._commit_index()

    def _commit_index(self) -> None:
        """Commit the index, then take its rows off ``unindexed`` (all of them: no other
        writer can have added any while this one holds the index)."""
        self.text.commit()
        with self.db:  # a transaction of its own
            self.db.execute("DELETE FROM unindexed")
            self.db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'index_stamp'")
        self._index_uncommitted = 0
        self._index_due = time.monotonic() + INDEX_COMMIT_SECONDS

    def _repair(self) -> None:
        """Index again what a killed writer stored but did not index (or everything, into a
        new index), replacing what the index kept of those rows. Holds the index for writing."""
        if self.text.created:
            if self.db.execute("SELECT 1 FROM items LIMIT 1").fetchone():
                with self.db:
                    self.db.execute("INSERT OR IGNORE INTO unindexed SELECT rowid FROM items")
            self.text.created = False
        last, count = 0, 0
        while True:
            rowids = [r for (r,) in self.db.execute(
                "SELECT rowid FROM unindexed WHERE rowid > ? ORDER BY rowid LIMIT ?", (last, REPAIR_CHUNK))]
            if not rowids:
                break
            self.text.add(self._entries(rowids), replace=True)
            last, count = rowids[-1], count + len(rowids)
        if count:
            self._commit_index()

    def _entries(self, rowids: list[int]) -> Iterator[Entry]:
        """Index entries of stored rows, their texts analysed again."""
        chosen = (json.dumps(rowids),)
        keys: dict[tuple[str, int], list[str]] = {}
        for table in ("speakers", "entities"):
            for item, key in self.db.execute(
                    f"SELECT item, key FROM {table} WHERE item IN (SELECT value FROM json_each(?))", chosen):
                keys.setdefault((table, item), []).append(key)
        rows: list[Any] = self.db.execute("SELECT rowid, kind, pub_date, outlet_key, data FROM items "
                                          "WHERE rowid IN (SELECT value FROM json_each(?))", chosen).fetchall()
        for rowid, kind, pub_date, outlet, data in rows:
            texts = field_texts(item_from_dict(json.loads(zlib.decompress(data))))
            yield Entry(rowid, kind, {name: index_stems(texts[name]) for name in FIELDS}, pub_date, outlet,
                        keys.get(("speakers", rowid), []), keys.get(("entities", rowid), []))

    def ingest(self, items: Iterable[Item | Failure], progress: bool = False,
               enrich: Callable[[Item], Item] | None = None) -> IngestSummary:
        """Store.ingest, holding the index throughout: it commits every few seconds and at the end."""
        with self.text.writing():
            self._repair()
            self._ingesting, self._index_due = True, time.monotonic() + INDEX_COMMIT_SECONDS
            try:
                return super().ingest(items, progress, enrich)
            finally:
                self._ingesting = False
                if self._index_uncommitted:
                    self._commit_index()

    def _fingerprints(self, ids: list[str]) -> dict[str, str]:
        return dict(self.db.execute(
            "SELECT id, fingerprint FROM items WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),)))

    def _rows(self, ids: list[str]) -> dict[str, Row]:
        rows = self.db.execute(
            f"SELECT {_ROW_COLUMNS} FROM items WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),))
        return {r[1]: Row(*r) for r in rows}

    def _by_content_hash(self, chash: str, kind: str, exclude: int | None) -> Row | None:
        row = self.db.execute(
            f"SELECT {_ROW_COLUMNS} FROM items WHERE content_hash = ? AND kind = ? AND rowid IS NOT ? "
            "ORDER BY rowid LIMIT 1", (chash, kind, exclude)).fetchone()
        return Row(*row) if row else None

    def _candidates(self, buckets: list[int], kind: str, exclude: int | None) -> list[Row]:
        rows = self.db.execute(
            f"SELECT {_ROW_COLUMNS} FROM items WHERE rowid IN "
            "(SELECT item FROM lsh WHERE bucket IN (SELECT value FROM json_each(?))) "
            "AND kind = ? AND rowid IS NOT ? ORDER BY rowid",
            (json.dumps(buckets), kind, exclude))
        return [Row(*r) for r in rows]

    def _columns(self, doc: Doc) -> tuple:
        verdict, label = doc.verdict
        item = doc.item
        now = self._now()
        return (doc.kind, item.url, doc.content_hash, doc.fingerprint, item.title, doc.outlet,
                outlet_key(doc.outlet), item.published, doc.pub_date, verdict, label, doc.duplicate_of,
                doc.signature, now, _compress(doc.stored_json()))

    def _insert(self, doc: Doc) -> None:
        self.db.execute(
            "INSERT INTO items(kind, url, content_hash, fingerprint, title, outlet, outlet_key, "
            "published, pub_date, verdict, verdict_label, duplicate_of, signature, updated_at, data, "
            "ingested_at, id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (*self._columns(doc), self._now(), doc.id))
        self._index(self.db.last_insert_rowid(), doc)

    def _update(self, row: Row, doc: Doc) -> None:
        self.db.execute(
            "UPDATE items SET kind=?, url=?, content_hash=?, fingerprint=?, title=?, outlet=?, "
            "outlet_key=?, published=?, pub_date=?, verdict=?, verdict_label=?, duplicate_of=?, "
            "signature=?, updated_at=?, data=? WHERE rowid=?", (*self._columns(doc), row.rowid))
        self.db.execute("DELETE FROM speakers WHERE item = ?", (row.rowid,))
        self.db.execute("DELETE FROM entities WHERE item = ?", (row.rowid,))
        if row.signature:
            self.db.executemany("DELETE FROM lsh WHERE bucket = ? AND item = ?",
                                [(b, row.rowid) for b in self.minhasher.buckets(row.signature)])
        self._index(row.rowid, doc, replace=True)

    def _index(self, rowid: int, doc: Doc, replace: bool = False) -> None:
        self.db.execute("INSERT OR IGNORE INTO unindexed(rowid) VALUES (?)", (rowid,))
        self._pending.append((Entry(rowid, doc.kind, doc.terms, doc.pub_date, outlet_key(doc.outlet),
                                    [key for key, _ in doc.speakers], [key for key, _, _ in doc.entities]),
                              replace))
        self.db.executemany("INSERT OR IGNORE INTO speakers(key, item, name) VALUES (?,?,?)",
                            [(key, rowid, name) for key, name in doc.speakers])
        self.db.executemany("INSERT OR IGNORE INTO entities(key, item, canonical, label) VALUES (?,?,?,?)",
                            [(key, rowid, canonical, label) for key, canonical, label in doc.entities])
        if doc.signature:
            self.db.executemany("INSERT OR IGNORE INTO lsh(bucket, item) VALUES (?,?)",
                                [(b, rowid) for b in self.minhasher.buckets(doc.signature)])

    def optimize(self) -> None:
        """Refresh the query planner's statistics and fold the WAL in after a bulk load (the
        search index merges its segments as an ingest goes)."""
        self.db.execute("PRAGMA optimize")
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # ---------------------------------------------------------------- searching

    def _rank(self, tokens: list[str], weights: dict[str, float], filters: Filters, limit: int,
              any_term: bool) -> list[Ranked]:
        """The index's exact top ``limit`` (tantivy's BM25 over the weighted fields)."""
        self._fresh_index()
        match = Match([index_stems(t) for t in tokens], weights, any_term, kind=filters.kind,
                      outlet=filters.outlet, since=filters.since, until=filters.until,
                      speaker=filters.speaker, entity=filters.entity)
        ranked = self._ranked(self.text.search(match, limit))
        ranked.sort(key=lambda r: (-r.score, r.rowid))
        return ranked

    def _fresh_index(self) -> None:
        """Read the index as last committed, by this process or another."""
        (stamp,) = self.db.execute("SELECT value FROM meta WHERE key = 'index_stamp'").fetchone() or ("",)
        if stamp != self._index_stamp:
            self.text.reload()
            self._index_stamp = stamp

    def _ranked(self, top: list[tuple[int, float]]) -> list[Ranked]:
        """(rowid, score) pairs with the columns a hit shows."""
        if not top:
            return []
        scores: dict[int, float] = dict(top)
        rows = self.db.execute(
            _select_ranked("?") + " FROM items i WHERE i.rowid IN (SELECT value FROM json_each(?))",
            (0.0, json.dumps(list(scores))))
        return [Ranked._make((*r[:3], scores[r[0]], *r[4:])) for r in rows]

    def _document_frequencies(self, tokens: list[str]) -> tuple[dict[str, int], int]:
        """Items holding each word (a word the analyser splits, "covid-19": its rarest part's)."""
        self._fresh_index()
        stems_of = {t: index_stems(t) for t in tokens}
        df, total = self.text.document_frequencies(sorted({s for found in stems_of.values() for s in found}))
        counts = {t: min((df[s] for s in found), default=0) for t, found in stems_of.items()}
        return {t: n for t, n in counts.items() if n}, total

    # ---------------------------------------------------------------- reading

    def _stored_json(self, rowids: list[int]) -> dict[int, dict]:
        rows = self.db.execute("SELECT rowid, data FROM items WHERE rowid IN (SELECT value FROM json_each(?))",
                               (json.dumps(rowids),))
        return {rowid: json.loads(zlib.decompress(data)) for rowid, data in rows}

    def _stored_by_id(self, ids: list[str]) -> list[dict]:
        rows = self.db.execute("SELECT data FROM items WHERE id IN (SELECT value FROM json_each(?))",
                               (json.dumps(ids),))
        return [json.loads(zlib.decompress(data)) for (data,) in rows]

    def _group(self, id: str) -> list[str]:
        row = self.db.execute("SELECT coalesce(duplicate_of, id) FROM items WHERE id = ?", (id,)).fetchone()
        if not row:
            return []
        return [r[0] for r in self.db.execute(
            "SELECT id FROM items WHERE id = ?1 OR duplicate_of = ?1 ORDER BY rowid", (row[0],))]

    def stats(self) -> dict:
        one = lambda sql, *p: (self.db.execute(sql, p).fetchone() or (0,))[0]  # noqa: E731
        records = sum(os.path.getsize(p) for p in (self.path, self.path + "-wal") if os.path.exists(p)) \
            if self.path != ":memory:" else 0
        index = self.text.size_bytes()
        return {
            "backend": self.backend,
            "location": self.path,
            "items": one("SELECT count(*) FROM items"),
            "by_kind": dict(self.db.execute("SELECT kind, count(*) FROM items GROUP BY kind ORDER BY kind")),
            "duplicates": one("SELECT count(*) FROM items WHERE duplicate_of IS NOT NULL"),
            "outlets": dict(self.db.execute(
                "SELECT outlet, count(*) n FROM items GROUP BY outlet ORDER BY n DESC, outlet LIMIT 25")),
            "verdicts": dict(self.db.execute(
                "SELECT verdict, count(*) FROM items WHERE kind = 'factcheck' GROUP BY verdict ORDER BY verdict")),
            "earliest": one("SELECT min(pub_date) FROM items WHERE pub_date != ''") or "",
            "latest": one("SELECT max(pub_date) FROM items WHERE pub_date != ''") or "",
            "speakers": one("SELECT count(DISTINCT key) FROM speakers"),
            "entities": one("SELECT count(DISTINCT canonical) FROM entities"),
            "queries_logged": one("SELECT count(*) FROM query_log"),
            "size_bytes": records + index,
            "index_bytes": index,
        }

    # ---------------------------------------------------------------- query log

    def log_query(self, text: str, normalized: str, answered: bool, top_id: str = "",
                  channel: str = "cli") -> None:
        self.db.execute("INSERT INTO query_log VALUES (?,?,?,?,?,?)",
                        (self._now(), text, normalized, int(bool(answered)), top_id, channel))

    def query_log(self, since: str | None = None, answered: bool | None = None) -> list[dict]:
        rows = self.db.execute(
            "SELECT ts, text, normalized, answered, top_id, channel FROM query_log "
            "WHERE ts >= coalesce(?, '') AND (? IS NULL OR answered = ?) ORDER BY ts, rowid",
            (since, answered, None if answered is None else int(answered)))
        return [{"ts": ts, "text": text, "normalized": norm, "answered": bool(ans), "top_id": top,
                 "channel": channel} for ts, text, norm, ans, top, channel in rows]

    def changed_since(self, since: str, limit: int = 1000) -> list[tuple[str, str]]:
        return [tuple(r) for r in self.db.execute(
            "SELECT id, updated_at FROM items WHERE updated_at >= ? ORDER BY updated_at, rowid LIMIT ?",
            (since, limit))]

    def close(self) -> None:
        if hasattr(self, "text"):
            self.text.close()
        for conn in list(self._connections):
            conn.close()


def _select_ranked(score: str) -> str:
    return "SELECT " + _RANKED_COLUMNS.format(score=score)
