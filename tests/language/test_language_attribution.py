"""Who said what: the seed's attributions, the constructions Indonesian news uses, bad input."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from language_seed import seed_article

from saring.language import analyze
from saring.language.attribution import extract_attributions, find_quotes
from saring.language.sentences import split_sentences
from saring.model import STANCES, Article


def attributions(*paragraphs: str):
    text = "\n\n".join(paragraphs)
    return extract_attributions(text, split_sentences(text))


@pytest.fixture(scope="module", params=[False, True], ids=["rules", "rules+ner"])
def seed(seed_path, request):
    return analyze(seed_article(seed_path), entities=request.param)


def _find(article, speaker, cue=None, content=None):
    for a in article.attributions:
        if a.speaker_canonical == speaker and (cue is None or a.cue == cue) and (
            content is None or content in a.content
        ):
            return a
    raise AssertionError(f"no attribution of {speaker!r} ({cue}, {content!r}): "
                         f"{[(a.speaker, a.cue, a.content[:40]) for a in article.attributions]}")


def test_seed_kim_direct_via_kcna(seed):
    a = _find(seed, "Kim Jong Un", "kata")
    assert a.direct and a.stance == "asserts" and a.via == "KCNA"
    assert a.content.startswith("Berkat pertemuan penting")
    assert a.content.endswith("tidak dapat dipatahkan")
    assert seed.text[a.content_span.start : a.content_span.end] == a.content


def test_seed_us_and_partners_believe(seed):
    a = _find(seed, "Amerika Serikat (AS), Korea Selatan, dan mitra mereka", "yakin")
    assert a.stance == "asserts" and not a.direct
    assert a.content.startswith("Korea Utara telah memasok artileri")


def test_seed_nhk_reports_citing_unnamed_sources(seed):
    a = _find(seed, "NHK", "melaporkan")
    assert a.stance == "reports"
    assert "tidak disebutkan namanya" in a.unnamed_source
    assert "pejabat tinggi Rusia" in a.unnamed_source
    assert "mengunjungi Korea Utara dan Vietnam minggu depan" in a.content
    assert a.speaker_role == "Lembaga penyiaran publik Jepang"


def test_seed_nhk_hedged(seed):
    a = _find(seed, "NHK", "mengatakan")
    assert a.stance == "reports" and a.hedged
    assert a.content.startswith("Putin diperkirakan akan mengupayakan")


def test_seed_vedomosti_and_matsegora(seed):
    v = _find(seed, "Vedomosti", "mengatakan")
    assert v.stance == "reports" and "sumber diplomatik" in v.unnamed_source
    assert "dalam beberapa minggu mendatang" in v.content
    m = _find(seed, "Alexander Matsegora")
    assert m.stance == "asserts" and m.via == "Vedomosti"
    assert m.speaker_role == "Duta Besar Rusia di Korea Utara"
    assert m.content == "persiapan kunjungan Putin ke Korea Utara sedang dilakukan"


def test_seed_not_confirmed_and_denied(seed):
    a = _find(seed, "Rusia dan Korea Utara")
    assert a.stance == "not-confirmed" and "rencana perjalanan" in a.content
    d = _find(seed, "Korea Utara dan Rusia")
    assert d.stance == "denies" and d.content.startswith("tuduhan melakukan transfer senjata")


def test_seed_peskov_direct_via_tass(seed):
    a = _find(seed, "Dmitry Peskov")
    assert a.direct and a.stance == "asserts" and a.via == "TASS"
    assert a.speaker_role == "Juru Bicara Kremlin" and a.affiliation == "Kremlin"
    assert a.content.startswith("Kunjungan tersebut sedang direncanakan")


def test_seed_shin_wonsik_both_statements(seed):
    first = _find(seed, "Shin Wonsik", content="7.000 kontainer")
    second = _find(seed, "Shin Wonsik", content="9.000 kontainer")
    assert first.speaker_role == "Menteri Pertahanan Korea Selatan"
    assert second.speaker == "Shin" and first.stance == second.stance == "asserts"


def test_seed_hedged_claim_without_source(seed):
    (a,) = [a for a in seed.attributions if a.content.startswith("Kim Jong Un disebut")]
    assert a.hedged and a.speaker == "" and a.unnamed_source


def test_seed_offsets_index_the_text(seed):
    for a in seed.attributions:
        for span in (a.speaker_span, a.cue_span, a.content_span):
            if span is not None:
                assert seed.text[span.start : span.end] == span.text
        assert a.start <= a.end


def test_pronoun_speaker_resolves_to_last_named():
    found = attributions(
        "Kepala Dinas Kesehatan Surabaya Febria Rachmanita mengatakan, kasus naik.",
        "“Kami akan menambah ruang isolasi di rumah sakit,” ujarnya.",
    )
    quote = next(a for a in found if a.direct)
    assert quote.speaker == "Febria Rachmanita" and quote.cue == "ujarnya"
    assert quote.speaker_span is None  # the pronoun names nobody in the text itself


def test_speaker_after_quote_with_role():
    (a,) = attributions(
        "“Kunjungan itu penting bagi kedua negara,” kata Menteri Luar Negeri Retno Marsudi "
        "di Jakarta, Senin (3/6/2024)."
    )
    assert a.direct and a.speaker == "Retno Marsudi" and a.cue == "kata"
    assert a.speaker_role == "Menteri Luar Negeri"
    assert a.content == "Kunjungan itu penting bagi kedua negara"


def test_quote_across_paragraphs():
    found = attributions(
        "“Kami sudah menyiapkan semua dokumen yang dibutuhkan.",
        "“Pemeriksaan akan selesai pekan depan,” kata Budi Santoso.",
    )
    (a,) = found
    assert a.speaker == "Budi Santoso" and a.direct
    assert "dokumen" in a.content and "pekan depan" in a.content


def test_kompas_quotes_and_continuation():
    found = attributions(
        "Ketua RT Ahmad Yani mengatakan warga sudah diperiksa. ”Semua hasilnya negatif. "
        "Kami tetap waspada,” kata Ahmad.",
        "”Warga diminta tetap memakai masker di luar rumah.”",
    )
    direct = [a for a in found if a.direct]
    assert [a.speaker_canonical for a in direct] == ["Ahmad Yani", "Ahmad Yani"]
    assert direct[1].cue == ""


def test_menurut_before_and_after():
    before, after = attributions(
        "Menurut Sri Mulyani, inflasi tetap terkendali tahun ini.",
        "Harga beras akan turun bulan depan, menurut Badan Pangan Nasional.",
    )
    assert before.speaker == "Sri Mulyani"
    assert before.content == "inflasi tetap terkendali tahun ini"
    assert after.content == "Harga beras akan turun bulan depan"
    assert after.speaker_canonical.startswith("Badan Pangan Nasional")


def test_cue_after_a_clause_and_relaying_outlets():
    (analyst,) = attributions("Harga minyak naik 3 persen, kata analis, seperti dilansir Reuters.")
    assert analyst.unnamed_source == "analis" and analyst.via == "Reuters"
    assert analyst.content == "Harga minyak naik 3 persen" and not analyst.direct
    (police,) = attributions("Menurut polisi, pelaku sudah ditangkap, seperti dilaporkan Antara.")
    assert police.content == "pelaku sudah ditangkap" and police.via == "Antara"
    (zaki,) = attributions("“Kami siap membantu warga,” kata Zaki dikutip dari laman resmi "
                           "Pemkab Tangerang.")
    assert zaki.speaker == "Zaki" and zaki.via == "laman resmi Pemkab Tangerang"
    assert attributions("Dengan kata lain, harga naik. Ia memilih kata, kata kunci utama.") == []


def test_scare_quotes_are_not_statements():
    found = attributions("Warga menyebut acara itu sebagai “pesta rakyat” di kampung.")
    assert found and not any(a.direct for a in found)
    assert [q.words for q in find_quotes("Program “Tea Pairing” digelar.")] == [2]


def test_denial_and_confirmation_stances():
    denied, confirmed = attributions(
        "Polisi membantah kabar penangkapan itu.",
        "Juru bicara KPK Ali Fikri membenarkan adanya penggeledahan.",
    )
    assert denied.stance == "denies" and confirmed.stance == "confirms"
    assert confirmed.speaker == "Ali Fikri"


@pytest.mark.parametrize(
    "sentence, speaker, role",
    [
        ("Manajer sang artis, Pinkan, membenarkan kabar tersebut.", "Pinkan", "Manajer sang artis"),
        ("Presiden LaLiga Javier Tebas mengingatkan klub soal batas gaji.", "Javier Tebas",
         "Presiden LaLiga"),
        ("Wali Kota Surabaya Tri Rismaharini di Surabaya, Rabu (16/9/2020), mengatakan tes "
         "usap gratis.", "Tri Rismaharini", "Wali Kota Surabaya"),
        ("Liputan6.com, Jakarta - Menteri Kesehatan Budi Gunadi Sadikin mengatakan vaksin "
         "aman.", "Budi Gunadi Sadikin", "Menteri Kesehatan"),
        ("Selanjutnya Andi Wijaya mengatakan kerja sama itu segera diteken.", "Andi Wijaya", ""),
        ("Kepala Dinas Pariwisata Kota Bekasi Tedi Hafni dihubungi terpisah mengatakan ASN "
         "sudah berkantor.", "Tedi Hafni", "Kepala Dinas Pariwisata Kota Bekasi"),
    ],
)
def test_speaker_boundaries(sentence, speaker, role):
    (a,) = attributions(sentence)
    assert (a.speaker, a.speaker_role) == (speaker, role)


@pytest.mark.parametrize(
    "sentence",
    [
        "Trump tidak menjelaskan lebih lanjut soal rencana itu.",  # nothing was said
        "Dia belum bisa menjelaskan lebih lanjut terkait gugatan tersebut.",
        "Ada rasa khawatir di kalangan jurnalis profesional.",  # nobody speaks
        "Pencegahan fraud mendesak dalam membangun sistem kesehatan.",  # an adjective
    ],
)
def test_not_attributions(sentence):
    assert attributions(sentence) == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "“" * 5000,
        "”Kata " * 20000,
        "kata ujar menurut mengatakan, " * 5000,
        "Он сказал: «Это правда» — 他说这是真的 — قال إنه صحيح, kata dia. " * 200,
        "Presiden Joko Widodo mengatakan " + "A" * 200000,
        "“" + "Ini benar sekali, " * 20000 + "” kata X.",
    ],
    ids=["empty", "blank", "quote-marks", "kompas-quotes", "cue-words", "mixed-scripts",
         "long-word", "long-quote"],
)
def test_bad_input_never_raises(text):
    article = analyze(Article(body=[text], published="2024-06-13T09:04:00+07:00"), entities=False)
    assert isinstance(article.attributions, list) and isinstance(article.sentences, list)


def test_huge_inputs_in_bounded_time():
    """One 10 MB paragraph with unbalanced quotes and no full stops, then 1 MB of short quoted
    sentences in many paragraphs: both finish well within a generous timeout (no
    catastrophic backtracking, nothing quadratic in the number of quotes or sentences)."""
    code = (
        "from saring.language import analyze\n"
        "from saring.model import Article\n"
        "chunk = ('Menteri Budi mengatakan “harga beras di pasar naik sekitar 7.000 rupiah '\n"
        "         'per kilogram sejak Rabu (12/6/2024) karena pasokan dari daerah sentra '\n"
        "         'produksi berkurang akibat cuaca buruk dan distribusi yang terhambat ')\n"
        "text = (chunk * (10_000_000 // len(chunk)))[:10_000_000]\n"
        "a = analyze(Article(body=[text], published='2024-06-13'), entities=False)\n"
        "print(len(a.sentences), len(a.attributions), len(a.times), len(a.quantities))\n"
        "quoted = '“Ya, harga naik 5 persen,” kata Budi Santoso. “Kami siap bekerja keras.” '\n"
        "b = analyze(Article(body=[quoted * 20] * 200, published='2024-06-13'), entities=False)\n"
        "print(len(b.sentences), len(b.attributions))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    sentences, _, times, quantities, quoted_sentences, quoted = map(int, done.stdout.split())
    assert sentences >= 1 and times > 1000 and quantities > 1000  # dates and numbers found
    assert quoted_sentences == 200 * 40 and quoted == 200 * 40


_PIECES = ["“", "”", '"', "«", "»", ",", ".", "?", "\n\n", " ", "kata", "ujarnya", "menurut",
           "Menurut", "mengatakan", "bahwa", "Budi", "Santoso", "Menteri", "Juru Bicara", "NHK",
           "disebut", "telah", "belum", "mengonfirmasi", "yang", "mengutip", "sumber", "dan",
           "Baik", "maupun", "seperti dilaporkan", "TASS", "(", ")", "-", "ia", "itu", "dr.",
           "Rp", "7.000", "Rabu (12/6)", "中文", "ж"]


@given(st.lists(st.sampled_from(_PIECES), max_size=40))
@settings(max_examples=300, deadline=None)
def test_any_mix_of_attribution_words_gives_results_not_exceptions(pieces):
    text = " ".join(pieces)
    article = analyze(Article(body=[text], published="2024-06-13"), entities=False)
    for a in article.attributions:
        for span in (a.speaker_span, a.cue_span, a.content_span):
            if span is not None:
                assert article.text[span.start : span.end] == span.text
        assert a.stance in STANCES


def test_a_broken_ner_model_loses_only_the_entities(monkeypatch):
    import saring.language.entities as entities

    def broken(text):
        raise OSError("model file unreadable")

    monkeypatch.setattr(entities, "extract_entities", broken)
    article = analyze(Article(body=["“Kami siap,” kata Budi Santoso di Jakarta."]))
    assert article.entities == [] and article.attributions[0].speaker == "Budi Santoso"
    assert any("model file unreadable" in w for w in article.warnings)
