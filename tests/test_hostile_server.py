"""Hostile input against the server: webhooks, the API, ingest and the newsroom.

Every case is something an attacker or a broken client can send. None may get a status of 500
or more, or leave a traceback in the log; the cases that carry something good next to the bad
part also check that the good part went through.
"""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

import httpx
import pytest

from saring.channels.whatsapp import sign
from tests.hostile_helpers import (
    ADMIN_KEY,
    API_KEY,
    SECRET,
    TG_SECRET,
    Tracebacks,
    client,
    hostile_app,
)

JS_URLS = ["javascript://x/%0aalert(document.domain)", "JaVaScRiPt:alert(1)",
           " javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
           "vbscript:msgbox(1)", "java\tscript:alert(1)", "http://example.com:abc/", "https://"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    app = hostile_app(tmp_path_factory.mktemp("hostile"))
    with client(app) as c:
        c.services = app.state.services
        yield c


def call(server, method: str, url: str, **kwargs: Any):
    """The request, checked for the two things no input may cause: a 5xx and a traceback."""
    with Tracebacks() as tracebacks:
        response = server.request(method, url, **kwargs)
    assert response.status_code < 500, (response.status_code, response.text[:300])
    assert not tracebacks.records, [r.getMessage() for r in tracebacks.records]
    return response


def wa_post(server, body: bytes | str, signature: str | None = None, **headers: str):
    raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    headers = {"content-type": "application/json",
               "x-hub-signature-256": sign(SECRET, raw) if signature is None else signature, **headers}
    return call(server, "POST", "/webhooks/whatsapp", content=raw, headers=headers)


def tg_post(server, body: bytes | str, secret: str = TG_SECRET):
    raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    return call(server, "POST", "/webhooks/telegram", content=raw,
                headers={"content-type": "application/json",
                         "x-telegram-bot-api-secret-token": secret})


def wa_value(*messages: Any, contacts: Any = None, statuses: Any = None) -> str:
    value: dict[str, Any] = {"messaging_product": "whatsapp", "messages": list(messages)}
    if contacts is not None:
        value["contacts"] = contacts
    if statuses is not None:
        value["statuses"] = statuses
    return json.dumps({"object": "whatsapp_business_account",
                       "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}]})


_n = iter(range(10**9))


def good_message(text: str = "vaksin ada chip?") -> dict:
    return {"from": "6281100000001", "id": f"wamid.good{next(_n)}", "timestamp": "1", "type": "text",
            "text": {"body": text}}


def stored(server, message_id: str) -> bool:
    return bool(server.services.state.inbox.query("SELECT 1 FROM ch_inbox WHERE id = ?", ("wa:" + message_id,)))


# ---------------------------------------------------------------------------- WhatsApp

ODD_MESSAGES = {
    "text is a string": {"from": "628", "id": "wamid.o1", "type": "text", "text": "str"},
    "text body is a list": {"from": "628", "id": "wamid.o2", "type": "text", "text": {"body": ["a"]}},
    "interactive is a string": {"from": "628", "id": "wamid.o3", "type": "interactive", "interactive": "bad"},
    "interactive reply is a string": {"from": "628", "id": "wamid.o4", "type": "interactive",
                                      "interactive": {"button_reply": "x"}},
    "button is a number": {"from": "628", "id": "wamid.o5", "type": "button", "button": 5},
    "image is a string": {"from": "628", "id": "wamid.o6", "type": "image", "image": "x"},
    "image caption is a list": {"from": "628", "id": "wamid.o7", "type": "image",
                                "image": {"id": "m", "caption": ["a"]}},
    "image id is an object": {"from": "628", "id": "wamid.o8", "type": "image", "image": {"id": {"a": 1}}},
    "document mime is a number": {"from": "628", "id": "wamid.o9", "type": "document",
                                  "document": {"id": "m", "mime_type": 5}},
    "id is a number": {"from": "628", "id": 5, "type": "text", "text": {"body": "x"}},
    "from is a list": {"from": ["628"], "id": "wamid.o10", "type": "text", "text": {"body": "x"}},
    "type is an object": {"from": "628", "id": "wamid.o11", "type": {"a": 1}},
    "unknown type": {"from": "628", "id": "wamid.o12", "type": "hologram"},
    "reaction": {"from": "628", "id": "wamid.o13", "type": "reaction", "reaction": {"emoji": "👍"}},
    "message is a string": "hello",
    "message is null": None,
    "lone surrogate in text": {"from": "628", "id": "wamid.o14", "type": "text", "text": {"body": "a\ud800b"}},
    "NUL in text": {"from": "628", "id": "wamid.o15", "type": "text", "text": {"body": "a\x00b"}},
    "lone surrogate in id": {"from": "628", "id": "wamid.\udfff", "type": "text", "text": {"body": "x"}},
    "deeply nested context": {"from": "628", "id": "wamid.o16", "type": "text", "text": {"body": "x"},
                              "context": json.loads("[" * 200 + "]" * 200)},
}


@pytest.mark.parametrize("name", list(ODD_MESSAGES))
def test_whatsapp_odd_message_is_skipped_and_its_neighbour_answered(server, name):
    good = good_message()
    r = wa_post(server, wa_value(ODD_MESSAGES[name], good))
    assert r.status_code == 200
    assert stored(server, good["id"])


ODD_CONTACTS = {
    "profile is a string": [{"wa_id": "6281100000001", "profile": "x"}],
    "profile name is a list": [{"wa_id": "6281100000001", "profile": {"name": ["x"]}}],
    "wa_id is a list": [{"wa_id": ["x"], "profile": {"name": "x"}}],
    "contact is a string": ["x"],
    "contacts is an object": {"wa_id": "x"},
    "lone surrogate in name": [{"wa_id": "6281100000001", "profile": {"name": "\udc00"}}],
}


@pytest.mark.parametrize("name", list(ODD_CONTACTS))
def test_whatsapp_odd_contacts_do_not_lose_the_message(server, name):
    good = good_message()
    assert wa_post(server, wa_value(good, contacts=ODD_CONTACTS[name])).status_code == 200
    assert stored(server, good["id"])


ODD_STATUSES = {
    "statuses is a string": "x",
    "status is a list": [["sent"]],
    "callback data is a number": [{"status": "sent", "id": "w", "biz_opaque_callback_data": 5}],
    "unknown callback id": [{"status": "delivered", "id": "w", "biz_opaque_callback_data": "r:nope"}],
    "lone surrogate in callback": [{"status": "read", "id": "w", "biz_opaque_callback_data": "\ud800"}],
}


@pytest.mark.parametrize("name", list(ODD_STATUSES))
def test_whatsapp_odd_statuses(server, name):
    good = good_message()
    assert wa_post(server, wa_value(good, statuses=ODD_STATUSES[name])).status_code == 200
    assert stored(server, good["id"])


ODD_BODIES = {
    "empty object": ("{}", 200),
    "entry is an object": ('{"entry": {"a": 1}}', 400),
    "entry holds strings": ('{"entry": ["x", 5, null]}', 200),
    "changes is a string": ('{"entry": [{"changes": "x"}]}', 200),
    "value is a list": ('{"entry": [{"changes": [{"value": [1]}]}]}', 200),
    "top-level array": ("[1, 2]", 400),
    "top-level null": ("null", 400),
    "top-level string": ('"x"', 400),
    "not JSON": ("{nope", 400),
    "empty body": ("", 400),
    "invalid UTF-8": (b'{"entry": "\xff\xfe"}', 400),
    "deeply nested everywhere": ("[" * 100_000 + "]" * 100_000, 400),
    "unbalanced deep nesting": ("[" * 100_000, 400),
}


@pytest.mark.parametrize("name", list(ODD_BODIES))
def test_whatsapp_odd_signed_bodies(server, name):
    body, status = ODD_BODIES[name]
    assert wa_post(server, body).status_code == status


def test_whatsapp_deep_nesting_is_cut_and_the_messages_answered(server):
    good = good_message()
    deep = {"from": "628", "id": "wamid.deep", "type": "text", "text": {"body": "x"},
            "context": "@@"}
    body = wa_value(deep, good).replace('"@@"', "[" * 50_000 + "]" * 50_000)
    r = wa_post(server, body)
    assert r.status_code == 200 and r.json()["received"] == 2
    assert stored(server, good["id"]) and stored(server, "wamid.deep")


BAD_SIGNATURES = {
    "missing": "",
    "non-ASCII": "sha256=é" + "0" * 63,
    "latin-1 bytes": "sha256=\xff\xfe",
    "no prefix": "0" * 64,
    "wrong": "sha256=" + "0" * 64,
    "prefix only": "sha256=",
}


@pytest.mark.parametrize("name", list(BAD_SIGNATURES))
def test_whatsapp_bad_signature_is_401(server, name):
    body = wa_value(good_message()).encode()
    headers = {"content-type": "application/json", "x-hub-signature-256": BAD_SIGNATURES[name]}
    r = call(server, "POST", "/webhooks/whatsapp", content=body,
             headers={k: v.encode("latin-1") for k, v in headers.items()})
    assert r.status_code == 401


def test_whatsapp_wrong_content_type_is_415(server):
    body = wa_value(good_message())
    assert wa_post(server, body, **{"content-type": "text/plain"}).status_code == 415


def test_whatsapp_verification_with_odd_tokens(server):
    for token in ["", "verify-me\x00", "é" * 10, "x" * 10_000]:
        r = call(server, "GET", "/webhooks/whatsapp",
                 params={"hub.mode": "subscribe", "hub.verify_token": token, "hub.challenge": "42"})
        assert r.status_code == 403
    ok = call(server, "GET", "/webhooks/whatsapp",
              params={"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "42"})
    assert ok.text == "42"


def test_a_legal_large_batch_is_accepted(server):
    """Meta batches up to 1,000 messages a delivery: 452 KB were refused with 413 before."""
    messages = [good_message("x" * 350) for _ in range(1000)]
    body = wa_value(*messages)
    assert len(body) > 452_000
    r = wa_post(server, body)
    assert r.status_code == 200 and r.json()["received"] == 1000


def test_a_body_over_the_limit_is_413(server):
    body = '{"entry": [], "pad": "' + "x" * (4 * 1024 * 1024) + '"}'
    assert wa_post(server, body).status_code == 413


def test_lone_surrogates_never_fail_other_peoples_webhooks(tmp_path):
    """The inbox commits webhooks together: one bad text must not fail the others' commit."""
    app = hostile_app(tmp_path)

    async def run() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with app.router.lifespan_context(app), \
                httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            bodies = []
            for i in range(120):
                text = "a\ud800b" if i % 3 == 0 else f"pesan {i}"
                bodies.append(wa_value(good_message(text)).encode("utf-8", "surrogatepass"))
            responses = await asyncio.gather(*[
                c.post("/webhooks/whatsapp", content=b, headers={
                    "content-type": "application/json", "x-hub-signature-256": sign(SECRET, b)})
                for b in bodies])
            return [r.status_code for r in responses]

    assert set(asyncio.run(run())) == {200}
    assert app.state.services.state.inbox.query("SELECT COUNT(*) FROM ch_inbox")[0][0] == 120


# ---------------------------------------------------------------------------- Telegram

def tg_message(**fields: Any) -> str:
    msg = {"message_id": next(_n), "chat": {"id": 42}, "from": {"first_name": "A"}, "text": "vaksin"}
    msg.update(fields)
    return json.dumps({"update_id": next(_n), "message": msg})


ODD_UPDATES = {
    "update_id is a string": ('{"update_id": "1", "message": {}}', 400),
    "update_id is a float": ('{"update_id": 1.5}', 400),
    "message is a string": ('{"update_id": 1, "message": "x"}', 200),
    "chat is a string": (tg_message(chat="x"), 200),
    "chat id is a string": (tg_message(chat={"id": "42"}), 200),
    "from is a string": (tg_message(**{"from": "x"}), 200),
    "from names are lists": (tg_message(**{"from": {"first_name": ["a"], "last_name": {"b": 1}}}), 200),
    "text is a number": (tg_message(text=5), 200),
    "caption is a list": (tg_message(text=None, caption=["x"]), 200),
    "photo is a string": (tg_message(text=None, photo="x"), 200),
    "photo sizes are junk": (tg_message(text=None, photo=[1, "x", {"file_id": 5}]), 200),
    "document is a list": (tg_message(text=None, document=[1]), 200),
    "document mime is a number": (tg_message(text=None, document={"file_id": "f", "mime_type": 5}), 200),
    "lone surrogate in text": (tg_message(text="a\ud800"), 200),
    "lone surrogate in name": (tg_message(**{"from": {"first_name": "\udfff"}}), 200),
    "huge chat id": (tg_message(chat={"id": 10**40}), 200),
    "edited message": ('{"update_id": 7, "edited_message": {"message_id": 1, "chat": {"id": 1}}}', 200),
    "deep nesting": ('{"update_id": 8, "message": ' + "[" * 50_000 + "]" * 50_000 + "}", 200),
    "not JSON": ("{", 400),
}


@pytest.mark.parametrize("name", list(ODD_UPDATES))
def test_telegram_odd_updates(server, name):
    body, status = ODD_UPDATES[name]
    assert tg_post(server, body).status_code == status


@pytest.mark.parametrize("secret", ["", "é", "\xff" * 3, TG_SECRET + "x", TG_SECRET[:-1]])
def test_telegram_bad_secret_is_401(server, secret):
    r = call(server, "POST", "/webhooks/telegram", content=tg_message().encode(),
             headers={"content-type": "application/json",
                      "x-telegram-bot-api-secret-token": secret.encode("latin-1")})
    assert r.status_code == 401


# ---------------------------------------------------------------------------- API and pages

ODD_QUERIES = {
    "empty": ({"q": ""}, 422),
    "blank": ({"q": "   "}, 422),
    "separator characters": ({"q": "\x1c\x1d"}, 422),
    "too long": ({"q": "a" * 5000}, 422),
    "limit zero": ({"q": "vaksin", "limit": 0}, 422),
    "limit text": ({"q": "vaksin", "limit": "abc"}, 422),
    "limit huge": ({"q": "vaksin", "limit": 10**30}, 422),
    "script tag": ({"q": "<script>alert(1)</script>"}, 200),
    "NUL": ({"q": "vaksin\x00chip"}, 200),
    "emoji and RTL marks": ({"q": "vaksin 💉\u202e\u200f"}, 200),
    "only punctuation": ({"q": "?!.,;"}, 200),
    "SQL": ({"q": "' OR 1=1 --"}, 200),
    "FTS5 syntax": ({"q": 'NEAR("a" "b") AND * OR ^x'}, 200),
}


@pytest.mark.parametrize("name", list(ODD_QUERIES))
def test_api_ask_odd_queries(server, name):
    params, status = ODD_QUERIES[name]
    assert call(server, "GET", "/api/ask", params=params).status_code == status


def test_api_ask_invalid_utf8_in_the_query_string(server):
    assert call(server, "GET", "/api/ask?q=%ED%A0%80%FF").status_code in (200, 400)


@pytest.mark.parametrize("item_id", ["../../etc/passwd", "%00", "x" * 5000, "é", "' OR 1=1"])
def test_api_items_odd_ids(server, item_id):
    assert call(server, "GET", f"/api/items/{item_id}").status_code == 404


@pytest.mark.parametrize("q", ["<script>alert(1)</script>", "\x1c", "a" * 5000, "%ED%A0%80"])
def test_search_page_odd_queries(server, q):
    r = call(server, "GET", "/", params={"q": q})
    assert r.status_code in (200, 400)
    assert "<script>" not in r.text


@pytest.mark.parametrize("method, path", [("PUT", "/api/ask"), ("DELETE", "/"), ("PATCH", "/admin"),
                                          ("GET", "/nope"), ("GET", "/api/nope"), ("POST", "/healthz"),
                                          ("GET", "/static/../app.py"), ("OPTIONS", "/api/ingest")])
def test_unknown_routes_and_methods(server, method, path):
    assert call(server, method, path).status_code in (404, 405)


# ---------------------------------------------------------------------------- newsroom

BAD_LOGINS = {
    "not base64": "Basic %%%",
    "base64 of invalid UTF-8": "Basic " + base64.b64encode(b"\xff\xfe:\xff").decode(),
    "no colon": "Basic " + base64.b64encode(b"redaksi").decode(),
    "empty": "Basic ",
    "bearer with the ingest key": f"Bearer {API_KEY}",
    "non-ASCII bearer": "Bearer é",
}


@pytest.mark.parametrize("name", list(BAD_LOGINS))
def test_newsroom_bad_logins_are_refused(tmp_path, name):
    with client(hostile_app(tmp_path)) as c:
        r = call(c, "GET", "/admin", headers={"authorization": BAD_LOGINS[name].encode("latin-1")})
        assert r.status_code == 401


ODD_BLOCKS = {
    "array": ("[1]", 400),
    "user id is an object": ('{"channel": "whatsapp", "user_id": {"a": 1}}', 400),
    "user id is true": ('{"channel": "whatsapp", "user_id": true}', 400),
    "channel is a number": ('{"channel": 5, "user_id": "1"}', 400),
    "unknown channel": ('{"channel": "sms", "user_id": "1"}', 400),
    "reason is a list": ('{"channel": "whatsapp", "user_id": "9", "reason": ["x"]}', 200),
    "lone surrogate in user id": ('{"channel": "telegram", "user_id": "\\ud800"}', 200),
    "not JSON": ("{", 400),
    "deep nesting": ('{"channel": ' + "[" * 50_000 + "]" * 50_000 + "}", 400),
}


@pytest.mark.parametrize("name", list(ODD_BLOCKS))
def test_block_odd_bodies(server, name):
    body, status = ODD_BLOCKS[name]
    r = call(server, "POST", "/api/admin/block", content=body.encode(),
             headers={"content-type": "application/json", "x-admin-key": ADMIN_KEY})
    assert r.status_code == status


def test_unblock_odd_parameters(server):
    for params in [{}, {"channel": "whatsapp"}, {"channel": "\x00", "user_id": "é"}]:
        r = call(server, "DELETE", "/api/admin/block", params=params, headers={"x-admin-key": ADMIN_KEY})
        assert r.status_code in (404, 422)


def test_admin_odd_paging(server):
    for params, status in [({"page": 0}, 422), ({"page": "x"}, 422), ({"page": 10**9}, 422),
                           ({"page": 999}, 200), ({"days": 91}, 422)]:
        r = call(server, "GET", "/api/admin/summary", params=params, headers={"x-admin-key": ADMIN_KEY})
        assert r.status_code == status


# ---------------------------------------------------------------------------- ingest

def ingest(server, body: bytes | str, key: str = API_KEY, ctype: str = "application/json"):
    raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    return call(server, "POST", "/api/ingest", content=raw, headers={"x-api-key": key, "content-type": ctype})


ODD_INGESTS = {
    "empty": ("", 400),
    "blank": ("  \n ", 400),
    "invalid UTF-8": (b"\xff\xfe{", 400),
    "number": ("5", 200),
    "null": ("null", 200),
    "string": ('"x"', 200),
    "array of junk": ('[1, "x", null, [], true]', 200),
    "array with a bad JSON tail": ('[{"title": "x"}', 400),
    "deeply nested array": ("[" * 100_000 + "]" * 100_000, 400),
    "deeply nested line": ('{"title": "a"}\n' + "[" * 100_000 + "]" * 100_000, 200),
    "object with nested junk": ('{"title": "a", "body": [[[[{}]]]]}', 200),
    "headings are strings": ('{"title": "a", "body": ["b"], "headings": "abc"}', 200),
    "entities of the wrong shape": ('{"title": "a", "body": ["b"], "entities": [{"canonical": 5, "label": "P"}]}', 200),
    "attribution spans junk": ('{"title": "a", "body": ["b"], "attributions": [{"speaker": "x", '
                               '"speaker_span": 5}]}', 200),
    "quantity value is text": ('{"title": "a", "body": ["b"], "quantities": [{"text": "x", "start": 0, '
                               '"end": 1, "value": "x"}]}', 200),
    "NaN": ('{"title": "a", "body": ["b"], "quantities": [{"text": "x", "start": 0, "end": 1, "value": NaN}]}',
            200),
    "published is a number": ('{"kind": "factcheck", "claim": "x", "published": 2024}', 200),
    "verdict is a list": ('{"kind": "factcheck", "claim": "x", "verdict": ["false"]}', 200),
    "lone surrogate title": ('{"kind": "factcheck", "claim": "ok", "title": "\\ud800 judul"}', 200),
    "NUL title": ('{"kind": "factcheck", "claim": "ok nul", "title": "a\\u0000b"}', 200),
    "huge title": (json.dumps({"title": "x" * 1_000_000, "body": ["b"]}), 200),
}


@pytest.mark.parametrize("name", list(ODD_INGESTS))
def test_ingest_odd_bodies(server, name):
    body, status = ODD_INGESTS[name]
    assert ingest(server, body).status_code == status


@pytest.mark.parametrize("url", JS_URLS)
def test_ingest_refuses_urls_that_are_not_web_links_and_stores_the_rest(server, url):
    good = {"kind": "factcheck", "url": f"https://cek.example/{next(_n)}", "title": "Klaim baik",
            "claim": f"klaim baik nomor {next(_n)}", "verdict": "false"}
    bad = {**good, "url": url, "claim": f"klaim jahat {next(_n)}"}
    r = ingest(server, "\n".join(json.dumps(x) for x in [bad, good]))
    summary = r.json()["ingest"]
    assert r.status_code == 200 and summary["failed"] == 1 and summary["new"] == 1
    assert "http(s)" in summary["failures"][0]["message"]
    assert server.services.store.get_by_url(good["url"]) is not None


def test_one_bad_item_never_aborts_a_batch(server):
    good = [{"kind": "factcheck", "url": f"https://cek.example/b{i}", "title": f"Judul {i}",
             "claim": f"klaim batch nomor {i} {next(_n)}"} for i in range(3)]
    bad = [{"kind": "factcheck", "url": "http://example.com:abc/", "claim": "port"},
           {"kind": "factcheck", "url": "https://cek.example/list", "title": ["a list"], "claim": "x"},
           {"kind": "factcheck", "url": "https://cek.example/refs", "claim": "y", "references": 5}]
    r = ingest(server, json.dumps([good[0], bad[0], good[1], bad[1], bad[2], good[2]]))
    summary = r.json()["ingest"]
    assert r.status_code == 200 and summary["new"] == 3 and summary["failed"] == 3
    assert [f["line"] for f in summary["failures"]] == [2, 4, 5]


@pytest.mark.parametrize("key", ["", "wrong", "é", "\xff", API_KEY + " ", ADMIN_KEY])
def test_ingest_bad_keys_are_401(server, key):
    r = call(server, "POST", "/api/ingest", content=b'{"title": "x"}',
             headers={"x-api-key": key.encode("latin-1"), "content-type": "application/json"})
    assert r.status_code == 401


def test_ingest_declared_too_large_is_413_before_reading(server):
    r = call(server, "POST", "/api/ingest", content=b"{}",
             headers={"x-api-key": API_KEY, "content-length": str(33 * 1024 * 1024)})
    assert r.status_code == 413


# ---------------------------------------------------------------------------- concurrency

def test_concurrent_asks_are_all_answered(tmp_path):
    """One SQLite connection per thread: shared, 12 of 300 concurrent asks answered 500."""
    app = hostile_app(tmp_path, answer_cache_seconds=0.0)
    words = ["vaksin chip", "subsidi listrik", "harga cabai", "ular rumah", "banjir", "gempa"]

    async def run() -> set[int]:
        transport = httpx.ASGITransport(app=app)
        async with app.router.lifespan_context(app), \
                httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            responses = await asyncio.gather(*[
                c.get("/api/ask", params={"q": f"{words[i % len(words)]} {i}"}) for i in range(200)])
        return {r.status_code for r in responses}

    with Tracebacks() as tracebacks:
        assert asyncio.run(run()) == {200}
    assert not tracebacks.records
