"""What one report-back scan costs with many open questions, after one fact-check comes in.

Fills the channel state of a small archive with N open question groups (varied claims, each
with an asker), ingests one fact-check that answers one of them, and times:
  * the baseline, measured in the same run: asking every open group again (what a report-back
    without the word filter does), with the same report_threshold;
  * saring's scan (`ReportBack.scan`): only groups sharing a word with the new headline or
    claim are asked again; it must tell the same askers as the baseline would.

    python bench/channels_reportback.py              # 500, 1,000 and 2,000 open groups
    python bench/channels_reportback.py --sizes 200
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from saring.answer import Answerer  # noqa: E402
from saring.archive import open_store  # noqa: E402
from saring.channels.reportback import ReportBack, record_ask  # noqa: E402
from saring.channels.settings import Settings  # noqa: E402
from saring.channels.state import State, state_location  # noqa: E402
from saring.model import item_from_dict  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "tests" / "channels" / "data" / "factchecks.jsonl"
SUBJECTS = ("harga cabai", "tarif listrik", "beras impor", "gaji guru", "pajak motor", "tiket kereta",
            "jalan tol", "bpjs kesehatan", "kuota internet", "harga emas", "ujian sekolah", "bansos",
            "pupuk subsidi", "harga gula", "minyak goreng", "sim online", "paspor baru", "ktp digital")
CHANGES = ("naik dua kali lipat", "dihapus mulai bulan depan", "gratis untuk semua warga",
           "turun drastis pekan ini", "wajib daftar ulang lewat tautan", "ditutup sementara")
WORDS = ("warga pejabat kota desa pasar sekolah rumah sakit banjir hujan petani nelayan sungai kereta "
         "bus terminal bandara gempa angin kebakaran hutan asap sapi ayam telur laut pantai gunung kabut "
         "sawah panen bibit koperasi bank kantor polisi camat bupati gubernur pabrik buruh mahasiswa").split()
NEW = {"kind": "factcheck", "url": "https://cekfakta.example/suramadu-ditutup",
       "title": "[SALAH] Jembatan Suramadu Ditutup Permanen Mulai Juli",
       "claim": "Jembatan Suramadu akan ditutup permanen untuk semua kendaraan mulai Juli.",
       "publisher": "turnbackhoax.id", "published": "2026-06-01T09:00:00+07:00",
       "verdict": "false", "verdict_label": "SALAH",
       "explanation": "Kementerian PUPR menyatakan tidak ada rencana menutup Jembatan Suramadu."}


def run(size: int) -> None:
    rnd = random.Random(size)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "archive.db")
        settings = Settings(db=db)
        state = State(state_location(db))
        now = time.time()
        with open_store(db) as store:
            store.ingest([item_from_dict(json.loads(line)) for line in DATA.read_text().splitlines()])
            time.sleep(1.1)  # the archive's clock has one-second steps: these items predate the tipline
            scanner = ReportBack(state, settings, lambda: store)
            with state.db.transaction():
                record_ask(state, "telegram", "1", "tg:1:1", "jembatan suramadu ditutup permanen juli?",
                           "jembatan suramadu ditutup permanen juli", now)
                for i in range(size - 1):
                    text = f"{rnd.choice(SUBJECTS)} {rnd.choice(CHANGES)} " + " ".join(rnd.sample(WORDS, 5))
                    record_ask(state, "telegram", str(i + 2), f"tg:{i + 2}:1", text, text, now)
            groups = state.open_questions()
            store.ingest([item_from_dict(NEW)])
            new_id = store.get_by_url(NEW["url"]).id
            answerer = Answerer(store, log_queries=False)
            answerer.ask("pemanasan: model dan tabel dimuat sebelum waktu diukur")
            start = time.perf_counter()
            baseline = [qid for qid, question in groups
                        if any(m.id == new_id and m.score >= settings.report_threshold
                               for m in answerer.ask(question, limit=3).matches)]
            base_s = time.perf_counter() - start
            start = time.perf_counter()
            summary = scanner.scan()
            scan_s = time.perf_counter() - start
        answered = [q["id"] for q in state.questions(status="answered")]
        state.close()
    assert sorted(answered) == sorted(baseline), (answered, baseline)
    print(f"{len(groups):5d} open groups: baseline (ask all) {base_s:6.2f} s; saring's scan {scan_s:6.2f} s "
          f"({base_s / max(scan_s, 1e-9):.0f}x); {summary.answered} group answered, {summary.told} asker told "
          f"(same as the baseline)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000])
    for size in parser.parse_args().sizes:
        run(size)


if __name__ == "__main__":
    main()
