"""Answer trust: what a reader's chat words count for, English beyond the lexicon, word order,
the archive's own vocabulary, and the honest "mungkin terkait" middle ground."""

from __future__ import annotations

from saring.answer import Answerer
from saring.answer.compose import compose
from saring.answer.language import detect
from saring.answer.matcher import UNSEEN_WEIGHT, Matcher, adjacency, stem_pairs
from saring.answer.normalize import clean
from saring.answer.query import build, cognates, english_bases, fillers, initials, spelling_fixes, spells
from saring.archive import open_store
from saring.model import FactCheck, Match


def query_of(text: str):
    message = clean(text)
    return build(message, detect(message.language_text))


def first_words(query) -> set[str]:
    return {c.forms[0][0] for c in query.concepts}


def test_question_fillers_and_chat_particles_are_not_concepts():
    query = query_of("beneran ga sih kalo pas lebaran listrik sama ATM bakal mati seminggu? katanya")
    words = first_words(query)
    assert {"lebaran", "listrik", "atm", "mati", "seminggu"} <= words
    assert not words & {"beneran", "ga", "sih", "kalo", "pas", "sama", "bakal", "katanya"}


def test_filler_list_is_data_with_both_languages():
    assert {"sih", "katanya", "beneran", "really", "heard"} <= fillers()


def test_chat_spellings_weigh_as_their_standard_word_not_as_rare_words():
    concept = next(c for c in query_of("nyimpen duit dr skrg").concepts if c.forms[0] == ("nyimpen",))
    assert any(form[0] in ("simpan", "menyimpan") for form in concept.forms[1:])
    assert concept.weight < 4.0  # "nyimpen" is unknown to wordfreq (rarity 6.0); "simpan" is common


def test_durations_and_numbers_have_their_other_spellings():
    concept = next(c for c in query_of("listrik mati seminggu").concepts if c.forms[0] == ("seminggu",))
    assert ("7", "hari") in concept.forms and ("sepekan",) in concept.forms


def test_english_keeps_every_content_word_with_cognates():
    query = query_of("Does the measles vaccine cause autism?")
    forms = {form for c in query.concepts for form in c.forms}
    assert ("campak",) in forms and ("vaksin",) in forms and ("autisme",) in forms
    assert not first_words(query) & {"does", "the", "cause"}


def test_cognates_are_real_indonesian_words_only():
    assert "vaksinasi" in cognates("vaccination")
    assert "universitas" in cognates("university")
    assert cognates("the") == () and cognates("xylophonez") == ()


def test_unknown_cognates_come_after_the_known_ones_and_only_when_asked():
    assert "vasektomi" not in cognates("vasectomy")
    assert cognates("vasectomy", known_only=False)[-1] == "vasektomi"
    assert cognates("vaccination", known_only=False)[0] == "vaksinasi"


def test_an_english_word_the_lexicon_lacks_is_looked_up_by_its_base_form():
    assert english_bases("visas") == ["visa"]
    assert "hit" in english_bases("hitting") and "land" in english_bases("landed")
    assert english_bases("came") == ["come"] and english_bases("news") == ["new"]
    forms = {form for c in query_of("Malaysians blamed for forest burnings").concepts for form in c.forms}
    assert {("malaysia",), ("terbakar",)} <= forms  # the lexicon lists "malaysian" and "burning" only


def test_concepts_keep_the_readers_word_order():
    query = query_of("perang darat China")
    assert [c.forms[0][0] for c in query.concepts] == ["perang", "darat", "china"]


def test_adjacency_counts_neighbouring_concepts_in_the_headline():
    query = query_of("perang darat china")
    stems = [c.stems for c in query.concepts]
    assert adjacency(stems, stem_pairs("Uji Coba Perang Darat China Kirim Robot")) == 1.0
    assert adjacency(stems, stem_pairs("Tentara Cina Mendarat di Bandara saat Perang")) == 0.0


def test_words_no_archived_item_and_no_dictionary_knows_weigh_little(store):
    matcher = Matcher(store)
    query = query_of("gunung lawu meletus xqzvlorp")
    before = {c.forms[0]: c.weight for c in query.concepts}
    matcher.weigh(query)
    after = {c.forms[0]: c.weight for c in query.concepts}
    assert after[("xqzvlorp",)] == UNSEEN_WEIGHT < before[("xqzvlorp",)]
    lawu = next(form for form in after if "lawu" in form)
    assert after[lawu] == before[lawu]  # a name (and a word the archive holds) keeps its weight


def test_a_typing_slip_takes_the_known_word_one_edit_away():
    assert spelling_fixes("barjir")[0] == "banjir"  # mistyped letter
    assert "vaksin" in spelling_fixes("vaksni")  # swapped letters
    assert "listrik" in spelling_fixes("listrikk")  # doubled letter
    assert spelling_fixes("skrg") == ()  # short chat abbreviations are not typos
    assert spelling_fixes("xqzvlorp") == ()


def test_a_mistyped_word_the_archive_holds_in_its_right_spelling_counts_as_that_word(store):
    matcher = Matcher(store)
    query = query_of("pemadamam listrik jawa bali")
    matcher.weigh(query)
    slip = next(c for c in query.concepts if c.forms[0] == ("pemadamam",))
    assert ("pemadaman",) in slip.forms and slip.weight > UNSEEN_WEIGHT
    unknown = query_of("gunung lawu xqzvlorp")
    matcher.weigh(unknown)  # nothing one slip away: still a word that weighs little
    assert next(c for c in unknown.concepts if c.forms[0] == ("xqzvlorp",)).weight == UNSEEN_WEIGHT


def test_a_typing_slip_costs_an_answer_nothing(answerer):
    typed, meant = answerer.ask("vaksni bikin autis?"), answerer.ask("vaksin bikin autis?")
    assert typed.matches and typed.matches[0].url == meant.matches[0].url
    assert typed.matches[0].score >= meant.matches[0].score - 0.05


def test_a_real_word_the_archive_lacks_still_counts_as_missing(store):
    matcher = Matcher(store)
    query = query_of("bumi datar")
    before = {c.forms[0]: c.weight for c in query.concepts}
    matcher.weigh(query)
    assert {c.forms[0]: c.weight for c in query.concepts} == before


def test_gunung_lawu_chat_question_is_answered(answerer):
    answer = answerer.ask("beneran ga sih gunung lawu mau meletus? nyimpen air dr skrg katanya")
    assert not answer.no_match
    assert answer.matches[0].url.endswith("gunung-lawu-bakal-erupsi-besar")


def test_measles_autism_in_english(answerer):
    answer = answerer.ask("Does the measles vaccine cause autism?")
    assert answer.matches and answer.matches[0].url.endswith("vaksin-campak-sebabkan-autisme")


def test_related_reply_offers_items_without_a_verdict_for_the_question():
    related = [Match(id="x", kind="factcheck", url="https://cek.example/x", title="Vaksin Campak Sebabkan Autisme",
                     verdict="false", verdict_label="SALAH", publisher="cek.example", score=0.3)]
    text = compose([], "id", bold=True, related=related)
    assert "Mungkin terkait" in text and "Vaksin Campak Sebabkan Autisme" in text
    assert "*SALAH*" not in text and "dinilai SALAH untuk klaimnya" in text
    assert "https://cek.example/x" in text
    assert compose([], "id", bold=True, related=[]) == compose([], "id", bold=True)


def test_answer_puts_unsure_candidates_in_related_only_when_nothing_is_sure(store):
    lenient = Answerer(store, {**Matcher(store).model, "related_threshold": 0.0, "threshold": 1.5},
                       log_queries=False)
    answer = lenient.ask("vaksin campak autisme")
    assert answer.no_match and not answer.matches and answer.related
    assert answer.related[0].url.endswith("vaksin-campak-sebabkan-autisme")
    assert "Mungkin terkait" in answer.plain_text
    sure = Answerer(store, log_queries=False).ask("vaksin campak autisme")
    assert sure.matches and not sure.related


def test_web_page_shows_related_items_without_a_badge():
    from saring.channels.web import results
    from saring.model import Answer

    item = Match(id="x", kind="factcheck", url="https://cek.example/x", title="Vaksin Campak Sebabkan Autisme",
                 verdict="false", verdict_label="SALAH", publisher="cek.example", score=0.3)
    page = results(Answer(query="campak autis", related=[item], no_match=True))
    assert "Mungkin terkait" in page and "Vaksin Campak Sebabkan Autisme" in page
    assert 'class="badge' not in page
    sure = results(Answer(query="campak autis", matches=[item], no_match=False))
    assert 'class="badge false"' in sure and "Mungkin terkait" not in sure


def test_zero_width_spaces_and_combining_marks_do_not_break_words():
    assert clean("token\u200blistrik\u200bgratis\u200b3\u200bbulan").normalized == "token listrik gratis 3 bulan"
    assert clean("token lis\u200btrik gratis").normalized == "token listrik gratis"
    assert clean("t\u0336o\u0336k\u0336e\u0336n\u0336 listrik gratis").normalized == "token listrik gratis"


def test_a_bare_link_is_a_question_not_an_unreadable_message(answerer, sample_base):
    archived = answerer.ask(sample_base + "1-salah-gunung-lawu-bakal-erupsi-besar")
    assert archived.matches and archived.matches[0].score == 1.0
    unknown = answerer.ask("https://berita.example/2026/06/gunung-lawu-bakal-erupsi-besar")
    assert "bahasa Indonesia, Inggris" not in unknown.answer_text  # not the "unreadable" reply
    assert unknown.matches and unknown.matches[0].url.endswith("gunung-lawu-bakal-erupsi-besar")


def test_undecodable_bytes_are_answered_and_logged(store):
    answer = Answerer(store).ask("gunung lawu \udce9 meletus?")
    assert answer.matches and "\ufffd" in answer.query
    assert store.query_log()[-1]["text"] == answer.query  # logged, not lost to an encoding error


def test_a_real_word_or_name_no_item_holds_is_absent_and_counts_against_every_candidate(store):
    matcher = Matcher(store)
    query = query_of("harga beras naik di Merauke")
    matcher.weigh(query)
    absent = {c.forms[0][0] for c in query.concepts if c.absent}
    assert {"beras", "merauke"} <= absent
    assert "naik" not in absent  # the sample archive holds it ("lava naik"), though about no price
    candidates = matcher.candidates(query)
    assert candidates and all(c.features["absent"] > 0 for c in candidates)
    lawu = query_of("gunung lawu meletus")
    matcher.weigh(lawu)
    assert not any(c.absent for c in lawu.concepts)


def test_a_question_tag_in_the_lexicon_is_still_no_concept():
    words = first_words(query_of("temen ngasih link loker KFC, hoax bukan sih"))
    assert "kfc" in words and not words & {"hoax", "hoaks", "bukan", "sih"}


def test_small_numbers_weigh_less_than_rare_ones():
    weights = {c.forms[0][0]: c.weight for c in query_of("1 2026 15000").concepts}
    assert weights["1"] < weights["2026"] <= weights["15000"] <= 3.0


def test_boosted_trees_are_evaluated_like_a_walk_down_each_tree():
    import numpy as np

    from saring.answer.matcher import Forest

    # tree 1: x0 <= .5 ? (x1 <= .2 ? 1 : 2) : 3; tree 2: a single leaf of -0.5
    trees = [[[0, 0.5, 1, 4, 0], [1, 0.2, 2, 3, 0], [-1, 0, 0, 0, 1.0], [-1, 0, 0, 0, 2.0], [-1, 0, 0, 0, 3.0]],
             [[-1, 0, 0, 0, -0.5]]]
    forest = Forest(trees, base=0.25)
    x = np.array([[0.1, 0.1], [0.5, 0.9], [0.9, 0.0]])
    assert forest(x).tolist() == [0.75, 1.75, 2.75]


def test_a_tree_model_gives_probabilities_that_rise_with_its_margin(store):
    from saring.answer.matcher import score

    model = {"features": ["title_cov"], "trees": [[[0, 0.5, 1, 2, 0], [-1, 0, 0, 0, -2.0], [-1, 0, 0, 0, 2.0]]],
             "base": 0.0, "scale": 1.0, "bias": 0.0, "threshold": 0.5}
    matcher = Matcher(store, model)
    candidates = matcher.candidates(query_of("gunung lawu meletus"))
    score(candidates, model)
    for cand in candidates:
        assert (cand.probability > 0.5) == (cand.features["title_cov"] > 0.5)


def test_title_case_capitals_are_names_only_where_the_word_is_no_dictionary_word():
    query = query_of("Uang Yang Diterima Mantan Presiden Jokowi Dari Bupati Bekasi Mencapai 87 Miliar")
    names = {c.forms[0][0] for c in query.concepts if c.name}
    assert {"jokowi", "bekasi"} <= names
    assert not names & {"uang", "diterima", "mantan", "presiden", "bupati", "mencapai", "miliar"}


def test_a_name_has_no_near_synonym_in_another_item(tmp_path):
    """BRI and BNI are close in the word vectors, but a BRI scam is not a BNI one."""
    scam = FactCheck(url="https://cek.example/1-penipuan-undian-bni", title="[PENIPUAN] Undian Berhadiah Bank BNI",
                     claim="Undian berhadiah nasabah Bank BNI", verdict="false", verdict_label="PENIPUAN")
    with open_store(str(tmp_path / "names.db")) as store:
        store.ingest([scam])
        query = query_of("undian berhadiah nasabah Bank BRI")
        assert next(c for c in query.concepts if c.forms[0] == ("bri",)).name
        (candidate,) = Matcher(store).candidates(query)
    assert candidate.features["soft_cov"] == candidate.features["concept_cov"] < 1.0
    assert candidate.features["soft_missing"] > 0.0


def test_an_english_word_whose_indonesian_form_no_item_holds_is_absent_evidence(tmp_path):
    """"autism" -> "autisme", a real Indonesian word: an archive without it has no check of the
    autism claim, whatever it holds about measles vaccines."""
    check = FactCheck(url="https://cek.example/2-salah-vaksin-campak", title="[SALAH] Vaksin Campak Memicu Lumpuh",
                      claim="Vaksin campak membuat anak lumpuh", verdict="false", verdict_label="SALAH")
    with open_store(str(tmp_path / "en.db")) as store:
        store.ingest([check])
        query = query_of("Does the measles vaccine cause autism?")
        Matcher(store).weigh(query)
    autism = next(c for c in query.concepts if ("autisme",) in c.forms)
    assert autism.absent and autism.weight > UNSEEN_WEIGHT
    plain = next(c for c in query_of("Does the measles vaccine cause autism?").concepts if ("campak",) in c.forms)
    assert not plain.absent


def test_initials_of_consecutive_content_words_spell_acronyms():
    assert spells(initials("badan pengawas obat dan makanan".split()), "bpom")  # function words skipped
    assert spells(initials("lowongan koperasi desa merah putih".split()), "kdmp")
    assert not spells(initials("koperasi merah".split()), "km")  # two letters are too often chance
    assert not spells(initials("koperasi desa merah putih".split()), "kmp")  # not consecutive


ACRONYM_CHECKS = [
    FactCheck(url="https://cek.example/1-penipuan-lowongan-kdmp", title="[PENIPUAN] Tautan Lowongan Manajer KDMP",
              claim="Dibuka lowongan manajer KDMP, daftar lewat tautan.",
              conclusion="Koperasi Desa Merah Putih (KDMP) tidak membuka lowongan lewat tautan itu.",
              verdict="scam", verdict_label="PENIPUAN"),
    FactCheck(url="https://cek.example/2-salah-bantuan-sembako", title="[SALAH] Pendaftaran Bantuan Sembako Lansia",
              claim="Bantuan sembako untuk lansia, daftar lewat tautan.", verdict="false", verdict_label="SALAH"),
    FactCheck(url="https://cek.example/3-salah-badan-pangan",
              title="[SALAH] Badan Pangan Nasional Bagikan Beras Gratis",
              claim="Badan Pangan Nasional bagikan beras 10 kg gratis.", verdict="false", verdict_label="SALAH"),
]


def test_words_whose_initials_the_archive_holds_become_one_concept_the_acronym_spells(tmp_path):
    with open_store(str(tmp_path / "acronyms.db")) as store:
        store.ingest(ACRONYM_CHECKS)
        query = query_of("lowongan manajer koperasi desa merah putih")
        Matcher(store).weigh(query)
        assert any(("kdmp",) in c.forms for c in query.concepts)
        chance = query_of("lowongan kantor dinas medan pusat")  # "kdmp", but no item writes it for these
        Matcher(store).weigh(chance)
        assert not any(("kdmp",) in c.forms for c in chance.concepts)
        apart = query_of("harga beras merah naik")  # initials the archive lacks: the words stay apart
        Matcher(store).weigh(apart)
        assert [c.forms[0] for c in apart.concepts] == [("harga",), ("beras",), ("merah",), ("naik",)]
        answer = Answerer(store).ask("lowongan manajer koperasi desa merah putih")
        assert answer.matches and answer.matches[0].url.endswith("lowongan-kdmp")


def test_an_acronym_finds_the_item_that_spells_it_out(tmp_path):
    with open_store(str(tmp_path / "acronyms.db")) as store:
        store.ingest(ACRONYM_CHECKS)
        matcher = Matcher(store)
        query = query_of("bpn bagikan beras gratis")
        found = {c.item.url: c.features for c in matcher.candidates(query)}
        spelled = found["https://cek.example/3-salah-badan-pangan"]
        assert spelled["concept_cov"] == 1.0
        answer = Answerer(store).ask("bpn bagikan beras gratis 10 kg?")
        assert answer.matches and answer.matches[0].url.endswith("badan-pangan")
