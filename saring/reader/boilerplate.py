"""What Indonesian news pages put around and inside an article that is not the article.

Shared by the text reader and the HTML reader: ``classify(line)`` names the kind of a whole
line or block (promo, navigation, related-links, advert, video, share, factcheck-promo, embed,
syndication, disclaimer, credit), ``strip_inline(paragraph)`` cuts promos that scrapers glued
into the middle of a paragraph. The patterns come from a survey of liputan6, detik, kompas,
okezone, tempo and republika pages, and a few from English outlets and blogs (ad breaks,
"Read more:", newsletter sign-ups); each quirk is written down beside its rule so that
nothing is removed without a reason.
"""

from __future__ import annotations

import re

from saring.model import Boilerplate

_I = re.IGNORECASE
# A sign-off of initials in parentheses: "(ant)", "(Cas/Isk)", "(kpl/pur/tch)", "(dpa, kna)".
_INITIALS = r"\(\s*[A-Za-z]{2,5}(?:\s*[/,]\s*[A-Za-z]{2,5})*\s*\)"

# (kind, pattern over the whole stripped line). Order matters only for readability: every
# pattern is anchored at both ends, so a line matches at most what it fully is.
_LINE_RULES: list[tuple[str, re.Pattern[str]]] = [
    (kind, re.compile(r"^(?:[*•·\-–]\s*)?(?:" + pattern + r")\s*$", flags))
    for kind, pattern, flags in (
        # liputan6 "Advertisement"; republika "Loading..."; generic ad slots.
        ("advert", r"advertisement|iklan|ads|loading\s*\.\.\.|sponsored|konten\s+sponsor"
                   # English outlets' ad breaks inside the text
                   r"|(?:story|article) continues below(?: (?:this )?advertisement)?"
                   r"|continue reading (?:below|the main story)", _I),
        # detik's interstitial; liputan6 "Lanjutkan Membaca ↓"; section menus and pagers.
        (
            "navigation",
            r"scroll to continue with content|lanjutkan membaca\W*|baca selengkapnya(?:\s+di\s*sini)?\W*"
            r"|(?:simak\s+)?(?:berita\s+)?selengkapnya(?:\s+di\s*(?:sini|halaman\s+selanjutnya|tautan\s+berikut\s*ini))?\W*"
            r"|simak berita selengkapnya di halaman (?:selanjutnya|berikutnya)\W*"
            r"|halaman\s+(?:selanjutnya|berikutnya|sebelumnya)\W*|next page|\d+\s*/\s*\d+"
            r"|populer|terpopuler|berita terkini(?: selengkapnya)?|berita terbaru|terkini"
            r"|rekomendasi|pilihan redaksi|topik terkait|tag(?:s)?\s*:.*|kategori\s*:.*"
            r"|home|beranda|indeks(?: berita)?"
            # English pages: skip links, post navigation
            r"|skip to (?:main )?content|back to top|(?:previous|next)(?: (?:article|post|story))?\s*:.*"
            r"|(?:previous|next) (?:article|post|story)",
            _I,
        ),
        # liputan6/kompas/okezone/tempo/republika "Baca Juga" blocks, with or without titles.
        ("related-links", r"baca\s+juga\s*:?.*|berita\s+terkait\s*:?.*|artikel\s+terkait\s*:?.*"
                          r"|(?:read more|related|see also|also read|more on this story)\s*:.*"
                          r"|read more|related (?:stories|articles|posts|coverage|content)"
                          r"|recommended(?: for you| reading| stories)?", _I),
        # detik "[Gambas:Video 20detik]", "Simak juga Video: ...", "Lihat Video '...'";
        # liputan6 "Video Pilihan Hari Ini", "Video Terkini"; detik "Saksikan Live DetikPagi:".
        (
            "video",
            r"\[gambas:video[^\]]*\]|video pilihan(?: hari ini)?|video terkini|video terpopuler"
            r"|video\s+terkait\s*:?.*"
            r"|(?:simak|lihat|tonton|saksikan)(?:\s+juga)?\s+video\b.*"
            r"|saksikan live detik\w*\s*:?|saksikan juga blak-blakan.*",
            _I,
        ),
        # Social embeds that lose their content in a text scrape.
        (
            "embed",
            r"\[gambas:[^\]]*\]|a post shared by .*|(?:sebuah )?kiriman dibagikan oleh .*"
            r"|lihat postingan ini di instagram.*"
            r"|view this post on instagram.*|pic\.twitter\.com/\S+.*",
            _I,
        ),
        # Channel/app/newsletter promos (liputan6 WhatsApp channel, republika, okezone).
        (
            "promo",
            r"(?:follow|ikuti)\s+(?:official\s+)?(?:whatsapp|wa|google news|instagram|telegram)"
            r"\s+(?:channel\s+)?.*"
            r"|(?:follow|ikuti)\s+\S+\s+(?:di|on)\s+(?:google news|whatsapp|instagram).*"
            r"|(?:download|unduh)\s+(?:aplikasi|app)\b.*|dapatkan (?:update|berita)\b.*"
            r"|saksikan terus\s*\S*.*di (?:sctv|indosiar|rcti|mnctv|gtv|inews)\W*"
            r"|saksikan layar drama indonesia.*"
            r"|sign up (?:for|to) .*newsletter.*|subscribe to (?:our|the) .*newsletter.*"
            r"|(?:follow|like) us on .*",
            _I,
        ),
        # liputan6 "Fakta atau Hoaks? ... Cek Fakta Liputan6.com 0811 ...".
        (
            "factcheck-promo",
            r"(?:\*+\s*)?(?:fakta atau hoaks\?|untuk mengetahui kebenaran informasi yang beredar).*"
            r"cek fakta.*",
            _I,
        ),
        ("share", r"bagikan(?: artikel ini)?|share(?: this)?(?: (?:article|story|post|page))?\s*:?"
                  r"|salin (?:link|tautan)|copy link|tweet|kirim", _I),
        # detik "Artikel ini telah naik di detikJabar." / "sudah lebih dulu tayang di ...".
        (
            "syndication",
            r"artikel ini (?:telah|sudah|pertama kali)\s+(?:lebih dulu\s+)?(?:naik|tayang|terbit|dimuat|di)\b.*",
            _I,
        ),
        ("disclaimer", r"disclaimer\s*:.*", _I),
        # section breaks ("***", "--------"): no words, only layout.
        ("separator", r"[*\-_=~·•]{3,}", 0),
        # Articles close with the desk's initials or the editor's name in parentheses: okezone
        # "(kha)", "(SIS)", "(Arief Setyadi )"; kapanlagi "(kpl/pur/tch)"; "(Cas/Isk)", "(rdn/ed)",
        # antara "(ant)"; detik's DW articles "rzn/yf (dpa, kna)", the desk then the agencies;
        # detik "Editor: ...", liputan6 "Penulis: ...".
        (
            "credit",
            _INITIALS + r"|[a-z]{2,5}(?:/[a-z]{2,5})+(?:\s*" + _INITIALS + r")?"
            r"|\([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3}\s*\)"
            r"|(?i:editor|penulis|pewarta|reporter|penyunting|redaktur)\s*:\s*[^.]{2,60}",
            0,
        ),
    )
]


# Longer lines are article text whatever they start with.
MAX_BOILERPLATE_CHARS = 400
# An embedded tweet as a scrape keeps it: its text (up to 280 characters and a link), its
# picture link, then "— Name (@handle) June 18, 2025". detik embeds them between paragraphs.
_TWEET = re.compile(r".*\bpic\.twitter\.com/\w+.*|.*\(@\w+\)\s*[A-Z][a-z]+ \d{1,2}, \d{4}\s*")
MAX_TWEET_CHARS = 600


def classify(line: str) -> str | None:
    """The boilerplate kind of a whole line or block, or None when it is content."""
    text = " ".join(line.split())
    if not text or len(text) > MAX_TWEET_CHARS:
        return None
    if ("pic.twitter.com/" in text or "(@" in text) and _TWEET.fullmatch(text):
        return "embed"
    if len(text) > MAX_BOILERPLATE_CHARS:
        return None
    for kind, pattern in _LINE_RULES:
        if pattern.match(text):
            return kind
    return None


# Markers that scrapers glued into running text; what follows them up to the next sentence of
# the article is the promo. republika: "...kepolisian.Baca JugaTitle ATitle BBahkan, pada...";
# okezone: "...berkendaranya.Baca Juga:Title!Selama kariernya..."; kompas: "Baca juga:Title".
_INLINE_RELATED = re.compile(r"Baca [Jj]uga\s*:?\s*")
_INLINE_TAIL = re.compile(
    r"(?:Loading\s*\.\.\.)?\s*(?:Ikuti (?:Whatsapp|WhatsApp) Channel \w+(?:\.\w+)*"
    r"|Loading\s*\.\.\.)\s*$"
)
_INLINE_MARKERS = re.compile(r"\s*(?:SCROLL TO CONTINUE WITH CONTENT|ADVERTISEMENT)\s*")
# Where glued pieces meet: a lower-case letter, digit or closing mark directly followed by a
# capitalised word or an opening quote ("DievakuasiIni", "2025\"Anda", "MotoGP!Selama"; not
# inside "MotoGP").
_GLUE_BOUNDARY = re.compile(r"(?<=[a-z0-9!?)”’])(?=[A-Z][a-z]|[\"“‘])")


def looks_like_headline(segment: str) -> bool:
    """Headlines capitalise most words and carry no sentence break; running text does not."""
    words = re.findall(r"[^\W_]+", segment)
    if not words or re.search(r"[.;]\s+\S", segment):
        return False
    long_words = [w for w in words if len(w) > 3] or words
    capitalised = sum(1 for w in long_words if w[0].isupper() or w[0].isdigit())
    return capitalised / len(long_words) >= 0.6


def _cut_related(text: str) -> tuple[list[str], str]:
    """Split glued headlines off the front of ``text``: (titles, the article text after them).

    Each glued piece that reads like a headline is one title; a piece of three characters or
    fewer continues the previous title ("...di Moto" + "GP!"); the first piece that reads
    like running text is where the article resumes.
    """
    pieces = _GLUE_BOUNDARY.split(text)
    titles: list[str] = []
    for index, piece in enumerate(pieces):
        if titles and len(piece.strip()) <= 3:
            titles[-1] += piece
        elif looks_like_headline(piece):
            titles.append(piece)
        else:
            return [t.strip() for t in titles], "".join(pieces[index:])
    return [t.strip() for t in titles], ""


def strip_inline(paragraph: str) -> tuple[str, list[Boilerplate]]:
    """Remove promos glued inside a paragraph; returns the cleaned text and what was removed."""
    removed: list[Boilerplate] = []
    text = paragraph
    tail = _INLINE_TAIL.search(text)
    if tail:  # at the start it is the whole line: republika's "Loading...Ikuti Whatsapp Channel"
        removed.append(Boilerplate(tail.group().strip(), "promo"))
        text = text[: tail.start()]
    for marker in _INLINE_MARKERS.finditer(text):
        kind = "advert" if marker.group().strip() == "ADVERTISEMENT" else "navigation"
        removed.append(Boilerplate(marker.group().strip(), kind))
    text = _INLINE_MARKERS.sub(" ", text)
    while (m := _INLINE_RELATED.search(text)) and m.start() > 0:
        titles, rest = _cut_related(text[m.end() :])
        label = m.group().strip()
        removed.append(Boilerplate(f"{label} {' | '.join(titles)}".strip(), "related-links"))
        head = text[: m.start()].rstrip()
        text = f"{head} {rest.lstrip()}".strip() if rest else head
    return text.strip(), removed


# The initials closing the last paragraph after its final sentence: "… kata dia. (ant)".
_TRAILING_INITIALS = re.compile(r"(?<=[.!?\"”’])\s*(?P<credit>" + _INITIALS + r")\s*$")


def strip_trailing_credit(paragraph: str) -> tuple[str, list[Boilerplate]]:
    """Cut the desk's initials an outlet glued after an article's last sentence."""
    m = _TRAILING_INITIALS.search(paragraph)
    if not m:
        return paragraph, []
    return paragraph[: m.start()].rstrip(), [Boilerplate(m.group("credit"), "credit")]
