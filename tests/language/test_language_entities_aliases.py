"""Alias groups shared by entity extraction and the answer layer."""

from __future__ import annotations

import pytest

from saring.language import aliases


@pytest.mark.parametrize(
    "alias,name",
    [
        ("Korut", "Korea Utara"),
        ("north korea", "Korea Utara"),
        ("NORTH KOREA", "Korea Utara"),
        ("AS", "Amerika Serikat"),
        ("United States", "Amerika Serikat"),
        ("USA", "Amerika Serikat"),
        ("U.S.", "Amerika Serikat"),
        ("Jokowi", "Joko Widodo"),
        ("jokowi", "Joko Widodo"),
        ("Prabowo", "Prabowo Subianto"),
        ("PLN", "Perusahaan Listrik Negara"),
        ("pln", "Perusahaan Listrik Negara"),
        ("BMKG", "Badan Meteorologi, Klimatologi, dan Geofisika"),
        ("KPK", "Komisi Pemberantasan Korupsi"),
        ("Polri", "Kepolisian Negara Republik Indonesia"),
        ("TNI", "Tentara Nasional Indonesia"),
        ("Kemenkes", "Kementerian Kesehatan"),
        ("Kim Jong-un", "Kim Jong Un"),
        ("Putin", "Vladimir Putin"),
        ("Tiongkok", "China"),
    ],
)
def test_canonical(alias, name):
    assert aliases.canonical(alias) == name


@pytest.mark.parametrize("word", ["as", "us", "who", "pan", "bin", "Nonexistent Person", ""])
def test_words_and_unknown_names_have_no_canonical(word):
    assert aliases.canonical(word) is None


def test_expansions_cover_every_spelling():
    assert {"Korea Utara", "Korut", "North Korea"} <= aliases.expansions("korut")
    assert {"AS", "Amerika Serikat", "United States", "USA"} <= aliases.expansions("AS")
    assert {"Joko Widodo", "Jokowi"} <= aliases.expansions("Jokowi")
    assert aliases.expansions("Kota Antah Berantah") == {"Kota Antah Berantah"}


def test_labelled_files_give_each_name_one_meaning():
    """A name must not stand for two different things across people, places, bodies, events."""
    seen: dict[tuple[str, bool], str] = {}
    for group in aliases.groups():
        if not group.label:
            continue
        for name in group.names:
            key = (name if aliases.case_sensitive(name) else aliases.name_key(name), aliases.case_sensitive(name))
            assert seen.setdefault(key, group.canonical) == group.canonical, (name, seen[key], group.canonical)


def test_every_label_file_is_loaded():
    labels = {g.label for g in aliases.groups()}
    assert {"PERSON", "LOCATION", "ORGANISATION", "EVENT"} <= labels
    assert len(aliases.groups()) > 400
