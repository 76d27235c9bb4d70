"""The server archive: PostgreSQL through psycopg 3, for a newsroom's shared deployment.

Text is analysed in Python by the same analyser as the SQLite index (saring.text.tokens:
Snowball 'indonesian' stems — the stemmer of PostgreSQL's built-in 'indonesian' configuration —
plus saring's stop words and accent folding) and stored as a weighted ``tsvector`` (claim A,
title B, conclusion C, body D) under a GIN index. Ranking computes FTS5's bm25() formula in
SQL, so both backends return the same hits in the same order.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import sql

from saring.archive.base import (
    BM25_B,
    BM25_K1,
    FIELDS,
    Doc,
    Filters,
    Ranked,
    Row,
    Store,
    filter_sql,
    outlet_key,
)
from saring.config import redact
from saring.errors import StoreError
from saring.text.tokens import stem

WEIGHT_LETTERS = dict(zip(FIELDS, "ABCD"))
MAX_POSITION = 16383  # tsvector positions stop here

SCHEMA = """
CREATE TABLE IF NOT EXISTS items(
    rowid bigserial PRIMARY KEY,
    id text NOT NULL UNIQUE,
    kind text NOT NULL,
    url text NOT NULL,
    content_hash text NOT NULL,
    fingerprint text NOT NULL,
    title text NOT NULL,
    outlet text NOT NULL,
    outlet_key text NOT NULL,
    published text NOT NULL,
    pub_date text NOT NULL,
    verdict text NOT NULL,
    verdict_label text NOT NULL,
    duplicate_of text,
    signature bytea,
    ingested_at text NOT NULL,
    updated_at text NOT NULL,
    ntokens integer NOT NULL,
    tsv tsvector NOT NULL,
    data jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS items_tsv ON items USING gin(tsv);
CREATE INDEX IF NOT EXISTS items_content_hash ON items(content_hash);
CREATE INDEX IF NOT EXISTS items_pub_date ON items(pub_date);
CREATE INDEX IF NOT EXISTS items_updated_at ON items(updated_at);
CREATE INDEX IF NOT EXISTS items_outlet ON items(outlet_key text_pattern_ops);
CREATE INDEX IF NOT EXISTS items_duplicate_of ON items(duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE TABLE IF NOT EXISTS totals(one integer PRIMARY KEY CHECK (one = 1), docs bigint NOT NULL,
    tokens bigint NOT NULL);
INSERT INTO totals VALUES (1, 0, 0) ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS speakers(key text NOT NULL, item bigint NOT NULL, name text NOT NULL,
    PRIMARY KEY(key, item));
CREATE INDEX IF NOT EXISTS speakers_item ON speakers(item);
CREATE TABLE IF NOT EXISTS entities(key text NOT NULL, item bigint NOT NULL, canonical text NOT NULL,
    label text NOT NULL, PRIMARY KEY(key, item, canonical));
CREATE INDEX IF NOT EXISTS entities_item ON entities(item);
CREATE TABLE IF NOT EXISTS lsh(bucket bigint NOT NULL, item bigint NOT NULL, PRIMARY KEY(bucket, item));
CREATE TABLE IF NOT EXISTS query_log(rowid bigserial PRIMARY KEY, ts text NOT NULL, text text NOT NULL,
    normalized text NOT NULL, answered boolean NOT NULL, top_id text NOT NULL, channel text NOT NULL);
CREATE INDEX IF NOT EXISTS query_log_ts ON query_log(ts);
"""

_ROW_COLUMNS = "rowid, id, fingerprint, signature, duplicate_of, kind"
_RANKED_COLUMNS = ("i.rowid, i.id, i.kind, s.score, i.title, i.url, i.published, i.outlet, "
                   "i.verdict, i.verdict_label, i.duplicate_of")


def _row(cursor: psycopg.Cursor[Any]) -> tuple[Any, ...]:
    """The row of a statement that always returns one (an aggregate, INSERT … RETURNING)."""
    row = cursor.fetchone()
    if row is None:
        raise StoreError("the database returned no row where one was expected")
    return row


def split_schema(url: str) -> tuple[str, str | None]:
    """Take saring's own ``schema=`` parameter off the URL (libpq would reject it)."""
    parts = urlsplit(url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in params if k == "schema"), None)
    query = urlencode([(k, v) for k, v in params if k != "schema"])
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment)), schema


def lock_key(name: str) -> int:
    """The advisory-lock key of a schema's writers (creating the schema takes it too)."""
    return int.from_bytes(hashlib.blake2b(f"saring:{name}".encode(), digest_size=8).digest(),
                          "big", signed=True)


def _lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(terms: dict[str, list[str]]) -> tuple[str, int]:
    """The weighted tsvector of an item's field terms and its token count (FTS5's row size)."""
    positions: dict[str, list[str]] = {}
    position = 0
    for name in FIELDS:
        letter = WEIGHT_LETTERS[name]
        for term in terms[name]:
            position += 1
            positions.setdefault(term, []).append(f"{min(position, MAX_POSITION)}{letter}")
    literal = " ".join(f"{_lexeme(term)}:{','.join(p)}" for term, p in positions.items())
    return literal, position


def tsquery_literal(terms: list[str], weights: dict[str, float], any_term: bool) -> str:
    letters = "".join(WEIGHT_LETTERS[f] for f in FIELDS if weights.get(f, 0) > 0)
    restrict = "" if len(letters) == len(FIELDS) else ":" + letters
    return (" | " if any_term else " & ").join(_lexeme(t) + restrict for t in terms)


class PostgresStore(Store):
    backend = "postgresql"
    store_errors = (OSError, MemoryError, psycopg.OperationalError, psycopg.InterfaceError)

    def __init__(self, url: str):
        super().__init__()
        conninfo, schema = split_schema(url)
        self.location = url
        self.schema = schema or "public"
        # Ingests of different schemas must not wait for each other.
        self._lock_key = lock_key(self.schema)
        try:
            self.db = psycopg.connect(conninfo, autocommit=True)
            # Like SQLite's synchronous=NORMAL in WAL: a server crash may lose the last batches
            # (a re-run restores them), never consistency; a killed client loses nothing.
            self.db.execute("SET synchronous_commit = off")
            self.db.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(self.schema)))
            (exists,) = _row(self.db.execute("SELECT to_regclass('query_log') IS NOT NULL"))
            if not exists:  # readers must not queue behind an ingest for a no-op
                with self.db.transaction():
                    self.db.execute("SELECT pg_advisory_xact_lock(%s)", (self._lock_key,))
                    self.db.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(
                        sql.Identifier(self.schema)))
                    self.db.execute(SCHEMA)
        except psycopg.Error as exc:
            raise StoreError(redact(f"cannot open archive {url}: {str(exc).strip().splitlines()[0]}")) from exc

    # ---------------------------------------------------------------- writing

    @contextmanager
    def _write_transaction(self) -> Iterator[None]:
        with self.db.transaction():
            self.db.execute("SELECT pg_advisory_xact_lock(%s)", (self._lock_key,))
            self._totals = [0, 0]  # docs and tokens added by this batch, written once
            yield
            self.db.execute("UPDATE totals SET docs = docs + %s, tokens = tokens + %s", self._totals)

    def _fingerprints(self, ids: list[str]) -> dict[str, str]:
        return dict(self.db.execute("SELECT id, fingerprint FROM items WHERE id = ANY(%s)", (ids,)).fetchall())

    def _rows(self, ids: list[str]) -> dict[str, Row]:
        rows = self.db.execute(f"SELECT {_ROW_COLUMNS} FROM items WHERE id = ANY(%s)", (ids,))
        return {r[1]: Row(*r) for r in rows}

    def _by_content_hash(self, chash: str, kind: str, exclude: int | None) -> Row | None:
        row = self.db.execute(
            f"SELECT {_ROW_COLUMNS} FROM items WHERE content_hash = %s AND kind = %s "
            "AND rowid IS DISTINCT FROM %s ORDER BY rowid LIMIT 1", (chash, kind, exclude)).fetchone()
        return Row(*row) if row else None

    def _candidates(self, buckets: list[int], kind: str, exclude: int | None) -> list[Row]:
        # Two steps: almost always there is no candidate, and a plan joining items would be
        # picked from the statistics of a table that an ingest is still filling.
        rowids = [r[0] for r in self.db.execute("SELECT DISTINCT item FROM lsh WHERE bucket = ANY(%s)",
                                                (buckets,))]
        if not rowids:
            return []
        rows = self.db.execute(
            f"SELECT {_ROW_COLUMNS} FROM items WHERE rowid = ANY(%s) AND kind = %s "
            "AND rowid IS DISTINCT FROM %s ORDER BY rowid", (rowids, kind, exclude))
        return [Row(*r) for r in rows]

    def _columns(self, doc: Doc) -> tuple:
        verdict, label = doc.verdict
        item = doc.item
        tsv, ntokens = tsvector_literal(doc.terms)
        doc.extra["ntokens"] = ntokens
        return (doc.kind, item.url, doc.content_hash, doc.fingerprint, item.title, doc.outlet,
                outlet_key(doc.outlet), item.published, doc.pub_date, verdict, label, doc.duplicate_of,
                doc.signature, self._now(), ntokens, tsv, doc.stored_json())

    def _insert(self, doc: Doc) -> None:
        # One round trip stores the row and its LSH buckets.
        (rowid,) = _row(self.db.execute(
            "WITH new AS (INSERT INTO items(kind, url, content_hash, fingerprint, title, outlet, "
            "outlet_key, published, pub_date, verdict, verdict_label, duplicate_of, signature, updated_at, "
            "ntokens, tsv, data, ingested_at, id) VALUES "
            "(%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s::tsvector,%s::jsonb,%s,%s) RETURNING rowid), "
            "buckets AS (INSERT INTO lsh(bucket, item) SELECT DISTINCT b, new.rowid FROM new, "
            "unnest(%s::bigint[]) b) SELECT rowid FROM new",
            (*self._columns(doc), self._now(), doc.id, self._buckets(doc))))
        self._totals[0] += 1
        self._totals[1] += doc.extra["ntokens"]
        self._index(rowid, doc)

    def _update(self, row: Row, doc: Doc) -> None:
        (old_tokens,) = _row(self.db.execute("SELECT ntokens FROM items WHERE rowid = %s", (row.rowid,)))
        self.db.execute(
            "UPDATE items SET kind=%s, url=%s, content_hash=%s, fingerprint=%s, title=%s, outlet=%s, "
            "outlet_key=%s, published=%s, pub_date=%s, verdict=%s, verdict_label=%s, duplicate_of=%s, "
            "signature=%s, updated_at=%s, ntokens=%s, tsv=%s::tsvector, data=%s::jsonb WHERE rowid=%s",
            (*self._columns(doc), row.rowid))
        self._totals[1] += doc.extra["ntokens"] - old_tokens
        for table in ("speakers", "entities", "lsh"):
            self.db.execute(sql.SQL("DELETE FROM {} WHERE item = %s").format(sql.Identifier(table)),
                            (row.rowid,))
        self.db.execute("INSERT INTO lsh(bucket, item) SELECT DISTINCT b, %s FROM unnest(%s::bigint[]) b",
                        (row.rowid, self._buckets(doc)))
        self._index(row.rowid, doc)

    def _index(self, rowid: int, doc: Doc) -> None:
        with self.db.cursor() as cur:  # (usually nothing: only analysed news has speakers)
            cur.executemany("INSERT INTO speakers(key, item, name) VALUES (%s,%s,%s) ON CONFLICT DO NOTHING",
                            [(key, rowid, name) for key, name in doc.speakers])
            cur.executemany("INSERT INTO entities(key, item, canonical, label) VALUES (%s,%s,%s,%s) "
                            "ON CONFLICT DO NOTHING",
                            [(key, rowid, canonical, label) for key, canonical, label in doc.entities])

    def _buckets(self, doc: Doc) -> list[int]:
        return self.minhasher.buckets(doc.signature) if doc.signature else []

    def optimize(self) -> None:
        """Refresh the planner's statistics after a bulk load."""
        self.db.execute("VACUUM ANALYZE items")

    # ---------------------------------------------------------------- searching

    def _rank(self, tokens: list[str], weights: dict[str, float], filters: Filters, limit: int,
              any_term: bool) -> list[Ranked]:
        terms = [stem(t) for t in tokens]
        docs, total_tokens = _row(self.db.execute("SELECT docs, tokens FROM totals"))
        if not docs:
            return []
        idfs = []
        for term in terms:  # FTS5's IDF, floored the same way
            (hits,) = _row(self.db.execute("SELECT count(*) FROM items WHERE tsv @@ %s::tsquery",
                                          (tsquery_literal([term], weights, False),)))
            hits = min(hits, docs)  # an ingest may commit between the two reads
            idf = math.log((docs - hits + 0.5) / (hits + 0.5))
            idfs.append(idf if idf > 0 else 1e-6)
        where, params = filter_sql(filters, "%s")
        w = [weights.get(f, 0.0) for f in FIELDS]
        query = (
            "WITH q(term, idf) AS (SELECT * FROM unnest(%s::text[], %s::float8[])), "
            f"m AS (SELECT i.rowid, i.ntokens, i.tsv FROM items i WHERE i.tsv @@ %s::tsquery {where}), "
            "tf AS (SELECT m.rowid, m.ntokens, u.lexeme, sum(CASE w WHEN 'A' THEN %s WHEN 'B' THEN %s "
            "WHEN 'C' THEN %s ELSE %s END) AS f FROM m, unnest(m.tsv) u, unnest(u.weights) w "
            "WHERE u.lexeme = ANY(%s) GROUP BY 1, 2, 3), "
            "s AS (SELECT tf.rowid, sum(q.idf * tf.f * %s / (tf.f + %s * (1 - %s + %s * tf.ntokens / %s))) "
            "AS score FROM tf JOIN q ON q.term = tf.lexeme GROUP BY tf.rowid) "
            f"SELECT {_RANKED_COLUMNS} FROM s JOIN items i ON i.rowid = s.rowid "
            "ORDER BY s.score DESC, i.rowid LIMIT %s"
        )
        avgdl = total_tokens / docs
        rows = self.db.execute(query, (
            terms, idfs, tsquery_literal(terms, weights, any_term), *params, *w, terms,
            BM25_K1 + 1, BM25_K1, BM25_B, BM25_B, avgdl, limit)).fetchall()
        return [Ranked(*r) for r in rows]

    def _document_frequencies(self, tokens: list[str]) -> tuple[dict[str, int], int]:
        (docs,) = _row(self.db.execute("SELECT docs FROM totals"))
        every_field = dict.fromkeys(FIELDS, 1.0)
        counts = {}
        for token in tokens:
            (hits,) = _row(self.db.execute("SELECT count(*) FROM items WHERE tsv @@ %s::tsquery",
                                          (tsquery_literal([stem(token)], every_field, False),)))
            if hits:
                counts[token] = int(hits)
        return counts, int(docs)

    # ---------------------------------------------------------------- reading

    def _stored_json(self, rowids: list[int]) -> dict[int, dict]:
        return dict(self.db.execute("SELECT rowid, data FROM items WHERE rowid = ANY(%s)", (rowids,)).fetchall())

    def _stored_by_id(self, ids: list[str]) -> list[dict]:
        return [data for (data,) in self.db.execute("SELECT data FROM items WHERE id = ANY(%s)", (ids,))]

    def _group(self, id: str) -> list[str]:
        row = self.db.execute("SELECT coalesce(duplicate_of, id) FROM items WHERE id = %s", (id,)).fetchone()
        if not row:
            return []
        return [r[0] for r in self.db.execute(
            "SELECT id FROM items WHERE id = %s OR duplicate_of = %s ORDER BY rowid", (row[0], row[0]))]

    def stats(self) -> dict:
        def one(query: str, *params):
            return _row(self.db.execute(query, params))[0]

        def pairs(query: str) -> dict:
            return dict(self.db.execute(query).fetchall())

        return {
            "backend": self.backend,
            "location": self.location,
            "items": one("SELECT count(*) FROM items"),
            "by_kind": pairs("SELECT kind, count(*) FROM items GROUP BY kind ORDER BY kind"),
            "duplicates": one("SELECT count(*) FROM items WHERE duplicate_of IS NOT NULL"),
            "outlets": pairs("SELECT outlet, count(*) n FROM items GROUP BY outlet ORDER BY n DESC, outlet LIMIT 25"),
            "verdicts": pairs("SELECT verdict, count(*) FROM items WHERE kind = 'factcheck' GROUP BY verdict "
                              "ORDER BY verdict"),
            "earliest": one("SELECT min(pub_date) FROM items WHERE pub_date != ''") or "",
            "latest": one("SELECT max(pub_date) FROM items WHERE pub_date != ''") or "",
            "speakers": one("SELECT count(DISTINCT key) FROM speakers"),
            "entities": one("SELECT count(DISTINCT canonical) FROM entities"),
            "queries_logged": one("SELECT count(*) FROM query_log"),
            "size_bytes": int(one(
                "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind = 'r'",
                self.schema)),
        }

    # ---------------------------------------------------------------- query log

    def log_query(self, text: str, normalized: str, answered: bool, top_id: str = "",
                  channel: str = "cli") -> None:
        self.db.execute("INSERT INTO query_log(ts, text, normalized, answered, top_id, channel) "
                        "VALUES (%s,%s,%s,%s,%s,%s)", (self._now(), text, normalized, bool(answered),
                                                       top_id, channel))

    def query_log(self, since: str | None = None, answered: bool | None = None) -> list[dict]:
        rows = self.db.execute(
            "SELECT ts, text, normalized, answered, top_id, channel FROM query_log "
            "WHERE ts >= coalesce(%s, '') AND (%s::boolean IS NULL OR answered = %s) ORDER BY ts, rowid",
            (since, answered, answered))
        return [{"ts": ts, "text": text, "normalized": norm, "answered": ans, "top_id": top,
                 "channel": channel} for ts, text, norm, ans, top, channel in rows]

    def changed_since(self, since: str, limit: int = 1000) -> list[tuple[str, str]]:
        return [(i, at) for i, at in self.db.execute(
            "SELECT id, updated_at FROM items WHERE updated_at >= %s ORDER BY updated_at, rowid LIMIT %s",
            (since, limit))]

    def drop_schema(self) -> None:
        """Remove every table of this store (test sessions clean up after themselves)."""
        self.db.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(self.schema)))

    def close(self) -> None:
        self.db.close()

