"""The HTTP surface: webhooks (and hostile input), the API, the page, the newsroom view.

These run the real archive and the real answer layer on a small archive written for these
tests (tests/channels/data/factchecks.jsonl); answering and sending are stepped by hand.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import uuid
from pathlib import Path

import httpx
import psycopg
import pytest
from channels_helpers import ADMIN_KEY, API_KEY, SECRET, TG_SECRET, signed, tg_update, wa_message, wa_webhook
from fastapi.testclient import TestClient

from saring.archive import open_store
from saring.channels import conversation as talk
from saring.channels.app import create_app
from saring.channels.worker import Sender
from saring.model import item_from_dict

DATA = Path(__file__).parent / "data" / "factchecks.jsonl"
PG_URL = os.environ.get("SARING_TEST_PG", "postgresql://127.0.0.1/test")


def load_items():
    return [item_from_dict(json.loads(line)) for line in DATA.read_text().splitlines()]


@pytest.fixture
def client(settings):
    with open_store(settings.db) as store:
        store.ingest(load_items())
    app = create_app(settings, worker="none")
    with TestClient(app) as c:
        c.services = app.state.services
        yield c


def step(client, now=None):
    """Run the worker once: answer what is ready, send what is due."""
    services = client.services
    services.worker.processor.process(now)

    async def send():
        async with httpx.AsyncClient() as http:
            return await Sender(services.state, services.settings, http).send_due(now)
    return asyncio.run(send())


def post_wa(client, payload, secret=SECRET):
    body, headers = signed(payload, secret)
    return client.post("/webhooks/whatsapp", content=body, headers=headers)


def test_verification_handshake(client):
    params = {"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "1158201444"}
    r = client.get("/webhooks/whatsapp", params=params)
    assert r.status_code == 200 and r.text == "1158201444"
    assert client.get("/webhooks/whatsapp", params={**params, "hub.verify_token": "nope"}).status_code == 403
    assert client.get("/webhooks/whatsapp", params={**params, "hub.mode": "unsubscribe"}).status_code == 403
    assert client.get("/webhooks/whatsapp").status_code == 403


def test_a_whatsapp_question_is_answered_from_the_archive_quoting_the_message(client, recorder):
    r = post_wa(client, wa_webhook(wa_message("benarkah vaksin covid mengandung chip 5G?", msg_id="wamid.Q1")))
    assert r.status_code == 200 and r.json() == {"received": 1, "new": 1}
    assert client.services.state.inbox_counts() == {"pending": 1}  # persisted before the 200
    assert step(client) == 1
    (sent,) = recorder.snapshot()
    assert sent["path"] == "/1055/messages"
    body = sent["body"]
    assert body["to"] == "6281100000001" and body["context"] == {"message_id": "wamid.Q1"}
    assert "Vaksin Covid-19 Mengandung Chip" in body["text"]["body"]
    assert "https://cekfakta.example/vaksin-chip" in body["text"]["body"]
    log = client.services.store.query_log()
    assert [(q["channel"], q["answered"]) for q in log] == [("whatsapp", True)]


def test_hostile_input_gets_the_right_4xx_and_is_not_stored(client, settings):
    payload = wa_webhook(wa_message())
    body, headers = signed(payload)
    cases = [
        (body, {"content-type": "application/json"}, 401),  # no signature
        (body, {**headers, "x-hub-signature-256": "sha256=" + "0" * 64}, 401),
        (body, signed(payload, "wrong-secret")[1], 401),
        (body, {**headers, "content-type": "text/plain"}, 415),
        (b"{not json", signed(b"{not json")[1], 400),
        (b"\xff\xfe", signed(b"\xff\xfe")[1], 400),
        (b"[1, 2]", signed(b"[1, 2]")[1], 400),
        (b'{"entry": {"x": 1}}', signed(b'{"entry": {"x": 1}}')[1], 400),
    ]
    for content, hdrs, status in cases:
        r = client.post("/webhooks/whatsapp", content=content, headers=hdrs)
        assert r.status_code == status, (content[:20], r.text)
        assert "error" in r.json()
    big = json.dumps(wa_webhook(wa_message("x" * (settings.max_body_bytes + 10)))).encode()
    r = client.post("/webhooks/whatsapp", content=big, headers=signed(big)[1])
    assert r.status_code == 413

    def chunks():  # no Content-Length: the limit holds on the bytes actually read
        for _ in range(settings.max_body_bytes // 1000 + 2):
            yield b" " * 1000
    r = client.post("/webhooks/whatsapp", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert client.services.state.inbox_counts() == {}


def test_a_replayed_delivery_is_acknowledged_and_answered_once(client, recorder):
    payload = wa_webhook(wa_message("vaksin chip", msg_id="wamid.R1"))
    assert post_wa(client, payload).json() == {"received": 1, "new": 1}
    assert post_wa(client, payload).json() == {"received": 1, "new": 0}
    step(client)
    assert post_wa(client, payload).json() == {"received": 1, "new": 0}
    step(client)
    assert recorder.replies_by_context() == {"wamid.R1": 1}


def test_unknown_message_types_get_a_polite_reply_and_the_worker_goes_on(client, recorder):
    payload = wa_webhook(*(wa_message(msg_type=t, sender=f"62820{i}", msg_id=f"wamid.T{i}")
                           for i, t in enumerate(["image", "audio", "location", "sticker"])),
                         statuses=[{"id": "wamid.x", "status": "delivered"}])
    assert post_wa(client, payload).json()["new"] == 4
    assert post_wa(client, wa_webhook(statuses=[{"id": "wamid.y", "status": "read"}])).status_code == 200
    assert post_wa(client, wa_webhook(wa_message("gempa jakarta besok malam", msg_id="wamid.T9"))).status_code == 200
    assert step(client) == 5
    replies = {e["body"]["context"]["message_id"]: e["body"]["text"]["body"] for e in recorder.snapshot()}
    assert replies["wamid.T0"] == talk.IMAGE_UNREADABLE  # the stand-in API has no such media
    assert all(replies[f"wamid.T{i}"] == talk.TEXT_ONLY for i in range(1, 4))
    assert "Gempa" in replies["wamid.T9"]


def test_telegram_webhook(client, recorder):
    hdr = {"x-telegram-bot-api-secret-token": TG_SECRET}
    assert client.post("/webhooks/telegram", json=tg_update()).status_code == 401
    assert client.post("/webhooks/telegram", json=tg_update(),
                       headers={"x-telegram-bot-api-secret-token": "x"}).status_code == 401
    assert client.post("/webhooks/telegram", json={"message": {}}, headers=hdr).status_code == 400
    r = client.post("/webhooks/telegram", json=tg_update("link bansos kemensos 3,5 juta", message_id=5), headers=hdr)
    assert r.json() == {"received": 1, "new": 1}
    r = client.post("/webhooks/telegram", json=tg_update("MENU", message_id=6, update_id=1001), headers=hdr)
    step(client)
    sent = {e["body"]["reply_parameters"]["message_id"]: e for e in recorder.snapshot()}
    assert sent[5]["path"] == "/bot123:ABC/sendMessage"
    assert "<b>PENIPUAN</b>" in sent[5]["body"]["text"] and "Bansos" in sent[5]["body"]["text"]
    assert sent[6]["body"]["text"].startswith("<b>saring — Cek Fakta</b>")


def test_api_ask_items_and_schema(client):
    r = client.get("/api/ask", params={"q": "air garam hangat sembuhkan kanker"})
    assert r.status_code == 200
    answer = r.json()
    assert answer["no_match"] is False and "Air Garam" in answer["matches"][0]["title"]
    item = client.get(f"/api/items/{answer['matches'][0]['id']}").json()
    assert item["kind"] == "factcheck" and item["verdict"] == "false"
    assert client.get("/api/items/nope").status_code == 404
    for q in ["  ", "x" * 5000]:
        r = client.get("/api/ask", params={"q": q})
        assert r.status_code == 422 and "q:" in r.json()["error"]
    schema = client.get("/openapi.json").json()
    assert {"/api/ask", "/api/items/{item_id}", "/api/ingest", "/healthz",
            "/webhooks/whatsapp", "/webhooks/telegram"} <= set(schema["paths"])
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["whatsapp"] and health["telegram"]


def test_search_page_shows_cards_or_says_the_question_was_noted(client):
    home = client.get("/")
    assert home.status_code == 200 and '<form action="/" method="get"' in home.text
    page = client.get("/", params={"q": "beras plastik di pasar <script>"})
    assert 'class="badge false"' in page.text and "Beras Plastik" in page.text
    assert "<script>" not in page.text and "&lt;script&gt;" in page.text
    empty = client.get("/", params={"q": "resep rendang padang"})
    assert 'class="empty"' in empty.text and "Pertanyaan Anda kami catat" in empty.text
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")
    assert client.get("/nowhere").status_code == 404


def test_public_search_is_rate_limited_per_address(client, settings):
    client.services.limiter.limit = 2
    assert client.get("/api/ask", params={"q": "beras plastik"}).status_code == 200
    assert client.get("/", params={"q": "beras plastik"}).status_code == 200
    assert client.get("/api/ask", params={"q": "beras plastik"}).status_code == 429
    assert client.get("/", params={"q": "beras plastik"}).status_code == 429


def test_ingest_needs_the_key_and_announces_new_factchecks(client, recorder):
    state = client.services.state
    state.touch_user("whatsapp", "62855", "", __import__("time").time())
    state.set_subscribed("whatsapp", "62855", True, 0)
    new = {"kind": "factcheck", "url": "https://cekfakta.example/sinyal-hp", "title":
           "[SALAH] Sinyal HP Menyebabkan Kebakaran SPBU", "claim": "Menerima telepon di SPBU memicu ledakan.",
           "publisher": "turnbackhoax.id", "verdict": "false", "verdict_label": "SALAH",
           "published": "2026-05-01T10:00:00+07:00"}
    lines = "\n".join([json.dumps(new), "not json", "[1]", json.dumps(load_items()[0].to_dict())])
    assert client.post("/api/ingest", content=lines).status_code == 401
    r = client.post("/api/ingest", content=lines, headers={"x-api-key": API_KEY})
    assert r.status_code == 200, r.text
    result = r.json()
    assert result["ingest"]["new"] == 1 and result["ingest"]["failed"] == 2
    assert result["broadcast"]["factchecks"] == 1 and result["broadcast"]["queued"] == 1
    step(client)
    (sent,) = recorder.snapshot()
    assert "Sinyal HP" in sent["body"]["text"]["body"]
    again = client.post("/api/ingest", content=json.dumps(new), headers={"authorization": f"Bearer {API_KEY}"})
    assert again.json()["broadcast"]["factchecks"] == 0
    assert client.get("/api/ask", params={"q": "telepon di spbu meledak"}).json()["no_match"] is False


def test_admin_needs_a_login_and_shows_the_work_queue(client):
    denied = client.get("/admin")
    assert denied.status_code == 401 and denied.headers["www-authenticate"].startswith("Basic")
    bad = base64.b64encode(b"redaksi:salah").decode()
    assert client.get("/admin", headers={"authorization": f"Basic {bad}"}).status_code == 401
    for q in ["harga cabai naik 500 persen", "benarkah harga cabai naik 500 persen?",
              "harga cabai naik 500%", "ular masuk rumah lewat wc", "vaksin chip"]:
        client.get("/api/ask", params={"q": q})
    post_wa(client, wa_webhook(wa_message("LANGGANAN", sender="62877")))
    step(client)
    good = base64.b64encode(b"redaksi:rahasia").decode()
    page = client.get("/admin", headers={"authorization": f"Basic {good}"})
    assert page.status_code == 200 and "<svg" in page.text and "harga cabai" in page.text
    assert client.get("/api/admin/summary", headers={"x-api-key": API_KEY}).status_code == 401
    data = client.get("/api/admin/summary", headers={"x-admin-key": ADMIN_KEY}).json()
    top = data["unanswered_groups"][0]
    assert top["count"] == 3 and "cabai" in top["question"]
    assert data["subscribers"] == {"whatsapp": 1}
    assert data["answered"] >= 1 and data["queries"] == data["answered"] + sum(
        g["count"] for g in data["unanswered_groups"])
    r = client.post("/api/admin/block", json={"channel": "whatsapp", "user_id": "62877"},
                    headers={"authorization": f"Bearer {ADMIN_KEY}"})
    assert r.status_code == 200 and client.services.state.is_blocked("whatsapp", "62877")
    assert client.delete("/api/admin/block", params={"channel": "whatsapp", "user_id": "62877"},
                         headers={"x-admin-key": ADMIN_KEY}).status_code == 200


def test_the_whole_path_on_postgresql(settings, recorder):
    """`--db postgresql://…`: archive, query log and channel state in one PostgreSQL schema."""
    schema = f"ch_app_{uuid.uuid4().hex[:12]}"
    settings.db = f"{PG_URL}?schema={schema}"
    try:
        with open_store(settings.db) as store:
            store.ingest(load_items())
        app = create_app(settings, worker="none")
        with TestClient(app) as c:
            c.services = app.state.services
            post_wa(c, wa_webhook(wa_message("subsidi listrik dicabut semua pelanggan april",
                                             msg_id="wamid.PG1")))
            post_wa(c, wa_webhook(wa_message("subsidi listrik dicabut semua pelanggan april",
                                             msg_id="wamid.PG1")))
            assert step(c) == 1
            data = c.get("/api/admin/summary", headers={"x-admin-key": ADMIN_KEY}).json()
        (sent,) = recorder.snapshot()
        assert "Subsidi Listrik" in sent["body"]["text"]["body"]
        assert data["queries"] == 1 and data["answered"] == 1
        assert data["outbox"] == {"sent": 1}
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
