"""The conversation, the inbox and the outbox, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import itertools
import os
import uuid

import httpx
import psycopg
import pytest
from channels_helpers import ScriptedAnswerer

from saring.channels import conversation as talk
from saring.channels.broadcast import notify_new_factchecks
from saring.channels.state import SERVICE_WINDOW, Inbound, State
from saring.channels.worker import Processor, Sender
from saring.model import FactCheck

PG_URL = os.environ.get("SARING_TEST_PG", "postgresql://127.0.0.1/test")
T0 = 1_764_000_000.0


@pytest.fixture(params=["sqlite", "postgresql"])
def state(request, tmp_path):
    if request.param == "sqlite":
        st = State(str(tmp_path / "archive.channels.db"))
        yield st
        st.close()
        return
    schema = f"ch_test_{uuid.uuid4().hex[:12]}"
    st = State(f"{PG_URL}?schema={schema}")
    yield st
    st.close()
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


_ids = itertools.count(1)


def msg(text="vaksin ada chip?", user="62811", at=T0, msg_type="text", mid=None):
    return Inbound(id=mid or f"wa:{next(_ids):08d}", channel="whatsapp", user_id=user,
                   msg_type=msg_type, text=text, name="Ani", received_at=at)


def outbox(state):
    return state.db.query("SELECT id, user_id, purpose, payload, template, status FROM ch_outbox"
                          " ORDER BY created_at, id")


def texts(state):
    import json
    return [json.loads(r[3])["text"] for r in outbox(state)]


@pytest.fixture
def answerer():
    return ScriptedAnswerer()


@pytest.fixture
def processor(state, settings, answerer):
    settings.merge_seconds, settings.merge_max_seconds = 3.0, 10.0
    return Processor(state, settings, lambda text, channel: answerer.ask(text, channel=channel))


def test_a_message_delivered_twice_is_stored_once(state):
    first = msg(mid="wa:wamid.1")
    assert state.record_inbound([first, msg(mid="wa:wamid.2")]) == 2
    assert state.record_inbound([first]) == 0
    assert state.inbox_counts() == {"pending": 2}


def test_messages_within_the_merge_window_become_one_query(state, processor, answerer):
    state.record_inbound([msg("VAKSIN", at=T0, mid="wa:a"), msg("ada chip pelacaknya?", at=T0 + 2, mid="wa:b")])
    assert processor.process(now=T0 + 4) == (0, T0 + 5)  # still inside the window of "b"
    assert answerer.asked == []
    closed, _ = processor.process(now=T0 + 5.1)
    assert closed == 2
    assert answerer.asked == [("VAKSIN\nada chip pelacaknya?", "whatsapp")]
    (row,) = outbox(state)
    assert row[0] == "r:wa:a" and '"reply_to": "wa:b"' in row[3]
    assert talk.FEEDBACK_PROMPT.strip() in texts(state)[0]
    assert state.inbox_counts() == {"answered": 2}
    assert processor.process(now=T0 + 60) == (0, None)  # nothing is answered twice


def test_a_user_who_keeps_typing_is_answered_after_the_longest_wait(state, processor):
    state.record_inbound([msg(f"bagian {i}", at=T0 + 2 * i) for i in range(6)])
    closed, _ = processor.process(now=T0 + 10.5)  # last message 0.5 s ago, first 10.5 s ago
    assert closed == 6 and len(outbox(state)) == 1


def test_commands_subscribe_and_unsubscribe(state, processor):
    for i, text in enumerate(["menu", "LANGGANAN", "langganan!", "BERHENTI", "stop", "/start"]):
        state.record_inbound([msg(text, at=T0 + 10 * i)])
        processor.process(now=T0 + 10 * i + 5)
        if text == "LANGGANAN":
            assert state.is_subscribed("whatsapp", "62811")
    assert texts(state) == [talk.MENU, talk.SUBSCRIBED, talk.ALREADY_SUBSCRIBED,
                            talk.UNSUBSCRIBED, talk.NOT_SUBSCRIBED, talk.MENU]
    assert not state.is_subscribed("whatsapp", "62811")


def test_feedback_after_an_answer_is_recorded_once(state, processor, answerer):
    state.record_inbound([msg("vaksin chip", at=T0)])
    processor.process(now=T0 + 5)
    state.record_inbound([msg("1", at=T0 + 20)])
    processor.process(now=T0 + 25)
    state.record_inbound([msg("1", at=T0 + 40)])  # no answer awaiting a rating: a query
    processor.process(now=T0 + 45)
    assert texts(state)[1] == talk.THANKS_HELPFUL
    assert state.feedback_counts() == [("whatsapp", 1, 0)]
    rows = state.db.query("SELECT query, top_id FROM ch_feedback")
    assert [tuple(r) for r in rows] == [("vaksin chip", "fc-vaksin")]
    assert answerer.asked[-1] == ("1", "whatsapp")


def test_a_rating_sent_with_the_question_is_part_of_the_question(state, processor, answerer):
    """The reader cannot rate an answer they have not seen yet."""
    state.record_inbound([msg("vaksin chip", at=T0), msg("2", at=T0 + 1)])
    processor.process(now=T0 + 5)
    assert answerer.asked == [("vaksin chip\n2", "whatsapp")]
    assert state.feedback_counts() == []


def test_non_text_gets_a_polite_reply_and_empty_answers_no_rating_prompt(state, processor):
    state.record_inbound([msg("", msg_type="image", at=T0), msg("cuaca hari ini", at=T0 + 1)])
    processor.process(now=T0 + 5)
    assert texts(state) == [talk.IMAGE_UNREADABLE, "Belum ada cek fakta yang cocok."]


def test_rate_limit_replies_once_then_stays_quiet(state, processor, settings):
    settings.rate_limit, settings.rate_window = 3, 60.0
    for i in range(6):
        state.record_inbound([msg(f"pertanyaan {i}", at=T0 + 5 * i)])
        processor.process(now=T0 + 5 * i + 3.5)
    got = texts(state)
    assert len(got) == 4 and got[3] == talk.RATE_LIMITED
    assert state.inbox_counts() == {"answered": 3, "limited": 3}
    state.record_inbound([msg("vaksin", at=T0 + 200)])  # the window has passed
    processor.process(now=T0 + 204)
    assert len(texts(state)) == 5


def test_blocked_users_are_not_answered(state, processor, settings):
    settings.blocklist = ["whatsapp:62899"]
    state.block("whatsapp", "62877", "spam")
    state.record_inbound([msg(user="62899"), msg(user="62877"), msg(user="62811")])
    processor.process(now=T0 + 5)
    assert [r[1] for r in outbox(state)] == ["62811"]
    assert state.inbox_counts() == {"answered": 1, "blocked": 2}
    assert state.unblock("whatsapp", "62877") and not state.unblock("whatsapp", "62877")


def test_a_failing_answer_layer_gets_an_apology_not_a_stuck_queue(state, settings):
    def broken(text, channel):
        raise RuntimeError("index missing")
    state.record_inbound([msg(at=T0)])
    Processor(state, settings, broken).process(now=T0 + 5)
    assert texts(state) == [talk.FAILED] and state.inbox_counts() == {"failed": 1}


def _send(state, settings, now, transport=None):
    async def run():
        async with httpx.AsyncClient(transport=transport) as client:
            return await Sender(state, settings, client).send_due(now)
    return asyncio.run(run())


def test_replies_wait_while_the_graph_api_is_down_and_go_once_when_it_is_back(
        state, processor, settings, recorder):
    state.record_inbound([msg(user=f"6281{i}", at=T0) for i in range(3)])
    processor.process(now=T0 + 5)
    recorder.down = True
    assert _send(state, settings, now=T0 + 5) == 0
    assert recorder.refused == 3 and state.outbox_counts() == {"pending": 3}
    assert _send(state, settings, now=T0 + 5) == 0  # backing off: nothing is due yet
    assert recorder.refused == 3
    recorder.down = False
    assert _send(state, settings, now=T0 + 5 + settings.retry_max) == 3
    assert _send(state, settings, now=T0 + 600) == 0
    assert sorted(recorder.replies_by_context().values()) == [1, 1, 1]
    errors = state.db.query("SELECT attempts, last_error, remote_id FROM ch_outbox")
    assert all(r[0] == 2 and r[1] == "" and r[2].startswith("wamid.REC") for r in errors)


def test_a_reply_outside_the_24_hour_window_expires(state, processor, settings, recorder):
    state.record_inbound([msg(at=T0)])
    processor.process(now=T0 + 5)
    assert _send(state, settings, now=T0 + SERVICE_WINDOW + 1) == 0
    assert state.outbox_counts() == {"expired": 1} and recorder.snapshot() == []


def _factcheck(n=1):
    return FactCheck(id=f"fc{n}", url=f"https://turnbackhoax.example/{n}",
                     title=f"[SALAH] Klaim nomor {n}", claim="Vaksin berisi chip",
                     publisher="turnbackhoax.id", verdict="false", verdict_label="SALAH")


def test_broadcasts_respect_the_customer_service_window(state, settings, recorder):
    settings.template_name = "cek_fakta_baru"
    for user, last in (("62801", T0 - 3600), ("62802", T0 - 2 * SERVICE_WINDOW)):
        state.touch_user("whatsapp", user, "", last)
        state.set_subscribed("whatsapp", user, True, last)
    state.set_subscribed("telegram", "555", True, T0)
    summary = notify_new_factchecks(state, settings, [_factcheck()], now=T0)
    assert (summary.factchecks, summary.subscribers, summary.queued, summary.templates) == (1, 3, 2, 1)
    again = notify_new_factchecks(state, settings, [_factcheck()], now=T0 + 1)
    assert (again.factchecks, again.already, again.queued) == (0, 1, 0)
    assert _send(state, settings, now=T0 + 1) == 3
    bodies = {e["body"].get("to") or str(e["body"].get("chat_id")): e["body"] for e in recorder.snapshot()}
    assert bodies["62801"]["type"] == "text" and "Klaim nomor 1" in bodies["62801"]["text"]["body"]
    assert bodies["62802"]["type"] == "template"
    assert bodies["62802"]["template"]["components"][0]["parameters"][1]["text"] == "HOAKS"
    assert "BERHENTI" in bodies["555"]["text"]


def test_without_a_template_closed_windows_are_skipped(state, settings):
    state.touch_user("whatsapp", "62802", "", T0 - 2 * SERVICE_WINDOW)
    state.set_subscribed("whatsapp", "62802", True, T0 - 2 * SERVICE_WINDOW)
    summary = notify_new_factchecks(state, settings, [_factcheck(2)], now=T0)
    assert (summary.queued, summary.templates, summary.skipped) == (0, 0, 1)
    assert state.outbox_counts() == {}


def test_graph_errors_decide_between_retry_template_and_giving_up(state, settings):
    settings.template_name = "cek_fakta_baru"
    answers = {"62801": (400, {"error": {"code": 131047, "message": "Re-engagement message"}}),
               "62802": (400, {"error": {"code": 100, "message": "Invalid parameter"}}),
               "62803": (429, {"error": {"code": 130429, "message": "Rate limit hit"}})}
    seen = []

    def graph(request: httpx.Request) -> httpx.Response:
        import json
        body = json.loads(request.content)
        seen.append((body["to"], body["type"]))
        if body["type"] == "template":
            return httpx.Response(200, json={"messages": [{"id": "wamid.T"}]})
        status, data = answers[body["to"]]
        return httpx.Response(status, json=data, headers={"retry-after": "30"})

    for user in answers:
        state.touch_user("whatsapp", user, "", T0)
        state.set_subscribed("whatsapp", user, True, T0)
    notify_new_factchecks(state, settings, [_factcheck(3)], now=T0)
    transport = httpx.MockTransport(graph)
    _send(state, settings, T0 + 1, transport)
    _send(state, settings, T0 + 2, transport)
    statuses = dict((r[1], r[5]) for r in outbox(state))
    assert statuses == {"62801": "sent", "62802": "failed", "62803": "pending"}
    assert ("62801", "template") in seen
    (next_at,) = state.db.query("SELECT next_attempt_at FROM ch_outbox WHERE user_id = '62803'")[0]
    assert next_at == pytest.approx(T0 + 31)  # Retry-After respected


def test_a_backlog_does_not_merge_questions_asked_apart(state, processor, answerer):
    """Questions 20 s apart stay two questions even when both wait in the inbox."""
    state.record_inbound([msg("vaksin chip", at=T0), msg("gempa besok", at=T0 + 20),
                          msg("di jakarta?", at=T0 + 21)])
    processor.process(now=T0 + 60)
    assert answerer.asked == [("vaksin chip", "whatsapp"), ("gempa besok\ndi jakarta?", "whatsapp")]
    assert len(outbox(state)) == 2
