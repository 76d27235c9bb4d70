"""The language layer: sentences, who said what, entities, dates and numbers of an article.

``analyze(article)`` fills the Article's optional layers in place (and returns it); every
offset indexes into ``article.text`` ("\\n\\n".join(body)). It never raises on odd text: a
layer that cannot be computed stays an empty list and the reason goes to ``warnings``.
"""

from __future__ import annotations

from saring.language.attribution import extract_attributions
from saring.language.quantities import extract_quantities
from saring.language.sentences import split_sentences
from saring.language.temporal import extract_times, parse_reference
from saring.model import Article, Entity, Item
from saring.text.languages import detect_language

# What this layer reads: Indonesian, and Malay, which shares its words and its grammar.
SUPPORTED = ("id", "ms")

__all__ = ["analyze", "article_text"]


def article_text(article: Article) -> str:
    """The text all offsets index into."""
    return article.text


def analyze(article: Article, *, entities: bool = True) -> Article:
    """Fill sentences, attributions, entities, times and quantities of ``article``.

    ``entities=False`` skips the NER model (the slowest layer) for callers that only need
    who said what, dates and numbers; ``entities`` then stays None (not computed).
    """
    text = article.text
    article.sentences = split_sentences(text)
    language = detect_language(text, article.language)
    if language and language not in SUPPORTED:  # rules and models for Indonesian would
        article.entities = [] if entities else None  # invent entities ("About" a PERSON)
        article.attributions, article.times, article.quantities = [], [], []
        article.warnings.append(f"language {language!r} not supported: no entities, "
                                "attributions, dates or numbers")
        return article
    article.entities = _entities(article, text) if entities else None  # None: not computed
    article.attributions = extract_attributions(text, article.sentences, article.entities)
    article.times = extract_times(text, parse_reference(article.published))
    article.quantities = extract_quantities(text, [(t.start, t.end) for t in article.times])
    return article


def _entities(article: Article, text: str) -> list[Entity]:
    try:
        from saring.language.entities import extract_entities
    except ImportError:  # the NER part is not installed in this build
        return []
    try:
        return extract_entities(text)
    except Exception as exc:  # a broken or missing model must not lose the other layers
        article.warnings.append(f"entities skipped: {type(exc).__name__}: {exc}")
        return []


def enrich(item: Item) -> Item:
    """What the archive stores: news articles analysed, fact-checks as they are."""
    return analyze(item) if isinstance(item, Article) else item
