"""Replicas of `saring serve` on one PostgreSQL schema: answering throughput with 1, 2 and 3
replicas, beside the single-process SQLite default measured in the same run, then the kill -9
check (two replicas, double deliveries, one replica killed mid-burst).

Each configuration starts from empty channel tables and query log (the archive stays), starts
its replicas together (a start-up race would show as a crash), warms every replica up, then
posts signed WhatsApp webhooks round-robin over loopback at --rate (a bounded burst: the
backlog is answered as fast as the replicas can) and waits for every reply at a stand-in for
the Graph API. "answered/s" is messages over the time from the first post to the last reply.
A post a replica refuses or cannot take (it was killed) goes to the next one, as a load
balancer or WhatsApp's retry would. Merging is off (merge_seconds 0): a merge window would
only add its wait to every reply.

    python bench/channels_replicas.py                 # 600 messages per configuration
    python bench/channels_replicas.py --messages 300  # quicker
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from channels_load import (  # noqa: E402
    REPO,
    SECRET,
    build_archive,
    free_port,
    messages,
    wait_http,
    webhook,
)

from saring.archive import open_store  # noqa: E402
from saring.channels.recorder import Recorder  # noqa: E402
from saring.channels.whatsapp import sign  # noqa: E402

PG_URL = os.environ.get("SARING_TEST_PG", "postgresql://127.0.0.1/test")


def whatsapp_questions(db: str) -> int:
    with open_store(db) as store:
        return sum(1 for q in store.query_log() if q["channel"] == "whatsapp")


def reset(db: str, work: Path) -> str:
    """Empty channel state and query log over the same archive; returns the archive to use."""
    if not db.startswith("postgresql"):
        fresh = work / f"run{time.monotonic_ns()}" / "archive.db"
        fresh.parent.mkdir()
        shutil.copy(db, fresh)
        return str(fresh)
    url, schema = db.split("?schema=")
    with psycopg.connect(url, autocommit=True) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename LIKE 'ch\\_%%'",
            (schema,))]
        for table in tables:
            conn.execute(f'DROP TABLE "{schema}"."{table}" CASCADE')
    return db


async def post(client: httpx.AsyncClient, ports: list[int], first: int, body: bytes,
               tally: dict) -> int:
    """Deliver one webhook, starting at replica `first`; returns the replica that took it."""
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign(SECRET, body)}
    for attempt in range(40):
        target = (first + attempt) % len(ports)
        try:
            response = await client.post(f"http://127.0.0.1:{ports[target]}/webhooks/whatsapp",
                                         content=body, headers=headers)
        except httpx.TransportError:
            tally["refused"] += 1
        else:
            if response.status_code == 200:
                return target
            tally["5xx" if response.status_code >= 500 else "4xx"] += 1
        await asyncio.sleep(0.05)
    raise SystemExit("bench: a webhook found no replica to take it")


async def burst(ports: list[int], bodies: list[bytes], rate: float, doubles: int,
                kill: tuple[int, subprocess.Popen] | None) -> dict:
    """Post every body at `rate` round-robin; the first `doubles` (spread out) are also
    delivered to another replica; `kill`: kill -9 that replica's processes at that index."""
    tally = {"refused": 0, "5xx": 0, "4xx": 0}
    every = max(1, len(bodies) // doubles) if doubles else 0
    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(limits=limits, timeout=30.0) as client:
        async def one(i: int, body: bytes) -> None:
            took = await post(client, ports, i % len(ports), body, tally)
            if every and i % every == 0 and i // every < doubles:
                await post(client, ports, took + 1, body, tally)

        tasks, start = [], time.perf_counter()
        for i, body in enumerate(bodies):
            delay = start + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if kill and i == kill[0]:
                os.killpg(kill[1].pid, signal.SIGKILL)
            tasks.append(asyncio.create_task(one(i, body)))
        await asyncio.gather(*tasks)
    return tally


def wait_answers(recorder: Recorder, ids: set[str], timeout: float) -> float:
    """Wait until every id in `ids` was quoted by a reply; returns when the last one came."""
    last, seen, deadline = time.perf_counter(), 0, time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        got = sum(1 for key in recorder.replies_by_context() if key in ids)
        if got != seen:
            seen, last = got, time.perf_counter()
        if got >= len(ids):
            break
        time.sleep(0.05)
    return last


def run(name: str, db: str, replicas: int, texts: list[str], args: argparse.Namespace,
        work: Path, kill: bool = False) -> dict:
    db = reset(db, work)
    procs: list[subprocess.Popen] = []
    logs: list[Path] = []
    with Recorder() as recorder:
        env = {**os.environ, "SARING_APP_SECRET": SECRET, "SARING_ACCESS_TOKEN": "bench",
               "SARING_PHONE_NUMBER_ID": "1055", "SARING_GRAPH_BASE": recorder.url,
               "SARING_CONFIG": "", "SARING_MERGE_SECONDS": "0", "SARING_MERGE_MAX_SECONDS": "0",
               "SARING_RATE_LIMIT": "1000"}
        ports = [free_port() for _ in range(replicas)]
        try:
            for port in ports:  # all at once: the start-up race
                logs.append(work / f"{name.replace(' ', '_')}.{port}.log")
                with open(logs[-1], "ab") as out:
                    procs.append(subprocess.Popen(
                        [sys.executable, "-m", "saring.cli", "serve", "--db", db, "--port", str(port)],
                        env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT,
                        start_new_session=True))
            for port in ports:
                wait_http(f"http://127.0.0.1:{port}/healthz")
            if kill:  # delivery statuses, as the Cloud API sends them, reach the survivor
                recorder.report_to(f"http://127.0.0.1:{ports[0]}/webhooks/whatsapp", SECRET)
            tag = f"{name.replace(' ', '')}{time.monotonic_ns()}"
            warm = [webhook(i, f"629{i:09d}", texts[i % len(texts)]).replace(
                b"wamid.BENCH", f"wamid.WARM{tag}".encode()) for i in range(10 * replicas)]
            asyncio.run(burst(ports, warm, 50.0, 0, None))
            wait_answers(recorder, {f"wamid.WARM{tag}{i:08d}" for i in range(len(warm))}, 120)
            before = len(recorder.snapshot())
            logged_before = whatsapp_questions(db)
            bodies = [webhook(i, f"628{i:09d}", text).replace(b"wamid.BENCH", f"wamid.{tag}".encode())
                      for i, text in enumerate(texts)]
            ids = {f"wamid.{tag}{i:08d}" for i in range(len(bodies))}
            start = time.perf_counter()
            tally = asyncio.run(burst(ports, bodies, args.rate, args.doubles if kill else 0,
                                      (len(bodies) // 2, procs[-1]) if kill else None))
            last = wait_answers(recorder, ids, args.timeout)
            time.sleep(3.0)  # anything sent twice would arrive now
            counts = recorder.replies_by_context()
            sends = len(recorder.snapshot()) - before
        finally:
            for p in procs:
                if p.poll() is None:
                    os.killpg(p.pid, signal.SIGTERM)
            for p in procs:
                try:
                    p.wait(15)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
    logged = whatsapp_questions(db) - logged_before
    crashes = sum(len(re.findall(r"Traceback|UniqueViolation", log.read_text(errors="replace")))
                  for log in logs)
    answered = sum(1 for key in ids if counts.get(key))
    return {"name": name, "replicas": replicas, "messages": len(ids), "answered": answered,
            "twice": sum(1 for key in ids if counts.get(key, 0) > 1), "sends": sends,
            "rate": len(ids) / (last - start), "seconds": last - start,
            "logged": logged, "crashes": crashes,
            **tally}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=600, help="messages per configuration (600)")
    parser.add_argument("--rate", type=float, default=300.0, help="posts per second (300)")
    parser.add_argument("--factchecks", type=int, default=1000, help="archive size (1000)")
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--kill-messages", type=int, default=300, help="messages of the kill run (300)")
    parser.add_argument("--doubles", type=int, default=50, help="double deliveries in the kill run (50)")
    parser.add_argument("--distinct", type=int, default=0,
                        help="distinct texts (default: as many as messages; few: a viral burst,"
                             " answered mostly from each replica's answer cache)")
    parser.add_argument("--timeout", type=float, default=300.0, help="longest wait for the replies")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="saring-replicas-"))
    sqlite_db = str(work / "archive.db")
    schema = f"bench_replicas_{os.getpid()}"
    pg_db = f"{PG_URL}?schema={schema}"
    t = time.perf_counter()
    claims = build_archive(sqlite_db, args.factchecks)
    build_archive(pg_db, args.factchecks)
    print(f"archive: {len(claims)} fact-checks in SQLite and in PostgreSQL schema {schema}"
          f" ({time.perf_counter() - t:.1f} s); {os.cpu_count()} CPUs", flush=True)
    texts = messages(claims, args.messages, args.distinct or args.messages)
    results = []
    try:
        results.append(run("SQLite, 1 process", sqlite_db, 1, texts, args, work))
        print(results[-1], flush=True)
        for n in args.replicas:
            results.append(run(f"PostgreSQL, {n} replica{'s' * (n > 1)}", pg_db, n, texts, args, work))
            print(results[-1], flush=True)
        kill = run("PostgreSQL, 2 replicas, kill -9", pg_db, 2, texts[:args.kill_messages], args,
                   work, kill=True)
        print(kill, flush=True)
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')

    print(f"\n{args.messages} messages per configuration ({args.distinct or args.messages} distinct"
          f" texts), posted at {args.rate:.0f}/s round-robin; merging off; {os.cpu_count()} CPUs"
          " shared by everything (PostgreSQL too)")
    print(f"{'':34}{'answered/s':>11}{'seconds':>9}{'answered':>10}{'twice':>7}{'sends':>7}"
          f"{'logged':>8}{'5xx':>5}{'crashes':>9}")
    for r in results + [kill]:
        print(f"{r['name']:34}{r['rate']:11.1f}{r['seconds']:9.1f}{r['answered']:10d}{r['twice']:7d}"
              f"{r['sends']:7d}{r['logged']:8d}{r['5xx']:5d}{r['crashes']:9d}")
    ok = kill["answered"] == kill["messages"] and kill["twice"] == 0 and kill["5xx"] == 0 \
        and kill["logged"] == kill["messages"] and kill["sends"] == kill["messages"] \
        and all(r["answered"] == r["messages"] and r["twice"] == 0 and r["crashes"] == 0
                for r in results)
    print(f"kill run: {args.doubles} double deliveries, replica 2 killed (-9) at message "
          f"{kill['messages'] // 2}; posts refused by the dead replica and re-sent: {kill['refused']}")
    print(f"work dir (server logs): {work}")
    print(f"every message answered exactly once, each question logged once, no 5xx, no crash: "
          f"{'yes' if ok else 'NO'}")


if __name__ == "__main__":
    main()
