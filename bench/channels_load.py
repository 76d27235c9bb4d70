"""Load benchmark of the tipline: signed WhatsApp webhooks at a fixed rate, on loopback.

Starts a recording stand-in for the Graph API (`saring.channels.recorder`) and `saring serve`
as separate processes, posts signed webhooks at --rate messages/s for --seconds, then waits
until every message has been answered. Prints the sustained rate, the acknowledgement latency
(measured from each message's scheduled send time, so a stalled server cannot hide its queue)
and whether every message got exactly one reply. The baseline, measured in the same run at
the same rate by the same client, is an empty ASGI app under the same uvicorn: the floor that
HTTP itself costs on this machine.

Messages are drawn from the archive's own fact-check claims, worded the way readers write
(questions, forwards), with a Zipf-like popularity: a few viral messages arrive many times,
most arrive once or twice, as on a real tipline.

    python bench/channels_load.py                  # 300 msg/s for 60 s
    python bench/channels_load.py --seconds 10     # a quick run
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from saring.config import shared_dir  # noqa: E402

SECRET = "bench-secret"
FRAMES = ["{}", "benarkah {}?", "apa benar {}", "info dari grup sebelah: {} mohon disebarkan",
          "{} hoaks atau fakta?", "min, ini bener ga? {}", "Diteruskan berkali-kali\n{}"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float = 60.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"bench: {url} did not come up within {timeout:.0f} s")


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())


def build_archive(db: str, limit: int) -> list[str]:
    """Ingest the shared fact-check archive; returns the claims the load is made of."""
    from saring.archive import open_store
    from saring.model import FactCheck
    from saring.reader import read_paths

    shared = shared_dir()
    if shared is None:
        raise SystemExit("bench: ../shared is absent; it holds the fact-check archive this bench uses")
    items = [i for i in read_paths([str(shared / "data/factchecks/turnbackhoax_articles.csv")])
             if isinstance(i, FactCheck)][:limit]
    with open_store(db) as store:
        store.ingest(items)
    return [(i.claim or i.title)[:300] for i in items if (i.claim or i.title)]


def messages(claims: list[str], count: int, distinct: int, seed: int = 7) -> list[str]:
    """`count` texts from `distinct` reader-worded claims with Zipf-like popularity."""
    rng = random.Random(seed)
    pool = [rng.choice(FRAMES).format(rng.choice(claims)) for _ in range(distinct)]
    weights = [1.0 / (rank + 1) for rank in range(distinct)]
    return rng.choices(pool, weights=weights, k=count)


def webhook(i: int, user: str, text: str) -> bytes:
    msg = {"from": user, "id": f"wamid.BENCH{i:08d}", "timestamp": str(int(time.time())),
           "type": "text", "text": {"body": text}}
    return json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "WABA", "changes": [
        {"field": "messages", "value": {"messaging_product": "whatsapp",
                                        "contacts": [{"wa_id": user, "profile": {"name": "Pembaca"}}],
                                        "messages": [msg]}}]}]}, ensure_ascii=False).encode()


async def post_all(port: int, bodies: list[bytes], rate: float, connections: int) -> tuple[list[float], int]:
    """Send each body at its scheduled time over keep-alive connections; latencies in ms."""
    queue: asyncio.Queue = asyncio.Queue()
    latencies: list[float] = []
    errors = 0

    async def connection() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while True:
            item = await queue.get()
            if item is None:
                writer.close()
                return
            due, body = item
            sig = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
            writer.write(b"POST /webhooks/whatsapp HTTP/1.1\r\nHost: bench\r\n"
                         b"Content-Type: application/json\r\nX-Hub-Signature-256: "
                         + sig.encode() + b"\r\nContent-Length: " + str(len(body)).encode()
                         + b"\r\n\r\n" + body)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length"))
            await reader.readexactly(length)
            latencies.append((time.perf_counter() - due) * 1000)
            if not head.startswith(b"HTTP/1.1 200"):
                errors += 1

    workers = [asyncio.create_task(connection()) for _ in range(connections)]
    start = time.perf_counter() + 0.2
    for i, body in enumerate(bodies):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait((due, body))
    for _ in workers:
        queue.put_nowait(None)
    await asyncio.gather(*workers)
    return latencies, errors


def run_load(port: int, bodies: list[bytes], rate: float, connections: int) -> dict:
    start = time.perf_counter()
    latencies, errors = asyncio.run(post_all(port, bodies, rate, connections))
    elapsed = time.perf_counter() - start - 0.2
    latencies.sort()
    return {"sent": len(bodies), "errors": errors, "seconds": elapsed,
            "rate": len(latencies) / elapsed,
            "p50": statistics.median(latencies),
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
            "max": latencies[-1]}


async def baseline_app(scope, receive, send):  # noqa: ANN001 - the ASGI signature
    """An ASGI app that reads the body and answers 200: the cost of HTTP alone."""
    if scope["type"] != "http":
        return
    more = True
    while more:
        more = (await receive()).get("more_body", False)
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"11")]})
    await send({"type": "http.response.body", "body": b'{"ok":true}'})


def start(cmd: list[str], log: Path, env: dict | None = None) -> subprocess.Popen:
    """A child process whose messages go to a log file (a pipe nobody reads would block it)."""
    with open(log, "ab") as out:
        return subprocess.Popen(cmd, env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=300.0, help="messages per second (300)")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to send (60)")
    parser.add_argument("--distinct", type=int, default=2000, help="distinct message texts (2000)")
    parser.add_argument("--connections", type=int, default=32, help="client connections (32)")
    parser.add_argument("--factchecks", type=int, default=1000, help="archive size (1000)")
    parser.add_argument("--drain-timeout", type=float, default=300.0)
    args = parser.parse_args()

    count = int(args.rate * args.seconds)
    users = max(1, int(args.rate * 20))  # each user writes every ~20 s: no merging, no limit
    work = Path(tempfile.mkdtemp(prefix="saring-bench-"))
    db = str(work / "archive.db")
    t = time.perf_counter()
    claims = build_archive(db, args.factchecks)
    print(f"archive: {len(claims)} fact-checks in {time.perf_counter() - t:.1f} s")
    texts = messages(claims, count, args.distinct)
    bodies = [webhook(i, f"628{i % users:09d}", text) for i, text in enumerate(texts)]

    procs: list[subprocess.Popen] = []
    try:
        bport = free_port()
        procs.append(start([sys.executable, "-c",
                            "import sys, uvicorn; sys.path.insert(0, 'bench'); "
                            "from channels_load import baseline_app; "
                            f"uvicorn.run(baseline_app, port={bport}, log_level='warning', lifespan='off')"],
                           work / "baseline.log"))
        wait_http(f"http://127.0.0.1:{bport}/")
        base = run_load(bport, bodies, args.rate, args.connections)
        procs.pop().terminate()

        rport, sport = free_port(), free_port()
        procs.append(start([sys.executable, "-m", "saring.channels.recorder", "--port", str(rport)],
                           work / "recorder.log"))
        wait_http(f"http://127.0.0.1:{rport}/_recorded")
        env = {**os.environ, "SARING_APP_SECRET": SECRET, "SARING_ACCESS_TOKEN": "bench",
               "SARING_PHONE_NUMBER_ID": "1055", "SARING_GRAPH_BASE": f"http://127.0.0.1:{rport}",
               "SARING_CONFIG": ""}
        procs.append(start([sys.executable, "-m", "saring.cli", "serve", "--db", db,
                            "--port", str(sport)], work / "server.log", env))
        wait_http(f"http://127.0.0.1:{sport}/healthz")
        load = run_load(sport, bodies, args.rate, args.connections)
        drain_start = time.perf_counter()
        last, last_change = -1, time.perf_counter()
        while True:
            got = get_json(f"http://127.0.0.1:{rport}/_recorded")
            if got["quoted"] >= count or time.perf_counter() - last_change > args.drain_timeout:
                break
            if got["quoted"] != last:
                last, last_change = got["quoted"], time.perf_counter()
            time.sleep(0.5)
        drain = time.perf_counter() - drain_start
        time.sleep(1.0)  # anything sent twice would arrive now
        got = get_json(f"http://127.0.0.1:{rport}/_recorded")
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()

    print(f"\nload: {count} signed webhooks at {args.rate:.0f}/s for {args.seconds:.0f} s, "
          f"{args.distinct} distinct texts, {users} users, {args.connections} connections")
    print(f"{'':24}{'rate/s':>9}{'ack p50 ms':>12}{'ack p99 ms':>12}{'max ms':>9}{'non-200':>9}")
    for name, r in (("baseline (empty ASGI)", base), ("saring serve", load)):
        print(f"{name:24}{r['rate']:9.1f}{r['p50']:12.2f}{r['p99']:12.2f}{r['max']:9.1f}{r['errors']:9d}")
    answered = got["quoted"]
    print(f"\nreplies delivered: {got['sent']} for {count} messages; messages answered: {answered}; "
          f"answered twice: {got['quoted_twice']}; unanswered: {count - answered}")
    print(f"replies finished {drain:.1f} s after the load ended "
          f"(reply throughput {count / (args.seconds + drain):.0f}/s)")
    ok = load["rate"] >= 0.97 * args.rate and load["p99"] < 200 and answered == count \
        and got["quoted_twice"] == 0 and got["sent"] == count
    print(f"server log: {work / 'server.log'}")
    print(f"goal (>= {args.rate:.0f}/s sustained, p99 ack < 200 ms, each answered exactly once): "
          f"{'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
