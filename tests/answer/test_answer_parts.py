"""The pieces of the answer layer: concepts, grouping of repeated scams, the reply's form."""

from __future__ import annotations

from saring.answer.compose import MAX_CHARS, compose, human_date, summary_of, verdict_word
from saring.answer.matcher import Candidate, group_repeats
from saring.answer.normalize import clean
from saring.answer.query import build
from saring.model import FactCheck, Match


def concepts(text: str, language: str = "id") -> list[list[tuple[str, ...]]]:
    return [c.forms for c in build(clean(text), language).concepts]


def test_synonyms_join_one_concept():
    forms = concepts("gunung lawu mau meletus")
    eruption = next(f for f in forms if ("meletus",) in f)
    assert ("erupsi",) in eruption
    assert not any(("akan",) in f for f in forms), "function words are no concepts"


def test_english_words_are_translated_and_names_kept():
    forms = concepts("PLN will cut power in Java for three days", "en")
    flat = {w for f in forms for form in f for w in form}
    assert {"pln", "padam", "jawa", "hari", "3"} <= flat
    assert "will" not in flat and "for" not in flat


def test_aliases_expand_names():
    forms = concepts("Korut kirim tentara ke Iran")
    assert any(("korea", "utara") in f for f in forms)
    query = build(clean("Korut kirim tentara ke Iran"), "id")
    assert any(c.name for c in query.concepts if ("korut",) in c.forms)


def test_long_forward_keeps_the_first_stage_query_short():
    query = build(clean(" ".join(f"kata{i}" for i in range(500))), "id")
    assert len(query.search_text.split()) <= 8


def _fc(title: str, verdict: str = "scam") -> Candidate:
    return Candidate(FactCheck(title=title, verdict=verdict, url=f"https://x.example/{title}"), 1.0, 0)


def test_repeated_scams_group_but_different_companies_do_not():
    heads = group_repeats([
        _fc("[PENIPUAN] Tautan Pendaftaran Lowongan GUDANG GARAM"),
        _fc("[PENIPUAN] Tautan Pendaftaran Lowongan Kerja PT Gudang Garam 2026"),
        _fc("[PENIPUAN] Tautan Pendaftaran Lowongan Kerja Alfamart"),
        _fc("[PENIPUAN] Tautan Pendaftaran Lowongan Kerja Mayora"),
        _fc("[SALAH] Tautan Pendaftaran Lowongan Kerja Mayora", verdict="false"),
    ])
    assert [len(h.also) for h in heads] == [1, 0, 0, 0]


def test_one_news_story_under_two_urls_takes_one_slot():
    from saring.model import Article

    heads = group_repeats([
        Candidate(Article(title="BMKG Pastikan Tidak Ada Gempa Besar Pekan Ini", url="https://a.example/1"), 1.0, 0),
        Candidate(Article(title="BMKG Pastikan Tidak Ada Gempa Besar Pekan Ini", url="https://b.example/9"), 1.0, 1),
        _fc("[SALAH] BMKG Pastikan Tidak Ada Gempa Besar Pekan Ini", "false"),
    ])
    assert [len(h.also) for h in heads] == [1, 0]


def test_acronyms_keep_different_claims_apart():
    heads = group_repeats([_fc("[SALAH] AS Bakal Ambil Alih Selat Malaka", "false"),
                           _fc("[SALAH] Indonesia Resmi Ambil Alih Selat Malaka", "false")])
    assert len(heads) == 2


def test_reply_fits_whatsapp_even_with_long_texts():
    long = "Kalimat yang sangat panjang sekali. " * 400
    matches = [Match(id=str(i), kind="factcheck", url=f"https://x.example/{i}", title="Judul " * 30,
                     verdict="false", verdict_label="SALAH", published="2026-06-24", publisher="turnbackhoax.id",
                     summary=long) for i in range(3)]
    for bold in (True, False):
        text = compose(matches, "id", bold=bold)
        assert len(text) <= MAX_CHARS and text.count("https://x.example/") == 3


def test_verdict_words_and_dates_in_both_languages():
    assert verdict_word("scam", "PENIPUAN", "id") == "PENIPUAN"
    assert verdict_word("scam", "PENIPUAN", "en") == "SCAM"
    assert verdict_word("misleading", "", "id") == "MENYESATKAN"
    assert verdict_word("false", "False", "id") == "SALAH", "an English label is not shown to Indonesian readers"
    assert verdict_word("satire", "Parodi", "id") == "PARODI"
    assert human_date("2026-06-24T00:00:00+07:00", "id") == "24 Juni 2026"
    assert human_date("2026-06-24", "en") == "24 June 2026"
    assert human_date("", "en") == ""


def test_summary_is_one_or_two_sentences_of_the_conclusion():
    item = FactCheck(conclusion="Kalimat pertama. Kalimat kedua. Kalimat ketiga.")
    assert summary_of(item) == "Kalimat pertama. Kalimat kedua."
