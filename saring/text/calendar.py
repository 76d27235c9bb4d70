"""Month names and Indonesia's time zones: the one calendar vocabulary of the reader (dates
printed on pages and in exports) and the language layer (time expressions in prose)."""

from __future__ import annotations

# Per month: the spellings Indonesian prose uses, then those only pages and exports print
# (English names, and "Agus"/"Peb"/"Nop", which in running text are more often other words).
_MONTH_SPELLINGS = (
    ("januari jan", "january"),
    ("februari pebruari feb", "peb february"),
    ("maret mar", "march"),
    ("april apr", ""),
    ("mei", "may"),
    ("juni jun", "june"),
    ("juli jul", "july"),
    ("agustus agu agt ags aug", "agus august"),
    ("september sep sept", ""),
    ("oktober okt oct", "october"),
    ("november nov nopember", "nop"),
    ("desember des dec", "december"),
)

# Lower-cased month spellings a date written in prose may use -> month number.
PROSE_MONTHS: dict[str, int] = {
    name: number for number, (prose, _) in enumerate(_MONTH_SPELLINGS, start=1) for name in prose.split()
}
# Every spelling, Indonesian and English, as dates on pages and in exports print them.
MONTHS: dict[str, int] = PROSE_MONTHS | {
    name: number for number, (_, printed) in enumerate(_MONTH_SPELLINGS, start=1) for name in printed.split()
}

# Month names as replies and pages write them, by language (January first).
MONTH_NAMES = {
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split(),
    "en": "January February March April May June July August September October November December".split(),
}

# Western Indonesia Time, the zone of most news and of dates given without one.
WIB = "+07:00"
# Indonesian time zones (and the UTC names pages print) with the offsets ISO 8601 needs.
ZONES = {"WIB": WIB, "WITA": "+08:00", "WIT": "+09:00", "GMT": "+00:00", "UTC": "+00:00"}
