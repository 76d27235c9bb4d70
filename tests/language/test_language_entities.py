"""Named entities: the seed article's people, places and bodies, one entity per real-world
thing, with offsets that index the text; short forms join their full names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from saring.language.entities import extract_entities
from saring.model import Entity

REPO = Path(__file__).resolve().parents[2]


def seed_body(path: Path) -> str:
    """The seed's paragraphs from the dateline to the end of the story (before the promos)."""
    paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    first = next(i for i, p in enumerate(paragraphs) if p.startswith("Liputan6.com, Pyongyang"))
    last = next(i for i, p in enumerate(paragraphs) if p.startswith("Lanjutkan Membaca"))
    return "\n\n".join(paragraphs[first:last])


@pytest.fixture(scope="module")
def seed_entities(seed_path: Path) -> tuple[str, dict[str, Entity]]:
    text = seed_body(seed_path)
    entities = extract_entities(text)
    return text, {e.canonical: e for e in entities}


EXPECTED = {
    "Kim Jong Un": "PERSON",
    "Vladimir Putin": "PERSON",
    "Dmitry Peskov": "PERSON",
    "Shin Wonsik": "PERSON",
    "Alexander Matsegora": "PERSON",
    "Korea Utara": "LOCATION",
    "Rusia": "LOCATION",
    "Amerika Serikat": "LOCATION",
    "Korea Selatan": "LOCATION",
    "Vietnam": "LOCATION",
    "NHK": "ORGANISATION",
    "Kantor Berita Pusat Korea Utara": "ORGANISATION",
    "TASS": "ORGANISATION",
    "Vedomosti": "ORGANISATION",
    "Dewan Keamanan PBB": "ORGANISATION",
}


@pytest.mark.parametrize("name,label", sorted(EXPECTED.items()))
def test_seed_entity_found_with_label(seed_entities, name, label):
    _, by_name = seed_entities
    assert name in by_name, sorted(by_name)
    assert by_name[name].label == label


def test_seed_short_forms_join_their_entity(seed_entities):
    _, by_name = seed_entities
    assert "Putin" in by_name["Vladimir Putin"].aliases
    assert "Shin" in by_name["Shin Wonsik"].aliases
    assert {"Amerika Serikat", "AS"} <= set(by_name["Amerika Serikat"].aliases)
    assert "KCNA" in by_name["Kantor Berita Pusat Korea Utara"].aliases
    for short in ("Putin", "Shin", "AS", "KCNA", "Kim"):
        assert short not in by_name


def test_seed_one_entity_per_thing_and_offsets_index_the_text(seed_entities):
    text, by_name = seed_entities
    assert len(by_name) == len(set(by_name))
    all_spans = [(m.start, m.end) for e in by_name.values() for m in e.mentions]
    assert len(all_spans) == len(set(all_spans))
    for entity in by_name.values():
        assert entity.mentions
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text
    assert len(by_name["Vladimir Putin"].mentions) >= 8
    assert len(by_name["Korea Utara"].mentions) >= 15


def test_seed_people_carry_no_titles(seed_entities):
    _, by_name = seed_entities
    for entity in by_name.values():
        if entity.label == "PERSON":
            for alias in entity.aliases:
                assert alias.split()[0] not in {"Presiden", "Juru", "Menteri", "Duta", "Pemimpin"}, alias


def test_surname_and_family_name_join_the_full_name():
    text = (
        "Pemimpin Korea Utara Kim Jong Un menerima tamu di Pyongyang. Kim mengatakan hubungan "
        "kedua negara kuat. Menteri Luar Negeri Rusia Sergei Lavrov hadir; Lavrov memuji tuan rumah."
    )
    by_name = {e.canonical: e for e in extract_entities(text)}
    assert by_name["Kim Jong Un"].label == "PERSON"
    assert [m.text for m in by_name["Kim Jong Un"].mentions] == ["Kim Jong Un", "Kim"]
    assert {"Sergei Lavrov", "Lavrov"} <= set(by_name["Sergei Lavrov"].aliases)
    assert "Kim" not in by_name and "Lavrov" not in by_name


def test_acronym_joins_its_full_name_unknown_to_the_gazetteer():
    text = (
        "Ikatan Ahli Perencanaan Indonesia (IAPI) menggelar kongres di Bandung. Ketua IAPI "
        "mengatakan kota perlu ruang hijau. Serikat Petani Nusantara menolak rencana itu, "
        "dan SPN akan berunjuk rasa."
    )
    entities = extract_entities(text)
    iapi = next(e for e in entities if "IAPI" in e.aliases)
    assert iapi.canonical == "Ikatan Ahli Perencanaan Indonesia"
    assert iapi.label == "ORGANISATION" and len(iapi.mentions) == 3
    spn = next(e for e in entities if "SPN" in e.aliases)
    assert spn.canonical == "Serikat Petani Nusantara"


def test_alias_forms_in_one_text_become_one_entity():
    text = "Korut kembali meluncurkan rudal. Korea Utara menyebut uji coba itu sukses, kata media North Korea."
    korea = [e for e in extract_entities(text) if e.canonical == "Korea Utara"]
    assert len(korea) == 1
    assert set(korea[0].aliases) == {"Korut", "Korea Utara", "North Korea"}


def test_indonesian_institutions_and_people_from_the_gazetteer():
    text = (
        "Presiden Jokowi meminta PLN dan BMKG bersiaga. KPK, Polri dan TNI ikut rapat di Jakarta "
        "bersama Kemenkes. Prabowo Subianto hadir."
    )
    by_name = {e.canonical: e.label for e in extract_entities(text)}
    assert by_name["Joko Widodo"] == "PERSON"
    assert by_name["Prabowo Subianto"] == "PERSON"
    for org in ("Perusahaan Listrik Negara", "Komisi Pemberantasan Korupsi", "Tentara Nasional Indonesia",
                "Kepolisian Negara Republik Indonesia", "Kementerian Kesehatan"):
        assert by_name[org] == "ORGANISATION", org
    assert by_name["Jakarta"] == "LOCATION"
    assert any(name.startswith("Badan Meteorologi") for name in by_name)


def test_lowercase_chat_message_still_finds_known_names():
    by_name = {e.canonical: e.label for e in extract_entities("jokowi dan prabowo bertemu di jakarta soal pln")}
    assert by_name.get("Joko Widodo") == "PERSON"
    assert by_name.get("Prabowo Subianto") == "PERSON"
    assert by_name.get("Jakarta") == "LOCATION"


def test_common_words_are_not_taken_for_acronyms():
    names = {e.canonical for e in extract_entities("Dia datang as usual, who knows. Saat itu detik berjalan.")}
    assert "Amerika Serikat" not in names and "Organisasi Kesehatan Dunia" not in names


def test_events():
    text = "Timnas Indonesia bersiap menghadapi Piala Dunia 2026, sementara KPU menyiapkan Pemilu 2029."
    labels = {e.canonical: e.label for e in extract_entities(text)}
    assert labels.get("Piala Dunia") == "EVENT" or labels.get("Piala Dunia 2026") == "EVENT", labels


def test_entities_serialise_like_every_record():
    entities = extract_entities("Vladimir Putin tiba di Pyongyang, ibu kota Korea Utara.")
    for e in entities:
        assert Entity.from_dict(e.to_dict()) == e


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "....!!!???",
        '"Kutipan yang tidak pernah ditutup, kata Presiden Joko Widodo di Jakarta',
        "مرحبا بالعالم 你好世界 Привет мир 🇮🇩🔥🔥 Jakarta",
        "\x00\x01\x02 Presiden\x0b Jokowi \x1b[31m",
        "(" * 5000 + "Jakarta" + ")" * 5000,
        "A" * 100_000,
        "Kim. " * 20_000,
        "( [ { \" ' " * 20_000,  # no sentence end, no word: once quadratic
        "Kim Jong Un Vladimir Putin " * 8_000,  # one endless run of names
    ],
    ids=["empty", "blank", "punctuation", "unclosed-quote", "mixed-scripts", "control-chars",
         "brackets", "one-long-word", "many-short-sentences", "only-symbols", "endless-names"],
)
def test_bad_input_gives_a_result_not_an_exception(text):
    entities = extract_entities(text)
    assert isinstance(entities, list)
    for e in entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text


def test_one_huge_paragraph_is_handled():
    sentence = "Menteri Keuangan Sri Mulyani bertemu Gubernur Bank Indonesia di Jakarta pada hari Senin "
    text = sentence * (600_000 // len(sentence))  # over half a megabyte without a full stop
    entities = {e.canonical: e for e in extract_entities(text)}
    assert len(entities["Sri Mulyani Indrawati"].mentions) == text.count("Sri Mulyani")


def test_model_loads_lazily_and_once():
    code = (
        "import saring.language.entities as e\n"
        "assert getattr(e._local, 'tagger', None) is None\n"
        "e.extract_entities('Presiden Joko Widodo di Jakarta.')\n"
        "first = e._local.tagger\n"
        "e.extract_entities('Vladimir Putin di Moskow.')\n"
        "assert e._local.tagger is first\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)
