"""Reading inputs: files, folders and stdin, in any of the formats saring knows.

The format is detected from the content (a file's name is only a hint), bytes are decoded
whatever the charset (UTF-8, UTF-16 with BOM, cp1252/latin-1 from old Windows exports), CSV
and JSONL are streamed so a 50 MB dump never sits in memory, and every bad item becomes a
`Failure` so that a batch goes on past it.
"""

from __future__ import annotations

import codecs
import csv
import importlib
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from saring.errors import InputError
from saring.model import Article, FactCheck, Failure, check_types, item_from_dict
from saring.reader.text import article_from_news_row, extract_text

Item = Article | FactCheck | Failure

FORMATS = ("text", "html", "news-csv", "jsonl", "turnbackhoax-csv", "falsenews-csv", "claimreview")
# One page (text or HTML) or one CSV/JSONL record bigger than this is refused: no real
# article is that long, and holding it would only hide a broken file.
MAX_DOCUMENT_BYTES = 5_000_000
HEAD_BYTES = 65_536
NEWS_COLUMNS = ("sumber", "url", "judul", "author", "tanggal_publikasi", "isi_berita")
_SUFFIXES = {".txt", ".text", ".html", ".htm", ".csv", ".tsv", ".jsonl", ".ndjson", ".json"}


# ----------------------------------------------------------------------------- decoding


def sniff_encoding(head: bytes) -> str:
    """The codec for a file from its first bytes: BOMs, then UTF-8, then cp1252 or latin-1.

    cp1252 is Windows' superset of latin-1 used by Indonesian office exports (curly quotes
    in 0x91-0x94); its five undefined bytes mean plain latin-1 instead. Raises InputError for
    binary data, which would otherwise come out as pages of mojibake.
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    if b"\x00" in sample or controls > len(sample) // 100:
        raise InputError("binary file, not text, HTML, CSV or JSON")
    try:
        # the head may end inside a multi-byte character: decode incrementally
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    return "latin-1" if any(b in head for b in (0x81, 0x8D, 0x8F, 0x90, 0x9D)) else "cp1252"


def decode(data: bytes) -> tuple[str, str]:
    """(text, codec) for a whole document."""
    codec = sniff_encoding(data[:HEAD_BYTES])
    if codec == "utf-8":
        try:
            return data.decode("utf-8"), codec
        except UnicodeDecodeError:  # valid head, broken later: the file is not UTF-8
            codec = "cp1252"
    return data.decode(codec, errors="replace").lstrip("\ufeff"), codec


# ----------------------------------------------------------------------------- detection


def _factchecks():
    """saring.reader.factchecks if that part is installed (fact-check formats), else None."""
    try:
        return importlib.import_module("saring.reader.factchecks")
    except ModuleNotFoundError as exc:
        if exc.name == "saring.reader.factchecks":
            return None
        raise


def detect_format(head: str, name: str = "") -> str | None:
    """The input format from the first ~64 KB of text ("" name for stdin); None if unknown."""
    text = head.lstrip("\ufeff \t\r\n")
    if not text:
        return None
    module = _factchecks()
    if module and (fmt := module.detect(head, name)):
        return fmt
    first_line = text.split("\n", 1)[0]
    if text[0] == "{":
        try:
            json.loads(first_line)
            return "jsonl"
        except ValueError:
            pass
    header = {c.strip().strip('"').lower() for c in first_line.split(",")}
    if {"judul", "isi_berita"} <= header:
        return "news-csv"
    lowered = text[:4096].lower()
    if lowered.startswith(("<!doctype html", "<html", "<?xml")) or any(
        tag in lowered for tag in ("<body", "<head", "<article", "<div", "<p>")
    ):
        return "html"
    suffix = Path(name).suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    if suffix in (".csv", ".tsv") and first_line.count(",") >= 2:
        # a CSV without the news columns: read as one, it fails with the columns it lacks
        return "news-csv"
    if suffix in (".jsonl", ".ndjson") and text[0] == "{":
        return "jsonl"
    return "text"


# ----------------------------------------------------------------------------- reading


def _files(paths: Iterable[str]) -> Iterator[str | Failure]:
    """Paths as given; folders expand to their readable files, in name order (symlinked
    folders are not followed, so a link loop cannot trap the walk). A folder with nothing
    to read is a Failure: a batch that silently reads nothing looks like success."""
    for path in paths:
        if path != "-" and os.path.isdir(path):
            found = False
            for root, dirs, names in os.walk(path):
                dirs.sort()
                for name in sorted(names):
                    if Path(name).suffix.lower() in _SUFFIXES and not name.startswith("."):
                        found = True
                        yield os.path.join(root, name)
            if not found:
                yield Failure(path, "folder has no text, HTML, CSV or JSON files "
                              f"({', '.join(sorted(_SUFFIXES))})")
        else:
            yield path


def read_paths(paths: Iterable[str], fmt: str | None = None) -> Iterator[Item]:
    """Articles and fact-checks from files, folders or "-" (stdin), with Failures for bad items.

    ``fmt`` forces the format for every file; otherwise it is detected from each file's
    content. A broken file yields one Failure and reading goes on with the next.
    """
    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    for path in _files(paths):
        if isinstance(path, Failure):
            yield path
            continue
        try:
            if path == "-":
                yield from map(_desk_factcheck, read_stream(sys.stdin.buffer, "-", fmt))
            else:
                with open(path, "rb") as stream:
                    yield from map(_desk_factcheck, read_stream(stream, path, fmt))
        except InputError as exc:
            yield Failure(path, str(exc))
        except OSError as exc:
            yield Failure(path, exc.strerror or str(exc))


def _desk_factcheck(item: Item) -> Item:
    """A newsroom's Cek Fakta piece read as news is the fact-check it is, verdict and all."""
    if isinstance(item, Article):
        module = _factchecks()
        if module is not None:
            return module.factcheck_from_article(item) or item
    return item


def read_stream(stream: BinaryIO, name: str, fmt: str | None = None) -> Iterator[Item]:
    """Everything in one binary stream; raises InputError when the whole input is unreadable."""
    head = stream.read(HEAD_BYTES)
    if not head.strip():
        raise InputError("empty file")
    if head.lstrip().startswith(b"%PDF-"):
        raise InputError("a PDF document: saring reads text, HTML, CSV and JSON lines (convert it to text first)")
    codec = sniff_encoding(head)
    text_head = head.decode(codec, errors="ignore")
    fmt = fmt or detect_format(text_head, name)
    if fmt is None:
        raise InputError("unrecognised input format")
    if fmt in ("text", "html"):
        data = head + stream.read(MAX_DOCUMENT_BYTES + 1 - len(head))
        if len(data) > MAX_DOCUMENT_BYTES:
            raise InputError(
                f"too large for one {fmt} page (over {MAX_DOCUMENT_BYTES // 1_000_000} MB); "
                "CSV and JSONL dumps are streamed"
            )
        page = _page(data, fmt)
        if not page.body:
            # a page with no article (a menu, a login wall) is a failure, not an empty record
            raise InputError("; ".join(page.warnings) or "no article text found")
        yield page
        return
    text = io.TextIOWrapper(io.BufferedReader(_Rewound(head, stream)), encoding=codec, errors="replace",
                            newline="")
    if fmt == "news-csv":
        yield from _news_csv(text, name)
    elif fmt == "jsonl":
        yield from _jsonl(text, name)
    else:
        module = _factchecks()
        if module is None:
            raise InputError(f"the {fmt} reader is not installed")
        yield from module.read(text, fmt, name)


def _page(data: bytes, fmt: str) -> Article:
    """One page; its URL is unknown here (a text scrape or saved page carries none)."""
    if fmt == "html":
        try:
            html = importlib.import_module("saring.reader.html")
        except ModuleNotFoundError as exc:
            raise InputError("the HTML reader is not installed") from exc
        return html.extract_html(data)
    text, _ = decode(data)
    return extract_text(text)


class _Rewound(io.RawIOBase):
    """A binary stream whose already-read head is put back in front of the rest."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _news_csv(stream: TextIO, name: str) -> Iterator[Article | Failure]:
    """The shared news CSV dumps; repeated rows (same URL and text) are read once. A row
    that the csv module cannot parse is one Failure; the rows after it are still read."""
    # The csv module's field limit is process-wide: raised (never lowered) when a CSV is read,
    # not when saring is imported.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_DOCUMENT_BYTES))
    reader = csv.DictReader(stream)
    columns = [c.strip().lstrip("\ufeff").lower() for c in reader.fieldnames or []]
    missing = [c for c in ("judul", "isi_berita") if c not in columns]
    if missing:
        raise InputError(f"not a news CSV: missing column(s) {', '.join(missing)}")
    reader.fieldnames = columns
    seen: set[int] = set()
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Failure(name, f"unreadable CSV row ({exc}); row skipped", line + 1)
            line = reader.line_num
            continue
        start, line = line + 1, reader.line_num
        if None in row or any(v is None for v in row.values()):
            width = sum(v is not None for k, v in row.items() if k is not None) + len(row.get(None) or [])
            yield Failure(name, f"row has {width} fields, header has {len(columns)}", start)
            continue
        key = hash((row.get("url"), row.get("isi_berita")))
        if key in seen:
            continue
        seen.add(key)
        if not (row.get("isi_berita") or "").strip():
            yield Failure(name, "row has no article text (isi_berita)", start)
            continue
        article = article_from_news_row(row)
        if not article.body:
            where = f" ({article.url})" if article.url else ""
            yield Failure(name, f"row has only page chrome, no article text{where}", start)
            continue
        yield article


# A file whose first lines are all bad is not JSON lines at all (a text page read with
# --format jsonl): one error for the file, not one per line.
NOT_JSONL_AFTER = 3


def _jsonl(stream: TextIO, name: str) -> Iterator[Article | FactCheck | Failure]:
    """Our own JSON lines: one Article or FactCheck per line (`to_dict` form)."""
    failures: list[Failure] = []
    read_one = False
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        item = _jsonl_record(line, name, number)
        if isinstance(item, Failure) and not read_one:
            failures.append(item)
            if len(failures) == NOT_JSONL_AFTER:
                raise InputError(f"not JSON lines: line {failures[0].line}: {failures[0].message}")
            continue
        if not read_one:
            read_one = True
            yield from failures
        yield item
    yield from failures if not read_one else ()


def _jsonl_record(line: str, name: str, number: int) -> Article | FactCheck | Failure:
    if len(line) > MAX_DOCUMENT_BYTES:
        return Failure(name, "line too long for one record", number)
    try:
        data = json.loads(line)
    except ValueError as exc:
        return Failure(name, f"bad JSON line: {str(exc).splitlines()[0]}", number)
    if not isinstance(data, dict):
        return Failure(name, "bad JSON line: not a JSON object", number)
    try:
        item = item_from_dict(data)
        check_types(item)
    except (ValueError, TypeError, AttributeError) as exc:
        return Failure(name, f"bad record: {str(exc).splitlines()[0]}", number)
    if isinstance(item, Article) and not (item.body or item.title):
        return Failure(name, "bad record: no title and no body", number)
    return item
