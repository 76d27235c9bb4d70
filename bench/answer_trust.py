"""Answer trust: Recall@3, the no-match gate, "mungkin terkait" and calibration, on query sets
the tuner never read, beside bm25s (same analyser, its threshold chosen on dev) in one run.

Sets (bench/data/README.md says where each comes from):
- template-test, chat-test: held-out claims of the two generators the tuner reads (dev halves);
  shown for reference: the same generators, so not a measure of users;
- handwritten, handwritten-2, handwritten-3, handwritten-4: written by hand before looking at
  outputs (the third and fourth also hold other publishers' headlines of archived claims);
- colloquial: the hand-written queries respelt with the Colloquial Indonesian Lexicon (the half
  of its words the chat generator never uses);
- narasi: real circulating texts of fact-checks withheld from the archive whose claim recurs in
  another archived check (its own archive: the withheld ones are removed); the test two thirds
  by claim (the tuner reads the other third).

Every figure counts a reply three ways: a sure answer (probability >= threshold), "mungkin
terkait" (related threshold <= p < threshold: shown without a verdict for the question), and
no match. Recall@3 counts sure answers; "+rel" also counts the related ones; no-match
precision/recall treat a related reply as not answering. Calibration: each query's best
candidate, its probability against whether it is the right item (for no-match queries it never
is), in a reliability table with the expected calibration error (ECE), over the sets the tuner
never read. Also counted: sure answers that say BENAR/true (a debunked claim must never be).

    python bench/answer_trust.py [--model PATH] [--json] [--misses N] [--also JSONL ...]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from answer_chat_queries import slang_table
from answer_common import (
    DATA,
    BM25Baseline,
    archive_items,
    build_narasi_store,
    build_store,
    chat_queries,
    narasi_queries,
    query_sets,
)

from saring.answer import Answerer
from saring.answer.evaluate import EvalQuery, load_queries
from saring.answer.matcher import load_model
from saring.archive.dedup import canonical_url
from saring.config import shared_dir

BINS = 10
HELD_OUT = ("handwritten", "handwritten-2", "handwritten-3", "handwritten-4", "colloquial", "narasi")


def load_optional(name: str) -> list[EvalQuery]:
    path = DATA / name
    return load_queries(path)[0] if path.exists() else []


def colloquial(queries: list[EvalQuery], seed: int = 5) -> list[EvalQuery]:
    """The queries respelt with the lexicon's chat spellings (only the half of its formal words
    the chat generator leaves alone, see answer_chat_queries.slang_table)."""
    rng = random.Random(seed)
    table = slang_table(shared_dir(), half=1)
    out = []
    for q in queries:
        words = q.query.split()
        respelt = [rng.choice(table[w.lower()]) if w.lower() in table and table[w.lower()] and rng.random() < 0.7
                   else w for w in words]
        if respelt != words:
            out.append(EvalQuery(" ".join(respelt), q.type, q.expected_url, also=q.also))
    return out


class Judge:
    """saring's reply to a query, in three ways, with the best candidate's probability."""

    def __init__(self, store, model: dict):
        self.model = model
        self.answerer = Answerer(store, {**model, "related_threshold": 0.0}, log_queries=False)

    def __call__(self, text: str) -> dict:
        answer = self.answerer.ask(text)
        shown = answer.matches or answer.related
        top = shown[0].score if shown else 0.0
        related = [m for m in answer.related if m.score >= self.model.get("related_threshold", 1.0)]
        return {"sure": [[m.url, *m.also] for m in answer.matches],
                "related": [[m.url, *m.also] for m in related],
                "top": top, "top_urls": [shown[0].url, *shown[0].also] if shown else [],
                "true_verdicts": sum(m.verdict == "true" for m in answer.matches)}


def hit(groups: list[list[str]], wanted: set[str]) -> bool:
    return any(wanted & {canonical_url(u) for u in group} for group in groups[:3])


def wanted(q: EvalQuery) -> set[str]:
    return {canonical_url(u) for u in [q.expected_url, *q.also] if u}


def figures(queries: list[EvalQuery], replies: list[dict]) -> dict:
    per_type: dict[str, list[tuple[int, int]]] = {}
    nm = {"expected": 0, "right": 0, "predicted": 0, "related": 0}
    true_verdicts = 0
    misses = []
    for q, r in zip(queries, replies):
        true_verdicts += r["true_verdicts"]
        answered = bool(r["sure"])
        nm["predicted"] += not answered
        if q.expected_url is None:
            nm["expected"] += 1
            nm["right"] += not answered
            nm["related"] += bool(r["related"]) and not answered
            if answered:
                misses.append((q.query, "answered", r["sure"][0][0]))
            continue
        sure = hit(r["sure"], wanted(q))
        per_type.setdefault(q.type, []).append((int(sure), int(sure or hit(r["related"], wanted(q)))))
        if not sure:
            misses.append((q.query, "related" if hit(r["related"], wanted(q)) else "missed", q.expected_url))
    return {
        "n": {t: len(v) for t, v in per_type.items()} | {"no-match": nm["expected"]},
        "recall@3": {t: round(sum(a for a, _ in v) / len(v), 3) for t, v in per_type.items()},
        "recall@3+rel": {t: round(sum(b for _, b in v) / len(v), 3) for t, v in per_type.items()},
        "nm_precision": round(nm["right"] / nm["predicted"], 3) if nm["predicted"] else None,
        "nm_recall": round(nm["right"] / nm["expected"], 3) if nm["expected"] else None,
        "nm_related_rate": round(nm["related"] / nm["expected"], 3) if nm["expected"] else None,
        "true_verdicts": true_verdicts,
        "misses": misses,
    }


def baseline_replies(baseline: BM25Baseline, queries: list[EvalQuery]) -> list[dict]:
    out = []
    for q in queries:
        groups = baseline.outcome(q.query).groups
        out.append({"sure": groups, "related": [], "top": 0.0, "top_urls": [], "true_verdicts": 0})
    return out


def reliability(pairs: list[tuple[float, int]]) -> tuple[list[tuple[str, int, float, float]], float]:
    """(bin, count, mean probability, share right) per probability bin, and the ECE."""
    rows, ece = [], 0.0
    for b in range(BINS):
        lo, hi = b / BINS, (b + 1) / BINS
        inside = [(p, y) for p, y in pairs if lo <= p < hi or (b == BINS - 1 and p == 1.0)]
        if not inside:
            continue
        conf = sum(p for p, _ in inside) / len(inside)
        acc = sum(y for _, y in inside) / len(inside)
        rows.append((f"{lo:.1f}-{hi:.1f}", len(inside), round(conf, 3), round(acc, 3)))
        ece += len(inside) / len(pairs) * abs(conf - acc)
    return rows, round(ece, 4)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="an answer model JSON (default: the shipped one)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", type=int, default=0)
    parser.add_argument("--also", nargs="*", default=[], metavar="JSONL",
                        help="more query files judged on the same archive beside bm25s (e.g. a new set, "
                             "measured once before the tuner reads it); outside the calibration table")
    args = parser.parse_args()
    started = time.time()
    model = json.loads(Path(args.model).read_text()) if args.model else load_model()
    tmp = Path(tempfile.gettempdir())
    store = build_store(tmp / "saring_answer_trust.db")
    items = archive_items()
    baseline = BM25Baseline(items)
    baseline.calibrate(query_sets()["dev"] + chat_queries("dev"))
    handwritten = load_optional("answer_handwritten.jsonl")
    handwritten_2 = load_optional("answer_handwritten_2.jsonl")
    handwritten_3 = load_optional("answer_handwritten_3.jsonl")
    handwritten_4 = load_optional("answer_handwritten_4.jsonl")
    sets = {
        "template-test": query_sets()["test"],
        "chat-test": chat_queries("test"),
        "handwritten": handwritten,
        "handwritten-2": handwritten_2,
        "handwritten-3": handwritten_3,
        "handwritten-4": handwritten_4,
        "colloquial": colloquial(handwritten + handwritten_2),
    }
    extra = {Path(path).stem: load_queries(Path(path))[0] for path in args.also}
    sets.update(extra)
    judge = Judge(store, model)
    results, pairs = {}, []

    def record(name: str, queries: list[EvalQuery], replies: list[dict], baseline_of: BM25Baseline) -> None:
        results[name] = {"saring": figures(queries, replies),
                         "bm25s": figures(queries, baseline_replies(baseline_of, queries))}
        if name in HELD_OUT:
            pairs.extend((r["top"], int(bool(wanted(q) & {canonical_url(u) for u in r["top_urls"]})))
                         for q, r in zip(queries, replies))

    for name, queries in sets.items():
        if queries:
            record(name, queries, [judge(q.query) for q in queries], baseline)
    if (DATA / "answer_narasi.jsonl").exists():  # its own archive: the checks it withholds removed
        queries = narasi_queries("test")
        n_store, n_items = build_narasi_store(tmp / "saring_answer_trust_narasi.db")
        n_baseline = BM25Baseline(n_items)
        n_baseline.threshold = baseline.threshold
        record("narasi", queries, [Judge(n_store, model)(q.query) for q in queries], n_baseline)
    table, ece = reliability(pairs)
    report = {"threshold": model["threshold"], "related_threshold": model.get("related_threshold"),
              "bm25s_threshold": baseline.threshold, "sets": results,
              "calibration": {"sets": [s for s in HELD_OUT if s in results], "queries": len(pairs),
                              "ece": ece, "table": table},
              "seconds": round(time.time() - started, 1)}
    if args.json:
        print(json.dumps({**report, "sets": {k: {s: {f: v for f, v in r.items() if f != "misses"}
                                                 for s, r in sys_.items()} for k, sys_ in results.items()}},
                         indent=1, ensure_ascii=False))
        return 0
    print(f"threshold {model['threshold']}, mungkin terkait from {model.get('related_threshold')}; "
          f"bm25s threshold {baseline.threshold} (chosen on dev)")
    for name, systems in results.items():
        note = "" if name in HELD_OUT else "   (not in the calibration table)" if name in extra \
            else "   (a tuning generator's held-out claims)"
        print(f"\n[{name}]  n = {systems['saring']['n']}{note}")
        types = list(systems["saring"]["recall@3"])
        print(f"{'':<8}" + "".join(f"{t[:14]:>15}" for t in types)
              + f"{'nm-prec':>9}{'nm-rec':>8}{'nm-rel':>8}{'BENAR':>7}")
        for system, f in systems.items():
            cells = "".join(f"{f['recall@3'][t]:>8.3f}/{f['recall@3+rel'][t]:.2f}" for t in types)
            print(f"{system:<8}{cells}{f['nm_precision'] or 0:>9.3f}{f['nm_recall'] or 0:>8.3f}"
                  f"{f['nm_related_rate'] or 0:>8.3f}{f['true_verdicts']:>7}")
        for miss in systems["saring"]["misses"][: args.misses]:
            print("  ", json.dumps(miss, ensure_ascii=False)[:220])
    print(f"\nCALIBRATION on {', '.join(report['calibration']['sets'])} ({len(pairs)} queries; best candidate):")
    print(f"{'probability':>12}{'n':>6}{'mean p':>9}{'right':>8}")
    for row in table:
        print(f"{row[0]:>12}{row[1]:>6}{row[2]:>9.3f}{row[3]:>8.3f}")
    print(f"ECE {ece}\n\n{report['seconds']:.0f} s  (cells: Recall@3 sure / with 'mungkin terkait')")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
