"""Replicas of `saring serve` on one PostgreSQL schema: the forced timings in which two of them
lost or duplicated work before (a late inbox commit, a sender killed mid-send, one user's
messages read by two processors), start-up together, and the limits they share."""

from __future__ import annotations

import asyncio
import itertools
import os
import threading
import time
import uuid

import httpx
import psycopg
import pytest
from channels_helpers import ScriptedAnswerer

from saring.archive import open_store
from saring.channels.answering import Answering
from saring.channels.guard import SharedRateLimiter
from saring.channels.state import SCHEMA_VERSION, Inbound, State
from saring.channels.worker import CLAIM_SECONDS, Processor, Sender

PG_URL = os.environ.get("SARING_TEST_PG", "postgresql://127.0.0.1/test")
T0 = 1_764_000_000.0
_ids = itertools.count(1)


@pytest.fixture
def location():
    schema = f"replicas_{uuid.uuid4().hex[:12]}"
    try:
        psycopg.connect(PG_URL).close()
    except psycopg.OperationalError:
        pytest.skip(f"no PostgreSQL at {PG_URL}")
    yield f"{PG_URL}?schema={schema}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture
def replicas(location):
    """Two replicas' channel state: separate connections to one schema."""
    states = [State(location), State(location)]
    yield states
    for st in states:
        st.close()


def msg(user="62811", text="vaksin ada chip?", at=T0):
    return Inbound(id=f"wa:{next(_ids):08d}", channel="whatsapp", user_id=user, msg_type="text",
                   text=text, name="Ani", received_at=at)


def processor(state, settings, answerer, logs=None):
    settings.merge_seconds = settings.merge_max_seconds = 0.0
    return Processor(state, settings, lambda text, channel: answerer.ask(text, channel=channel),
                     logs=logs)


def replies(state):
    return [r[0] for r in state.db.query(
        "SELECT payload FROM ch_outbox WHERE purpose = 'reply' ORDER BY id")]


def test_a_message_committed_late_is_not_skipped(replicas, settings):
    """A webhook's transaction took its seq, then committed after a later one had been read
    and closed: a seq mark would pass it for ever; the xid mark waits for it."""
    web_a, worker = replicas
    late = msg(user="628late")
    on_time = msg(user="628ontime")
    answers = processor(worker, settings, ScriptedAnswerer())
    with psycopg.connect(web_a.db.location.split("?")[0]) as holder:  # commits at the end
        holder.execute(f"SET search_path TO {web_a.db.location.split('schema=')[1]}")
        holder.execute("INSERT INTO ch_inbox (id, channel, user_id, msg_type, text, received_at)"
                       " VALUES (%s, 'whatsapp', %s, 'text', 'vaksin ada chip?', %s)",
                       (late.id, late.user_id, late.received_at))  # not committed yet
        worker.record_inbound([on_time])
        assert answers.process(now=T0 + 1)[0] == 1
        assert answers.process(now=T0 + 2)[0] == 0
    late_seq, on_time_seq = (worker.inbox.query("SELECT seq FROM ch_inbox WHERE id = ?", (i,))[0][0]
                             for i in (late.id, on_time.id))
    assert late_seq < on_time_seq  # the forced timing: below the newest closed message
    assert answers.process(now=T0 + 3)[0] == 1
    assert worker.closed_of([late.id]) == {late.id}


def test_a_purge_deletes_only_what_the_mark_passed(replicas, settings):
    """The mark follows the oldest transaction still open anywhere in the cluster, so the test
    sets it: just past the old message, before the new one."""
    from saring.channels.privacy import purge

    _, worker = replicas
    worker.record_inbound([msg(user="628old", at=T0)])
    worker.record_inbound([msg(user="628new", at=T0)])  # as old, but not read yet
    xids = dict(worker.inbox.query("SELECT user_id, xid::text::bigint FROM ch_inbox"))
    worker.set_meta("inbox_xid", xids["628old"] + 1)
    assert purge(worker, retention_days=1, now=T0 + 3 * 86400) > 0
    assert [r[0] for r in worker.inbox.query("SELECT user_id FROM ch_inbox")] == ["628new"]


def test_a_user_is_answered_by_one_replica_and_a_dead_ones_lease_expires(replicas, settings):
    a, b = replicas
    a.record_inbound([msg(user="628one"), msg(user="628two")])
    first = processor(a, settings, ScriptedAnswerer())
    second = processor(b, settings, ScriptedAnswerer())
    # replica A leased 628one and was killed before closing anything
    assert a.claim_users(["whatsapp:628one"], first.owner, T0 + 1, CLAIM_SECONDS) == ["whatsapp:628one"]
    assert second.process(now=T0 + 1)[0] == 1  # 628two only: 628one is A's
    assert b.claim_users(["whatsapp:628one"], second.owner, T0 + 2, CLAIM_SECONDS) == []
    assert second.process(now=T0 + 1 + CLAIM_SECONDS / 2)[0] == 0
    assert second.process(now=T0 + 2 + CLAIM_SECONDS)[0] == 1  # the lease ran out
    assert len(replies(b)) == 2
    assert b.db.query("SELECT COUNT(*) FROM ch_claims")[0][0] == 0  # released after closing


def test_a_slow_replica_whose_lease_was_taken_over_throws_its_answer_away(replicas, settings,
                                                                        location):
    """A answers slowly; its lease expires, B takes the user over and answers; A's plan is
    re-checked inside its closing transaction and dropped: one reply, one query logged."""
    a, b = replicas
    a.record_inbound([msg(user="628slow")])
    with open_store(location) as store:
        logs = [Answering("unused", 60.0, store, ScriptedAnswerer) for _ in range(2)]
        fast = processor(b, settings, ScriptedAnswerer(), logs[1])
        fast.conversation.ask = logs[1].ask

        def slow_ask(text, channel):
            answer = logs[0].ask(text, channel)
            assert fast.process(now=T0 + 2 + CLAIM_SECONDS)[0] == 1  # meanwhile, B
            return answer

        slow = processor(a, settings, ScriptedAnswerer(), logs[0])
        slow.conversation.ask = slow_ask
        assert slow.process(now=T0 + 1)[0] == 0
        assert len(replies(a)) == 1
        assert [q["channel"] for q in store.query_log()] == ["whatsapp"]


def test_two_replicas_answer_every_message_once_and_split_the_work(replicas, settings):
    a, b = replicas
    messages = [msg(user=f"628{i:04d}") for i in range(120)]
    a.record_inbound(messages[::2])
    b.record_inbound(messages[1::2])
    asked = [ScriptedAnswerer(), ScriptedAnswerer()]
    workers = [processor(st, settings, ans) for st, ans in zip(replicas, asked)]
    closed = [0, 0]

    def run(i):
        while True:
            got = workers[i].process(now=T0 + 1, batch=4)[0]
            if not got:
                return
            closed[i] += got

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(closed) == 120 and len(replies(a)) == 120
    assert len(asked[0].asked) + len(asked[1].asked) == 120  # no message answered twice
    assert a.inbox_counts() == {"answered": 120}


def test_outbox_rows_go_to_one_sender_and_a_killed_senders_rows_come_back(replicas, settings):
    a, b = replicas
    for i in range(10):
        a.enqueue(f"r:{i}", "whatsapp", f"628{i}", "reply", {"text": "x", "reply_to": ""}, T0)

    def until(now):  # as the sender sets it: in doubt after the send timeout and doubt period
        return {"whatsapp": now + 69, "telegram": now + 11}

    with psycopg.connect(a.db.location.split("?")[0]) as holder:  # another sender mid-claim
        holder.execute(f"SET search_path TO {a.db.location.split('schema=')[1]}")
        locked = {r[0] for r in holder.execute(
            "SELECT id FROM ch_outbox WHERE id IN ('r:0', 'r:1') FOR UPDATE").fetchall()}
        b.db.execute("SET lock_timeout = '5s'")  # waiting for the locked rows fails the test
        taken = {r.id for r in b.claim_due(T0 + 1, until(T0 + 1), limit=5)}
        assert len(taken) == 5 and not taken & locked  # skipped, not waited for
        holder.rollback()
    rest = {r.id for r in a.claim_due(T0 + 1, until(T0 + 1))}
    assert rest == {f"r:{i}" for i in range(10)} - taken
    assert a.claim_due(T0 + 2, until(T0 + 2)) == [] and b.claim_due(T0 + 69, until(T0 + 69)) == []
    # both senders were killed before recording a result: after the doubt period, once more
    again = [r.id for r in a.claim_due(T0 + 71, until(T0 + 71))] \
        + [r.id for r in b.claim_due(T0 + 71, until(T0 + 71))]
    assert sorted(again) == sorted(f"r:{i}" for i in range(10))


def test_two_senders_post_each_reply_once(replicas, settings, recorder):
    for i in range(150):
        replicas[0].enqueue(f"r:{i}", "whatsapp", f"628{i}", "reply",
                            {"text": f"jawaban {i}", "reply_to": ""}, T0)

    async def drain(state):
        """Both senders at once while there is work; then until every row is sent (a send the
        recorder refused under load is retried later)."""
        deadline = time.monotonic() + 60
        async with httpx.AsyncClient() as client:
            sender = Sender(state, settings, client)
            while await sender.send_due():
                pass
            while state.outbox_counts() != {"sent": 150} and time.monotonic() < deadline:
                if not await sender.send_due():
                    await asyncio.sleep(0.02)

    async def both():
        await asyncio.gather(*(asyncio.to_thread(asyncio.run, drain(st)) for st in replicas))

    asyncio.run(both())
    texts = [s["body"]["text"]["body"] for s in recorder.sent]
    assert len(texts) == 150 and len(set(texts)) == 150
    assert replicas[0].outbox_counts() == {"sent": 150}


def test_replicas_starting_together_create_the_tables_once(location):
    errors, states = [], []

    def start():
        try:
            states.append(State(location))
        except Exception as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert states[0].meta("schema_version") == SCHEMA_VERSION
    for st in states:
        st.close()


def test_a_first_release_schema_is_upgraded(location):
    """Tables as version 1 made them (no xid column, a 32-bit ch_meta.value) get version 2."""
    url, schema = location.split("?schema=")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
        conn.execute(f"SET search_path TO {schema}")
        conn.execute("CREATE TABLE ch_inbox (seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
                     " channel TEXT NOT NULL, user_id TEXT NOT NULL, msg_type TEXT NOT NULL,"
                     " text TEXT NOT NULL, name TEXT NOT NULL DEFAULT '',"
                     " received_at DOUBLE PRECISION NOT NULL)")
        conn.execute("CREATE TABLE ch_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)")
        conn.execute("INSERT INTO ch_inbox (id, channel, user_id, msg_type, text, received_at)"
                     " VALUES ('wa:old', 'whatsapp', '628', 'text', 'vaksin', 1)")
    st = State(location)
    assert st.meta("schema_version") == SCHEMA_VERSION
    assert [m.id for m in st.pending().messages] == ["wa:old"]
    st.set_meta("inbox_xid", 2**40)  # a 64-bit value fits
    st.close()


def test_the_api_limit_is_shared_by_the_replicas(replicas):
    limiters = [SharedRateLimiter(st, 3, 60.0) for st in replicas]
    allowed = [limiters[i % 2].allow("203.0.113.9", now=T0) for i in range(6)]
    assert allowed == [True, True, True, False, False, False]
    assert limiters[0].allow("203.0.113.9", now=T0 + 60)  # the next minute
    assert limiters[1].allow("198.51.100.1", now=T0 + 60)


def test_an_archive_change_through_one_replica_drops_the_others_cached_answers(replicas, location):
    """What Services.ask does before answering: the generation is the schema's, not the
    process's, so an ingest through replica A reaches replica B's cache."""
    a, b = replicas
    made = []

    def factory(store):
        made.append(ScriptedAnswerer(store))
        return made[-1]

    with open_store(location) as store:
        cache = Answering("unused", 60.0, store, factory)
        for _ in range(2):
            cache.invalidate(b.generation())
            cache.ask("vaksin ada chip?", "web")
        assert len(made) == 1 and cache.hits == 1
        a.bump_generation()  # Services.archive_changed on replica A
        cache.invalidate(b.generation())
        cache.ask("vaksin ada chip?", "web")
        assert len(made) == 2 and cache.misses == 2


def test_a_slow_batch_renews_its_leases(replicas, settings, monkeypatch):
    """Answers slower than half a lease (pictures read one by one): the readers still waiting
    in the batch stay this replica's."""
    from saring.channels import worker

    monkeypatch.setattr(worker, "CLAIM_SECONDS", 1.0)
    a, b = replicas
    a.record_inbound([msg(user=f"628r{i}") for i in range(3)])
    keys = [f"whatsapp:628r{i}" for i in range(3)]
    started, taken = time.monotonic(), []

    def slow(text, channel):
        time.sleep(0.6)
        taken.extend(b.claim_users(keys, "replica-b", T0 + 1 + time.monotonic() - started, 1.0))
        return ScriptedAnswerer().ask(text, channel=channel)

    settings.merge_seconds = settings.merge_max_seconds = 0.0
    assert Processor(a, settings, slow).process(now=T0 + 1)[0] == 3
    assert taken == []
