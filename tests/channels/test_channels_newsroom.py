"""The newsroom's work queue: grouping of unanswered questions and trending topics."""

from __future__ import annotations

from saring.channels.newsroom import group_questions, trending


def q(text, ts="2026-05-10T08:00:00Z", channel="whatsapp", answered=False):
    return {"ts": ts, "text": text, "normalized": "", "answered": answered, "top_id": "",
            "channel": channel}


def test_questions_worded_differently_are_one_item_of_work():
    groups = group_questions([
        q("Harga cabai naik 500 persen?"), q("harga cabai naik 500 persen", channel="telegram"),
        q("benarkah harga cabai naik 500 persen"), q("ular masuk rumah lewat kloset"),
        q("Harga cabai naik 500 persen?", ts="2026-05-11T09:30:00Z"),
    ])
    top, other = groups
    assert top.count == 4 and top.question == "Harga cabai naik 500 persen?"
    assert top.channels == {"whatsapp": 3, "telegram": 1} and top.last == "2026-05-11T09:30:00Z"
    assert other.count == 1 and "ular" in other.question
    assert top.to_dict()["examples"][0] == "Harga cabai naik 500 persen?"


def test_a_topic_trends_when_its_recent_rate_rises():
    log = [q("banjir bandung hari ini", ts=f"2026-05-{d:02d}T10:00:00Z") for d in (1, 5)]
    log += [q("banjir di bandung hari ini?", ts=f"2026-05-{d:02d}T10:00:00Z", answered=True)
            for d in (12, 13, 13, 14, 14)]
    log += [q("vaksin chip", ts=f"2026-05-{d:02d}T10:00:00Z") for d in range(1, 15)]
    log += [q("ular masuk kloset", ts="2026-05-14T11:00:00Z")]
    topics = trending(log, days=14, today="2026-05-14")
    assert [t["topic"] for t in topics] == ["banjir di bandung hari ini?", "vaksin chip"]
    banjir, vaksin = topics
    assert (banjir["recent"], banjir["earlier"]) == (5, 2) and banjir["by_day"]["2026-05-13"] == 2
    assert banjir["rise"] > vaksin["rise"]
