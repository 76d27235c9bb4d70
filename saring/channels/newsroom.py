"""The newsroom's view of the tipline: what readers ask that the archive cannot answer yet.

Questions are grouped by similarity (the same rumour worded many ways is one item of work);
unanswered groups are ranked by how often they were asked, and a group trends when it is
asked more often in the last days than before. Anyone can add questions (the public search
logs them), so grouping must stay near-linear in their number: a question is compared only
with the groups that share one of its rarest terms (prefix filtering), which finds exactly
the groups the plain all-pairs comparison would.
"""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from saring.channels.state import State
from saring.text.tokens import index_terms, tokenize

NOT_READERS = ("cli", "eval", "reportback")  # query-log channels that are not readers asking
SIMILAR = 0.5  # Jaccard of stemmed terms at which two questions are the same question
RECENT_DAYS = 3
GROUPS_PER_PAGE = 50


@dataclass
class QueryGroup:
    question: str  # the most frequent wording
    count: int = 0
    wordings: Counter = field(default_factory=Counter)
    channels: Counter = field(default_factory=Counter)
    days: Counter = field(default_factory=Counter)
    last: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "count": self.count,
                "examples": [w for w, _ in self.wordings.most_common(5)],
                "channels": dict(self.channels), "last": self.last}


@lru_cache(maxsize=100_000)
def _wording(text: str) -> tuple[str, frozenset]:
    """A question's grouping key (its folded tokens) and its stemmed terms."""
    key = " ".join(tokenize(text))
    return key, frozenset(index_terms(key))


@lru_cache(maxsize=100_000)
def shown_question(text: str) -> str:
    """A question as the newsroom reads it: forwarding marks, emoji and markup removed."""
    from saring.answer.normalize import clean

    cleaned = clean(text)
    return cleaned.text.strip() if not cleaned.problem and cleaned.text.strip() else text.strip()


def group_questions(log: Iterable[dict]) -> list[QueryGroup]:
    """Greedy grouping, most asked wording first, so each group is named by its commonest form;
    a wording joins the earliest group it is similar to.

    Term sets are bit masks (terms numbered rarest first), and a wording is compared only with
    the groups indexed under one of its prefix terms: the rarest terms, enough of them that a
    set at least SIMILAR to it by Jaccard must share one with the group's own prefix."""
    by_text: dict[str, list[dict]] = defaultdict(list)
    terms_of: dict[str, frozenset] = {}
    for row in log:
        key, terms = _wording(row.get("normalized") or row["text"])
        if key:
            by_text[key].append(row)
            terms_of[key] = terms
    rarity = Counter(t for terms in terms_of.values() for t in terms)
    number = {t: i for i, t in enumerate(sorted(rarity, key=lambda t: (rarity[t], t)))}
    groups: list[QueryGroup] = []
    masks: list[tuple[int, int]] = []  # per group: (term bit mask, number of terms)
    by_term: dict[int, list[int]] = defaultdict(list)  # prefix term -> groups, in creation order
    for key, rows in sorted(by_text.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        ranked = sorted(number[t] for t in terms_of[key])
        size = len(ranked)
        mask = sum(1 << i for i in ranked)
        prefix = ranked[:size - math.ceil(SIMILAR * size) + 1] if size else [-1]  # -1: no terms
        candidates = sorted({g for i in prefix for g in by_term.get(i, ())})
        found = next((g for g in candidates if _similar(mask, size, *masks[g])), None)
        if found is None:
            found = len(groups)
            groups.append(QueryGroup(question=shown_question(rows[0]["text"])))
            masks.append((mask, size))
            for i in prefix:
                by_term[i].append(found)
        group = groups[found]
        group.count += len(rows)
        for row in rows:
            group.wordings[shown_question(row["text"])] += 1
            group.channels[row.get("channel", "")] += 1
            group.days[_day(row.get("ts", ""))] += 1
            group.last = max(group.last, row.get("ts", ""))
    return sorted(groups, key=lambda g: (-g.count, g.question))


def terms_of(text: str) -> frozenset:
    """The stemmed terms a question is grouped by."""
    return _wording(text)[1]


def same_question(a: frozenset, b: frozenset) -> bool:
    """Are two questions, given as term sets, the same question (as the work queue groups)?"""
    common = len(a & b)
    return common >= SIMILAR * (len(a) + len(b) - common) if a and b else a == b


def _similar(a: int, a_size: int, b: int, b_size: int) -> bool:
    """Jaccard of two term sets given as bit masks and sizes, at least SIMILAR (two empty sets
    are the same)."""
    if not a_size or not b_size:
        return a_size == b_size
    common = (a & b).bit_count()
    return common >= SIMILAR * (a_size + b_size - common)


def _day(ts: str) -> str:
    return ts[:10]


def trending(log: list[dict], days: int, today: str) -> list[dict[str, Any]]:
    """Topics (questions grouped as for the work queue, answered or not) whose daily rate in
    the last RECENT_DAYS days rose most against the days before."""
    recent_start = (datetime.fromisoformat(today) - timedelta(days=RECENT_DAYS - 1)).date().isoformat()
    earlier_days = max(1, days - RECENT_DAYS)
    out: list[dict[str, Any]] = []
    for group in group_questions(log):
        recent = sum(n for day, n in group.days.items() if day >= recent_start)
        earlier = group.count - recent
        if recent < 2:
            continue
        rise = (recent / RECENT_DAYS + 0.5) / (earlier / earlier_days + 0.5)
        out.append({"topic": group.question, "recent": recent, "earlier": earlier,
                    "rise": round(rise, 2), "by_day": dict(group.days)})
    out.sort(key=lambda t: (-t["rise"] * t["recent"], t["topic"]))
    return out[:15]


def summary(store: Any, state: State, days: int = 14, now: float | None = None,
            page: int = 1, review_below: float = 0.7) -> dict[str, Any]:
    """Everything the /admin page shows, as JSON; the work queue a page of groups at a time.
    Questions typed at the command line (evaluations, the newsroom's own checks) are not
    readers' questions and stay out."""
    now = time.time() if now is None else now
    today = datetime.fromtimestamp(now, UTC).date()
    first = today - timedelta(days=days - 1)
    log = [r for r in store.query_log(since=first.isoformat()) if r.get("channel") not in NOT_READERS]
    per_day = {(first + timedelta(days=i)).isoformat(): {"answered": 0, "unanswered": 0}
               for i in range(days)}
    for row in log:
        bucket = per_day.get(_day(row["ts"]))
        if bucket is not None:
            bucket["answered" if row["answered"] else "unanswered"] += 1
    feedback = [{"channel": c, "helpful": int(h or 0), "unhelpful": int(u or 0),
                 "rate": round((h or 0) / ((h or 0) + (u or 0)), 3) if (h or u) else None}
                for c, h, u in state.feedback_counts(since=now - days * 86400)]
    subscribers = Counter(channel for channel, _, _ in state.subscribers())
    answered = sum(1 for r in log if r["answered"])
    queue = group_questions(r for r in log if not r["answered"])
    start = (page - 1) * GROUPS_PER_PAGE
    return {
        "days": days,
        "since": first.isoformat(),
        "queries": len(log),
        "answered": answered,
        "answer_rate": round(answered / len(log), 3) if log else None,
        "unanswered_groups": [g.to_dict() for g in queue[start:start + GROUPS_PER_PAGE]],
        "unanswered_group_count": len(queue),
        "page": page,
        "pages": max(1, math.ceil(len(queue) / GROUPS_PER_PAGE)),
        "trending": trending(log, days, today.isoformat()),
        "per_day": per_day,
        "feedback": feedback,
        "subscribers": dict(subscribers),
        "inbox": state.inbox_counts(),
        "outbox": state.outbox_counts(),
        "tipline_queue": [_queued(g) for g in state.questions(status="open", limit=GROUPS_PER_PAGE)],
        "review": {"unhelpful": [_private(r) for r in state.unhelpful(now - days * 86400)],
                   "unsure": [_private(r) for r in state.unsure_answers(review_below, now - days * 86400)]},
        "report_back": state.notice_counts(),
        "send_problems": [_private(r) for r in state.outbox_problems()],
        "failing_feeds": [{**f, "checked_at": _when(f["checked_at"])} for f in state.failing_feeds()],
    }


def _queued(group: dict[str, Any]) -> dict[str, Any]:
    return {**group, "created_at": _when(group["created_at"]), "updated_at": _when(group["updated_at"])}


def _private(row: dict[str, Any]) -> dict[str, Any]:
    """A review row without the reader's id (the newsroom needs the question, not the number)."""
    return {k: (_when(v) if k == "at" else v) for k, v in row.items() if k != "user_id"}


def _when(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
