"""Verdict audit: what every shared fact-check source becomes, and how many items say "true"
although their own words deny the claim (issue 10, item 1), now and under the old mapping.

    python bench/verdict_audit.py                     # baseline: the mapping before the fix
    python bench/verdict_audit.py --baseline-rev REV  # any other revision as the baseline

The baseline is the previous version's own code, not a re-implementation: `git archive` of
saring/ at the baseline revision, run in a subprocess over the same files, so the before and
after come from one run. Denial cues (saring/data/verdicts.tsv, "denial") are looked for with
today's reader in the title, claim and text of every item called true, under both mappings.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The last revision before the false-news fix (REAL rows read as verdict true).
BASELINE_REV = "111aec2c96646e0e699658043067b00996001dce"
SOURCES = [  # (name, paths under ../shared or the repo, format; None: detected per file)
    ("turnbackhoax", ["shared:data/factchecks/turnbackhoax_articles.csv"], "turnbackhoax-csv"),
    ("false-news 2015-2020", ["shared:data/factchecks/indonesia_false_news_2015_2020.csv"], "falsenews-csv"),
    ("newsroom desks (news CSVs)", ["shared:data/news/scrapping_news_2025-06-18.csv",
                                    "shared:data/news/scrapping_news_2025-06-19.csv"], "news-csv"),
    ("ClaimReview (repo sample)", ["repo:saring/data/samples/factchecks/claimreview.json"], "claimreview"),
]
TEXT_CHARS = 3000  # of an item's text scanned for denial cues


def _resolve(path: str, shared: Path) -> str:
    where, rel = path.split(":", 1)
    return str((shared if where == "shared" else REPO) / rel)


def collect(shared: Path) -> list[dict]:
    """Every item of every source as the installed saring reads it (the worker's job)."""
    from saring.model import FactCheck, Failure
    from saring.reader.inputs import read_paths

    out = []
    for name, paths, fmt in SOURCES:
        for item in read_paths([_resolve(p, shared) for p in paths], fmt):
            if isinstance(item, Failure):
                out.append({"source": name, "kind": "failure"})
            elif isinstance(item, FactCheck):
                out.append({"source": name, "kind": "factcheck", "verdict": item.verdict,
                            "label": item.verdict_label, "title": item.title,
                            "text": f"{item.claim}\n{item.explanation}"[:TEXT_CHARS]})
            else:
                out.append({"source": name, "kind": "news", "title": item.title,
                            "text": item.text[:TEXT_CHARS]})
    return out


def baseline_items(rev: str, shared: Path) -> tuple[list[dict] | None, str]:
    """The items as saring at `rev` reads them, from a subprocess on its own source tree."""
    try:
        archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "saring"],
                                 capture_output=True, check=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"baseline unavailable (git archive {rev[:12]}: {exc})"
    with tempfile.TemporaryDirectory() as tree:
        archive_path = Path(tree) / "old.tar"
        archive_path.write_bytes(archive)
        with tarfile.open(archive_path) as tar:
            tar.extractall(tree, filter="data")
        env = dict(os.environ, PYTHONPATH=tree)
        run = subprocess.run([sys.executable, __file__, "--worker", "--shared", str(shared)], check=False,
                             capture_output=True, text=True, env=env, cwd=tree, timeout=1200)
    if run.returncode:
        return None, f"baseline run failed: {run.stderr.strip().splitlines()[-1:]}"
    return json.loads(run.stdout), f"saring at {rev[:12]}"


def report(title: str, items: list[dict]) -> dict:
    """Items per verdict for each source, and the true ones whose own words deny."""
    from saring.reader.verdicts import denial_cue

    print(f"\n== {title}")
    totals = {"true": 0, "true_denied": 0}
    for name, _, _ in SOURCES:
        mine = [i for i in items if i["source"] == name]
        counts = collections.Counter(
            i["kind"] if i["kind"] != "factcheck" else (i["verdict"] or "unrated") for i in mine)
        true = [i for i in mine if i.get("verdict") == "true"]
        denied = [(i, cue) for i in true if (cue := denial_cue(f"{i['title']}\n{i['text']}"))]
        totals["true"] += len(true)
        totals["true_denied"] += len(denied)
        shown = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))
        print(f"  {name}: {len(mine)} items: {shown}")
        print(f"    verdict true: {len(true)}; of them with a denial cue in their own text: {len(denied)}")
        for item, cue in denied[:3]:
            print(f"      e.g. [{item['label']}] {item['title'][:80]!r} (cue {cue!r})")
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline-rev", default=BASELINE_REV)
    parser.add_argument("--shared", help="the shared data folder (default: ../shared)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        json.dump(collect(Path(args.shared)), sys.stdout, ensure_ascii=False)
        return
    sys.path.insert(0, str(REPO))
    from saring.config import shared_dir

    shared = Path(args.shared) if args.shared else shared_dir()
    if shared is None:
        sys.exit("../shared is absent: the verdict audit reads its fact-check sources")
    started = time.perf_counter()
    old, old_name = baseline_items(args.baseline_rev, shared)
    old_seconds = time.perf_counter() - started
    started = time.perf_counter()
    new = collect(shared)
    new_seconds = time.perf_counter() - started
    before = report(f"baseline: {old_name} ({old_seconds:.0f} s)", old) if old is not None else None
    if before is None:
        print(f"\n== {old_name}")
    after = report(f"now: this working tree ({new_seconds:.0f} s)", new)
    print("\n== summary (all sources)")
    if before is not None:
        print(f"  verdict true: {before['true']} -> {after['true']}; "
              f"true although their own text denies: {before['true_denied']} -> {after['true_denied']}")
    else:
        print(f"  verdict true: {after['true']}; true although their own text denies: {after['true_denied']}")


if __name__ == "__main__":
    main()
