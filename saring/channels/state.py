"""The tipline's durable state: inbound messages, the outbox, users, subscribers, feedback.

Everything a webhook receives is written here before the webhook answers 200, and every reply
is a row in the outbox before it is sent, so a crash (even kill -9) loses nothing: on restart
the worker finds the pending rows. Reply and broadcast rows have deterministic ids, so doing a
step twice inserts nothing twice.

Inbound messages are append-only and written by the web process alone; the worker records
what it closed in `ch_done`, in the transaction that enqueues the replies. With SQLite the
inbox is its own file, so a webhook's commit never waits for the worker's write lock (nor the
worker for a webhook), and the rest of the state is a sibling file of the archive, so that a
long ingest never delays either. With PostgreSQL everything is in the archive's database
(tables `ch_*`), where row locks keep the two apart.

With PostgreSQL several `saring serve` replicas may share one schema: work is claimed, not
shared. A processor leases a user (`ch_claims`, taken over once the lease expires, so a
killed replica's users are answered by the others) and re-checks, inside the transaction that
closes the messages, that it still holds the lease and nobody closed them; a sender takes
outbox rows with FOR UPDATE SKIP LOCKED. The inbox is read behind a mark of transaction ids,
not of `seq`: replicas commit rows out of `seq` order, and a row committed late must not fall
below the mark. One migrator at a time creates or upgrades the tables (an advisory lock), and
`schema_version` in `ch_meta` says which version they have.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import apsw

from saring.config import is_postgres, redact
from saring.errors import StoreError

# With SQLite `seq` numbers messages in commit order (one writer), so the worker can remember
# how far everything is closed ("inbox_low" in ch_meta) and read only what is newer. With
# PostgreSQL the mark is a transaction id ("inbox_xid", column `xid`; see `State.pending`).
INBOX_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS ch_inbox (
        seq {serial} PRIMARY KEY, id TEXT NOT NULL UNIQUE, channel TEXT NOT NULL,
        user_id TEXT NOT NULL, msg_type TEXT NOT NULL, text TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '', received_at DOUBLE PRECISION NOT NULL,
        media TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX IF NOT EXISTS ch_inbox_user ON ch_inbox (channel, user_id, received_at)",
]
# Columns added since the first release, with their definitions (an older inbox gets them).
INBOX_ADDED = {"media": "TEXT NOT NULL DEFAULT ''"}
# ... and on PostgreSQL, the transaction that wrote each message (schema version 2).
INBOX_ADDED_POSTGRES = {"xid": "xid8 NOT NULL DEFAULT pg_current_xact_id()"}
# 1: the tables of the first release; 2: replicas (ch_claims, ch_hits, ch_inbox.xid, a
# 64-bit ch_meta.value on PostgreSQL).
SCHEMA_VERSION = 2
SCHEMA = [
    """CREATE TABLE IF NOT EXISTS ch_done (
        id TEXT PRIMARY KEY, status TEXT NOT NULL, reply_id TEXT NOT NULL,
        at DOUBLE PRECISION NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS ch_outbox (
        id TEXT PRIMARY KEY, channel TEXT NOT NULL, user_id TEXT NOT NULL,
        purpose TEXT NOT NULL, payload TEXT NOT NULL, template TEXT NOT NULL DEFAULT '',
        created_at DOUBLE PRECISION NOT NULL, window_ends_at DOUBLE PRECISION,
        next_attempt_at DOUBLE PRECISION NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'pending', last_error TEXT NOT NULL DEFAULT '',
        sent_at DOUBLE PRECISION, remote_id TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX IF NOT EXISTS ch_outbox_due ON ch_outbox (status, next_attempt_at)",
    """CREATE TABLE IF NOT EXISTS ch_users (
        channel TEXT NOT NULL, user_id TEXT NOT NULL, name TEXT NOT NULL DEFAULT '',
        first_seen DOUBLE PRECISION NOT NULL, last_inbound_at DOUBLE PRECISION NOT NULL,
        last_query TEXT NOT NULL DEFAULT '', last_top_id TEXT NOT NULL DEFAULT '',
        last_answer_at DOUBLE PRECISION, limited_notice_at DOUBLE PRECISION,
        PRIMARY KEY (channel, user_id))""",
    """CREATE TABLE IF NOT EXISTS ch_subscribers (
        channel TEXT NOT NULL, user_id TEXT NOT NULL, active INTEGER NOT NULL,
        since DOUBLE PRECISION NOT NULL, PRIMARY KEY (channel, user_id))""",
    """CREATE TABLE IF NOT EXISTS ch_feedback (
        id TEXT PRIMARY KEY, channel TEXT NOT NULL, user_id TEXT NOT NULL,
        query TEXT NOT NULL, top_id TEXT NOT NULL, helpful INTEGER NOT NULL,
        at DOUBLE PRECISION NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS ch_blocked (
        channel TEXT NOT NULL, user_id TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',
        at DOUBLE PRECISION NOT NULL, PRIMARY KEY (channel, user_id))""",
    """CREATE TABLE IF NOT EXISTS ch_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS ch_broadcasts (
        item_id TEXT PRIMARY KEY, title TEXT NOT NULL, at DOUBLE PRECISION NOT NULL,
        queued INTEGER NOT NULL)""",
    # Questions the archive could not answer, grouped (the newsroom's work queue), and who
    # asked each: they are told once the answer is archived (reportback.py).
    """CREATE TABLE IF NOT EXISTS ch_questions (
        id TEXT PRIMARY KEY, question TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'open',
        item_id TEXT NOT NULL DEFAULT '', duplicate_of TEXT NOT NULL DEFAULT '',
        assignee TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '',
        suggested TEXT NOT NULL DEFAULT '',
        created_at DOUBLE PRECISION NOT NULL, updated_at DOUBLE PRECISION NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS ch_questions_status ON ch_questions (status, updated_at)",
    """CREATE TABLE IF NOT EXISTS ch_askers (
        question_id TEXT NOT NULL, channel TEXT NOT NULL, user_id TEXT NOT NULL,
        message_id TEXT NOT NULL, text TEXT NOT NULL, asked_at DOUBLE PRECISION NOT NULL,
        notice TEXT NOT NULL DEFAULT '', noticed_at DOUBLE PRECISION,
        PRIMARY KEY (question_id, channel, user_id))""",
    # Which verdict each reader was given about an item (an answer or a report-back), so a
    # changed verdict reaches everyone told the old one; the score marks unsure answers.
    """CREATE TABLE IF NOT EXISTS ch_told (
        item_id TEXT NOT NULL, channel TEXT NOT NULL, user_id TEXT NOT NULL,
        verdict TEXT NOT NULL, score DOUBLE PRECISION NOT NULL, query TEXT NOT NULL,
        at DOUBLE PRECISION NOT NULL, PRIMARY KEY (item_id, channel, user_id))""",
    "CREATE INDEX IF NOT EXISTS ch_told_at ON ch_told (at)",
    # The verdict each announced fact-check had, so subscribers hear when it changes.
    """CREATE TABLE IF NOT EXISTS ch_broadcast_verdicts (
        item_id TEXT PRIMARY KEY, verdict TEXT NOT NULL)""",
    # Watched feeds (`saring watch`): validators for conditional GET, the failure streak,
    # and the entries already read, so a restart fetches only what changed.
    """CREATE TABLE IF NOT EXISTS ch_feeds (
        url TEXT PRIMARY KEY, etag TEXT NOT NULL DEFAULT '', last_modified TEXT NOT NULL DEFAULT '',
        error TEXT NOT NULL DEFAULT '', failures INTEGER NOT NULL DEFAULT 0,
        checked_at DOUBLE PRECISION NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS ch_feed_entries (
        link TEXT PRIMARY KEY, feed TEXT NOT NULL, at DOUBLE PRECISION NOT NULL)""",
    # The archive versions (item id, updated_at) already looked at for report-back.
    """CREATE TABLE IF NOT EXISTS ch_seen_items (
        item_id TEXT PRIMARY KEY, updated_at TEXT NOT NULL)""",
    # Users a replica's processor is answering, until the lease runs out (PostgreSQL).
    """CREATE TABLE IF NOT EXISTS ch_claims (
        key TEXT PRIMARY KEY, owner TEXT NOT NULL, until DOUBLE PRECISION NOT NULL)""",
    # Requests per client and minute, counted for every replica at once (PostgreSQL).
    """CREATE TABLE IF NOT EXISTS ch_hits (
        key TEXT NOT NULL, slot BIGINT NOT NULL, hits INTEGER NOT NULL,
        PRIMARY KEY (key, slot))""",
]

# A customer-service window opens with each message the user sends (WhatsApp's rule).
SERVICE_WINDOW = 24 * 3600.0
OUTBOX_COLUMNS = "id, channel, user_id, purpose, payload, template, window_ends_at, attempts"


def _sibling(location: str, tag: str) -> str:
    if is_postgres(location):
        return location
    path = Path(location)
    return str(path.with_name(f"{path.stem}.{tag}{path.suffix or '.db'}"))


def state_location(db: str) -> str:
    """Where the channel state of archive `db` lives (see the module docstring)."""
    return _sibling(db, "channels")


@dataclass
class Inbound:
    """One message as a webhook delivered it; `id` is the platform's message id."""

    id: str
    channel: str
    user_id: str
    msg_type: str  # text, image, audio, location, ...
    text: str = ""
    name: str = ""
    received_at: float = field(default_factory=time.time)
    seq: int = 0  # its place in the inbox, once stored
    media: str = ""  # the platform's reference to a picture (WhatsApp media id, Telegram file_id)
    xid: int = 0  # PostgreSQL: the transaction that stored it


@dataclass
class InboxRead:
    """What `State.pending` read: the open messages and where the next read may start."""

    messages: list[Inbound]
    last_seq: int = 0  # SQLite: the last seq looked at
    xmin: int = 0  # PostgreSQL: every transaction below this one had ended when it read
    last_xid: int | None = None  # PostgreSQL: the last xid read, when the limit cut it short


@dataclass
class SendResult:
    """What became of one outbox row: sent, pending (retry at next_attempt_at), failed, expired."""

    id: str
    status: str
    detail: str = ""  # the platform's message id when sent, else the error
    template: str = ""
    next_attempt_at: float = 0.0


@dataclass
class OutboxRow:
    id: str
    channel: str
    user_id: str
    purpose: str  # reply, broadcast
    payload: dict[str, Any]  # {"text": ..., "reply_to": ...} or the template parameters
    template: str
    window_ends_at: float | None
    attempts: int


def _outbox_row(r: Sequence[Any]) -> OutboxRow:
    return OutboxRow(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], r[6], r[7])


def _busy(attempt: int) -> bool:
    """Wait for SQLite's write lock in short steps (the default sleeps grow to 100 ms, which
    a webhook acknowledgement cannot afford); give up after about 30 s."""
    time.sleep(0.0005 if attempt < 100 else 0.005)
    return attempt < 6000


class Database:
    """A thin layer over APSW (SQLite) and psycopg: one connection per thread, `?` placeholders."""

    def __init__(self, location: str, checkpoints: bool = True, durable: bool = False):
        """`durable`: PostgreSQL commits wait for the disk (the inbox: a webhook is answered
        200 only once its messages would survive a crash of the database server)."""
        self.location = location
        self.postgres = is_postgres(location)
        self.checkpoints = checkpoints
        self.durable = durable
        self._local = threading.local()

    def _connect(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        try:
            if self.postgres:
                import psycopg
                from psycopg import sql

                from saring.archive.postgres import split_schema

                url, schema = split_schema(self.location)
                conn = psycopg.connect(url, autocommit=True)
                if not self.durable:  # as the archive's: survives a killed process, not a
                    conn.execute("SET synchronous_commit = off")  # crash of the server itself
                if schema:  # the archive's own schema (open_store's ?schema=NAME)
                    _create_schema(conn, schema)
                    conn.execute(sql.SQL("SET search_path TO {}").format(
                        sql.Identifier(schema)))
            else:
                Path(self.location).parent.mkdir(parents=True, exist_ok=True)
                conn = apsw.Connection(self.location)
                conn.setbusyhandler(_busy)
                conn.execute("PRAGMA journal_mode=WAL")
                # NORMAL: a committed transaction survives a killed process (not a power cut).
                conn.execute("PRAGMA synchronous=NORMAL")
                if not self.checkpoints:  # see State.__init__
                    conn.execute("PRAGMA wal_autocheckpoint=0")
        except Exception as exc:  # apsw.Error, psycopg.Error, OSError
            raise StoreError(redact(f"cannot open channel state {self.location}: {exc}")) from None
        self._local.conn = conn
        return conn

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.postgres else sql

    @contextmanager
    def transaction(self, snapshot: bool = False) -> Iterator[Database]:
        """One atomic write; SQLite takes the write lock up front so it never deadlocks.
        `snapshot`: PostgreSQL reads all statements from one snapshot (REPEATABLE READ)."""
        conn = self._connect()
        if self.postgres:
            with conn.transaction():
                if snapshot:
                    conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                yield self
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run a write; returns the number of rows it changed."""
        conn = self._connect()
        if self.postgres:
            return conn.execute(self._sql(sql), tuple(params)).rowcount
        conn.execute(sql, tuple(params))
        return conn.changes()

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        conn = self._connect()
        if self.postgres:
            with conn.cursor() as cur:
                cur.executemany(self._sql(sql), rows)
        else:
            conn.executemany(sql, rows)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return list(self._connect().execute(self._sql(sql), tuple(params)).fetchall())

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def _create_schema(conn: Any, schema: str) -> None:
    """CREATE SCHEMA by one process at a time (replicas starting at once would collide in the
    catalog), under the archive's lock for the schema; nothing to do once it exists."""
    from psycopg import sql

    from saring.archive.postgres import lock_key

    if conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)).fetchone():
        return
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (lock_key(schema),))
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))


class State:
    """The operations the webhooks, the worker and the newsroom view need, as named steps."""

    def __init__(self, location: str, checkpoints: bool = True):
        """`checkpoints=False`: this process's inbox commits never copy the SQLite WAL back into
        the database (a webhook must not wait for that); the worker then calls
        `checkpoint_inbox` from time to time."""
        self.db = Database(location)
        self.inbox = Database(_sibling(location, "inbox"), checkpoints, durable=True)
        if self.db.postgres:
            self._migrate_postgres()
            return
        for db, schema in ((self.inbox, [s.format(serial="INTEGER") for s in INBOX_SCHEMA]),
                           (self.db, SCHEMA)):
            with db.transaction():
                for statement in schema:
                    db.execute(statement)
        have = {r[1] for r in self.inbox.query("PRAGMA table_info(ch_inbox)")}
        if set(INBOX_ADDED) - have:
            with self.inbox.transaction():
                self._add_columns(have, INBOX_ADDED)
        if self._meta("schema_version") < SCHEMA_VERSION:
            self.set_meta("schema_version", SCHEMA_VERSION)

    def _migrate_postgres(self) -> None:
        """Create or upgrade the tables, one replica at a time: the others wait on the lock and
        then find nothing left to do (concurrent CREATE TABLE IF NOT EXISTS can fail)."""
        from saring.archive.postgres import lock_key, split_schema

        if self.db.query("SELECT to_regclass('ch_meta') IS NOT NULL")[0][0] \
                and self._meta("schema_version") >= SCHEMA_VERSION:
            return
        schema = split_schema(self.db.location)[1] or "public"
        with self.db.transaction():
            self.db.execute("SELECT pg_advisory_xact_lock(?)", (lock_key(f"channels:{schema}"),))
            for statement in [s.format(serial="BIGSERIAL") for s in INBOX_SCHEMA] + SCHEMA:
                self.db.execute(statement)
            columns = dict(self.db.query(
                "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns"
                " WHERE table_name IN ('ch_inbox', 'ch_meta') AND table_schema = current_schema()"))
            self._add_columns({c.split(".")[1] for c in columns if c.startswith("ch_inbox.")},
                              {**INBOX_ADDED, **INBOX_ADDED_POSTGRES})
            self.db.execute("CREATE INDEX IF NOT EXISTS ch_inbox_xid ON ch_inbox (xid)")
            if columns.get("ch_meta.value") == "integer":  # xids need 64 bits
                self.db.execute("ALTER TABLE ch_meta ALTER COLUMN value TYPE BIGINT")
            self.set_meta("schema_version", SCHEMA_VERSION)

    def _add_columns(self, have: set[str], added: dict[str, str]) -> None:
        """Inside the caller's transaction: the columns `added` an older inbox lacks."""
        db = self.db if self.db.postgres else self.inbox  # PostgreSQL: the migrator's transaction
        for name, definition in added.items():
            if name not in have:
                db.execute(f"ALTER TABLE ch_inbox ADD COLUMN {name} {definition}")

    def close(self) -> None:
        self.db.close()
        self.inbox.close()

    # ------------------------------------------------------------------ inbound

    def record_inbound(self, messages: Sequence[Inbound]) -> int:
        """Persist before acknowledging; a message id seen before is ignored. Returns new rows."""
        return self.record_inbound_groups([messages])[0]

    def record_inbound_groups(self, groups: Sequence[Sequence[Inbound]]) -> list[int]:
        """Several webhooks' messages in one commit (group commit); new rows per group."""
        with self.inbox.transaction():
            return [sum(self.inbox.execute(
                "INSERT INTO ch_inbox (id, channel, user_id, msg_type, text, name, received_at,"
                " media) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                (m.id, m.channel, m.user_id, m.msg_type, m.text, m.name, m.received_at, m.media))
                for m in group) for group in groups]

    def pending(self, limit: int = 50_000) -> InboxRead:
        """Messages not closed yet, in arrival order, and where the next read may start.

        PostgreSQL: every transaction below the snapshot's xmin has ended, so a message not
        read now has an xid at least that; the mark (`advance`) never passes it."""
        columns = "id, channel, user_id, msg_type, text, name, received_at, seq, media"
        if not self.inbox.postgres:
            rows = self.inbox.query(f"SELECT {columns} FROM ch_inbox WHERE seq > ? ORDER BY seq"
                                    " LIMIT ?", (self._meta("inbox_low"), limit))
            messages = [Inbound(*r) for r in rows]
            done = self.closed_of([m.id for m in messages])
            return InboxRead([m for m in messages if m.id not in done],
                             last_seq=messages[-1].seq if messages else 0)
        mark = self._meta("inbox_xid")
        with self.inbox.transaction(snapshot=True):
            xmin = int(self.inbox.query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text")[0][0])
            rows = self.inbox.query(
                f"SELECT {columns}, xid::text::bigint FROM ch_inbox i WHERE xid >= ?::text::xid8"
                " AND NOT EXISTS (SELECT 1 FROM ch_done d WHERE d.id = i.id) ORDER BY xid, seq"
                " LIMIT ?", (mark, limit))
        messages = sorted((Inbound(*r) for r in rows), key=lambda m: m.seq)
        return InboxRead(messages, xmin=xmin,
                         last_xid=rows[-1][-1] if len(rows) == limit else None)

    def advance(self, read: InboxRead, waiting: Sequence[Inbound]) -> None:
        """After a read: every message of it but `waiting` is closed, so the next read may
        start past them (never past one that may still be committing)."""
        if self.inbox.postgres:
            marks = [read.xmin, *(m.xid for m in waiting)]
            self._raise_meta("inbox_xid", min(marks + ([read.last_xid] if read.last_xid else [])))
        elif read.last_seq:
            self.closed_up_to(min(m.seq for m in waiting) - 1 if waiting else read.last_seq)

    def closed_up_to(self, seq: int) -> None:
        """SQLite: every message up to `seq` is closed; later reads of the inbox start after it."""
        self._raise_meta("inbox_low", seq)

    def behind_mark(self) -> tuple[str, int]:
        """The condition (and its value) on ch_inbox rows the worker has closed and will not
        read again: the ones a purge may delete."""
        if self.inbox.postgres:
            return "xid < ?::text::xid8", self._meta("inbox_xid")
        return "seq <= ?", self._meta("inbox_low")

    def closed_of(self, ids: Sequence[str]) -> set[str]:
        """Those of the messages that are closed (answered, or closed without a reply)."""
        return self._present("ch_done", "id", ids)

    def forget_done(self, ids: Sequence[str]) -> int:
        """Delete the closing marks of these messages (purges); the number of rows deleted."""
        deleted = 0
        for chunk in _chunks(ids):
            deleted += self.db.execute(f"DELETE FROM ch_done WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
        return deleted

    def _present(self, table: str, column: str, values: Sequence[str]) -> set[str]:
        """Those of the values a table holds in a column (asked IN_CHUNK at a time)."""
        found: set[str] = set()
        for chunk in _chunks(values):
            found.update(r[0] for r in self.db.query(
                f"SELECT DISTINCT {column} FROM {table} WHERE {column} IN ({', '.join('?' * len(chunk))})", chunk))
        return found

    # A user's messages are answered by one replica at a time: it leases the user. With SQLite
    # there is one processor, and these are no-ops.

    def claim_users(self, keys: Sequence[str], owner: str, now: float, lease: float) -> list[str]:
        """Lease the users no one else holds (or whose lease ran out: its holder died); returns
        those taken. Sorted, so two replicas never wait on each other's rows in a cycle."""
        if not self.db.postgres or not keys:
            return list(keys)
        return sorted(r[0] for r in self.db.query(
            "INSERT INTO ch_claims (key, owner, until) SELECT k, ?, ? FROM unnest(?::text[]) AS k"
            " ORDER BY k ON CONFLICT (key) DO UPDATE SET owner = excluded.owner,"
            " until = excluded.until WHERE ch_claims.until < ? OR ch_claims.owner = excluded.owner"
            " RETURNING key", (owner, now + lease, sorted(keys), now)))

    def held_claims(self, keys: Sequence[str], owner: str) -> set[str]:
        """Inside the closing transaction: the leases still ours, locked until it commits (a
        replica taking one over after it expired waits, then finds the messages closed)."""
        if not self.db.postgres or not keys:
            return set(keys)
        return {r[0] for r in self.db.query(
            "SELECT key FROM ch_claims WHERE key = ANY(?) AND owner = ? ORDER BY key FOR UPDATE",
            (sorted(keys), owner))}

    def release_claims(self, keys: Sequence[str], owner: str) -> None:
        if self.db.postgres and keys:
            self.db.execute("DELETE FROM ch_claims WHERE key = ANY(?) AND owner = ?",
                            (list(keys), owner))

    def checkpoint_inbox(self) -> None:
        """Copy the inbox's SQLite WAL into its file without blocking the writer (PASSIVE)."""
        if not self.inbox.postgres:
            self.inbox.query("PRAGMA wal_checkpoint(PASSIVE)")

    def recent_inbound_count(self, channel: str, user_id: str, since: float) -> int:
        return int(self.inbox.query(
            "SELECT COUNT(*) FROM ch_inbox WHERE channel = ? AND user_id = ? AND received_at >= ?",
            (channel, user_id, since))[0][0])

    def mark_inbound(self, ids: Sequence[str], status: str, reply_id: str = "") -> None:
        """Close messages (inside the caller's transaction, with the reply it enqueued)."""
        now = time.time()
        self.db.executemany(
            "INSERT INTO ch_done (id, status, reply_id, at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (id) DO NOTHING", [(i, status, reply_id, now) for i in ids])

    def inbox_counts(self) -> dict[str, int]:
        """Messages by what became of them; "pending" are not closed yet."""
        counts = {r[0]: int(r[1]) for r in self.db.query(
            "SELECT status, COUNT(*) FROM ch_done GROUP BY status")}
        waiting = int(self.inbox.query("SELECT COUNT(*) FROM ch_inbox")[0][0]) - sum(counts.values())
        if waiting > 0:
            counts["pending"] = waiting
        return counts

    # ------------------------------------------------------------------ users

    def user(self, channel: str, user_id: str) -> dict[str, Any] | None:
        rows = self.db.query(
            "SELECT name, first_seen, last_inbound_at, last_query, last_top_id, last_answer_at,"
            " limited_notice_at FROM ch_users WHERE channel = ? AND user_id = ?",
            (channel, user_id))
        if not rows:
            return None
        keys = ("name", "first_seen", "last_inbound_at", "last_query", "last_top_id",
                "last_answer_at", "limited_notice_at")
        return dict(zip(keys, rows[0]))

    def touch_user(self, channel: str, user_id: str, name: str, at: float) -> None:
        """Remember the user's latest message: it opens WhatsApp's 24-hour service window."""
        self.db.execute(
            "INSERT INTO ch_users (channel, user_id, name, first_seen, last_inbound_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (channel, user_id) DO UPDATE SET"
            " name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE ch_users.name END,"
            " last_inbound_at = CASE WHEN excluded.last_inbound_at > ch_users.last_inbound_at"
            " THEN excluded.last_inbound_at ELSE ch_users.last_inbound_at END",
            (channel, user_id, name, at, at))

    def remember_answer(self, channel: str, user_id: str, query: str, top_id: str,
                        at: float) -> None:
        self.db.execute(
            "UPDATE ch_users SET last_query = ?, last_top_id = ?, last_answer_at = ?"
            " WHERE channel = ? AND user_id = ?", (query, top_id, at, channel, user_id))

    def clear_answer(self, channel: str, user_id: str) -> None:
        """After feedback: a second "1" is a new query, not a second vote."""
        self.db.execute("UPDATE ch_users SET last_answer_at = NULL WHERE channel = ? AND user_id = ?",
                        (channel, user_id))

    def set_limited_notice(self, channel: str, user_id: str, at: float) -> None:
        self.db.execute("UPDATE ch_users SET limited_notice_at = ? WHERE channel = ? AND user_id = ?",
                        (at, channel, user_id))

    # ------------------------------------------------------------------ subscribers, blocks

    def set_subscribed(self, channel: str, user_id: str, active: bool, at: float) -> None:
        self.db.execute(
            "INSERT INTO ch_subscribers (channel, user_id, active, since) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (channel, user_id) DO UPDATE SET active = excluded.active,"
            " since = excluded.since", (channel, user_id, int(active), at))

    def is_subscribed(self, channel: str, user_id: str) -> bool:
        return bool(self._count("SELECT COUNT(*) FROM ch_subscribers WHERE channel = ?"
                                " AND user_id = ? AND active = 1", (channel, user_id)))

    def subscribers(self) -> list[tuple[str, str, float | None]]:
        """(channel, user, last inbound time) of every active subscriber."""
        return [tuple(r) for r in self.db.query(
            "SELECT s.channel, s.user_id, u.last_inbound_at FROM ch_subscribers s"
            " LEFT JOIN ch_users u ON u.channel = s.channel AND u.user_id = s.user_id"
            " WHERE s.active = 1 ORDER BY s.channel, s.user_id")]

    def block(self, channel: str, user_id: str, reason: str = "") -> None:
        self.db.execute(
            "INSERT INTO ch_blocked (channel, user_id, reason, at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (channel, user_id) DO UPDATE SET reason = excluded.reason",
            (channel, user_id, reason, time.time()))

    def unblock(self, channel: str, user_id: str) -> bool:
        with self.db.transaction():
            return self.db.execute("DELETE FROM ch_blocked WHERE channel = ? AND user_id = ?",
                                   (channel, user_id)) > 0

    def is_blocked(self, channel: str, user_id: str) -> bool:
        return bool(self._count("SELECT COUNT(*) FROM ch_blocked WHERE channel = ? AND user_id = ?",
                                (channel, user_id)))

    def blocked(self) -> list[tuple[str, str, str]]:
        return [tuple(r) for r in self.db.query(
            "SELECT channel, user_id, reason FROM ch_blocked ORDER BY channel, user_id")]

    # ------------------------------------------------------------------ feedback

    def add_feedback(self, message_id: str, channel: str, user_id: str, query: str,
                     top_id: str, helpful: bool, at: float) -> None:
        self.db.execute(
            "INSERT INTO ch_feedback (id, channel, user_id, query, top_id, helpful, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            (message_id, channel, user_id, query, top_id, int(helpful), at))

    def feedback_counts(self, since: float = 0.0) -> list[tuple[str, int, int]]:
        """(channel, helpful, not helpful) since a time."""
        return [tuple(r) for r in self.db.query(
            "SELECT channel, SUM(helpful), SUM(1 - helpful) FROM ch_feedback WHERE at >= ?"
            " GROUP BY channel ORDER BY channel", (since,))]

    # ------------------------------------------------------------------ outbox

    def enqueue(self, row_id: str, channel: str, user_id: str, purpose: str,
                payload: dict[str, Any], at: float, template: str = "",
                window_ends_at: float | None = None) -> bool:
        """Add a message to send; the same id twice is one message. True when it was new."""
        return self.db.execute(
            "INSERT INTO ch_outbox (id, channel, user_id, purpose, payload, template,"
            " created_at, window_ends_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO NOTHING",
            (row_id, channel, user_id, purpose, json.dumps(payload, ensure_ascii=False),
             template, at, window_ends_at, at)) > 0

    def due(self, now: float, limit: int = 200) -> list[OutboxRow]:
        """Rows to send now: pending ones whose time came, and "sending" ones whose send was
        cut short by a crash and never confirmed (see `claim`)."""
        rows = self.db.query(
            f"SELECT {OUTBOX_COLUMNS} FROM ch_outbox WHERE status IN ('pending', 'sending')"
            " AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at LIMIT ?", (now, limit))
        return [_outbox_row(r) for r in rows]

    def claim_due(self, now: float, until: dict[str, float], limit: int = 200) -> list[OutboxRow]:
        """`due` and `claim` in one step: with PostgreSQL the rows are taken with FOR UPDATE
        SKIP LOCKED, so a row goes to one sender of all the replicas."""
        if not self.db.postgres:
            due = self.due(now, limit)
            if due:
                self.claim(due, until)
            return due
        cases = " ".join("WHEN ? THEN ?" for _ in until)
        rows = self.db.query(
            "WITH d AS (SELECT id FROM ch_outbox WHERE status IN ('pending', 'sending')"
            " AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at LIMIT ?"
            f" FOR UPDATE SKIP LOCKED) UPDATE ch_outbox o SET status = 'sending',"
            f" next_attempt_at = CASE o.channel {cases} ELSE ? END FROM d WHERE o.id = d.id"
            f" RETURNING {', '.join('o.' + c for c in OUTBOX_COLUMNS.split(', '))}",
            (now, limit, *(v for item in until.items() for v in item), max(until.values())))
        return [_outbox_row(r) for r in rows]

    def claim(self, rows: Sequence[OutboxRow], until: dict[str, float]) -> None:
        """Mark rows as being sent, each in doubt after `until[channel]`: a process killed
        between the platform's 200 and `record_results` leaves them "sending", and they are
        sent again only if no delivery status confirms them before that time."""
        with self.db.transaction():
            self.db.executemany(
                "UPDATE ch_outbox SET status = 'sending', next_attempt_at = ? WHERE id = ?"
                " AND status IN ('pending', 'sending')",
                [(until[r.channel], r.id) for r in rows])

    def confirm_sent(self, confirmations: Sequence[tuple[str, str]]) -> int:
        """(row id, platform message id) from delivery statuses: rows not yet marked sent are
        sent (their send was cut short after the platform took it). Returns rows changed."""
        ids = [row_id for row_id, _ in confirmations]
        if not ids:
            return 0
        open_ids = {r[0] for r in self.db.query(
            f"SELECT id FROM ch_outbox WHERE status IN ('pending', 'sending') AND id IN"
            f" ({', '.join('?' * len(ids))})", ids)}  # usually none: no write at all
        if not open_ids:
            return 0
        now = time.time()
        with self.db.transaction():
            return sum(self.db.execute(
                "UPDATE ch_outbox SET status = 'sent', remote_id = ?, sent_at = ?, last_error = ''"
                " WHERE id = ? AND status IN ('pending', 'sending')", (remote, now, row_id))
                for row_id, remote in confirmations if row_id in open_ids)

    def next_due_at(self) -> float | None:
        rows = self.db.query("SELECT MIN(next_attempt_at) FROM ch_outbox"
                             " WHERE status IN ('pending', 'sending')")
        return rows[0][0] if rows else None

    def record_results(self, results: Sequence[SendResult]) -> None:
        """Write a batch of send outcomes in one commit."""
        now = time.time()
        with self.db.transaction():
            self.db.executemany(
                "UPDATE ch_outbox SET status = 'sent', attempts = attempts + 1, remote_id = ?,"
                " last_error = '', sent_at = ?, template = ? WHERE id = ?"
                " AND status IN ('pending', 'sending')",
                [(r.detail, now, r.template, r.id) for r in results if r.status == "sent"])
            self.db.executemany(
                "UPDATE ch_outbox SET status = ?, attempts = attempts + 1, last_error = ?,"
                " template = ?, next_attempt_at = ? WHERE id = ? AND status IN ('pending', 'sending')",
                [(r.status, r.detail[:500], r.template, r.next_attempt_at, r.id)
                 for r in results if r.status != "sent"])

    def outbox_counts(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self.db.query(
            "SELECT status, COUNT(*) FROM ch_outbox GROUP BY status")}

    # ------------------------------------------------------------------ broadcasts

    def broadcast_done(self, item_id: str) -> bool:
        return bool(self._count("SELECT COUNT(*) FROM ch_broadcasts WHERE item_id = ?", (item_id,)))

    def mark_broadcast(self, item_id: str, title: str, queued: int, at: float,
                       verdict: str = "") -> None:
        self.db.execute("INSERT INTO ch_broadcasts (item_id, title, at, queued) VALUES (?, ?, ?, ?)"
                        " ON CONFLICT (item_id) DO NOTHING", (item_id, title, at, queued))
        self.set_broadcast_verdict(item_id, verdict)

    def broadcast_verdict(self, item_id: str) -> str | None:
        """The verdict a fact-check was announced with (None: not announced, or before this
        was kept)."""
        rows = self.db.query("SELECT verdict FROM ch_broadcast_verdicts WHERE item_id = ?", (item_id,))
        return rows[0][0] if rows else None

    def broadcast_verdicts(self, item_ids: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for start in range(0, len(item_ids), 500):
            chunk = list(item_ids[start:start + 500])
            out.update((r[0], r[1]) for r in self.db.query(
                f"SELECT item_id, verdict FROM ch_broadcast_verdicts WHERE item_id IN"
                f" ({', '.join('?' * len(chunk))})", chunk))
        return out

    def set_broadcast_verdict(self, item_id: str, verdict: str) -> None:
        self.db.execute("INSERT INTO ch_broadcast_verdicts (item_id, verdict) VALUES (?, ?)"
                        " ON CONFLICT (item_id) DO UPDATE SET verdict = excluded.verdict",
                        (item_id, verdict))

    # ------------------------------------------------------------------ archive changes

    def generation(self) -> int:
        """A counter bumped whenever the server changed the archive (cached answers expire)."""
        return self._meta("generation")

    def bump_generation(self) -> None:
        self.db.execute("INSERT INTO ch_meta (key, value) VALUES ('generation', 1) ON CONFLICT (key)"
                        " DO UPDATE SET value = ch_meta.value + 1")

    # ------------------------------------------------------------------ questions and askers

    def open_questions(self, since: float = 0.0) -> list[tuple[str, str]]:
        """(id, question) of the groups still waiting for an answer, asked since a time."""
        return [tuple(r) for r in self.db.query(
            "SELECT id, question FROM ch_questions WHERE status = 'open' AND updated_at >= ?"
            " ORDER BY created_at, id", (since,))]

    def question(self, question_id: str) -> dict[str, Any] | None:
        keys = ("id", "question", "status", "item_id", "duplicate_of", "assignee", "note",
                "suggested", "created_at", "updated_at")
        rows = self.db.query(f"SELECT {', '.join(keys)} FROM ch_questions WHERE id = ?",
                             (question_id,))
        return dict(zip(keys, rows[0])) if rows else None

    def add_question(self, question_id: str, question: str, at: float) -> None:
        self.db.execute(
            "INSERT INTO ch_questions (id, question, created_at, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (id) DO NOTHING", (question_id, question, at, at))

    def add_asker(self, question_id: str, channel: str, user_id: str, message_id: str,
                  text: str, at: float) -> None:
        """One row per reader and group: asking again keeps the first message, and the group
        counts as asked again (it stays in the queue's recent part)."""
        self.db.execute(
            "INSERT INTO ch_askers (question_id, channel, user_id, message_id, text, asked_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (question_id, channel, user_id) DO NOTHING",
            (question_id, channel, user_id, message_id, text, at))
        self.db.execute("UPDATE ch_questions SET updated_at = ? WHERE id = ? AND updated_at < ?",
                        (at, question_id, at))

    def update_question(self, question_id: str, at: float, **fields: str) -> bool:
        """Set status, item_id, duplicate_of, assignee or note; False if there is no such group."""
        allowed = {"status", "item_id", "duplicate_of", "assignee", "note", "suggested"}
        if not fields or set(fields) - allowed:
            raise ValueError(f"cannot set {sorted(set(fields) - allowed)}")
        names = sorted(fields)
        assignments = ", ".join(f"{name} = ?" for name in names)
        return self.db.execute(
            f"UPDATE ch_questions SET {assignments}, updated_at = ? WHERE id = ?",
            [fields[n] for n in names] + [at, question_id]) > 0

    def askers(self, question_ids: Sequence[str]) -> list[dict[str, Any]]:
        """Everyone who asked one of these groups, first question first."""
        if not question_ids:
            return []
        keys = ("question_id", "channel", "user_id", "message_id", "text", "asked_at", "notice",
                "noticed_at")
        return [dict(zip(keys, r)) for r in self.db.query(
            f"SELECT {', '.join(keys)} FROM ch_askers WHERE question_id IN"
            f" ({', '.join('?' * len(question_ids))}) ORDER BY asked_at, channel, user_id",
            list(question_ids))]

    def set_notice(self, question_id: str, channel: str, user_id: str, notice: str,
                   at: float) -> None:
        """What became of telling an asker: "text", "template", or "skipped" (why nothing
        could be sent)."""
        self.db.execute(
            "UPDATE ch_askers SET notice = ?, noticed_at = ? WHERE question_id = ? AND channel = ?"
            " AND user_id = ?", (notice, at, question_id, channel, user_id))

    def duplicates_of(self, question_id: str) -> list[str]:
        return [r[0] for r in self.db.query(
            "SELECT id FROM ch_questions WHERE duplicate_of = ? AND status = 'duplicate'",
            (question_id,))]

    def questions(self, status: str | None = None, limit: int = 200,
                  offset: int = 0) -> list[dict[str, Any]]:
        """Groups with their number of askers, most asked first."""
        where, params = ("WHERE q.status = ?", [status]) if status else ("", [])
        keys = ("id", "question", "status", "item_id", "duplicate_of", "assignee", "note",
                "suggested", "created_at", "updated_at")
        columns = ", ".join("q." + k for k in keys)
        rows = self.db.query(
            f"SELECT {columns}, COUNT(a.user_id) FROM ch_questions q"
            f" LEFT JOIN ch_askers a ON a.question_id = q.id {where} GROUP BY {columns}"
            " ORDER BY COUNT(a.user_id) DESC, q.updated_at DESC LIMIT ? OFFSET ?",
            params + [limit, offset])
        return [dict(zip((*keys, "askers"), r)) for r in rows]

    def notice_counts(self) -> dict[str, int]:
        return {r[0]: int(r[1]) for r in self.db.query(
            "SELECT notice, COUNT(*) FROM ch_askers WHERE notice <> '' GROUP BY notice")}

    # ------------------------------------------------------------------ verdicts told

    def told(self, item_id: str, channel: str, user_id: str, verdict: str, score: float,
             query: str, at: float) -> None:
        self.db.execute(
            "INSERT INTO ch_told (item_id, channel, user_id, verdict, score, query, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (item_id, channel, user_id) DO UPDATE SET"
            " verdict = excluded.verdict, score = excluded.score, query = excluded.query,"
            " at = excluded.at", (item_id, channel, user_id, verdict, score, query, at))

    def set_told_verdict(self, item_id: str, channel: str, user_id: str, verdict: str) -> None:
        self.db.execute("UPDATE ch_told SET verdict = ? WHERE item_id = ? AND channel = ?"
                        " AND user_id = ?", (verdict, item_id, channel, user_id))

    def told_items(self, item_ids: Sequence[str]) -> set[str]:
        """Those of the items some reader was told a verdict about."""
        return self._present("ch_told", "item_id", item_ids)

    def told_other_verdict(self, item_id: str, verdict: str) -> list[tuple[str, str, str]]:
        """(channel, user, verdict told) of the readers told something else about an item."""
        return [tuple(r) for r in self.db.query(
            "SELECT channel, user_id, verdict FROM ch_told WHERE item_id = ? AND verdict <> ?"
            " ORDER BY channel, user_id", (item_id, verdict))]

    def unsure_answers(self, below: float, since: float, limit: int = 100) -> list[dict[str, Any]]:
        keys = ("item_id", "channel", "user_id", "verdict", "score", "query", "at")
        return [dict(zip(keys, r)) for r in self.db.query(
            f"SELECT {', '.join(keys)} FROM ch_told WHERE score < ? AND at >= ?"
            " ORDER BY at DESC LIMIT ?", (below, since, limit))]

    def unhelpful(self, since: float, limit: int = 100) -> list[dict[str, Any]]:
        keys = ("channel", "user_id", "query", "top_id", "at")
        return [dict(zip(keys, r)) for r in self.db.query(
            f"SELECT {', '.join(keys)} FROM ch_feedback WHERE helpful = 0 AND at >= ?"
            " ORDER BY at DESC LIMIT ?", (since, limit))]

    # ------------------------------------------------------------------ archive versions seen

    def seen_versions(self, item_ids: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for start in range(0, len(item_ids), 500):
            chunk = list(item_ids[start:start + 500])
            out.update((r[0], r[1]) for r in self.db.query(
                f"SELECT item_id, updated_at FROM ch_seen_items WHERE item_id IN"
                f" ({', '.join('?' * len(chunk))})", chunk))
        return out

    def mark_seen(self, versions: Sequence[tuple[str, str]]) -> None:
        self.db.executemany(
            "INSERT INTO ch_seen_items (item_id, updated_at) VALUES (?, ?) ON CONFLICT (item_id)"
            " DO UPDATE SET updated_at = excluded.updated_at", [tuple(v) for v in versions])

    # ------------------------------------------------------------------ watched feeds

    def feed(self, url: str) -> dict[str, Any]:
        rows = self.db.query("SELECT etag, last_modified, error, failures, checked_at FROM ch_feeds"
                             " WHERE url = ?", (url,))
        values = rows[0] if rows else ("", "", "", 0, 0.0)
        return dict(zip(("etag", "last_modified", "error", "failures", "checked_at"), values))

    def save_feed(self, url: str, etag: str, last_modified: str, error: str, failures: int,
                  at: float) -> None:
        self.db.execute(
            "INSERT INTO ch_feeds (url, etag, last_modified, error, failures, checked_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,"
            " last_modified = excluded.last_modified, error = excluded.error,"
            " failures = excluded.failures, checked_at = excluded.checked_at",
            (url, etag[:500], last_modified[:100], error, failures, at))

    def failing_feeds(self) -> list[dict[str, Any]]:
        keys = ("url", "error", "failures", "checked_at")
        return [dict(zip(keys, r)) for r in self.db.query(
            f"SELECT {', '.join(keys)} FROM ch_feeds WHERE failures > 0 ORDER BY failures DESC, url")]

    def feed_entries_seen(self, links: Sequence[str]) -> set[str]:
        return self._present("ch_feed_entries", "link", links)

    def mark_feed_entries(self, links: Sequence[str], feed: str, at: float) -> None:
        self.db.executemany("INSERT INTO ch_feed_entries (link, feed, at) VALUES (?, ?, ?)"
                            " ON CONFLICT (link) DO NOTHING", [(link, feed, at) for link in links])

    def meta(self, key: str) -> int:
        return self._meta(key)

    def set_meta(self, key: str, value: int) -> None:
        self.db.execute("INSERT INTO ch_meta (key, value) VALUES (?, ?) ON CONFLICT (key)"
                        " DO UPDATE SET value = excluded.value", (key, value))

    def outbox_problems(self, limit: int = 50) -> list[dict[str, Any]]:
        """The latest sends that failed or expired, with the platform's reason."""
        keys = ("id", "channel", "user_id", "purpose", "status", "last_error", "created_at")
        return [dict(zip(keys, r)) for r in self.db.query(
            f"SELECT {', '.join(keys)} FROM ch_outbox WHERE status IN ('failed', 'expired')"
            " ORDER BY created_at DESC LIMIT ?", (limit,))]

    # ------------------------------------------------------------------ shared limits

    def hit(self, key: str, slot: int) -> int:
        """Count one request of `key` in time slot `slot`; returns the slot's count so far
        (every replica's requests together)."""
        return int(self.db.query(
            "INSERT INTO ch_hits (key, slot, hits) VALUES (?, ?, 1) ON CONFLICT (key, slot)"
            " DO UPDATE SET hits = ch_hits.hits + 1 RETURNING hits", (key, slot))[0][0])

    def forget_hits(self, before: int) -> None:
        self.db.execute("DELETE FROM ch_hits WHERE slot < ?", (before,))

    # ------------------------------------------------------------------ helpers

    def _raise_meta(self, key: str, value: int) -> None:
        """Set a counter that only grows (writers racing each other keep the largest)."""
        self.db.execute("INSERT INTO ch_meta (key, value) VALUES (?, ?) ON CONFLICT (key)"
                        " DO UPDATE SET value = CASE WHEN excluded.value > ch_meta.value"
                        " THEN excluded.value ELSE ch_meta.value END", (key, value))

    def _meta(self, key: str) -> int:
        rows = self.db.query("SELECT value FROM ch_meta WHERE key = ?", (key,))
        return int(rows[0][0]) if rows else 0

    def _count(self, sql: str, params: Sequence[Any] = ()) -> int:
        return int(self.db.query(sql, params)[0][0] or 0)


IN_CHUNK = 500  # values per IN (...) list: under SQLite's bound-parameter limit


def _chunks(values: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), IN_CHUNK):
        yield list(values[start:start + IN_CHUNK])
