"""Numbers in Indonesian notation, with their scale and unit.

Hoaxes live on numbers ("7.000 kontainer", "Rp 200 juta", "73,6 persen"), and Indonesian
writes them the other way round from English: "." groups thousands and "," marks decimals.
The value is always the plain number ("55,4 juta" -> 55400000) so claims can be compared with
the archive whatever the notation. Dates and times are left to ``temporal``.
"""

from __future__ import annotations

import re

from saring.model import Quantity

SCALES = {
    "ribu": 1e3, "rb": 1e3, "juta": 1e6, "jt": 1e6, "miliar": 1e9, "milyar": 1e9,
    "triliun": 1e12, "trilyun": 1e12, "thousand": 1e3, "million": 1e6, "billion": 1e9,
    "trillion": 1e12, "ribuan": 1e3, "jutaan": 1e6, "miliaran": 1e9, "triliunan": 1e12,
}  # fmt: skip
_WORD_NUMBERS = {
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000,
    "sejuta": 1e6, "semiliar": 1e9,
}  # fmt: skip
# Multipliers inside spelled-out numbers: "dua ratus lima puluh ribu" = 250000.
_WORD_MULTIPLIERS = {"belas": 10, "puluh": 10, "ratus": 100}
# Units written after the number, mapped to one spelling.
UNITS = {
    "persen": "percent", "%": "percent", "km": "kilometer", "kilometer": "kilometer",
    "meter": "meter", "m": "meter", "cm": "centimeter", "mm": "millimeter", "mil": "mile",
    "kg": "kilogram", "kilogram": "kilogram", "gram": "gram", "g": "gram", "ton": "ton",
    "liter": "liter", "l": "liter", "hektare": "hectare", "hektar": "hectare", "ha": "hectare",
    "derajat": "degree", "°c": "celsius", "mw": "megawatt", "kwh": "kilowatt-hour",
    "kw": "kilowatt", "cc": "cc", "ml": "milliliter", "mah": "mAh", "gb": "gigabyte",
    "tb": "terabyte", "mb": "megabyte",
    # durations: dates and spans such as "3 hari lalu" are the temporal layer's, and skipped
    "tahun": "year", "bulan": "month", "pekan": "week", "minggu": "week", "hari": "day",
    "jam": "hour", "menit": "minute", "detik": "second",
}  # fmt: skip
# Units written onto the number ("975cc", "715mm", "470km"), lower-case only ("5G" is no gram).
_GLUED_UNITS = ("km", "kg", "mm", "cm", "cc", "ml", "mah", "gb", "tb", "mb", "kwh", "mw", "kw")
# Words after which a number is a label, not an amount ("Pasal 34", "ayat (1)", "RT 18",
# "Km 835", "Nomor 202").
_LABEL_WORDS = frozenset(
    """
    pasal ayat nomor no nomer nopol rt rw km huruf lantai blok bab jilid halaman hlm edisi
    seri episode tahap gelombang level kode pos gate terminal jalur sesi babak grup zona
    tipe versi gerbang pintu kavling kav nomor-nomor perpres pp uu perda permen kepmen
    """.split()
)
_CURRENCY_BEFORE = {
    "rp": "IDR", "idr": "IDR", "us$": "USD", "usd": "USD", "$": "USD", "€": "EUR", "eur": "EUR",
    "£": "GBP", "¥": "JPY", "rm": "MYR", "s$": "SGD", "sgd": "SGD",
}  # fmt: skip
_CURRENCY_AFTER = {
    "rupiah": "IDR", "dolar": "USD", "dollar": "USD", "euro": "EUR", "yen": "JPY",
    "yuan": "CNY", "ringgit": "MYR", "won": "KRW", "rubel": "RUB", "poundsterling": "GBP",
}  # fmt: skip
# Words after a number that are not what it counts.
_NOT_UNITS = frozenset(
    """
    dan atau yang di ke dari ini itu dengan untuk pada dalam akan telah juga oleh karena
    sebagai bahwa serta hingga sampai per kali tahun bulan hari pekan minggu jam menit detik
    tersebut saja lagi lebih kurang sekitar hampir naik turun lalu silam kemudian sudah belum
    masih baru pun tersebut terjadi termasuk terkait terdapat tercatat terhadap terakhir terus
    terutama tentang sebesar besar kecil hal pukul contoh nomor tahunan bulanan harian lama
    baru kali ialah adalah yaitu yakni sama udah dong deh sih kok aja lho kan nih tuh lah
    doang
    """.split()
)
_VERB_PREFIXES = ("me", "ber", "di")

_NUMBER = (
    r"(?P<neg>(?<!\S)[-−])?(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
    r"(?:(?-i:(?P<glued>" + "|".join(sorted(_GLUED_UNITS, key=len, reverse=True)) + r")\b)"
    r"|(?![\w/]|[.,]\d|\s\d))"
)
_WORD = "|".join(sorted([*_WORD_NUMBERS, *_WORD_MULTIPLIERS, *SCALES], key=len, reverse=True))
_WORDNUM = (
    r"\b(?P<word>(?:" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + r")"
    r"(?:\s+(?:" + _WORD + r"))*)\b"
)
_CURRENCY = r"(?P<cur>Rp|IDR|US\$|USD|S\$|SGD|EUR|RM|\$|€|£|¥)\.?\s?"
_SCALE = r"(?:\s+(?P<scale>" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")\b)?"
_UNIT_TAIL = r"(?:\s*(?P<pct>%)|\s+(?P<unit>[^\W\d_]{1,20}(?:\$)?))?"
_QUANTITY = re.compile(
    r"(?:" + _CURRENCY + r"|(?<![\w/.,$€£¥])(?<![^\W\d_]-)(?<!\d\s))(?:" + _NUMBER + "|" + _WORDNUM + ")"
    + _SCALE + _UNIT_TAIL,
    re.I,
)
# "(125 mil)" after "200 kilometer" is its own quantity; time ("pukul 12.45") is not one.
_TIME_BEFORE = re.compile(r"(?:pukul|jam)\s*$", re.I)
_WORD_BEFORE = re.compile(r"([^\W\d_][\w.-]*)[\s(]*$")
_RANGE_BETWEEN = re.compile(r"\s*(?:[-–—]|hingga|sampai|s/d)\s*$", re.I)


def extract_quantities(text: str, skip: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """Quantities in ``text``; spans in ``skip`` (dates, already found) are left out."""
    skip = sorted(skip or [])
    out: list[Quantity] = []
    skip_index = 0
    for m in _QUANTITY.finditer(text):
        start, end = m.start(), m.end()
        while skip_index < len(skip) and skip[skip_index][1] <= start:
            skip_index += 1
        if skip_index < len(skip) and skip[skip_index][0] < end:
            continue
        if _TIME_BEFORE.search(text, max(0, start - 8), start):
            continue
        quantity = _build(text, m)
        if quantity is None or _is_label(text, m, quantity):
            continue
        _share_range_unit(text, out, quantity)
        out.append(quantity)
    return out


def _is_label(text: str, m: re.Match[str], quantity: Quantity) -> bool:
    """A number that names rather than counts: after a label word ("Pasal 34", "RT 18",
    "Km 835+600"), or a bare number right after a name ("SMAN 1", "Tomang Pulo 2")."""
    if m.group("cur"):
        return False
    start = m.start()
    if text[start - 1 : start] == "+":
        return True  # "Km 835+600"
    before = _WORD_BEFORE.search(text, max(0, start - 30), start)
    if before is None:
        return False
    word = before.group(1)
    if word.lower().rstrip(".") in _LABEL_WORDS:
        return True
    if quantity.unit or m.group("scale") or not word[:1].isupper():
        return False
    if text[before.end(1) : start].strip() == "(" and text[m.end() : m.end() + 1] == ")":
        if quantity.value <= 120 and quantity.value == int(quantity.value):
            quantity.unit = "age"  # "Taufik Hasyim (43)"
        return False
    return not _starts_sentence(text, before.start(1))


def _starts_sentence(text: str, pos: int) -> bool:
    head = text[max(0, pos - 3) : pos].rstrip(" ")
    return not head or head[-1] in ".!?\n\"“”"


def _share_range_unit(text: str, found: list[Quantity], quantity: Quantity) -> None:
    """ "20-30 menit", "5 hingga 44 tahun": the first number of a range takes the unit
    written after the second."""
    if not found or not quantity.unit:
        return
    first = found[-1]
    if not first.unit and _RANGE_BETWEEN.match(text[first.end : quantity.start]):
        first.unit = quantity.unit


def parse_number(raw: str) -> float | None:
    """'7.000' -> 7000, '55,4' -> 55.4, '1.028,6' -> 1028.6; None when it is not a number."""
    cleaned = raw.replace(".", "").replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def parse_number_words(words: str) -> float | None:
    """'dua ratus lima puluh ribu' -> 250000; None when the words are not a number."""
    total = 0.0  # completed groups of thousands and above
    group = 0.0  # the part below the next scale word
    last = 0.0  # the last digit word, which "belas"/"puluh"/"ratus" multiply
    for word in words.lower().split():
        if word in _WORD_NUMBERS:
            last = float(_WORD_NUMBERS[word])
            if last >= 1000:
                total += last
                last = 0.0
            else:
                group += last
        elif word == "belas":
            group += 10 if last else 0
        elif word in _WORD_MULTIPLIERS:
            group += last * (_WORD_MULTIPLIERS[word] - 1)
            last = 0.0
        elif word in SCALES:
            total += (group or 1) * SCALES[word]
            group = last = 0.0
        else:
            return None
    return total + group or None


def _build(text: str, m: re.Match[str]) -> Quantity | None:
    """The Quantity of a match: value times scale, and its currency or unit."""
    if m.group("num"):
        raw = m.group("num")
        if len(raw) > 1 and raw.startswith("0") and raw[1:2].isdigit():
            return None  # phone numbers, codes ("0811", "007")
        value = parse_number(raw)
        if value is not None and m.group("neg"):
            value = -value
    else:
        value = parse_number_words(m.group("word"))
    if value is None:
        return None
    end = m.end("num") if m.group("num") else m.end("word")
    if m.group("scale"):
        value *= SCALES[m.group("scale").lower()]
        end = m.end("scale")
    unit = ""
    if m.group("cur"):
        unit = _CURRENCY_BEFORE[m.group("cur").lower().rstrip(".")]
    if m.group("glued") and not unit:
        unit, end = UNITS[m.group("glued").lower()], m.end("glued")
    elif m.group("pct"):
        unit, end = "percent", m.end("pct")
    elif m.group("unit"):
        word = m.group("unit")
        lower = word.lower()
        if lower in _CURRENCY_AFTER and not unit:
            unit, end = _CURRENCY_AFTER[lower], m.end("unit")
        elif lower in UNITS and not unit:
            unit, end = UNITS[lower], m.end("unit")
        elif (not unit and word.islower() and lower not in _NOT_UNITS and len(lower) > 2
              and not lower.startswith(_VERB_PREFIXES) and lower not in _WORD_MULTIPLIERS
              and not lower.endswith("nya")):
            unit, end = lower, m.end("unit")
    if not unit and not m.group("scale") and m.group("num") and _looks_like_year(m.group("num")):
        return None  # "2019" alone is a year, and temporal handles years
    if m.group("word") and (not unit and not m.group("scale")
                            or text[max(0, m.start() - 6) : m.start()].lower() == "salah "):
        return None  # a bare "tiga" is not worth reporting, "salah satu" is "one of"
    start = m.start()
    return Quantity(text=text[start:end], start=start, end=end, value=_tidy(value), unit=unit)


def _looks_like_year(raw: str) -> bool:
    return len(raw) == 4 and raw.isdigit() and 1900 <= int(raw) <= 2100


def _tidy(value: float) -> float:
    """Round away float noise from scaling ("55,4 juta" -> 55400000.0, not 55399999.99)."""
    return round(value, 6)
