"""The two loops behind the webhooks: answer what came in, send what is in the outbox.

Both read their work from the state database, never from memory, so a restarted process
picks up exactly where a killed one stopped. The processor closes inbound messages in the
same transaction that enqueues their replies; the sender marks rows "sending" before the
call and "sent" the moment the platform accepted one. Neither platform takes an idempotency
key, so a row a killed process left "sending" is in doubt: for WhatsApp the delivery status
(which carries the outbox id back) settles it; only if none comes within `doubt_seconds` is
it sent again. Telegram reports no statuses: its rows in doubt are sent again (at least once).

Replicas of `saring serve` on one PostgreSQL schema split the work: each processor leases the
users it answers and each sender takes its rows with SKIP LOCKED (see state.py), so adding a
replica adds answering capacity and every message is answered once.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import secrets
import signal
import socket
import sys
import threading
import time
from contextlib import nullcontext
from typing import Any

import httpx

from saring.channels import telegram, whatsapp
from saring.channels.conversation import Ask, Conversation, Plan
from saring.channels.reportback import ReportBack
from saring.channels.settings import Settings
from saring.channels.state import Inbound, OutboxRow, SendResult, State

log = logging.getLogger("saring.channels")

CHECKPOINT_SECONDS = 2.0  # how often the worker folds the web process's inbox WAL back
REPORT_SECONDS = 1.0  # how often the worker looks for newly archived answers
PURGE_SECONDS = 3600.0  # how often it deletes what is older than the retention period
# How long a processor holds a user it is answering: a replica killed mid-answer leaves its
# users to the others after this (an answer takes well under a second).
CLAIM_SECONDS = 30.0
# What may go out as the approved template when the 24-hour window is closed (a reply to a
# question may not: it is stale by then).
TEMPLATED = ("broadcast", "report", "correction")


class Processor:
    """Inbox -> outbox: waits out each user's merge window, then answers in one step."""

    def __init__(self, state: State, settings: Settings, ask: Ask,
                 stop: threading.Event | None = None, media: Any = None, logs: Any = None):
        """`logs` (an Answering): the questions of an answer are logged once its messages are
        closed, so an answer thrown away (another replica closed them) is not logged."""
        self.state = state
        self.settings = settings
        self.conversation = Conversation(state, settings, ask, media)
        self.stop = stop or threading.Event()  # set: finish the batch in hand and return
        self.logs = logs
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"

    def process(self, now: float | None = None, batch: int = 16) -> tuple[int, float | None]:
        """Answer every user whose merge window has passed; returns (messages closed, the next
        time another user will be ready)."""
        now = time.time() if now is None else now
        read = self.state.pending()
        by_user: dict[str, list[Inbound]] = {}
        for message in read.messages:
            by_user.setdefault(f"{message.channel}:{message.user_id}", []).append(message)
        merge, merge_max = self.settings.merge_seconds, self.settings.merge_max_seconds
        ready, next_at = [], None
        for key, messages in by_user.items():
            at = min(messages[-1].received_at + merge, messages[0].received_at + merge_max)
            if at <= now:
                ready.append(key)
            else:
                next_at = at if next_at is None else min(next_at, at)
        closed: set[str] = set()
        for start in range(0, len(ready), batch):
            if self.stop.is_set():
                break
            claimed = self.state.claim_users(ready[start:start + batch], self.owner, now,
                                             CLAIM_SECONDS)
            try:
                closed.update(self._answer({key: by_user[key] for key in claimed}, now))
            finally:
                self.state.release_claims(claimed, self.owner)
        self.state.advance(read, [m for m in read.messages if m.id not in closed])
        return len(closed), next_at

    def _answer(self, users: dict[str, list[Inbound]], now: float) -> set[str]:
        """Answer the users this processor holds; returns the ids of the messages closed."""
        done = self.state.closed_of([m.id for messages in users.values() for m in messages])
        # `done`: another replica answered them since they were read
        waiting = {key: [m for m in messages if m.id not in done] for key, messages in users.items()}
        plans: list[tuple[str, list[Inbound], Plan, list]] = []
        start = renewed = time.monotonic()
        for key, messages in waiting.items():
            if not messages:
                continue
            if time.monotonic() - renewed > CLAIM_SECONDS / 2:  # slow answers (pictures)
                renewed = time.monotonic()  # the planned ones too: they wait for the commit
                if key not in self.state.claim_users(list(waiting), self.owner,
                                                     now + renewed - start, CLAIM_SECONDS):
                    continue  # the lease ran out and another replica has the reader now
            with self.logs.deferred_logs() if self.logs else nullcontext([]) as logged:
                plan = self.conversation.plan(messages[0].channel, messages[0].user_id, messages,
                                              now)
            plans.append((key, messages, plan, logged))
        applied = []
        with self.state.db.transaction():
            held = self.state.held_claims([key for key, *_ in plans], self.owner)
            done = self.state.closed_of([m.id for _, todo, *_ in plans for m in todo])
            for key, todo, plan, logged in plans:
                # the plan stands only if the lease is still ours and nobody closed a message
                if key in held and not any(m.id in done for m in todo):
                    plan.apply(self.state, now)
                    applied.append((todo, logged))
        for _, logged in applied:
            for write in logged:
                write()
        return {m.id for todo, _ in applied for m in todo}


class Sender:
    """Outbox -> WhatsApp/Telegram, with retry and exponential back-off per message."""

    def __init__(self, state: State, settings: Settings, client: httpx.AsyncClient):
        self.state = state
        self.settings = settings
        self.client = client
        self._limit = asyncio.Semaphore(max(1, settings.send_concurrency))

    async def send_due(self, now: float | None = None) -> int:
        """Try every row that is due; returns how many were sent."""
        now = time.time() if now is None else now
        # Only WhatsApp reports deliveries back (with the outbox id): Telegram rows cut short
        # are sent again as soon as the send could no longer be in flight.
        in_doubt = now + self.settings.send_timeout + 1.0
        rows = self.state.claim_due(now, {whatsapp.CHANNEL: in_doubt + self.settings.doubt_seconds,
                                          telegram.CHANNEL: in_doubt})
        if not rows:
            return 0
        results = await asyncio.gather(*(self._guarded(row, now) for row in rows))
        return sum(r.status == "sent" for r in results)

    async def _guarded(self, row: OutboxRow, now: float) -> SendResult:
        async with self._limit:
            try:
                result = await self.send(row, now)
            except Exception as exc:  # never lose the row to an unexpected error
                log.exception("sending %s failed", row.id)
                result = self._retry(row, now, f"{type(exc).__name__}: {exc}")
        # Committed the moment the platform answered: the window in which a kill makes the
        # row go out again is this one commit, not the slowest send of a batch.
        self.state.record_results([result])
        return result

    async def send(self, row: OutboxRow, now: float) -> SendResult:
        module: Any = whatsapp if row.channel == whatsapp.CHANNEL else telegram
        ready = self.settings.whatsapp_ready if module is whatsapp else self.settings.telegram_ready
        if not ready:
            return self._retry(row, now, f"{row.channel} is not configured", self.settings.retry_max)
        template = row.template
        if module is whatsapp and not template and row.window_ends_at is not None \
                and now > row.window_ends_at:
            if row.purpose not in TEMPLATED or not self.settings.template_name:
                return SendResult(row.id, "expired", "the 24-hour customer-service window closed")
            template = self.settings.template_name  # outside the window only a template may go
        row.template = template
        url, headers, body = module.request(self.settings, row)
        try:
            response = await self.client.post(url, json=body, headers=headers,
                                              timeout=self.settings.send_timeout)
        except httpx.HTTPError as exc:
            return self._retry(row, now, f"{type(exc).__name__}: {exc}", template=template)
        data = _json(response)
        if response.is_success:
            return SendResult(row.id, "sent", module.sent_id(data), template)
        return self._failure(row, now, module, response, data, template)

    def _failure(self, row: OutboxRow, now: float, module: Any, response: httpx.Response,
                 data: Any, template: str) -> SendResult:
        """Decide between retrying later, switching to the template, and giving up."""
        status, detail = response.status_code, f"HTTP {response.status_code}: {response.text[:200]}"
        if module is whatsapp:
            code = whatsapp.error_code(data)
            if code in whatsapp.WINDOW_CLOSED_CODES:
                if row.purpose in TEMPLATED and self.settings.template_name and not template:
                    return SendResult(row.id, "pending", detail, self.settings.template_name, now)
                return SendResult(row.id, "expired", detail, template)
            if code in whatsapp.THROTTLED_CODES:
                return self._retry(row, now, detail, _retry_after(response), template)
        if status == 429 or status == 408 or status >= 500:
            hint = _retry_after(response) or (telegram.retry_after(data) if module is telegram else None)
            return self._retry(row, now, detail, hint, template)
        if module is whatsapp and status == 401:  # an expired token: keep the replies for later
            return self._retry(row, now, detail, self.settings.retry_max, template)
        return SendResult(row.id, "failed", detail, template)

    def _retry(self, row: OutboxRow, now: float, detail: str, delay: float | None = None,
               template: str = "") -> SendResult:
        if delay is None:
            delay = min(self.settings.retry_max, self.settings.retry_base * 2 ** row.attempts)
            delay *= random.uniform(0.5, 1.0)  # jitter: retries of a burst do not arrive as one
        return SendResult(row.id, "pending", detail, template or row.template, now + delay)


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return float(response.headers["retry-after"])
    except (KeyError, ValueError):
        return None


class Worker:
    """Runs the processor and the sender in two background threads.

    Each loop checks the state's generation counter, so answers cached before an ingest
    (done by another process) are not reused after it.
    """

    def __init__(self, state: State, settings: Settings, answering: Any, poll: float = 0.1):
        from saring.media.answers import for_tipline

        self._stop = threading.Event()
        self.media = for_tipline(settings, answering.ask, lambda: answering.store, state.db)
        self.processor = Processor(state, settings, answering.ask, self._stop, self.media,
                                   logs=answering)
        self.reportback = ReportBack(state, settings, lambda: answering.store,
                                     on_change=state.bump_generation)
        self.answering = answering
        self.state = state
        self.settings = settings
        self.poll = poll
        self.inbox_event = threading.Event()
        self.outbox_event = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        self._stop.clear()
        self._threads = [threading.Thread(target=self._process_loop, name="saring-processor",
                                          daemon=True),
                         threading.Thread(target=self._send_loop, name="saring-sender",
                                          daemon=True),
                         threading.Thread(target=self._report_loop, name="saring-reportback",
                                          daemon=True)]
        if self.settings.watch_feeds:
            self._threads.append(threading.Thread(target=self._watch_loop, name="saring-watch",
                                                  daemon=True))
        for thread in self._threads:
            thread.start()

    def stop(self, timeout: float = 10.0) -> bool:
        """Stop both loops; False if one is still busy (an answer in progress) at the timeout."""
        self._stop.set()
        self.inbox_event.set()
        self.outbox_event.set()
        for thread in self._threads:
            thread.join(timeout)
        stopped = not any(t.is_alive() for t in self._threads)
        self._threads = []
        return stopped

    def _process_loop(self) -> None:
        checkpointed = time.monotonic()
        while not self._stop.is_set():
            self.inbox_event.clear()
            try:
                if time.monotonic() - checkpointed > CHECKPOINT_SECONDS:
                    self.state.checkpoint_inbox()
                    checkpointed = time.monotonic()
                self.answering.invalidate(self.state.generation())
                closed, next_at = self.processor.process()
            except Exception:
                log.exception("processing the inbox failed; retrying")
                closed, next_at = 0, None
            if closed:
                self.outbox_event.set()
                continue
            if self._store_cuts():
                continue
            wait = self.poll if next_at is None else min(self.poll, max(0.0, next_at - time.time()))
            self.inbox_event.wait(wait)

    def _store_cuts(self) -> bool:
        """The cuts of one picture read earlier, hashed while no reader waits for an answer
        (they let a cropped copy sent later match; the reply did not need them)."""
        try:
            return bool(self.media.store_cuts())
        except Exception:
            log.exception("storing a picture's cuts failed; retrying")
            return False

    def _report_loop(self) -> None:
        """Tell askers about answers the archive gained, by whatever path they came in; and
        once an hour let go of what is older than the retention period."""
        from saring.channels.privacy import purge

        purge_at = time.monotonic() + PURGE_SECONDS
        while not self._stop.is_set():
            try:
                summary = self.reportback.scan()
            except Exception:
                log.exception("report-back failed; retrying")
            else:
                if summary.told or summary.corrections:
                    self.outbox_event.set()
            if time.monotonic() >= purge_at:
                purge_at = time.monotonic() + PURGE_SECONDS
                try:
                    purge(self.state, self.settings.retention_days,
                          report_days=self.settings.report_days)
                except Exception:
                    log.exception("purging old messages failed; trying again later")
            self._stop.wait(REPORT_SECONDS)

    def _watch_loop(self) -> None:
        """`saring watch` inside the server: poll the configured feeds on a schedule."""
        from saring.channels.watch import Watcher

        watcher = Watcher(self.answering.store, self.state, self.settings)
        try:
            while not self._stop.is_set():
                try:
                    summary = watcher.run(self.settings.watch_feeds)
                except Exception:
                    log.exception("watching feeds failed; trying again later")
                else:
                    for feed in summary.dead:
                        log.warning("feed %s: %s (%s)", feed.url, feed.error, feed.status)
                    if summary.announced:
                        self.outbox_event.set()
                self._stop.wait(max(1.0, self.settings.watch_every))
        finally:
            watcher.close()

    def _send_loop(self) -> None:
        asyncio.run(self._send_async())

    async def _send_async(self) -> None:
        limits = httpx.Limits(max_connections=self.settings.send_concurrency,
                              max_keepalive_connections=self.settings.send_concurrency)
        async with httpx.AsyncClient(limits=limits) as client:
            sender = Sender(self.state, self.settings, client)
            while not self._stop.is_set():
                self.outbox_event.clear()
                try:
                    sent = await sender.send_due()
                except Exception:
                    log.exception("sending the outbox failed; retrying")
                    sent = 0
                if sent:
                    continue
                next_at = self.state.next_due_at()
                wait = self.poll if next_at is None else min(self.poll, max(0.0, next_at - time.time()))
                await asyncio.to_thread(self.outbox_event.wait, wait)


def run_worker_process(settings: Settings) -> None:
    """Entry point of the worker process `saring serve` starts beside the web server: the
    answering (CPU-bound) then never competes with webhook acknowledgements for one GIL,
    and runs at a lower priority when the two compete for a core.
    Exits when the server process is gone, so a killed server leaves no orphan behind."""
    from saring.channels.answering import Answering
    from saring.channels.state import state_location

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which stops us
    os.nice(5)  # answering is throughput work; acknowledging webhooks is the latency-bound part
    parent = os.getppid()
    state = State(state_location(settings.db))
    answering = Answering(settings.db, settings.answer_cache_seconds)
    answering.warm_up()
    worker = Worker(state, settings, answering)
    worker.start()
    try:
        while os.getppid() == parent:
            time.sleep(0.2)
    finally:
        if worker.stop():
            answering.close()
