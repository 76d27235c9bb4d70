"""Nothing lost, nothing sent twice: kill -9 the server while replies are pending.

The server runs as `saring serve` in its own process group (web process and worker process);
the Graph API is a recording stand-in in this process, down while the server is killed.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from channels_helpers import SECRET, signed, wa_message, wa_webhook

from saring.archive import open_store
from saring.model import item_from_dict

DATA = Path(__file__).parent / "data" / "factchecks.jsonl"
QUESTIONS = ["benarkah vaksin mengandung chip", "gempa besar jakarta besok", "link bansos kemensos",
             "air garam obat kanker", "tilang dikirim lewat whatsapp apk", "cuaca cerah hari ini"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as r:
        return json.loads(r.read())


def post(url: str, payload: dict) -> int:
    body, headers = signed(payload)
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(req, timeout=5) as r:
        return r.status


def wait_until(check, timeout: float, what: str):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            result = check()
        except OSError:
            result = None
        if result:
            return result
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


class Server:
    """`saring serve` on a fresh archive (the test data), in its own process group."""

    def __init__(self, tmp_path: Path, recorder, **env: str):
        self.db = str(tmp_path / "archive.db")
        with open_store(self.db) as store:
            store.ingest([item_from_dict(json.loads(line)) for line in DATA.read_text().splitlines()])
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.env = {**os.environ, "SARING_APP_SECRET": SECRET, "SARING_ACCESS_TOKEN": "t",
                    "SARING_PHONE_NUMBER_ID": "1055", "SARING_GRAPH_BASE": recorder.url,
                    "SARING_MERGE_SECONDS": "0.2", "SARING_MERGE_MAX_SECONDS": "1",
                    "SARING_RETRY_BASE": "0.1", "SARING_RETRY_MAX": "0.3", "SARING_CONFIG": "", **env}
        self.command = [sys.executable, "-m", "saring.cli", "serve", "--db", self.db, "--port", str(port)]
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(self.command, env=self.env, start_new_session=True,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: self.health()["status"] == "ok", 30, "the server to start")

    def kill(self) -> None:
        """kill -9 of the whole server: the web process and its worker process."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def health(self) -> dict:
        return get(f"{self.base}/healthz")

    def ask(self, i: int, text: str = "") -> str:
        msg_id = f"wamid.K{i:03d}"
        msg = wa_message(text or QUESTIONS[i % len(QUESTIONS)], sender=f"62811{i:04d}", msg_id=msg_id)
        assert post(f"{self.base}/webhooks/whatsapp", wa_webhook(msg)) == 200
        return msg_id


def test_kill_9_while_replies_are_pending_loses_nothing_and_sends_nothing_twice(tmp_path, recorder):
    # a send in progress at the kill is in doubt for 2 + 1 + 2 s (no status can settle it)
    server = Server(tmp_path, recorder, SARING_SEND_TIMEOUT="2", SARING_DOUBT_SECONDS="2")
    recorder.down = True  # the Graph API is unreachable: every reply waits in the outbox
    server.start()
    try:
        ids = [server.ask(i) for i in range(30)]
        wait_until(lambda: recorder.refused >= 30, 30, "30 replies tried while the API is down")
        outbox = server.health()["outbox"]  # kept for a retry (one may be going out now)
        assert sum(outbox.values()) == 30 and set(outbox) <= {"pending", "sending"}
        ids += [server.ask(i) for i in range(30, 40)]  # acknowledged, not answered yet
        server.kill()
        assert recorder.snapshot() == []

        recorder.down = False
        server.start()
        server.ask(0, "vaksin")  # the Graph API retries a delivery it had no 200 for
        wait_until(lambda: server.health()["outbox"] == {"sent": 40}, 30, "every message answered")

        # the worker process alone dies: the server starts another one
        pid = server.proc.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        (worker,) = [c for c in children if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]
        os.kill(int(worker), signal.SIGKILL)
        ids.append(server.ask(999, "vaksin"))
        wait_until(lambda: len(recorder.replies_by_context()) == 41, 30, "an answer from a new worker")
        time.sleep(1.0)  # a duplicate would arrive now
        health = server.health()
    finally:
        server.kill()
    counts = recorder.replies_by_context()
    assert sorted(counts) == sorted(ids)
    assert set(counts.values()) == {1}, {k: v for k, v in counts.items() if v > 1}
    assert len(recorder.snapshot()) == 41
    assert health["inbox"] == {"answered": 41} and health["outbox"] == {"sent": 41}
    assert health["worker_process"] is True
    bodies = [e["body"]["text"]["body"] for e in recorder.snapshot()]
    assert sum("Vaksin" in b for b in bodies) >= 6  # answered from the archive, not apologies


def test_kill_9_while_sends_are_in_flight_sends_nothing_twice(tmp_path, recorder):
    """The API took the replies but the server died before hearing back: the delivery
    statuses (carrying the outbox ids) settle them, so they are not sent again."""
    server = Server(tmp_path, recorder, SARING_SEND_TIMEOUT="3", SARING_DOUBT_SECONDS="20")
    recorder.report_to(f"{server.base}/webhooks/whatsapp", SECRET)
    recorder.delay = 2.5  # sends are taken, their 200s are late
    server.start()
    try:
        ids = [server.ask(i) for i in range(10)]
        wait_until(lambda: len(recorder.snapshot()) == 10, 30, "10 sends in flight")
        server.kill()
        recorder.delay = 0.0
        server.start()
        wait_until(lambda: server.health()["outbox"] == {"sent": 10}, 30, "the statuses to settle them")
        time.sleep(1.0)
        health = server.health()
    finally:
        server.kill()
    assert recorder.replies_by_context() == {i: 1 for i in ids}
    assert health["inbox"] == {"answered": 10}
