"""The embedded archive: one SQLite file, FTS5 through APSW with saring's Indonesian analyser.

The full-text index is contentless (the texts live once, compressed, in ``items.data``) with
``contentless_delete`` so changed articles can be re-indexed in place. WAL lets readers work
while an ingest writes; ``BEGIN IMMEDIATE`` per batch serialises concurrent ingests. Each
thread gets its own connection (a server answers from many threads; one connection used by two
at once fails), except an in-memory archive, which exists only in its one connection.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import threading
import time
import weakref
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import apsw

from saring.archive.analysis import index_stems
from saring.archive.base import (
    BM25_B,
    BM25_K1,
    FIELDS,
    KINDS,
    Doc,
    Filters,
    Ranked,
    Row,
    Store,
    field_texts,
    filter_sql,
    outlet_key,
)
from saring.errors import StoreError
from saring.model import item_from_dict

TOKENIZER = "saring_id"
SCHEMA_VERSION = "2"
_COMPRESS_LEVEL = 6

# One full-text index per kind: fact-check matching never reads the (much longer) news doclists.
# News headlines once more, alone: the answer layer's any-word headline search ranks them
# with FTS5's own bm25() in C (title doclists are short) and re-scores only the winners.
HEADLINES = "fts_news_headlines"
HEADLINE_FIELDS = {"claim", "title", "conclusion"}  # a news item has only its title of these
_FTS_TABLES = "".join(
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5({columns}, content='', "
    f"contentless_delete=1, tokenize='{TOKENIZER}');\n"
    for table, columns in [*((f"fts_{kind}", ", ".join(FIELDS)) for kind in KINDS), (HEADLINES, "title")])

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
-- What search filters compare, in rows small enough to look up for every match (an items row,
-- with its stored text, fills most of a page of its own).
CREATE TABLE IF NOT EXISTS item_filters(
    rowid INTEGER PRIMARY KEY, pub_date TEXT NOT NULL, outlet_key TEXT NOT NULL
);
{_FTS_TABLES}CREATE TABLE IF NOT EXISTS term_df(
    kind TEXT NOT NULL, term TEXT NOT NULL, df INTEGER NOT NULL, PRIMARY KEY(kind, term)
) WITHOUT ROWID;
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
"""

_ROW_COLUMNS = "rowid, id, fingerprint, signature, duplicate_of, kind"
# term_df look-ups name every kind: the primary key (kind, term) is then searched, not scanned,
# whether or not ANALYZE has run.
_EVERY_KIND = "kind IN (" + ", ".join(f"'{kind}'" for kind in KINDS) + ")"
_RANKED_COLUMNS = ("i.rowid, i.id, i.kind, {score}, i.title, i.url, i.published, i.outlet, "
                   "i.verdict, i.verdict_label, i.duplicate_of")


def fts_tokenizer(analysed: dict[str, list[str]]):
    """FTS5 tokenizer factory: saring's analyser, for documents and queries alike.

    ``analysed`` holds the terms of texts being inserted (analysed once, by prepare()); any
    other text (a query) is analysed here. Terms carry no offsets: the table is contentless,
    so FTS5's highlight() and snippet() are never used (snippets come from the stored item).
    """

    def factory(connection: apsw.Connection, args: list[str]):
        def tokenize(utf8: bytes, flags: int, locale: str | None) -> list[str]:
            text = utf8.decode("utf-8", errors="replace")
            terms = analysed.get(text)
            return terms if terms is not None else index_stems(text)

        return tokenize

    return factory


def bm25_with_statistics(api: apsw.FTS5ExtensionApi, *args: Any) -> float:
    """FTS5 auxiliary function saring_bm25(table, 4 field weights, avgdl, one idf per phrase).

    The same sum as FTS5's bm25() (each phrase's frequency weighted by field, the row's length
    against the average), with the idfs and the average length given by the caller.
    """
    weights, avgdl, idfs = args[:4], args[4], args[5:]
    norm = BM25_K1 * (1 - BM25_B + BM25_B * api.column_size(-1) / avgdl)
    score = 0.0
    for phrase, idf in enumerate(idfs):  # most phrases of a long OR query are not in the row
        columns = api.phrase_columns(phrase)
        if columns:
            freq = sum(weights[c] * len(api.phrase_column_offsets(phrase, c)) for c in columns)
            if freq:
                score += idf * freq * (BM25_K1 + 1) / (freq + norm)
    return score


def _compress(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), _COMPRESS_LEVEL)


def fts_query(tokens: list[str], weights: dict[str, float], any_term: bool) -> str:
    """An FTS5 MATCH expression: each word quoted (the tokenizer stems it), restricted to the
    weighted columns when some are left out."""
    expr = fts_words(tokens, any_term)
    columns = [f for f in FIELDS if weights.get(f, 0) > 0]
    return expr if len(columns) == len(FIELDS) else "{" + " ".join(columns) + "} : (" + expr + ")"


def fts_words(tokens: list[str], any_term: bool) -> str:
    return (" OR " if any_term else " AND ").join(f'"{t}"' for t in tokens)


class SQLiteStore(Store):
    backend = "sqlite"
    store_errors = (OSError, MemoryError, apsw.BusyError, apsw.LockedError, apsw.FullError,
                    apsw.IOError, apsw.ReadOnlyError, apsw.CantOpenError, apsw.CorruptError,
                    apsw.ConnectionClosedError)
    # Most matches ranked per unfiltered query: bm25() costs about a microsecond per matching
    # item, and a query of common words matches hundreds of thousands at 1M items (None: all).
    rank_window: int | None = 10_000

    def __init__(self, path: str):
        super().__init__()
        self.path = self.location = path
        self._local = threading.local()
        self._connections: weakref.WeakSet = weakref.WeakSet()  # every thread's, to close them
        self._shared: apsw.Connection | None = None  # the one connection of ":memory:"
        try:
            if path != ":memory:":
                Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            db = self.db
            # Readers must not queue for the write lock: create the schema only when missing.
            missing = not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone()
            if missing:
                with self._write_transaction():
                    db.execute(SCHEMA)
            version = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except (apsw.Error, OSError) as exc:
            raise StoreError(f"cannot open archive {path}: {exc}") from exc
        if not version or version[0] != SCHEMA_VERSION:
            self.close()
            raise StoreError(f"archive {path} has index layout {version[0] if version else '?'}, this saring "
                             f"reads {SCHEMA_VERSION}: ingest the sources again into a new archive file")

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
        db.register_fts5_tokenizer(TOKENIZER, fts_tokenizer(self._analysed))
        db.register_fts5_function("saring_bm25", bm25_with_statistics)
        self._connections.add(db)
        if path == ":memory:":
            self._shared = db
        return db

    @property
    def _analysed(self) -> dict[str, list[str]]:
        """Terms of the texts this thread is inserting, for its connection's tokenizer."""
        if not hasattr(self._local, "analysed"):
            self._local.analysed = {}
        return self._local.analysed

    @property
    def _df_delta(self) -> Counter[tuple[str, str]]:
        """Document frequencies counted while this thread writes a batch, saved with it."""
        if not hasattr(self._local, "df_delta"):
            self._local.df_delta = Counter()
        return self._local.df_delta

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
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._save_document_frequencies()
        except BaseException:
            self._df_delta.clear()
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _save_document_frequencies(self) -> None:
        """Add the batch's counts to ``term_df``, in the batch's transaction."""
        if self._df_delta:
            self.db.executemany(
                "INSERT INTO term_df(kind, term, df) VALUES (?,?,?) "
                "ON CONFLICT(kind, term) DO UPDATE SET df = df + excluded.df",
                [(kind, term, n) for (kind, term), n in self._df_delta.items() if n])
            self._df_delta.clear()

    def _count_terms(self, kind: str, terms: dict[str, list[str]], sign: int) -> None:
        """Count an item's terms in (sign +1) or out (-1): each distinct term once, the item
        under '' and its number of index terms under ' ' (neither can be a term)."""
        for term in {t for name in FIELDS for t in terms[name]} | {""}:
            self._df_delta[kind, term] += sign
        self._df_delta[kind, " "] += sign * sum(len(terms[name]) for name in FIELDS)

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
        stored = self._stored_json([row.rowid]).get(row.rowid)
        if stored is not None:  # take the old version's terms out of the document frequencies
            old_texts = field_texts(item_from_dict(stored))
            self._count_terms(row.kind, {name: index_stems(text) for name, text in old_texts.items()}, -1)
        self.db.execute(
            "UPDATE items SET kind=?, url=?, content_hash=?, fingerprint=?, title=?, outlet=?, "
            "outlet_key=?, published=?, pub_date=?, verdict=?, verdict_label=?, duplicate_of=?, "
            "signature=?, updated_at=?, data=? WHERE rowid=?", (*self._columns(doc), row.rowid))
        self.db.execute(f"DELETE FROM fts_{row.kind} WHERE rowid = ?", (row.rowid,))
        self.db.execute("DELETE FROM item_filters WHERE rowid = ?", (row.rowid,))
        if row.kind == "news":
            self.db.execute(f"DELETE FROM {HEADLINES} WHERE rowid = ?", (row.rowid,))
        self.db.execute("DELETE FROM speakers WHERE item = ?", (row.rowid,))
        self.db.execute("DELETE FROM entities WHERE item = ?", (row.rowid,))
        if row.signature:
            self.db.executemany("DELETE FROM lsh WHERE bucket = ? AND item = ?",
                                [(b, row.rowid) for b in self.minhasher.buckets(row.signature)])
        self._index(row.rowid, doc)

    def _index(self, rowid: int, doc: Doc) -> None:
        for name in FIELDS:  # the tokenizer takes the terms prepare() already made
            self._analysed[doc.texts[name]] = doc.terms[name]
        self.db.execute(f"INSERT INTO fts_{doc.kind}(rowid, {', '.join(FIELDS)}) VALUES (?,?,?,?,?)",
                        (rowid, *(doc.texts[f] for f in FIELDS)))
        if doc.kind == "news":
            self.db.execute(f"INSERT INTO {HEADLINES}(rowid, title) VALUES (?,?)", (rowid, doc.texts["title"]))
        self._analysed.clear()
        self._count_terms(doc.kind, doc.terms, +1)
        self.db.execute("INSERT INTO item_filters(rowid, pub_date, outlet_key) VALUES (?,?,?)",
                        (rowid, doc.pub_date, outlet_key(doc.outlet)))
        self.db.executemany("INSERT OR IGNORE INTO speakers(key, item, name) VALUES (?,?,?)",
                            [(key, rowid, name) for key, name in doc.speakers])
        self.db.executemany("INSERT OR IGNORE INTO entities(key, item, canonical, label) VALUES (?,?,?,?)",
                            [(key, rowid, canonical, label) for key, canonical, label in doc.entities])
        if doc.signature:
            self.db.executemany("INSERT OR IGNORE INTO lsh(bucket, item) VALUES (?,?)",
                                [(b, rowid) for b in self.minhasher.buckets(doc.signature)])

    def optimize(self) -> None:
        """Merge the index into one segment after a bulk load (faster queries)."""
        for table in [*(f"fts_{kind}" for kind in KINDS), HEADLINES]:
            self.db.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
        self.db.execute("PRAGMA optimize")
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # ---------------------------------------------------------------- searching

    def _rank(self, tokens: list[str], weights: dict[str, float], filters: Filters, limit: int,
              any_term: bool) -> list[Ranked]:
        """BM25 as FTS5's bm25() computes it, but with the archive-wide statistics of ``term_df``
        (so the two kinds' indexes give comparable scores, and no doclist is read twice)."""
        phrases = self._phrase_statistics(tokens)
        if not phrases or (not any_term and len(phrases) < len(tokens)):
            return []  # a word no item has: nothing can match
        docs, tokens_total = self._totals()
        idfs = [max(math.log((docs - df + 0.5) / (df + 0.5)), 1e-6) for df in phrases.values()]
        match = fts_query(list(phrases), weights, any_term)
        args = (*(weights.get(f, 0.0) for f in FIELDS), tokens_total / max(docs, 1), *idfs)
        score = f"saring_bm25({{table}}, {', '.join('?' * len(args))})"
        where, params = filter_sql(dataclasses.replace(filters, kind=None), "?")
        window = self._window_limit()
        join = "JOIN item_filters i ON i.rowid = t.rowid" if where else ""  # a lookup per match: only to filter
        ranked: list[Ranked] = []
        headlines_only = {f for f in FIELDS if weights.get(f, 0) > 0} <= HEADLINE_FIELDS
        for kind in [filters.kind] if filters.kind else KINDS:
            table = f"fts_{kind}"
            if kind == "news" and headlines_only and not where:
                top = self._rank_headlines(list(phrases), any_term, score.format(table=table), args, match, limit)
                ranked += self._ranked(top)
                continue
            # The newest ``rank_window`` matches, newest first (FTS5 walks its doclists backwards
            # and stops there), then the best ``limit`` of them.
            top = self.db.execute(
                f"SELECT rowid, score FROM (SELECT t.rowid, {score.format(table=table)} AS score "
                f"FROM {table} t {join} WHERE {table} MATCH ? {where} "
                f"ORDER BY t.rowid DESC {window}) ORDER BY score DESC, rowid LIMIT ?",
                (*args, match, *params, limit)).fetchall()
            ranked += self._ranked(top)
        ranked.sort(key=lambda r: (-r.score, r.rowid))
        return ranked[:limit]

    def _rank_headlines(self, tokens: list[str], any_term: bool, score: str, args: tuple, match: str,
                        limit: int) -> list[tuple[Any, ...]]:
        """News by headline: the best of the newest ``rank_window`` headline matches by FTS5's
        bm25() on the headline index (C speed), then scored as every search is (``score``)."""
        window = self._window_limit()
        best = [rowid for (rowid,) in self.db.execute(
            f"SELECT rowid FROM (SELECT rowid, bm25({HEADLINES}) AS rank FROM {HEADLINES} "
            f"WHERE {HEADLINES} MATCH ? ORDER BY rowid DESC {window}) ORDER BY rank, rowid LIMIT ?",
            (fts_words(tokens, any_term), 2 * limit))]
        if not best:
            return []
        return self.db.execute(
            f"SELECT rowid, {score} AS score FROM fts_news WHERE fts_news MATCH ? "
            "AND rowid IN (SELECT value FROM json_each(?)) ORDER BY score DESC, rowid LIMIT ?",
            (*args, match, json.dumps(best), limit)).fetchall()

    def _window_limit(self) -> str:
        return f"LIMIT {self.rank_window}" if self.rank_window else ""

    def _ranked(self, top: list[tuple[Any, ...]]) -> list[Ranked]:
        """(rowid, score) pairs with the columns a hit shows."""
        if not top:
            return []
        scores: dict[int, float] = dict(top)
        rows = self.db.execute(
            _select_ranked("?") + " FROM items i WHERE i.rowid IN (SELECT value FROM json_each(?))",
            (0.0, json.dumps(list(scores))))
        return [Ranked._make((*r[:3], scores[r[0]], *r[4:])) for r in rows]

    def _phrase_statistics(self, tokens: list[str]) -> dict[str, int]:
        """Query word -> items holding it (of all kinds), for the words some item holds.

        Read from ``term_df`` (an index lookup; FTS5's bm25() reads each whole doclist to count).
        A word the analyser splits ("covid-19") is a phrase: its count is its rarest part's.
        """
        stems_of = {t: index_stems(t) for t in tokens}
        wanted = sorted({s for found in stems_of.values() for s in found})
        df: dict[str, int] = {}
        for term, n in self.db.execute(f"SELECT term, df FROM term_df WHERE {_EVERY_KIND} AND term IN "
                                       "(SELECT value FROM json_each(?))", (json.dumps(wanted),)):
            df[term] = df.get(term, 0) + n
        counts = {t: min((df.get(s, 0) for s in found), default=0) for t, found in stems_of.items()}
        return {t: n for t, n in counts.items() if n}

    def _document_frequencies(self, tokens: list[str]) -> tuple[dict[str, int], int]:
        return (self._phrase_statistics(tokens) if tokens else {}), self._totals()[0]

    def _totals(self) -> tuple[int, int]:
        """Items and index terms in the archive (``term_df``'s rows for '' and ' ')."""
        totals = dict(self.db.execute(
            f"SELECT term, sum(df) FROM term_df WHERE {_EVERY_KIND} AND term IN ('', ' ') GROUP BY term"))
        return totals.get("", 0), totals.get(" ", 0)

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
        size = sum(os.path.getsize(p) for p in (self.path, self.path + "-wal") if os.path.exists(p)) \
            if self.path != ":memory:" else 0
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
            "size_bytes": size,
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
        for conn in list(self._connections):
            conn.close()


def _select_ranked(score: str) -> str:
    return "SELECT " + _RANKED_COLUMNS.format(score=score)
