"""The embedded archive's full-text index: tantivy (Rust, BM25 with block-max WAND, mmap'd
segments) in a directory beside the SQLite file, fed the terms of saring's own analyser.

SQLite stays the record of truth. The index holds, per item, its rowid and what search filters
on (kind, outlet key, date, speaker and entity keys) plus the four text fields, already
analysed: the stems go in joined by spaces and tantivy's whitespace tokenizer splits them back.
One index for both kinds, so their BM25 statistics, and so their scores, are shared.

Scoring is tantivy's BM25 (k1 1.2, b 0.75) over fields built to score as FTS5's bm25() scored a
row before (the answer layer's model was fitted to those scores); top-k is exact (block-max WAND
skips only what cannot enter the top k). Per-field BM25 summed is wrong for a field only
fact-checks have (claim, conclusion): its average length is taken over every item, news
included, so a claim looks dozens of times too long and hardly counts. So each weighting the
archive is searched with (``PROFILES``) has a field of its own, holding every weighted field's
terms repeated as often as its weight (the frequency FTS5 weighed), padded to a multiple of the
item's whole length (the length FTS5 normed by); each word's idf is made the archive-wide one
by a boost (``idf``). Any other weighting sums the fields' own scores.
"""

from __future__ import annotations

import fcntl
import math
import os
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import tantivy

from saring.archive.base import DEFAULT_WEIGHTS, FIELDS, HEADLINE_WEIGHTS, NEWS_TEXT_WEIGHTS
from saring.errors import StoreError

TEXT_FIELDS = FIELDS
# profile field -> (the weights it serves, how often each field's terms are repeated in it, a
# factor on its scores). Weights of 1.5 need every frequency doubled, which saturates later: the
# factor brings a typical match (weighted frequency 4, norm 1.2) back to FTS5's score.
PROFILES = {
    "weighted_all": (DEFAULT_WEIGHTS, {"claim": 3, "title": 3, "conclusion": 2, "body": 1}, 1.0),
    "weighted_headline": (HEADLINE_WEIGHTS, {"claim": 6, "title": 8, "conclusion": 3}, 0.885),
    "weighted_news": (NEWS_TEXT_WEIGHTS, {"title": 4, "body": 1}, 1.0),
}
# A profile field is padded with this token (never a term: the analyser's words have no "~") to
# PAD_TIMES the item's whole length: its length norm is then the whole item's against the
# average item, as FTS5 weighed a row, whichever fields the profile holds.
PAD = "~"
PAD_TIMES = 3
EVERY_TERM = "weighted_all"  # holds every term: how many items hold a word
# Raise when the fields change: an index of another layout is rebuilt from the records.
LAYOUT = "2"
WRITER_HEAP = 64_000_000  # bytes; the writer flushes a segment when it is full (memory stays flat)
LOCK_WAIT_S = 600.0
FREQUENCIES_KEPT = 200_000  # document frequencies remembered between reloads
OTHER_KINDS_MAX = 50_000  # documents of other kinds from which a kind filter is part of the query
FETCH_SPARE = 10  # hits fetched beyond twice the limit when the other kinds are filtered out after


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("rowid", indexed=True, fast=True)
    builder.add_integer_field("pub_date", indexed=True, fast=True)  # YYYYMMDD, 0 when undated
    for name in ("kind", "outlet", "speaker", "entity"):
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for name in (*TEXT_FIELDS, *PROFILES):
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="freq")
    return builder.build()


SCHEMA = _schema()


@dataclass
class Entry:
    """One item as the index holds it."""

    rowid: int
    kind: str
    terms: dict[str, list[str]]  # TEXT_FIELDS -> stems
    pub_date: str  # YYYY-MM-DD or ""
    outlet: str  # outlet_key
    speakers: list[str]
    entities: list[str]

    def document(self) -> tantivy.Document:
        doc = tantivy.Document(rowid=self.rowid, kind=self.kind,
                               pub_date=date_number(self.pub_date), outlet=self.outlet)
        for name in TEXT_FIELDS:
            if self.terms[name]:
                doc.add_text(name, " ".join(self.terms[name]))
        length = sum(len(terms) for terms in self.terms.values())
        for profile, (_, repeats, _) in PROFILES.items():
            pad = PAD_TIMES * length - sum(n * len(self.terms[name]) for name, n in repeats.items())
            doc.add_text(profile, " ".join([*(" ".join(self.terms[name]) for name, n in repeats.items()
                                              if self.terms[name] for _ in range(n)), *[PAD] * pad]))
        for key in dict.fromkeys(self.speakers):
            doc.add_text("speaker", key)
        for key in dict.fromkeys(self.entities):
            doc.add_text("entity", key)
        return doc


def _profile(weights: dict[str, float]) -> list[tuple[str, float]]:
    """[(profile field, boost)] when the weights are a profile's (or a multiple of them)."""
    given = {name: w for name, w in weights.items() if w > 0}
    for profile, (served, _, factor) in PROFILES.items():
        if given.keys() == served.keys():
            ratios = {given[name] / served[name] for name in given}
            if max(ratios) - min(ratios) < 1e-9:
                return [(profile, ratios.pop() * factor)]
    return []


def idf(df: int, docs: int) -> float:
    """The idf a word scores with: FTS5 bm25()'s, over items holding it in any field (archive
    wide, both kinds alike), floored just above 0. Tantivy's own, ln(1 + (N - n + .5)/(n + .5)),
    still gives a word half the items hold a weight of ln 2; the answer layer's model was fitted
    to this one, under which such a word counts for nothing."""
    df = min(df, docs)  # an updated item counts twice until its old segment merges
    return max(math.log((docs - df + 0.5) / (df + 0.5)), 1e-6) if df else 0.0


class _View:
    """One searcher and what was looked up in it: document frequencies, and per kind the
    documents of the other kinds (see TextIndex.search)."""

    def __init__(self, searcher: tantivy.Searcher):
        self.searcher = searcher
        self.freqs: dict[tuple[str, str], int] = {}
        self.other_kinds: dict[str, frozenset[tuple[int, int]] | None] = {}


def _doc_freq(view: _View, field: str, term: str) -> int:
    """Items whose ``field`` holds ``term``, remembered in the view."""
    found = view.freqs.get((field, term))
    if found is None:
        if len(view.freqs) >= FREQUENCIES_KEPT:
            view.freqs.clear()
        found = view.freqs[(field, term)] = view.searcher.doc_freq(field, term)
    return found


def date_number(day: str) -> int:
    """'2024-01-05' -> 20240105; no date -> 0."""
    return int(day.replace("-", "")) if day else 0


@dataclass
class Match:
    """What a query asks of the index: words (each the stems of one query word), the fields'
    weights, and the filters (all already validated and folded)."""

    words: list[list[str]]
    weights: dict[str, float]
    any_term: bool
    kind: str | None = None
    outlet: str | None = None  # outlet_key prefix
    since: str | None = None
    until: str | None = None
    speaker: str | None = None
    entity: str | None = None


class TextIndex:
    """The tantivy index of one archive: ``path`` a directory, or None for one in memory.

    Writing goes through ``writing()``: a file lock (tantivy allows one writer per index, and
    ingests of several processes must wait their turn, not fail) and the writer, held until the
    outermost ``writing()`` ends.
    """

    def __init__(self, path: str | None, identity: str = ""):
        self.path = path
        self.identity = f"{LAYOUT} {identity}".strip()  # an index of another layout or archive is rebuilt
        self.created = False
        self._lock = threading.RLock()
        self._depth = 0
        self._lock_file: int | None = None
        self._writer: tantivy.IndexWriter | None = None
        self._view: _View | None = None
        try:
            self.index = self._open()
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot open the search index {path}: {exc}") from exc

    def _open(self) -> tantivy.Index:
        if self.path is None:
            self.created = True
            return tantivy.Index(SCHEMA)
        root = Path(self.path)
        layout = root / "saring-layout"
        if root.exists() and (not layout.exists() or layout.read_text().strip() != self.identity):
            with self._file_lock():  # nobody writes it while it is replaced
                shutil.rmtree(root)
        if not root.exists():
            root.mkdir(parents=True)
            layout.write_text(self.identity + "\n")
            self.created = True
        return tantivy.Index(SCHEMA, path=str(root), reuse=True)

    # ---------------------------------------------------------------- writing

    @contextmanager
    def _file_lock(self) -> Iterator[None]:
        if self.path is None:
            yield
            return
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + LOCK_WAIT_S
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreError(f"another process has been writing {self.path} for "
                                         f"{LOCK_WAIT_S:.0f} s: try again later") from None
                    time.sleep(0.05)
            yield
        finally:
            os.close(fd)  # releases the lock

    def try_writing(self) -> bool:
        """Is no other process writing the index now? (Checked without waiting.)"""
        if self.path is None or self._depth:
            return True
        fd = os.open(self.path + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False
        finally:
            os.close(fd)

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the index for writing (re-entrant); the writer goes when the outermost ends."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            with self._file_lock():
                self._depth = 1
                try:
                    yield
                finally:
                    self._depth = 0
                    writer, self._writer = self._writer, None
                    if writer is not None:
                        writer.rollback()  # whatever was not committed (a failed ingest)
                        writer.wait_merging_threads()

    def _writer_now(self) -> tantivy.IndexWriter:
        if not self._depth:
            raise RuntimeError("the index is written only inside writing()")
        if self._writer is None:
            self._writer = self.index.writer(WRITER_HEAP, 1)
        return self._writer

    def add(self, entries: Iterable[Entry], replace: bool) -> None:
        """Add items (``replace``: drop what the index holds under their rowids first)."""
        writer = self._writer_now()
        for entry in entries:
            if replace:
                writer.delete_documents_by_term("rowid", entry.rowid)
            writer.add_document(entry.document())

    def commit(self) -> None:
        """Make what was added durable and searchable."""
        if self._writer is not None:
            self._writer.commit()
        self.reload()

    def reload(self) -> None:
        self.index.reload()
        self._view = None

    def _searcher(self) -> _View:
        """The index as last reloaded, with what was looked up in it so far (one ask looks up
        the same words some sixty times, weighing them, then for each search's boosts: a term
        dictionary walk each). All of it is replaced at once, so nothing outlives its searcher;
        a reader sees what the archive's last commit it noticed holds."""
        view = self._view
        if view is None:
            view = self._view = _View(self.index.searcher())
        return view

    # ---------------------------------------------------------------- reading

    def search(self, match: Match, limit: int) -> list[tuple[int, float]]:
        """(rowid, score) of the best ``limit`` matches, best first (ties: lower rowid).

        Tantivy prunes a plain any-word query (block-max WAND: only documents that can still
        enter the top k are scored) but scores every match of a filtered one. A kind filter
        that nearly every item passes (news, in an archive of reports with a few thousand
        fact-checks) is therefore applied to the unfiltered query's top hits, when enough of
        them pass it; else the filtered query runs. Either way the result is its exact top."""
        view = self._searcher()
        if limit <= 0:
            return []
        hits = None
        others = self._other_kinds(match, view)
        if others is not None:
            query = self._query(replace(match, kind=None), view)
            fetch = limit + min(len(others), limit + FETCH_SPARE)
            found = view.searcher.search(query, fetch, count=False).hits if query is not None else []
            kept = [hit for hit in found if (hit[1].segment_ord, hit[1].doc) not in others]
            if len(kept) >= limit or len(found) < fetch:  # or every match was seen
                hits = kept[:limit]
        if hits is None:
            query = self._query(match, view)
            hits = view.searcher.search(query, limit, count=False).hits if query is not None else []
        if not hits:
            return []
        rowids = view.searcher.fast_field_values("rowid", [address for _, address in hits])
        return sorted(((int(rowid), float(score)) for (score, _), rowid in zip(hits, rowids) if rowid is not None),
                      key=lambda h: (-h[1], h[0]))

    @staticmethod
    def _other_kinds(match: Match, view: _View) -> frozenset[tuple[int, int]] | None:
        """The documents of other kinds than ``match.kind``, when it is an any-word search with
        no other filter and they are few (OTHER_KINDS_MAX); else None."""
        if not match.kind or not match.any_term or match.outlet or match.since or match.until \
                or match.speaker or match.entity:
            return None
        if match.kind not in view.other_kinds:
            Q, Occur = tantivy.Query, tantivy.Occur
            searcher = view.searcher
            others: frozenset[tuple[int, int]] | None = None
            if searcher.num_docs - _doc_freq(view, "kind", match.kind) <= OTHER_KINDS_MAX:
                query = Q.boolean_query([(Occur.Must, Q.all_query()),
                                         (Occur.MustNot, Q.term_query(SCHEMA, "kind", match.kind))])
                hits = searcher.search(query, OTHER_KINDS_MAX + 1, count=False).hits
                if len(hits) <= OTHER_KINDS_MAX:
                    others = frozenset((address.segment_ord, address.doc) for _, address in hits)
            view.other_kinds[match.kind] = others
        return view.other_kinds[match.kind]

    def _query(self, match: Match, view: _View) -> tantivy.Query | None:
        Q, Occur = tantivy.Query, tantivy.Occur
        fields = _profile(match.weights) or [(name, w) for name in TEXT_FIELDS
                                             if (w := match.weights.get(name, 0.0)) > 0]

        searcher = view.searcher
        docs = searcher.num_docs

        def stem_query(stem: str) -> list[tantivy.Query]:
            """The stem in each weighted field that has it, weighted by the field's weight and by
            the archive-wide idf over tantivy's own idf of the field (see ``idf``)."""
            out = []
            wide = idf(_doc_freq(view, EVERY_TERM, stem), docs)
            for name, w in fields:
                if df := min(_doc_freq(view, name, stem), docs):
                    tantivy_idf = math.log(1 + (docs - df + 0.5) / (df + 0.5))
                    boost = w * wide / tantivy_idf if tantivy_idf > 0 else w
                    out.append(Q.boost_query(Q.term_query(SCHEMA, name, stem, index_option="freq"), boost))
            return out

        words = [w for w in match.words if w]
        if not words or not fields:
            return None
        if match.any_term:  # one flat disjunction of (field, stem) terms: WAND-friendly
            clauses = [(Occur.Should, q) for word in words for stem in word for q in stem_query(stem)]
            text = Q.boolean_query(clauses)
        else:
            text = Q.boolean_query([(Occur.Must, Q.boolean_query([(Occur.Should, q) for q in stem_query(stem)]))
                                    for word in words for stem in word])
        filters = self._filters(match, searcher)
        if filters is None:
            return None
        if not filters:
            return text
        return Q.boolean_query([(Occur.Must, text), *((Occur.Must, Q.const_score_query(f, 0.0)) for f in filters)])

    @staticmethod
    def _filters(match: Match, searcher: tantivy.Searcher) -> list[tantivy.Query] | None:
        """The filters as queries; None when one can match nothing."""
        Q = tantivy.Query
        out = []
        if match.kind:
            out.append(Q.term_query(SCHEMA, "kind", match.kind))
        if match.outlet:  # a prefix: the outlets it names, from the term dictionary (a few)
            named = searcher.terms_with_prefix("outlet", match.outlet)
            outlets = [Q.term_query(SCHEMA, "outlet", key) for key, _ in named]
            if not outlets:
                return None
            out.append(outlets[0] if len(outlets) == 1 else
                       Q.boolean_query([(tantivy.Occur.Should, q) for q in outlets]))
        if match.since or match.until:
            low = date_number(match.since) if match.since else 1  # undated items pass no date filter
            high = date_number(match.until) if match.until else None
            out.append(Q.range_query(SCHEMA, "pub_date", tantivy.FieldType.Integer, low, high))
        if match.speaker:
            out.append(Q.term_query(SCHEMA, "speaker", match.speaker))
        if match.entity:
            out.append(Q.term_query(SCHEMA, "entity", match.entity))
        return out

    def document_frequencies(self, stems: list[str]) -> tuple[dict[str, int], int]:
        """Items holding each stem (an updated item may count twice until its segment merges)
        and items in the index."""
        view = self._searcher()
        return {s: _doc_freq(view, EVERY_TERM, s) for s in stems}, view.searcher.num_docs

    def size_bytes(self) -> int:
        if self.path is None or not os.path.isdir(self.path):
            return 0
        return sum(entry.stat().st_size for entry in os.scandir(self.path) if entry.is_file())

    def close(self) -> None:
        with self._lock:
            if self._writer is not None:
                self._writer.rollback()
                self._writer = None
