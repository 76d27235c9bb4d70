"""The newsroom's view of the tipline: what readers ask that the archive cannot answer yet.

Questions are grouped by similarity (the same rumour worded many ways is one item of work);
unanswered groups are ranked by how often they were asked, and a group trends when it is
asked more often in the last days than before.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable

from saring.channels.state import State
from saring.text.tokens import index_terms, tokenize

SIMILAR = 0.5  # Jaccard of stemmed terms at which two questions are the same question
RECENT_DAYS = 3


@dataclass
class QueryGroup:
    question: str  # the most frequent wording
    count: int = 0
    wordings: Counter = field(default_factory=Counter)
    channels: Counter = field(default_factory=Counter)
    days: Counter = field(default_factory=Counter)
    last: str = ""
    terms: frozenset = frozenset()

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "count": self.count,
                "examples": [w for w, _ in self.wordings.most_common(5)],
                "channels": dict(self.channels), "last": self.last}


def group_questions(log: Iterable[dict]) -> list[QueryGroup]:
    """Greedy grouping, most asked wording first, so each group is named by its commonest form."""
    by_text: dict[str, list[dict]] = defaultdict(list)
    for row in log:
        key = " ".join(tokenize(row.get("normalized") or row["text"]))
        if key:
            by_text[key].append(row)
    groups: list[QueryGroup] = []
    for key, rows in sorted(by_text.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        terms = frozenset(index_terms(key))
        group = next((g for g in groups if _similar(terms, g.terms)), None)
        if group is None:
            group = QueryGroup(question=rows[0]["text"].strip(), terms=terms)
            groups.append(group)
        group.count += len(rows)
        for row in rows:
            group.wordings[row["text"].strip()] += 1
            group.channels[row.get("channel", "")] += 1
            group.days[_day(row.get("ts", ""))] += 1
            group.last = max(group.last, row.get("ts", ""))
    return sorted(groups, key=lambda g: (-g.count, g.question))


def _similar(a: frozenset, b: frozenset) -> bool:
    if not a or not b:
        return a == b
    return len(a & b) / len(a | b) >= SIMILAR


def _day(ts: str) -> str:
    return ts[:10]


def trending(log: list[dict], days: int, today: str) -> list[dict[str, Any]]:
    """Topics (questions grouped as for the work queue, answered or not) whose daily rate in
    the last RECENT_DAYS days rose most against the days before."""
    recent_start = (datetime.fromisoformat(today) - timedelta(days=RECENT_DAYS - 1)).date().isoformat()
    earlier_days = max(1, days - RECENT_DAYS)
    out = []
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


def summary(store: Any, state: State, days: int = 14, now: float | None = None) -> dict[str, Any]:
    """Everything the /admin page shows, as JSON."""
    now = time.time() if now is None else now
    today = datetime.fromtimestamp(now, timezone.utc).date()
    first = today - timedelta(days=days - 1)
    log = store.query_log(since=first.isoformat())
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
    return {
        "days": days,
        "since": first.isoformat(),
        "queries": len(log),
        "answered": answered,
        "answer_rate": round(answered / len(log), 3) if log else None,
        "unanswered_groups": [g.to_dict() for g in group_questions(r for r in log if not r["answered"])][:50],
        "trending": trending(log, days, today.isoformat()),
        "per_day": per_day,
        "feedback": feedback,
        "subscribers": dict(subscribers),
        "inbox": state.inbox_counts(),
        "outbox": state.outbox_counts(),
    }
