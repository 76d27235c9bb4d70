"""Matching quality on a query file: Recall@3 per query type and the no-match decision.

A query line is ``{"query": ..., "type": ..., "expected_url": URL or null, "also_urls": [...]}``.
A query with an expected URL is answered when that URL (or one of ``also_urls``: other archived
checks of the same claim) is among the first three matches (or among the near-identical
fact-checks folded into one of them); a query with ``null`` expects the honest "not checked
yet". The same figures serve `saring eval matching` and the benchmark, where a plain BM25
baseline is scored by the same function.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from saring.archive.dedup import canonical_url
from saring.errors import InputError

TOP_K = 3
NO_MATCH = "no-match"


@dataclass
class EvalQuery:
    query: str
    type: str
    expected_url: str | None
    line: int = 0
    also: list[str] = field(default_factory=list)  # other archived items of the same claim: right too
    split: str = ""  # "dev" (may tune) or "test" (only measures), as the file says


@dataclass
class Outcome:
    """What a system answered: ranked URL groups (each a match and what it folds in)."""

    groups: list[list[str]] = field(default_factory=list)

    @property
    def no_match(self) -> bool:
        return not self.groups


def load_queries(path: str | Path) -> tuple[list[EvalQuery], list[str]]:
    """Queries of a JSONL file and one problem line per bad row (the rest are still used)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    queries, problems = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            query, expected = row["query"], row.get("expected_url")
            if not isinstance(query, str) or not query.strip():
                raise ValueError("empty query")
            kind = row.get("type") or (NO_MATCH if expected is None else "query")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            problems.append(f"{path}:{number}: {type(exc).__name__}: {exc}")
            continue
        also = [u for u in row.get("also_urls") or [] if isinstance(u, str)] if expected else []
        split = row.get("split") if isinstance(row.get("split"), str) else ""
        queries.append(EvalQuery(query, NO_MATCH if expected is None else kind, expected, number, also, split))
    if not queries:
        raise InputError(f"{path}: no usable queries ({len(problems)} bad lines)")
    return queries, problems


def evaluate(queries: Iterable[EvalQuery], answer: Callable[[str], Outcome]) -> dict:
    """Recall@3 per type, no-match precision/recall, and the misses (for reading, not tuning)."""
    per_type: dict[str, list[int]] = {}
    predicted_none = correct_none = expected_none = 0
    misses: list[dict[str, Any]] = []
    for q in queries:
        outcome = answer(q.query)
        if q.expected_url is None:
            expected_none += 1
            if outcome.no_match:
                correct_none += 1
            else:
                misses.append({"query": q.query, "type": q.type, "got": outcome.groups[0][0]})
        else:
            want = {canonical_url(u) for u in [q.expected_url, *q.also]}
            hit = any(want & {canonical_url(u) for u in group} for group in outcome.groups[:TOP_K])
            per_type.setdefault(q.type, []).append(int(hit))
            if not hit:
                misses.append({"query": q.query, "type": q.type, "expected": q.expected_url,
                               "got": outcome.groups[0][0] if outcome.groups else None})
        predicted_none += outcome.no_match
    report: dict[str, Any] = {f"recall@{TOP_K}": {t: round(sum(v) / len(v), 4) for t, v in sorted(per_type.items())},
              "counts": {t: len(v) for t, v in sorted(per_type.items())}}
    report["counts"][NO_MATCH] = expected_none
    report["no_match"] = {
        "precision": round(correct_none / predicted_none, 4) if predicted_none else None,
        "recall": round(correct_none / expected_none, 4) if expected_none else None,
    }
    report["misses"] = misses
    return report
