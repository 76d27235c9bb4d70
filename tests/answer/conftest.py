"""A small archive written for the answer tests: fact-checks, a repeated scam, one news report."""

from __future__ import annotations

import pytest

from saring.answer import Answerer
from saring.archive import open_store
from saring.model import Article, Attribution, FactCheck

BASE = "https://turnbackhoax.example/articles/"


def _fc(slug: str, title: str, claim: str, conclusion: str, verdict: str, label: str, date: str) -> FactCheck:
    return FactCheck(url=BASE + slug, title=title, claim=claim, conclusion=conclusion, verdict=verdict,
                     verdict_label=label, publisher="turnbackhoax.id", published=f"{date}T00:00:00+07:00")


SAMPLES = [
    _fc("1-salah-gunung-lawu-bakal-erupsi-besar", "[SALAH] Gunung Lawu Bakal Erupsi Besar",
        "Gunung no 7 yg akan erupsi besar adalah gn Lawu, ada indikasi lava naik, waspada sekitar gn lawu.",
        "Badan Geologi membantah klaim tersebut. Kondisi Gunung Lawu normal dan tidak ada aktivitas "
        "vulkanik yang signifikan. Jadi, klaim itu merupakan konten yang menyesatkan.",
        "false", "SALAH", "2026-06-24"),
    _fc("2-salah-pemadaman-listrik-total-jawa-bali", "[SALAH] Bakal Ada Pemadaman Listrik Total di Jawa dan Bali",
        "Rencana pemadaman listrik total sekitar 3 hari dari Senin s/d Rabu di Jawa dan Bali untuk "
        "pemeliharaan jaringan terencana.",
        "PLN menegaskan kabar pemadaman total tiga hari tidak berasal dari pihaknya. Jadi, unggahan itu "
        "adalah konten tiruan.", "false", "SALAH", "2026-06-23"),
    _fc("3-penipuan-lowongan-kerja-pt-sinar-abadi", "[PENIPUAN] Tautan Pendaftaran Lowongan Kerja PT Sinar Abadi",
        "Dibuka lowongan kerja PT Sinar Abadi lulusan SMA, daftar lewat tautan berikut.",
        "PT Sinar Abadi tidak membuka lowongan lewat tautan itu. Tautan mengarah ke laman tak resmi.",
        "scam", "PENIPUAN", "2026-05-02"),
    _fc("4-penipuan-lowongan-pt-sinar-abadi-2026", "[PENIPUAN] Tautan Lowongan PT Sinar Abadi 2026",
        "Lowongan kerja terbaru PT Sinar Abadi 2026, klik tautan pendaftaran di bio.",
        "Akun itu bukan akun resmi PT Sinar Abadi. Unggahan merupakan konten tiruan.",
        "scam", "PENIPUAN", "2026-05-20"),
    _fc("5-penipuan-rekrutmen-pt-sinar-abadi", "[PENIPUAN] Tautan Rekrutmen PT Sinar Abadi",
        "Rekrutmen karyawan PT Sinar Abadi, pendaftaran gratis lewat tautan.",
        "PT Sinar Abadi membantah membuka rekrutmen lewat tautan tersebut.",
        "scam", "PENIPUAN", "2026-06-01"),
    _fc("6-salah-korea-utara-kirim-tentara-ke-iran", "[SALAH] Puluhan Ribu Tentara Korea Utara Bergerak ke Iran",
        "Breaking news: puluhan ribu tentara Korut bergerak ke Iran untuk membantu perang.",
        "Tidak ada pemberitaan kredibel tentang pengiriman tentara Korea Utara ke Iran. Klaim itu palsu.",
        "false", "SALAH", "2026-03-10"),
    _fc("7-salah-vaksin-campak-sebabkan-autisme", "[SALAH] Vaksin Campak Sebabkan Autisme",
        "Vaksin campak MR bikin anak autis, jangan mau anaknya divaksin.",
        "Kementerian Kesehatan dan WHO menegaskan tidak ada hubungan vaksin campak dengan autisme.",
        "false", "SALAH", "2026-01-15"),
    _fc("8-parodi-menteri-jual-monas", "[PARODI] Menteri Jual Monas ke Investor",
        "Menteri umumkan Monas dijual ke investor asing demi bayar utang.",
        "Unggahan berasal dari akun parodi. Tidak ada rencana menjual Monas.",
        "satire", "PARODI", "2025-12-01"),
]

NEWS = Article(
    url="https://news.example/2026/06/22/bmkg-gempa",
    source="Kabar Contoh",
    title="BMKG: Tidak Ada Prediksi Gempa Besar di Selat Sunda Pekan Ini",
    lead="BMKG memastikan tidak ada prediksi gempa besar di Selat Sunda pekan ini.",
    body=[
        "BMKG memastikan tidak ada prediksi gempa besar di Selat Sunda pekan ini.",
        "\"Gempa bumi belum bisa diprediksi waktunya, jadi pesan berantai itu tidak benar,\" kata "
        "Kepala BMKG Dwikorita Karnawati di Jakarta, Senin.",
    ],
    published="2026-06-22T10:00:00+07:00",
    attributions=[Attribution(
        speaker="Dwikorita Karnawati", speaker_role="Kepala BMKG", cue="kata",
        content="Gempa bumi belum bisa diprediksi waktunya, jadi pesan berantai itu tidak benar",
        direct=True)],
)


@pytest.fixture
def store(tmp_path):
    with open_store(str(tmp_path / "answer.db")) as opened:
        opened.ingest([*SAMPLES, NEWS])
        yield opened


@pytest.fixture
def answerer(store):
    return Answerer(store)


@pytest.fixture
def sample_base() -> str:
    return BASE
