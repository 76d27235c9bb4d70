"""How long /admin takes with many unanswered questions queued (anyone can queue them through
the public search), and that the grouping is still the all-pairs grouping.

Fills the query log of a fresh archive with N unanswered questions (most asked once, a few
viral rumours asked often in several wordings), then times:
  * the baseline, measured in the same run: the plain greedy grouping that compares every
    wording with every group before it (what /admin did before; quadratic);
  * saring's grouping (prefix filtering), checked to give exactly the baseline's groups;
  * GET /admin end to end (login, query log, grouping, trending, HTML), first load and again.

    python bench/channels_admin.py                 # 1,000, 2,000 and 4,000 questions
    python bench/channels_admin.py --sizes 2000
"""

from __future__ import annotations

import argparse
import base64
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fastapi.testclient import TestClient  # noqa: E402

from saring.archive import open_store  # noqa: E402
from saring.channels import newsroom  # noqa: E402
from saring.channels.app import create_app  # noqa: E402
from saring.channels.settings import Settings  # noqa: E402
from saring.text.tokens import index_terms, tokenize  # noqa: E402

SUBJECTS = ("vaksin", "listrik", "beras", "cabai", "gempa", "banjir", "bansos", "pajak", "bbm", "kereta",
            "jalan tol", "sekolah", "rumah sakit", "bpjs", "pemilu", "kpu", "tni", "polisi", "presiden",
            "menteri", "gubernur", "bupati", "dpr", "pln", "pertamina", "bank", "pinjol", "emas", "dolar",
            "rupiah", "ular", "harimau", "gunung", "tsunami", "hujan", "kabut", "air", "susu", "telur",
            "ayam", "mie", "garam", "gula", "minyak", "tiket", "paspor", "ktp", "sim", "stnk", "wifi")
CLAIMS = ("naik {n} persen", "dihapus mulai {m}", "gratis untuk semua warga", "mengandung {x}",
          "dibagikan di kantor desa", "ditutup selama {n} hari", "dijual murah di {p}", "langka di {p}",
          "berbahaya bagi anak", "diganti dengan {x}", "wajib daftar ulang", "diblokir pemerintah",
          "meledak di {p}", "terjadi lagi di {p}", "dipotong {n} persen", "bisa menyebabkan kanker")
FILL = {"n": ["10", "20", "50", "100", "500"], "m": ["januari", "april", "juli", "besok", "tahun depan"],
        "x": ["chip", "babi", "plastik", "racun", "formalin", "nano"],
        "p": ["jakarta", "surabaya", "medan", "bandung", "makassar", "bali", "papua", "aceh"]}
FRAMES = ("{}", "benarkah {}?", "apa benar {}", "katanya {}", "min, {} itu hoaks?", "{} beneran?",
          "info: {}", "tolong cek {}")


def questions(n: int, seed: int = 7) -> list[str]:
    """N questions: a fifth retell a few viral rumours (several wordings each), the rest are
    one-off questions of their own, as a flood through the public search would be."""
    rng = random.Random(seed)

    def rumour() -> str:
        claim = rng.choice(CLAIMS).format(**{k: rng.choice(v) for k, v in FILL.items()})
        subjects = " ".join(rng.sample(SUBJECTS, 2))
        return f"{subjects} {claim} {rng.choice(FILL['p'])} {rng.randrange(10_000)}"

    viral = [rumour() for _ in range(20)]
    out = []
    for _ in range(n):
        text = rng.choice(viral) if rng.random() < 0.2 else rumour()
        out.append(rng.choice(FRAMES).format(text))
    return out


def reference_groups(log: list[dict]) -> list[tuple[str, int]]:
    """The all-pairs greedy grouping (the baseline): each wording, most asked first, joins the
    first earlier group whose terms it shares by Jaccard >= SIMILAR."""
    by_text: dict[str, list[dict]] = defaultdict(list)
    for row in log:
        key = " ".join(tokenize(row.get("normalized") or row["text"]))
        if key:
            by_text[key].append(row)
    groups: list[list] = []  # [question, count, terms]
    for key, rows in sorted(by_text.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        terms = frozenset(index_terms(key))
        group = next((g for g in groups if jaccard(terms, g[2]) >= newsroom.SIMILAR), None)
        if group is None:
            group = [rows[0]["text"].strip(), 0, terms]
            groups.append(group)
        group[1] += len(rows)
    return sorted(((q, c) for q, c, _ in groups), key=lambda g: (-g[1], g[0]))


def jaccard(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return float(a == b)
    return len(a & b) / len(a | b)


def run(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "archive.db")
        with open_store(db) as store:
            for text in questions(n):
                store.log_query(text, "", False, channel="api")
            log = [r for r in store.query_log() if not r["answered"]]
        start = time.perf_counter()
        expected = reference_groups(log)
        baseline = time.perf_counter() - start
        newsroom._wording.cache_clear()
        start = time.perf_counter()
        got = [(g.question, g.count) for g in newsroom.group_questions(log)]
        grouping = time.perf_counter() - start
        assert got == expected, "prefix filtering grouped differently from the all-pairs baseline"

        newsroom._wording.cache_clear()
        settings = Settings(db=db, admin_user="a", admin_password="b")
        auth = {"authorization": "Basic " + base64.b64encode(b"a:b").decode()}
        with TestClient(create_app(settings, worker="none")) as client:
            timings = []
            for _ in range(3):
                start = time.perf_counter()
                page = client.get("/admin", headers=auth)
                timings.append(time.perf_counter() - start)
                assert page.status_code == 200
        print(f"{n:>6,} questions, {len(expected):>5,} groups | baseline all-pairs grouping "
              f"{baseline:6.2f} s | saring grouping {grouping:6.3f} s (same groups) | GET /admin "
              f"first {timings[0]:5.2f} s, then {min(timings[1:]):5.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000])
    args = parser.parse_args()
    for n in args.sizes:
        run(n)


if __name__ == "__main__":
    main()
