"""Tell subscribers about new fact-checks, within WhatsApp's rules.

Inside a subscriber's 24-hour customer-service window a free-form message may be sent; outside
it only a pre-approved template. Each (fact-check, subscriber) pair is one outbox row with a
deterministic id, so notifying twice sends once.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from saring.archive.base import web_url
from saring.channels.conversation import VERDICT_NAMES
from saring.channels.settings import Settings
from saring.channels.state import SERVICE_WINDOW, State
from saring.model import FactCheck, Record


@dataclass
class BroadcastSummary(Record):
    factchecks: int = 0  # new fact-checks announced
    already: int = 0  # fact-checks announced before (skipped)
    subscribers: int = 0
    queued: int = 0  # free-form messages
    templates: int = 0  # template messages (WhatsApp subscribers outside their window)
    skipped: int = 0  # outside the window with no template configured


def message_text(fc: FactCheck, public_url: str = "") -> str:
    verdict = VERDICT_NAMES.get(fc.verdict, fc.verdict_label or "CEK FAKTA")
    lines = ["*Cek fakta terbaru dari saring*", f"[{verdict}] *{fc.title or fc.claim[:120]}*"]
    if fc.claim and fc.title:
        lines.append(f"Klaim: _{fc.claim[:300]}_")
    if fc.publisher:
        lines.append(f"Sumber: {fc.publisher}")
    if web_url(fc.url):  # a link subscribers may tap: http(s) only
        lines.append(fc.url)
    if public_url:
        lines.append(f"Cek lainnya: {public_url}")
    lines.append("\nKetik *BERHENTI* untuk berhenti berlangganan.")
    return "\n".join(lines)


def notify_new_factchecks(state: State, settings: Settings, factchecks: Iterable[FactCheck],
                          now: float | None = None) -> BroadcastSummary:
    """Queue an announcement of each fact-check not announced before to every subscriber."""
    now = time.time() if now is None else now
    summary = BroadcastSummary()
    subscribers = state.subscribers()
    summary.subscribers = len(subscribers)
    for fc in factchecks:
        key = fc.id or fc.url
        if not key or state.broadcast_done(key):
            summary.already += 1
            continue
        summary.factchecks += 1
        text = message_text(fc, settings.public_url)
        params = [fc.title or fc.claim[:120], VERDICT_NAMES.get(fc.verdict, fc.verdict_label),
                  fc.url if web_url(fc.url) else settings.public_url]
        queued = 0
        with state.db.transaction():
            for channel, user_id, last_inbound in subscribers:
                window_ends = (last_inbound or 0.0) + SERVICE_WINDOW if channel == "whatsapp" else None
                template = ""
                if window_ends is not None and window_ends <= now:
                    if not settings.template_name:
                        summary.skipped += 1
                        continue
                    template = settings.template_name
                state.enqueue(f"b:{key}:{channel}:{user_id}", channel, user_id, "broadcast",
                              {"text": text, "params": params}, now, template, window_ends)
                queued += 1
                summary.templates += bool(template)
                summary.queued += not template
            state.mark_broadcast(key, fc.title or fc.claim[:200], queued, now, fc.verdict)
    return summary


def notify_correction(state: State, settings: Settings, fc: FactCheck,
                      now: float | None = None) -> int:
    """Tell subscribers that an announced fact-check's verdict changed (once per new verdict);
    returns the messages queued."""
    now = time.time() if now is None else now
    key = fc.id or fc.url
    old = state.broadcast_verdict(key)
    if old is None or not fc.verdict or old == fc.verdict:
        return 0
    from saring.channels.reportback import correction_text, template_params

    text = correction_text(fc, old, settings.public_url) + "\n\nKetik *BERHENTI* untuk berhenti berlangganan."
    params = template_params(fc, settings.public_url)
    queued = 0
    with state.db.transaction():
        for channel, user_id, last_inbound in state.subscribers():
            window_ends = (last_inbound or 0.0) + SERVICE_WINDOW if channel == "whatsapp" else None
            template = ""
            if window_ends is not None and window_ends <= now:
                if not settings.template_name:
                    continue
                template = settings.template_name
            queued += state.enqueue(f"bc:{key}:{fc.verdict}:{channel}:{user_id}", channel, user_id,
                                    "correction", {"text": text, "params": params}, now, template,
                                    window_ends)
        state.set_broadcast_verdict(key, fc.verdict)
    return queued
