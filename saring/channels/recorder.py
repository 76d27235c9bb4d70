"""A local stand-in for the WhatsApp Graph API and the Telegram Bot API that records every
message it is asked to send: point `graph_base`/`telegram_base` at it to run the tipline
(tests, the load benchmark, a demo) without a Meta or Telegram account.

`python -m saring.channels.recorder --port 9900` runs one in the foreground.
"""

from __future__ import annotations

import argparse
import itertools
import json
import queue
import sys
import threading
import time
import urllib.request
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from saring.channels.whatsapp import sign


class Recorder:
    """Records sends; `down = True` makes it answer 503 like an outage (nothing recorded),
    `delay` holds each answer back (a slow API: a send is taken but not yet confirmed).

    Like the Cloud API, it can report each WhatsApp send back to the tipline as a signed
    "sent" status webhook carrying the message's `biz_opaque_callback_data`
    (`report_to(url, app_secret)`), retried until the tipline answers 200.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.sent: list[dict[str, Any]] = []
        # pictures readers sent: media id (or Telegram file_id) -> (MIME type, bytes), served
        # like the Graph API (GET /{id} -> url, then the bytes) and Telegram (getFile)
        self.media: dict[str, tuple[str, bytes]] = {}
        self.down = False
        self.delay = 0.0
        self.refused = 0
        self._reports: queue.SimpleQueue = queue.SimpleQueue()
        self._report_to: tuple[str, str] | None = None
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self.server = _QuietServer((host, port), self._handler())
        self.server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Recorder:
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                        name="recorder", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> Recorder:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def report_to(self, url: str, app_secret: str) -> None:
        self._report_to = (url, app_secret)
        threading.Thread(target=self._report_loop, args=(url, app_secret), name="recorder-status",
                         daemon=True).start()

    def _report_loop(self, url: str, secret: str) -> None:
        while True:
            status = self._reports.get()
            body = json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "WABA",
                               "changes": [{"field": "messages", "value": {
                                   "messaging_product": "whatsapp", "statuses": [status]}}]}]}).encode()
            request = urllib.request.Request(url, data=body, method="POST", headers={
                "Content-Type": "application/json", "X-Hub-Signature-256": sign(secret, body)})
            while True:  # Meta retries a webhook delivery until it gets a 200
                try:
                    with urllib.request.urlopen(request, timeout=5):
                        break
                except OSError:
                    time.sleep(0.2)

    def snapshot(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self.sent)

    def replies_by_context(self) -> Counter:
        """How many replies quoted each inbound message id (WhatsApp wamid or Telegram id)."""
        counts: Counter = Counter()
        for entry in self.snapshot():
            body = entry["body"]
            quoted = (body.get("context") or {}).get("message_id") \
                or (body.get("reply_parameters") or {}).get("message_id")
            if quoted is not None:
                counts[str(quoted)] += 1
        return counts

    def _record(self, path: str, body: Any) -> tuple[int, dict[str, Any]]:
        with self._lock:
            if self.down:
                self.refused += 1
                return 503, {"error": {"message": "service unavailable", "code": 2}}
            n = next(self._ids)
            self.sent.append({"path": path, "body": body})
        if path.endswith("/sendMessage"):
            return 200, {"ok": True, "result": {"message_id": n}}
        if self._report_to is not None and isinstance(body, dict):
            self._reports.put({"id": f"wamid.REC{n}", "status": "sent", "timestamp": str(int(time.time())),
                               "recipient_id": body.get("to", ""),
                               "biz_opaque_callback_data": body.get("biz_opaque_callback_data", "")})
        return 200, {"messaging_product": "whatsapp", "messages": [{"id": f"wamid.REC{n}"}]}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the real APIs

            def do_GET(self) -> None:
                """`GET /_recorded`: totals, so another process can check what arrived; other
                GETs serve `media` the way the two platforms do."""
                if self.path != "/_recorded":
                    return self._media()
                counts = recorder.replies_by_context()
                data = json.dumps({"sent": len(recorder.snapshot()), "refused": recorder.refused,
                                   "quoted": len(counts),
                                   "quoted_twice": sum(1 for n in counts.values() if n > 1)}).encode()
                self.send_response(200 if self.path == "/_recorded" else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _media(self) -> None:
                path, _, query = self.path.partition("?")
                file_id = query.partition("file_id=")[2]
                if path.endswith("/getFile") and file_id in recorder.media:
                    self._send(200, "application/json", json.dumps(
                        {"ok": True, "result": {"file_id": file_id, "file_path": f"photos/{file_id}"}}).encode())
                elif path.startswith("/file/") and path.rsplit("/", 1)[1] in recorder.media:
                    self._send(200, "application/octet-stream", recorder.media[path.rsplit("/", 1)[1]][1])
                elif path.startswith("/_media/") and path[8:] in recorder.media:
                    mime, data = recorder.media[path[8:]]
                    self._send(200, mime, data)
                elif path[1:] in recorder.media:
                    mime, data = recorder.media[path[1:]]
                    self._send(200, "application/json", json.dumps(
                        {"url": f"{recorder.url}/_media{path}", "mime_type": mime,
                         "file_size": len(data), "id": path[1:]}).encode())
                else:
                    self._send(404, "application/json", b'{"error": {"message": "no such media"}}')

            def _send(self, status: int, kind: str, data: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw)
                except ValueError:
                    status, reply = 400, {"error": {"message": "invalid JSON", "code": 100}}
                else:
                    status, reply = recorder._record(self.path, body)
                    time.sleep(recorder.delay)
                data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:  # quiet: the recorder is the log
                pass

        return Handler


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client killed mid-request (the kill -9 test) is expected, not worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9900)
    args = parser.parse_args()
    recorder = Recorder(args.host, args.port)
    print(f"recording sends at {recorder.url} (Ctrl-C to stop)", flush=True)
    try:
        recorder.server.serve_forever()
    except KeyboardInterrupt:
        pass
    for entry in recorder.snapshot():
        print(json.dumps(entry, ensure_ascii=False))


if __name__ == "__main__":
    main()
