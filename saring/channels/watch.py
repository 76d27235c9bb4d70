"""`saring watch`: keep the archive fresh from feeds, without a person running `saring ingest`.

Each source is an RSS or Atom feed (every new entry's page is read: a fact-check page's
ClaimReview becomes a FactCheck, any other page an Article), a ClaimReview feed (schema.org
JSON-LD or `DataFeed`, or the Fact Check Tools JSON layout: read as it is, no pages fetched),
or a page that carries ClaimReview JSON-LD itself.

Polite and defensive, since every byte comes from outside: robots.txt honoured, conditional
GET (ETag and Last-Modified kept per feed), one request at a time per host with a pause between them,
a timeout and a byte cap on every fetch, redirects followed by hand and each hop checked,
private and loopback addresses refused (outside tests), XML read without entities or DTDs.
What was fetched is remembered in the channel state, so a restart fetches only what
changed; a feed that keeps failing is reported and skipped for a while (longer each time).
New items go into the archive; the running server's worker then tells the askers they answer
(report-back) and this command announces new fact-checks to subscribers.
"""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from saring.channels.settings import Settings
from saring.channels.state import State
from saring.model import Article, FactCheck, Failure, Record

log = logging.getLogger("saring.channels")

_REDIRECTS = {301, 302, 303, 307, 308}
_TAGS = re.compile(r"<[^>]+>")
USER_AGENT = "saring-watch/0.1 (+https://github.com/saring)"
ROBOTS_SECONDS = 86400.0  # how long a site's robots.txt is trusted
ROBOTS_BYTES = 500_000


@dataclass
class WatchLimits:
    timeout: float = 10.0  # seconds for one whole fetch
    feed_bytes: int = 5_000_000
    page_bytes: int = 3_000_000
    redirects: int = 3
    host_interval: float = 1.0  # seconds between two requests to one host
    pages_per_feed: int = 200  # new entries read per feed and run (the rest wait for the next)
    fail_after: int = 3  # consecutive failures after which a feed is skipped for a while
    backoff: float = 3600.0  # ... this long times the failures beyond fail_after


@dataclass
class FeedReport(Record):
    url: str
    status: str = ""  # changed, unchanged (304), failed, skipped (backing off after failures)
    entries: int = 0  # entries (or ClaimReviews) in the feed
    new_entries: int = 0  # entries not read before
    error: str = ""
    failures: int = 0  # consecutive failures so far


@dataclass
class WatchSummary(Record):
    feeds: list[FeedReport] = field(default_factory=list)
    requests: int = 0
    new: int = 0  # items new to the archive
    updated: int = 0
    failed_items: int = 0
    announced: int = 0  # fact-checks announced to subscribers

    @property
    def dead(self) -> list[FeedReport]:
        return [f for f in self.feeds if f.status in ("failed", "skipped")]


class WatchError(Exception):
    """A fetch or a feed that failed; the message goes into the run's report."""


@dataclass
class Entry:
    link: str
    title: str = ""
    published: str = ""
    summary: str = ""


def parse_feed(body: bytes, base_url: str) -> list[Entry]:
    """The entries of an RSS (0.9x/2.0, 1.0/RDF) or Atom document; WatchError if it is none."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise WatchError(f"not a feed: {exc}") from None
    if root is None:
        raise WatchError("not a feed: empty document")
    kind = etree.QName(root).localname.lower()
    if kind not in ("rss", "rdf", "feed"):
        raise WatchError(f"not an RSS or Atom feed (<{kind}>)")
    out = []
    for node in root.iter("{*}item", "item", "{*}entry"):
        def text(*names: str, node: Any = node) -> str:
            for name in names:
                for child in node.iterchildren("{*}" + name, name):
                    value = "".join(child.itertext()).strip()
                    if value:
                        return value
            return ""

        link = ""
        for child in node.iterchildren("{*}link", "link"):
            href = child.get("href")
            if href and child.get("rel", "alternate") == "alternate":
                link = href
                break
            if not href and (child.text or "").strip():
                link = child.text.strip()
                break
        link = link or text("guid", "id")
        if not link.startswith(("http://", "https://", "/")):
            continue
        summary = _TAGS.sub(" ", text("description", "summary", "content", "encoded"))
        out.append(Entry(urljoin(base_url, link), " ".join(text("title").split()),
                         text("pubDate", "published", "updated", "date"), " ".join(summary.split())))
    return out


class Watcher:
    """Polls sources into an archive; `allow_private` is for tests against local servers."""

    def __init__(self, store: Any, state: State, settings: Settings | None = None,
                 limits: WatchLimits | None = None, allow_private: bool = False,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        from saring.media.fetch import Fetcher

        self.store = store
        self.state = state
        self.settings = settings
        self.limits = limits or WatchLimits()
        self.clock, self.sleep = clock, sleep
        self._address = Fetcher(timeout=self.limits.timeout, allow_private=allow_private)
        self._client = httpx.Client(follow_redirects=False, trust_env=False,
                                    headers={"User-Agent": USER_AGENT})
        self._last_at: dict[str, float] = {}
        self._robots: dict[str, tuple[float, Any]] = {}  # origin -> (read at, parser or None)
        self.requests = 0

    def close(self) -> None:
        self._client.close()
        self._address.close()

    # ------------------------------------------------------------------ fetching

    def _polite(self, host: str) -> None:
        last = self._last_at.get(host)
        if last is not None:
            wait = last + self.limits.host_interval - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last_at[host] = self.clock()

    def fetch(self, url: str, max_bytes: int,
              conditional: dict[str, str] | None = None) -> tuple[int, httpx.Headers, bytes, str]:
        """(status, headers, body, final URL): 200 with the body, or 304 when unchanged."""
        from saring.media.fetch import FetchError, read_body

        deadline = time.monotonic() + self.limits.timeout
        for _ in range(self.limits.redirects + 1):
            try:
                self._address.check(url)
            except FetchError as exc:
                raise WatchError(str(exc)) from None
            self._polite((urlsplit(url).hostname or "").lower())
            self.requests += 1
            try:
                with self._client.stream("GET", url, headers=conditional or {},
                                         timeout=max(0.1, deadline - time.monotonic())) as response:
                    if response.status_code in _REDIRECTS and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code == 304:
                        return 304, response.headers, b"", url
                    if not response.is_success:
                        raise WatchError(f"HTTP {response.status_code}")
                    body = read_body(response, max_bytes, deadline)
                    return response.status_code, response.headers, body, url
            except FetchError as exc:
                raise WatchError(str(exc)) from None
            except httpx.HTTPError as exc:
                raise WatchError(f"{type(exc).__name__}: {exc}") from None
            except httpx.InvalidURL as exc:
                raise WatchError(f"invalid URL: {exc}") from None
        raise WatchError(f"more than {self.limits.redirects} redirects")

    def allowed(self, url: str) -> bool:
        """Whether the site's robots.txt lets saring fetch `url` (read once a day per site;
        a site without one, or whose robots.txt cannot be read, allows everything)."""
        from urllib.robotparser import RobotFileParser

        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        read_at, parser = self._robots.get(origin, (None, None))
        if read_at is None or self.clock() - read_at > ROBOTS_SECONDS:
            parser = None
            try:
                status, _, body, _ = self.fetch(origin + "/robots.txt", ROBOTS_BYTES)
                if status == 200:
                    parser = RobotFileParser()
                    parser.parse(body.decode("utf-8", "replace").splitlines())
            except WatchError:
                pass  # no robots.txt (404) or none readable: nothing is disallowed
            self._robots[origin] = (self.clock(), parser)
        return parser is None or parser.can_fetch(USER_AGENT.split("/")[0], url)

    # ------------------------------------------------------------------ one run

    def run(self, urls: Iterable[str], now: float | None = None) -> WatchSummary:
        """Poll every source once; a source that fails is reported and the others go on."""
        now = time.time() if now is None else now
        summary = WatchSummary()
        start = self.requests
        fresh: list[FactCheck] = []
        for url in dict.fromkeys(u.strip() for u in urls if u.strip()):
            report, items = self._poll(url, now)
            summary.feeds.append(report)
            if not items:
                continue
            known = {fc.url for fc in items if isinstance(fc, FactCheck) and fc.url
                     and self.store.get_by_url(fc.url) is not None}
            result = self.store.ingest(items)
            summary.new += result.new
            summary.updated += result.updated
            summary.failed_items += result.failed
            for failure in result.failures[:5]:
                log.info("%s: %s", url, failure)  # counted in the summary
            fresh += [fc for fc in items if isinstance(fc, FactCheck) and fc.url and fc.url not in known]
        summary.requests = self.requests - start
        if fresh and self.settings is not None:
            from saring.channels.broadcast import notify_new_factchecks

            stored = [self.store.get_by_url(fc.url) for fc in fresh]
            summary.announced = notify_new_factchecks(
                self.state, self.settings, [fc for fc in stored if isinstance(fc, FactCheck)], now).queued
        return summary

    def _poll(self, url: str, now: float) -> tuple[FeedReport, list[Any]]:
        feed = self.state.feed(url)
        report = FeedReport(url, failures=feed["failures"])
        if feed["failures"] >= self.limits.fail_after and \
                now < feed["checked_at"] + self.limits.backoff * (feed["failures"] - self.limits.fail_after + 1):
            report.status, report.error = "skipped", feed["error"]
            return report, []
        conditional = {k: v for k, v in (("If-None-Match", feed["etag"]),
                                         ("If-Modified-Since", feed["last_modified"])) if v}
        try:
            if not self.allowed(url):
                raise WatchError("robots.txt disallows it")
            status, headers, body, final = self.fetch(url, self.limits.feed_bytes, conditional)
            if status == 304:
                report.status = "unchanged"
                self.state.save_feed(url, feed["etag"], feed["last_modified"], "", 0, now)
                return report, []
            items, report.entries, report.new_entries = self._read(body, final)
        except WatchError as exc:
            report.status, report.error, report.failures = "failed", str(exc)[:300], feed["failures"] + 1
            self.state.save_feed(url, feed["etag"], feed["last_modified"], report.error,
                                 report.failures, now)
            log.info("feed %s failed: %s", url, report.error)  # reported in the summary
            return report, []
        report.status = "changed"
        self.state.save_feed(url, headers.get("etag", ""), headers.get("last-modified", ""), "", 0, now)
        return report, items

    def _read(self, body: bytes, url: str) -> tuple[list[Any], int, int]:
        """(items, entries in the feed, entries not read before) of a fetched source."""
        head = body.lstrip()[:1]
        if head in (b"{", b"["):  # a ClaimReview feed: the items are in it
            reviews = [i for i in _read_items(body, url) if not isinstance(i, Failure)]
            if not reviews:
                raise WatchError("no ClaimReview in the JSON feed")
            return reviews, len(reviews), len(reviews)
        try:
            entries = parse_feed(body, url)
        except WatchError:  # a page carrying ClaimReview (a fact-checker's list or article)
            reviews = [i for i in _read_items(body, url) if isinstance(i, FactCheck)]
            if not reviews:
                raise
            return reviews, len(reviews), len(reviews)
        seen = self.state.feed_entries_seen([e.link for e in entries])
        new = [e for e in entries if e.link not in seen]
        items: list[Any] = []
        read: list[str] = []
        for entry in new[:self.limits.pages_per_feed]:
            items.extend(self._entry_item(entry))
            read.append(entry.link)
        with self.state.db.transaction():
            self.state.mark_feed_entries(read, url, time.time())
        return items, len(entries), len(new)

    def _entry_item(self, entry: Entry) -> list[Any]:
        """The entry's page read: its ClaimReviews, else the article; the feed's own title and
        summary when the page cannot be fetched or read."""
        try:
            if not self.allowed(entry.link):
                raise WatchError("robots.txt disallows the page")
            _, _, page, final = self.fetch(entry.link, self.limits.page_bytes)
            items = [i for i in _read_items(page, final) if not isinstance(i, Failure)]
        except WatchError as exc:
            log.info("page %s not read: %s", entry.link, exc)
            items = []
        out = []
        for item in items:
            if isinstance(item, Article):
                item.url = item.url or entry.link
                item.title = item.title or entry.title
                item.published = item.published or _iso_date(entry.published)
            out.append(item)
        if not out and (entry.title or entry.summary):
            out.append(Article(url=entry.link, title=entry.title, published=_iso_date(entry.published),
                               body=[entry.summary] if entry.summary else []))
        return out


def _read_items(data: bytes, name: str) -> list[Any]:
    from saring.errors import InputError
    from saring.reader import read_stream

    try:
        return list(read_stream(io.BytesIO(data), name))
    except InputError:
        return []


def _iso_date(value: str) -> str:
    """A feed's date (RFC 822 in RSS, ISO 8601 in Atom) as ISO 8601, "" when unreadable."""
    from datetime import datetime
    from email.utils import parsedate_to_datetime

    if not value:
        return ""
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return ""
