"""The server's defences: no script link from the archive, security headers, docs served
offline, credentials checked before a body is read, throttled logins, separate keys."""

from __future__ import annotations

import asyncio
import base64
import json
import re

from channels_helpers import ADMIN_KEY, API_KEY

from saring.channels import web
from saring.channels.app import create_app
from saring.channels.broadcast import message_text
from saring.channels.guard import LoginThrottle
from saring.model import FactCheck, Match
from tests.hostile_helpers import client, hostile_app

XSS = ["javascript://x/%0aalert(document.domain)", "JaVaScRiPt:alert(1)", "data:text/html,x",
       "  javascript:alert(1)", "java\nscript:alert(1)"]


def test_a_card_links_only_to_web_urls():
    for url in XSS:
        html = web.card(Match(id="x", kind="factcheck", url=url, title="Judul"))
        assert "href" not in html and "Judul" in html
    html = web.card(Match(id="x", kind="factcheck", url="https://cek.example/a?b=1&c=2", title="J"))
    assert 'href="https://cek.example/a?b=1&amp;c=2"' in html


def test_a_broadcast_carries_no_script_link():
    for url in XSS:
        assert url not in message_text(FactCheck(url=url, title="Judul", claim="klaim"))
    assert "https://cek.example/a" in message_text(FactCheck(url="https://cek.example/a", title="J"))


def test_a_script_url_from_ingest_never_reaches_the_page(tmp_path):
    with client(hostile_app(tmp_path)) as c:
        items = [{"kind": "factcheck", "url": url, "title": "Vaksin jahat", "claim": f"vaksin jahat {i}",
                  "verdict": "false"} for i, url in enumerate(XSS)]
        r = c.post("/api/ingest", content="\n".join(map(json.dumps, items)),
                   headers={"x-api-key": API_KEY, "content-type": "application/json"})
        assert r.json()["ingest"]["failed"] == len(XSS)
        page = c.get("/", params={"q": "vaksin jahat"}).text
        assert not re.search(r"(?i)href=\"\s*(javascript|data|vbscript)", page)


def test_every_response_carries_the_security_headers(tmp_path):
    good = "Basic " + base64.b64encode(b"redaksi:rahasia").decode()
    with client(hostile_app(tmp_path)) as c:
        for path, headers in [("/", {}), ("/?q=vaksin", {}), ("/api/ask?q=vaksin", {}), ("/nope", {}),
                              ("/openapi.json", {}), ("/api/docs", {}), ("/admin", {"authorization": good}),
                              ("/admin", {}), ("/api/admin/summary", {"x-admin-key": ADMIN_KEY})]:
            r = c.get(path, headers=headers)
            csp = r.headers["content-security-policy"]
            assert "script-src" not in csp and "default-src 'none'" in csp  # no script at all
            assert "frame-ancestors 'none'" in csp and r.headers["x-frame-options"] == "DENY"
            assert r.headers["x-content-type-options"] == "nosniff"
            assert r.headers["referrer-policy"] == "no-referrer"
            private = path.startswith(("/admin", "/api/admin"))
            assert (r.headers.get("cache-control") == "no-store") == private, path


def test_the_api_reference_works_offline(tmp_path):
    with client(hostile_app(tmp_path)) as c:
        page = c.get("/api/docs").text
        assert "<script" not in page and "cdn" not in page.lower()
        assert not re.search(r"(src|href)=\"(https?:)?//", page)  # nothing from another origin
        assert "/api/ingest" in page and "apiKey" in page


def test_the_openapi_document_names_bodies_credentials_and_statuses(tmp_path):
    with client(hostile_app(tmp_path)) as c:
        doc = c.get("/openapi.json").json()
    assert set(doc["components"]["securitySchemes"]) == {"apiKey", "bearer", "basic", "adminKey"}
    ingest = doc["paths"]["/api/ingest"]["post"]
    assert {"apiKey"} <= {k for option in ingest["security"] for k in option}
    assert "requestBody" in ingest and {"401", "413"} <= set(ingest["responses"])
    block = doc["paths"]["/api/admin/block"]["post"]
    assert {k for option in block["security"] for k in option} == {"basic", "adminKey"}
    assert doc["paths"]["/webhooks/whatsapp"]["post"]["requestBody"]["required"]


def test_the_ingest_key_is_checked_before_the_body_is_read(tmp_path):
    app = hostile_app(tmp_path)
    chunks_read = 0

    async def receive() -> dict:
        nonlocal chunks_read
        chunks_read += 1
        return {"type": "http.request", "body": b"x" * 1_000_000, "more_body": True}

    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    async def run() -> None:
        async with app.router.lifespan_context(app):
            scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
                     "scheme": "http", "path": "/api/ingest", "raw_path": b"/api/ingest", "query_string": b"",
                     "root_path": "", "headers": [(b"content-type", b"application/json")],
                     "client": ("10.0.0.9", 5), "server": ("t", 80), "state": {}}
            await app(scope, receive, send)

    asyncio.run(run())
    assert sent[0]["status"] == 401 and chunks_read == 0


def test_a_body_over_the_limit_is_refused_while_it_streams(tmp_path):
    app = hostile_app(tmp_path)
    chunks_read = 0

    async def receive() -> dict:
        nonlocal chunks_read
        chunks_read += 1
        return {"type": "http.request", "body": b"x" * 1_000_000, "more_body": True}

    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    async def run() -> None:
        async with app.router.lifespan_context(app):
            scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
                     "scheme": "http", "path": "/webhooks/telegram", "raw_path": b"/webhooks/telegram",
                     "query_string": b"", "root_path": "", "client": ("10.0.0.9", 5), "server": ("t", 80),
                     "headers": [(b"content-type", b"application/json"),
                                 (b"x-telegram-bot-api-secret-token", b"test-telegram-secret")],
                     "state": {}}
            await app(scope, receive, send)

    asyncio.run(run())
    assert sent[0]["status"] == 413 and chunks_read == 5  # 4 MiB: the fifth megabyte is refused


def test_failed_logins_lock_the_address_out_even_for_the_right_password(tmp_path):
    good = "Basic " + base64.b64encode(b"redaksi:rahasia").decode()
    bad = "Basic " + base64.b64encode(b"redaksi:salah").decode()
    with client(hostile_app(tmp_path)) as c:
        statuses = [c.get("/admin", headers={"authorization": bad}).status_code for _ in range(300)]
        assert statuses[:5] == [401] * 5 and set(statuses[5:]) <= {401, 429} and 429 in statuses
        locked = c.get("/admin", headers={"authorization": good})
        assert locked.status_code == 429 and int(locked.headers["retry-after"]) >= 1


def test_the_lockout_doubles_and_a_success_forgets():
    throttle = LoginThrottle(free=2, base=1.0, cap=8.0)
    for _ in range(2):
        throttle.failed("a", now=0.0)
    assert throttle.locked_for("a", now=0.0) == 0.0
    waits = []
    for _ in range(5):
        throttle.failed("a", now=100.0)
        waits.append(throttle.locked_for("a", now=100.0))
    assert waits == [1.0, 2.0, 4.0, 8.0, 8.0]
    assert throttle.locked_for("b", now=100.0) == 0.0  # per address
    throttle.succeeded("a")
    assert throttle.locked_for("a", now=100.0) == 0.0


def test_the_ingest_key_does_not_open_the_newsroom(tmp_path):
    with client(hostile_app(tmp_path)) as c:
        for headers in [{"x-api-key": API_KEY}, {"authorization": f"Bearer {API_KEY}"},
                        {"x-admin-key": API_KEY}]:
            assert c.get("/api/admin/summary", headers=headers).status_code == 401
            r = c.post("/api/admin/block", json={"channel": "whatsapp", "user_id": "1"}, headers=headers)
            assert r.status_code == 401
        assert c.get("/api/admin/summary", headers={"x-admin-key": ADMIN_KEY}).status_code == 200
        r = c.post("/api/ingest", content=b'{"title": "x"}',
                   headers={"x-api-key": ADMIN_KEY, "content-type": "application/json"})
        assert r.status_code == 401


def test_no_newsroom_credentials_configured_is_403(settings):
    settings.admin_user = settings.admin_password = settings.admin_key = ""
    with client(create_app(settings, worker="none")) as c:
        assert c.get("/admin").status_code == 403
