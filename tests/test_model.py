"""The shared data model serialises the same way everywhere and reads its own JSON back."""

import json

from saring.model import (
    Answer,
    Article,
    Attribution,
    Boilerplate,
    FactCheck,
    Heading,
    Image,
    Match,
    Span,
    item_from_dict,
    item_to_dict,
)


def test_article_round_trips_through_json():
    article = Article(
        source="Liputan6.com",
        title="Judul",
        body=["Satu.", "Dua."],
        headings=[Heading("Sub", 1)],
        images=[Image("t", "c", "AP")],
        boilerplate=[Boilerplate("Baca Juga", "related-links")],
        attributions=[Attribution(speaker="Kim", content_span=Span("x", 1, 2))],
    )
    again = Article.from_json(article.to_json())
    assert again == article
    assert again.headings[0].before_paragraph == 1
    assert again.attributions[0].content_span.end == 2


def test_analysis_keys_only_appear_once_analysed():
    plain = Article(title="t").to_dict()
    assert "attributions" not in plain and "sentences" not in plain
    analysed = Article(title="t", attributions=[], sentences=[]).to_dict()
    assert analysed["attributions"] == [] and analysed["sentences"] == []


def test_items_carry_their_kind_and_rebuild_as_the_right_class():
    fc = FactCheck(url="https://turnbackhoax.id/x", claim="c", verdict="false", references=["u"])
    data = item_to_dict(fc)
    assert data["kind"] == "factcheck"
    assert item_from_dict(json.loads(json.dumps(data))) == fc
    art = Article(title="t", body=["b"])
    assert item_to_dict(art)["kind"] == "news"
    assert item_from_dict(item_to_dict(art)) == art


def test_unknown_keys_are_ignored_for_forward_compatibility():
    assert Article.from_dict({"title": "t", "future_field": 1}).title == "t"


def test_answer_nests_matches():
    ans = Answer(query="q", matches=[Match(id="1", kind="factcheck", score=0.5)], no_match=False)
    assert Answer.from_dict(ans.to_dict()).matches[0].score == 0.5
