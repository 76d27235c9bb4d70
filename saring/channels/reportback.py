"""Close the loop: tell the people who asked once the archive holds the answer.

A question the archive could not answer is kept with everyone who asked it (grouped as the
newsroom groups questions). Whatever brings a fact-check or a report into the archive — the
`saring ingest` command in another process, `POST /api/ingest`, a watched feed — the worker
notices it the same way: it reads the items stored or changed since its mark (the archive's
`updated_at`), so no path has to remember to call anything. Each open group's cleaned question
is asked again, and when a new item is among the sure matches each asker is told once, through
the outbox (deterministic row ids). A changed verdict reaches everyone told the old one.
"""

from __future__ import annotations

import calendar
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from saring.archive.base import web_url
from saring.channels.broadcast import notify_correction
from saring.channels.conversation import VERDICT_NAMES
from saring.channels.newsroom import same_question, shown_question, terms_of
from saring.channels.settings import Settings
from saring.channels.state import SERVICE_WINDOW, State
from saring.errors import InputError
from saring.model import FactCheck, Item, Record
from saring.text.tokens import index_terms, tokenize

log = logging.getLogger("saring.channels")

MARGIN = 120  # seconds re-read behind the mark: a long transaction commits rows stamped earlier
SCAN_LIMIT = 100_000  # items looked at in one scan
CHUNK = 1000  # items read from the archive at a time
MAX_QUESTION = 500


@dataclass
class ReportSummary(Record):
    changed: int = 0  # archive items new or changed since the last scan
    answered: int = 0  # question groups answered by them
    told: int = 0  # askers queued a message (text or template)
    skipped: int = 0  # askers outside WhatsApp's window with no template configured
    corrections: int = 0  # readers told a changed verdict
    suggested: int = 0  # groups a new item may answer, left to the newsroom to confirm


def _iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def _epoch(iso: str) -> int:
    try:
        return calendar.timegm(time.strptime(iso, "%Y-%m-%dT%H:%M:%SZ"))
    except ValueError:
        return 0


def record_ask(state: State, channel: str, user_id: str, message_id: str, text: str,
               question: str, at: float, open_days: float = 30.0) -> str:
    """Remember an unanswered question (inside the caller's transaction): it joins the open
    group it is the same question as, or starts one. Returns the group's id ("" when the
    question has no words to group by)."""
    terms = terms_of(question)
    if not terms:
        return ""
    found = next((qid for qid, other in state.open_questions(at - open_days * 86400)
                  if same_question(terms, terms_of(other))), "")
    if not found:
        found = "q:" + message_id
        state.add_question(found, question[:MAX_QUESTION], at)
    state.add_asker(found, channel, user_id, message_id, text[:1000], at)
    return found


def _verdict(item: Item) -> str:
    if not isinstance(item, FactCheck):
        return ""
    return VERDICT_NAMES.get(item.verdict, item.verdict_label or "CEK FAKTA")


def _publisher(item: Item) -> str:
    return item.publisher if isinstance(item, FactCheck) else item.source


def report_text(question: str, item: Item, public_url: str = "") -> str:
    """The message an asker gets: their question, then the archived answer."""
    label = _verdict(item)
    title = item.title or (item.claim[:120] if isinstance(item, FactCheck) else item.url)
    lines = ["*Kabar dari saring*", f"Anda pernah bertanya: _{question[:200]}_",
             "Sekarang sudah ada cek fakta:" if isinstance(item, FactCheck) else
             "Sekarang sudah ada berita tentang ini:",
             f"[{label}] *{title}*" if label else f"*{title}*"]
    if _publisher(item):
        lines.append(f"Sumber: {_publisher(item)}")
    if web_url(item.url):
        lines.append(item.url)
    elif public_url:
        lines.append(public_url)
    return "\n".join(lines)


def correction_text(item: FactCheck, old: str, public_url: str = "") -> str:
    old_name = VERDICT_NAMES.get(old, old or "belum dinilai")
    lines = ["*Koreksi dari saring*",
             f"Penilaian atas *{item.title or item.claim[:120]}* berubah: sebelumnya {old_name},"
             f" sekarang *{_verdict(item)}*."]
    if web_url(item.url):
        lines.append(item.url)
    elif public_url:
        lines.append(public_url)
    return "\n".join(lines)


def template_params(item: Item, public_url: str = "") -> list[str]:
    """The approved template's three body parameters: title, verdict, link."""
    return [item.title or (item.claim[:120] if isinstance(item, FactCheck) else item.url),
            _verdict(item) or "BERITA", item.url if web_url(item.url) else public_url]


def _window(state: State, channel: str, user_id: str) -> float | None:
    """When the user's WhatsApp customer-service window closes (None: no window applies)."""
    if channel != "whatsapp":
        return None
    user = state.user(channel, user_id) or {}
    return float(user.get("last_inbound_at") or 0.0) + SERVICE_WINDOW


def notify(state: State, settings: Settings, question_id: str, item: Item,
           now: float | None = None, score: float = 1.0) -> ReportSummary:
    """Tell everyone who asked this group (and the groups marked its duplicates) about `item`,
    each once, and mark the group answered by it."""
    now = time.time() if now is None else now
    summary = ReportSummary(answered=1)
    group = state.question(question_id)
    if group is None:
        return ReportSummary()
    ids = [question_id, *state.duplicates_of(question_id)]
    text_params = template_params(item, settings.public_url)
    verdict = item.verdict if isinstance(item, FactCheck) else ""
    with state.db.transaction():
        for asker in state.askers(ids):
            channel, user_id = asker["channel"], asker["user_id"]
            if asker["notice"]:
                continue  # told before (or found untellable)
            if state.is_blocked(channel, user_id):
                state.set_notice(asker["question_id"], channel, user_id, "blocked", now)
                continue
            window_ends = _window(state, channel, user_id)
            template = ""
            if window_ends is not None and window_ends <= now:
                if not settings.template_name:
                    state.set_notice(asker["question_id"], channel, user_id, "skipped", now)
                    summary.skipped += 1
                    continue
                template = settings.template_name
            asked = shown_question(asker["text"]) or group["question"]  # their own words
            payload = {"text": report_text(asked, item, settings.public_url),
                       "params": text_params}
            state.enqueue(f"rb:{asker['question_id']}:{channel}:{user_id}", channel, user_id,
                          "report", payload, now, template, window_ends)
            state.set_notice(asker["question_id"], channel, user_id,
                             "template" if template else "text", now)
            state.told(item.id, channel, user_id, verdict, score, group["question"], now)
            summary.told += 1
        state.update_question(question_id, now, status="answered", item_id=item.id)
    return summary


def correct(state: State, settings: Settings, item: FactCheck,
            now: float | None = None) -> int:
    """Tell everyone who was given another verdict about this fact-check its new one."""
    now = time.time() if now is None else now
    if not item.verdict:
        return 0
    told = 0
    with state.db.transaction():
        for channel, user_id, old in state.told_other_verdict(item.id, item.verdict):
            window_ends = _window(state, channel, user_id)
            template = ""
            if window_ends is not None and window_ends <= now:
                template = settings.template_name
                if not template:
                    continue  # nothing may be sent outside the window without one
            state.enqueue(f"c:{item.id}:{item.verdict}:{channel}:{user_id}", channel, user_id,
                          "correction", {"text": correction_text(item, old, settings.public_url),
                                         "params": template_params(item, settings.public_url)},
                          now, template, window_ends)
            state.set_told_verdict(item.id, channel, user_id, item.verdict)
            told += 1
    return told


class ReportBack:
    """Watches the archive for new and changed items and tells askers (see the module doc).

    `store` returns the open archive; `answerer_factory` builds the answer layer used to ask
    the open questions again (the real one by default, without logging them); `on_change`
    runs when the archive changed (the worker drops its cached answers)."""

    def __init__(self, state: State, settings: Settings, store: Callable[[], Any],
                 answerer_factory: Callable[[Any], Any] | None = None,
                 on_change: Callable[[], None] | None = None):
        self.state = state
        self.settings = settings
        self.store = store
        self.answerer_factory = answerer_factory or _quiet_answerer
        self.on_change = on_change
        if not state.meta("archive_mark"):  # a new tipline: what the archive held is not news
            with state.db.transaction():
                state.set_meta("archive_mark", int(time.time()))
                state.set_meta("archive_start", int(time.time()))

    def scan(self, now: float | None = None) -> ReportSummary:
        """Look at what the archive gained since the last scan; queue what it answers."""
        now = time.time() if now is None else now
        state, summary = self.state, ReportSummary()
        store = self.store()
        mark = state.meta("archive_mark")
        # behind the mark only while a write stamped before it could still be committing: a
        # bulk load is not read again every second once it is over
        since = mark - MARGIN if now - mark <= 2 * MARGIN else mark
        versions = store.changed_since(_iso(since), SCAN_LIMIT)
        seen = state.seen_versions([item_id for item_id, _ in versions])
        began = _iso(state.meta("archive_start"))  # stored before the tipline's first start
        fresh = [(item_id, at) for item_id, at in versions if seen.get(item_id) != at and at >= began]
        if not fresh:
            return summary
        summary.changed = len(fresh)
        if self.on_change is not None:
            self.on_change()
        ids = [item_id for item_id, _ in fresh]
        terms: set[str] = set()
        for start in range(0, len(ids), CHUNK):  # a bulk load is read a chunk at a time
            items = store.get_many(ids[start:start + CHUNK])
            told = state.told_items([item.id for item in items])
            announced = state.broadcast_verdicts([item.id for item in items])
            for item in items:
                if isinstance(item, FactCheck) and item.id in told:
                    summary.corrections += correct(state, self.settings, item, now)
                if isinstance(item, FactCheck) and announced.get(item.id, item.verdict) != item.verdict:
                    summary.corrections += notify_correction(state, self.settings, item, now)
                terms |= _headline_terms(item)
        self._answer_open(store, set(ids), terms, now, summary)
        with state.db.transaction():
            state.mark_seen(fresh)
            state.set_meta("archive_mark", max(_epoch(at) for _, at in fresh))
        return summary

    def _answer_open(self, store: Any, ids: set[str], terms: set[str], now: float,
                     summary: ReportSummary) -> None:
        """Ask each open group again (those sharing a word with a new item's headline or
        claim: asking is the costly part). A new item among the sure matches, at least as
        probable as `report_threshold` (a message nobody asked for right now must be right),
        answers it; one less sure, or among the "mungkin terkait", is suggested to the
        newsroom to confirm."""
        open_groups = [(qid, question) for qid, question in
                       self.state.open_questions(now - self.settings.report_days * 86400)
                       if terms_of(question) & terms]
        if not open_groups:
            return
        answerer = self.answerer_factory(store)
        for question_id, question in open_groups:
            try:
                answer = answerer.ask(question, limit=3, channel="reportback")
            except Exception:  # one question the answer layer chokes on does not stop the rest
                log.exception("asking %r again failed", question[:80])
                continue
            sure = self.settings.report_threshold
            hit = next((m for m in answer.matches if m.id in ids and m.score >= sure), None)
            item = store.get(hit.id) if hit is not None else None
            if hit is None or item is None:
                maybe = next((m for m in [*answer.matches, *answer.related] if m.id in ids), None)
                if maybe is not None:
                    with self.state.db.transaction():
                        self.state.update_question(question_id, now, suggested=maybe.id)
                    summary.suggested += 1
                continue
            done = notify(self.state, self.settings, question_id, item, now, hit.score)
            summary.answered += done.answered
            summary.told += done.told
            summary.skipped += done.skipped


def _headline_terms(item: Item) -> frozenset:
    """The terms of what an item is about (headline, claim, conclusion, lead)."""
    parts = [item.title, item.claim, item.conclusion] if isinstance(item, FactCheck) else \
        [item.title, item.lead, *item.body[:1]]
    return frozenset(index_terms(" ".join(tokenize(" ".join(p for p in parts if p)))))


def _quiet_answerer(store: Any) -> Any:
    from saring.answer import Answerer

    return Answerer(store, log_queries=False)


# ---------------------------------------------------------------------------- newsroom actions

ACTIONS = {
    "link": "tautkan ke item arsip (id atau URL) dan kabari penanya",
    "not_checkable": "tidak bisa diperiksa",
    "duplicate": "duplikat dari kelompok lain (id kelompok)",
    "assign": "tugaskan ke pemeriksa (nama)",
    "note": "catatan",
    "reopen": "buka lagi",
    "block": "blokir semua penanya kelompok ini (spam)",
}


class Missing(InputError):
    """The group, or the item or group an action names, does not exist (HTTP 404)."""


class Conflict(InputError):
    """The action contradicts itself (a group as its own duplicate; HTTP 409)."""


def act(state: State, settings: Settings, store: Any, question_id: str, action: str,
        value: str = "", now: float | None = None) -> dict[str, Any]:
    """One newsroom action on a question group; a bad request raises InputError."""
    now = time.time() if now is None else now
    group = state.question(question_id)
    if group is None:
        raise Missing("no such question group")
    if action not in ACTIONS:
        raise InputError(f"unknown action {action!r} (one of {', '.join(ACTIONS)})")
    value = " ".join(value.split())[:500]
    if action in ("link", "duplicate", "assign") and not value:
        raise InputError(f"{action} needs a value")
    if action == "link":
        item = store.get_by_url(value) if "://" in value else store.get(value)
        if item is None:
            raise Missing(f"{value[:200]} is not in the archive")
        done = notify(state, settings, question_id, item, now)
        return {"linked": item.id, "told": done.told, "skipped": done.skipped}
    if action == "duplicate":
        target = state.question(value)
        while target is not None and target["status"] == "duplicate" and target["duplicate_of"]:
            target = state.question(target["duplicate_of"])
        if target is None:
            raise Missing("duplicate of: no such question group")
        if target["id"] == question_id:
            raise Conflict("duplicate of: give the id of another question group")
        with state.db.transaction():
            state.update_question(question_id, now, status="duplicate", duplicate_of=target["id"])
        if target["status"] == "answered" and target["item_id"]:
            item = store.get(target["item_id"])
            if item is not None:  # the original is answered: these askers hear it now
                done = notify(state, settings, target["id"], item, now)
                return {"duplicate_of": target["id"], "told": done.told, "skipped": done.skipped}
        return {"duplicate_of": target["id"]}
    if action == "block":
        askers = state.askers([question_id])
        for asker in askers:
            state.block(asker["channel"], asker["user_id"], value or f"newsroom: {question_id}")
        with state.db.transaction():
            state.update_question(question_id, now, status="not_checkable", note=value or "spam")
        return {"blocked": len(askers)}
    fields = {"not_checkable": {"status": "not_checkable"}, "reopen": {"status": "open"},
              "assign": {"assignee": value}, "note": {"note": value}}[action]
    with state.db.transaction():
        state.update_question(question_id, now, **fields)
    return {action: value or True}
