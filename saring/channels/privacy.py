"""What saring keeps about readers, and how it lets go of it.

User ids (phone numbers on WhatsApp) leave the server only hashed: exports and counts carry a
keyed hash, so a leaked export cannot be turned back into numbers by trying them all.
Messages and what is known about their senders are kept `retention_days` (the worker purges
older rows), and "HAPUS DATA" deletes everything kept about the sender at once.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import time
from datetime import UTC, datetime
from typing import Any

from saring.channels.settings import Settings
from saring.channels.state import State


def hash_key(settings: Settings) -> bytes:
    """The key of user-id hashes: `hash_key` if set, else a secret the server has anyway."""
    secret = (settings.hash_key or settings.app_secret or settings.telegram_secret
              or settings.admin_password or settings.admin_key)
    return ("saring-user:" + secret).encode()


def user_hash(settings: Settings, channel: str, user_id: str) -> str:
    return hmac.new(hash_key(settings), f"{channel}:{user_id}".encode(), hashlib.sha256).hexdigest()[:16]


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet shows as text (never as a formula: a reader wrote it)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _iso(epoch: float | None) -> str:
    return "" if epoch is None else datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


EXPORT_COLUMNS = ["received_at", "channel", "user", "message_type", "message", "status",
                  "reply_purpose", "reply_status", "reply"]


def export_csv(state: State, settings: Settings, since: float, until: float) -> str:
    """Requests received in [since, until) with what became of them and the reply sent,
    users hashed."""
    messages = state.inbox.query(
        "SELECT id, channel, user_id, msg_type, text, received_at FROM ch_inbox"
        " WHERE received_at >= ? AND received_at < ? ORDER BY received_at, seq", (since, until))
    done: dict[str, tuple[str, str]] = {}
    replies: dict[str, tuple[str, str, str]] = {}
    ids = [m[0] for m in messages]
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        done.update((r[0], (r[1], r[2])) for r in state.db.query(
            f"SELECT id, status, reply_id FROM ch_done WHERE id IN ({marks})", chunk))
    reply_ids = [reply for _, reply in done.values() if reply]
    for start in range(0, len(reply_ids), 500):
        chunk = reply_ids[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        replies.update((r[0], (r[1], r[2], r[3])) for r in state.db.query(
            f"SELECT id, purpose, status, payload FROM ch_outbox WHERE id IN ({marks})", chunk))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for msg_id, channel, user_id, msg_type, text, received_at in messages:
        status, reply_id = done.get(msg_id, ("pending", ""))
        purpose, reply_status, payload = replies.get(reply_id, ("", "", "{}"))
        reply = json.loads(payload).get("text", "") if payload else ""
        writer.writerow([_cell(v) for v in (_iso(received_at), channel,
                                            user_hash(settings, channel, user_id), msg_type, text,
                                            status, purpose, reply_status, reply)])
    return out.getvalue()


# Tables of the channel state that name a user: (table, channel column, user column).
_USER_TABLES = [("ch_users", "channel", "user_id"), ("ch_subscribers", "channel", "user_id"),
                ("ch_feedback", "channel", "user_id"), ("ch_askers", "channel", "user_id"),
                ("ch_told", "channel", "user_id"), ("ch_outbox", "channel", "user_id")]


def forget_user(state: State, channel: str, user_id: str) -> int:
    """Delete what saring keeps about one reader (inside the caller's transaction for the
    state; the inbox is its own database). Blocks stay: they protect the tipline. Returns
    the number of rows deleted."""
    deleted = 0
    ids = [r[0] for r in state.inbox.query(
        "SELECT id FROM ch_inbox WHERE channel = ? AND user_id = ?", (channel, user_id))]
    deleted += state.forget_done(ids)
    for table, channel_column, user_column in _USER_TABLES:
        deleted += state.db.execute(
            f"DELETE FROM {table} WHERE {channel_column} = ? AND {user_column} = ?", (channel, user_id))
    with state.inbox.transaction():
        deleted += state.inbox.execute("DELETE FROM ch_inbox WHERE channel = ? AND user_id = ?",
                                       (channel, user_id))
    return deleted


def purge(state: State, retention_days: float, now: float | None = None,
          report_days: float = 30.0) -> int:
    """Delete messages, replies and reader records older than the retention period (0 keeps
    everything). Subscribers stay subscribed; a question still waiting for its answer keeps
    its askers until report_days is over as well. Returns the rows deleted."""
    if retention_days <= 0:
        return 0
    now = time.time() if now is None else now
    before = now - retention_days * 86400
    deleted = 0
    with state.db.transaction():
        behind, mark = state.behind_mark()
        old = [r[0] for r in state.inbox.query(
            f"SELECT id FROM ch_inbox WHERE received_at < ? AND {behind}", (before, mark))]
        deleted += state.forget_done(old)
        for sql in ("DELETE FROM ch_outbox WHERE created_at < ? AND status NOT IN ('pending', 'sending')",
                    "DELETE FROM ch_feedback WHERE at < ?",
                    "DELETE FROM ch_told WHERE at < ?",
                    "DELETE FROM ch_users WHERE last_inbound_at < ? AND NOT EXISTS (SELECT 1 FROM"
                    " ch_subscribers s WHERE s.channel = ch_users.channel AND s.user_id ="
                    " ch_users.user_id AND s.active = 1)"):
            deleted += state.db.execute(sql, (before,))
        deleted += state.db.execute("DELETE FROM ch_askers WHERE asked_at < ?",
                                    (min(before, now - report_days * 86400),))
        deleted += state.db.execute(
            "DELETE FROM ch_questions WHERE updated_at < ? AND NOT EXISTS (SELECT 1 FROM ch_askers a"
            " WHERE a.question_id = ch_questions.id)", (before,))
    with state.inbox.transaction():
        deleted += state.inbox.execute(f"DELETE FROM ch_inbox WHERE received_at < ? AND {behind}",
                                       (before, mark))
    return deleted
