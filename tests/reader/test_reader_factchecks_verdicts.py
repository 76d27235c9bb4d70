"""The verdict table: every publisher label the archive meets lands on the right one of six."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from saring.model import VERDICTS
from saring.reader.factchecks import normalize_verdict as reexported
from saring.reader.verdicts import (
    clarified_rumour,
    denial_cue,
    headline_claim,
    is_factcheck_headline,
    is_verdict_label,
    normalize_verdict,
    verdict_from_rating,
)

TABLE = [
    # turnbackhoax classifications and hasil_periksa, as written
    ("SALAH", "false"), ("Salah", "false"), ("salah", "false"), ("HOAKS", "false"),
    ("HOAX", "false"), ("Hoaks!!", "false"), ("KELIRU", "false"), ("DISINFORMASI", "false"),
    ("MISINFORMASI", "false"), ("FITNAH", "false"), ("Salah Sumber: Instagram.com", "false"),
    ("False", "false"), ("Tidak Benar", "false"), ("Konten Palsu", "false"),
    ("Fabricated Content", "false"), ("Imposter Content", "false"), ("Pants on Fire", "false"),
    ("MENYESATKAN", "misleading"), ("SEBAGIAN BENAR", "misleading"),
    ("KONTEN YANG MENYESATKAN", "misleading"), ("MISLEADING", "misleading"),
    ("Konteks keliru", "misleading"), ("KONTEKS KELIRU", "misleading"),
    ("MANIPULATED", "misleading"), ("Manipulated Content", "misleading"),
    ("Konten yang Dimanipulasi", "misleading"), ("MANIPULASI", "misleading"),
    ("False Context", "misleading"), ("False Connection", "misleading"),
    ("Missing context", "misleading"), ("Partly false", "misleading"), ("Mixture", "misleading"),
    ("Konten yang menyesatkan (misleading content)", "misleading"),
    ("PENIPUAN", "scam"), ("Penipuan", "scam"), ("SCAM", "scam"), ("PHISHING", "scam"),
    ("Waspada Penipuan", "scam"),
    ("PARODI", "satire"), ("SATIRE", "satire"), ("SATIR", "satire"), ("KOMEDI", "satire"),
    ("Parody", "satire"),
    ("BENAR", "true"), ("Benar", "true"), ("TRUE", "true"), ("Correct", "true"),
    ("Mostly True", "true"), ("Bukan Hoaks", "true"),
    ("", "unproven"), ("   ", "unproven"), ("BELUM TERBUKTI", "unproven"),
    ("Belum Terbukti", "unproven"), ("Dalam Proses", "unproven"), ("Unverified", "unproven"),
    ("Four Pinocchios", "unproven"), ("Benarkah", "unproven"), ("xyz", "unproven"),
    # the false-news CSV: REAL means "real news", not "the claim is true"
    ("FAKE", "false"), ("fake", "false"), ("REAL", "unproven"), ("real", "unproven"),
    # never true for a debunk: the Fakta section, a clarification, "Benar" that opens a question
    # or sits inside "Tidak Benar", a label that only opens with a true word
    ("FAKTA", "unproven"), ("[FAKTA] Video Banjir Bandang Bukan di Sumatra", "unproven"),
    ("Fakta Sesungguhnya terkait Video Deklarasi", "unproven"), ("KLARIFIKASI", "unproven"),
    ("[KLARIFIKASI] Pesan Berantai Gempa", "unproven"),
    ("Klarifikasi Polri: Kabar Penculikan Tidak Benar", "unproven"),
    ("Benar tidak, vaksin bikin lumpuh?", "unproven"), ("Benar, tapi menyesatkan", "unproven"),
    ("Cek Fakta: Fakta atau Hoaks?", "unproven"), ("Cek Fakta: Benar Tidak Ada Tsunami", "unproven"),
    ("TIDAK BENAR", "false"), ("Tidak Benar!", "false"), ("tak benar", "false"),
    ("[TIDAK BENAR] Benar Ada Tsunami", "false"), ("Correct? No", "unproven"),
    # headlines: Liputan6 "Cek Fakta: …" and bracketed labels
    ("Cek Fakta: Tidak Benar Video Banjir Bandang di Sumatra Terjadi Pekan Ini", "false"),
    ("Cek Fakta: Hoaks Pemadaman Listrik Total 3 Hari se-Jawa Bali", "false"),
    ("Cek Fakta: Hoax Jokowi Miliki Rekening di Luar Negeri", "false"),
    ("Cek Fakta: Keliru, Gunung Lawu Akan Erupsi", "false"),
    ("Cek Fakta: Menyesatkan Klaim Vaksin Mengandung Chip", "misleading"),
    ("Cek Fakta: Waspada Penipuan Lowongan Kerja PT KAI", "scam"),
    ("Cek Fakta: Benarkah Harga BBM Naik Besok?", "unproven"),
    ("Cek Fakta: Benar Ada Peringatan Gelombang Tinggi", "unproven"),
    ("Cek fakta - Tidak benar BPJS dihapus", "false"),
    ("[HOAKS] Foto Ular Raksasa di Kalimantan", "false"),
    ("[SALAH] Gunung Lawu Bakal Erupsi Besar", "false"),
    ("[PENIPUAN] Tautan Rekrutmen PT Timah Tbk", "scam"),
    ("[PARODI] Menteri Umumkan Pajak Bernapas", "satire"),
    ("[BENAR] BMKG Keluarkan Peringatan Dini", "true"),
    ("[KONTEKS KELIRU] Video Banjir Jakarta", "misleading"),
    ("(HOAKS) Pesan berantai gempa", "false"),
    ("[VIDEO] Banjir di Jakarta", "unproven"),
    # decoration and spelling variants
    ("❌ SALAH", "false"), ("Hoaks/Disinformasi", "false"), ("sAlAh", "false"),
    ("CEK FAKTA : Hoaks Video Tsunami", "false"), ("Satire.", "satire"), ("“Penipuan”", "scam"),
]


@pytest.mark.parametrize(("label", "verdict"), TABLE)
def test_label_maps_to_verdict(label: str, verdict: str) -> None:
    assert normalize_verdict(label) == verdict


def test_every_result_is_a_model_verdict() -> None:
    assert {normalize_verdict(label) for label, _ in TABLE} == set(VERDICTS)


def test_factchecks_reexports_the_same_function() -> None:
    assert reexported is normalize_verdict


def test_negation_is_not_read_as_its_positive() -> None:
    # "tidak benar" opens with a word of its own; "benar" alone is true
    assert normalize_verdict("tidak benar") == "false"
    assert normalize_verdict("bukan hoaks") == "true"
    assert normalize_verdict("sebagian benar") == "misleading"


@pytest.mark.parametrize(
    ("value", "worst", "best", "verdict"),
    [
        (1, 1, 5, "false"), (2, 1, 5, "misleading"), (3, 1, 5, "misleading"),
        (4, 1, 5, "true"), (5, 1, 5, "true"), (0, 0, 10, "false"), (10, 0, 10, "true"),
        (6, 0, 10, "misleading"), (3, 3, 3, "unproven"),
    ],
)
def test_numeric_rating_on_its_own_scale(value, worst, best, verdict) -> None:
    assert verdict_from_rating(value, worst, best) == verdict


def test_is_verdict_label_tells_labels_from_headline_words() -> None:
    assert is_verdict_label("salah") and is_verdict_label("konteks keliru")
    assert not is_verdict_label("gunung") and not is_verdict_label("salah gunung")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Cek Fakta: Tidak Benar Foto Helikopter Jatuh di Palu", True),
        ("Cek Fakta: Klarifikasi Polisi soal Tilang ETLE", True),
        ("[HOAKS] Foto Ular Raksasa", True),
        ("[VIDEO] Banjir di Jakarta", False),
        ("Penipuan Cek Bansos Marak Terjadi, Begini Cara Menghindarinya", False),
        ("Berbagai Upaya Memerangi Hoaks di WhatsApp", False),
    ],
)
def test_is_factcheck_headline(title: str, expected: bool) -> None:
    assert is_factcheck_headline(title) is expected


# --------------------------------------------------------------------------- never inverted

TRUE_WORDS = ["benar", "Benar", "BENAR", "fakta", "FAKTA", "real", "true", "correct", "akurat"]


@given(st.sampled_from(TRUE_WORDS), st.text(alphabet=st.characters(categories=("L", "N", "Zs", "P")),
                                            min_size=1, max_size=40))
def test_a_true_word_that_only_opens_a_headline_is_no_true_rating(word: str, rest: str) -> None:
    """'Benar tidak …', 'Fakta Sesungguhnya …': only a whole label (or bracket) rates a claim true."""
    if not re.search(r"[\w-]", rest) or is_verdict_label(f"{word} {rest}"):
        return  # punctuation only: the whole label is the true word
    assert normalize_verdict(f"{word} {rest}") != "true"
    assert normalize_verdict(f"Cek Fakta: {word} {rest}") != "true"


@given(st.text(max_size=60))
def test_tidak_benar_never_reads_as_benar(rest: str) -> None:
    for label in (f"Tidak Benar {rest}", f"Cek Fakta: Tidak Benar {rest}", f"[TIDAK BENAR] {rest}"):
        assert normalize_verdict(label) == "false"


@pytest.mark.parametrize(
    ("title", "claim"),
    [
        ("[HOAKS] Foto Ular Raksasa di Kalimantan", "Foto Ular Raksasa di Kalimantan"),
        ("Hoaks: Vaksin MR Bikin Anak Lumpuh", "Vaksin MR Bikin Anak Lumpuh"),
        ("HOAX! Maradona Meninggal Usai Laga Argentina vs Nigeria",
         "Maradona Meninggal Usai Laga Argentina vs Nigeria"),
        ("Cek Fakta: Tidak Benar, Listrik Padam 3 Hari", "Listrik Padam 3 Hari"),
        ("Cek Fakta: Benarkah Listrik Padam 3 Hari?", "Benarkah Listrik Padam 3 Hari?"),
        ("Hoax Marak Karena Rendahnya Literasi", None),  # news about hoaxes, no label
        ("Maradona Bantah Kabar Dirinya Meninggal", None),
        ("[VIDEO] Banjir di Jakarta", None),
    ],
)
def test_headline_claim(title: str, claim: str | None) -> None:
    assert headline_claim(title) == claim


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Itu tidak benar. Hoaks, sumbernya nggak jelas", "tidak benar"),
        ("Pesan yang beredar sudah dapat dipastikan HOAKS", "hoaks"),
        ("Dinkes Aceh Membantah Atas Isu Pelajar Lumpuh", "membantah"),
        ("Surat keputusan tersebut palsu", "palsu"),
        ("Teori Flat Earth bukanlah hoax, katanya tidak benar", ""),  # both ways: unsure
        ("Polisi tidak membantah kabar penangkapan itu", ""),
        ("Hasil survei sama dengan KPU", ""),
        ("tidak benar-benar sembuh", ""),
    ],
)
def test_denial_cue(text: str, cue: str) -> None:
    assert denial_cue(text) == cue


@pytest.mark.parametrize(
    ("title", "rumour"),
    [
        ("Klarifikasi BMKG Terkait Prediksi Gempa Bermagnitudo 8,2",
         "Prediksi Gempa Bermagnitudo 8,2"),
        ("Klarifikasi Polri tentang Larangan GPS Saat Mengemudi", "Larangan GPS Saat Mengemudi"),
        (": KLARIFIKASI Putra Aji, Anak MTS yang Bobol Situs KPU", "Putra Aji, Anak MTS yang Bobol Situs KPU"),
        ("Klarifikasi Gedung DPR Tidak Terjadi Kebakaran", ""),  # the correction, not the rumour
        ("Kemenhub Mengklarifikasi Kapal Feri Dikandaskan", None),  # a report of a clarification
        ("Maradona Bantah Kabar Dirinya Meninggal", None),
    ],
)
def test_clarified_rumour(title: str, rumour: str | None) -> None:
    assert clarified_rumour(title) == rumour
