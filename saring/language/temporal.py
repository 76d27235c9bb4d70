"""Indonesian time expressions, normalised against the article's publication time.

A fact-checker needs "when" as a date, not as "pekan depan": an old story re-shared as new is
the commonest hoax. News Indonesian uses a small set of forms ("Rabu (12/6/2024)", "13 Juni
2024", "September lalu", "akhir Mei", "pekan depan"), so hand-written rules cover them at a
fraction of dateparser's cost. Every pattern is a bounded regex (no nested repetition), so
running time stays linear in the input.

Assumptions, as a reader of the news would make them: a weekday or month without a year
refers to the most recent one at or before publication ("pada hari Rabu" in a Thursday story
is yesterday), unless a future word ("depan", "mendatang") says otherwise; when a weekday is
given with a day and month, it picks the year it matches.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from saring.model import TimeExpression
from saring.text.calendar import PROSE_MONTHS, ZONES

WEEKDAYS = {
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "jum’at": 4,
    "sabtu": 5, "minggu": 6, "ahad": 6,
}  # fmt: skip
_PAST = r"lalu|kemarin|silam|sebelumnya|yang lalu"
_FUTURE = r"depan|mendatang|berikutnya|yang akan datang"
_PART = {"awal": (1, 10), "pertengahan": (11, 20), "medio": (11, 20), "akhir": (21, 31)}
_NUMBER_WORDS = {
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "dua belas": 12,
}  # fmt: skip

_MONTH = r"(?P<month>" + "|".join(sorted(PROSE_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>senin|selasa|rabu|kamis|jum['’]?at|sabtu|minggu|ahad)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PART_RE = r"(?P<part>awal|pertengahan|medio|akhir)"
_AMOUNT = r"(?P<amount>\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_UNIT = r"(?P<unit>hari|minggu|pekan|bulan|tahun)"

# Ordered: the first pattern that matches at a position wins, longer forms first.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "weekday_numeric",
        re.compile(
            r"\b(?:hari\s+)?" + _WEEKDAY + r",?\s*\(\s*(?P<day>\d{1,2})\s*/\s*(?P<mon>\d{1,2})"
            r"(?:\s*/\s*(?P<year>(?:19|20)?\d\d))?\s*\)",
            re.I,
        ),
    ),
    (
        "day_range",
        re.compile(
            r"\b(?P<first>\d{1,2})\s*[-–—]\s*(?P<day>\d{1,2})\s+" + _MONTH
            + r"(?:\s+" + _YEAR + r")?\b",
            re.I,
        ),
    ),
    (
        "date",
        re.compile(
            r"\b(?:(?:hari\s+)?" + _WEEKDAY + r",?\s+)?(?:tanggal\s+|tgl\.?\s+)?"
            r"(?P<day>\d{1,2})\s+" + _MONTH + r"(?:\s+" + _YEAR + r")?\b",
            re.I,
        ),
    ),
    (
        "numeric",
        re.compile(
            r"(?<![\d/.])(?P<day>\d{1,2})/(?P<mon>\d{1,2})/(?P<year>(?:19|20)\d\d)(?![\d/])"
        ),
    ),
    (
        "part_month",
        re.compile(
            r"\b" + _PART_RE + r"\s+(?:bulan\s+)?" + _MONTH + r"(?:\s+(?:" + _YEAR
            + r"|(?P<rel>" + _PAST + r"|ini|" + _FUTURE + r")))?\b",
            re.I,
        ),
    ),
    (
        "month",
        re.compile(
            r"\b(?:bulan\s+)?" + _MONTH + r"(?:\s+(?:" + _YEAR
            + r"|tahun\s+(?P<yrel>lalu|ini|depan)"
            r"|(?P<rel>" + _PAST + r"|ini|" + _FUTURE + r")))?\b",
            re.I,
        ),
    ),
    (
        "part_relative",
        re.compile(r"\b" + _PART_RE + r"\s+(?P<unit>pekan|minggu|bulan|tahun)\s+(?P<rel>"
                   + _PAST + r"|ini|" + _FUTURE + r")\b", re.I),
    ),
    (
        "part_year",
        re.compile(r"\b" + _PART_RE + r"\s+(?:tahun\s+)?" + _YEAR + r"\b", re.I),
    ),
    (
        "relative_unit",
        re.compile(r"(?<!beberapa )(?<!sejumlah )(?<!berapa )"  # "beberapa minggu mendatang"
                   r"\b(?P<unit>pekan|minggu|bulan|tahun)\s+(?P<rel>" + _PAST + r"|ini|"
                   + _FUTURE + r")\b", re.I),
    ),
    (
        "ago",
        re.compile(r"\b(?:" + _AMOUNT + r"\s+|se)" + _UNIT + r"\s+(?P<rel>yang lalu|lalu|silam|"
                   r"terakhir|ke depan|mendatang|lagi)\b", re.I),
    ),
    (
        "clock",
        re.compile(r"\b(?:pukul|jam)\s+(?P<hour>[01]?\d|2[0-3])(?:[.:](?P<minute>[0-5]\d))?"
                   r"(?:\s*(?P<zone>WIB|WITA|WIT))?\b(?![.,]\d)"),
    ),
    ("day_word", re.compile(r"\b(?P<word>hari ini|kemarin lusa|kemarin|besok|lusa)\b", re.I)),
    (
        "weekday",
        re.compile(r"\b(?P<hari>hari\s+)?" + _WEEKDAY + r"(?:\s+(?P<rel>" + _PAST + r"|ini|"
                   + _FUTURE + r"))?\b", re.I),
    ),
    ("year", re.compile(r"\b(?:(?:pada|sejak|hingga|sampai|selama)\s+(?:tahun\s+)?|tahun\s+)"
                        + _YEAR + r"\b(?![.,]\d)", re.I)),
]  # fmt: skip
# A cheap pre-filter: only positions where some pattern may start are tried.
_TRIGGER = re.compile(
    r"\b(?:\d|hari|tanggal|tgl|awal|pertengahan|medio|akhir|bulan|pekan|minggu|tahun|kemarin|"
    r"besok|lusa|pukul|jam|pada|sejak|hingga|sampai|selama|"
    r"se(?:hari|minggu|pekan|bulan|tahun)|satu|dua|tiga|empat|lima|enam|tujuh|delapan|"
    r"sembilan|sepuluh|sebelas|" + "|".join(sorted(PROSE_MONTHS, key=len, reverse=True)) + "|"
    + "|".join(k for k in WEEKDAYS if "'" not in k and "’" not in k) + r"|jum['’]at)",
    re.I,
)

_LEADING_PREPOSITION = re.compile(r"(?:(?:pada|sejak|hingga|sampai|selama)\s+)?", re.I)


def parse_reference(published: str) -> date | None:
    """The publication date from an ISO 8601 string ("" or garbage gives None)."""
    if not published:
        return None
    try:
        return datetime.fromisoformat(published.strip().replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(published.strip()[:10])
        except ValueError:
            return None


def extract_times(text: str, reference: date | None = None) -> list[TimeExpression]:
    """Time expressions in ``text``; relative ones are only resolved when ``reference`` is known."""
    out: list[TimeExpression] = []
    pos = 0
    length = len(text)
    while pos < length:
        trigger = _TRIGGER.search(text, pos)
        if trigger is None:
            break
        start = trigger.start()
        found = None
        for kind, pattern in _patterns_for(trigger.group().lower()):
            m = pattern.match(text, start)
            if m is None:
                continue
            try:
                if kind == "clock":
                    found = _clock(m, _day_before(out, start) or reference)
                else:
                    found = _normalise(kind, m, reference)
            except (ValueError, OverflowError):  # a date beyond the calendar ("9999", year 1)
                found = None
            if found is not None:
                end = start + len(m.group(0).rstrip())
                break
        if found is None:
            pos = trigger.end()
            continue
        value, granularity, relative = found
        lead = _LEADING_PREPOSITION.match(text, start, end)
        start = lead.end() if lead else start
        out.append(TimeExpression(text=text[start:end], start=start, end=end, value=value,
                                  granularity=granularity, relative=relative))
        pos = max(end, start + 1)
    return out


def _day_before(found: list[TimeExpression], pos: int) -> date | None:
    """The day a clock time belongs to: "Kamis (13/8/2020) sekitar pukul 12.45"."""
    if found and found[-1].granularity == "day" and pos - found[-1].end <= 60:
        return date.fromisoformat(found[-1].value)
    return None


def _clock(m: re.Match[str], day: date | None) -> tuple[str, str, bool] | None:
    if day is None:
        return None
    minute = m.group("minute") or "00"
    zone = ZONES.get(m.group("zone") or "", "")
    return f"{day.isoformat()}T{int(m.group('hour')):02d}:{minute}{zone}", "time", True


@lru_cache(maxsize=256)
def _patterns_for(trigger: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Only the patterns that can start with this trigger word, in priority order."""
    if trigger[:1].isdigit():
        kinds = {"day_range", "date", "numeric", "ago"}
    elif trigger in WEEKDAYS or trigger.startswith("jum"):
        kinds = {"weekday_numeric", "date", "weekday", "relative_unit"}
    elif trigger == "hari":
        kinds = {"weekday_numeric", "date", "day_word", "weekday"}
    elif trigger in ("tanggal", "tgl"):
        kinds = {"date"}
    elif trigger in PROSE_MONTHS:
        kinds = {"month"}
    elif trigger in _PART:
        kinds = {"part_month", "part_relative", "part_year"}
    elif trigger in ("bulan", "pekan", "tahun"):
        kinds = {"month", "relative_unit", "year"}
    elif trigger in ("pukul", "jam"):
        kinds = {"clock"}
    elif trigger in ("kemarin", "besok", "lusa"):
        kinds = {"day_word"}
    elif trigger in ("pada", "sejak", "hingga", "sampai", "selama"):
        kinds = {"year"}
    else:  # "sepekan", "dua", "tiga" …
        kinds = {"ago"}
    return tuple((kind, pattern) for kind, pattern in _PATTERNS if kind in kinds)


def _normalise(kind: str, m: re.Match[str], ref: date | None) -> tuple[str, str, bool] | None:
    """(value, granularity, relative) for a match of pattern ``kind``; None to reject it."""
    g = m.groupdict()
    if kind in ("weekday_numeric", "numeric"):
        return _day_month(int(g["day"]), int(g["mon"]), g.get("year"), g.get("weekday"), ref)
    if kind == "date":
        return _day_month(int(g["day"]), PROSE_MONTHS[g["month"].lower()], g["year"], g["weekday"], ref)
    if kind == "day_range":  # "20-22 Juni": from the first day to the last
        month = PROSE_MONTHS[g["month"].lower()]
        last = _day_month(int(g["day"]), month, g["year"], None, ref)
        if last is None or not 0 < int(g["first"]) < int(g["day"]):
            return None
        first = date.fromisoformat(last[0]).replace(day=int(g["first"]))
        return f"{first.isoformat()}/{last[0]}", "interval", last[2]
    if kind == "month":
        return _month(m, g, ref)
    if kind == "part_month":
        return _part_month(g, ref)
    if kind == "part_year":
        return _part_of_year(int(g["year"]), g["part"].lower()), "part-of-year", False
    if ref is None:
        return None
    if kind == "part_relative":
        return _part_relative(g, ref)
    if kind == "relative_unit":
        return _relative_unit(g["unit"].lower(), _direction(g["rel"]), ref)
    if kind == "ago":
        return _ago(g, ref)
    if kind == "day_word":
        offset = {"hari ini": 0, "kemarin": -1, "kemarin lusa": -2, "besok": 1, "lusa": 2}
        return (ref + timedelta(days=offset[g["word"].lower()])).isoformat(), "day", True
    if kind == "weekday":
        return _weekday(m, g, ref)
    if kind == "year":
        return g["year"], "year", False
    return None


def _day_month(day: int, month: int, year: str | None, weekday: str | None,
               ref: date | None) -> tuple[str, str, bool] | None:
    """A day and month, with the year written, or the one the weekday matches, or the
    publication year."""
    if year:
        y = int(year)
        d = _safe_date(y + 2000 if y < 100 else y, month, day)
        return (d.isoformat(), "day", False) if d else None
    if ref is None or _safe_date(2024, month, day) is None:
        return None
    candidates = [ref.year, ref.year - 1, ref.year + 1]
    if weekday:
        wanted = WEEKDAYS[weekday.lower().replace("’", "'")]
        for y in candidates:
            d = _safe_date(y, month, day)
            if d is not None and d.weekday() == wanted:
                return d.isoformat(), "day", True
    d = _safe_date(ref.year, month, day) or date(ref.year, month, 28)
    return d.isoformat(), "day", True


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month(m: re.Match[str], g: dict[str, Any], ref: date | None):
    """"April 2019", "September lalu", "bulan Maret": a month, most recent when no year."""
    month = PROSE_MONTHS[g["month"].lower()]
    text = m.group(0)
    if g["month"].lower() in ("mar", "jan", "jun", "jul", "des", "sep", "okt", "nov", "apr",
                              "agu", "feb") and not g["year"]:
        return None  # short forms ("Mar", "Des") alone are too often other words
    if not text[:1].isupper() and not text.lower().startswith("bulan"):
        return None  # month names are capitalised in news; "maret" lower-case is not a date
    if g["year"]:
        return f"{int(g['year']):04d}-{month:02d}", "month", False
    if ref is None:
        return None
    year = _month_year(month, g.get("rel"), g.get("yrel"), ref)
    return f"{year:04d}-{month:02d}", "month", True


def _month_year(month: int, rel: str | None, yrel: str | None, ref: date) -> int:
    """The year of a month named without one: the most recent, unless told otherwise."""
    if yrel:
        return ref.year + {"lalu": -1, "ini": 0, "depan": 1}[yrel.lower()]
    direction = _direction(rel) if rel else 0
    if direction > 0:
        return ref.year if month > ref.month else ref.year + 1
    if direction < 0:
        return ref.year if month < ref.month else ref.year - 1
    if rel:  # "Mei ini"
        return ref.year
    return ref.year if month <= ref.month else ref.year - 1


def _part_month(g: dict[str, Any], ref: date | None):
    month = PROSE_MONTHS[g["month"].lower()]
    if g["year"]:
        year, relative = int(g["year"]), False
    elif ref is None:
        return None
    else:
        year, relative = _month_year(month, g.get("rel"), None, ref), True
    return _part_of_month(year, month, g["part"].lower()), "part-of-month", relative


def _part_relative(g: dict[str, Any], ref: date):
    value, _, _ = _relative_unit(g["unit"].lower(), _direction(g["rel"]), ref)
    first, last = (date.fromisoformat(v) if len(v) == 10 else None for v in value.split("/")) \
        if "/" in value else (None, None)
    part = g["part"].lower()
    if first is None or last is None:
        if len(value) == 7:  # a month
            return _part_of_month(int(value[:4]), int(value[5:]), part), "part-of-month", True
        return _part_of_year(int(value), part), "part-of-year", True
    # a week: awal = Monday-Wednesday, pertengahan = Wednesday-Friday, akhir = Friday-Sunday
    spans = {"awal": (0, 2), "pertengahan": (2, 4), "medio": (2, 4), "akhir": (4, 6)}[part]
    return (_interval(first + timedelta(days=spans[0]), first + timedelta(days=spans[1])),
            "part-of-week", True)


def _relative_unit(unit: str, direction: int, ref: date) -> tuple[str, str, bool]:
    if unit in ("pekan", "minggu"):
        monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=direction)
        return _interval(monday, monday + timedelta(days=6)), "week", True
    if unit == "bulan":
        y, mo = _add_months(ref.year, ref.month, direction)
        return f"{y:04d}-{mo:02d}", "month", True
    return f"{ref.year + direction:04d}", "year", True


def _ago(g: dict[str, Any], ref: date):
    """"dua minggu lalu", "5 tahun terakhir", "3 hari lagi"."""
    raw = (g["amount"] or "1").lower()
    amount = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw)
    if not amount:
        return None
    rel = g["rel"].lower()
    unit = g["unit"].lower()
    if rel in ("terakhir", "ke depan", "mendatang", "lagi"):
        sign = -1 if rel == "terakhir" else 1
        other = _shift(ref, unit, sign * amount)
        if rel == "lagi":
            return _format_shift(other, unit), _granularity(unit), True
        low, high = sorted((ref, other))
        return _interval(low, high), "interval", True
    return _format_shift(_shift(ref, unit, -amount), unit), _granularity(unit), True


def _shift(ref: date, unit: str, amount: int) -> date:
    if unit == "hari":
        return ref + timedelta(days=amount)
    if unit in ("minggu", "pekan"):
        return ref + timedelta(weeks=amount)
    months = amount * (12 if unit == "tahun" else 1)
    y, mo = _add_months(ref.year, ref.month, months)
    return date(y, mo, min(ref.day, calendar.monthrange(y, mo)[1]))


def _format_shift(d: date, unit: str) -> str:
    if unit == "bulan":
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "tahun":
        return f"{d.year:04d}"
    if unit in ("minggu", "pekan"):
        monday = d - timedelta(days=d.weekday())
        return _interval(monday, monday + timedelta(days=6))
    return d.isoformat()


def _granularity(unit: str) -> str:
    return {"hari": "day", "minggu": "week", "pekan": "week", "bulan": "month"}.get(unit, "year")


def _weekday(m: re.Match[str], g: dict[str, Any], ref: date):
    """"hari Rabu": the most recent Wednesday (today included); "Rabu depan": the next one."""
    word = g["weekday"]
    rel = g.get("rel")
    if word.lower() == "minggu" and not g.get("hari") and (not word[:1].isupper() or rel):
        return None  # "minggu ini/depan" is a week, handled by relative_unit
    if not g.get("hari") and not word[:1].isupper():
        return None
    wanted = WEEKDAYS[word.lower().replace("’", "'")]
    direction = _direction(rel) if rel else 0
    if direction > 0:
        delta = (wanted - ref.weekday()) % 7 or 7
        return (ref + timedelta(days=delta)).isoformat(), "day", True
    if rel and rel.lower() == "ini":
        delta = wanted - ref.weekday()
        return (ref + timedelta(days=delta)).isoformat(), "day", True
    delta = (ref.weekday() - wanted) % 7
    if direction < 0 and delta == 0:
        delta = 7
    return (ref - timedelta(days=delta)).isoformat(), "day", True


def _direction(rel: str | None) -> int:
    if not rel:
        return 0
    rel = rel.lower()
    if rel == "ini":
        return 0
    return 1 if re.fullmatch(_FUTURE, rel) else -1


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _part_of_month(year: int, month: int, part: str) -> str:
    """awal = 1-10, pertengahan = 11-20, akhir = 21 to the month's end."""
    low, high = _PART[part]
    end = _month_end(year, month)
    return _interval(date(year, month, low), min(end, date(year, month, min(high, end.day))))


def _part_of_year(year: int, part: str) -> str:
    """awal = January-April, pertengahan = May-August, akhir = September-December."""
    first, last = {"awal": (1, 4), "pertengahan": (5, 8), "medio": (5, 8), "akhir": (9, 12)}[part]
    return _interval(date(year, first, 1), _month_end(year, last))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _interval(first: date, last: date) -> str:
    return f"{first.isoformat()}/{last.isoformat()}"
