"""What stands between the internet and the routes: security headers, the body limit, and the
throttles (public searches per address, failed logins per address).

Everything here is plain ASGI or plain Python, so it holds for every route, including the
ones FastAPI adds itself (/openapi.json) and the error pages.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections import OrderedDict, defaultdict, deque
from collections.abc import Callable
from typing import Any

from starlette.exceptions import HTTPException

# The pages need nothing but their own stylesheet and forms: no script runs anywhere (the
# public page and /admin work without JavaScript), nothing may frame them, nothing is loaded
# from another origin.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
# Newsroom pages and data: never kept by a browser or a proxy.
PRIVATE_PREFIXES = ("/admin", "/api/admin/")


class SecurityHeaders:
    """ASGI middleware: the headers above on every response, `no-store` on the newsroom's."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        private = scope["path"] == "/admin" or scope["path"].startswith(PRIVATE_PREFIXES)

        async def with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                headers = list(message.get("headers", []))
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                if private:
                    headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int):
        super().__init__(413, f"request body over the limit of {limit} bytes")


class BodyLimit:
    """ASGI middleware: a request body over the limit is refused with 413 as it streams in.

    Nothing is read ahead of the route, so a route that checks credentials first (the ingest
    API) never buffers a body for an unauthenticated client; a declared Content-Length over the
    limit is refused before a byte is read.
    """

    def __init__(self, app: Any, limit: int, limits: dict[str, int] | None = None):
        self.app, self.limit, self.limits = app, limit, limits or {}

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits.get(scope["path"], self.limit)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _send_error(send, 413 if declared.isdigit() else 400,
                              f"request body over the limit of {limit} bytes"
                              if declared.isdigit() else "bad Content-Length")
            return
        seen = 0

        async def counted() -> dict:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, counted, send)


async def _send_error(send: Callable, status: int, text: str) -> None:
    body = json.dumps({"error": text}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class RateLimiter:
    """Sliding-window limit per client address for the public search (memory only)."""

    def __init__(self, limit: int, window: float):
        self.limit, self.window = limit, window
        self._hits: dict[str, deque] = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits[key]
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            if len(self._hits) > 100_000:  # forget idle clients
                for k in [k for k, v in self._hits.items() if not v]:
                    del self._hits[k]
            return True


class SharedRateLimiter:
    """The limit of `RateLimiter` for all replicas together (PostgreSQL): requests are counted
    in the state database per client and fixed window, so across a window's edge a client
    may get up to twice the limit, never the limit times the number of replicas."""

    def __init__(self, state: Any, limit: int, window: float):
        self.state, self.limit, self.window = state, limit, window
        self._swept = 0

    def allow(self, key: str, now: float | None = None) -> bool:
        slot = int((time.time() if now is None else now) // self.window)
        if slot != self._swept:  # windows before the last are no longer needed
            self._swept = slot
            self.state.forget_hits(slot - 1)
        return self.state.hit(key, slot) <= self.limit


class LoginThrottle:
    """Failed logins per client address: after `free` failures each further one locks the
    address out for twice as long as the last (from `base` seconds up to `cap`); while locked
    out even the right password is refused, so guessing gets nowhere. A success forgets the
    address's failures. Memory only: a restart forgives everyone."""

    CLIENTS = 50_000

    def __init__(self, free: int = 5, base: float = 1.0, cap: float = 900.0):
        self.free, self.base, self.cap = free, base, cap
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()  # key -> (count, locked until)
        self._lock = threading.Lock()

    def locked_for(self, key: str, now: float | None = None) -> float:
        """Seconds the address must still wait (0 when it may try)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            _, until = self._failures.get(key, (0, 0.0))
            return max(0.0, until - now)

    def failed(self, key: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            count, _ = self._failures.pop(key, (0, 0.0))
            count += 1
            over = count - self.free
            until = now + min(self.cap, self.base * 2 ** (over - 1)) if over > 0 else 0.0
            self._failures[key] = (count, until)
            while len(self._failures) > self.CLIENTS:
                self._failures.popitem(last=False)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


def csrf_token(admin_user: str, admin_password: str, admin_key: str) -> str:
    """The token every newsroom form carries. Browsers send HTTP Basic credentials with a
    form another site posts, so the login alone cannot tell the newsroom's own forms apart;
    only a page that was shown to the logged-in newsroom holds this value."""
    key = "\0".join((admin_user, admin_password, admin_key)).encode()
    return hmac.new(key, b"saring-newsroom-form", hashlib.sha256).hexdigest()


def same_origin(headers: Any, hosts: Any) -> bool:
    """False when the browser says the request comes from another site: Sec-Fetch-Site, or
    an Origin that is none of `hosts` (the Host header, a proxy's X-Forwarded-Host, the
    configured public URL's host). The CSRF token is the guard; this is the second one."""
    if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = headers.get("origin")
    if not origin or origin == "null":  # our no-referrer policy makes browsers send "null"
        return True
    return origin.split("://", 1)[-1].rstrip("/") in {h for h in hosts if h}
