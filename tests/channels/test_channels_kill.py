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


def test_kill_9_while_replies_are_pending_loses_nothing_and_sends_nothing_twice(tmp_path, recorder):
    db = str(tmp_path / "archive.db")
    with open_store(db) as store:
        store.ingest([item_from_dict(json.loads(line)) for line in DATA.read_text().splitlines()])
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "SARING_APP_SECRET": SECRET, "SARING_ACCESS_TOKEN": "t",
           "SARING_PHONE_NUMBER_ID": "1055", "SARING_GRAPH_BASE": recorder.url,
           "SARING_MERGE_SECONDS": "0.2", "SARING_MERGE_MAX_SECONDS": "1",
           "SARING_RETRY_BASE": "0.1", "SARING_RETRY_MAX": "0.3", "SARING_CONFIG": ""}
    command = [sys.executable, "-m", "saring.cli", "serve", "--db", db, "--port", str(port)]

    def start() -> subprocess.Popen:
        proc = subprocess.Popen(command, env=env, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: get(f"{base}/healthz")["status"] == "ok", 30, "the server to start")
        return proc

    recorder.down = True  # the Graph API is unreachable: every reply waits in the outbox
    server = start()
    try:
        ids = []
        for i in range(30):
            ids.append(f"wamid.K{i:03d}")
            msg = wa_message(QUESTIONS[i % len(QUESTIONS)], sender=f"62811{i:04d}", msg_id=ids[-1])
            assert post(f"{base}/webhooks/whatsapp", wa_webhook(msg)) == 200
        wait_until(lambda: recorder.refused >= 30, 30, "30 replies tried while the API is down")
        assert get(f"{base}/healthz")["outbox"] == {"pending": 30}  # kept for a retry
        for i in range(30, 40):  # acknowledged, killed before they are even answered
            ids.append(f"wamid.K{i:03d}")
            msg = wa_message(QUESTIONS[i % len(QUESTIONS)], sender=f"62811{i:04d}", msg_id=ids[-1])
            assert post(f"{base}/webhooks/whatsapp", wa_webhook(msg)) == 200
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(10)
        assert recorder.snapshot() == []

        recorder.down = False
        server = start()
        # the Graph API retries a delivery it has no 200 for: the same webhook again
        assert post(f"{base}/webhooks/whatsapp", wa_webhook(wa_message("vaksin", msg_id="wamid.K000"))) == 200
        wait_until(lambda: get(f"{base}/healthz")["outbox"] == {"sent": 40}, 30,
                   "every message answered")

        # the worker process alone dies: the server starts another one
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        (worker,) = [c for c in children if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]
        os.kill(int(worker), signal.SIGKILL)
        ids.append("wamid.K999")
        assert post(f"{base}/webhooks/whatsapp", wa_webhook(wa_message("vaksin", msg_id=ids[-1]))) == 200
        wait_until(lambda: len(recorder.replies_by_context()) == 41, 30, "an answer from a new worker")
        time.sleep(1.0)  # a duplicate would arrive now
        health = get(f"{base}/healthz")
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(10)
    counts = recorder.replies_by_context()
    assert sorted(counts) == sorted(ids)
    assert set(counts.values()) == {1}, {k: v for k, v in counts.items() if v > 1}
    assert len(recorder.snapshot()) == 41
    assert health["inbox"] == {"answered": 41} and health["outbox"] == {"sent": 41}
    assert health["worker_process"] is True
    bodies = [e["body"]["text"]["body"] for e in recorder.snapshot()]
    assert sum("Vaksin" in b for b in bodies) >= 6  # answered from the archive, not apologies
