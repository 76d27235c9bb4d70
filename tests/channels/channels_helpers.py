"""Builders shared by the channel tests: a scripted answerer for transport-logic tests and
WhatsApp/Telegram webhook payloads as the platforms send them."""

from __future__ import annotations

import json
import uuid
from typing import Any

from saring.channels.whatsapp import sign
from saring.model import Answer, Match

SECRET = "test-app-secret"
TG_SECRET = "test-telegram-secret"
API_KEY = "test-api-key"
ADMIN_KEY = "test-admin-key"


class ScriptedAnswerer:
    """Answers "vaksin" questions with one fact-check and everything else with no match, and
    records what it was asked (a double for transport tests only; end-to-end tests use the
    real answer layer)."""

    def __init__(self, store: Any = None):
        self.asked: list[tuple[str, str]] = []

    def ask(self, text: str, limit: int = 3, channel: str = "") -> Answer:
        self.asked.append((text, channel))
        if "vaksin" in text.lower():
            match = Match(id="fc-vaksin", kind="factcheck", url="https://cekfakta.example/vaksin",
                          title="[SALAH] Vaksin Mengandung Chip Pelacak", verdict="false",
                          verdict_label="SALAH", published="2025-11-03T09:00:00+07:00",
                          publisher="turnbackhoax.id", score=9.5,
                          summary="Vaksin tidak mengandung chip.", evidence="Tidak ada chip.")
            return Answer(query=text, matches=[match], no_match=False,
                          answer_text="*HOAKS*: Vaksin Mengandung Chip Pelacak",
                          plain_text="HOAKS: Vaksin Mengandung Chip Pelacak")
        return Answer(query=text, answer_text="Belum ada cek fakta yang cocok.",
                      plain_text="Belum ada cek fakta yang cocok.")


def wa_message(text: str | None = "vaksin ada chip?", sender: str = "6281100000001",
               msg_id: str | None = None, msg_type: str = "text") -> dict:
    msg: dict[str, Any] = {"from": sender, "id": msg_id or f"wamid.{uuid.uuid4().hex}",
                           "timestamp": "1764150000", "type": msg_type}
    if msg_type == "text":
        msg["text"] = {"body": text}
    elif msg_type == "location":
        msg["location"] = {"latitude": -6.2, "longitude": 106.8}
    else:
        msg[msg_type] = {"id": "media-1", "mime_type": "application/octet-stream"}
    return msg


def wa_webhook(*messages: dict, statuses: list | None = None) -> dict:
    value: dict[str, Any] = {"messaging_product": "whatsapp",
                             "metadata": {"display_phone_number": "628000", "phone_number_id": "1055"}}
    if messages:
        value["contacts"] = [{"wa_id": m["from"], "profile": {"name": "Pembaca"}}
                             for m in messages if "from" in m]
        value["messages"] = list(messages)
    if statuses:
        value["statuses"] = statuses
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}]}


def signed(payload: Any, secret: str = SECRET) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(payload).encode() if not isinstance(payload, bytes) else payload
    return body, {"content-type": "application/json", "x-hub-signature-256": sign(secret, body)}


def tg_update(text: str | None = "vaksin ada chip?", chat_id: int = 777, message_id: int = 1,
              update_id: int = 1000, **extra: Any) -> dict:
    msg: dict[str, Any] = {"message_id": message_id, "date": 1764150000,
                           "chat": {"id": chat_id, "type": "private"},
                           "from": {"id": chat_id, "first_name": "Budi"}}
    if text is not None:
        msg["text"] = text
    msg.update(extra)
    return {"update_id": update_id, "message": msg}
