"""`saring watch` against local HTTP servers only: feeds, pages, ClaimReview, dead sources."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from test_channels_reportback import SURAMADU, ask_three, reports, server, wait_for  # noqa: F401

from saring.archive import open_store
from saring.channels.state import State, state_location
from saring.channels.watch import Watcher, WatchLimits, parse_feed

FAST = WatchLimits(host_interval=0.0, timeout=5.0)


VOCABULARY = ("warga pejabat kota desa jalan pasar sekolah rumah sakit banjir hujan harga beras "
              "cabai listrik air bersih kantor polisi camat bupati gubernur petani nelayan sungai "
              "jembatan kereta bus terminal bandara gempa angin kebakaran hutan asap sapi ayam telur "
              "gula minyak garam laut pantai gunung kabut sawah panen pupuk bibit koperasi bank").split()


def article_page(n: int, topic: str) -> str:
    """A news page whose text is its own (near-duplicate pages would be folded together)."""
    import random

    rnd = random.Random(n)
    body = "".join("<p>" + " ".join(rnd.choice(VOCABULARY) for _ in range(30)).capitalize() + ".</p>"
                   for _ in range(4))
    return (f"<html><head><title>{topic} {n}</title></head><body><article><h1>{topic.title()} "
            f"nomor {n} di kota</h1>{body}</article></body></html>")


def claimreview_page(review: dict) -> str:
    data = {"@context": "https://schema.org", "@type": "ClaimReview", "url": review["url"],
            "claimReviewed": review["claim"], "headline": review["title"],
            "datePublished": "2026-06-01", "author": {"@type": "Organization", "name": review["publisher"]},
            "reviewRating": {"@type": "Rating", "alternateName": review["verdict_label"]}}
    return (f'<html><head><script type="application/ld+json">{json.dumps(data)}</script></head><body>'
            f'<article><h1>{review["title"]}</h1><p>{review["explanation"]}</p></article></body></html>')


def rss(entries: list[tuple[str, str]]) -> str:
    items = "".join(f"<item><title>{title}</title><link>{link}</link>"
                    f"<pubDate>Mon, 01 Jun 2026 09:00:00 +0700</pubDate></item>" for title, link in entries)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'


def atom(entries: list[tuple[str, str]]) -> str:
    items = "".join(f'<entry><title>{title}</title><link rel="alternate" href="{link}"/>'
                    f"<updated>2026-06-01T09:00:00Z</updated></entry>" for title, link in entries)
    return f'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>{items}</feed>'


class Site:
    """A local web server: path -> (content type, body); ETag and Last-Modified honoured."""

    def __init__(self):
        self.pages: dict[str, tuple[str, str]] = {}
        self.hits: Counter = Counter()
        self.versions: Counter = Counter()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                site.hits[self.path] += 1
                if self.path not in site.pages:
                    self.send_error(500 if "dead" in self.path else 404)
                    return
                kind, body = site.pages[self.path]
                etag = f'"{site.versions[self.path]}"'
                if self.headers.get("if-none-match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                data = body.encode()
                self.send_response(200)
                self.send_header("content-type", kind)
                self.send_header("content-length", str(len(data)))
                self.send_header("etag", etag)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def put(self, path: str, body: str, kind: str = "text/html") -> None:
        self.pages[path] = (kind, body)
        self.versions[path] += 1

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    s = Site()
    yield s
    s.close()


@pytest.fixture
def archive(tmp_path):
    db = str(tmp_path / "archive.db")
    state = State(state_location(db))
    with open_store(db) as store:
        yield store, state
    state.close()


def feeds_of(site, count: int, per_feed: int) -> list[str]:
    urls = []
    for f in range(count):
        entries = []
        for e in range(per_feed):
            path = f"/f{f}/a{e}.html"
            site.put(path, article_page(f * 100 + e, ["banjir", "jalan rusak", "harga beras"][e % 3]))
            entries.append((f"Berita {f}-{e}", site.url + path))
        builder = rss if f % 2 else atom
        site.put(f"/f{f}.xml", builder(entries), "application/rss+xml")
        urls.append(f"{site.url}/f{f}.xml")
    return urls


def test_every_new_item_is_archived_once_and_a_second_run_fetches_only_what_changed(site, archive):
    store, state = archive
    urls = feeds_of(site, 20, 5) + [f"{site.url}/dead.xml"]
    watcher = Watcher(store, state, limits=FAST, allow_private=True)
    first = watcher.run(urls)
    assert first.new == 100 and first.requests == 1 + 21 + 100  # robots.txt, feeds, pages
    assert [f.url for f in first.dead] == [f"{site.url}/dead.xml"]
    assert first.dead[0].error == "HTTP 500" and store.stats()["items"] == 100
    second = watcher.run(urls)
    assert second.requests == 21 and second.new == 0  # every live feed answered 304
    assert {f.status for f in second.feeds} == {"unchanged", "failed"}
    # one feed gains an entry: that feed and that one page are fetched, nothing else
    site.put("/f3/new.html", article_page(999, "gempa"))
    site.put("/f3.xml", rss([(f"Berita 3-{e}", f"{site.url}/f3/a{e}.html") for e in range(5)]
                            + [("Gempa", f"{site.url}/f3/new.html")]), "application/rss+xml")
    before = site.hits.copy()
    watcher.close()
    restarted = Watcher(store, state, limits=FAST, allow_private=True)  # state survives a restart
    third = restarted.run(urls)
    fetched = site.hits - before
    assert third.new == 1 and fetched["/f3/new.html"] == 1
    assert sum(n for path, n in fetched.items() if path.endswith(".html")) == 1
    # the dead feed failed three times in a row: now it is skipped, and said so
    fourth = restarted.run(urls)
    (dead,) = fourth.dead
    assert dead.status == "skipped" and dead.failures == 3 and site.hits["/dead.xml"] == 3
    restarted.close()
    from saring.channels import web

    (failing,) = state.failing_feeds()
    assert failing["url"] == f"{site.url}/dead.xml" and failing["failures"] == 3
    assert "HTTP 500" in web.failing_feeds([{**failing, "checked_at": "2026-06-01T10:00:00Z"}])


def test_a_claimreview_feed_and_fact_check_pages_become_fact_checks(site, archive):
    store, state = archive
    review = {**SURAMADU, "url": site.url + "/cek/suramadu"}
    site.put("/cek/suramadu", claimreview_page(review))
    site.put("/cek.xml", rss([("Cek fakta Suramadu", site.url + "/cek/suramadu")]), "application/rss+xml")
    other = {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [
        {"@type": "DataFeedItem", "item": {
            "@type": "ClaimReview", "url": "https://cekfakta.example/listrik-gratis",
            "claimReviewed": "PLN membagikan listrik gratis untuk semua rumah selama setahun.",
            "headline": "[SALAH] Listrik Gratis Setahun dari PLN", "datePublished": "2026-05-02",
            "author": {"@type": "Organization", "name": "cekfakta.example"},
            "reviewRating": {"@type": "Rating", "alternateName": "Salah"}}}]}
    site.put("/claims.json", json.dumps(other), "application/json")
    watcher = Watcher(store, state, limits=FAST, allow_private=True)
    summary = watcher.run([site.url + "/cek.xml", site.url + "/claims.json"])
    assert summary.new == 2 and not summary.dead
    page_fc = store.get_by_url(review["url"])
    feed_fc = store.get_by_url("https://cekfakta.example/listrik-gratis")
    assert page_fc.kind == feed_fc.kind == "factcheck" and page_fc.verdict == feed_fc.verdict == "false"
    assert watcher.run([site.url + "/cek.xml", site.url + "/claims.json"]).requests == 2
    # a fact-checker's page with ClaimReview JSON-LD is a source of its own; a plain page is not
    page_review = {**SURAMADU, "url": "https://cekfakta.example/page-source", "title": "Cek Suramadu 2"}
    site.put("/source.html", claimreview_page(page_review))
    site.put("/plain.html", article_page(7, "banjir"))
    summary = watcher.run([site.url + "/source.html", site.url + "/plain.html"])
    assert summary.new == 1 and store.get_by_url(page_review["url"]).kind == "factcheck"
    assert [f.url for f in summary.dead] == [site.url + "/plain.html"]
    watcher.close()


def test_private_addresses_oversized_and_hostile_feeds_are_refused(site, archive):
    store, state = archive
    site.put("/big.xml", rss([("x" * 1000, f"{site.url}/p{i}") for i in range(200)]), "application/rss+xml")
    bomb = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
            '<rss version="2.0"><channel><item><title>&c;</title><link>http://x.example/1</link>'
            '</item></channel></rss>')
    assert all("aaaa" not in e.title for e in parse_feed(bomb.encode(), "http://x.example/"))
    with pytest.raises(Exception, match="not a feed|not an RSS"):
        parse_feed(b"<html><body>no feed</body></html>", "http://x.example/")
    public_only = Watcher(store, state, limits=FAST)
    (report,) = public_only.run([site.url + "/big.xml"]).feeds
    assert report.status == "failed" and "not a public address" in report.error and not site.hits
    public_only.close()
    small = Watcher(store, state, limits=WatchLimits(host_interval=0.0, feed_bytes=10_000),
                    allow_private=True)
    (report,) = small.run([site.url + "/big.xml"]).feeds
    assert report.status == "failed" and "limit" in report.error
    small.close()


def test_per_host_pause_between_requests(site, archive):
    store, state = archive
    site.put("/one.xml", rss([]), "application/rss+xml")
    site.put("/two.xml", rss([]), "application/rss+xml")
    clock = [0.0]
    waits = []
    watcher = Watcher(store, state, limits=WatchLimits(host_interval=2.0), allow_private=True,
                      clock=lambda: clock[0], sleep=waits.append)
    watcher.run([site.url + "/one.xml", site.url + "/two.xml"])
    assert waits == [2.0, 2.0]  # robots.txt, then each feed after the interval
    watcher.close()


def test_the_cli_refuses_loopback_feeds_and_reports_them(site, tmp_path):
    site.put("/f.xml", rss([]), "application/rss+xml")
    db = tmp_path / "archive.db"
    with open_store(str(db)):
        pass
    sources = tmp_path / "feeds.txt"
    sources.write_text(f"# local\n{site.url}/f.xml\n")
    done = subprocess.run([str(Path(sys.executable).with_name("saring")), "watch", "--sources", str(sources),
                           "--db", str(db), "--json"], capture_output=True, text=True, timeout=120)
    data = json.loads(done.stdout)
    assert done.returncode == 1 and data["dead"] == [f"{site.url}/f.xml"]
    assert "not a public address" in data["feeds"][0]["error"] and not site.hits


def test_askers_hear_when_watch_brings_in_the_answer(server, recorder, site):  # noqa: F811
    """End to end: readers ask, a watched feed brings the fact-check, the worker tells them."""
    ask_three(server, recorder)
    review = {**SURAMADU, "url": site.url + "/cek/suramadu"}
    site.put("/cek/suramadu", claimreview_page(review))
    site.put("/cek.xml", rss([("Cek fakta Suramadu", site.url + "/cek/suramadu")]), "application/rss+xml")
    services = server.services
    watcher = Watcher(services.store, services.state, services.settings, limits=FAST, allow_private=True)
    assert watcher.run([site.url + "/cek.xml"]).new == 1
    watcher.close()
    got = wait_for(lambda: len(reports(recorder)) == 4 and reports(recorder))
    assert sorted(e["body"].get("to") or str(e["body"].get("chat_id")) for e in got) == \
        ["62811", "62812", "62813", "901"]


def test_robots_txt_is_honoured(site, archive):
    store, state = archive
    site.put("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    site.put("/private/a.html", article_page(1, "banjir"))
    site.put("/open/b.html", article_page(2, "gempa"))
    site.put("/news.xml", rss([("Banjir di kota satu", site.url + "/private/a.html"),
                               ("Gempa di kota dua", site.url + "/open/b.html")]), "application/rss+xml")
    site.put("/private/feed.xml", rss([]), "application/rss+xml")
    watcher = Watcher(store, state, limits=FAST, allow_private=True)
    summary = watcher.run([site.url + "/news.xml", site.url + "/private/feed.xml"])
    assert site.hits["/private/a.html"] == 0 and site.hits["/open/b.html"] == 1
    assert site.hits["/private/feed.xml"] == 0 and summary.dead[0].error == "robots.txt disallows it"
    # the disallowed page is known from the feed alone: its title goes in, its text is not read
    kept = store.get_by_url(site.url + "/private/a.html")
    assert kept is not None and kept.title == "Banjir di kota satu" and site.hits["/robots.txt"] == 1
    watcher.close()


def test_the_server_watches_its_configured_feeds_and_tells_the_askers(settings, recorder, site, monkeypatch):
    """`saring serve` with watch_feeds: the worker polls the feed; a new entry's fact-check is
    archived and the readers who asked hear of it."""
    import functools

    from fastapi.testclient import TestClient
    from test_channels_reportback import load_items

    from saring.channels import watch
    from saring.channels.app import create_app

    monkeypatch.setattr(watch, "Watcher", functools.partial(watch.Watcher, limits=FAST, allow_private=True))
    site.put("/cek.xml", rss([]), "application/rss+xml")
    settings.template_name, settings.watch_feeds, settings.watch_every = "t", [site.url + "/cek.xml"], 1.0
    with open_store(settings.db) as store:
        store.ingest(load_items())
    app = create_app(settings, worker="thread")
    with TestClient(app) as client:
        client.services = app.state.services
        ask_three(client, recorder)
        review = {**SURAMADU, "url": site.url + "/cek/suramadu"}
        site.put("/cek/suramadu", claimreview_page(review))
        site.put("/cek.xml", rss([("Cek fakta Suramadu", site.url + "/cek/suramadu")]), "application/rss+xml")
        got = wait_for(lambda: len(reports(recorder)) == 4 and reports(recorder), 30)
        assert sorted(e["body"].get("to") or str(e["body"].get("chat_id")) for e in got) == \
            ["62811", "62812", "62813", "901"]
        assert site.hits["/cek/suramadu"] == 1


def test_an_items_page_carries_its_claimreview_and_the_archive_feed_is_one_watch_can_read(
        server, site, tmp_path):  # noqa: F811
    """/items/{id} embeds the ClaimReview; /feeds/claimreview.json is a DataFeed another saring
    (here: this one's watcher, reading the feed as served) takes in as fact-checks."""
    import re

    hostile = {**SURAMADU, "url": "https://cekfakta.example/x", "claim": "</script><script>alert(1)</script>"}
    r = server.post("/api/ingest", content=json.dumps(hostile), headers={"x-api-key": "test-api-key"})
    assert r.json()["ingest"]["new"] == 1
    fc = server.services.store.get_by_url(hostile["url"])
    page = server.get(f"/items/{fc.id}")
    assert page.status_code == 200 and "HOAKS" in page.text
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page.text, re.S)
    data = json.loads(block)
    assert data["@type"] == "ClaimReview" and data["claimReviewed"] == hostile["claim"]
    assert data["reviewRating"]["alternateName"] == "SALAH" and "<script>alert" not in page.text
    assert server.get("/items/no-such-id").status_code == 404
    feed = server.get("/feeds/claimreview.json")
    assert feed.headers["content-type"].startswith("application/ld+json")
    urls = [e["item"]["url"] for e in feed.json()["dataFeedElement"]]
    assert urls[0] == hostile["url"] and len(urls) == 11  # newest first; the news report is not in it
    site.put("/theirs.json", feed.text, "application/ld+json")
    db = str(tmp_path / "other.db")
    state = State(state_location(db))
    with open_store(db) as other:
        watcher = Watcher(other, state, limits=FAST, allow_private=True)
        assert watcher.run([site.url + "/theirs.json"]).new == len(urls)
        copied = other.get_by_url(hostile["url"])
        assert copied.verdict == "false" and copied.claim == hostile["claim"]
        watcher.close()
    state.close()
