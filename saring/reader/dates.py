"""Dates as Indonesian news pages print them, turned into ISO 8601 with the zone's offset.

Pages show dates in each outlet's own style ("13 Jun 2024, 09:04 WIB", "Rabu, 18 Jun 2025
07:30 WIB", "Kompas.com- 18/06/2025, 21:35 WIB", "18 Juni 2025 | 20.04 WIB") and rarely in
machine form, so the reader needs its own small parser; dateparser is far slower and guesses
too freely (it reads "Jun" inside a name as a month).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from saring.text.calendar import MONTHS, WIB, ZONES

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ZONE = r"(?:\s*(?P<zone>WITA|WIT|WIB|GMT|UTC)(?:\s*(?P<zsign>[+-])\s*(?P<zhours>\d{1,2}))?)?"
# "13 Jun 2024, 09:04 WIB", "18 Juni 2025 | 20.04 WIB", "pukul 09.00 WIT", "16 Feb 2016 at 09:09"
_TIME = (
    r"(?:\s*[,|\-–/]?\s*(?:(?:pukul|pkl\.?|jam|at)\s*)?"
    r"(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?(?![.,:]?\d)"
    + _ZONE + r")?"
)
_DAY_MONTH_YEAR = r"(?P<day>[0-3]?\d)\s+" + _MONTH + r"\s+(?P<year>(?:19|20)\d\d)"
_MONTH_DAY_YEAR = _MONTH + r"\s+(?P<day>[0-3]?\d),?\s+(?P<year>(?:19|20)\d\d)"
_NUMERIC = r"(?P<day>[0-3]?\d)/(?P<nmonth>[01]?\d)/(?P<year>(?:19|20)\d\d)"
# "2024-06-13T09:04:00+07:00", "2025-06-18 14:05", detik's "2015-11-05 T10:08:58Z", and
# year-first with slashes as some CMSs print it, "2025/06/18 07:30:12"
_ISO = (
    r"(?P<year>(?:19|20)\d\d)(?P<sep>[-/])(?P<nmonth>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)"
    r"(?:(?:T|\s+T?)(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?(?:\.\d+)?"
    r"(?:(?P<offset>Z|[+-]\d\d:?\d\d)|" + _ZONE + r"))?"
)

_PATTERNS = [
    re.compile(r"(?<![\w/])" + _ISO + r"(?![\d/])"),
    re.compile(r"(?<![\w/])" + _DAY_MONTH_YEAR + r"\b" + _TIME, re.IGNORECASE),
    re.compile(r"(?<![\w/])" + _NUMERIC + r"(?![\d/])" + _TIME, re.IGNORECASE),
    re.compile(r"(?<![\w/])" + _MONTH_DAY_YEAR + r"\b" + _TIME, re.IGNORECASE),
]


@dataclass(frozen=True)
class FoundDate:
    """A date found in text: where it is and its ISO value."""

    start: int
    end: int
    value: str


def _offset(groups: dict[str, Any], default_tz: str) -> str:
    if groups.get("offset"):
        raw = groups["offset"]
        if raw == "Z":
            return "+00:00"
        return raw if ":" in raw else raw[:3] + ":" + raw[3:]
    zone = (groups.get("zone") or "").upper()
    if zone in ("GMT", "UTC") and groups.get("zhours"):
        return f"{groups['zsign']}{int(groups['zhours']):02d}:00"
    return ZONES.get(zone, default_tz)


def _to_iso(groups: dict[str, Any], default_tz: str) -> str:
    month = int(groups["nmonth"]) if groups.get("nmonth") else MONTHS[groups["month"].lower()]
    try:
        day = date(int(groups["year"]), month, int(groups["day"]))
    except ValueError:
        return ""
    if groups.get("hour") is None:
        return day.isoformat()
    second = int(groups.get("second") or 0)
    clock = f"{int(groups['hour']):02d}:{groups['minute']}:{second:02d}"
    return f"{day.isoformat()}T{clock}{_offset(groups, default_tz)}"


def find_datetimes(text: str, default_tz: str = WIB) -> list[FoundDate]:
    """Every date in ``text``, in order of position; overlapping matches keep the earliest.

    A date with a time gets the printed zone's offset (WIB +07:00, WITA +08:00, WIT +09:00),
    or ``default_tz`` when no zone is printed; a date without a time is a plain ISO date
    ("2024-08-03"), since inventing midnight would claim a precision the page does not give.
    """
    found: list[FoundDate] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            value = _to_iso(m.groupdict(), default_tz)
            if value:
                found.append(FoundDate(m.start(), m.end(), value))
    found.sort(key=lambda d: (d.start, -d.end))
    kept: list[FoundDate] = []
    for d in found:
        if not kept or d.start >= kept[-1].end:
            kept.append(d)
    return kept


def find_datetime(text: str, default_tz: str = WIB) -> str:
    """The first date in ``text`` as ISO 8601 (with offset when a time is given), "" if none."""
    found = find_datetimes(text, default_tz)
    return found[0].value if found else ""


def is_date_line(line: str) -> bool:
    """Whether dates make up much of a line ("Kamis, 05/11/2015 09:25 WIB", "Diterbitkan 13 Jun
    2024, 09:04 WIB"): a page's date line, not a sentence that mentions a date."""
    return sum(d.end - d.start for d in find_datetimes(line)) >= 0.4 * len(line) > 0
