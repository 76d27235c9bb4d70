"""Turn what a reader sends (three words, a question, a whole WhatsApp forward) into a query.

Forwarded messages carry noise that would otherwise dominate the search: forward markers,
emojis, "SEBARKAN!!", greetings, signatures, shouting and chat spelling (gak, yg, bener).
Links are kept apart: a link to an archived item is an exact match, other links give words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from urllib.parse import unquote, urlsplit

# Longer messages are not forwards but pasted documents; the reader is asked for the gist.
MAX_CHARS = 20_000

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]]+", re.IGNORECASE)
# Addresses of other schemes ("javascript:alert(1)", "data:text/html,...", "file:///etc") are
# neither links nor words of a claim: they are dropped before anything reads them.
_OTHER_SCHEME = re.compile(r"(?<![\w.+-])(?:javascript|vbscript|data|file|blob|about|intent|chrome|jar|view-source)"
                           r":\S+", re.IGNORECASE)
_BARE_DOMAIN_LINK = re.compile(r"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|id|net|org|co\.id|go\.id|ly|me)/\S+", re.I)

# Phrases that say "pass this on" or frame the forward, never the claim itself.
_NOISE_PHRASES = [
    r"diteruskan(?: berkali-kali| berkali kali)?",
    r"forwarded(?: many times)?",
    r"(?:mohon|tolong|harap|segera|wajib|yuk|ayo)?\s*(?:di)?(?:sebar(?:kan|luaskan|in)|viralkan|bagikan|share)"
    r"(?:\s+(?:ke|kepada)\s+(?:semua\s+)?(?:grup|group|keluarga|teman|saudara|kerabat|orang)(?:\s+\w+)?)?",
    r"jangan (?:berhenti|putus) di (?:kamu|anda|sini|hp anda|hp kamu)",
    r"(?:copas|copy ?paste|kiriman|info) dari (?:grup|group|wag) sebelah",
    r"dari grup sebelah",
    r"assalamu['’]?\s?alaikum(?: warahmatullahi wabarakatuh| wr\.? ?wb\.?)?",
    r"wa['’]?alaikumsalam",
    r"wassalam(?:u['’]?alaikum)?(?: wr\.? ?wb\.?)?",
    r"selamat (?:pagi|siang|sore|malam)",
    r"(?:halo|hallo|hai|hi|hello|dear|min|admin|mimin|kak|gan|bro|sis)\b[,!]?",
    r"(?:info|berita|kabar) (?:penting|terkini|terbaru|viral)",
    r"breaking news",
    r"please share|share this|pass it on|forward to (?:everyone|all)",
    r"semoga bermanfaat",
    r"terima ?kasih|makasih|thanks|thank you",
    r"salam (?:sehat|hangat|sejahtera)",
    r"cek fakta|fakta atau hoaks|hoaks atau fakta|hoax atau fakta",
]
# How readers ask "is it true?": the question frame, not the claim.
_QUESTION_FRAMES = [
    r"(?:apa|apakah|apa iya|emang|memang)\s+(?:bener|benar|betul)(?:\s+(?:kalau|kalo|klo|bahwa))?",
    r"(?:bener|benar|betul)(?:kah| ke)",
    r"(?:bener|benar|betul)\s+(?:gak|ga|nggak|enggak|tidak|tdk|ngga|ngak|gk)(?:\s+(?:sih|ya|nih|tuh))?",
    r"(?:hoaks|hoax|hoak)\s*(?:atau|apa|ato|or)\s*(?:bukan|fakta|benar|bener|nggak|gak|tidak|not|real)",
    r"(?:ini|itu)\s+(?:hoaks|hoax)(?:\s*(?:ya|kah|bukan|gak|ga))?",
    r"(?:valid|asli)\s+(?:gak|ga|nggak|tidak|enggak)",
    r"is (?:it|this|that) (?:true|real|a hoax|fake)(?: that)?",
    r"(?:true|real) or (?:false|fake|not)|fake or (?:real|not)",
    r"i (?:heard|read|got a message)(?: that)?",
    r"(?:sih|dong|deh|nih|kah)",
]
_NOISE = re.compile(r"(?<!\w)(?:" + "|".join(_NOISE_PHRASES + _QUESTION_FRAMES) + r")(?!\w)", re.IGNORECASE)
_FORWARD_MARKER = re.compile(r"\b(?:forwarded(?: many times)?|diteruskan(?: berkali[- ]kali)?)\b", re.I)
_SIGNATURE = re.compile(r"^\s*(?:-{1,3}|~|—)\s*\S.{0,60}$", re.MULTILINE)
_REPEATED_PUNCT = re.compile(r"([!?.,*_~])\1+")
_LETTER_RUN = re.compile(r"([^\W\d_])\1{2,}")
_REDUPLICATION = re.compile(r"\b([^\W\d_]{2,})2\b")
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")

# Path parts of news and social URLs that say nothing about the story.
_URL_FILLER = frozenset(
    "read news berita artikel article articles html htm php amp post posts p status video "
    "photo photos watch reel reels index www com co id go net org tag detail".split()
)


@dataclass
class Message:
    """A received message, cleaned: what the matcher searches and the answer quotes."""

    original: str
    text: str = ""  # noise removed, wording kept (shown back as the "normalized query")
    language_text: str = ""  # links and symbols removed, phrasing kept: what language id reads
    normalized: str = ""  # standard Indonesian spelling, lower case
    urls: list[str] = field(default_factory=list)
    url_words: list[str] = field(default_factory=list)
    problem: str = ""  # "", "empty", "too-long", "no-words", "unreadable"


@lru_cache(maxsize=1)
def informal_table() -> dict[str, str]:
    """The curated informal -> standard table (saring/data/informal.tsv)."""
    table: dict[str, str] = {}
    text = resources.files("saring").joinpath("data/informal.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        informal, _, standard = line.partition("\t")
        table[informal.strip().lower()] = standard.strip().lower()
    return table


_ANSI_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])")


_ZERO_WIDTH_SPACE = re.compile("[\u200b\u2060\ufeff]")


def strip_control(text: str) -> str:
    """Drop terminal escapes, control and format characters (zero-width joiners, bidi marks)
    but keep newlines. Zero-width spaces stand for the spaces they replaced when a message is
    written with them ("token\u200blistrik\u200bgratis"), and are dropped when they hide inside
    words of an ordinary message ("lis\u200btrik")."""
    text = _ANSI_ESCAPE.sub("", text)
    hidden = len(_ZERO_WIDTH_SPACE.findall(text))
    if hidden:
        text = _ZERO_WIDTH_SPACE.sub(" " if hidden >= text.count(" ") else "", text)
    return "".join(
        ch
        for ch in text
        if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )


def strip_symbols(text: str) -> str:
    """Emojis, dingbats and other pictographs carry no searchable words; combining marks left
    after NFKC (strikethrough, underline: "t̶o̶k̶e̶n̶") decorate letters and are dropped, not
    turned into spaces that would split the word."""
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        if category in ("Mn", "Me"):
            continue
        out.append(" " if category in ("So", "Sk") and not ch.isalnum() else ch)
    return "".join(out)


def standardize_words(text: str) -> str:
    """Chat spelling -> standard Indonesian, word by word, through the curated table."""
    table = informal_table()
    text = _REDUPLICATION.sub(r"\1", text.lower())
    text = _LETTER_RUN.sub(r"\1", text)
    words = [table.get(w, w) for w in _WORD.findall(text)]
    return " ".join(w for w in words if w)


def words_of_url(url: str) -> list[str]:
    """The site name and slug words of a link ("detik.com/.../pln-bantah-pemadaman" -> detik pln ...)."""
    parts = urlsplit(url if "://" in url else "http://" + url)
    host = parts.netloc.lower().split(":")[0]
    host_words = [h for h in host.split(".") if h not in _URL_FILLER and len(h) > 1][:1]
    path_words = re.split(r"[/\-_.+=?&%]+", unquote(parts.path).lower())
    slug = [w for w in path_words if w.isalpha() and w not in _URL_FILLER and len(w) > 1]
    return host_words + slug


def clean(text: str) -> Message:
    """Clean a received message; ``problem`` says why it cannot be searched, if so."""
    message = Message(original=text)
    if not text or not text.strip():
        message.problem = "empty"
        return message
    if len(text) > MAX_CHARS:
        message.problem = "too-long"
        return message
    body = _OTHER_SCHEME.sub(" ", unicodedata.normalize("NFKC", strip_control(text)))
    message.urls = [u.rstrip(".,;:!?") for u in _URL.findall(body)]
    body = _URL.sub(" ", body)
    bare = [u.rstrip(".,;:!?") for u in _BARE_DOMAIN_LINK.findall(body)]
    message.urls += bare
    body = _BARE_DOMAIN_LINK.sub(" ", body)
    message.url_words = [w for u in message.urls for w in words_of_url(u)]
    body = strip_symbols(body)
    message.language_text = _FORWARD_MARKER.sub(" ", body)
    body = _SIGNATURE.sub(" ", body)
    body = _NOISE.sub(" ", body)
    body = _REPEATED_PUNCT.sub(r"\1", body)
    body = re.sub(r"[*_~]", " ", body)  # WhatsApp bold/italic/strike markers
    body = re.sub(r"\s+", " ", body).strip(" .,;:!?-")
    message.text = body
    message.normalized = standardize_words(body)
    if not message.normalized and not message.url_words:
        message.problem = "no-words"
    return message
