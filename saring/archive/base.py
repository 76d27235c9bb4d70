"""The Store interface and everything both backends share: keys, dedup, filters, ranking rules,
snippets, the ingest loop and its progress bar.

A backend only supplies storage primitives (look up rows, insert, update, rank matching rows);
every decision about what is new, changed, unchanged or a near-duplicate is taken here, so the
SQLite file and the PostgreSQL server behave the same and one test suite covers both.
"""

from __future__ import annotations

import calendar
import hashlib
import itertools
import json
import re
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from saring.archive.analysis import composed, parts, query_tokens, stems, word_spans, words
from saring.archive.dedup import MinHasher, canonical_url, content_hash, host_of, stable_id
from saring.errors import InputError
from saring.model import (
    Article,
    FactCheck,
    Failure,
    IngestSummary,
    Item,
    SearchHit,
    check_types,
    item_from_dict,
    item_to_dict,
)
from saring.text.tokens import _TOKEN, fold, stem

# Indexed fields, in index column order. Ranking weights follow the issue: what was claimed
# and the headline count most, the fact-checker's conclusion next, the body least.
FIELDS = ("claim", "title", "conclusion", "body")
DEFAULT_WEIGHTS = {"claim": 3.0, "title": 3.0, "conclusion": 2.0, "body": 1.0}
# The answer layer's first stage searches with these (the embedded index keeps a field scored
# with exactly each of these weightings: saring.archive.textindex.PROFILES).
HEADLINE_WEIGHTS = {"claim": 3.0, "title": 4.0, "conclusion": 1.5}
NEWS_TEXT_WEIGHTS = {"title": 4.0, "body": 1.0}
KINDS = ("news", "factcheck")
# BM25 parameters of SQLite FTS5's bm25(); the PostgreSQL backend computes the same formula.
BM25_K1 = 1.2
BM25_B = 0.75
# Not what an item says: the language layer's enrichment, the id, and what the reader removed
# (promos differ between two scrapes of the same page). A change there is not an update.
NOT_CONTENT = ("sentences", "attributions", "entities", "times", "quantities", "id", "boilerplate",
               "warnings")


def name_key(name: str) -> str:
    """How speaker and entity names are compared: folded, single-spaced."""
    return " ".join(fold(name).split())


_DOMAIN_SUFFIX = re.compile(r"\.(co\.id|or\.id|go\.id|ac\.id|web\.id|com|id|net|org|tv|co)\b")


def outlet_key(name: str) -> str:
    """How outlets are compared: "Liputan6.com", "liputan6" and "www.liputan6.com" agree."""
    name = fold(name).strip()
    name = re.sub(r"^https?://", "", name)
    name = re.sub(r"^(www|m)\.", "", name)
    return re.sub(r"[^a-z0-9]", "", _DOMAIN_SUFFIX.sub("", name))


def _date_bound(value: str | None, upper: bool) -> str | None:
    """'2026', '2026-01' or '2026-01-15' as the first (or last) day it covers."""
    if not value:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value.strip())
    if not m:
        raise InputError(f"bad date {value!r}: use YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = int(m[1]), int(m[2] or (12 if upper else 1)), m[3]
    if not 1 <= month <= 12:
        raise InputError(f"bad date {value!r}: month out of range")
    last = calendar.monthrange(year, month)[1]
    day_n = int(day) if day else (last if upper else 1)
    if not 1 <= day_n <= last:
        raise InputError(f"bad date {value!r}: day out of range")
    return f"{year:04d}-{month:02d}-{day_n:02d}"


@dataclass
class Filters:
    """Validated search filters, in the form the backends compare against stored columns."""

    kind: str | None = None
    outlet: str | None = None  # outlet_key prefix
    since: str | None = None  # inclusive YYYY-MM-DD
    until: str | None = None
    speaker: str | None = None  # name_key
    entity: str | None = None

    @classmethod
    def build(cls, kind=None, outlet=None, since=None, until=None, speaker=None, entity=None) -> Filters:
        if kind and kind not in KINDS:
            raise InputError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
        filters = cls(
            kind=kind or None,
            outlet=outlet_key(outlet) if outlet else None,
            since=_date_bound(since, upper=False),
            until=_date_bound(until, upper=True),
            speaker=name_key(speaker) if speaker else None,
            entity=name_key(entity) if entity else None,
        )
        if filters.since and filters.until and filters.since > filters.until:
            raise InputError(f"--since {since} is after --until {until}")
        return filters


class Row(NamedTuple):
    """What the ingest decisions need to know about a stored item."""

    rowid: int
    id: str
    fingerprint: str
    signature: bytes | None
    duplicate_of: str | None
    kind: str


class Ranked(NamedTuple):
    """One ranked match from a backend, with the columns a SearchHit shows."""

    rowid: int
    id: str
    kind: str
    score: float
    title: str
    url: str
    published: str
    outlet: str
    verdict: str
    verdict_label: str
    duplicate_of: str | None


@dataclass
class Doc:
    """An item prepared for storage: its key, id, hashes and the texts of the indexed fields."""

    item: Item
    id: str
    url: str
    content_hash: str
    fingerprint: str
    texts: dict[str, str] = field(default_factory=dict)  # FIELDS -> text
    terms: dict[str, list[str]] = field(default_factory=dict)  # FIELDS -> index terms
    signature: bytes | None = None
    duplicate_of: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.item.kind

    @property
    def outlet(self) -> str:
        item = self.item
        name = item.publisher if isinstance(item, FactCheck) else item.source
        return name or host_of(item.url)

    @property
    def pub_date(self) -> str:
        published = self.item.published or ""
        return published[:10] if re.match(r"\d{4}-\d{2}-\d{2}", published) else ""

    @property
    def verdict(self) -> tuple[str, str]:
        item = self.item
        return (item.verdict, item.verdict_label) if isinstance(item, FactCheck) else ("", "")

    @property
    def speakers(self) -> list[tuple[str, str]]:
        """(key, name as written) for every speaker of the article's attributions."""
        out: dict[str, str] = {}
        for attribution in getattr(self.item, "attributions", None) or []:
            for name in (attribution.speaker_canonical, attribution.speaker):
                if name:
                    out.setdefault(name_key(name), name)
        return list(out.items())

    @property
    def entities(self) -> list[tuple[str, str, str]]:
        """(key, canonical, label) for every name an entity of the article is written as."""
        out: dict[tuple[str, str], str] = {}
        for entity in getattr(self.item, "entities", None) or []:
            for name in (entity.canonical, *entity.aliases):
                if name:
                    out.setdefault((name_key(name), entity.canonical), entity.label)
        return [(key, canonical, label) for (key, canonical), label in out.items()]

    def stored_json(self) -> str:
        return json.dumps(item_to_dict(self.item), ensure_ascii=False, separators=(",", ":"))


# --------------------------------------------------------------------------- validation

WEB_SCHEMES = ("http", "https")
# Characters no stored text keeps: lone surrogates (no UTF-8 encoder accepts them) and NUL
# (PostgreSQL refuses it in text).
_UNSTORABLE = re.compile("[\ud800-\udfff\x00]")
_CONTROL = re.compile("[\x00-\x1f\x7f]")
_HAS_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_URL_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S")


def clean_text(text: str) -> str:
    """Text from outside as every store and encoder takes it: lone surrogates and NUL become
    U+FFFD (what a JSON body or a webhook may carry, and what would fail a whole commit)."""
    return _UNSTORABLE.sub("\ufffd", text)


def web_url(url: str) -> bool:
    """Is `url` an absolute http(s) URL with a host and a readable port? Nothing else may ever
    become a link (javascript:, data:, vbscript: ... run on the page's origin)."""
    if not isinstance(url, str) or not url or _CONTROL.search(url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises on a port that is not a number
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)


def _stored_url(url: str) -> str:
    """An item's URL as stored: stripped, https:// added to a bare host, else it must be web."""
    url = url.strip()
    if url and not _HAS_SCHEME.match(url) and not url.startswith("/"):
        url = "https://" + url
    if url and not web_url(url):
        raise InputError(f"url {url[:80]!r} is not an http(s) URL with a host")
    return url


def validate(item: Any) -> Item:
    """An item as the archive stores it, or InputError saying what is wrong with it.

    Items come from CSV, JSONL and HTTP bodies, where any field may hold anything: every field
    must have its declared type, text is cleaned, and only http(s) URLs are kept (an item's
    own URL must be one; a reference or claim source that is some other kind of URL is dropped).
    """
    if not isinstance(item, (Article, FactCheck)):
        raise InputError(f"not an article or a fact-check: {type(item).__name__}")
    try:
        check_types(item, clean_text)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    item.url = _stored_url(item.url)
    if isinstance(item, FactCheck):
        item.references = [r for r in item.references if not _URL_LIKE.match(r.strip()) or web_url(r.strip())]
        if _URL_LIKE.match(item.claim_source.strip()) and not web_url(item.claim_source.strip()):
            item.claim_source = ""
    return item


def field_texts(item: Item) -> dict[str, str]:
    """The indexed fields of an item: a news article has only a title and a body."""
    if isinstance(item, FactCheck):
        return {"claim": item.claim, "title": item.title, "conclusion": item.conclusion,
                "body": item.explanation}
    body = "\n\n".join(p for p in [item.lead, *item.body] if p)
    return {"claim": "", "title": item.title, "conclusion": "", "body": body}


def prepare(item: Item, minhasher: MinHasher) -> Doc:
    """Key, id, hashes and index terms of an item (its text is analysed once, here).

    Raises InputError for an item with no words at all.
    """
    texts = field_texts(item)
    field_words = {name: words(texts[name]) for name in FIELDS}
    all_words = [w for name in FIELDS for w in field_words[name]]
    if not all_words:
        raise InputError("item has no title and no text")
    url = canonical_url(item.url)
    chash = content_hash(all_words)
    key = f"url:{url}" if url else f"hash:{chash}"
    doc_id = stable_id(key)
    reader_view = {k: v for k, v in item_to_dict(item).items() if k not in NOT_CONTENT}
    fingerprint = hashlib.blake2b(
        json.dumps(reader_view, sort_keys=True, ensure_ascii=False).encode("utf-8"), digest_size=12
    ).hexdigest()
    item.id = doc_id
    # Syndicated news keeps the body and rewrites the headline; a fact-check is all its text.
    shingled = all_words if isinstance(item, FactCheck) else field_words["body"] or all_words
    return Doc(item=item, id=doc_id, url=url, content_hash=chash, fingerprint=fingerprint, texts=texts,
               terms={name: stems(field_words[name]) for name in FIELDS},
               signature=minhasher.signature(shingled))


# --------------------------------------------------------------------------- snippets

SNIPPET_TOKENS = 32
SNIPPET_SCAN_CHARS = 30_000


def snippet(data: dict, stems: set[str], width: int = SNIPPET_TOKENS) -> str:
    """The passage of a stored item (its JSON) with most query terms, matched words in [brackets].

    Works on the JSON rather than a rebuilt Article: hits are shown in milliseconds.
    """
    if data.get("kind") == "factcheck":
        fields_ = [data.get("claim"), data.get("conclusion"), data.get("explanation")]
    else:
        fields_ = [data.get("lead"), *(data.get("body") or [])]
    texts: list[str] = [t for t in fields_ if isinstance(t, str)]  # a field may be absent (None)
    texts = [t for t in texts if t]
    title = data.get("title") or ""
    # The passage comes from the text holding most query terms: each text's distinct words tell
    # (in C, at regex speed); only that one is walked word by word.
    best: tuple[int, str, set[str]] = (0, "", set())
    for text in texts + [title]:  # the title is shown anyway: the last resort
        if text is title and best[0]:
            break
        text = composed(text[:SNIPPET_SCAN_CHARS])
        distinct = set(_TOKEN.findall(fold(text)))
        found = set().union(*map(_stems_of, distinct)) & stems
        if len(found) > best[0]:
            best = (len(found), text, distinct)
        if len(found) == len(stems):
            break
    if best[0]:
        text, forms = best[1], {w for w in best[2] if not _stems_of(w).isdisjoint(stems)}
        count, passage = _best_passage(*_region(text, forms, stems, width), stems, width)
        if count:
            return passage
    plain = " ".join((texts[0] if texts else "").split())
    return plain if len(plain) <= 200 else plain[:200].rsplit(" ", 1)[0] + " …"


@lru_cache(maxsize=200_000)
def _stems_of(token: str) -> frozenset[str]:
    """The stems a folded token matches (its parts', for a compound)."""
    return frozenset(stem(p) for p in parts(token))


def _region(text: str, forms: set[str], stems: set[str], width: int) -> tuple[str, bool, bool]:
    """The part of a long text around its best cluster of query words, found by regex (only
    that part is walked word by word), and whether it starts and ends the text."""
    reach = width * 8  # characters of ``width`` words, about
    if len(text) <= 3 * reach or not text.isascii():
        return text, True, True
    pattern = re.compile(r"(?<![0-9a-z])(?:" + "|".join(map(re.escape, sorted(forms, key=len, reverse=True)))
                         + r")(?![0-9a-z])")
    hits = [(m.start(), _stems_of(m.group()) & stems) for m in itertools.islice(pattern.finditer(text.lower()), 200)]
    if not hits:
        return text, True, True
    best, best_terms = 0, set[str]()
    for j, (at, _) in enumerate(hits):
        terms = set().union(*(m for k, m in hits[j:] if k < at + reach))
        if len(terms) > len(best_terms):
            best, best_terms = at, terms
    start = text.rfind(" ", 0, max(0, best - 60)) + 1
    end = text.find(" ", min(len(text), best + 2 * reach))
    end = len(text) if end < 0 else end
    return text[start:end], start == 0, end == len(text)


def _best_passage(text: str, at_text_start: bool, at_text_end: bool, stems: set[str],
                  width: int) -> tuple[int, str]:
    tokens = word_spans(text)
    hits = []
    for i, (_, _, token) in enumerate(tokens):
        matched = _stems_of(token) & stems
        if matched:
            hits.append((i, matched))
    if not hits:
        return 0, ""
    best_start, best_terms = 0, set[str]()
    for j, (i, _) in enumerate(hits):
        terms = set().union(*(m for k, m in hits[j:] if k < i + width))
        if len(terms) > len(best_terms):
            best_start, best_terms = i, terms
    first = max(0, best_start - 4)
    last = min(len(tokens), first + width) - 1
    marked = {i for i, _ in hits if first <= i <= last}
    at_start, at_end = at_text_start and first == 0, at_text_end and last == len(tokens) - 1
    pieces, cursor = [], 0 if at_start else tokens[first][0]
    for i in range(first, last + 1):
        start, end, _ = tokens[i]
        if i in marked:
            pieces.append(text[cursor:start] + "[" + text[start:end] + "]")
            cursor = end
    pieces.append(text[cursor:] if at_end else text[cursor : tokens[last][1]])
    passage = " ".join("".join(pieces).split())
    prefix = "" if at_start else "… "
    suffix = "" if at_end else " …"
    return len(best_terms), prefix + passage + suffix


# --------------------------------------------------------------------------- progress


class IngestProgress(AbstractContextManager):
    """A live bar on stderr with counts and rate, for long ingests on a terminal."""

    def __init__(self, enabled: bool):
        self._progress = None
        if enabled:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                      console=Console(stderr=True), transient=True)  # stdout stays clean
        self._task: Any = None  # rich's TaskID once started
        self._start = time.perf_counter()

    def __enter__(self):
        if self._progress:
            self._progress.start()
            self._task = self._progress.add_task("ingesting…", total=None)
        return self

    def update(self, summary: IngestSummary) -> None:
        if not self._progress:
            return
        done = summary.new + summary.updated + summary.unchanged + summary.duplicates + summary.failed
        rate = done / max(time.perf_counter() - self._start, 1e-9)
        self._progress.update(self._task, description=(
            f"{done:,} items · {summary.new:,} new · {summary.updated:,} updated · "
            f"{summary.unchanged:,} unchanged · {summary.duplicates:,} duplicates · "
            f"{summary.failed:,} failed · {rate:,.0f}/s"))

    def __exit__(self, *exc):
        if self._progress:
            self._progress.stop()
        return False


# --------------------------------------------------------------------------- the store


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class Store(ABC):
    """An archive of news and fact-checks with Indonesian full-text search.

    Open one with ``saring.archive.open_store``; use it as a context manager.
    """

    backend = ""
    location = ""  # the file or URL, for messages
    batch_size = 1000
    # The backend's errors that mean the database, not an item, is at fault (they stop an ingest).
    store_errors: tuple[type[BaseException], ...] = (OSError, MemoryError)

    def __init__(self) -> None:
        self.minhasher = MinHasher()

    # ---------------------------------------------------------------- ingest

    def ingest(self, items: Iterable[Item | Failure], progress: bool = False,
               enrich: Callable[[Item], Item] | None = None) -> IngestSummary:
        """Store items in transactional batches; Failures (and unusable items) are counted.

        ``enrich`` (e.g. the language layer's ``analyze``) runs only on new or changed items,
        outside the write lock. Re-ingesting the same input changes nothing.
        """
        summary = IngestSummary()
        start = time.perf_counter()
        with IngestProgress(progress) as bar:
            for batch in _batches(items, self.batch_size):
                docs = []
                for position, item in enumerate(batch):
                    if isinstance(item, Failure):
                        self._fail(summary, item)
                        continue
                    try:
                        docs.append(prepare(validate(item), self.minhasher))
                    except InputError as exc:
                        self._fail(summary, Failure(_label(item, position), str(exc)))
                    except Exception as exc:  # an item no check foresaw: reported, never fatal
                        self._fail(summary, Failure(_label(item, position),
                                                    f"unusable item: {type(exc).__name__}: {exc}"))
                self._write_batch(docs, summary, enrich)
                bar.update(summary)
        summary.seconds = round(time.perf_counter() - start, 3)
        return summary

    @staticmethod
    def _fail(summary: IngestSummary, failure: Failure) -> None:
        summary.failed += 1
        summary.failures.append(failure)

    def _write_batch(self, docs: list[Doc], summary: IngestSummary,
                     enrich: Callable[[Item], Item] | None) -> None:
        stored = self._fingerprints([d.id for d in docs])
        todo: dict[str, Doc] = {}
        for doc in docs:
            previous = todo[doc.id].fingerprint if doc.id in todo else stored.get(doc.id)
            if previous == doc.fingerprint:
                summary.unchanged += 1
                continue
            if doc.id in todo:  # the same key twice in one batch with different content: last wins
                self._write_safely(list(todo.values()), summary)
                todo.clear()
            if enrich is not None:
                try:
                    doc.item = enrich(doc.item)
                    doc.item.id = doc.id
                except Exception as exc:  # enrichment is optional: store the item as read, say why
                    if isinstance(doc.item, Article):
                        doc.item.warnings.append(f"language analysis failed: {type(exc).__name__}: {exc}")
            todo[doc.id] = doc
        if todo:
            self._write_safely(list(todo.values()), summary)

    def _write_safely(self, docs: list[Doc], summary: IngestSummary) -> None:
        """Write a batch in one transaction; if it fails, write its items one transaction each,
        so an item the database refuses is a reported failure and the rest still go in."""
        counts = (summary.new, summary.updated, summary.unchanged, summary.duplicates)
        try:
            self._write_docs(docs, summary)
            return
        except self.store_errors:
            raise  # the database itself is unusable (disk full, locked, gone): not an item's fault
        except Exception:
            summary.new, summary.updated, summary.unchanged, summary.duplicates = counts
        for doc in docs:
            try:
                self._write_docs([doc], summary)
            except self.store_errors:
                raise
            except Exception as exc:
                self._fail(summary, Failure(doc.url or doc.id, f"not stored: {type(exc).__name__}: {exc}"))

    def _write_docs(self, docs: list[Doc], summary: IngestSummary) -> None:
        with self._write_transaction():
            current = self._rows([d.id for d in docs])
            for doc in docs:
                row = current.get(doc.id)
                if row is not None and (row.fingerprint == doc.fingerprint or self._older(doc, row)):
                    summary.unchanged += 1  # stored meanwhile, or an older copy of a revised item
                    continue
                doc.duplicate_of = self._find_duplicate(doc, exclude=row.rowid if row else None)
                if row is not None:
                    self._update(row, doc)
                    summary.updated += 1
                    continue
                self._insert(doc)
                if doc.duplicate_of:
                    summary.duplicates += 1
                else:
                    summary.new += 1

    def _older(self, doc: Doc, row: Row) -> bool:
        """Is the incoming version dated before the stored one? (Scrapes of a page made before
        and after an update must leave the updated version, in whatever order they come.)"""
        incoming = _revised(item_to_dict(doc.item))
        stored = _revised(self._stored_json([row.rowid]).get(row.rowid, {}))
        return incoming is not None and stored is not None and incoming < stored

    def _find_duplicate(self, doc: Doc, exclude: int | None) -> str | None:
        """The id of the group an item repeats (same text, or near-same by MinHash), if any."""
        exact = self._by_content_hash(doc.content_hash, doc.kind, exclude)
        if exact is not None:
            return exact.duplicate_of or exact.id
        if doc.signature is None:
            return None
        best, best_sim = None, self.minhasher.threshold
        for row in self._candidates(self.minhasher.buckets(doc.signature), doc.kind, exclude):
            if row.signature is None:
                continue
            sim = self.minhasher.similarity(doc.signature, row.signature)
            if sim >= best_sim:
                best, best_sim = row, sim
        return (best.duplicate_of or best.id) if best else None

    # ---------------------------------------------------------------- search

    def search(self, query: str, *, kind: str | None = None, outlet: str | None = None,
               since: str | None = None, until: str | None = None, speaker: str | None = None,
               entity: str | None = None, limit: int = 10) -> list[SearchHit]:
        """BM25 over claim, title, conclusion and body; all words first, any word if none match.

        Near-duplicates collapse into their best-ranked member; hits carry highlighted snippets.
        """
        filters = Filters.build(kind, outlet, since, until, speaker, entity)
        tokens = query_tokens(query)
        if not tokens or limit <= 0:
            return []
        fetch = limit * 2 + 5
        ranked = self._rank(tokens, DEFAULT_WEIGHTS, filters, fetch, any_term=False)
        if not ranked and len(tokens) > 1:
            ranked = self._rank(tokens, DEFAULT_WEIGHTS, filters, fetch, any_term=True)
        ranked = _collapse(ranked)[:limit]
        stored = self._stored_json([r.rowid for r in ranked])
        stems = {stem(t) for t in tokens}
        return [_hit(r, snippet(stored[r.rowid], stems)) for r in ranked if r.rowid in stored]

    def search_fields(self, query: str, fields: dict[str, float], *, kind: str | None = None,
                      limit: int = 50, any_term: bool = True) -> list[SearchHit]:
        """First-stage retrieval for the answer layer: BM25 over the given fields only, with the
        caller's weights (e.g. {"claim": 4, "title": 2, "conclusion": 1}); any word matches by
        default. No snippets and no duplicate collapsing (the caller re-ranks)."""
        unknown = set(fields) - set(FIELDS)
        if unknown or not any(w > 0 for w in fields.values()):
            raise InputError(f"fields must weigh some of {', '.join(FIELDS)}; got {sorted(fields)}")
        weights = {f: float(fields.get(f, 0.0)) for f in FIELDS}
        tokens = query_tokens(query)
        if not tokens or limit <= 0:
            return []
        ranked = self._rank(tokens, weights, Filters.build(kind), limit, any_term=any_term)
        return [_hit(r, "") for r in ranked]

    def document_frequencies(self, words: Iterable[str]) -> tuple[dict[str, int], int]:
        """How many archived items hold each word (through the index's own analyser; words no
        item holds are left out) and how many items the archive has. The answer layer weighs a
        reader's words by them: a word the archive never saw cannot tell its items apart."""
        tokens = list(dict.fromkeys(t for w in words for t in query_tokens(w)))
        return self._document_frequencies(tokens)

    @abstractmethod
    def _document_frequencies(self, tokens: list[str]) -> tuple[dict[str, int], int]: ...

    # ---------------------------------------------------------------- reading

    def get(self, id: str) -> Item | None:
        found = self.get_many([id])
        return found[0] if found else None

    def get_many(self, ids: Iterable[str]) -> list[Item]:
        """Items in the order asked; unknown ids are skipped."""
        ids = list(ids)
        by_id = {data["id"]: item_from_dict(data) for data in self._stored_by_id(ids)}
        return [by_id[i] for i in ids if i in by_id]

    def get_by_url(self, url: str) -> Item | None:
        canon = canonical_url(url)
        return self.get(stable_id(f"url:{canon}")) if canon else None

    def duplicates(self, id: str) -> list[str]:
        """Ids of every item in the same near-duplicate group as ``id`` (itself included)."""
        return self._group(id)


    # ---------------------------------------------------------------- query log

    @staticmethod
    def _now() -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())

    # ---------------------------------------------------------------- lifecycle

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---------------------------------------------------------------- backend primitives

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def optimize(self) -> None:
        """Make queries fast again after a bulk load."""

    @abstractmethod
    def stats(self) -> dict: ...

    @abstractmethod
    def log_query(self, text: str, normalized: str, answered: bool, top_id: str = "",
                  channel: str = "cli") -> None: ...

    @abstractmethod
    def query_log(self, since: str | None = None, answered: bool | None = None) -> list[dict]: ...

    @abstractmethod
    def changed_since(self, since: str, limit: int = 1000) -> list[tuple[str, str]]:
        """(id, updated_at) of the items stored or changed at or after `since` (UTC, as the
        archive writes it), oldest first: how another process notices an ingest."""

    @abstractmethod
    def _fingerprints(self, ids: list[str]) -> dict[str, str]:
        """id -> stored fingerprint, read without taking the write lock."""

    @abstractmethod
    def _write_transaction(self) -> AbstractContextManager:
        """One batch's transaction, holding the store-wide write lock (ingests serialise)."""

    @abstractmethod
    def _rows(self, ids: list[str]) -> dict[str, Row]: ...

    @abstractmethod
    def _by_content_hash(self, chash: str, kind: str, exclude: int | None) -> Row | None: ...

    @abstractmethod
    def _candidates(self, buckets: list[int], kind: str, exclude: int | None) -> list[Row]: ...

    @abstractmethod
    def _insert(self, doc: Doc) -> None: ...

    @abstractmethod
    def _update(self, row: Row, doc: Doc) -> None: ...

    @abstractmethod
    def _rank(self, tokens: list[str], weights: dict[str, float], filters: Filters, limit: int,
              any_term: bool) -> list[Ranked]:
        """Matching rows, best first, scored like FTS5's bm25() with the given field weights."""

    @abstractmethod
    def _stored_json(self, rowids: list[int]) -> dict[int, dict]:
        """rowid -> the item's stored JSON (as ``item_to_dict`` made it)."""

    @abstractmethod
    def _stored_by_id(self, ids: list[str]) -> list[dict]: ...

    @abstractmethod
    def _group(self, id: str) -> list[str]: ...


def filter_sql(filters: Filters, placeholder: str) -> tuple[str, list]:
    """SQL conditions on ``items i`` for the search filters, in either backend's dialect."""
    p = placeholder
    sql, params = [], []
    if filters.kind:
        sql.append(f"i.kind = {p}")
        params.append(filters.kind)
    if filters.outlet:  # prefix: "liputan6" also finds "Liputan6.com Cek Fakta"
        sql.append(f"i.outlet_key LIKE {p}")
        params.append(filters.outlet + "%")  # keys are [a-z0-9]: nothing to escape
    if filters.since:
        sql.append(f"i.pub_date >= {p}")
        params.append(filters.since)
    if filters.until:
        sql.append(f"i.pub_date != '' AND i.pub_date <= {p}")
        params.append(filters.until)
    if filters.speaker:
        sql.append(f"i.rowid IN (SELECT item FROM speakers WHERE key = {p})")
        params.append(filters.speaker)
    if filters.entity:
        sql.append(f"i.rowid IN (SELECT item FROM entities WHERE key = {p})")
        params.append(filters.entity)
    return "".join(" AND " + s for s in sql), params


def _label(item: Any, position: int) -> str:
    """How a failure names an item: its URL when it has a usable one, else its place."""
    url = getattr(item, "url", "")
    return url[:200] if isinstance(url, str) and url.strip() else f"item {position + 1}"


def _revised(data: dict) -> datetime | None:
    """When an item was last revised (updated, else published), if it says so."""
    stamp = data.get("updated") or data.get("published") or ""
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _collapse(ranked: list[Ranked]) -> list[Ranked]:
    """Keep the best-ranked member of each near-duplicate group."""
    seen, out = set(), []
    for r in ranked:
        group = r.duplicate_of or r.id
        if group not in seen:
            seen.add(group)
            out.append(r)
    return out


def _hit(r: Ranked, snippet_text: str) -> SearchHit:
    return SearchHit(id=r.id, kind=r.kind, score=r.score, title=r.title, url=r.url,
                     published=r.published, source=r.outlet, verdict=r.verdict,
                     verdict_label=r.verdict_label, snippet=snippet_text)
