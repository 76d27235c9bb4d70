"""The dateline a news paragraph opens with, split into outlet, place and the text after it.

Indonesian outlets open an article with the place and their own signature, each in its own
order and punctuation: "Liputan6.com, Pyongyang - ", "JAKARTA, KOMPAS.com - ", detik's
"Jakarta - ", "REPUBLIKA.CO.ID, JAKARTA -- ", "TEMPO.CO, Jakarta - ", okezone's "JAKARTA– ",
"Jakarta, CNN Indonesia -- " and the agencies' "Mataram, NTB (ANTARA News) - " or
"ISTANBUL, 23 Februari 2016 (Antara/PRNewswire) -- ". The place goes to the Article's
``dateline``, the signature to its ``source``, and neither belongs in the body. Text scrapes
and HTML pages share these rules; scrapes also drop the dash ("Liputan6.com, JakartaKita").
"""

from __future__ import annotations

import re

from saring.reader.outlets import OUTLETS, outlet_name

# Outlets that sign with a bare name rather than their domain, by the domain that names them;
# detik signs with its desk ("detikNews", "detikJabar").
_BARE_SIGNATURES = {"antara": "antaranews.com", "okezone": "okezone.com", "detik": "detik.com"}
# Outlet names as they sign ("CNN Indonesia"), lower-cased, for the signatures with no domain.
_NAMES = {name.lower(): name for name in OUTLETS.values()}
# Labels printed where a dateline goes that name no place: tempo's advertorials "INFO NASIONAL -".
_SECTION_LABELS = {"info nasional", "info tempo", "advertorial", "info grafis", "infografis"}

_DASH = r"\s*[-–—]{1,2}\s*"
# A capitalised or upper-case word; "JakartaTimnas" is two words a scrape glued together.
_WORD = r"[A-Z](?:[A-Z.'’]+|[a-z.'’]+)?"
# "Pyongyang", "NEW YORK", "Washington, DC" (a short capitalised region may follow a comma)
_PLACE = _WORD + r"(?:[ \-]" + _WORD + r"){0,3}(?:,\s*[A-Z]{2,4}\b)?"
_NAMED = "|".join(re.escape(name) for name in sorted(_NAMES, key=len, reverse=True)
                  if "." not in name)
_SIGNATURE = (r"(?P<outlet>[A-Za-z]\w*(?:\.[A-Za-z]{2,}){1,2}|(?i:antara|okezone|detik\w*|"
              + _NAMED + r")(?!\w))")
# Agencies and wires that sign in parentheses after the place: "(ANTARA News)", "(Reuters)".
_AGENCY = re.compile(
    r"\b(?:antara|reuters|afp|ap|xinhua|bernama|kyodo|yonhap|anadolu|dpa|upi|tass|sputnik"
    r"|bloomberg|prnewswire|business\s*wire|globe\s*newswire)\b",
    re.IGNORECASE,
)

# "Liputan6.com, Pyongyang - ", "TEMPO.CO,Jakarta-", "REPUBLIKA.CO.ID, JAKARTA -- "
_OUTLET_PLACE = re.compile(r"^" + _SIGNATURE + r"\s*,\s*(?P<place>" + _PLACE + r")" + _DASH)
# "Mataram, NTB (ANTARA News) - ", "ISTANBUL, 23 Februari 2016 (Antara/PRNewswire) -- "
_PLACE_AGENCY = re.compile(
    r"^(?P<place>" + _WORD + r"(?:(?:\s+|,\s*)" + _WORD + r"){0,3}?)"
    r"(?:,\s*\d{1,2}\s+\w+\s+\d{4})?\s*\((?P<outlet>[^()]{2,40})\)" + _DASH
)
# "JAKARTA, KOMPAS.com - ", "Jakarta, CNN Indonesia -- ", "KOMPAS.com - " (no place)
_PLACE_OUTLET = re.compile(r"^(?:(?P<place>" + _PLACE + r")\s*,\s*)?" + _SIGNATURE + _DASH)
# "Liputan6.com, JakartaKita ...", "Liputan6.com, Jakarta“Iris” ..." (the scraper dropped " - ")
_OUTLET_PLACE_GLUED = re.compile(
    r"^" + _SIGNATURE + r"\s*,\s*(?P<place>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}?)(?=[A-Z\"“‘])"
)
# okezone "JAKARTA– ", detik "Jakarta - ", "Jakarta -Kolesterol", ", Jakarta - " (the outlet's
# name lost); mixed case needs a space before the dash, so "Jakarta-Bandung" stays, and so do
# tempo's and okezone's capitalised openings "ALIH-alih", "TEKA-teki".
_PLACE_CAPS = re.compile(r"^(?P<place>[A-Z]{3,}(?:[ .][A-Z]{2,}){0,2})(?![-–—][a-z])" + _DASH)
_PLACE_ONLY = re.compile(r"^(?:,\s*)?(?P<place>[A-Z][a-z]+(?: [A-Z][a-z]+)?) [-–—]{1,2}\s*(?=\S)")


def split_dateline(paragraph: str, lead_bold: str = "") -> tuple[str, str, str]:
    """(outlet, place, rest) when the paragraph opens with a dateline, else ("", "", paragraph).

    ``lead_bold`` is the bold text an HTML paragraph opens with; when the paragraph has no
    dateline of its own, that can be the whole dateline with no dash after it
    ("<b>Liputan6.com, Jakarta</b> London Love Story, …").
    """
    for pattern, known_only in ((_OUTLET_PLACE, False), (_PLACE_AGENCY, False),
                                (_PLACE_OUTLET, False), (_OUTLET_PLACE_GLUED, True)):
        m = pattern.match(paragraph)
        if m and (outlet := _outlet(m.group("outlet"), known_only)):
            return outlet, _place(m.group("place") or ""), paragraph[m.end():].strip()
    for pattern in (_PLACE_CAPS, _PLACE_ONLY):
        m = pattern.match(paragraph)
        if m and m.group("place").lower() not in _SECTION_LABELS:
            return "", _place(m.group("place")), paragraph[m.end():].strip()
    if lead_bold and paragraph.startswith(lead_bold):
        outlet, place, rest = split_dateline(lead_bold + " - ")
        if outlet and not rest:
            return outlet, place, paragraph[len(lead_bold):].lstrip(" -–—")
    return "", "", paragraph


def _outlet(signature: str, known_only: bool) -> str:
    """The outlet's name from how it signs ("TEMPO.CO" -> "Tempo.co", "ANTARA" -> "ANTARA
    News"); an unknown domain or agency as printed ("iNews.id", "Antara/PRNewswire"), or ""
    when it is no signature at all ("(Jokowi)") or, with ``known_only``, not a known outlet."""
    signature = signature.strip()
    key = signature.lower()
    key = "detik" if key.startswith("detik") else key
    if key in _BARE_SIGNATURES:
        return outlet_name(_BARE_SIGNATURES[key])
    if key in _NAMES:
        return _NAMES[key]
    is_domain = bool(re.fullmatch(r"[\w-]+(?:\.[a-z]{2,}){1,2}", key))
    known = outlet_name(signature) if is_domain else ""
    if known or known_only:
        return known
    return signature if is_domain or _AGENCY.search(signature) else ""


def _place(raw: str) -> str:
    """"NEW YORK" -> "New York"; a region after a comma stays as written ("WASHINGTON, DC")."""
    raw = raw.strip(" ,")
    if not raw.isupper():
        return raw
    town, comma, region = raw.partition(",")
    return town.title() + comma + region
