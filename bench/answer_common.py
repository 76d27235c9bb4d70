"""What the answer benchmarks share: the evaluation archive, the query sets, the BM25 baseline.

The archive is turnbackhoax_articles.csv (../shared) without the fact-checks withheld for
no-match queries (bench/data/answer_withheld.jsonl), read by saring's own reader.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from saring.answer.evaluate import Outcome, load_queries  # noqa: E402
from saring.config import shared_dir  # noqa: E402
from saring.model import FactCheck  # noqa: E402
from saring.text.tokens import index_terms  # noqa: E402

DATA = REPO / "bench" / "data"
CSV = "data/factchecks/turnbackhoax_articles.csv"


def archive_items() -> list[FactCheck]:
    """The fact-checks of the evaluation archive."""
    from saring.reader.factchecks import read

    shared = shared_dir()
    if shared is None:
        sys.exit("../shared is absent: the answer benchmarks need its fact-check CSV")
    withheld = {json.loads(line)["withheld_url"] for line in (DATA / "answer_withheld.jsonl").open()}
    return [item for item in read(shared / CSV, "turnbackhoax-csv", CSV)
            if isinstance(item, FactCheck) and item.url not in withheld]


def build_store(path: Path):
    """A fresh SQLite archive of the evaluation fact-checks at ``path``."""
    from saring.archive import open_store

    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    store = open_store(str(path))
    store.ingest(archive_items())
    return store


def news_items() -> list:
    """The analysed news of ../shared/data/news without the articles withheld for no-match."""
    from answer_news_queries import news_articles

    withheld = {json.loads(line)["withheld_news_url"] for line in (DATA / "answer_news_withheld.jsonl").open()}
    return [a for a in news_articles(shared_dir()) if a.url not in withheld]


def build_news_store(path: Path, news: list):
    """The evaluation fact-checks plus the news articles, at ``path``."""
    store = build_store(path)
    store.ingest(news)
    return store


def news_query_sets() -> dict[str, list]:
    """{"dev": [...], "test": [...]} from bench/data/answer_news_{dev,test}.jsonl."""
    return {split: load_queries(DATA / f"answer_news_{split}.jsonl")[0] for split in ("dev", "test")}


def query_sets() -> dict[str, list]:
    """{"dev": [...], "test": [...]} from bench/data/answer_{dev,test}.jsonl."""
    return {split: load_queries(DATA / f"answer_{split}.jsonl")[0] for split in ("dev", "test")}


def chat_queries(split: str) -> list:
    """The chat-rewrite queries of bench/answer_chat_queries.py for ``split`` (dev or test)."""
    return load_queries(DATA / f"answer_chat_{split}.jsonl")[0]


def narasi_lines() -> list[dict]:
    return [json.loads(line) for line in (DATA / "answer_narasi.jsonl").open(encoding="utf-8") if line.strip()]


def narasi_queries(split: str) -> list:
    """The real circulating texts of bench/data/answer_narasi.jsonl in ``split`` (split by claim:
    the dev third may tune, the test two thirds only measure)."""
    return [q for q in load_queries(DATA / "answer_narasi.jsonl")[0] if q.split == split]


def build_narasi_store(path: Path):
    """The evaluation archive without the checks the narasi set withholds (its own archive)."""
    from saring.archive import open_store

    withheld = {line["withheld_url"] for line in narasi_lines()}
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    store = open_store(str(path))
    items = [item for item in archive_items() if item.url not in withheld]
    store.ingest(items)
    return store, items


def baseline_text(item) -> str:
    """What the baseline indexes: claim, title and conclusion; title, lead and body for news."""
    if isinstance(item, FactCheck):
        return f"{item.title} {item.claim} {item.conclusion}"
    return f"{item.title} {item.lead} {item.text}"


class BM25Baseline:
    """bm25s over claim + title + conclusion with saring's analyser; top 3, or no match when
    the best score is under a threshold calibrated on the dev set (as our own threshold is)."""

    def __init__(self, items: list[FactCheck]):
        import bm25s

        self.urls = [item.url for item in items]
        corpus = [index_terms(baseline_text(item)) or ["∅"] for item in items]
        self.retriever = bm25s.BM25()
        self.retriever.index(corpus, show_progress=False)
        self.threshold = 0.0

    def top(self, text: str, k: int = 3) -> list[tuple[str, float]]:
        terms = index_terms(text)
        if not terms:
            return []
        docs, scores = self.retriever.retrieve([terms], k=k, show_progress=False)
        return [(self.urls[d], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]

    def outcome(self, text: str) -> Outcome:
        found = self.top(text)
        if not found or found[0][1] < self.threshold:
            return Outcome([])
        return Outcome([[url] for url, _ in found])

    def calibrate(self, queries: list) -> float:
        """The score threshold that maximises no-match F1 plus mean Recall@3 on ``queries``."""
        tops = [(q, self.top(q.query)) for q in queries]
        best = (-1.0, 0.0)
        for threshold in sorted({round(found[0][1], 2) for _, found in tops if found}):
            nm_right = nm_wrong = answered_none = hits = positives = 0
            for q, found in tops:
                answered = bool(found) and found[0][1] >= threshold
                if q.expected_url is None:
                    nm_right += not answered
                    nm_wrong += answered
                else:
                    positives += 1
                    answered_none += not answered
                    hits += answered and q.expected_url in [u for u, _ in found]
            precision = nm_right / (nm_right + answered_none) if nm_right + answered_none else 0.0
            recall = nm_right / (nm_right + nm_wrong) if nm_right + nm_wrong else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            objective = f1 + hits / max(positives, 1)
            if objective > best[0]:
                best = (objective, threshold)
        self.threshold = best[1]
        return self.threshold
