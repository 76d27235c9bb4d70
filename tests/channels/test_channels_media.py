"""Captions, bare links, pictures, voice notes: through the webhooks, the worker and the real
answer layer, with pictures served by the local stand-in of the Graph and Bot APIs."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from channels_helpers import TG_SECRET, tg_update, wa_message, wa_webhook
from fastapi.testclient import TestClient
from test_channels_app import client, load_items, post_wa, step  # noqa: F401 - the app fixture

from saring.archive import open_store
from saring.channels import conversation as talk
from saring.channels.app import create_app
from saring.media import images

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
needs_media = pytest.mark.skipif(not images.available(), reason="the media extra is not installed "
                                 "(pip install 'saring[media]')")


def replies(recorder) -> dict[str, str]:
    out = {}
    for entry in recorder.snapshot():
        body = entry["body"]
        quoted = (body.get("context") or {}).get("message_id") \
            or (body.get("reply_parameters") or {}).get("message_id")
        out[str(quoted)] = (body.get("text") or {}).get("body") if "context" in body else body["text"]
    return out


def picture(text: str, quality: int = 80, width: int = 640) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (width, 420), (236, 229, 221))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((16, 40, width - 40, 380), 18, fill=(220, 248, 198))
    font = ImageFont.truetype(FONT, 24) if Path(FONT).exists() else ImageFont.load_default(24)
    draw.multiline_text((34, 60), text, font=font, fill=(20, 20, 20), spacing=10)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def wa_media(kind: str, media_id: str, caption: str | None, msg_id: str, mime: str = "image/jpeg",
             sender: str = "6281100000001") -> dict:
    msg = wa_message(None, sender=sender, msg_id=msg_id, msg_type=kind)
    msg[kind] = {"id": media_id, "mime_type": mime}
    if caption is not None:
        msg[kind]["caption"] = caption
    return msg


def test_captions_are_the_query(client, recorder):
    """An image whose download fails, a video and an image document, each with a caption."""
    caption = "benarkah vaksin covid mengandung chip pelacak 5G?"
    payload = wa_webhook(wa_media("image", "missing", caption, "wamid.C1"),
                         wa_media("video", "v1", caption, "wamid.C2", "video/mp4", "62812"),
                         wa_media("document", "d1", caption, "wamid.C3", "application/pdf", "62813"))
    assert post_wa(client, payload).json()["new"] == 3
    hdr = {"x-telegram-bot-api-secret-token": TG_SECRET}
    update = tg_update(None, chat_id=55, photo=[{"file_id": "nope", "width": 90, "height": 90}],
                       caption=caption)
    assert client.post("/webhooks/telegram", json=update, headers=hdr).status_code == 200
    assert step(client) == 4
    got = replies(recorder)
    for quoted in ("wamid.C1", "wamid.C2", "wamid.C3", "1"):
        assert "Chip Pelacak" in got[quoted], (quoted, got[quoted])


def test_a_bare_archived_link_is_an_exact_match_and_logged(client, recorder):
    link = "https://m.cekfakta.example/bansos-link?utm_source=whatsapp&fbclid=abc"
    assert post_wa(client, wa_webhook(wa_message(link, msg_id="wamid.L1"))).status_code == 200
    step(client)
    assert "Bansos" in replies(recorder)["wamid.L1"]
    log = client.services.answering.store.query_log()
    assert any(link in row["text"] and row["answered"] for row in log)


def test_a_link_that_cannot_be_fetched_gets_a_polite_reply_and_is_logged(client, recorder):
    """Private and loopback addresses are never fetched by the tipline."""
    link = "http://127.0.0.1:1/berita/vaksin"
    assert post_wa(client, wa_webhook(wa_message(link, msg_id="wamid.L2"))).status_code == 200
    step(client)
    assert replies(recorder)["wamid.L2"] == talk.LINK_UNREADABLE
    assert any(row["text"] == link for row in client.services.answering.store.query_log())


def test_voice_notes_and_videos_get_what_saring_reads_and_are_counted(client, recorder):
    audio = wa_message(None, msg_id="wamid.V1", msg_type="audio")
    audio["audio"] = {"id": "a1", "mime_type": "audio/ogg; codecs=opus", "voice": True}
    video = wa_media("video", "v2", None, "wamid.V2", "video/mp4", "62814")
    assert post_wa(client, wa_webhook(audio, video)).json()["new"] == 2
    step(client)
    got = replies(recorder)
    assert got["wamid.V1"] == got["wamid.V2"] == talk.TEXT_ONLY
    assert "tangkapan layar" in talk.TEXT_ONLY
    inbox = client.get("/api/admin/summary", auth=("redaksi", "rahasia")).json()["inbox"]
    assert inbox["unread-audio"] == 1 and inbox["unread-video"] == 1
    page = client.get("/admin", auth=("redaksi", "rahasia")).text
    assert "<b>2</b>suara, video, gambar tak terbaca" in page


def test_a_bad_image_gets_a_polite_reply(client, recorder):
    recorder.media["bad"] = ("image/jpeg", b"\xff\xd8 not really a jpeg")
    recorder.media["pdf"] = ("application/pdf", b"%PDF-1.4")
    payload = wa_webhook(wa_media("image", "bad", None, "wamid.B1"),
                         wa_media("image", "pdf", None, "wamid.B2", sender="62815"))
    assert post_wa(client, payload).json()["new"] == 2
    step(client)
    got = replies(recorder)
    assert got["wamid.B1"] == got["wamid.B2"] == talk.IMAGE_UNREADABLE


@needs_media
def test_a_screenshot_is_read_and_the_same_picture_from_two_senders_gets_one_answer(client, recorder):
    claim = "BMKG memprediksi gempa\nmagnitudo 9 akan mengguncang\nJakarta pekan depan.\nSebarkan!"
    recorder.media["shot"] = ("image/jpeg", picture(claim))
    recorder.media["again"] = ("image/jpeg", picture(claim, quality=35))  # recompressed copy
    assert post_wa(client, wa_webhook(wa_media("image", "shot", None, "wamid.S1"))).status_code == 200
    step(client)
    first = replies(recorder)["wamid.S1"]
    assert "Gempa" in first
    # the reply went out with the picture stored under its own hash; its cuts wait for the worker
    db = client.services.state.db
    assert db.query("SELECT COUNT(*) FROM media_picture_hashes") == [(1,)]
    assert db.query("SELECT COUNT(*) FROM media_pending_cuts") == [(1,)]
    hdr = {"x-telegram-bot-api-secret-token": TG_SECRET}
    update = tg_update(None, chat_id=56, message_id=9, photo=[{"file_id": "again", "width": 640,
                                                               "height": 420}])
    assert client.post("/webhooks/telegram", json=update, headers=hdr).status_code == 200
    step(client)
    assert "Gempa" in replies(recorder)["9"]
    seen = client.services.state.db.query("SELECT SUM(seen), MIN(query), COUNT(*) FROM media_pictures")
    assert seen[0][0] == 2 and seen[0][2] == 1 and "gempa" in seen[0][1].lower()  # one picture, 2 senders
    asked = [row["text"] for row in client.services.answering.store.query_log()]
    assert asked[-1] == asked[-2]  # one query: one group in the newsroom queue



@needs_media
def test_screenshots_of_circulating_claims_without_captions(client, recorder):
    """Forwards as readers screenshot them, in their own wording: at least 4 of 5 answered
    with the right fact-check."""
    shots = {
        "wamid.F1": ("Pesan berantai: vaksin Covid-19\nberisi microchip yang bisa dilacak\nlewat "
                     "jaringan 5G. Hati-hati!", "Chip"),
        "wamid.F2": ("INFO PENTING!!\nMinum air garam hangat setiap\npagi bisa menyembuhkan\n"
                     "kanker stadium akhir.", "Garam"),
        "wamid.F3": ("Polisi sekarang mengirim surat\ntilang elektronik lewat WhatsApp,\nunduh "
                     "file APK untuk melihat\nbuktinya.", "Tilang"),
        "wamid.F4": ("Awas beras plastik dari luar\nnegeri beredar di pasar\ntradisional, "
                     "membahayakan\nkesehatan keluarga.", "Beras"),
        "wamid.F5": ("Mulai April pemerintah mencabut\nsubsidi listrik untuk semua\npelanggan. "
                     "Sebarkan ke grup!", "Subsidi"),
    }
    for n, (text, _) in enumerate(shots.values()):
        recorder.media[f"f{n}"] = ("image/jpeg", picture(text, quality=45 + 10 * n))
    payload = wa_webhook(*(wa_media("image", f"f{n}", None, msg_id, sender=f"6281700{n}")
                           for n, msg_id in enumerate(shots)))
    assert post_wa(client, payload).json()["new"] == 5
    step(client)
    got = replies(recorder)
    right = [msg_id for msg_id, (_, word) in shots.items() if word.lower() in got[msg_id].lower()]
    assert len(right) >= 4, {m: got[m][:120] for m in shots}


@pytest.fixture
def running(settings):
    """The tipline with its worker threads running."""
    with open_store(settings.db) as store:
        store.ingest(load_items())
    app = create_app(settings, worker="thread")
    with TestClient(app) as c:
        c.services = app.state.services
        yield c


def wait_for(condition, seconds=30.0):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


@needs_media
def test_the_worker_hashes_a_pictures_cuts_after_the_reply_and_a_cropped_copy_matches(running, recorder):
    """Once no reader waits, the worker hashes the cuts of a picture it answered; a copy cut
    5% at two sides, sent later by someone else, gets the same answer as one question."""
    data = picture("BMKG memprediksi gempa\nmagnitudo 9 akan mengguncang\nJakarta pekan depan.\nSebarkan!")
    shot = images.open_image(data)
    w, h = shot.size
    out = io.BytesIO()
    shot.crop((round(w * .05), 0, w, h - round(h * .05))).save(out, "JPEG", quality=70)
    recorder.media["shot"] = ("image/jpeg", data)
    recorder.media["cut"] = ("image/jpeg", out.getvalue())
    db = running.services.state.db
    assert post_wa(running, wa_webhook(wa_media("image", "shot", None, "wamid.K1"))).status_code == 200
    assert wait_for(lambda: "wamid.K1" in replies(recorder))
    assert wait_for(lambda: db.query("SELECT COUNT(*) FROM media_pending_cuts") == [(0,)])
    assert db.query("SELECT COUNT(*) FROM media_picture_hashes")[0][0] == len(images.stored_hashes(shot))
    payload = wa_webhook(wa_media("image", "cut", None, "wamid.K2", sender="6281900000009"))
    assert post_wa(running, payload).status_code == 200
    assert wait_for(lambda: "wamid.K2" in replies(recorder))
    got = replies(recorder)
    assert "Gempa" in got["wamid.K1"] and got["wamid.K2"] == got["wamid.K1"]
    assert db.query("SELECT SUM(seen), COUNT(*) FROM media_pictures") == [(2, 1)]
