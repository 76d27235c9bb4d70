"""A message that is only a link: answer for the page it points to.

An archived link (after canonicalisation: tracking parameters, `m.`, `amp` folded) is an exact
match. Otherwise the link is fetched (shorteners and redirects followed within the fetcher's
limits; a redirect to an archived item stops there), the page is read with saring's own
reader, and its headline and lead are asked as the query.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from saring.answer.normalize import clean
from saring.media.fetch import Fetcher, FetchError, limits
from saring.model import Answer

log = logging.getLogger("saring.media")

HTML_TYPES = ("text/html", "application/xhtml+xml")


def only_link(text: str) -> str:
    """The link when the message is a link and nothing that could be searched ("" otherwise)."""
    message = clean(text if isinstance(text, str) else "")
    if len(message.urls) == 1 and not message.normalized:
        url = message.urls[0]
        return url if "://" in url else "https://" + url
    return ""


def about_item(item: Any, link: str = "") -> str:
    """A query that names an archived item exactly: a link to it (the one the reader sent, or
    its own: an exact match for the answer layer) and its title (words the language check
    can read)."""
    return f"{link or item.url}\n{item.title}"


@dataclass
class PageClaim:
    url: str  # where the link led
    title: str
    lead: str

    @property
    def query(self) -> str:
        return "\n".join(p for p in (self.title, self.lead) if p)


def read_page(url: str, fetcher: Fetcher, store: Any) -> Any:
    """The archived item a link leads to (through redirects), else the page's `PageClaim`.
    Raises FetchError when the page cannot be fetched or read."""
    fetched = fetcher.get(url, int(limits()["page_max_bytes"]), types=HTML_TYPES,
                          stop_at=lambda hop: store.get_by_url(hop) is not None)
    if len(fetched.hops) > 1 and not fetched.body:
        item = store.get_by_url(fetched.url)
        if item is not None:  # a shortener's redirect named an archived item: not fetched
            return item
    from saring.reader import extract_html

    try:
        article = extract_html(fetched.body, fetched.url)
    except Exception as exc:  # the reader refuses pages it cannot read (ExtractionError, ...)
        raise FetchError(f"the page could not be read: {exc}") from None
    lead = article.lead or next((p for p in article.body if len(p) > 40), "")
    lead = lead[: int(limits()["lead_max_chars"])]
    if not (article.title or lead):
        raise FetchError("the page has no headline or text")
    return PageClaim(fetched.url, article.title, lead)


def answer_link(url: str, ask: Callable[[str, str], Answer], store: Any, fetcher: Fetcher,
                channel: str, unreadable: str) -> Answer:
    """The answer for a bare link; `unreadable` is the reply when the page cannot be read
    (the link is still logged, so the newsroom sees what was sent)."""
    item = store.get_by_url(url)
    if item is not None:
        return ask(about_item(item, url), channel)
    try:
        found = read_page(url, fetcher, store)
    except FetchError as exc:
        log.info("link %s not read: %s", url[:200], exc)
        try:
            store.log_query(url, url, False, channel=channel)
        except Exception as log_exc:  # the reply matters more than the log line
            log.warning("could not log query: %s", log_exc)
        return Answer(query=url, language="id", normalized_query=url, answer_text=unreadable,
                      plain_text=unreadable, no_match=True)
    if isinstance(found, PageClaim):
        return ask(found.query, channel)
    return ask(about_item(found), channel)
