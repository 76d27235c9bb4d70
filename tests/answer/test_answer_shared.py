"""Matching on the real fact-checks (../shared turnbackhoax_articles.csv, without the withheld
ones) with query sets the tuner never read: floors near the figures bench/answer_trust.py
measures, so that a drop of a few points fails CI. The tuner reads only the dev halves
(answer_dev.jsonl, answer_chat_dev.jsonl); these sets are held out by claim, and the
hand-written and narasi sets come from no generator at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from saring.answer import Answerer
from saring.answer.evaluate import Outcome, evaluate, load_queries
from saring.archive import open_store
from saring.model import FactCheck
from saring.reader.factchecks import read

BENCH_DATA = Path(__file__).resolve().parents[2] / "bench" / "data"

# set -> (Recall@3 floor per query type, no-match precision floor, no-match recall floor): about
# four points under what bench/answer_trust.py measured for the shipped model (in the comments),
# so that a real drop fails CI. Recall counts sure answers only ("mungkin terkait" is no answer).
FLOORS = {
    # keyword .93, question .99, forwarded .99, english 1.0 (50); no-match P .95 R .88
    "answer_test.jsonl": ({"keyword": 0.89, "english": 0.92, "*": 0.95}, 0.91, 0.84),
    # keyword .97, question 1.0, forwarded .96; no-match P .92 R .85
    "answer_chat_test.jsonl": ({"*": 0.92}, 0.88, 0.81),
    # question 1.0 (14), forwarded 1.0 (7), keyword 1.0 (9); no-match P 1.0 R .95
    "answer_handwritten.jsonl": ({"forwarded": 0.85, "*": 0.92}, 0.92, 0.90),
    # colloquial 1.0, english .93, keyword 1.0, forwarded 1.0, question .98; no-match P .94 R .94
    "answer_handwritten_2.jsonl": ({"english": 0.85, "*": 0.93}, 0.90, 0.90),
    # english .98 (40), keyword .89, question 1.0, headline .90 (10), forwarded 1.0, colloquial 1.0;
    # no-match P .92 R .88
    "answer_handwritten_3.jsonl": ({"english": 0.92, "keyword": 0.84, "headline": 0.70, "*": 0.95}, 0.87, 0.84),
    # written after this session's changes were made, never tuned on: question .90, colloquial .86,
    # english .92 (25), keyword .71, forwarded .81 (21 each), headline .94 (17); no-match P .72 R .84
    "answer_handwritten_4.jsonl": ({"keyword": 0.66, "forwarded": 0.76, "english": 0.86, "*": 0.80}, 0.67, 0.78),
}
# the test two thirds of the real circulating texts: recall .49; no-match P .81 R .79
NARASI_FLOORS = ({"*": 0.44}, 0.76, 0.75)


def fact_checks(shared) -> list[FactCheck]:
    csv = shared / "data" / "factchecks" / "turnbackhoax_articles.csv"
    return [i for i in read(csv, "turnbackhoax-csv", "turnbackhoax") if isinstance(i, FactCheck)]


def lines(name: str) -> list[dict]:
    return [json.loads(line) for line in (BENCH_DATA / name).open(encoding="utf-8") if line.strip()]


@pytest.fixture(scope="module")
def items(shared):
    return fact_checks(shared)


@pytest.fixture(scope="module")
def archive(items, tmp_path_factory):
    withheld = {row["withheld_url"] for row in lines("answer_withheld.jsonl")}
    with open_store(str(tmp_path_factory.mktemp("answer") / "real.db")) as store:
        store.ingest(i for i in items if i.url not in withheld)
        yield store


def judged(store, name: str, split: str = "") -> dict:
    queries, problems = load_queries(BENCH_DATA / name)
    assert not problems
    queries = [q for q in queries if not split or q.split == split]
    answerer = Answerer(store, log_queries=False)

    def answer(text: str) -> Outcome:
        return Outcome([[m.url, *m.also] for m in answerer.ask(text).matches])

    return evaluate(queries, answer)


def check(report: dict, floors: tuple[dict[str, float], float, float]) -> None:
    recall_floors, precision_floor, nm_recall_floor = floors
    for kind, recall in report["recall@3"].items():  # no misses printed: these sets are not for reading
        assert recall >= recall_floors.get(kind, recall_floors["*"]), (kind, recall)
    assert (report["no_match"]["precision"] or 0) >= precision_floor, report["no_match"]
    assert (report["no_match"]["recall"] or 0) >= nm_recall_floor, report["no_match"]


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_held_out_sets_clear_their_floors(archive, name):
    if not (BENCH_DATA / name).exists():
        pytest.skip(f"bench/data/{name} is not in this checkout")
    check(judged(archive, name), FLOORS[name])


def test_real_circulating_texts_find_the_archived_check_of_the_same_claim(items, tmp_path):
    if not (BENCH_DATA / "answer_narasi.jsonl").exists():
        pytest.skip("bench/data/answer_narasi.jsonl is not in this checkout")
    withheld = {row["withheld_url"] for row in lines("answer_withheld.jsonl")}
    withheld |= {row["withheld_url"] for row in lines("answer_narasi.jsonl") if row.get("withheld_url")}
    with open_store(str(tmp_path / "narasi.db")) as store:
        store.ingest(i for i in items if i.url not in withheld)
        check(judged(store, "answer_narasi.jsonl", split="test"), NARASI_FLOORS)


def test_no_answer_calls_a_debunked_claim_true(archive):
    answerer = Answerer(archive, log_queries=False)
    queries, _ = load_queries(BENCH_DATA / "answer_test.jsonl")
    verdicts = [m.verdict for q in queries[:300] for m in answerer.ask(q.query).matches]
    assert verdicts and "true" not in verdicts
