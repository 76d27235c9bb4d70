"""`saring watch` on many local feeds: every new item archived once, a second run fetching only
what changed, a dead feed reported and skipped (all requests counted by the local server).

Serves FEEDS feeds (RSS and Atom, alternately) of ENTRIES entries each, every entry its own news
page, plus one feed that answers 500, from a local HTTP server, then runs:
  * the cold run: every feed and every page fetched, every item archived;
  * the warm run on the same state: conditional GET (ETag), so every feed answers 304;
  * the warm run after one feed gained one entry: that feed and that page only;
  * the baseline, measured in the same run: the same watch with its state forgotten (what a
    poller without conditional GET or a memory of read entries fetches every time).

    python bench/channels_watch.py                      # 20 feeds x 100 entries = 2,000 items
    python bench/channels_watch.py --feeds 5 --entries 40
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from saring.archive import open_store  # noqa: E402
from saring.channels.state import State, state_location  # noqa: E402
from saring.channels.watch import Watcher, WatchLimits  # noqa: E402

WORDS = ("warga pejabat kota desa jalan pasar sekolah rumah sakit banjir hujan harga beras cabai listrik "
         "air bersih kantor polisi camat bupati gubernur petani nelayan sungai jembatan kereta bus "
         "terminal bandara gempa angin kebakaran hutan asap sapi ayam telur gula minyak garam laut pantai "
         "gunung kabut sawah panen pupuk bibit koperasi bank").split()


class Site:
    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, bytes, int]] = {}
        self.hits: Counter = Counter()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.hits[self.path] += 1
                if self.path not in site.pages:
                    self.send_error(500 if "dead" in self.path else 404)
                    return
                kind, body, version = site.pages[self.path]
                if self.headers.get("if-none-match") == f'"{version}"':
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("content-type", kind)
                self.send_header("content-length", str(len(body)))
                self.send_header("etag", f'"{version}"')
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def put(self, path: str, body: str, kind: str = "text/html") -> None:
        version = self.pages[path][2] + 1 if path in self.pages else 1
        self.pages[path] = (kind, body.encode(), version)


def page(n: int) -> str:
    rnd = random.Random(n)
    paragraphs = "".join("<p>" + " ".join(rnd.choice(WORDS) for _ in range(40)).capitalize() + ".</p>"
                         for _ in range(5))
    return (f"<html><head><title>Berita {n}</title></head><body><article><h1>Kabar nomor {n} dari "
            f"{rnd.choice(WORDS)}</h1>{paragraphs}</article></body></html>")


def feed(site: Site, f: int, entries: list[int]) -> str:
    links = [(f"Kabar {n}", f"{site.url}/p/{n}.html") for n in entries]
    if f % 2:
        items = "".join(f"<item><title>{t}</title><link>{u}</link></item>" for t, u in links)
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>f{f}</title>{items}</channel></rss>'
    items = "".join(f'<entry><title>{t}</title><link href="{u}"/></entry>' for t, u in links)
    return f'<feed xmlns="http://www.w3.org/2005/Atom"><title>f{f}</title>{items}</feed>'


def timed_run(db: str, urls: list[str], site: Site) -> tuple[float, int, object]:
    state = State(state_location(db))
    before = sum(site.hits.values())
    with open_store(db) as store:
        watcher = Watcher(store, state, limits=WatchLimits(host_interval=0.0), allow_private=True)
        start = time.perf_counter()
        summary = watcher.run(urls)
        seconds = time.perf_counter() - start
        watcher.close()
    state.close()
    return seconds, sum(site.hits.values()) - before, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--entries", type=int, default=100)
    args = parser.parse_args()
    site = Site()
    site.put("/robots.txt", "User-agent: *\nAllow: /\n", "text/plain")
    urls = []
    for f in range(args.feeds):
        numbers = list(range(f * args.entries, (f + 1) * args.entries))
        for n in numbers:
            site.put(f"/p/{n}.html", page(n))
        site.put(f"/f{f}.xml", feed(site, f, numbers), "application/rss+xml")
        urls.append(f"{site.url}/f{f}.xml")
    urls.append(f"{site.url}/dead.xml")
    total = args.feeds * args.entries
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "archive.db")
        print(f"{args.feeds} feeds x {args.entries} entries = {total} items, plus one dead feed")
        seconds, requests, cold = timed_run(db, urls, site)
        print(f"cold run:      {seconds:7.2f} s  {requests:5d} requests  {cold.new} new items, "
              f"dead: {[f.url.rsplit('/', 1)[1] for f in cold.dead]}")
        assert cold.new == total, cold
        seconds, requests, warm = timed_run(db, urls, site)
        print(f"warm run:      {seconds:7.2f} s  {requests:5d} requests  {warm.new} new items "
              f"(statuses {dict(Counter(f.status for f in warm.feeds))})")
        site.put(f"/p/{total}.html", page(total))
        site.put("/f0.xml", feed(site, 0, [*range(args.entries), total]), "application/rss+xml")
        seconds, requests, one = timed_run(db, urls, site)
        print(f"one new entry: {seconds:7.2f} s  {requests:5d} requests  {one.new} new item")
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "archive.db")
        timed_run(db, urls, site)
        Path(state_location(db)).unlink()  # the baseline: no memory of validators or entries
        seconds, requests, again = timed_run(db, urls, site)
        print(f"baseline (no state kept), second run: {seconds:7.2f} s  {requests:5d} requests  "
              f"{again.new} new items ({again.updated} updated, the rest unchanged)")


if __name__ == "__main__":
    main()
