"""Fact-check inputs: the turnbackhoax CSV, the false-news CSV and schema.org ClaimReview.

Fact-checks arrive as research exports and as structured data embedded in publishers' pages;
each becomes a `FactCheck` keeping the claim as it circulated, where it circulated, the
original verdict label beside a normalised verdict, and the evidence (the false-news set's
news reports, which are no verdicts, become Articles). Reading streams: a
50 MB export is never held in memory, and a bad row becomes a `Failure` with its line while
the rest goes on.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from saring.errors import InputError
from saring.model import Article, FactCheck, Failure
from saring.reader.dates import find_datetime
from saring.reader.text import detect_language
from saring.reader.verdicts import (
    FALSE,
    TRUE,
    UNPROVEN,
    clarified_rumour,
    denial_cue,
    headline_claim,
    is_factcheck_headline,
    is_verdict_label,
    normalize_verdict,
    verdict_from_rating,
)
from saring.text.calendar import MONTHS, WIB
from saring.text.tokens import fold

__all__ = ["FORMATS", "detect", "read", "normalize_verdict", "factcheck_from_article"]

FORMATS = ("turnbackhoax-csv", "falsenews-csv", "claimreview")

# A record bigger than this is a broken quote swallowing the file, not a fact-check.
MAX_RECORD_CHARS = 1_000_000
# A JSON value or HTML page bigger than this is refused rather than buffered.
MAX_DOCUMENT_CHARS = 20_000_000


# --------------------------------------------------------------------------- CSV layouts


@dataclass(frozen=True)
class _Layout:
    """What a CSV export must and may carry, and how one of its records starts."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    record_start: re.Pattern[str]  # a physical line that opens a new record

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


_LAYOUTS = {
    "turnbackhoax-csv": _Layout(
        "turnbackhoax-csv",
        required=("url", "classification", "narasi"),
        optional=("category", "date", "penjelasan", "kesimpulan", "hasil_periksa", "link_source",
                  "referensi", "title"),
        record_start=re.compile(r'^\s*"?https?://[^\s,"]+"?,'),
    ),
    "falsenews-csv": _Layout(
        "falsenews-csv",
        required=("label", "judul", "text"),
        optional=("id", "tanggal", "nama file gambar"),
        record_start=re.compile(r'^\s*"?\d+"?\s*,\s*"?(?:fake|real)"?\s*,', re.IGNORECASE),
    ),
}
_DELIMITERS = (",", ";", "\t")


def _column_key(name: str) -> str:
    return " ".join(fold(name).replace("\ufeff", "").split())


def _header(line: str) -> tuple[list[str], str]:
    """Column keys of a header line and its delimiter (the one that names known columns)."""
    known = {c for layout in _LAYOUTS.values() for c in layout.columns}
    best: tuple[int, list[str], str] = (-1, [], ",")
    for delimiter in _DELIMITERS:
        keys = [_column_key(c) for c in next(csv.reader([line], delimiter=delimiter), [])]
        score = sum(k in known for k in keys)
        if score > best[0]:
            best = (score, keys, delimiter)
    return best[1], best[2]


# --------------------------------------------------------------------------- detection

# schema.org JSON-LD, or a Google Fact Check Tools export ("claimReview": [{"textualRating"…}]).
_CLAIMREVIEW_TYPE = re.compile(
    r'"@type"\s*:\s*(?:"[^"]*ClaimReview"|\[[^\]]*ClaimReview")|"claimReview"\s*:\s*\[\s*\{'
)


def detect(head: str, name: str) -> str | None:
    """The fact-check format of a file from its first ~64 KB, or None if it is not one."""
    text = head.lstrip("\ufeff \t\r\n")
    if not text:
        return None
    if text[0] in "{[<" and _CLAIMREVIEW_TYPE.search(text):
        return "claimreview"
    keys, _ = _header(text.split("\n", 1)[0].rstrip("\r"))
    for fmt, layout in _LAYOUTS.items():
        if set(layout.required) <= set(keys):
            return fmt
    return None


# --------------------------------------------------------------------------- reading


def read(
    source: str | Path | TextIO, fmt: str, source_name: str
) -> Iterator[FactCheck | Article | Failure]:
    """Stream the fact-checks of one input; bad records become Failures and reading goes on.

    The false-news set also holds news reports (its REAL rows): those come as Articles.

    `source` is a path or an open text stream. A file that is not in `fmt` at all (empty,
    wrong columns) raises `InputError` with one clear line.
    """
    if fmt not in FORMATS:
        raise InputError(
            f"unknown fact-check format {fmt!r} (expected one of {', '.join(FORMATS)})"
        )
    if isinstance(source, (str, Path)):
        # newline="" keeps CRLF inside quoted CSV fields; undecodable bytes become U+FFFD
        # rather than stopping a long import halfway (charset sniffing is the caller's job).
        try:
            stream = open(source, encoding="utf-8-sig", errors="replace", newline="")
        except OSError as exc:
            raise InputError(f"cannot open {source}: {exc.strerror or exc}") from exc
        with stream:
            yield from read(stream, fmt, source_name)
        return
    if fmt == "claimreview":
        yield from _read_claimreview(source, source_name)
    else:
        yield from _read_csv(source, _LAYOUTS[fmt], source_name)


# --------------------------------------------------------------------------- robust CSV


class _UnclosedQuote(Exception):
    """A quoted field ran into the next record (or past the size cap)."""


class _PhysicalLines:
    """Feeds csv.reader one physical line at a time and tracks where each record starts.

    csv.reader only asks for another line before finishing a record when a quoted field is
    still open; if that next line is plainly the start of a new record, or the record grows
    past MAX_RECORD_CHARS, the quote was broken: the line is handed back for the next record
    and `_UnclosedQuote` reports the bad one, so one broken quote costs one row, not the file.
    """

    def __init__(self, lines: Iterable[str], first_line: int, opens_record: Callable[[str], bool]):
        self._lines = iter(lines)
        self._opens_record = opens_record
        self._pending: tuple[int, str] | None = None
        self._next_number = first_line
        self.record_start = first_line
        self._record_chars = 0
        self._in_record = False

    def __iter__(self) -> _PhysicalLines:
        return self

    def __next__(self) -> str:
        if self._pending is not None:
            (number, line), self._pending = self._pending, None
        else:
            line = next(self._lines)
            number, self._next_number = self._next_number, self._next_number + 1
        if not self._in_record:
            self.record_start, self._in_record = number, True
        elif self._record_chars + len(line) > MAX_RECORD_CHARS or self._opens_record(line):
            self._pending = (number, line)
            raise _UnclosedQuote
        self._record_chars += len(line)
        return line

    def end_record(self) -> None:
        self._in_record, self._record_chars = False, 0


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _read_csv(
    stream: TextIO, layout: _Layout, source_name: str
) -> Iterator[FactCheck | Article | Failure]:
    """Rows to items by column name (any order, extra columns ignored); a row that is
    short, too wide, unclosed or unusable is one Failure at the line where it starts."""
    # The csv module's field limit is process-wide: raised (never lowered) when a CSV is read,
    # not when saring is imported.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_RECORD_CHARS))
    lines = iter(stream)
    header_line = next(lines, "")
    if not header_line.strip():
        raise InputError(f"empty file, expected a {layout.name} header")
    keys, delimiter = _header(header_line.rstrip("\r\n"))
    missing = [c for c in layout.required if c not in keys]
    if missing:
        raise InputError(
            f"not a {layout.name} file: missing column(s) {', '.join(missing)} "
            f"(found: {', '.join(k or '<blank>' for k in keys[:12])})"
        )
    width = len(keys)

    def opens_record(line: str) -> bool:
        return bool(layout.record_start.match(line)) and (
            len(next(csv.reader([line], delimiter=delimiter), [])) == width
        )

    feed = _PhysicalLines(lines, 2, opens_record)
    records = csv.reader(feed, delimiter=delimiter)
    make = _MAKERS[layout.name]
    while True:
        try:
            fields = next(records)
        except StopIteration:
            return
        except _UnclosedQuote:
            yield Failure(source_name, "a quoted field never closes (broken quoting); "
                          "row skipped", feed.record_start)
            feed.end_record()
            continue
        except csv.Error as exc:
            yield Failure(source_name, f"unreadable CSV row: {exc}", feed.record_start)
            feed.end_record()
            continue
        feed.end_record()
        if not any(f.strip() for f in fields):
            continue
        line = feed.record_start
        if len(fields) < width or any(f.strip() for f in fields[width:]):
            yield Failure(source_name, _width_problem(fields, keys), line)
            continue
        try:
            yield make({k: _CONTROL.sub("", v) for k, v in zip(keys, fields)})
        except ValueError as exc:
            yield Failure(source_name, str(exc), line)


def _width_problem(fields: list[str], keys: list[str]) -> str:
    if len(fields) < len(keys):
        return (f"row has {len(fields)} of {len(keys)} columns "
                f"(missing {', '.join(keys[len(fields):])})")
    return (f"row has {len(fields)} columns, the header {len(keys)}: "
            "an unquoted delimiter or a broken quote")


# --------------------------------------------------------------------------- dates

_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})")
_DAY_MONTHNAME_YEAR = re.compile(r"(\d{1,2})[-/ ]([A-Za-z]+)\.?[-/ ](\d{4}|\d{2})")


def _published(value: str) -> str:
    """A date as fact-check exports write it ('24/06/2026', '17-Aug-20', '9-Agu-19',
    '2024-06-13T09:04:00Z', 'June 22, 2026') as ISO 8601 with its offset; a bare date is
    midnight WIB. '' when there is no valid date."""
    value = value.strip()
    if m := _DAY_MONTH_YEAR.fullmatch(value):
        day, month, year = (int(g) for g in m.groups())
    elif (m := _DAY_MONTHNAME_YEAR.fullmatch(value)) and (
        named := MONTHS.get(m.group(2).lower()[:3])
    ):
        day, month, year = int(m.group(1)), named, int(m.group(3))
    else:  # ISO timestamps, "22 Juni 2026 08:00 WIB", "June 22, 2026": the reader's own parser
        found = find_datetime(value)
        return found + "T00:00:00" + WIB if len(found) == 10 else found
    year += 2000 if year < 100 else 0
    try:
        return date(year, month, day).isoformat() + "T00:00:00" + WIB
    except ValueError:
        return ""


# --------------------------------------------------------------------------- turnbackhoax

# Lower-case inside a title, as Indonesian headlines write them.
_TITLE_SMALL_WORDS = {
    "di", "ke", "dari", "dan", "yang", "untuk", "dengan", "atau", "pada", "dalam", "oleh", "bagi",
    "of", "the", "and", "in", "on", "for", "to",
}
# Acronyms with vowels (those without, like DPR or PLN, are recognised by shape).
_KNOWN_CASING = {w: w.upper() for w in """ri as pt tni mbg uu kip ojk bi ugm ui itb ipb kpu bpom
    bumn umkm asn dki ikn who nato ai bri bni bsi ihsg pdip ppatk polri bpjs""".split()}
_KNOWN_CASING.update(tbk="Tbk", whatsapp="WhatsApp", tiktok="TikTok", youtube="YouTube", vs="vs",
                     ac="AC")
_UNITS = {"juta", "miliar", "triliun", "ribu", "ton", "persen", "km", "meter", "sr", "kg"}
_RUPIAH = re.compile(r"^rp(\d)")


def _slug_words(url: str) -> list[str]:
    """'…/articles/35352-salah-gunung-lawu-bakal-erupsi-besar' -> ['salah', 'gunung', …]."""
    path = urlsplit(url).path.rstrip("/")
    slug = path.rsplit("/", 1)[-1]
    slug = re.sub(r"\.\w{2,5}$", "", re.sub(r"^\d+-", "", slug))
    words = [w for w in re.split(r"[-_]+", slug.lower()) if w]
    return words if len(words) >= 2 else []


def _rejoin(words: list[str]) -> list[str]:
    """Undo what slugging did to numbers and prefixes: rp50-000 -> rp50.000,
    rp5-4-juta -> rp5,4 juta, se-jawa and bagi-bagi one word again."""
    out: list[str] = []
    for i, word in enumerate(words):
        previous = out[-1] if out else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        if previous[-1:].isdigit() and word == "000":
            out[-1] = f"{previous}.{word}"
        elif previous[-1:].isdigit() and word.isdigit() and len(word) <= 2 and after in _UNITS:
            out[-1] = f"{previous},{word}"
        elif (previous == "se" or previous == word) and word.isalpha():
            out[-1] = f"{previous}-{word}"  # se-Jawa, bagi-bagi
        else:
            out.append(word)
    return out


def _word_casing(words: set[str], reference: str) -> dict[str, str]:
    """How the fact-checker writes these words when it is not plain capitalisation:
    acronyms and brands ('KPK', 'McDonald') that the text writes so most of the time.
    The first few whole-word occurrences decide; str.count and str.find keep it cheap."""
    lowered = reference.lower()
    if len(lowered) != len(reference):  # a rare letter changed length when lowered
        return {}
    casing = {}
    for word in words - _TITLE_SMALL_WORDS:
        if lowered.count(word) == reference.count(word) + reference.count(word.capitalize()):
            continue  # only ever written plain or Capitalised: nothing to learn
        forms: Counter[str] = Counter()
        start = lowered.find(word)
        while start >= 0 and sum(forms.values()) < 5:
            end = start + len(word)
            if not (start and lowered[start - 1].isalnum()) and not (
                end < len(lowered) and lowered[end].isalnum()
            ):
                forms[reference[start:end]] += 1
            start = lowered.find(word, end)
        if not forms:
            continue
        form, count = forms.most_common(1)[0]
        shouted = form.isupper() and len(form) > 5  # "SUDAH", "PERTAMINA" in a quoted claim
        if form[1:] != form[1:].lower() and not shouted and 2 * count > sum(forms.values()):
            casing[word] = form
    return casing


def _title_case(words: list[str], reference: str) -> str:
    """Slug words as a headline, with the casing the fact-checker's own text uses."""
    words = _rejoin(words)
    casing = _word_casing({part for word in words for part in word.split("-")}, reference)

    def cased(word: str, first: bool) -> str:
        if word in casing or word in _KNOWN_CASING:
            return casing.get(word) or _KNOWN_CASING[word]
        if len(word) >= 2 and word.isalpha() and not re.search(r"[aiueo]", word):
            return word.upper()  # DPR, PLN, BMKG
        if not first and word in _TITLE_SMALL_WORDS:
            return word
        return _RUPIAH.sub(r"Rp\1", word) if _RUPIAH.match(word) else word.capitalize()

    def compound(word: str) -> str:
        if word.startswith("se-"):
            return "se-" + cased(word[3:], False)
        return "-".join(cased(part, True) for part in word.split("-"))  # Bagi-Bagi

    return " ".join(compound(word) if "-" in word else cased(word, not i)
                    for i, word in enumerate(words))


def _first_sentence(text: str, limit: int = 200) -> str:
    match = re.match(r"(.+?[.!?])(?:\s|$)", text)
    sentence = match.group(1) if match else text
    return sentence if len(sentence) <= limit else sentence[:limit].rsplit(" ", 1)[0] + " …"


_PLATFORMS = (
    (re.compile(r"\bfacebook\b|\bfb\b", re.I), "Facebook"),
    (re.compile(r"\btik\s?tok\b", re.I), "TikTok"),
    (re.compile(r"\binstagram\b", re.I), "Instagram"),
    (re.compile(r"\bthreads\b", re.I), "Threads"),
    (re.compile(r"\byou\s?tube\b", re.I), "YouTube"),
    (re.compile(r"\bwhats\s?app\b|\bwa\b", re.I), "WhatsApp"),
    (re.compile(r"\btelegram\b", re.I), "Telegram"),
    (re.compile(r"\btwitter\b|\b(?:[Aa]kun|di|platform) X\b"), "X"),
    (re.compile(r"\bsnack\s?video\b", re.I), "Snack Video"),
)
_ACCOUNT = re.compile(
    r"\b(?:akun|kanal|grup|halaman)\b[^“”\"]{0,40}?[“\"]\s*([^”\"]{1,80}?)\s*[”\"]", re.I
)
# Where the quoted narrative begins: "… mengunggah narasi [arsip] sebagai berikut: …".
_NARRATIVE_MARKER = re.compile(
    r"\b(?:narasi(?:nya)?|klaim|takarir|keterangan|tulisan|bertuliskan|berjudul|berbunyi|"
    r"menyampaikan|menuliskan|menulis|mengatakan|sebagai berikut|berikut|caption|isinya)\b"
    r"[^:“”\"]{0,60}?:(?:\s+|(?=[“\"]))",
    re.I,
)
# "[ arsip ]", "( arsip cadangan )": the framing of the post ends at the archive link.
_ARCHIVE_MARK = re.compile(r"[\[(]\s*arsip[^\])]{0,30}[\])]", re.I)
# '… [ arsip ] dari akun TikTok “x” pada Jumat (09/01/2026),': who posted it, and when.
_POSTED_BY = re.compile(
    r"\s*(?:dari|oleh|di)\s+(?:akun|kanal|grup|halaman)\b.{0,120}?\(\d{1,2}/\d{1,2}/\d{2,4}\)[,.]?"
)
_FRAMING_CONNECTIVES = re.compile(
    r"^(?:[,.]?\s*(?:yang|berisi|berupa|disertai|dengan|menampilkan|memperlihatkan|menunjukkan|"
    r"menyebut(?:kan)?|menginformasikan|mengenai|terkait|soal|klaim|narasi|bahwa|isinya|"
    r"diklaim|sebagai|tentang)\b\s*)+",
    re.I,
)
# "Hingga Rabu (24/6/2026), unggahan tersebut telah mendapatkan 2.500-an tanda suka …",
# "Unggahan tersebut telah dilihat …", "Tim Pemeriksa Fakta Mafindo menemukan …": the
# fact-checker's own sentences after the quoted claim. Case-sensitive: they open a sentence.
_ENGAGEMENT_TAIL = re.compile(
    r"\s*\b(?:"
    r"(?:Hingga|Per|Sampai|Saat|Sejak|Pada saat)\s+(?:[A-Z][a-z’']+,?\s*\(\d|artikel|berita"
    r"|unggahan|konten|video|postingan|arsip|tangkapan layar)"
    r"|(?:Unggahan|Konten|Video|Postingan)\s+(?:tersebut|ini|itu)\s+(?:telah\s+|sudah\s+)?"
    r"(?:mendapat|dilihat|ditonton|disukai|menuai|memperoleh|diputar|dibagikan)"
    r"|(?:Dari pengamatan )?Tim Pemeriksa Fakta|Pemilik akun sengaja)"
)
# '“…” di unggahannya, dan “…” di dalam video': where each quoted part appeared.
_WHERE_QUOTED = re.compile(
    r"(?<=[”\"])\s*di (?:unggahannya|dalam video|video|gambar)\b[,.]?(?:\s*dan\b)?"
)
_QUOTED = re.compile(r"[“\"]\s*([^”\"]{3,}?)\s*[”\"]")


def _split_narasi(narasi: str) -> tuple[str, str]:
    """(framing, claim): the fact-checker's description of the post, and the claim it carried."""
    marker = _NARRATIVE_MARKER.search(narasi)
    if marker:
        framing, claim = narasi[: marker.start()], narasi[marker.end():]
    else:
        archive = _ARCHIVE_MARK.search(narasi)
        framing_end = archive.end() if archive else 0
        posted = _POSTED_BY.match(narasi, framing_end)
        framing_end = posted.end() if posted else framing_end
        framing, rest = narasi[:framing_end], narasi[framing_end:]
        account = _ACCOUNT.search(framing)
        quotes = [q for q in _QUOTED.findall(rest) if not account or q != account.group(1)]
        if sum(len(q) for q in quotes) >= 15:
            claim = " ".join(quotes)
        else:
            claim = _FRAMING_CONNECTIVES.sub("", rest)
    tail = _ENGAGEMENT_TAIL.search(claim)
    if tail:  # at 0: nothing but engagement counts; the caller falls back to the headline
        claim = claim[: tail.start()]
    claim = _WHERE_QUOTED.sub("", claim)
    return framing.strip(), _unquote(claim.strip())


def _unquote(text: str) -> str:
    """Drop one pair of quotes around the whole claim: '“Rencana pemadaman …”.' -> 'Rencana …'."""
    stripped = text.rstrip(" .,")
    if len(stripped) > 2 and stripped[0] in "“\"" and stripped[-1] in "”\"":
        inner = stripped[1:-1]
        if not re.search(r"[“”\"]", inner):
            return inner.strip()
    return text


def _claim_source(framing: str, link_source: str) -> str:
    """'Facebook “Farid Hidayat” https://…': where the claim circulated, as far as it is told."""
    parts = []
    platform = next((name for pattern, name in _PLATFORMS if pattern.search(framing)), "")
    if platform:
        parts.append(platform)
    account = _ACCOUNT.search(framing)
    if account:
        parts.append(f"“{account.group(1)}”")
    if link_source.strip():
        parts.append(link_source.strip())
    return " ".join(parts)


def _urls(value: str) -> list[str]:
    """The evidence URLs of a ' | '-separated cell, in order, once each."""
    seen: dict[str, None] = {}
    for part in re.split(r"\s+\|\s+|\s*\n\s*|\s+(?=https?://)", value):
        part = part.strip().strip("|").strip()
        if re.match(r"https?://\S+$", part):
            seen.setdefault(part)
    return list(seen)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _publisher(url: str) -> str:
    """The layout is turnbackhoax.id's; other fact-checkers exporting it are named by their host."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return host or "turnbackhoax.id"


def _turnbackhoax(row: dict[str, str]) -> FactCheck:
    """One turnbackhoax row; its URL slug carries the verdict and headline when cells are blank."""
    url = row["url"].strip()
    if url and not re.match(r"https?://\S+$", url):
        raise ValueError(f"url column holds {url[:60]!r}, not a URL (columns shifted?)")
    narasi = _squash(row["narasi"])
    explanation = _squash(row.get("penjelasan", ""))
    conclusion = _squash(row.get("kesimpulan", ""))
    if not (url or narasi or conclusion):
        raise ValueError("row has neither url, narasi nor kesimpulan")
    words = _slug_words(url)
    slug_label = next(
        (" ".join(words[:n]) for n in (2, 1) if is_verdict_label(" ".join(words[:n]))), ""
    )
    claim_words = words[len(slug_label.split()):]
    # the conclusion and the start of the explanation name what the headline names
    headline = _title_case(claim_words, f"{conclusion} {explanation[:1500]}") if claim_words else ""
    label = (row["classification"].strip() or slug_label.upper()
             or row.get("hasil_periksa", "").strip())
    if row.get("title", "").strip():  # exports that kept the published headline
        title = _squash(row["title"])
    elif headline:
        title = f"[{(slug_label or label).upper()}] {headline}" if slug_label or label else headline
    else:
        title = _first_sentence(conclusion or narasi)
    framing, claim = _split_narasi(narasi) if narasi else ("", "")
    return FactCheck(
        url=url,
        title=title,
        claim=claim or headline or _first_sentence(conclusion),
        claim_source=_claim_source(framing, row.get("link_source", "")),
        publisher=_publisher(url),
        published=_published(row.get("date", "")),
        verdict=normalize_verdict(label or title),
        verdict_label=label or (title if is_factcheck_headline(title) else ""),
        category=row.get("category", "").strip(),
        explanation=explanation,
        conclusion=conclusion,
        references=_urls(row.get("referensi", "")),
        language="id",
    )


# --------------------------------------------------------------------------- false-news CSV

def _language(text: str) -> str:
    """'en' or 'id': the false-news set mixes forwarded English texts in with Indonesian."""
    return detect_language(text) or "id"


# The set has no URLs: its name, a row's ID and date are what a reply can cite.
FALSE_NEWS_DATASET = "Indonesia False News 2015–2020"


def _falsenews(row: dict[str, str]) -> FactCheck | Article:
    """One row of the 2015–2020 false-news set (no URL, no outlet; labels FAKE and REAL).

    FAKE rows are circulating hoax texts the set's annotators labelled false. REAL means
    "real news", not "the claim is true": many REAL rows report a denial ("Maradona Bantah
    Kabar Dirinya Meninggal") or an accusation, so a REAL row is a news report, its denial
    evidence and never a verdict, unless the row is itself a debunk (a verdict headline or a
    clarification): then a fact-check of the rumour, false only where its own words deny it.
    """
    title = _squash(row["judul"]).lstrip(": ").strip()
    text = row["text"].strip().lstrip(": ").strip()  # ": Judul" in both columns of many rows
    if not (title or text):
        raise ValueError("row has neither judul nor text")
    flat = _squash(text)
    label = row["label"].strip()
    if label.upper() not in ("FAKE", "REAL"):
        raise ValueError(f"label {label[:40]!r} is neither FAKE nor REAL")
    row_id = row.get("id", "").strip()
    source = f"{FALSE_NEWS_DATASET}, ID {row_id}" if row_id else FALSE_NEWS_DATASET
    published = _published(row.get("tanggal", ""))
    language = _language(f"{title} {text}")
    headline, title = title, title or _first_sentence(flat)
    if label.upper() == "REAL":
        debunk = _debunk(title, flat)
        if debunk is None:
            body = [p for p in (_squash(line) for line in text.splitlines()) if p]
            return Article(source=source, title=title, published=published, language=language,
                           body=body or [title])
        claim, verdict, verdict_label = debunk
        return FactCheck(title=title, claim=claim, publisher=source, published=published,
                         verdict=verdict, verdict_label=verdict_label,
                         explanation=flat if flat != title else "", language=language)
    if not headline or flat.startswith(headline):
        claim = text  # the text already opens with the headline
    elif headline.startswith(flat.rstrip(" ,.")):
        claim = title  # the text is only the headline again, cut short
    else:
        claim = f"{headline}\n\n{text}"
    return FactCheck(
        title=title,
        claim=claim,
        publisher=source,
        published=published,
        verdict=FALSE,
        verdict_label=f"{label} (label anotator {FALSE_NEWS_DATASET})",
        language=language,
    )


def _debunk(title: str, text: str) -> tuple[str, str, str] | None:
    """(claim, verdict, label) of a REAL row that is itself a debunk, None for a news report.

    The verdict is the debunk's own: its headline label ("[HOAKS] …"), else false where the
    headline or text says the rumour is untrue ("hoaks", "tidak benar", "membantah"), else ""
    (unrated). Never true: the set's REAL is no fact-checker's rating of the claim."""
    claim = headline_claim(title)
    if claim is not None:
        verdict = normalize_verdict(title)
        if verdict in (TRUE, UNPROVEN):
            verdict = FALSE if denial_cue(f"{title}\n{text}") else ""
        return claim or title, verdict, title
    rumour = clarified_rumour(title)
    if rumour is None:
        return None
    # the rumour's own words ("… Pelaku Penyebaran Hoaks") deny nothing: the clarifier's do
    cue = denial_cue(f"{title[:title.rfind(rumour)]}\n{text}") if rumour else ""
    return (rumour or title, FALSE if cue else "",
            f"Klarifikasi: “{cue}”" if cue else "Klarifikasi")


# --------------------------------------------------------------------------- news outlets' desks

# '"Candi Borobudur hari ini terbakar," tulis narasi dalam video tersebut.'
_QUOTED_NARRATIVE = re.compile(
    r"[\"“]\s*(.{10,600}?)[,.]?\s*[\"”],?\s*(?:tulis|bunyi|demikian|begitu|isi|kata)\b", re.I
)


# "Cek Fakta Liputan6.com mendapati klaim …, informasi tersebut diunggah salah satu akun …"
_DESK_FRAMING = re.compile(
    r"^(?:Cek Fakta \S+ menda\w* klaim\s*|Beredar di media sosial\s+)"
    r"|,? (?:informasi|klaim|kabar) (?:tersebut|ini|itu) diunggah\b.*$",
    re.I,
)


def factcheck_from_article(article: Article) -> FactCheck | None:
    """A newsroom's fact-check desk piece ("Cek Fakta: Tidak Benar …", "[HOAKS] …") read as
    an article, as the fact-check it is; None for ordinary news. The reader of news pages and
    CSVs calls this so that Liputan6's Cek Fakta answers with its verdict."""
    if not is_factcheck_headline(article.title):
        return None
    opening = " ".join(article.body[:6])
    quoted = _QUOTED_NARRATIVE.search(opening)
    claim = quoted.group(1).strip() if quoted else _DESK_FRAMING.sub(
        "", _first_sentence(opening or article.lead)
    )
    conclusion = next((article.body[h.before_paragraph] for h in article.headings
                       if fold(h.text).strip(" :") == "kesimpulan"
                       and h.before_paragraph < len(article.body)), "")
    source = article.source or (urlsplit(article.url).hostname or "").removeprefix("www.")
    return FactCheck(
        url=article.url,
        title=article.title,
        claim=claim,
        claim_source=_claim_source(opening[: quoted.start()] if quoted else opening, ""),
        publisher=f"{source} Cek Fakta" if source else "",
        published=article.published,
        verdict=normalize_verdict(article.title),
        verdict_label=article.title,
        explanation=article.text,
        conclusion=conclusion,
        language=article.language or "id",
    )


_MAKERS: dict[str, Callable[[dict[str, str]], FactCheck | Article]] = {
    "turnbackhoax-csv": _turnbackhoax,
    "falsenews-csv": _falsenews,
}


# --------------------------------------------------------------------------- ClaimReview

_LD_JSON = re.compile(
    r"<script\b[^>]*type\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(.*?)</script\s*>",
    re.IGNORECASE | re.DOTALL,
)


def _read_claimreview(stream: TextIO, source_name: str) -> Iterator[FactCheck | Failure]:
    start = stream.read(4096)
    page = ""
    if start.lstrip("\ufeff \t\r\n")[:1] == "<":
        page = start + stream.read(MAX_DOCUMENT_CHARS)
        if stream.read(1):
            raise InputError(f"page larger than {MAX_DOCUMENT_CHARS:,} characters")
        documents = _page_json_ld(page, source_name)
    else:
        documents = _json_values(start, stream, source_name)
    page_text: str | None = None
    found = 0
    for line, value in documents:
        if isinstance(value, Failure):
            yield value
            continue
        for review in _claimreviews(value):
            found += 1
            try:
                item = _from_claimreview(review)
            except ValueError as exc:
                yield Failure(source_name, str(exc), line)
                continue
            if page and not item.explanation:
                # the structured data is a summary; the article around it is the explanation
                page_text = _page_text(page, item.url) if page_text is None else page_text
                item.explanation = page_text
            yield item
    if not found:
        yield Failure(source_name, "no ClaimReview found (JSON-LD with \"@type\": "
                      "\"ClaimReview\")", 0)


def _page_json_ld(page: str, source_name: str) -> Iterator[tuple[int, Any]]:
    """(line, JSON value) of each <script type="application/ld+json"> block of a page."""
    for script in _LD_JSON.finditer(page):
        line = page.count("\n", 0, script.start()) + 1
        try:
            yield line, json.loads(script.group(1))
        except ValueError as exc:
            yield line, Failure(source_name, f"invalid JSON-LD: {exc}", line)


def _page_text(page: str, url: str) -> str:
    """The article text of a fact-check page, read by the HTML reader; "" if it has none."""
    from saring.reader.html import extract_html  # lxml: loaded only for pages

    try:
        return extract_html(page, url).text
    except InputError:
        return ""


_NEXT_JSON_LINE = re.compile(r"\n[ \t\r]*[\[{]")


def _json_values(buffer: str, stream: TextIO, source_name: str) -> Iterator[tuple[int, Any]]:
    """(line, value) for the values of a top-level array, or of a sequence of values (JSON
    lines), decoded one at a time so that a large export never sits in memory whole."""
    decoder = json.JSONDecoder()
    pos = 0  # where decoding goes on in `buffer`
    counted, line = 0, 1  # `line` is the line number of buffer[counted]
    at_end = in_array = started = False

    def line_of(index: int) -> int:
        nonlocal counted, line
        line += buffer.count("\n", counted, index)
        counted = index
        return line

    def more() -> bool:
        """Drop what is decoded, read the next chunk; False at the end of the stream."""
        nonlocal buffer, pos, counted, at_end
        line_of(pos)
        buffer, pos, counted = buffer[pos:], 0, 0
        chunk = stream.read(max(65536, len(buffer)))
        at_end = not chunk
        buffer += chunk
        return bool(chunk)

    while True:
        while True:  # skip blanks (and the separators of the top-level array)
            while pos < len(buffer) and buffer[pos] in "\ufeff \t\r\n" + ("," if in_array else ""):
                pos += 1
            if pos < len(buffer) or not more():
                break
        if pos >= len(buffer) or (in_array and buffer[pos] == "]"):
            return
        if not started and buffer[pos] == "[":
            in_array, started, pos = True, True, pos + 1
            continue
        started = True
        here = line_of(pos)
        try:
            value, pos = decoder.raw_decode(buffer, pos)
        except json.JSONDecodeError as exc:
            cut_short = exc.pos >= len(buffer) - 6 or (
                exc.msg.startswith("Unterminated string") and "\n" not in buffer[exc.pos:]
            )
            if cut_short and not at_end and len(buffer) - pos < MAX_DOCUMENT_CHARS and more():
                continue  # the value goes on in the next chunk
            yield here, Failure(source_name, f"invalid JSON: {exc.msg}", here)
            if in_array:
                return  # no safe place to resume inside a broken array
            pos = max(exc.pos, pos + 1)  # resume at the next line that opens a value
            while not (found := _NEXT_JSON_LINE.search(buffer, pos)):
                pos = max(pos, buffer.rfind("\n"))
                if not more():
                    return
            pos = found.start() + 1
            continue
        yield here, value


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("@type", [])
    return [re.split(r"[/:#]", str(k))[-1] for k in (kind if isinstance(kind, list) else [kind])]


def _claimreviews(value: Any) -> Iterator[dict[str, Any]]:
    """Every ClaimReview inside a JSON value: top level, arrays, @graph, nested nodes, and
    the claims of a Google Fact Check Tools export (`{"claims": [{"text", "claimReview"}]}`)."""
    if isinstance(value, list):
        for item in value:
            yield from _claimreviews(item)
    elif isinstance(value, dict):
        if "ClaimReview" in _types(value):
            yield value
            return
        if isinstance(value.get("claimReview"), list) and "text" in value:
            for review in value["claimReview"]:
                if isinstance(review, dict):
                    yield _schema_org_review(value, review)
            return
        for item in value.values():
            if isinstance(item, (dict, list)):
                yield from _claimreviews(item)


def _schema_org_review(claim: dict[str, Any], review: dict[str, Any]) -> dict[str, Any]:
    """A Fact Check Tools claim review in schema.org terms, so one mapping serves both."""
    return {
        "@type": "ClaimReview",
        "claimReviewed": claim.get("text"),
        "itemReviewed": {"author": {"name": claim.get("claimant") or ""}},
        "url": review.get("url"),
        "headline": review.get("title"),
        "datePublished": review.get("reviewDate") or claim.get("claimDate"),
        "author": review.get("publisher"),
        "reviewRating": {"alternateName": review.get("textualRating")},
        "inLanguage": review.get("languageCode"),
    }


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _name(value: Any) -> str:
    """The name of an Organization/Person node, a plain string, or the first of a list."""
    value = _first(value)
    if isinstance(value, dict):
        return str(value.get("name") or value.get("alternateName") or value.get("url") or "")
    return str(value or "").strip()


def _url_of(value: Any) -> str:
    value = _first(value)
    if isinstance(value, dict):
        return str(value.get("url") or value.get("@id") or "")
    return str(value or "").strip()


def _rating_verdict(rating: dict[str, Any]) -> tuple[str, str]:
    """(verdict, label) of a reviewRating: its words first, else its number on its own scale."""
    label = _name(rating.get("alternateName")) or _name(rating.get("name"))
    verdict = normalize_verdict(label)
    if verdict == "unproven" or not label:
        try:
            value = float(rating["ratingValue"])
            worst = float(rating.get("worstRating", 1))
            best = float(rating.get("bestRating", 5))
        except (KeyError, TypeError, ValueError):
            return verdict, label
        verdict = verdict_from_rating(value, worst, best)
        label = label or f"{rating['ratingValue']}/{rating.get('bestRating', 5)}"
    return verdict, label


_LANGUAGE_NAMES = {"indonesian": "id", "bahasa indonesia": "id", "english": "en", "malay": "ms"}


def _language_tag(value: Any) -> str:
    """'id' from 'id', 'id-ID', 'Indonesian' or a Language node."""
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    tag = str(value or "").strip().lower()
    return _LANGUAGE_NAMES.get(tag, tag[:2])


def _from_claimreview(review: dict[str, Any]) -> FactCheck:
    claim = _squash(str(review.get("claimReviewed") or ""))
    title = _squash(str(review.get("headline") or review.get("name") or ""))
    if not (claim or title):
        raise ValueError("ClaimReview without claimReviewed or headline")
    item = _first(review.get("itemReviewed")) or {}
    item = item if isinstance(item, dict) else {}
    appearance = item.get("appearance") or item.get("firstAppearance")
    circulated_by = _name(item.get("author"))
    claim_source = " ".join(p for p in (circulated_by, _url_of(appearance)) if p)
    rating = _first(review.get("reviewRating")) or {}
    verdict, label = _rating_verdict(rating if isinstance(rating, dict) else {})
    citations = review.get("citation") or review.get("isBasedOn") or []
    references = [u for u in (_url_of(c) for c in (citations if isinstance(citations, list)
                                                   else [citations])) if u.startswith("http")]
    language = _language_tag(review.get("inLanguage")) or _language(f"{title} {claim}")
    return FactCheck(
        url=_url_of(review.get("url")) or str(review.get("@id") or ""),
        title=title or claim,
        claim=claim or title,
        claim_source=claim_source,
        publisher=_name(review.get("author")) or _name(review.get("publisher")),
        published=_published(str(review.get("datePublished") or item.get("datePublished") or "")),
        verdict=verdict,
        verdict_label=label,
        explanation=_squash(str(review.get("reviewBody") or review.get("description") or "")),
        conclusion=_squash(str(rating.get("ratingExplanation") or "")
                           if isinstance(rating, dict) else ""),
        references=references,
        language=language,
    )
