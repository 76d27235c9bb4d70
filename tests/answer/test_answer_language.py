"""Language of a message: the reply's language and whether to translate before searching."""

from __future__ import annotations

import pytest

from saring.answer.language import detect


@pytest.mark.parametrize("text,language", [
    ("gunung lawu mau meletus?", "id"),
    ("listrik mati total 3 hari se-Jawa Bali", "id"),
    ("Jokowi meninggal dunia", "id"),
    ("penipuan lowongan kerja PT Timah", "id"),
    ("is it true that PLN will cut power in Java and Bali for three days?", "en"),
    ("vaccine contains chip", "en"),
    ("hector souto saudi arabia coach", "en"),
    ("Betul ke kerajaan bagi wang percuma RM500 kepada semua rakyat?", "ms"),
    ("Правда ли это", "und"),
    ("这是真的吗", "und"),
    ("كهرباء", "und"),
])
def test_language(text, language):
    assert detect(text) == language
