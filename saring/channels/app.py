"""The one ASGI application: webhooks, HTTP API, the search page and the newsroom view.

Webhooks do the least possible before answering 200: check the signature, persist the
messages, wake the worker. Answering and sending happen in the worker (`worker.py`), so a
slow answer or a Graph API outage never makes Meta or Telegram retry a delivery.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import dataclasses
import hmac
import json
import logging
import multiprocessing
import queue
import re
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from saring.archive.base import clean_text, validate
from saring.channels import apidocs, newsroom, reportback, telegram, web, whatsapp
from saring.channels.answering import Answering
from saring.channels.broadcast import notify_new_factchecks
from saring.channels.guard import (
    BodyLimit,
    LoginThrottle,
    RateLimiter,
    SecurityHeaders,
    SharedRateLimiter,
    csrf_token,
    same_origin,
)
from saring.channels.privacy import export_csv
from saring.channels.reportback import ACTIONS
from saring.channels.settings import Settings
from saring.channels.state import Inbound, State, state_location
from saring.channels.worker import Worker, run_worker_process
from saring.errors import SaringError
from saring.model import Answer, FactCheck, Failure, item_from_dict, item_to_dict

log = logging.getLogger("saring.channels")

MAX_QUERY_CHARS = 4000
MAX_INGEST_BYTES = 32 * 1024 * 1024
# Deeper JSON than this in a webhook is cut off (replaced by null) instead of failing the
# whole delivery: no platform nests that deep, and Python's parser gives up near 1,000.
MAX_JSON_DEPTH = 64


class Services:
    """What the routes share: settings, the channel state, and the answering (archive and
    answer layer, opened lazily so the webhooks accept messages while a large archive loads)."""

    def __init__(self, settings: Settings, store: Any = None,
                 answerer_factory: Callable[[Any], Any] | None = None, worker: str = "thread"):
        self.settings = settings
        self.state = State(state_location(settings.db), checkpoints=worker != "process")
        self.inbox = InboxWriter(self.state)
        self.answering = Answering(settings.db, settings.answer_cache_seconds, store,
                                   answerer_factory)
        self.worker = Worker(self.state, settings, self.answering)
        # replicas on one PostgreSQL share the limit; the SQLite server is one process
        self.limiter: RateLimiter | SharedRateLimiter = (
            SharedRateLimiter(self.state, settings.api_rate_limit, 60.0) if self.state.db.postgres
            else RateLimiter(settings.api_rate_limit, 60.0))
        self.logins = LoginThrottle()
        self.worker_process: Any = None  # set when the worker runs as a child process

    @property
    def store(self) -> Any:
        return self.answering.store

    def ask(self, text: str, channel: str, limit: int = 3) -> Answer:
        # the worker bumps the generation when anything changed the archive (saring ingest
        # in another process, saring watch): the page and the API answer from the new one
        self.answering.invalidate(self.state.generation())
        return self.answering.ask(text, channel, limit)

    def archive_changed(self) -> None:
        """After an ingest: this process and the worker process answer from the new archive."""
        self.state.bump_generation()
        self.answering.invalidate(self.state.generation())

    def close(self) -> None:
        self.inbox.stop()
        if self.worker.stop():
            self.answering.close()
        self.state.close()


class InboxWriter:
    """One thread persists every webhook's messages, all that arrived meanwhile in one commit:
    under load a commit serves many requests, and no two request threads fight over
    SQLite's write lock."""

    MAX_GROUPS = 512

    def __init__(self, state: State):
        self.state = state
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    async def write(self, messages: list) -> int:
        """Returns once the messages are committed: the number that were new."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="saring-inbox", daemon=True)
                self._thread.start()
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        self._queue.put((messages, done, loop))
        return await done

    def stop(self) -> None:
        with self._lock:
            if self._thread is not None:
                self._queue.put(None)
                self._thread.join(10)
                self._thread = None

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < self.MAX_GROUPS:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self._queue.put(None)  # stop after this batch
                    break
                batch.append(item)
            try:
                counts = self.state.record_inbound_groups([messages for messages, _, _ in batch])
            except Exception:  # each webhook on its own: one that cannot be stored fails alone
                for messages, done, loop in batch:
                    try:
                        count, error = self.state.record_inbound(messages), None
                    except Exception as exc:  # this webhook answers 500; the platform retries it
                        count, error = None, exc
                    loop.call_soon_threadsafe(_settle, done, count, error)
                continue
            for (_, done, loop), count in zip(batch, counts):
                loop.call_soon_threadsafe(_settle, done, count, None)


def _settle(future: asyncio.Future, result: Any, error: Exception | None) -> None:
    if future.cancelled():  # the client went away; the messages are stored all the same
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _json_body(request: Request, body: bytes) -> Any:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/json":
        raise HTTPException(415, "expected Content-Type: application/json")
    try:
        return json.loads(body)
    except RecursionError:
        try:
            return json.loads(_shallow(body.decode("utf-8-sig")))
        except (ValueError, RecursionError):
            raise HTTPException(400, "the body is not valid JSON") from None
    except (ValueError, UnicodeDecodeError):
        raise HTTPException(400, "the body is not valid JSON") from None


_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _shallow(text: str, depth: int = MAX_JSON_DEPTH) -> str:
    """JSON text with every array or object nested deeper than `depth` replaced by null, so
    the rest of a delivery can be read (without recursion: the input is what recursed)."""
    out, level, cut_at, pos = [], 0, -1, 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            level += 1
            if level > depth and cut_at < 0:
                out.append(text[pos:match.start()] + "null")
                cut_at = level
        elif token in ("]", "}"):
            if cut_at == level:
                cut_at, pos = -1, match.end()
            level -= 1
        if cut_at >= 0:
            pos = match.end()
    out.append(text[pos:])
    return "".join(out)


def _clean_messages(messages: list[Inbound]) -> list[Inbound]:
    """Webhook text as the inbox can store it (a lone surrogate would fail the whole commit)."""
    for m in messages:
        for f in dataclasses.fields(m):
            value = getattr(m, f.name)
            if isinstance(value, str):
                setattr(m, f.name, clean_text(value))
    return messages


def create_app(settings: Settings, store: Any = None,
               answerer_factory: Callable[[Any], Any] | None = None,
               worker: str = "thread") -> FastAPI:
    """The tipline application. `store`/`answerer_factory` are for embedding and tests.

    `worker`: "thread" answers and sends from threads of this process, "process" from a
    child process (what `saring serve` uses), "none" leaves it to the caller.
    """
    services = Services(settings, store, answerer_factory, worker)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        watchdog = None
        if worker == "thread":
            services.worker.start()
        elif worker == "process":
            watchdog = asyncio.create_task(_keep_worker_process(services))
            # this process answers the API and the web page: ready its answer layer meanwhile
            threading.Thread(target=services.answering.warm_up, name="saring-warm-up", daemon=True).start()
        yield
        if watchdog is not None:
            watchdog.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watchdog
        services.close()

    app = FastAPI(title="saring", version="0.1.0", lifespan=lifespan, docs_url=None,
                  redoc_url=None,
                  description="Fakta atau hoaks? The saring tipline: WhatsApp and Telegram "
                              "webhooks, search API, and the newsroom view. Every error is "
                              "`{\"error\": \"...\"}` with a 4xx status; 500 means a bug.")
    app.state.services = services
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes,
                       limits={"/api/ingest": MAX_INGEST_BYTES})
    app.add_middleware(SecurityHeaders)

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version,
                                 description=app.description, routes=app.routes)
            schema.setdefault("components", {})["securitySchemes"] = apidocs.SECURITY_SCHEMES
            apidocs.validation_errors_as_errors(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        response = _error(exc.status_code, str(exc.detail))
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', '')}"
                             for e in exc.errors()[:5])
        return _error(422, clean_text(problems)[:1000])

    @app.exception_handler(SaringError)
    async def saring_error(request: Request, exc: SaringError) -> Response:
        return _error(400, str(exc))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return _error(500, "internal error")

    def client_key(request: Request) -> str:
        return request.client.host if request.client else "?"

    def _bearer(request: Request, header: str) -> str:
        given = request.headers.get(header) or ""
        auth = request.headers.get("authorization", "")
        if not given and auth[:7].lower() == "bearer ":
            given = auth[7:].strip()
        return given

    def _same(given: str, expected: str) -> bool:
        """Constant-time comparison of any header text (non-ASCII included) with a secret."""
        return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8"))

    def require_key(request: Request) -> None:
        """The ingest key, in `X-API-Key` or `Authorization: Bearer` (checked before the body
        is read)."""
        if not settings.api_key:
            raise HTTPException(403, "the API key is not configured (SARING_API_KEY)")
        if not _same(_bearer(request, "x-api-key"), settings.api_key):
            raise HTTPException(401, "a valid API key is required")

    def require_admin(request: Request) -> None:
        """The newsroom's login (HTTP Basic, admin user and password) or its own key
        (`X-Admin-Key` or Bearer), never the ingest key; failures are throttled per address."""
        client = client_key(request)
        wait = services.logins.locked_for(client)
        if wait > 0:
            raise HTTPException(429, "too many failed logins; try again later",
                                headers={"Retry-After": str(int(wait) + 1)})
        auth = request.headers.get("authorization", "")
        login = bool(settings.admin_user and settings.admin_password)
        if not (login or settings.admin_key):
            raise HTTPException(403, "the newsroom view needs SARING_ADMIN_USER/PASSWORD or SARING_ADMIN_KEY")
        given_key = _bearer(request, "x-admin-key")
        if auth[:6].lower() == "basic " and login:
            try:
                user, _, password = base64.b64decode(auth[6:], validate=True).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError, ValueError):
                user = password = ""
            if _same(user, settings.admin_user) & _same(password, settings.admin_password):
                services.logins.succeeded(client)
                return
            services.logins.failed(client)
        elif given_key and settings.admin_key:
            if _same(given_key, settings.admin_key):
                services.logins.succeeded(client)
                return
            services.logins.failed(client)
        raise HTTPException(401, "login required",
                            headers={"WWW-Authenticate": 'Basic realm="saring newsroom"'})

    # ------------------------------------------------------------------ WhatsApp

    @app.get("/webhooks/whatsapp", response_class=PlainTextResponse, tags=["webhooks"],
             responses={403: {"description": "the token is wrong or WhatsApp is not configured",
                              "content": {"text/plain": {"schema": {"type": "string"}}}}})
    def whatsapp_verify(mode: str = Query("", alias="hub.mode"),
                        token: str = Query("", alias="hub.verify_token"),
                        challenge: str = Query("", alias="hub.challenge")) -> Response:
        """The Cloud API's subscription handshake: echo the challenge if the token matches."""
        if mode == "subscribe" and settings.verify_token and _same(token, settings.verify_token):
            return PlainTextResponse(challenge)
        return PlainTextResponse("verification failed", status_code=403)

    @app.post("/webhooks/whatsapp", tags=["webhooks"], response_model=apidocs.Received,
              openapi_extra=apidocs.json_body("a Cloud API webhook (signed: X-Hub-Signature-256)"),
              responses=apidocs.responses(400, 401, 413, 415, 503))
    async def whatsapp_webhook(request: Request) -> Response:
        """Messages from the Cloud API, persisted before the 200; a message the parser cannot
        read is logged and skipped, the others are answered."""
        if not settings.app_secret:
            return _error(503, "WhatsApp is not configured (SARING_APP_SECRET)")
        body = await request.body()
        if not whatsapp.signature_ok(settings.app_secret, body,
                                     request.headers.get("x-hub-signature-256")):
            return _error(401, "missing or wrong X-Hub-Signature-256")
        data = _json_body(request, body)
        try:
            messages = whatsapp.parse_webhook(data)
        except whatsapp.WebhookError as exc:
            return _error(400, str(exc))
        except Exception as exc:  # signed by Meta, so a 4xx/5xx would be retried for days
            log.warning("could not read a WhatsApp delivery: %s: %s", type(exc).__name__, exc)
            messages = []
        confirmations = [(clean_text(row), clean_text(wamid)) for row, wamid in whatsapp.delivered(data)]
        if confirmations:
            await run_in_threadpool(services.state.confirm_sent, confirmations)
        return await _accept(messages)

    # ------------------------------------------------------------------ Telegram

    @app.post("/webhooks/telegram", tags=["webhooks"], response_model=apidocs.Received,
              openapi_extra=apidocs.json_body(
                  "a Bot API update (setWebhook's secret in X-Telegram-Bot-Api-Secret-Token)"),
              responses=apidocs.responses(400, 401, 413, 415, 503))
    async def telegram_webhook(request: Request) -> Response:
        """Bot API updates (setWebhook with secret_token), persisted before the 200."""
        if not settings.telegram_secret:
            return _error(503, "Telegram is not configured (SARING_TELEGRAM_SECRET)")
        if not telegram.secret_ok(settings.telegram_secret,
                                  request.headers.get("x-telegram-bot-api-secret-token")):
            return _error(401, "missing or wrong X-Telegram-Bot-Api-Secret-Token")
        data = _json_body(request, await request.body())
        try:
            messages = telegram.parse_update(data)
        except telegram.UpdateError as exc:
            return _error(400, str(exc))
        except Exception as exc:  # authenticated, so a non-200 would be retried
            log.warning("could not read a Telegram update: %s: %s", type(exc).__name__, exc)
            messages = []
        return await _accept(messages)

    async def _accept(messages: list) -> Response:
        new = await services.inbox.write(_clean_messages(messages)) if messages else 0
        if new:
            services.worker.inbox_event.set()  # (a worker process polls instead)
        return JSONResponse({"received": len(messages), "new": new})

    # ------------------------------------------------------------------ HTTP API

    def _checked_query(request: Request, q: str) -> str:
        q = clean_text(q).strip()
        if not q:
            raise HTTPException(400, "the query q is empty")
        if len(q) > MAX_QUERY_CHARS:
            raise HTTPException(400, f"the query is longer than {MAX_QUERY_CHARS} characters")
        if not services.limiter.allow(client_key(request)):
            raise HTTPException(429, "too many searches; wait a minute")
        return q

    @app.get("/api/ask", tags=["api"], responses=apidocs.responses(400, 429))
    async def api_ask(request: Request,
                      q: str = Query(description="a keyword, question or forwarded message",
                                     min_length=1, max_length=MAX_QUERY_CHARS, pattern=apidocs.NOT_BLANK),
                      limit: int = Query(3, ge=1, le=10)) -> dict:
        """The answer the tipline would give, as JSON (the `Answer` record)."""
        q = _checked_query(request, q)
        answer = await run_in_threadpool(services.ask, q, "api", limit)
        return answer.to_dict()

    @app.get("/api/items/{item_id}", tags=["api"], responses=apidocs.responses(404))
    async def api_item(item_id: str) -> dict:
        """One archived item (a news article or a fact-check) by its id."""
        item = await run_in_threadpool(services.store.get, item_id)
        if item is None:
            raise HTTPException(404, "no such item")
        return item_to_dict(item)

    @app.post("/api/ingest", tags=["api"], dependencies=[Depends(require_key)],
              openapi_extra={**apidocs.ingest_body(), "security": [{"apiKey": []}, {"bearer": []}]},
              responses=apidocs.responses(400, 401, 403, 413))
    async def api_ingest(request: Request) -> dict:
        """Add items (a JSON object, a JSON array, or JSON lines); new fact-checks are
        announced to subscribers. An entry that is not a valid item is listed under
        `ingest.failures` and the others go in."""
        body = await request.body()
        items = _ingest_items(body)
        result = await run_in_threadpool(_ingest, services, items)
        return result

    @app.get("/healthz", tags=["api"], responses=apidocs.responses(503))
    async def healthz() -> Response:
        """Liveness, channel readiness, and inbox/outbox counts."""
        try:
            inbox = await run_in_threadpool(services.state.inbox_counts)
            outbox = await run_in_threadpool(services.state.outbox_counts)
        except Exception as exc:
            return _error(503, f"channel state unavailable: {type(exc).__name__}")
        child = services.worker_process
        return JSONResponse({"status": "ok", "whatsapp": settings.whatsapp_ready,
                             "telegram": settings.telegram_ready, "inbox": inbox,
                             "outbox": outbox,
                             "worker_process": None if child is None else child.is_alive()})

    # ------------------------------------------------------------------ pages

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def home(request: Request, q: str = "") -> HTMLResponse:
        if not q.strip():
            return HTMLResponse(web.search_page())
        try:
            query = _checked_query(request, q)
        except HTTPException as exc:
            return HTMLResponse(web.search_page(clean_text(q[:MAX_QUERY_CHARS]), error=str(exc.detail)),
                                status_code=exc.status_code)
        answer = await run_in_threadpool(services.ask, query, "web", 5)
        return HTMLResponse(web.search_page(query, answer))

    @app.get("/items/{item_id}", response_class=HTMLResponse, include_in_schema=False)
    async def item_page(request: Request, item_id: str) -> HTMLResponse:
        """One archived item for readers; a fact-check's page carries its ClaimReview."""
        item = await run_in_threadpool(services.store.get, clean_text(item_id)[:200])
        if item is None:
            raise HTTPException(404, "no such item")
        return HTMLResponse(web.item_page(item, str(request.url)))

    @app.get("/feeds/claimreview.json", tags=["api"], response_class=Response,
             responses={200: {"description": "a schema.org DataFeed of ClaimReviews",
                              "content": {"application/ld+json": {"schema": {"type": "object"}}}}})
    async def claimreview_feed(days: int = Query(30, ge=1, le=365)) -> Response:
        """The fact-checks archived or changed in the last `days` days (at most 1,000), as a
        schema.org DataFeed of ClaimReviews."""
        def build() -> dict:
            since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - days * 86400))
            ids = [i for i, _ in services.store.changed_since(since, 5000)]
            items = [i for i in services.store.get_many(ids) if isinstance(i, FactCheck)][-1000:]
            return {"@context": "https://schema.org", "@type": "DataFeed",
                    "dataFeedElement": [{"@type": "DataFeedItem", "item": web.claimreview(fc)}
                                        for fc in reversed(items)]}
        data = await run_in_threadpool(build)
        return JSONResponse(data, media_type="application/ld+json")

    @app.get("/static/style.css", include_in_schema=False)
    def style() -> Response:
        return Response(web.static_file("style.css"), media_type="text/css",
                        headers={"Cache-Control": "public, max-age=3600"})

    @app.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs() -> HTMLResponse:
        """The API reference, rendered here from the OpenAPI document (no script, no CDN)."""
        return HTMLResponse(web.page("API — saring", apidocs.reference_html(app.openapi())))

    admin_security: dict[str, Any] = {"security": [{"basic": []}, {"adminKey": []}]}

    def newsroom_summary(days: int, page: int) -> dict[str, Any]:
        return newsroom.summary(services.store, services.state, days, None, page,
                                settings.review_below)

    csrf = csrf_token(settings.admin_user, settings.admin_password, settings.admin_key)

    @app.get("/admin", response_class=HTMLResponse, include_in_schema=False,
             dependencies=[Depends(require_admin)])
    async def admin(days: int = Query(14, ge=1, le=90), page: int = Query(1, ge=1, le=10_000),
                    find: str = Query("", max_length=MAX_QUERY_CHARS), done: str = "") -> HTMLResponse:
        data = await run_in_threadpool(newsroom_summary, days, page)
        found = None
        if clean_text(find).strip():
            found = await run_in_threadpool(lambda: services.store.search(clean_text(find), limit=10))
        return HTMLResponse(web.admin_page(data, csrf, clean_text(find), found, done in ACTIONS))

    @app.post("/admin/questions", include_in_schema=False, dependencies=[Depends(require_admin)])
    async def admin_act(request: Request) -> Response:
        """The work queue's forms (urlencoded, with the CSRF token); back to /admin after."""
        hosts = (request.headers.get("host"), request.headers.get("x-forwarded-host"),
                 urlsplit(settings.public_url).netloc)
        if not same_origin(request.headers, hosts):
            return HTMLResponse(web.admin_error("Formulir dari situs lain ditolak."), status_code=403)
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/x-www-form-urlencoded":
            return HTMLResponse(web.admin_error("Formulir tidak dikenali."), status_code=415)
        try:
            form = {k: v[0] for k, v in parse_qs((await request.body()).decode("utf-8"),
                                                 max_num_fields=10).items()}
        except (UnicodeDecodeError, ValueError):
            return HTMLResponse(web.admin_error("Formulir tidak terbaca."), status_code=400)
        if not _same(form.get("csrf", ""), csrf):
            return HTMLResponse(web.admin_error("Formulir kedaluwarsa; muat ulang halaman."),
                                status_code=403)
        action = form.get("action", "")
        try:
            await run_in_threadpool(reportback.act, services.state, settings, services.store,
                                    clean_text(form.get("id", "")), action,
                                    clean_text(form.get("value", "")))
        except SaringError as exc:
            return HTMLResponse(web.admin_error(str(exc)), status_code=400)
        services.worker.outbox_event.set()
        return RedirectResponse(f"/admin?done={action}#antrean", status_code=303)

    @app.post("/api/admin/questions", tags=["newsroom"], dependencies=[Depends(require_admin)],
              openapi_extra={**apidocs.question_action_body(), **admin_security},
              responses=apidocs.responses(400, 401, 403, 404, 409, 413, 415, 429))
    async def api_admin_act(request: Request) -> dict:
        """Act on a question group: `{"id": "q:...", "action": "link", "value": "ID or URL"}`;
        actions: link (tells the askers), not_checkable, duplicate, assign, note, reopen."""
        data = _json_body(request, await request.body())
        if not isinstance(data, dict) or not all(isinstance(data.get(k, ""), str)
                                                 for k in ("id", "action", "value")):
            raise HTTPException(400, "expected {\"id\": ..., \"action\": ..., \"value\": ...} (strings)")
        try:
            result = await run_in_threadpool(reportback.act, services.state, settings, services.store,
                                             clean_text(data.get("id", "")), data.get("action", ""),
                                             clean_text(data.get("value", "")))
        except reportback.Missing as exc:
            raise HTTPException(404, str(exc)) from None
        except reportback.Conflict as exc:
            raise HTTPException(409, str(exc)) from None
        services.worker.outbox_event.set()
        return result

    @app.get("/admin/export.csv", include_in_schema=False, dependencies=[Depends(require_admin)])
    async def admin_export(since: str = Query(..., max_length=10),
                           until: str = Query(..., max_length=10)) -> Response:
        """Requests and replies received from `since` to `until` (dates, both included), as
        CSV with user ids hashed."""
        try:
            start, end = (datetime.strptime(v, "%Y-%m-%d").replace(tzinfo=UTC) for v in (since, until))
        except ValueError:
            raise HTTPException(400, "since and until are dates: YYYY-MM-DD") from None
        if not timedelta(0) <= end - start <= timedelta(days=366):
            raise HTTPException(400, "until must be on or after since, at most a year later")
        text = await run_in_threadpool(export_csv, services.state, settings, start.timestamp(),
                                       (end + timedelta(days=1)).timestamp())
        return Response(text, media_type="text/csv; charset=utf-8", headers={
            "content-disposition": f'attachment; filename="saring-{since}-{until}.csv"'})

    @app.get("/api/admin/summary", tags=["newsroom"], dependencies=[Depends(require_admin)],
             openapi_extra=admin_security, responses=apidocs.responses(401, 403, 429))
    async def admin_summary(days: int = Query(14, ge=1, le=90),
                            page: int = Query(1, ge=1, le=10_000)) -> dict:
        """Unanswered questions grouped (50 groups a page), the tipline's work queue (groups
        with their askers' count), answers to review, trending topics, feedback, subscribers."""
        return await run_in_threadpool(newsroom_summary, days, page)

    @app.post("/api/admin/block", tags=["newsroom"], dependencies=[Depends(require_admin)],
              openapi_extra={**apidocs.block_body(), **admin_security},
              responses=apidocs.responses(400, 401, 403, 413, 415, 429))
    async def block(request: Request) -> dict:
        """Block a sender: `{"channel": "whatsapp", "user_id": "628...", "reason": "spam"}`."""
        data = _json_body(request, await request.body())
        channel, user_id = _user_of(data)
        reason = data.get("reason", "")
        await run_in_threadpool(services.state.block, channel, user_id,
                                clean_text(reason if isinstance(reason, str) else "")[:500])
        return {"blocked": f"{channel}:{user_id}"}

    @app.delete("/api/admin/block", tags=["newsroom"], dependencies=[Depends(require_admin)],
                openapi_extra=admin_security, responses=apidocs.responses(401, 403, 404, 429))
    async def unblock(channel: str, user_id: str) -> dict:
        """Unblock a sender."""
        channel, user_id = clean_text(channel), clean_text(user_id)
        removed = await run_in_threadpool(services.state.unblock, channel, user_id)
        if not removed:
            raise HTTPException(404, f"{channel}:{user_id} is not blocked")
        return {"unblocked": f"{channel}:{user_id}"}

    @app.exception_handler(404)
    async def not_found(request: Request, exc: Exception) -> Response:
        detail = getattr(exc, "detail", "not found")
        if request.url.path.startswith(("/api", "/webhooks")):
            return _error(404, str(detail))
        return HTMLResponse(web.page("Tidak ditemukan — saring",
                                     '<h1>Halaman tidak ditemukan</h1><p><a href="/">Kembali ke pencarian</a></p>'),
                            status_code=404)

    return app


async def _keep_worker_process(services: Services) -> None:
    """Run the worker process, and start a new one if it dies (the inbox waits meanwhile)."""
    context = multiprocessing.get_context("spawn")
    child = None
    try:
        while True:
            if child is None or not child.is_alive():
                if child is not None:
                    log.error("the worker process exited (code %s); starting a new one", child.exitcode)
                child = context.Process(target=run_worker_process, args=(services.settings,),
                                        name="saring-worker", daemon=True)
                child.start()
                services.worker_process = child
            await asyncio.sleep(1.0)
    finally:
        if child is not None:
            child.terminate()
            await asyncio.to_thread(child.join, 10)


def _user_of(data: Any) -> tuple[str, str]:
    if not isinstance(data, dict):
        raise HTTPException(400, "expected a JSON object")
    channel, user_id = data.get("channel", ""), data.get("user_id", "")
    if channel not in (whatsapp.CHANNEL, telegram.CHANNEL) or not isinstance(user_id, (str, int)) \
            or isinstance(user_id, bool) or not str(user_id).strip():
        raise HTTPException(400, "give channel (whatsapp or telegram) and user_id")
    return channel, clean_text(str(user_id).strip())[:200]


def _ingest_items(body: bytes) -> list:
    """Items from a JSON object, array or JSON lines; a bad entry becomes a Failure."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise HTTPException(400, "the body is not UTF-8") from None
    stripped = text.strip()
    if not stripped:
        raise HTTPException(400, "the body is empty")
    whole: Any = None
    if stripped[0] in "[{":
        try:
            whole = json.loads(stripped)
        except (ValueError, RecursionError):
            if stripped[0] == "[":
                raise HTTPException(400, "the body is not a valid JSON array (or nests too "
                                         "deeply)") from None
    if whole is not None:  # an array, or one object (JSON lines when that fails)
        entries = list(enumerate(whole if isinstance(whole, list) else [whole], 1))
    else:
        entries = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    entries.append((number, json.loads(line)))
                except ValueError as exc:
                    entries.append((number, Failure("request", f"invalid JSON: {getattr(exc, 'msg', exc)}", number)))
                except RecursionError:
                    entries.append((number, Failure("request", "JSON nested too deeply", number)))
    items: list = []
    for number, entry in entries:
        if isinstance(entry, Failure):
            items.append(entry)
        elif not isinstance(entry, dict):
            items.append(Failure("request", "expected a JSON object", number))
        else:
            try:
                items.append(validate(item_from_dict(entry)))
            except SaringError as exc:
                items.append(Failure("request", f"not an item: {exc}", number))
            except Exception as exc:  # whatever else a JSON object can hold: this entry fails
                items.append(Failure("request", f"not an item: {type(exc).__name__}: {exc}", number))
    return items


def _ingest(services: Services, items: list) -> dict:
    """Store the items, then announce the fact-checks that were not in the archive before."""
    store = services.store
    fresh = [i for i in items if isinstance(i, FactCheck) and i.url and store.get_by_url(i.url) is None]
    summary = store.ingest(items)
    services.archive_changed()
    announced = [store.get_by_url(fc.url) for fc in fresh]
    broadcast = notify_new_factchecks(services.state, services.settings,
                                      [fc for fc in announced if isinstance(fc, FactCheck)])
    if broadcast.queued or broadcast.templates:
        services.worker.outbox_event.set()
    return {"ingest": summary.to_dict(), "broadcast": broadcast.to_dict()}
