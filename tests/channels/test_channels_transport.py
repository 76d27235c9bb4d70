"""Webhook parsing, signatures and request building for WhatsApp and Telegram, and settings."""

from __future__ import annotations

import pytest
from channels_helpers import SECRET, tg_update, wa_message, wa_webhook

from saring.channels import telegram, whatsapp
from saring.channels.settings import Settings
from saring.channels.state import OutboxRow
from saring.errors import InputError


def test_signature_is_hmac_sha256_of_the_raw_body():
    body = b'{"entry": []}'
    good = whatsapp.sign(SECRET, body)
    assert good.startswith("sha256=") and len(good) == 7 + 64
    assert whatsapp.signature_ok(SECRET, body, good)
    assert whatsapp.signature_ok(SECRET, body, good.upper().replace("SHA256=", "sha256="))
    assert not whatsapp.signature_ok(SECRET, body + b" ", good)
    assert not whatsapp.signature_ok("other", body, good)
    assert not whatsapp.signature_ok(SECRET, body, None)
    assert not whatsapp.signature_ok(SECRET, body, good[7:])  # without the "sha256=" scheme
    assert not whatsapp.signature_ok("", body, whatsapp.sign("", body))  # no secret, no trust


def test_whatsapp_webhook_yields_text_and_types_and_drops_statuses_and_reactions():
    reaction = {"from": "62811", "id": "wamid.r", "type": "reaction",
                "reaction": {"message_id": "wamid.a", "emoji": "👍"}}
    button = {"from": "62812", "id": "wamid.b", "type": "button", "button": {"text": "MENU"}}
    payload = wa_webhook(wa_message("Vaksin ada chip?", sender="62811", msg_id="wamid.a"),
                         wa_message(msg_type="image", sender="62811", msg_id="wamid.i"),
                         wa_message(msg_type="location", sender="62813", msg_id="wamid.l"),
                         reaction, button, {"id": "no-sender"},
                         statuses=[{"id": "wamid.x", "status": "delivered"}])
    got = whatsapp.parse_webhook(payload, received_at=10.0)
    assert [(m.id, m.user_id, m.msg_type, m.text) for m in got] == [
        ("wa:wamid.a", "62811", "text", "Vaksin ada chip?"),
        ("wa:wamid.i", "62811", "image", ""),
        ("wa:wamid.l", "62813", "location", ""),
        ("wa:wamid.b", "62812", "text", "MENU"),
    ]
    assert got[0].name == "Pembaca" and got[0].received_at == 10.0
    assert whatsapp.parse_webhook(wa_webhook(statuses=[{"id": "s", "status": "read"}])) == []


@pytest.mark.parametrize("payload", [[], "text", {"entry": "x"}, None])
def test_whatsapp_webhook_of_the_wrong_shape_is_an_error(payload):
    with pytest.raises(whatsapp.WebhookError):
        whatsapp.parse_webhook(payload)


def test_whatsapp_reply_quotes_the_message_and_templates_carry_parameters():
    s = Settings(access_token="tok", phone_number_id="1055", graph_base="http://g/v21.0/",
                 template_name="cek_fakta_baru")
    reply = OutboxRow("r:1", "whatsapp", "62811", "reply",
                      {"text": "x" * 5000, "reply_to": "wa:wamid.a"}, "", None, 0)
    url, headers, body = whatsapp.request(s, reply)
    assert url == "http://g/v21.0/1055/messages"
    assert headers == {"Authorization": "Bearer tok"}
    assert body["to"] == "62811" and body["type"] == "text"
    assert body["context"] == {"message_id": "wamid.a"}
    assert len(body["text"]["body"]) == whatsapp.MAX_TEXT
    tpl = OutboxRow("b:1", "whatsapp", "62811", "broadcast",
                    {"text": "t", "params": ["Judul", "HOAKS", "https://x"]}, "cek_fakta_baru", 0.0, 0)
    _, _, body = whatsapp.request(s, tpl)
    assert body["type"] == "template" and "text" not in body
    assert body["template"]["name"] == "cek_fakta_baru"
    assert body["template"]["language"] == {"code": "id"}
    assert [p["text"] for p in body["template"]["components"][0]["parameters"]] == \
        ["Judul", "HOAKS", "https://x"]


def test_telegram_update_and_reply():
    assert telegram.secret_ok("s3", "s3") and not telegram.secret_ok("s3", "s4")
    assert not telegram.secret_ok("", "") and not telegram.secret_ok("s3", None)
    (msg,) = telegram.parse_update(tg_update("cek ini", chat_id=-100, message_id=7))
    assert (msg.id, msg.user_id, msg.msg_type, msg.text, msg.name) == \
        ("tg:-100:7", "-100", "text", "cek ini", "Budi")
    (photo,) = telegram.parse_update(tg_update(None, photo=[{"file_id": "f"}]))
    assert (photo.msg_type, photo.text, photo.media) == ("image", "", "f")
    assert telegram.parse_update({"update_id": 5, "edited_message": {"text": "x"}}) == []
    with pytest.raises(telegram.UpdateError):
        telegram.parse_update({"message": {}})
    s = Settings(telegram_token="123:ABC", telegram_base="http://t")
    row = OutboxRow("r:tg", "telegram", "-100", "reply",
                    {"text": "*HOAKS*: a < b & _c_", "reply_to": "tg:-100:7"}, "", None, 0)
    url, _, body = telegram.request(s, row)
    assert url == "http://t/bot123:ABC/sendMessage"
    assert body["chat_id"] == -100 and body["parse_mode"] == "HTML"
    assert body["text"] == "<b>HOAKS</b>: a &lt; b &amp; <i>c</i>"
    assert body["reply_parameters"]["message_id"] == 7


def test_settings_come_from_file_then_env_then_flags(tmp_path):
    config = tmp_path / "saring.toml"
    config.write_text('[saring]\napp_secret = "from-file"\nrate_limit = 5\nmerge_seconds = 2\n'
                      'blocklist = ["whatsapp:62899"]\n')
    env = {"SARING_RATE_LIMIT": "7", "SARING_API_KEY": "k", "SARING_BLOCKLIST": "a, b"}
    s = Settings.load(config, env=env, db="x.db")
    assert (s.app_secret, s.rate_limit, s.merge_seconds, s.api_key, s.db) == \
        ("from-file", 7, 2.0, "k", "x.db")
    assert s.blocklist == ["a", "b"]
    assert Settings.load(config, env={}).blocklist == ["whatsapp:62899"]
    with pytest.raises(InputError, match="rate_limit must be a number"):
        Settings.load(env={"SARING_RATE_LIMIT": "many"})
    config.write_text('app_secrett = "typo"\n')
    with pytest.raises(InputError, match="unknown setting"):
        Settings.load(config, env={})
    config.write_text('app_secret = \n')
    with pytest.raises(InputError, match="not valid TOML"):
        Settings.load(config, env={})
    with pytest.raises(InputError, match="cannot read"):
        Settings.load(tmp_path / "missing.toml", env={})


def test_delivery_statuses_carry_our_outbox_ids_back():
    statuses = [{"id": "wamid.1", "status": "sent", "biz_opaque_callback_data": "r:wa:1"},
                {"id": "wamid.2", "status": "failed", "biz_opaque_callback_data": "r:wa:2"},
                {"id": "wamid.3", "status": "read"}, "junk"]
    assert whatsapp.delivered(wa_webhook(statuses=statuses)) == [("r:wa:1", "wamid.1")]
    assert whatsapp.delivered(wa_webhook(wa_message())) == []
