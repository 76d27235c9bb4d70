"""WhatsApp Cloud API: verify and read webhooks, build the Graph API requests that reply.

Only the transport lives here (what Meta sends, what Meta expects); what to answer is the
conversation's business (`conversation.py`), when to send is the outbox's (`worker.py`).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from typing import Any

from saring.channels.settings import Settings
from saring.channels.state import Inbound, OutboxRow

log = logging.getLogger("saring.channels")

CHANNEL = "whatsapp"
PREFIX = "wa:"
MAX_TEXT = 4096
# Graph error codes that mean "the 24-hour window is closed: only a template may be sent".
WINDOW_CLOSED_CODES = {131047, 470}
# Graph error codes that mean "slow down" whatever the HTTP status.
THROTTLED_CODES = {4, 80007, 130429, 131048, 131056}
# Message types that may carry a caption.
_CAPTIONED = ("image", "video", "document")


class WebhookError(ValueError):
    """The body is not a WhatsApp webhook (the HTTP layer answers 400)."""


def signature_ok(secret: str, body: bytes, header: str | None) -> bool:
    """`X-Hub-Signature-256: sha256=<hex HMAC of the raw body>`, compared in constant time."""
    if not secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest().encode()
    given = header[len("sha256="):].strip().lower().encode("utf-8", "replace")  # any header text
    return hmac.compare_digest(expected, given)


def sign(secret: str, body: bytes) -> str:
    """The header value Meta would send (used by the tests and the load generator)."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def parse_webhook(data: Any, received_at: float | None = None) -> list[Inbound]:
    """The messages in a webhook; reactions are acknowledged and dropped, statuses are read
    by `delivered`.

    Text, button and interactive replies carry text; images, videos and documents carry their
    caption (an image or a document that is an image becomes "image", with its media id); any
    other type (audio, location, sticker, ...) becomes an Inbound with its type and no text,
    answered politely.
    """
    if not isinstance(data, dict) or not isinstance(data.get("entry", []), list):
        raise WebhookError("not a WhatsApp webhook: expected an object with an 'entry' list")
    received_at = time.time() if received_at is None else received_at
    out: list[Inbound] = []
    for entry in data.get("entry") or []:
        for change in _list(entry, "changes"):
            value = change.get("value") if isinstance(change, dict) else None
            if not isinstance(value, dict):
                continue
            names = {c["wa_id"]: _profile_name(c.get("profile")) for c in _list(value, "contacts")
                     if isinstance(c, dict) and isinstance(c.get("wa_id"), str)}
            for msg in _list(value, "messages"):
                try:
                    inbound = _message(msg, names, received_at)
                except Exception as exc:  # one odd message never costs the others their answer
                    log.warning("skipped a WhatsApp message that could not be read: %s: %s",
                                type(exc).__name__, exc)
                    continue
                if inbound is not None:
                    out.append(inbound)
    return out


def _profile_name(profile: Any) -> str:
    name = profile.get("name", "") if isinstance(profile, dict) else ""
    return name if isinstance(name, str) else ""


def _list(obj: Any, key: str) -> list:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, list) else []


def _message(msg: Any, names: dict, received_at: float) -> Inbound | None:
    if not isinstance(msg, dict):
        return None
    msg_id, sender, msg_type = msg.get("id"), msg.get("from"), msg.get("type")
    if not (isinstance(msg_id, str) and isinstance(sender, str) and isinstance(msg_type, str)):
        return None
    if msg_type == "reaction":
        return None
    text = ""
    if msg_type == "text":
        text = str((msg.get("text") or {}).get("body", ""))
    elif msg_type == "button":
        text, msg_type = str((msg.get("button") or {}).get("text", "")), "text"
    elif msg_type == "interactive":
        reply = msg.get("interactive") or {}
        chosen = reply.get("button_reply") or reply.get("list_reply") or {}
        text, msg_type = str(chosen.get("title", "")), "text"
    media = ""
    if msg_type in _CAPTIONED and isinstance(msg.get(msg_type), dict):
        attached = msg[msg_type]
        text = str(attached.get("caption") or "")
        mime = str(attached.get("mime_type") or "").lower()
        if msg_type == "image" or mime.startswith("image/"):
            msg_type, media = "image", str(attached.get("id") or "")[:512]
    name = names.get(sender, "")
    return Inbound(id=PREFIX + msg_id, channel=CHANNEL, user_id=sender, msg_type=msg_type,
                   text=text, name=name if isinstance(name, str) else "", received_at=received_at,
                   media=media)


def delivered(data: Any) -> list[tuple[str, str]]:
    """(outbox id, wamid) of every message a status in the webhook says went out: our
    `biz_opaque_callback_data` comes back in each status."""
    out = []
    for entry in data.get("entry") or [] if isinstance(data, dict) else []:
        for change in _list(entry, "changes"):
            for status in _list(change.get("value") if isinstance(change, dict) else None, "statuses"):
                if isinstance(status, dict) and status.get("status") in ("sent", "delivered", "read") \
                        and isinstance(status.get("biz_opaque_callback_data"), str):
                    out.append((status["biz_opaque_callback_data"], str(status.get("id", ""))))
    return out


def request(settings: Settings, row: OutboxRow) -> tuple[str, dict[str, str], dict[str, Any]]:
    """(url, headers, JSON body) of the Graph API call that sends an outbox row."""
    url = f"{settings.graph_base.rstrip('/')}/{settings.phone_number_id}/messages"
    headers = {"Authorization": f"Bearer {settings.access_token}"}
    body: dict[str, Any] = {"messaging_product": "whatsapp", "recipient_type": "individual",
                            "to": row.user_id, "biz_opaque_callback_data": row.id}
    if row.template:
        body["type"] = "template"
        body["template"] = {
            "name": row.template,
            "language": {"code": settings.template_language},
            "components": [{"type": "body", "parameters": [
                {"type": "text", "text": str(p)[:1000]} for p in row.payload.get("params", [])]}],
        }
    else:
        body["type"] = "text"
        body["text"] = {"body": row.payload["text"][:MAX_TEXT], "preview_url": False}
        reply_to = row.payload.get("reply_to", "")
        if reply_to.startswith(PREFIX):
            body["context"] = {"message_id": reply_to[len(PREFIX):]}
    return url, headers, body


def sent_id(data: Any) -> str:
    """The wamid of a sent message from a successful Graph response."""
    try:
        return str(data["messages"][0]["id"])
    except (KeyError, IndexError, TypeError):
        return ""


def error_code(data: Any) -> int:
    try:
        return int(data["error"]["code"])
    except (KeyError, TypeError, ValueError):
        return 0
