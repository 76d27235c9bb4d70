"""The newsroom's work queue: grouping of unanswered questions and trending topics."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

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
    assert top.count == 4 and top.question == "Harga cabai naik 500 persen"  # the cleaned claim
    assert top.channels == {"whatsapp": 3, "telegram": 1} and top.last == "2026-05-11T09:30:00Z"
    assert other.count == 1 and "ular" in other.question
    assert top.to_dict()["examples"][0] == "Harga cabai naik 500 persen"


def test_the_queue_shows_the_claim_without_forwarding_marks():
    (group,) = group_questions([q("*Diteruskan* ⚠️ VAKSIN mengandung chip!!! sebarkan"),
                                q("vaksin mengandung chip sebarkan")])
    assert group.count == 2 and group.question == "VAKSIN mengandung chip"


def test_a_topic_trends_when_its_recent_rate_rises():
    log = [q("banjir bandung hari ini", ts=f"2026-05-{d:02d}T10:00:00Z") for d in (1, 5)]
    log += [q("banjir di bandung hari ini?", ts=f"2026-05-{d:02d}T10:00:00Z", answered=True)
            for d in (12, 13, 13, 14, 14)]
    log += [q("vaksin chip", ts=f"2026-05-{d:02d}T10:00:00Z") for d in range(1, 15)]
    log += [q("ular masuk kloset", ts="2026-05-14T11:00:00Z")]
    topics = trending(log, days=14, today="2026-05-14")
    assert [t["topic"] for t in topics] == ["banjir di bandung hari ini", "vaksin chip"]
    banjir, vaksin = topics
    assert (banjir["recent"], banjir["earlier"]) == (5, 2) and banjir["by_day"]["2026-05-13"] == 2
    assert banjir["rise"] > vaksin["rise"]


WORDS = ["harga", "cabai", "naik", "vaksin", "chip", "banjir", "bandung", "ular", "kloset", "listrik",
         "padam", "jawa", "bali", "gratis", "benarkah", "yang", "di", "500", "persen"]


def all_pairs(log):
    """The plain greedy grouping the prefix filter must reproduce: each wording (most asked
    first) joins the first earlier group whose terms it shares by Jaccard >= SIMILAR."""
    from collections import defaultdict

    from saring.channels.newsroom import SIMILAR, shown_question
    from saring.text.tokens import index_terms, tokenize

    by_text = defaultdict(list)
    for row in log:
        key = " ".join(tokenize(row["text"]))
        if key:
            by_text[key].append(row)
    groups = []
    for key, rows in sorted(by_text.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        terms = frozenset(index_terms(key))
        for g in groups:
            a, b = terms, g[2]
            if (a == b) if not a or not b else len(a & b) / len(a | b) >= SIMILAR:
                g[1] += len(rows)
                break
        else:
            groups.append([shown_question(rows[0]["text"]), len(rows), terms])
    return sorted(((text, n) for text, n, _ in groups), key=lambda g: (-g[1], g[0]))


@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=0, max_size=7).map(" ".join),
                min_size=1, max_size=40))
def test_grouping_is_the_all_pairs_grouping(texts):
    log = [q(t) for t in texts]
    assert [(g.question, g.count) for g in group_questions(log)] == all_pairs(log)


def test_the_work_queue_is_paged(tmp_path):
    from saring.archive import open_store
    from saring.channels.newsroom import GROUPS_PER_PAGE, summary
    from saring.channels.state import State

    with open_store(str(tmp_path / "a.db")) as store:
        for i in range(GROUPS_PER_PAGE + 7):
            store.log_query(f"kabar {i} kode {1000 + i}", "", False, channel="api")  # all different
        state = State(str(tmp_path / "a.channels.db"))
        first, second = summary(store, state, page=1), summary(store, state, page=2)
        state.close()
    assert first["pages"] == second["pages"] == 2
    assert len(first["unanswered_groups"]) == GROUPS_PER_PAGE and len(second["unanswered_groups"]) == 7
    assert first["unanswered_group_count"] == GROUPS_PER_PAGE + 7
    questions = {g["question"] for g in first["unanswered_groups"] + second["unanswered_groups"]}
    assert len(questions) == GROUPS_PER_PAGE + 7
