"""Telegram Bot API: read webhook updates and build the `sendMessage` calls that reply."""

from __future__ import annotations

import hmac
import html
import re
import time
from typing import Any

from saring.channels.settings import Settings
from saring.channels.state import Inbound, OutboxRow

CHANNEL = "telegram"
PREFIX = "tg:"
MAX_TEXT = 4096
# Update fields that carry a message a person sent (edits are not new questions).
_MESSAGE_KEYS = ("message", "channel_post")
_MEDIA_TYPES = ("photo", "voice", "audio", "video", "video_note", "document", "sticker",
                "location", "venue", "contact", "poll", "animation")


# Telegram offers each photo in several sizes; the largest up to this many pixels is read
# (enough for the text of a phone screenshot).
PHOTO_MAX_PIXELS = 2_500_000

# Replies are written with WhatsApp's markup; Telegram gets the same emphasis as HTML.
_MARKUP = [(re.compile(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])"), r"<b>\1</b>"),
           (re.compile(r"(?<![\w/])_([^_\n]+)_(?!\w)"), r"<i>\1</i>"),
           (re.compile(r"(?<!\w)~([^~\n]+)~(?!\w)"), r"<s>\1</s>")]


class UpdateError(ValueError):
    """The body is not a Telegram update (the HTTP layer answers 400)."""


def secret_ok(secret: str, header: str | None) -> bool:
    """`X-Telegram-Bot-Api-Secret-Token` equals the secret given to setWebhook."""
    return bool(secret) and header is not None and \
        hmac.compare_digest(secret.encode(), header.encode("utf-8", "replace"))  # any header text


def parse_update(data: Any, received_at: float | None = None) -> list[Inbound]:
    """The message in an update (zero or one); other update kinds are acknowledged and dropped."""
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        raise UpdateError("not a Telegram update: expected an object with an integer update_id")
    received_at = time.time() if received_at is None else received_at
    msg = next((data[k] for k in _MESSAGE_KEYS if isinstance(data.get(k), dict)), None)
    if msg is None:
        return []
    chat = msg.get("chat")
    chat_id, message_id = chat.get("id") if isinstance(chat, dict) else None, msg.get("message_id")
    if not isinstance(chat_id, int) or not isinstance(message_id, int):
        return []
    sender = msg.get("from") if isinstance(msg.get("from"), dict) else {}
    name = " ".join(str(sender.get(k, "")) for k in ("first_name", "last_name")).strip()
    media = ""
    if isinstance(msg.get("text"), str):
        msg_type, text = "text", msg["text"]
    else:
        msg_type = next((t for t in _MEDIA_TYPES if t in msg), "other")
        caption = msg.get("caption")
        text = caption if isinstance(caption, str) else ""
        if msg_type in ("photo", "document"):
            media = _picture(msg[msg_type])
            msg_type = "image" if media else msg_type
    return [Inbound(id=f"{PREFIX}{chat_id}:{message_id}", channel=CHANNEL, user_id=str(chat_id),
                    msg_type=msg_type, text=text, name=name, received_at=received_at, media=media)]


def _picture(attached: Any) -> str:
    """The file_id to download: the largest photo size within the pixel cap, or a document
    that is an image ("" when there is none)."""
    if isinstance(attached, dict):  # a document
        mime = str(attached.get("mime_type") or "").lower()
        file_id = attached.get("file_id")
        return file_id[:512] if mime.startswith("image/") and isinstance(file_id, str) else ""
    sizes = [p for p in attached if isinstance(p, dict) and isinstance(p.get("file_id"), str)] \
        if isinstance(attached, list) else []
    fitting = [p for p in sizes if _pixels(p) <= PHOTO_MAX_PIXELS] or sizes[:1]
    return max(fitting, key=_pixels)["file_id"][:512] if fitting else ""


def _pixels(photo: dict) -> int:
    width, height = photo.get("width"), photo.get("height")
    return width * height if isinstance(width, int) and isinstance(height, int) else 0


def to_html(text: str) -> str:
    """WhatsApp markup (*bold*, _italic_, ~strike~) as Telegram HTML, everything else escaped."""
    out = html.escape(text, quote=False)
    for pattern, replacement in _MARKUP:
        out = pattern.sub(replacement, out)
    return out


def request(settings: Settings, row: OutboxRow) -> tuple[str, dict[str, str], dict[str, Any]]:
    """(url, headers, JSON body) of the `sendMessage` call for an outbox row."""
    url = f"{settings.telegram_base.rstrip('/')}/bot{settings.telegram_token}/sendMessage"
    body: dict[str, Any] = {"chat_id": int(row.user_id),
                            "text": to_html(row.payload["text"][:MAX_TEXT]), "parse_mode": "HTML",
                            "link_preview_options": {"is_disabled": True}}
    reply_to = row.payload.get("reply_to", "")
    if reply_to.startswith(PREFIX):
        body["reply_parameters"] = {"message_id": int(reply_to.rsplit(":", 1)[1]),
                                    "allow_sending_without_reply": True}
    return url, {}, body


def sent_id(data: Any) -> str:
    try:
        return str(data["result"]["message_id"])
    except (KeyError, TypeError):
        return ""


def retry_after(data: Any) -> float | None:
    """Telegram's own back-off hint on 429 (`parameters.retry_after`, seconds)."""
    try:
        return float(data["parameters"]["retry_after"])
    except (KeyError, TypeError, ValueError):
        return None
