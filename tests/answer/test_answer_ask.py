"""`Answerer.ask` end to end on a small archive: matching, grouping, no-match, replies, bad input."""

from __future__ import annotations

import pytest

from saring.answer.compose import MAX_CHARS
from saring.model import Answer


def urls(answer: Answer) -> list[str]:
    return [m.url for m in answer.matches]


def test_question_with_a_synonym_finds_the_fact_check(answerer):
    answer = answerer.ask("gunung lawu mau meletus?")
    assert urls(answer)[0].endswith("1-salah-gunung-lawu-bakal-erupsi-besar")
    assert answer.language == "id" and not answer.no_match
    top = answer.matches[0]
    assert top.verdict == "false" and top.title == "Gunung Lawu Bakal Erupsi Besar"
    assert "Badan Geologi membantah" in top.summary
    assert "*SALAH*" in answer.answer_text and "24 Juni 2026" in answer.answer_text


def test_forwarded_message_finds_the_fact_check(answerer):
    answer = answerer.ask("*Diteruskan berkali-kali* ⚠️ INFO PENTING listrik mati total 3 hari "
                          "se-Jawa Bali mulai senin!! SEBARKAN")
    assert urls(answer)[0].endswith("2-salah-pemadaman-listrik-total-jawa-bali")
    assert answer.normalized_query.startswith("listrik mati total 3 hari")


def test_english_question_finds_the_indonesian_fact_check_and_is_answered_in_english(answerer):
    answer = answerer.ask("is it true that PLN will cut power in Java and Bali for three days?")
    assert answer.language == "en"
    assert urls(answer)[0].endswith("2-salah-pemadaman-listrik-total-jawa-bali")
    assert "*FALSE*" in answer.answer_text and "23 June 2026" in answer.answer_text


def test_aliases_cross_languages(answerer):
    answer = answerer.ask("tens of thousands of North Korean soldiers moving to Iran")
    assert urls(answer)[0].endswith("6-salah-korea-utara-kirim-tentara-ke-iran")


def test_repeated_scam_takes_one_answer_slot(answerer):
    answer = answerer.ask("lowongan kerja PT Sinar Abadi")
    scam_slots = [m for m in answer.matches if "sinar-abadi" in m.url]
    assert len(scam_slots) == 1
    assert len(scam_slots[0].also) == 2
    assert "juga 2 cek fakta serupa" in answer.answer_text


def test_unrelated_claim_is_an_honest_no_match_and_is_logged(answerer, store):
    answer = answerer.ask("air rebusan daun sirsak bisa sembuhkan kanker stadium 4", channel="whatsapp")
    assert answer.no_match and answer.matches == []
    assert "Belum ada cek fakta" in answer.answer_text
    logged = store.query_log(answered=False)
    assert logged[-1]["text"].startswith("air rebusan daun sirsak") and logged[-1]["channel"] == "whatsapp"


def test_answered_queries_are_logged_with_their_top_match(answerer, store):
    answer = answerer.ask("vaksin campak bikin autis?")
    logged = store.query_log(answered=True)
    assert logged[-1]["top_id"] == answer.matches[0].id


def test_link_to_an_archived_fact_check_is_an_exact_match(answerer, sample_base):
    answer = answerer.ask(f"ini beneran? {sample_base}8-parodi-menteri-jual-monas")
    assert urls(answer)[0].endswith("8-parodi-menteri-jual-monas")
    assert answer.matches[0].score == 1.0
    assert "*PARODI*" in answer.answer_text


def test_news_report_answers_with_the_sentence_and_who_said_it(answerer):
    answer = answerer.ask("benarkah BMKG prediksi gempa besar di Selat Sunda pekan ini?")
    news = [m for m in answer.matches if m.kind == "news"]
    assert news, urls(answer)
    assert "Dwikorita Karnawati" in news[0].evidence and "22 Juni 2026" in news[0].evidence
    assert "*BERITA*" in answer.answer_text


def test_at_most_three_results_and_limits_are_respected(answerer):
    assert len(answerer.ask("tautan lowongan rekrutmen PT Sinar Abadi gunung lawu vaksin").matches) <= 3
    assert len(answerer.ask("gunung lawu meletus", limit=1).matches) == 1


def test_whatsapp_and_plain_forms(answerer):
    answer = answerer.ask("Vaksin campak sebabkan autisme")
    assert len(answer.answer_text) <= MAX_CHARS
    assert "*" in answer.answer_text and "*" not in answer.plain_text
    assert answer.matches[0].url in answer.plain_text


@pytest.mark.parametrize("text", [
    "", "   ", "😀😀😀🙏", "\x00\x1b[31m\x07", "x" * 100_000, "Правда ли, что вулкан Лаву извергается?",
    "这是真的吗", None, "SEBARKAN!!!", "javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
])
def test_bad_input_gets_a_polite_short_reply(answerer, text):
    answer = answerer.ask(text)
    assert answer.no_match and answer.matches == []
    assert 20 < len(answer.answer_text) < 400
    assert answer.plain_text == answer.answer_text


def test_malay_message_is_understood(answerer):
    answer = answerer.ask("Betul ke gunung Lawu akan meletus tak lama lagi?")
    assert answer.language == "ms"
    assert urls(answer)[0].endswith("1-salah-gunung-lawu-bakal-erupsi-besar")


def test_any_text_gets_an_answer_never_an_exception(answerer):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.text(max_size=300) | st.sampled_from(["https://", "123", "\u202e\u200f", "a" * 5000, "🙏" * 50,
                                                   "gunung lawu mau meletus?"]))
    def check(text):
        answer = answerer.ask(text)
        assert answer.answer_text and len(answer.answer_text) <= 4096
        shown = answer.matches or answer.related
        # every item offered is linked, and a reply that offers nothing links nothing
        assert all(m.url and m.url in answer.answer_text for m in shown)
        assert ("http" in answer.answer_text) == bool(shown)

    check()
