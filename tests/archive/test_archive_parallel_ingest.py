"""A backfill split over several `saring ingest` processes into one PostgreSQL schema: each
reads and analyses its own part outside the write lock, and the result is the one a single
process makes of the whole (the same items, the same duplicate groups, nothing twice)."""

from __future__ import annotations

import json
import random
import subprocess
import sys

from saring.archive import open_store
from saring.model import Article, item_to_dict

WORDS = ("pemerintah daerah warga banjir jalan tol harga pangan pasar listrik sekolah guru rumah "
         "sakit dokter polisi kebakaran gempa bandara kereta pelabuhan nelayan petani panen pupuk "
         "subsidi anggaran proyek jembatan bendungan desa kota provinsi menteri gubernur").split()


def articles(count: int, seed: int = 5) -> list[dict]:
    """Distinct articles, and every tenth one again under another address (a syndicated copy:
    an exact duplicate that lands in another part than its original)."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        body = [" ".join(rng.choices(WORDS, k=50)), " ".join(rng.choices(WORDS, k=50))]
        out.append(item_to_dict(Article(source="contoh.id", url=f"https://contoh.id/b/{i}",
                                        title=f"Berita {i}", body=body,
                                        published="2025-06-18T10:00:00+07:00")))
    copies = [dict(item, url=item["url"].replace("contoh.id/b/", "salinan.id/s/"), source="salinan.id")
              for item in out[::10]]
    return out + copies


def write(path, items) -> str:
    with open(path, "w", encoding="utf-8") as out:
        for item in items:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    return str(path)


def ingest(db: str, *paths: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "saring.cli", "ingest", *paths, "--db", db,
                             "--batch-size", "20", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def groups(db: str) -> tuple[set[str], int, int]:
    """(item URLs, items, items that are the first of their group)."""
    with open_store(db) as store:
        rows = store.db.execute("SELECT url, duplicate_of FROM items").fetchall()
    return {r[0] for r in rows}, len(rows), sum(1 for r in rows if r[1] is None)


def test_three_ingests_on_disjoint_parts_equal_one_ingest_of_the_whole(pg_schemas, tmp_path):
    items = articles(150)
    random.Random(1).shuffle(items)
    whole = write(tmp_path / "whole.jsonl", items)
    parts = [write(tmp_path / f"part{k}.jsonl", items[k::3]) for k in range(3)]
    single, parallel = pg_schemas(), pg_schemas()

    alone = ingest(single, whole)
    assert alone.wait(300) == 0, alone.stderr.read() if alone.stderr else ""
    procs = [ingest(parallel, part) for part in parts]
    outputs = [json.loads(p.communicate(timeout=300)[0]) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0]

    assert groups(parallel) == groups(single) == (
        {i["url"] for i in items}, 165, 150)  # 15 copies grouped under their originals
    assert sum(o["new"] + o["duplicates"] for o in outputs) == 165
    assert sum(o["duplicates"] for o in outputs) == 15

    again = [ingest(parallel, part) for part in parts]  # a backfill re-run changes nothing
    reruns = [json.loads(p.communicate(timeout=300)[0]) for p in again]
    assert sum(o["unchanged"] for o in reruns) == 165 and groups(parallel)[1] == 165
