"""`Answerer(store).ask(text)`: one message in, one `Answer` out — never an exception.

Every channel (CLI, WhatsApp, Telegram, the web page) calls this, so the whole path from
received text to reply lives here: clean, identify the language, honour links to archived
items, match, decide whether anything matched, compose, and log what went unanswered.
"""

from __future__ import annotations

import logging
from typing import Any

from saring.answer.compose import compose, help_text, news_evidence, summary_of
from saring.answer.language import detect
from saring.answer.matcher import Matcher, plain_title
from saring.answer.normalize import Message, clean
from saring.answer.query import Query, build
from saring.archive.base import clean_text
from saring.model import Answer, Article, FactCheck, Item, Match

log = logging.getLogger(__name__)

MAX_LIMIT = 3  # a reply carries at most three results


class Answerer:
    """Answers "fakta atau hoaks?" messages from an open archive store."""

    def __init__(self, store: Any, model: dict[str, Any] | None = None, log_queries: bool = True):
        self.store = store
        self.matcher = Matcher(store, model)
        self.log_queries = log_queries  # evaluations switch it off so they leave no trace

    def ask(self, text: str, limit: int = MAX_LIMIT, channel: str = "cli", *, speaker: str = "",
            kind: str | None = None) -> Answer:
        """The answer to one received message; bad input gets the polite how-to reply.

        ``speaker`` keeps only reports quoting that speaker (and asks who said what);
        ``kind`` ("news" or "factcheck") keeps only that kind of item."""
        # lone surrogates (undecodable bytes on stdin) become U+FFFD, so the query log and every
        # encoder downstream take the text
        text = clean_text(text) if isinstance(text, str) else ""
        message = clean(text)
        language = detect(message.language_text) if not message.problem else "id"
        if language == "und" and message.urls and not message.language_text.strip():
            language = "id"  # a bare link: its address is the question (exact match, then its words)
        if language == "und" and not message.problem:
            message.problem = "unreadable"
        if message.problem:
            reply = help_text(message.problem)
            return Answer(query=text, language="id", normalized_query=message.text,
                          answer_text=reply, plain_text=reply, no_match=True)
        query = build(message, language)
        if speaker:
            query.reporting, query.speaker = True, speaker
        matches, related = self.matches(message, query, max(1, min(limit, MAX_LIMIT)), kind, speaker)
        answer = Answer(
            query=text,
            language=language,
            normalized_query=message.normalized if language != "en" else message.text,
            matches=matches,
            related=related,
            answer_text=compose(matches, language, bold=True, related=related),
            plain_text=compose(matches, language, bold=False, related=related),
            no_match=not matches,
        )
        if self.log_queries:
            self._log(answer, channel)
        return answer

    def matches(self, message: Message, query: Query, limit: int, kind: str | None = None,
                speaker: str = "") -> tuple[list[Match], list[Match]]:
        """Exact matches by link first, then the ranked archive matches above the threshold;
        and, when none is sure, the candidates above the "mungkin terkait" threshold."""
        out: list[Match] = []
        related: list[Match] = []
        seen: set[str] = set()
        for url in message.urls:
            item = self.store.get_by_url(url)
            if item is not None and item.id not in seen and (kind is None or item.kind == kind):
                seen.add(item.id)
                out.append(self._match(item, 1.0, query, []))
        for cand in self.matcher.rank(query, kind, speaker):
            if len(out) + len(related) >= limit or cand.probability < self.matcher.related_threshold:
                break
            if cand.item.id in seen:
                continue
            seen.add(cand.item.id)
            sure = cand.probability >= self.matcher.threshold
            (out if sure else related).append(self._match(cand.item, cand.probability, query, cand.also))
        return out[:limit], ([] if out else related)

    def _match(self, item: Item, probability: float, query: Query, also: list[Item]) -> Match:
        return Match(
            id=item.id,
            kind=item.kind,
            url=item.url,
            title=plain_title(item) if isinstance(item, FactCheck) else item.title,
            verdict=item.verdict if isinstance(item, FactCheck) else "",
            verdict_label=item.verdict_label if isinstance(item, FactCheck) else "",
            published=item.published,
            publisher=item.publisher if isinstance(item, FactCheck) else item.source,
            score=round(probability, 4),
            summary=summary_of(item),
            evidence=news_evidence(analysed(item), query.stems, query.language, query.speaker, query.stance)
            if isinstance(item, Article) else "",
            also=[other.url for other in also if other.url],
        )

    def _log(self, answer: Answer, channel: str) -> None:
        """Record the query (answered or not); a failing log must not cost the reader the reply."""
        try:
            self.store.log_query(answer.query, answer.normalized_query, not answer.no_match,
                                 top_id=answer.matches[0].id if answer.matches else "", channel=channel)
        except Exception as exc:  # noqa: BLE001 - the answer matters more than the log line
            log.warning("could not log query: %s", exc)



def analysed(article: Article) -> Article:
    """The article with its attributions; one archived without the language layer is analysed
    now (a copy, a few milliseconds: only the reports shown are)."""
    if article.attributions is not None:
        return article
    from saring.language import analyze

    return analyze(Article.from_dict(article.to_dict()), entities=False)
