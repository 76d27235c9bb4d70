"""Report-back: askers of an unanswered question hear once the answer is archived, by any path.

The real archive and answer layer throughout; the Graph and Bot APIs are the local recorder.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from channels_helpers import API_KEY, TG_SECRET, signed, tg_update, wa_message, wa_webhook
from fastapi.testclient import TestClient

from saring.archive import open_store
from saring.channels.app import create_app
from saring.channels.state import SERVICE_WINDOW, Inbound
from saring.model import item_from_dict

DATA = Path(__file__).parent / "data" / "factchecks.jsonl"
SURAMADU = {"kind": "factcheck", "url": "https://cekfakta.example/suramadu-ditutup",
          "title": "[SALAH] Jembatan Suramadu Ditutup Permanen Mulai Juli",
          "claim": "Jembatan Suramadu akan ditutup permanen untuk semua kendaraan mulai Juli.",
          "publisher": "turnbackhoax.id", "published": "2026-06-01T09:00:00+07:00",
          "verdict": "false", "verdict_label": "SALAH",
          "explanation": "Kementerian PUPR menyatakan tidak ada rencana menutup Jembatan Suramadu; "
                         "yang ada hanya pemeliharaan rutin pada malam hari dengan buka-tutup lajur.",
          "conclusion": "Klaim Jembatan Suramadu ditutup permanen adalah hoaks."}
QUESTIONS = ["benarkah jembatan suramadu ditutup permanen mulai juli?",
             "jembatan suramadu mau ditutup selamanya ya?",
             "katanya suramadu ditutup permanen juli ini, semua kendaraan dilarang lewat"]


def load_items():
    return [item_from_dict(json.loads(line)) for line in DATA.read_text().splitlines()]


@pytest.fixture
def server(settings):
    """The tipline with its worker threads running, on a small archive."""
    settings.template_name = "cek_fakta_baru"
    with open_store(settings.db) as store:
        store.ingest(load_items())
    app = create_app(settings, worker="thread")
    with TestClient(app) as client:
        client.services = app.state.services
        yield client


def wait_for(condition, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    return condition()


def to_of(entry):
    body = entry["body"]
    return body.get("to") or str(body.get("chat_id"))


def text_of(entry):
    body = entry["body"]
    if body.get("type") == "template":
        return " ".join(p["text"] for p in body["template"]["components"][0]["parameters"])
    return body["text"]["body"] if "text" in body and isinstance(body["text"], dict) else body["text"]


def ask_three(server, recorder):
    """Two WhatsApp readers and a Telegram reader ask the claim, one reader asks something else;
    a third WhatsApp reader asked 25 hours ago (the worker answered then)."""
    for sender, question in (("62811", QUESTIONS[0]), ("62812", QUESTIONS[1])):
        body, headers = signed(wa_webhook(wa_message(question, sender=sender)))
        assert server.post("/webhooks/whatsapp", content=body, headers=headers).status_code == 200
    update = tg_update(QUESTIONS[2], chat_id=901, message_id=5)
    assert server.post("/webhooks/telegram", json=update,
                       headers={"x-telegram-bot-api-secret-token": TG_SECRET}).status_code == 200
    body, headers = signed(wa_webhook(wa_message("harga cabai naik 500 persen minggu depan",
                                                 sender="62819")))
    server.post("/webhooks/whatsapp", content=body, headers=headers)
    state = server.services.state
    long_ago = time.time() - SERVICE_WINDOW - 3600
    state.record_inbound([Inbound(id="wa:wamid.old", channel="whatsapp", user_id="62813",
                                  msg_type="text", text=QUESTIONS[0], received_at=long_ago)])
    assert wait_for(lambda: len(recorder.snapshot()) == 4), recorder.snapshot()
    assert wait_for(lambda: state.inbox_counts().get("answered") == 5)
    assert all("dicek" not in text_of(e) for e in recorder.snapshot())


def reports(recorder):
    return [e for e in recorder.snapshot() if "Kabar dari saring" in text_of(e)
            or e["body"].get("type") == "template"]


def test_askers_hear_once_when_the_cli_ingests_the_answer_in_another_process(
        server, recorder, settings, tmp_path):
    ask_three(server, recorder)
    state = server.services.state
    groups = state.questions(status="open")
    assert sum(g["askers"] for g in groups) == 5, groups  # four Suramadu askers, one cabai asker
    source = tmp_path / "new.jsonl"
    source.write_text(json.dumps(SURAMADU) + "\n")
    done = subprocess.run([str(Path(sys.executable).with_name("saring")), "ingest", str(source), "--db", settings.db,
                           "--no-progress", "--no-analyze"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    got = wait_for(lambda: len(reports(recorder)) >= 4 and reports(recorder), 60)
    time.sleep(1.2)  # one more report-back scan: nothing goes out twice
    got = reports(recorder)
    assert sorted(to_of(e) for e in got) == ["62811", "62812", "62813", "901"]
    by_user = {to_of(e): e for e in got}
    for user in ("62811", "62812", "901"):
        assert "Suramadu" in text_of(by_user[user]) and SURAMADU["url"] in text_of(by_user[user])
    late = by_user["62813"]["body"]
    assert late["type"] == "template" and late["template"]["name"] == "cek_fakta_baru"
    assert [p["text"] for p in late["template"]["components"][0]["parameters"]][1:] == \
        ["HOAKS", SURAMADU["url"]]
    assert all(to_of(e) != "62819" for e in got)
    (cabai,) = [g for g in state.questions() if "cabai" in g["question"]]
    assert cabai["status"] == "open"
    answered = [g for g in state.questions() if g["status"] == "answered"]
    assert answered and all(g["item_id"] == open_store(settings.db).get_by_url(SURAMADU["url"]).id
                            for g in answered)


def test_ingest_through_the_api_reports_back_and_a_changed_verdict_is_corrected(server, recorder):
    ask_three(server, recorder)
    r = server.post("/api/ingest", content=json.dumps(SURAMADU), headers={"x-api-key": API_KEY})
    assert r.status_code == 200 and r.json()["ingest"]["new"] == 1
    assert wait_for(lambda: len(reports(recorder)) == 4)
    before = len(recorder.snapshot())
    revised = {**SURAMADU, "verdict": "misleading", "verdict_label": "MENYESATKAN",
               "explanation": SURAMADU["explanation"] + " Diperbarui: sebagian klaim benar."}
    r = server.post("/api/ingest", content=json.dumps(revised), headers={"x-api-key": API_KEY})
    assert r.json()["ingest"]["updated"] == 1
    # all four corrections, however loaded the machine; then a pause to see that no fifth follows
    wait_for(lambda: len(recorder.snapshot()[before:]) >= 4, 40)
    time.sleep(1.2)
    corrections = recorder.snapshot()[before:]
    assert sorted(to_of(e) for e in corrections) == ["62811", "62812", "62813", "901"]
    texts = [text_of(e) for e in corrections]
    assert all("MENYESATKAN" in t for t in texts)
    assert sum("Koreksi" in t and "HOAKS" in t for t in texts) == 3  # the template carries no old verdict


def test_without_a_template_the_late_asker_is_skipped_and_the_newsroom_sees_it(server, recorder):
    server.services.settings.template_name = ""
    ask_three(server, recorder)
    server.post("/api/ingest", content=json.dumps(SURAMADU), headers={"x-api-key": API_KEY})
    assert wait_for(lambda: len(reports(recorder)) == 3)
    assert server.services.state.notice_counts() == {"text": 3, "skipped": 1}
    page = server.get("/admin", headers={"x-admin-key": "test-admin-key"})
    assert page.status_code == 200 and "tak terkirim" in page.text


def test_a_window_closed_error_turns_a_report_into_the_template(settings, recorder):
    """Graph's 131047 (re-engagement required) on a report sends the template instead."""
    import asyncio

    import httpx

    from saring.channels.reportback import notify
    from saring.channels.state import State, state_location
    from saring.channels.worker import Sender
    from saring.model import FactCheck

    settings.template_name = "cek_fakta_baru"
    state = State(state_location(settings.db))
    state.touch_user("whatsapp", "62820", "", time.time())
    state.add_question("q:1", "jembatan suramadu ditutup permanen", time.time())
    state.add_asker("q:1", "whatsapp", "62820", "wa:1", "suramadu ditutup?", time.time())
    summary = notify(state, settings, "q:1", FactCheck(**{k: v for k, v in SURAMADU.items() if k != "kind"},
                                                        id="fc-suramadu"))
    assert summary.told == 1
    seen = []

    def graph(request):
        body = json.loads(request.content)
        seen.append(body["type"])
        if body["type"] == "text":
            return httpx.Response(400, json={"error": {"code": 131047, "message": "Re-engagement"}})
        return httpx.Response(200, json={"messages": [{"id": "wamid.T"}]})

    async def send(now):
        async with httpx.AsyncClient(transport=httpx.MockTransport(graph)) as client:
            return await Sender(state, settings, client).send_due(now)

    now = time.time()
    asyncio.run(send(now))
    asyncio.run(send(now + 1))
    assert seen == ["text", "template"] and state.outbox_counts() == {"sent": 1}
    state.close()


def test_questions_of_one_claim_group_and_greetings_are_not_kept(settings):
    from saring.channels.reportback import record_ask
    from saring.channels.state import State, state_location

    state = State(state_location(settings.db))
    now = time.time()
    ids = [record_ask(state, "whatsapp", f"6281{i}", f"wa:{i}", q, q, now) for i, q in enumerate(
        ["air kelapa campur garam sembuhkan demam berdarah",
         "air kelapa dicampur garam menyembuhkan demam berdarah?",
         "harga cabai naik 500 persen"])]
    assert ids[0] == ids[1] != ids[2]
    assert record_ask(state, "whatsapp", "62819", "wa:9", "!!!", "", now) == ""
    assert [g["askers"] for g in state.questions()] == [2, 1]
    state.close()


ADMIN = {"x-admin-key": "test-admin-key"}


def csrf_of(page):
    import re

    return re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)


def test_the_newsroom_links_a_group_to_an_item_and_its_askers_hear(server, recorder, settings):
    ask_three(server, recorder)
    with open_store(settings.db) as store:  # archived before anyone linked it: no scan finds it
        store.ingest([item_from_dict({**SURAMADU, "url": "https://cekfakta.example/suramadu-2",
                                      "title": "Hoaks Penutupan Jembatan"})])
    state = server.services.state
    suramadu = next(g for g in state.questions(status="open") if "suramadu" in g["question"])
    cabai = next(g for g in state.questions(status="open") if "cabai" in g["question"])
    page = server.get("/admin", headers=ADMIN)
    assert page.status_code == 200 and "jembatan suramadu ditutup permanen" in page.text
    assert "<script" not in page.text and 'name="csrf"' in page.text
    token = csrf_of(page.text)
    form = {"id": suramadu["id"], "action": "link", "value": "https://cekfakta.example/suramadu-2"}
    # without the token, or posted from another site, nothing happens
    assert server.post("/admin/questions", data=form, headers=ADMIN).status_code == 403
    assert server.post("/admin/questions", data={**form, "csrf": token},
                       headers={**ADMIN, "origin": "https://evil.example"}).status_code == 403
    assert state.question(suramadu["id"])["status"] == "open"
    bad = server.post("/admin/questions", data={**form, "csrf": token, "value": "no-such-item"},
                      headers=ADMIN)
    assert bad.status_code == 400 and "not in the archive" in bad.text
    done = server.post("/admin/questions", data={**form, "csrf": token}, headers=ADMIN,
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith("/admin?done=link")
    got = wait_for(lambda: len(reports(recorder)) == 4 and reports(recorder))
    assert sorted(to_of(e) for e in got) == ["62811", "62812", "62813", "901"]
    assert state.question(suramadu["id"])["status"] == "answered"
    # the other actions, through the JSON API a script would use
    for action, value in (("assign", "Rina"), ("note", "tunggu data BPS"), ("not_checkable", "")):
        r = server.post("/api/admin/questions", json={"id": cabai["id"], "action": action,
                                                      "value": value}, headers=ADMIN)
        assert r.status_code == 200, r.text
    cabai = state.question(cabai["id"])
    assert (cabai["status"], cabai["assignee"], cabai["note"]) == ("not_checkable", "Rina", "tunggu data BPS")
    r = server.post("/api/admin/questions", json={"id": cabai["id"], "action": "duplicate",
                                                  "value": cabai["id"]}, headers=ADMIN)
    assert r.status_code == 409
    for body in ({"id": "q:none", "action": "note", "value": "x"},
                 {"id": cabai["id"], "action": "link", "value": "no-such-item"}):
        assert server.post("/api/admin/questions", json=body, headers=ADMIN).status_code == 404
    assert server.post("/api/admin/questions", json={"id": cabai["id"], "action": "explode"},
                       headers=ADMIN).status_code == 400


def test_a_duplicate_of_an_answered_group_tells_its_askers_too(server, recorder):
    state = server.services.state
    now = time.time()
    for user, qid, text in (("62831", "q:a", "suramadu ditutup permanen"),
                            ("62832", "q:b", "akses ke madura diputus total")):
        state.touch_user("whatsapp", user, "", now)
        state.add_question(qid, text, now)
        state.add_asker(qid, "whatsapp", user, f"wa:{user}", text, now)
    server.post("/api/ingest", content=json.dumps(SURAMADU), headers={"x-api-key": API_KEY})
    assert wait_for(lambda: state.question("q:a")["status"] == "answered")
    assert state.question("q:b")["status"] == "open"  # not the same words: the newsroom decides
    r = server.post("/api/admin/questions", json={"id": "q:b", "action": "duplicate", "value": "q:a"},
                    headers=ADMIN)
    assert r.json()["told"] == 1
    assert wait_for(lambda: sorted(to_of(e) for e in reports(recorder)) == ["62831", "62832"])


def test_review_list_export_and_cli_questions_out_of_the_queue(server, recorder, settings):
    state = server.services.state
    body, headers = signed(wa_webhook(wa_message("vaksin covid mengandung chip 5g?", sender="62841")))
    server.post("/webhooks/whatsapp", content=body, headers=headers)
    assert wait_for(lambda: len(recorder.snapshot()) == 1)
    body, headers = signed(wa_webhook(wa_message("2", sender="62841")))
    server.post("/webhooks/whatsapp", content=body, headers=headers)
    assert wait_for(lambda: len(recorder.snapshot()) == 2)
    state.told("fc-x", "telegram", "777", "false", 0.41, "listrik padam se-jawa besok", time.time())
    with open_store(settings.db) as store:
        store.log_query("pertanyaan evaluasi dari cli", "", False, channel="cli")
    data = server.get("/api/admin/summary", headers=ADMIN).json()
    assert [r["query"] for r in data["review"]["unhelpful"]] == ["vaksin covid mengandung chip 5g?"]
    # the reader who said "not helpful" waits for a better answer: they are in the queue
    assert [(g["question"], g["askers"]) for g in data["tipline_queue"]] == [("vaksin covid mengandung chip 5g", 1)]
    assert [r["query"] for r in data["review"]["unsure"]] == ["listrik padam se-jawa besok"]
    assert all("user_id" not in r for r in data["review"]["unsure"] + data["review"]["unhelpful"])
    assert not any("evaluasi" in g["question"] for g in data["unanswered_groups"])
    page = server.get("/admin", headers=ADMIN).text
    assert "listrik padam se-jawa besok" in page and "tidak membantu" in page
    today = time.strftime("%Y-%m-%d", time.gmtime())
    csv_text = server.get("/admin/export.csv", params={"since": today, "until": today}, headers=ADMIN)
    assert csv_text.status_code == 200 and csv_text.headers["content-type"].startswith("text/csv")
    import csv
    import io

    rows = list(csv.reader(io.StringIO(csv_text.text)))
    assert rows[0][:3] == ["received_at", "channel", "user"] and len(rows) == 3
    assert [r[4] for r in rows[1:]] == ["vaksin covid mengandung chip 5g?", "2"]
    assert rows[1][5] == "answered" and "Vaksin" in rows[1][8]
    assert "62841" not in csv_text.text and "vaksin covid" in csv_text.text
    assert server.get("/admin/export.csv", params={"since": "kemarin", "until": today},
                      headers=ADMIN).status_code == 400
    assert server.get("/admin/export.csv", params={"since": today, "until": today}).status_code == 401


def test_hapus_data_forgets_the_sender_who_then_hears_nothing(server, recorder):
    state = server.services.state
    ask_three(server, recorder)
    for text in ("LANGGANAN", "HAPUS DATA"):
        body, headers = signed(wa_webhook(wa_message(text, sender="62811")))
        server.post("/webhooks/whatsapp", content=body, headers=headers)
        assert wait_for(lambda: state.inbox_counts().get("pending") is None)
    assert wait_for(lambda: any("sudah dihapus" in text_of(e) for e in recorder.snapshot()))
    for table in ("ch_users", "ch_subscribers", "ch_askers", "ch_told", "ch_feedback"):
        assert not state.db.query(f"SELECT 1 FROM {table} WHERE user_id = '62811'"), table
    assert not state.inbox.query("SELECT 1 FROM ch_inbox WHERE user_id = '62811'")
    assert state.user("whatsapp", "62812") is not None  # nobody else's data goes
    server.post("/api/ingest", content=json.dumps(SURAMADU), headers={"x-api-key": API_KEY})
    assert wait_for(lambda: len(reports(recorder)) == 3)
    time.sleep(1.2)
    assert sorted(to_of(e) for e in reports(recorder)) == ["62812", "62813", "901"]
    from saring.channels import conversation

    assert "HAPUS DATA" in conversation.MENU and "Privasi" in conversation.MENU


def test_the_retention_purge_deletes_old_messages_and_keeps_subscribers(settings):
    from saring.channels.privacy import purge
    from saring.channels.state import State, state_location

    state = State(state_location(settings.db))
    now = time.time()
    old, recent = now - 100 * 86400, now - 86400
    state.record_inbound([Inbound(id="wa:old", channel="whatsapp", user_id="62850", msg_type="text",
                                  text="lama", received_at=old),
                          Inbound(id="wa:new", channel="whatsapp", user_id="62851", msg_type="text",
                                  text="baru", received_at=recent)])
    state.closed_up_to(2)
    with state.db.transaction():
        state.mark_inbound(["wa:old", "wa:new"], "answered")
        for user, at in (("62850", old), ("62851", recent), ("62852", old)):
            state.touch_user("whatsapp", user, "", at)
            state.told("fc1", "whatsapp", user, "false", 0.9, "q", at)
        state.set_subscribed("whatsapp", "62852", True, old)
        state.enqueue("r:wa:old", "whatsapp", "62850", "reply", {"text": "x"}, old)
    state.record_results([])
    assert purge(state, 0, now) == 0  # 0 keeps everything
    assert purge(state, 90, now) > 0
    assert [r[0] for r in state.inbox.query("SELECT id FROM ch_inbox")] == ["wa:new"]
    assert sorted(r[0] for r in state.db.query("SELECT user_id FROM ch_users")) == ["62851", "62852"]
    assert [r[0] for r in state.db.query("SELECT user_id FROM ch_told")] == ["62851"]
    assert state.outbox_counts() == {"pending": 1}  # an unsent message is never purged
    state.close()


def test_an_unsure_match_is_suggested_to_the_newsroom_and_unrelated_groups_are_not_asked(settings):
    """A new item among the "mungkin terkait" candidates is left for the newsroom to confirm;
    a group sharing no word with any new headline is not asked again at all."""
    from saring.channels.reportback import ReportBack
    from saring.channels.state import State, state_location
    from saring.model import Answer, Match

    asked = []

    class Unsure:
        def __init__(self, store):
            self.store = store

        def ask(self, text, limit=3, channel=""):
            asked.append(text)
            item = self.store.get_by_url(SURAMADU["url"])
            return Answer(query=text, related=[Match(id=item.id, kind="factcheck", score=0.4)])

    state = State(state_location(settings.db))
    now = time.time()
    for qid, text in (("q:1", "jembatan suramadu ditutup"), ("q:2", "harga cabai naik 500 persen")):
        state.add_question(qid, text, now)
        state.add_asker(qid, "telegram", "901", f"tg:901:{qid}", text, now)
    with open_store(settings.db) as store:
        scanner = ReportBack(state, settings, lambda: store, Unsure)
        store.ingest([item_from_dict(SURAMADU)])
        summary = scanner.scan()
        assert (summary.changed, summary.answered, summary.suggested) == (1, 0, 1)
        assert asked == ["jembatan suramadu ditutup"]
        assert state.question("q:1")["suggested"] == store.get_by_url(SURAMADU["url"]).id
        assert state.question("q:1")["status"] == "open" and state.outbox_counts() == {}
        assert scanner.scan().changed == 0  # seen: not asked again
    state.close()


def test_the_newsroom_blocks_a_spam_groups_askers(server, recorder):
    state = server.services.state
    now = time.time()
    state.add_question("q:spam", "promo pinjol bunga nol persen", now)
    for user in ("62861", "62862"):
        state.add_asker("q:spam", "whatsapp", user, f"wa:{user}", "promo", now)
    r = server.post("/api/admin/questions", json={"id": "q:spam", "action": "block", "value": "spam"},
                    headers=ADMIN)
    assert r.json() == {"blocked": 2}
    assert state.is_blocked("whatsapp", "62861") and state.is_blocked("whatsapp", "62862")
    assert state.question("q:spam")["status"] == "not_checkable"


def test_the_bar_saring_serve_and_saring_ingest_in_separate_processes(tmp_path, recorder):
    """The issue's check as an operator runs it: `saring serve` (web and worker processes);
    three readers (WhatsApp and Telegram) ask a claim the archive lacks, a fourth asks
    something else; `saring ingest` of the answer from a third process; each asker hears once
    within 60 s, nobody else does. (The reader last seen 25 h ago, who gets the template, is
    in the first test: real time cannot be moved here.)"""
    from test_channels_kill import Server, post

    server = Server(tmp_path, recorder, SARING_TEMPLATE_NAME="cek_fakta_baru",
                    SARING_TELEGRAM_TOKEN="1:A", SARING_TELEGRAM_SECRET=TG_SECRET,
                    SARING_TELEGRAM_BASE=recorder.url)
    server.start()
    try:
        for sender, question in (("62811", QUESTIONS[0]), ("62812", QUESTIONS[1]),
                                 ("62819", "harga cabai naik 500 persen minggu depan")):
            assert post(f"{server.base}/webhooks/whatsapp",
                        wa_webhook(wa_message(question, sender=sender))) == 200
        import urllib.request

        req = urllib.request.Request(f"{server.base}/webhooks/telegram", method="POST",
                                     data=json.dumps(tg_update(QUESTIONS[2], chat_id=901)).encode(),
                                     headers={"content-type": "application/json",
                                              "x-telegram-bot-api-secret-token": TG_SECRET})
        assert urllib.request.urlopen(req, timeout=5).status == 200
        assert wait_for(lambda: len(recorder.snapshot()) == 4, 30)
        from urllib.parse import quote

        ask_url = f"{server.base}/api/ask?q={quote(QUESTIONS[0])}"
        assert json.loads(urllib.request.urlopen(ask_url, timeout=10).read())["no_match"] is True
        source = tmp_path / "new.jsonl"
        source.write_text(json.dumps(SURAMADU) + "\n")
        started = time.monotonic()
        done = subprocess.run([str(Path(sys.executable).with_name("saring")), "ingest", str(source),
                               "--db", server.db, "--no-progress"], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        assert wait_for(lambda: len(reports(recorder)) == 3, 60), recorder.snapshot()
        took = time.monotonic() - started
        # the web process answers from the new archive too (its cached "no match" is dropped)
        assert json.loads(urllib.request.urlopen(ask_url, timeout=10).read())["no_match"] is False
        time.sleep(1.5)  # a second message would arrive now
    finally:
        server.kill()
    got = reports(recorder)
    assert sorted(to_of(e) for e in got) == ["62811", "62812", "901"] and took < 60
    assert all("Suramadu" in text_of(e) for e in got)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_state(request, tmp_path):
    import os
    import uuid

    from saring.channels.state import State

    if request.param == "sqlite":
        st = State(str(tmp_path / "archive.channels.db"))
        yield st
        st.close()
        return
    import psycopg

    url = os.environ.get("SARING_TEST_PG", "postgresql://127.0.0.1/test")
    schema = f"ch_test_{uuid.uuid4().hex[:12]}"
    st = State(f"{url}?schema={schema}")
    yield st
    st.close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


def test_the_state_of_report_back_watch_and_privacy_on_both_databases(any_state, settings):
    """Every new statement on SQLite and PostgreSQL: questions and askers, notices, verdicts
    told, versions seen, feeds, the purge and HAPUS DATA."""
    from saring.channels.privacy import export_csv, forget_user, purge
    from saring.channels.reportback import correct, notify, record_ask
    from saring.model import FactCheck

    state, now = any_state, time.time()
    settings.template_name = "t"
    state.record_inbound([Inbound(id="tg:1:1", channel="telegram", user_id="1", msg_type="text",
                                  text="suramadu ditutup?", received_at=now)])
    with state.db.transaction():
        qid = record_ask(state, "telegram", "1", "tg:1:1", "suramadu ditutup?", "suramadu ditutup", now)
        record_ask(state, "whatsapp", "62", "wa:1", "jembatan suramadu ditutup", "jembatan suramadu ditutup", now)
        state.touch_user("whatsapp", "62", "", now - SERVICE_WINDOW - 10)
    assert [(g["id"], g["askers"]) for g in state.questions(status="open")] == [(qid, 2)]
    fc = FactCheck(**{k: v for k, v in SURAMADU.items() if k != "kind"}, id="fc-s")
    assert notify(state, settings, qid, fc, now).told == 2
    assert state.notice_counts() == {"text": 1, "template": 1}
    assert state.questions()[0]["status"] == "answered" and state.told_items(["fc-s", "x"]) == {"fc-s"}
    fc.verdict, fc.verdict_label = "misleading", "MENYESATKAN"
    assert correct(state, settings, fc, now) == 2 and correct(state, settings, fc, now) == 0
    assert state.unsure_answers(1.1, 0) and state.unhelpful(0) == []
    with state.db.transaction():
        state.mark_seen([("fc-s", "2026-01-01T00:00:00Z")])
        state.save_feed("http://f.example/x", '"e1"', "", "", 0, now)
        state.mark_feed_entries(["http://f.example/a"], "http://f.example/x", now)
    assert state.seen_versions(["fc-s"]) == {"fc-s": "2026-01-01T00:00:00Z"}
    assert state.feed("http://f.example/x")["etag"] == '"e1"'
    assert state.feed_entries_seen(["http://f.example/a", "http://f.example/b"]) == {"http://f.example/a"}
    assert "suramadu ditutup?" in export_csv(state, settings, now - 10, now + 10)
    assert state.outbox_problems() == [] and state.duplicates_of(qid) == []
    with state.db.transaction():
        forget_user(state, "telegram", "1")
    assert [a["user_id"] for a in state.askers([qid])] == ["62"]
    assert purge(state, 1, now + 3 * 86400, report_days=1) > 0
    assert state.askers([qid]) == [] and state.questions() == []


def test_subscribers_who_had_a_fact_check_announced_hear_its_new_verdict(server, recorder):
    state = server.services.state
    body, headers = signed(wa_webhook(wa_message("LANGGANAN", sender="62871")))
    server.post("/webhooks/whatsapp", content=body, headers=headers)
    assert wait_for(lambda: len(recorder.snapshot()) == 1)
    r = server.post("/api/ingest", content=json.dumps(SURAMADU), headers={"x-api-key": API_KEY})
    assert r.json()["broadcast"]["queued"] == 1
    assert wait_for(lambda: len(recorder.snapshot()) == 2)
    revised = {**SURAMADU, "verdict": "true", "verdict_label": "BENAR",
               "explanation": SURAMADU["explanation"] + " Diperbarui: penutupan diumumkan resmi."}
    server.post("/api/ingest", content=json.dumps(revised), headers={"x-api-key": API_KEY})
    assert wait_for(lambda: len(recorder.snapshot()) == 3)
    time.sleep(1.2)  # once
    texts = [text_of(e) for e in recorder.snapshot()]
    assert len(texts) == 3 and "Koreksi" in texts[2] and "FAKTA" in texts[2] and "HOAKS" in texts[2]
    assert state.broadcast_verdict(server.services.store.get_by_url(SURAMADU["url"]).id) == "true"


def test_the_origin_check_knows_the_proxy_and_the_public_address():
    from saring.channels.guard import same_origin

    hosts = ("127.0.0.1:8080", None, "saring.example")
    assert same_origin({"origin": "https://saring.example"}, hosts)  # behind a proxy
    assert same_origin({}, hosts) and same_origin({"sec-fetch-site": "none"}, hosts)
    assert not same_origin({"origin": "https://evil.example"}, hosts)
    assert same_origin({"origin": "null", "sec-fetch-site": "same-origin"}, hosts)  # no-referrer
    assert not same_origin({"sec-fetch-site": "cross-site", "origin": "https://saring.example"}, hosts)


def test_the_scan_reads_behind_its_mark_only_while_a_late_commit_is_possible(settings):
    from saring.channels.reportback import MARGIN, ReportBack
    from saring.channels.state import State, state_location

    class Store:
        def __init__(self):
            self.since = []

        def changed_since(self, since, limit):
            self.since.append(since)
            return []

    state = State(state_location(settings.db))
    store = Store()
    scanner = ReportBack(state, settings, lambda: store)
    mark = state.meta("archive_mark")
    scanner.scan(now=mark + 10)
    scanner.scan(now=mark + 3 * MARGIN)
    iso = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))  # noqa: E731
    assert store.since == [iso(mark - MARGIN), iso(mark)]
    state.close()


def test_report_back_on_postgresql(settings, recorder):
    """Archive and channel state in one PostgreSQL schema: the scan finds the new item through
    the archive's updated_at and tells the asker."""
    import asyncio
    import os
    import uuid

    import httpx
    import psycopg

    from saring.channels.worker import Sender

    url = os.environ.get("SARING_TEST_PG", "postgresql://127.0.0.1/test")
    schema = f"ch_rb_{uuid.uuid4().hex[:12]}"
    settings.db = f"{url}?schema={schema}"
    try:
        with open_store(settings.db) as store:
            store.ingest(load_items())
        app = create_app(settings, worker="none")
        with TestClient(app) as client:
            services = app.state.services
            update = tg_update(QUESTIONS[0], chat_id=903, message_id=9)
            client.post("/webhooks/telegram", json=update,
                        headers={"x-telegram-bot-api-secret-token": TG_SECRET})
            services.worker.processor.process()
            assert [g["askers"] for g in services.state.questions(status="open")] == [1]
            client.post("/api/ingest", content=json.dumps(SURAMADU), headers={"x-api-key": API_KEY})
            summary = services.worker.reportback.scan()
            assert (summary.answered, summary.told) == (1, 1)
            assert services.worker.reportback.scan().changed == 0

            async def send():
                async with httpx.AsyncClient() as http:
                    return await Sender(services.state, settings, http).send_due()
            asyncio.run(send())
        texts = [text_of(e) for e in recorder.snapshot()]  # the first reply and the report, in either order
        assert len(texts) == 2 and sum("Kabar dari saring" in t and "Suramadu" in t for t in texts) == 1
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def test_saring_purge_from_the_command_line(settings):
    from saring.channels.state import State, state_location

    state = State(state_location(settings.db))
    state.touch_user("telegram", "5", "", time.time() - 200 * 86400)
    state.touch_user("telegram", "6", "", time.time())
    state.close()
    saring = str(Path(sys.executable).with_name("saring"))
    done = subprocess.run([saring, "purge", "--db", settings.db, "--days", "30", "--json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and json.loads(done.stdout)["deleted_rows"] == 1, done.stderr
    state = State(state_location(settings.db))
    assert state.user("telegram", "5") is None and state.user("telegram", "6") is not None
    state.close()
    refused = subprocess.run([saring, "purge", "--db", settings.db, "--days", "0"], capture_output=True,
                             text=True, timeout=120)
    assert refused.returncode == 2 and "retention period is 0" in refused.stderr


class Browser:
    """Headless Chromium driven through the DevTools protocol over a pipe (no WebSocket, no
    extra package): navigate, evaluate, wait for loads. Skips where Chromium is absent."""

    def __init__(self, profile: Path):
        import os
        import shutil

        binary = shutil.which("chromium")
        if binary is None:
            pytest.skip("Debian's chromium is not installed here (apt-get install chromium; .ci/run does)")
        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()
        # Chromium reads commands on fd 3 and writes answers on fd 4
        self.proc = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--remote-debugging-pipe", f"--user-data-dir={profile}",
             "about:blank"],
            pass_fds=(3, 4), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=lambda: (os.dup2(to_browser, 3), os.dup2(from_browser, 4)))
        os.close(to_browser)
        os.close(from_browser)
        self._buffer, self._id, self.events = b"", 0, []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable", session=True)

    def call(self, method: str, session: bool = False, **params):
        import os

        self._id += 1
        message = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._next()
            if reply.get("id") == self._id:
                assert "error" not in reply, reply
                return reply.get("result", {})
            self.events.append(reply)

    def _next(self, timeout: float = 30.0) -> dict:
        import os
        import select

        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._read], [], [], timeout)
            assert ready, "Chromium did not answer"
            chunk = os.read(self._read, 1 << 16)
            assert chunk, "Chromium closed the pipe"
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def wait_load(self) -> None:
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            self.events.append(self._next())
        self.events.clear()

    def open(self, url: str) -> None:
        self.events.clear()
        self.call("Page.navigate", session=True, url=url)
        self.wait_load()

    def run(self, expression: str):
        return self.call("Runtime.evaluate", session=True, expression=expression,
                         returnByValue=True)["result"].get("value")

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait(10)


def test_the_newsroom_links_a_group_in_real_chromium_and_the_askers_hear(settings, recorder, tmp_path):
    """The bar's browser check: the real /admin page in headless Chromium (CSP on, no script of
    the page's own), logged in, the archive searched, the group linked through its form."""
    import base64
    import socket
    import threading

    import uvicorn

    settings.template_name = "cek_fakta_baru"
    with open_store(settings.db) as store:
        store.ingest(load_items())
    app = create_app(settings, worker="thread")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    assert wait_for(lambda: srv.started, 20)
    base = f"http://127.0.0.1:{port}"
    browser = None
    try:
        state = app.state.services.state
        now = time.time()
        for user in ("62881", "62882"):
            state.touch_user("whatsapp", user, "", now)
        from saring.channels.reportback import record_ask

        with state.db.transaction():
            for user in ("62881", "62882"):
                record_ask(state, "whatsapp", user, f"wa:{user}", QUESTIONS[0], QUESTIONS[0], now)
        with open_store(settings.db) as store:  # archived, but nobody linked it yet
            store.ingest([item_from_dict({**SURAMADU, "url": "https://cekfakta.example/suramadu-3",
                                          "title": "Hoaks Penutupan Suramadu"})])
        browser = Browser(tmp_path / "profile")
        login = base64.b64encode(b"redaksi:rahasia").decode()
        browser.call("Network.enable", session=True)
        browser.call("Network.setExtraHTTPHeaders", session=True, headers={"Authorization": f"Basic {login}"})
        browser.open(f"{base}/admin?find=penutupan+suramadu")
        assert "Antrean tipline" in browser.run("document.body.innerText")
        found = browser.run("document.querySelector('form.find + table code').textContent")
        with open_store(settings.db) as store:
            assert found == store.get_by_url("https://cekfakta.example/suramadu-3").id
        browser.run(f"""(() => {{
            const form = document.querySelector('form.act');
            form.querySelector('select').value = 'link';
            form.querySelector('input[name=value]').value = {json.dumps(found)};
            form.submit(); }})()""")
        browser.wait_load()
        page_text = browser.run("document.body.innerText")
        assert browser.run("location.pathname + location.search") == "/admin?done=link", page_text
        assert "Tersimpan." in browser.run("document.body.innerText")
        got = wait_for(lambda: len(reports(recorder)) == 2 and reports(recorder))
        assert sorted(to_of(e) for e in got) == ["62881", "62882"]
        assert all("Penutupan Suramadu" in text_of(e) for e in got)
    finally:
        if browser is not None:
            browser.close()
        srv.should_exit = True
        thread.join(10)
