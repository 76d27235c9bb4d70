"""Answers for the tipline: the answer layer behind a short-lived cache.

On a tipline the same forward arrives from hundreds of readers within minutes; answering it
once and reusing the answer for a minute keeps replies flowing during a viral burst. Every
question is still logged to the archive (the newsroom counts askers), and the cache is
dropped whenever the archive changes through the server (the state's generation counter).
"""

from __future__ import annotations

import dataclasses
import gc
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from saring.model import Answer

log = logging.getLogger("saring.channels")

CACHE_ENTRIES = 10_000
WARM_UP_QUESTION = "benarkah ada pemadaman listrik total di Jawa dan Bali minggu depan?"


def cache_key(text: str) -> str:
    return " ".join(text.split()).casefold()


class Answering:
    """Opens the archive and the answerer lazily, answers through the cache."""

    def __init__(self, db: str, ttl: float, store: Any = None,
                 answerer_factory: Callable[[Any], Any] | None = None):
        self.db = db
        self.ttl = ttl
        self._store = store
        self.owns_store = store is None  # a store handed in belongs to the caller
        self._factory = answerer_factory
        self._answerer: Any = None
        self._cache: OrderedDict[tuple[str, int], tuple[float, Answer]] = OrderedDict()
        self._generation = None
        self._deferred = threading.local()  # this thread's log lines held back (deferred_logs)
        self._lock = threading.RLock()
        self.hits = self.misses = 0

    @property
    def store(self) -> Any:
        with self._lock:
            if self._store is None:
                from saring.archive import open_store

                self._store = open_store(self.db)
            return self._store

    def answerer(self) -> Any:
        with self._lock:
            if self._answerer is None:
                if self._factory is None:
                    from saring.answer import Answerer

                    self._factory = Answerer
                self._answerer = self._factory(self.store)
                if hasattr(self._answerer, "log_queries"):
                    self._answerer.log_queries = False  # logged here, hit or miss (_log)
            return self._answerer

    def warm_up(self) -> None:
        """For a long-running server: answer one question (the answer layer's dictionaries,
        vectors and tables load on first use), then freeze what is loaded (``gc.freeze``).

        The garbage collector's full collections otherwise walk those millions of long-lived
        objects, a pause of tens of milliseconds inside whichever reader's answer is being
        worked out. Nothing is logged or cached."""
        try:
            self.answerer().ask(WARM_UP_QUESTION, limit=1, channel="warm-up")
        except Exception as exc:  # noqa: BLE001 - the first real question will report it
            log.warning("warm-up question failed: %s", exc)
        gc.freeze()

    def invalidate(self, generation: Any = None) -> None:
        """Forget cached answers (and the answerer's tables) when the archive changed."""
        with self._lock:
            if generation is not None and generation == self._generation:
                return
            self._generation = generation
            self._cache.clear()
            self._answerer = None

    def ask(self, text: str, channel: str, limit: int = 3) -> Answer:
        key, now = (cache_key(text), limit), time.monotonic()
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None and cached[0] > now:
                self._cache.move_to_end(key)
                self.hits += 1
                answer = dataclasses.replace(cached[1], query=text)
                self._log(answer, channel)
                return answer
        answer = self.answerer().ask(text, limit=limit, channel=channel)
        self._log(answer, channel)
        with self._lock:
            self.misses += 1
            self._cache[key] = (now + self.ttl, answer)
            while len(self._cache) > CACHE_ENTRIES:
                self._cache.popitem(last=False)
        return answer

    @contextmanager
    def deferred_logs(self) -> Iterator[list[Callable[[], None]]]:
        """Questions asked in this thread meanwhile are not logged but listed, as calls that log
        them: the tipline logs a question once its reply is committed (not when a replica
        answered it in vain)."""
        held: list[Callable[[], None]] = []
        self._deferred.held = held
        try:
            yield held
        finally:
            self._deferred.held = None

    def _log(self, answer: Answer, channel: str) -> None:
        held = getattr(self._deferred, "held", None)
        if held is not None:
            held.append(lambda: self._write_log(answer, channel))
        else:
            self._write_log(answer, channel)

    def _write_log(self, answer: Answer, channel: str) -> None:
        try:
            self.store.log_query(answer.query, answer.normalized_query, not answer.no_match,
                                 top_id=answer.matches[0].id if answer.matches else "",
                                 channel=channel)
        except Exception as exc:  # the reply matters more than the log line
            log.warning("could not log query: %s", exc)

    def close(self) -> None:
        """Close the archive this opened; a later question opens it again (an application
        whose lifespan is run again, as test clients do, keeps answering)."""
        with self._lock:
            if self.owns_store and self._store is not None:
                self._store.close()
                self._store = self._answerer = None
