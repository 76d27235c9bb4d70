"""Fact-check reader throughput and memory, beside a plain csv.DictReader / json.load baseline.

    python bench/reader_factchecks.py            # shared exports + a 10k-row synthetic export
    python bench/reader_factchecks.py --rows 200000   # a bigger synthetic export

The baseline only splits rows into dicts (no mapping to FactCheck): the difference is what
the mapping (claim extraction, titles, verdicts, dates) costs. Peak memory is measured with
tracemalloc on synthetic exports of two sizes: streaming keeps it flat.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import json
import pstats
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from saring.config import shared_dir  # noqa: E402
from saring.model import Failure  # noqa: E402
from saring.reader.factchecks import read  # noqa: E402

FILES = (
    ("data/factchecks/turnbackhoax_articles.csv", "turnbackhoax-csv"),
    ("data/factchecks/indonesia_false_news_2015_2020.csv", "falsenews-csv"),
)


def best_of(repeats: int, func) -> tuple[float, int]:
    """(best seconds, result) over `repeats` runs: the least disturbed measurement."""
    best, result = float("inf"), 0
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def ours(path: Path, fmt: str) -> int:
    """Items read (the false-news set's REAL rows are mostly news reports, not fact-checks)."""
    return sum(not isinstance(item, Failure) for item in read(path, fmt, str(path)))


def baseline_csv(path: Path) -> int:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return sum(1 for _ in csv.DictReader(stream))


def baseline_json(path: Path) -> int:
    with open(path, encoding="utf-8") as stream:
        return len(json.load(stream))


def synthetic_export(source: Path, rows: int, target: Path) -> None:
    """`rows` turnbackhoax rows cycled from the real export, each with its own URL."""
    with open(source, encoding="utf-8-sig", newline="") as stream:
        real = list(csv.DictReader(stream))
    with open(target, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(real[0]))
        writer.writeheader()
        for n in range(rows):
            row = dict(real[n % len(real)])
            row["url"] = row["url"].replace("/articles/", f"/articles/{n}-", 1)
            writer.writerow(row)


def synthetic_claimreviews(rows: int, target: Path) -> None:
    review = json.loads((REPO / "saring/data/samples/factchecks/claimreview.json").read_text())
    with open(target, "w", encoding="utf-8") as out:
        json.dump([dict(review[n % len(review)], url=f"https://cek.example.org/{n}")
                   for n in range(rows)], out)


def peak_mib(path: Path, fmt: str) -> float:
    tracemalloc.start()
    count = ours(path, fmt)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count > 0
    return peak / 2**20


STAGES = ("_split_narasi", "_title_case", "_claim_source", "_urls", "normalize_verdict",
          "_dmy_date", "_falsenews", "_language")


def where_time_goes(path: Path, fmt: str) -> str:
    """Cumulative share of the read spent in each mapping stage (cProfile, so slower)."""
    profile = cProfile.Profile()
    profile.runcall(ours, path, fmt)
    stats = pstats.Stats(profile).stats  # {(file, line, name): (cc, nc, tt, ct, callers)}
    total = sum(tt for (_, _, _), (_, _, tt, _, _) in stats.items())
    rows = []
    for (_, _, name), (_, calls, _, cumulative, _) in stats.items():
        if name in STAGES:
            rows.append((cumulative, name, calls))
    lines = [f"    {name:<20}{100 * cumulative / total:5.1f}%  ({calls} calls)"
             for cumulative, name, calls in sorted(rows, reverse=True)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows of the synthetic export")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    shared = shared_dir()
    print(f"fact-check reader (1 core; best of {args.repeats} runs)\n")
    print(f"{'input':<42}{'rows':>8}{'ours rows/s':>14}{'baseline rows/s':>17}{'ratio':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        inputs = []
        if shared is None:
            print("(../shared absent: synthetic inputs only)")
        else:
            inputs += [(shared / rel, fmt, baseline_csv) for rel, fmt in FILES]
            synthetic = Path(tmp) / "synthetic.csv"
            synthetic_export(shared / FILES[0][0], args.rows, synthetic)
            inputs.append((synthetic, "turnbackhoax-csv", baseline_csv))
        reviews = Path(tmp) / "claimreviews.json"
        synthetic_claimreviews(args.rows, reviews)
        inputs.append((reviews, "claimreview", baseline_json))
        for path, fmt, baseline in inputs:
            ours_s, n = best_of(args.repeats, lambda path=path, fmt=fmt: ours(path, fmt))
            base_s, m = best_of(args.repeats, lambda path=path, baseline=baseline: baseline(path))
            assert n == m, (path, n, m)
            print(f"{path.name[:41]:<42}{n:>8}{n / ours_s:>14,.0f}{m / base_s:>17,.0f}"
                  f"{ours_s / base_s:>7.1f}x")
        if shared is not None:
            small, large = Path(tmp) / "small.csv", Path(tmp) / "large.csv"
            synthetic_export(shared / FILES[0][0], args.rows // 10, small)
            synthetic_export(shared / FILES[0][0], args.rows, large)
            print("\npeak Python memory while reading (tracemalloc):")
            for path in (small, large):
                print(f"  {path.stat().st_size / 2**20:8.1f} MiB export -> "
                      f"{peak_mib(path, 'turnbackhoax-csv'):6.2f} MiB peak")
            for rel, fmt in FILES:
                print(f"\nwhere the time goes ({Path(rel).name}, share of the whole read):")
                print(where_time_goes(shared / rel, fmt))


if __name__ == "__main__":
    main()
