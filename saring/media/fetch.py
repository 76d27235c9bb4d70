"""Fetching what readers send (links) and what platforms hold for us (media), defensively.

Every URL here comes from outside: only http and https, redirects followed by hand (each hop
checked again), a deadline for the whole fetch, a byte cap enforced while reading, and no
private, loopback or link-local address unless the host is one the operator configured (the
platform API base) or the fetcher was built for tests with `allow_private=True`.
A host is resolved and checked before the request; httpx then resolves it again, so a DNS
answer that changes in between (rebinding) is not caught here.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import urljoin, urlsplit

import httpx

USER_AGENT = "saring-tipline/0.1 (+https://github.com/saring)"
_REDIRECTS = {301, 302, 303, 307, 308}


@lru_cache(maxsize=1)
def limits() -> dict:
    """The tunables of saring.media (saring/data/media.json)."""
    text = resources.files("saring").joinpath("data/media.json").read_text(encoding="utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


class FetchError(Exception):
    """A fetch that was refused or failed; the message is for logs, never for readers."""


@dataclass
class Fetched:
    url: str  # after redirects
    hops: list[str]  # every URL visited, the first one included
    content_type: str  # media type only, lower case ("text/html")
    body: bytes


def _public(host: str) -> bool:
    """Whether every address the host resolves to is a public one."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError):
        raise FetchError(f"cannot resolve {host!r}") from None
    return bool(infos) and all(ipaddress.ip_address(str(i[4][0]).split("%")[0]).is_global for i in infos)


def read_body(response: httpx.Response, max_bytes: int, deadline: float) -> bytes:
    """A streamed response's body, refused past `max_bytes` (declared or read) or past the
    `deadline` (time.monotonic()), so that a huge or trickling answer never fills memory."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"body of {declared} bytes is over the limit of {max_bytes}")
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > max_bytes:
            raise FetchError(f"body over the limit of {max_bytes} bytes")
        if time.monotonic() > deadline:
            raise FetchError("fetch took longer than the timeout")
    return bytes(body)


class Fetcher:
    """GETs with the limits above; `trusted_hosts` are operator-configured API hosts."""

    def __init__(self, timeout: float | None = None, max_redirects: int | None = None,
                 trusted_hosts: Iterable[str] = (), allow_private: bool = False):
        conf = limits()
        self.timeout = float(conf["fetch_timeout_seconds"] if timeout is None else timeout)
        self.max_redirects = int(conf["max_redirects"] if max_redirects is None else max_redirects)
        self.trusted = {h.lower() for h in trusted_hosts if h}
        self.allow_private = allow_private  # tests only: local servers on 127.0.0.1
        # trust_env=False: no proxy from the environment, no .netrc credentials sent anywhere
        self._client = httpx.Client(follow_redirects=False, trust_env=False,
                                    headers={"User-Agent": USER_AGENT})

    def check(self, url: str) -> str:
        """The URL if it may be fetched, else FetchError."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"not an http(s) URL: {url[:200]!r}")
        if parts.username or parts.password:
            raise FetchError("URLs with credentials are not fetched")
        host = parts.hostname.lower()
        if host in self.trusted or self.allow_private:
            return url
        if not _public(host):
            raise FetchError(f"{host} is not a public address")
        return url

    def get(self, url: str, max_bytes: int, headers: dict[str, str] | None = None,
            types: Iterable[str] | None = None,
            stop_at: Callable[[str], bool] | None = None) -> Fetched:
        """GET `url`, following up to max_redirects redirects; the body must fit `max_bytes`
        and, when `types` is given, its media type must be one of them. A redirect to a URL
        for which `stop_at` is true ends the fetch there, with an empty body."""
        deadline = time.monotonic() + self.timeout
        hops = [url]
        for _ in range(self.max_redirects + 1):
            self.check(url)
            # a token goes only to the host it was meant for, never along a redirect
            sent = headers if len(hops) == 1 else None
            try:
                with self._client.stream("GET", url, headers=sent,
                                         timeout=max(0.1, deadline - time.monotonic())) as response:
                    if response.status_code in _REDIRECTS and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        hops.append(url)
                        if stop_at is not None and stop_at(url):
                            return Fetched(url, hops, "", b"")
                        continue
                    if not response.is_success:
                        raise FetchError(f"HTTP {response.status_code} from {urlsplit(url).hostname}")
                    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
                    if types is not None and kind not in set(types):
                        raise FetchError(f"refused content type {kind or 'none'!r}")
                    return Fetched(str(url), hops, kind, read_body(response, max_bytes, deadline))
            except httpx.HTTPError as exc:
                raise FetchError(f"{type(exc).__name__}: {exc}") from None
            except httpx.InvalidURL as exc:
                raise FetchError(f"invalid URL: {exc}") from None
        raise FetchError(f"more than {self.max_redirects} redirects")

    def get_json(self, url: str, headers: dict[str, str] | None = None) -> dict:
        """A small JSON object from an API."""
        fetched = self.get(url, 1_000_000, headers)
        try:
            data = json.loads(fetched.body)
        except ValueError:
            raise FetchError("the API did not answer JSON") from None
        if not isinstance(data, dict):
            raise FetchError("the API did not answer a JSON object")
        return data

    def close(self) -> None:
        self._client.close()
