"""Matching on real fact-checks (200 rows of ../shared turnbackhoax_articles.csv) with the dev
queries about them: a quick guard of the figures bench/answer_matching.py reports in full."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from saring.answer import Answerer
from saring.answer.evaluate import Outcome, evaluate, load_queries
from saring.archive import open_store
from saring.model import FactCheck
from saring.reader.factchecks import read

BENCH_DATA = Path(__file__).resolve().parents[2] / "bench" / "data"
ROWS = 200


@pytest.fixture(scope="module")
def real_archive(shared, tmp_path_factory):
    withheld = {json.loads(line)["withheld_url"] for line in (BENCH_DATA / "answer_withheld.jsonl").open()}
    csv = shared / "data" / "factchecks" / "turnbackhoax_articles.csv"
    items = [i for i in read(csv, "turnbackhoax-csv", "turnbackhoax") if isinstance(i, FactCheck)]
    chosen = list(itertools.islice((i for i in items if i.url not in withheld and i.claim), ROWS))
    with open_store(str(tmp_path_factory.mktemp("answer") / "real.db")) as store:
        store.ingest(chosen)
        yield store, {i.url for i in chosen}


def test_dev_queries_about_archived_fact_checks_are_answered(real_archive):
    store, urls = real_archive
    queries, _ = load_queries(BENCH_DATA / "answer_dev.jsonl")
    about = [q for q in queries if q.expected_url in urls]
    no_match = [q for q in queries if q.expected_url is None][:40]
    answerer = Answerer(store, log_queries=False)
    report = evaluate(about + no_match, lambda text: Outcome([[m.url, *m.also] for m in answerer.ask(text).matches]))
    assert len(about) >= 30
    for kind, recall in report["recall@3"].items():
        assert recall >= 0.85, (kind, report["misses"][:5])
    assert report["no_match"]["recall"] >= 0.85
    assert report["no_match"]["precision"] >= 0.85
