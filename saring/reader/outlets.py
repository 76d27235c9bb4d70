"""Indonesian news outlets: their names as readers know them, found from a URL or a byline.

An article's ``source`` should read the same whatever page layout or scrape it came from
("Liputan6.com", not "liputan6.com" from one page and "Liputan6" from another), so the name
is looked up by the registered domain first and the page's own site name is only a fallback.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit, urlunsplit

# Registered domain -> the outlet's name as it writes itself in datelines and bylines.
OUTLETS = {
    "antaranews.com": "ANTARA News",
    "cnbcindonesia.com": "CNBC Indonesia",
    "cnnindonesia.com": "CNN Indonesia",
    "detik.com": "detikcom",
    "ihram.co.id": "Ihram.co.id",
    "jawapos.com": "Jawa Pos",
    "kapanlagi.com": "KapanLagi.com",
    "kompas.com": "Kompas.com",
    "kompas.id": "Kompas.id",
    "kontan.co.id": "Kontan",
    "liputan6.com": "Liputan6.com",
    "merdeka.com": "Merdeka.com",
    "okezone.com": "Okezone",
    "republika.co.id": "Republika.co.id",
    "sindonews.com": "SINDOnews",
    "suara.com": "Suara.com",
    "tempo.co": "Tempo.co",
    "tirto.id": "Tirto.id",
    "tribunnews.com": "Tribunnews.com",
    "turnbackhoax.id": "TurnBackHoax.id",
    "viva.co.id": "VIVA.co.id",
}

# Second-level labels under which Indonesian sites register (example.co.id, example.or.id).
_SECOND_LEVEL = {"co", "or", "go", "ac", "web", "my", "sch", "net", "com"}


def registered_domain(url: str) -> str:
    """'http://tekno.liputan6.com/read/…' -> 'liputan6.com'; '' when the URL has no host."""
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    except ValueError:  # not a URL after all ("]]>", an unclosed "[v6" host)
        return ""
    labels = host.removeprefix("www.").split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:]) if len(labels) >= 2 else host


def outlet_name(url: str) -> str:
    """The outlet's name for a page URL, '' for a site we do not know."""
    return OUTLETS.get(registered_domain(url), "")


def canonical_url(declared: Iterable[str], fetched: str = "") -> str:
    """The page's own address for itself (``declared``: <link rel=canonical>, og:url, JSON-LD
    and microdata URLs, best first), or ``fetched`` (where the page was read from).

    A declared URL must be absolute http(s) (a relative one is resolved against ``fetched``)
    and, when the page was fetched, on the same registered domain: a page cannot move itself
    to another outlet's address (and borrow its name) by declaring one. Fragments go
    ("…#article" in JSON-LD @ids).
    """
    for value in declared:
        value = value.strip() if isinstance(value, str) else ""
        if not value or len(value) > 2048 or any(ch.isspace() for ch in value):
            continue
        try:
            url = urljoin(fetched, value) if fetched else value
            parts = urlsplit(url)
            host = parts.hostname
        except ValueError:  # "http://[::1", a port that is no number: not a URL after all
            continue
        if parts.scheme not in ("http", "https") or not host:
            continue
        if fetched and registered_domain(url) != registered_domain(fetched):
            continue
        return urlunsplit(parts._replace(fragment=""))
    return fetched
