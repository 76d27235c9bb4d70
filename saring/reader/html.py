"""The HTML reader: one news page in, one structured Article out (Indonesian outlets first,
but blogs, page builders and foreign pages too).

Generic extractors (trafilatura, readability) find the body well enough but miss what a
fact-checker needs from an Indonesian page: the dateline prefix ("JAKARTA, KOMPAS.com -")
that belongs in ``source``/``dateline`` rather than the text, dates printed with WIB/WITA/WIT,
bylines such as "Pewarta: …", photo captions with their credits, and the outlets' own
promos ("Baca juga", share bars, video blocks), which must be set aside, not silently lost.

The page is parsed once with lxml and cut into text *units* (runs of text between block
boundaries and <br>s; a data table's row is one unit). Each unit is weighed (long, link-free
sentences count; links, promos, teaser streams and small blocks whose class names chrome
cost: a block is judged by its own class and size, so the "widget" a page builder puts on
every block condemns nothing) and the article container is the element whose units weigh
most, each counting less the further up it sits, widened to take in parts of the article
split off from it. Structured data wins when it holds the text: the microdata
``articleBody``, or the element holding the JSON-LD ``articleBody``; an <article> holding
the headline bounds the search. Inside the container every unit becomes a paragraph, a
subheading or a Boilerplate item; metadata comes from JSON-LD, microdata and OpenGraph first,
and from the lines between the headline and the body otherwise. A script-rendered page is
read from its JSON-LD ``articleBody``; a photo story without text gets its captions as the
body. A body that looks wrong (tiny beside the page's paragraphs, mostly links, in another
language than its headline) is said so in ``warnings`` and, with the ``fallback`` extra,
given to trafilatura for a second opinion.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta, timezone
from functools import partial
from typing import Any

import lxml.etree

from saring.errors import InputError
from saring.model import Article, Boilerplate, Heading, Image
from saring.reader.boilerplate import classify, strip_inline, strip_trailing_credit
from saring.reader.datelines import split_dateline
from saring.reader.dates import find_datetime, is_date_line
from saring.reader.inputs import decode
from saring.reader.outlets import canonical_url, outlet_name, registered_domain
from saring.reader.text import BYLINE, dates_in, split_authors
from saring.text.languages import detect_language

_WORD = re.compile(r"\w+")
_ARTICLE_BODY = "//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' articleBody ')]"

# ----------------------------------------------------------------------------- decoding

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
# Charsets that browsers read as cp1252 (WHATWG encoding standard), as the guess already does.
_CP1252_ALIASES = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "cp1252", "windows-1252"}


def decode_html(data: bytes) -> str:
    """Bytes to text as every input is decoded (BOM, then UTF-8, then cp1252), except that a
    page that is not UTF-8 is read in the charset it declares. Valid UTF-8 wins whatever the
    page declares (kapanlagi says iso-8859-1 and serves UTF-8).

    Raises InputError for empty or binary data (images, archives, PDFs), which would
    otherwise come out as a page of mojibake.
    """
    if not data.strip():
        raise InputError("empty HTML input")
    text, codec = decode(data)
    if codec not in ("cp1252", "latin-1"):
        return text
    declared = _META_CHARSET.search(data[:8192])
    charset = declared.group(1).decode("ascii", "ignore").lower() if declared else ""
    if not charset or charset in _CP1252_ALIASES:
        return text
    try:
        return data.decode(charset, errors="replace")
    except LookupError:
        return text


# Plain lxml elements: lxml.html's element classes cost a Python lookup per node visited.
_PARSER = lxml.etree.HTMLParser(remove_comments=True, remove_pis=True, recover=True)


# Control characters are no HTML and lxml refuses them when text is moved between nodes.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _parse(text: str) -> Any:
    text = _CONTROL.sub("", _XML_DECLARATION.sub("", text))
    if "<" not in text[:4096] or not re.search(r"<\s*[a-zA-Z!]", text[:65536]):
        raise InputError("no HTML markup found: not an HTML page")
    try:
        root = lxml.etree.fromstring(text, _PARSER)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(f"malformed HTML: {exc}") from None
    if root is None:  # markup without elements ("<!DOCTYPE html>"): a page with nothing on it
        root = lxml.etree.fromstring("<html><body></body></html>", _PARSER)
    return root


def _text(el: Any) -> str:
    """An element's text, whitespace collapsed."""
    return " ".join("".join(el.itertext()).split())


def _text_attr(el: Any, name: str) -> str:
    return " ".join((el.get(name) or "").split())


# ----------------------------------------------------------------------------- page walk

# Elements whose text never belongs to an article; JSON-LD is read before they go.
_DROP_TAGS = (
    "script", "style", "noscript", "iframe", "svg", "button", "select", "textarea", "input",
    "template", "object", "embed", "nav", "footer", "head", "link", "meta", "title",
)
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details div dl dt fieldset figcaption "
    "figure h1 h2 h3 h4 h5 h6 header hr html li main ol p pre section summary table tbody td "
    "tfoot th thead tr ul".split()
)
_HEADING_TAGS = frozenset("h2 h3 h4 h5 h6".split())
_HEADLINE_TAGS = _HEADING_TAGS | {"h1"}
_BOLD_TAGS = frozenset("b strong".split())


class _Unit:
    """A run of text between block boundaries: the grain of body, headings and chrome."""

    __slots__ = ("text", "links", "bold", "block", "lead_bold", "promo", "weight")

    def __init__(self, text: str, links: int, bold: int, block: Any, lead_bold: str) -> None:
        self.text = text
        self.links = links  # characters inside <a>
        self.bold = bold  # characters inside <b>/<strong>
        self.block = block  # nearest block element
        self.lead_bold = lead_bold  # bold text the unit opens with ("Liputan6.com, Jakarta")
        self.promo = classify(text)  # the boilerplate kind its words name, if any
        self.weight = 0.0  # how article-like it is, set by _weigh


_BREAK = ("\n", False, False)  # a <br>: source newlines are only whitespace


def _data_cells(root: Any) -> set:
    """Cells of data tables (standings, calendars, rates): two rows or more of three cells or
    more, every cell a short value with no blocks of its own. Their rows are read as one line
    each, so a table is text rather than a heap of fragments; layout tables, whose cells hold
    paragraphs, and two-column label tables ("Penulis | : Nama") are left alone."""
    cells: set = set()
    for table in root.iter("table"):
        rows = [[c for c in tr if c.tag in ("td", "th")] for tr in table.iter("tr")]
        found = [c for row in rows for c in row]
        if sum(len(row) >= 3 for row in rows) < 2 or any(
                c.find(".//table") is not None or c.find(".//p") is not None
                or c.find(".//div") is not None or len(_text(c)) > 200 for c in found):
            continue
        cells.update(found)
    return cells


_CELL_BREAK = (" | ", False, False)


class _Walker:
    """Cuts a cleaned tree into units, keeping how much of each is link or bold text."""

    def __init__(self, cells: set) -> None:
        self.units: list[_Unit] = []
        self._parts: list[tuple[str, bool, bool]] = []
        self._block: Any = None
        self._cells = cells  # data-table cells: parts of their row's line, see _data_cells

    def walk(self, root: Any) -> list[_Unit]:
        self._visit(root, False, False)
        self._flush()
        return self.units

    def _visit(self, el: Any, in_link: bool, in_bold: bool) -> None:
        tag = el.tag
        is_block = tag in _BLOCK_TAGS
        if is_block and el in self._cells:
            is_block = False
            if el.getprevious() is not None:
                self._parts.append(_CELL_BREAK)
        if is_block:
            self._flush()
            outer, self._block = self._block, el
        if tag == "br":
            self._parts.append(_BREAK)
        if el.text:
            self._parts.append((el.text, in_link, in_bold))
        for child in el:
            if isinstance(child.tag, str):
                self._visit(child, in_link or self._is_link(child),
                            in_bold or child.tag in _BOLD_TAGS)
            if child.tail:
                self._parts.append((child.tail, in_link, in_bold))
        if is_block:
            self._flush()
            self._block = outer

    def _is_link(self, el: Any) -> bool:
        """An <a>, except a heading's link to its own section ("#q1"), which links nowhere."""
        return el.tag == "a" and not (
            self._block is not None and self._block.tag in _HEADING_TAGS
            and (el.get("href") or "").startswith("#"))

    def _flush(self) -> None:
        """End the current block: its parts become units, one per run between <br>s."""
        if not self._parts:
            return
        pieces: list[list[tuple[str, bool, bool]]] = [[]]
        for part in self._parts:
            if part is _BREAK:
                pieces.append([])
            else:
                pieces[-1].append(part)
        self._parts = []
        for piece in pieces:
            self._add(piece)

    def _add(self, piece: list[tuple[str, bool, bool]]) -> None:
        text = " ".join("".join(t for t, _, _ in piece).split())  # whitespace runs -> one space
        if not text:
            return
        links = sum(len(t.strip()) for t, link, _ in piece if link)
        bold = sum(len(t.strip()) for t, _, b in piece if b)
        lead = ""
        for t, _, b in piece:
            if not t.strip():
                continue
            lead = " ".join(t.split()) if b else ""
            break
        self.units.append(_Unit(text, links, bold, self._block, lead))


# ----------------------------------------------------------------------------- metadata


def _jsonld_objects(root: Any) -> list[dict]:
    """schema.org objects from JSON-LD scripts, @graph flattened; broken JSON is skipped."""
    found: list[dict] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text.strip().rstrip(";"))
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                found.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return found


def _is_article_type(obj: dict) -> bool:
    types = obj.get("@type")
    types = types if isinstance(types, list) else [types]
    return any(isinstance(t, str) and t.endswith(("Article", "BlogPosting", "Report"))
               for t in types)


def _names(value: Any) -> list[str]:
    """Person names from a schema.org author value (string, object or list of them)."""
    values = value if isinstance(value, list) else [value]
    out = []
    for v in values:
        if isinstance(v, dict) and v.get("@type") == "Organization":
            continue
        name = v.get("name") if isinstance(v, dict) else v
        if isinstance(name, str):
            out.append(name)
    return out


class _Meta:
    """Everything the page says about itself in machine form: meta tags, microdata, JSON-LD."""

    def __init__(self, root: Any) -> None:
        self.tags: dict[str, str] = {}
        for meta in root.iter("meta"):
            key = meta.get("property") or meta.get("name") or meta.get("itemprop")
            content = meta.get("content")
            if key and content and key.lower() not in self.tags:
                self.tags[key.lower()] = " ".join(content.split())
        self.micro: dict[str, list[str]] = {}
        for el in root.xpath("//*[@itemprop]"):
            if el.tag == "meta":
                continue
            value = el.get("datetime") or el.get("content") or _text(el)
            for prop in el.get("itemprop").lower().split():
                self.micro.setdefault(prop, []).append(value)
        self.article: dict = next((o for o in _jsonld_objects(root) if _is_article_type(o)), {})
        self.html_lang = (root.get("lang") or "").lower()
        title = root.find(".//title")
        self.title_tag = _text(title) if title is not None else ""

    def first(self, *keys: str) -> str:
        """The first non-empty value among JSON-LD, microdata and meta tags, in key order."""
        for key in keys:
            value = self.article.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
            for source in (self.micro.get(key.lower()) or [], [self.tags.get(key.lower(), "")]):
                for v in source:
                    if v and v.strip():
                        return v.strip()
        return ""


# ----------------------------------------------------------------------------- title

_TITLE_SEPARATORS = re.compile(r"\s+(?:[-|–—]|::|»)\s+|(?<=\w):\s+")
_DOMAIN_WORD = re.compile(r"\b[\w-]+\.(?:com|co\.id|co|id|net|org|or\.id|tv)\b", re.IGNORECASE)


def _fold_title(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _strip_site(title: str, site_words: set[str]) -> str:
    """Drop the site name the <title>/og:title wraps round the headline ("… - Kompas.com")."""
    segments = _TITLE_SEPARATORS.split(title)
    if len(segments) == 1:
        return title

    def is_site(segment: str) -> bool:
        folded = _fold_title(segment)
        return bool(_DOMAIN_WORD.search(segment)) or any(w and w in folded.split()
                                                         for w in site_words)

    while len(segments) > 1 and is_site(segments[-1]):
        title = title[: title.rfind(segments[-1])].rstrip(" -|–—:»")
        segments.pop()
    while len(segments) > 1 and is_site(segments[0]):
        title = title[title.find(segments[0]) + len(segments[0]):].lstrip(" -|–—:»")
        segments.pop(0)
    return title.strip()


def _texts(elements: list[Any]) -> list[str]:
    texts = [_text(el) for el in elements]
    return [t for t in texts if 3 <= len(t) <= 250]


def _pick_title(meta: _Meta, headlines: list[str], url: str, strict: bool = False) -> str:
    """The headline as printed: a headline block that the meta title confirms, else (unless
    ``strict``) the meta title without the site's name."""
    domain = registered_domain(url)
    site_words = {w for w in (_fold_title(domain.split(".")[0]) if domain else "",
                              _fold_title(meta.tags.get("og:site_name", "")).split(" ")[0]) if w}
    declared = [t for t in (meta.first("headline"), meta.tags.get("og:title", ""),
                            meta.tags.get("twitter:title", ""), meta.tags.get("title", ""),
                            meta.title_tag) if t]
    stripped = [_strip_site(t, site_words) for t in declared]
    folded = [_fold_title(t) for t in declared + stripped]
    best, best_rank = "", (False, False, False)
    for headline in headlines:  # equal first, then a part of the meta title, then a superset
        h = _fold_title(headline)
        for f in filter(None, folded):
            rank = (h == f, h in f and len(h) >= 0.5 * len(f), f in h and len(f) >= 0.6 * len(h))
            if rank > best_rank:
                best, best_rank = headline, rank
    if best:
        return best
    if strict:
        return ""
    if stripped:
        return min(stripped, key=lambda t: (bool(_DOMAIN_WORD.search(t)), len(t)))
    return headlines[0] if headlines else ""


# ----------------------------------------------------------------------------- dates

_URL_DATE = re.compile(r"/((?:19|20)\d\d)/([01]\d)/([0-3]\d)/")
_URL_SHORT_DATE = re.compile(r"/(\d\d)/([01]\d)/([0-3]\d)/")




def _reconcile(declared: str, visible: str) -> str:
    """Trust the machine date, except for a "Z" that is really local time: detik declares
    "2016-02-23 T16:00:20Z" beside a printed "23/02/2016 15:32 WIB"; a true UTC time would sit
    seven hours from the printed WIB one, not half an hour."""
    if not (declared.endswith("+00:00") and len(visible) > 10 and not visible.endswith("+00:00")):
        return declared
    stated, printed = datetime.fromisoformat(declared), datetime.fromisoformat(visible)
    if abs(stated.replace(tzinfo=None) - printed.replace(tzinfo=None)) < timedelta(hours=1):
        return stated.replace(tzinfo=printed.tzinfo).isoformat()
    return declared


def _printed_dates(lines: Iterable[str]) -> tuple[str, str]:
    """(published, updated) from the date lines near the headline: liputan6 prints
    "diperbarui 13 Jun 2024, 09:04 WIB" before "Diterbitkan 13 Jun 2024, 09:04 WIB"."""
    published = updated = ""
    for line in lines:
        line_published, line_updated = dates_in(line)
        published, updated = published or line_published, updated or line_updated
    return published, updated


def _in_wib(value: str) -> str:
    """A UTC time ("…T02:10:56+00:00") as the same instant in WIB, as Indonesian readers and
    the outlets' own pages give it; other offsets are kept."""
    if not value.endswith("+00:00"):
        return value
    return datetime.fromisoformat(value).astimezone(timezone(timedelta(hours=7))).isoformat()


def _url_date(url: str) -> str:
    m = _URL_DATE.search(url)
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    m = _URL_SHORT_DATE.search(url)  # republika: /berita/…/16/02/15/slug
    if m and 1 <= int(m.group(2)) <= 12:
        return f"20{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return ""


# ----------------------------------------------------------------------------- bylines

_BYLINE_CLASS = re.compile(r"author|penulis|reporter|byline", re.IGNORECASE)
_BYLINE_LABEL = re.compile(r"^(?:pewarta|penulis|reporter|wartawan)\s*:?$", re.IGNORECASE)
_EDITOR = re.compile(r"^(?:editor|penyunting|redaktur)\s*:\s*", re.IGNORECASE)
_SENTENCE_ENDS = (".", "!", "?", '"', "”")
_SIGNATURE = re.compile(r"^[A-Z]{2,}(?: [A-Z]{2,}){1,3}$")
_ROLE_WORDS = re.compile(r"\s*\b(?:jurnalis|wartawan|kontributor|reporter|penulis|fotografer)\s*$",
                         re.IGNORECASE)
_NOT_A_PERSON = re.compile(
    r"^(?:dok|foto|ist)\b|https?:|www\.|\.com|\.co\b|\bmedia\b|\bcyber\b|\bdesign\b"
    r"|\bdevelopment\b|\bredaksi\b"
    r"|\badmin\b|\bpt\.?\s|\btim\b|\bnews\b|\bonline\b|\bdetik\w*\b|@"
    r"|^(?:facebook|twitter|instagram|youtube|tiktok|whatsapp)\b",
    re.IGNORECASE,
)


def _clean_authors(values: Iterable[str]) -> list[str]:
    """Person names from byline strings: prefixes, outlet suffixes and organisations removed."""
    out: list[str] = []
    for value in values:
        value = " ".join(value.split())
        if m := BYLINE.match(value):  # only the prefix goes: a name glued to the date after
            value = value[m.start("names"):]  # it ("Corry Anestiaon 16 Feb") is dropped whole
        value = _ROLE_WORDS.sub("", value)
        value = re.split(r"\s+[-|/]\s+|\s*[|;]\s*", value)[0]
        for name in split_authors(value):
            if (2 < len(name) <= 60 and len(name.split()) <= 5 and name[0].isupper()
                    and not _NOT_A_PERSON.search(name) and not (name.isupper() and " " not in name)
                    and not any(ch.isdigit() for ch in name) and name not in out):
                out.append(name)
    return out


# ----------------------------------------------------------------------------- captions

_CREDIT = re.compile(
    r"\s*[(\[](?P<credit>(?i:foto|photo|dok|sumber|ist|source)\b[^)\]]*|[^()\[\]]*/[^()\[\]]*"
    r"|[A-Z][A-Z .&]{2,}|[^()\[\]]*\b(?:AP|AFP|Reuters|REUTERS|ANTARA|Getty Images)\b[^()\[\]]*"
    r"|(?<=[.!?] [(\[])[A-Z][^()\[\]]{1,60})[)\]]\s*$"
)
_CREDIT_LABEL = re.compile(r"\s*(?:foto|photo|dok\.?|sumber|source)\s*:\s*(?P<credit>[^.]{2,80})$",
                           re.IGNORECASE)


def split_credit(caption: str) -> tuple[str, str]:
    """'… Senin (15/2). (REUTERS / Danny Moloshok)' -> (caption, 'REUTERS / Danny Moloshok'):
    a trailing bracket that names an agency, a photographer "X/Y", a "Foto:" label, or any
    name in brackets after the caption's last sentence ("… Awards ke-58. (Grammy)")."""
    for pattern in (_CREDIT, _CREDIT_LABEL):
        m = pattern.search(caption)
        if m and m.start() > 0 and re.search(r"[^\W\d_]", m.group("credit")):  # not "(16/2/2016)"
            credit = re.sub(r"^(?:foto|photo|dok\.?|sumber|source)\s*:?\s*", "",
                            m.group("credit").strip(), flags=re.IGNORECASE)
            return caption[: m.start()].strip(), credit.strip()
    return caption.strip(), ""


# ----------------------------------------------------------------------------- container

# class/id words of page chrome, used only *inside* the chosen container (an outlet may wrap
# the whole article in "author-and-share").
_CHROME_CLASSES = [
    (kind, re.compile(r"(?:^|[\s_-])(?:" + words + r")(?:$|[\s_-])", re.IGNORECASE))
    for kind, words in (
        ("related-links", r"baca-?juga|related\w*|terkait|lainnya|recommend\w*|rekomendasi"
                          r"|box-?berita|read-?also"),
        ("share", r"share\w*|social|sosmed"),
        ("advert", r"advert\w*|ads|iklan|banner|sponsor\w*"),
        ("video", r"video\w*"),
        ("embed", r"twitter-tweet|instagram-media|tiktok-embed|fb-post|fb-xfbml\w*|embed\w*"),
        ("promo", r"newsletter|promo\w*|subscribe"),
        ("navigation", r"tags?|breadcrumbs?|comments?|komentar|popular|populer|terpopuler"
                       r"|sidebar|topik|pagination|paging|repl(?:y|ies)|responses|disqus\w*"),
    )
]
# A word page builders put on every block (elementor-widget, so-widget) as sidebars do: a block
# it names is chrome only when it holds little prose (a list of links, a search box).
_WEAK_CHROME = re.compile(r"(?:^|[\s_-])widget\w*(?:$|[\s_-])", re.IGNORECASE)
_ADDRESS = re.compile(r"https?://|www\.|\w@\w")  # a press release's contact lines, not links out
_PHOTO_BOX = re.compile(r"(?:^|\s)(?:photo|foto|image|img|pic|picture)(?:$|\s)", re.IGNORECASE)
_CREDIT_CLASS = re.compile(r"credit|author|sumber|source|photographer|fotografer", re.IGNORECASE)
_CAPTION_CLASS = re.compile(r"caption|keterangan|wp-caption|photo-?desc|foto-?desc|img-?desc",
                            re.IGNORECASE)


def _chrome_kind(el: Any, cache: dict[Any, str]) -> str:
    """The boilerplate kind an element's class/id names ("baca-juga", "share-bar"), or ''."""
    kind = cache.get(el)
    if kind is None:
        names = f"{el.get('class') or ''} {el.get('id') or ''}"
        kind = cache[el] = next((k for k, pattern in _CHROME_CLASSES if pattern.search(names)), "")
    return kind


# A block whose class names chrome but that holds this much article-like text (weight, about
# characters of plain sentences) is not chrome: page builders put "widget" on every block and
# templates put "pagination-first" or "social-share" on the article itself.
_CHROME_MAX_TEXT = 400.0


def _weigh(units: list[_Unit]) -> None:
    """How much each unit says "article" by its own text: long, link-free sentences count;
    links cost, and so do promos in running text ("Follow Official WhatsApp Channel …")."""
    for unit in units:
        n = len(unit.text)
        if unit.block.tag in _HEADLINE_TAGS:
            unit.weight = 0.0  # headlines and subheadings frame an article but are not its text
        elif unit.links > (0.65 if n >= 150 or _is_sentence(unit.text) else 0.35) * n or unit.promo:
            unit.weight = -0.5 * n  # a sentence may link half its words and be prose
        elif n < 50:  # a label, a button, a date; a short sentence counts a little
            unit.weight = 0.5 * n if _is_sentence(unit.text) else -3.0
        elif unit.block.tag == "figcaption":
            unit.weight = 0.5 * n  # a photo story's text, but less than a body's
        else:
            unit.weight = n - unit.links + 10 * unit.text.count(", ")


_Scores = tuple[dict[Any, float], dict[Any, float], dict[Any, float], dict[Any, float]]


def _is_sentence(text: str) -> bool:
    """Four words or more ending as a sentence ends: prose, not a label, menu or headline."""
    return text.endswith((".", "!", "?", '."', '"')) and text.count(" ") >= 3


def _score(units: list[_Unit]) -> _Scores:
    """(decayed, plain, positive, chars) per element: a unit's weight counts fully for its own
    block and less for each level above, so the tightest element round the paragraphs wins;
    ``positive`` sums only the article-like units, ``chars`` the length of all text."""
    decayed: dict[Any, float] = {}
    plain: dict[Any, float] = {}
    positive: dict[Any, float] = {}
    chars: dict[Any, float] = {}
    for unit in units:
        w, n = unit.weight, len(unit.text)
        el, share = unit.block, 1.0
        while el is not None:
            decayed[el] = decayed.get(el, 0.0) + w * share
            plain[el] = plain.get(el, 0.0) + w
            chars[el] = chars.get(el, 0.0) + n
            if w > 0:
                positive[el] = positive.get(el, 0.0) + w
            el, share = el.getparent(), share * 0.7
    return decayed, plain, positive, chars


class _Marks:
    """Which elements are page chrome: those whose class names chrome and that hold little
    article text themselves (judged by their own class and size, so a big ancestor with
    "widget" in its class condemns nothing), and the items of teaser lists."""

    def __init__(self, root: Any, scores: _Scores) -> None:
        self.kinds: dict[Any, str] = {}
        self.teasers = _teaser_items(root, scores[3])
        self._memo: dict[Any, str] = {}
        self._positive, self._chars = scores[2], scores[3]

    def own(self, el: Any) -> str:
        """The chrome kind of this element alone, '' when it is not chrome."""
        if el in self.teasers:
            return "related-links"
        kind = _chrome_kind(el, self.kinds)
        article_like = self._positive.get(el, 0.0)
        if not kind:
            weak = _WEAK_CHROME.search(f"{el.get('class') or ''} {el.get('id') or ''}")
            return "navigation" if weak and article_like < 0.5 * self._chars.get(el, 0.0) else ""
        if article_like >= _CHROME_MAX_TEXT and article_like >= 0.5 * self._chars.get(el, 0.0):
            return ""  # mostly article text: the class is a template's, not the block's
        return kind

    def of(self, el: Any) -> str:
        """The chrome kind of the element or of the nearest chrome element round it."""
        path = []
        kind = ""
        while el is not None:
            if el in self._memo:
                kind = self._memo[el]
                break
            path.append(el)
            kind = self.own(el)
            if kind:
                break
            el = el.getparent()
        for seen in path:
            self._memo[seen] = kind
        return kind


_TITLE_CLASS = re.compile(r"title|headline|judul", re.IGNORECASE)


def _teaser_items(root: Any, chars: dict[Any, float]) -> set:
    """Items of teaser lists: three or more sibling elements of one tag, each a linked headline
    (in a heading or a title-classed element, or opening the item) with at most an excerpt or
    a picture. A stream of them can hold more words than the article it stands beside. A box
    of such lists (a featured teaser above a list of rows) is marked whole when little else
    is in it."""
    items: set = set()
    for parent in root.iter():
        if len(parent) < 3:
            continue
        groups: dict[str, list[Any]] = {}
        for child in parent:
            if isinstance(child.tag, str):
                groups.setdefault(child.tag, []).append(child)
        for group in groups.values():
            if len(group) < 3:
                continue
            found = [item for item in group if _is_teaser(item, chars.get(item, 0.0))]
            if len(found) >= 3 and len(found) >= 0.5 * len(group):
                items.update(found)
    covered: dict[Any, list[float]] = {}
    for item in items:
        for depth, up in enumerate(item.iterancestors()):
            if depth > 2 or up.tag in ("body", "html"):
                break
            tally = covered.setdefault(up, [0.0, 0.0])
            tally[0] += 1
            tally[1] += chars.get(item, 0.0)
    for box, (held, length) in covered.items():
        rest = chars.get(box, 0.0) - length
        if held >= 3 and rest < min(_CHROME_MAX_TEXT, 0.3 * length):
            items.add(box)
    return items


def _is_teaser(item: Any, length: float) -> bool:
    """One teaser: a linked headline with at most an excerpt or a picture (``length``: the
    characters of text it holds)."""
    if not 15 <= length <= 600 or item.tag in ("a", "p", "tr", "td", *_HEADLINE_TAGS):
        return False
    for link in item.iter("a"):
        title = _text(link)
        if len(title) < 15 or (link.get("href") or "").startswith(("#", "javascript:")):
            continue  # a heading that links to itself ("#q1") heads a section, not a teaser
        for up in link.iterancestors():
            if up.tag in _HEADLINE_TAGS or _TITLE_CLASS.search(up.get("class") or ""):
                return True
            if up is item:
                break
        # a link that opens the item, with a picture or an excerpt in a block of its own
        # (not a list of sources, "<li><a>Kemenkes</a>: the ministry denied it</li>")
        first = next((t for t in item.itertext() if t.strip()), "")
        return title.startswith(" ".join(first.split())) and (
            item.find(".//img") is not None or length - len(title) >= 20 and any(
                el.tag in _BLOCK_TAGS and not any(up is link for up in el.iterancestors())
                for el in item.iterdescendants() if el is not link))
    return False


def _best_container(decayed: dict[Any, float], plain: dict[Any, float]) -> list[Any]:
    """The elements holding the article: the best-scoring one and its siblings of the same
    kind that carry a fair part of the text too (outlets split long articles over sibling
    blocks; a header or photo beside the body is not more body)."""
    if not decayed:
        return []
    best = max(decayed, key=decayed.__getitem__)
    if plain[best] <= 0:
        return []
    parent = best.getparent()
    if parent is None:
        return [best]
    return [el for el in parent if el is best or (
        plain.get(el, 0.0) >= 0.2 * plain[best]
        and (el.get("class") == best.get("class") if best.get("class") else el.tag == best.tag))]


def _line_kind(line: str) -> str:
    return classify(line) or ""


def _label_like(line: str) -> bool:
    """A short line that is no sentence: a label, a counter, a button's text."""
    return len(line) < 40 and not line.endswith(_SENTENCE_ENDS)


def _widen(found: list[Any], plain: dict[Any, float], positive: dict[Any, float],
           headlines: list[Any], bound: Any) -> list[Any]:
    """An article split over blocks that are not siblings (a lead in its own box, text
    widgets between image widgets, a closing section after an advert): up to three levels
    above the container, the highest element that adds article text (a real paragraph, at
    least a tenth more) and little else (its links and chrome weigh under half of what it
    adds). The search stops at the page's body, at ``bound`` (the <article> it is in) and
    before an element that holds the headline, whose header lines are not body."""
    best, el = found, found[0].getparent()
    for _ in range(3):
        if el is None or el.tag in ("body", "html") or any(
                h is el or any(up is el for up in h.iterancestors()) for h in headlines):
            break
        gained = positive.get(el, 0.0) - sum(positive.get(c, 0.0) for c in best)
        net = plain.get(el, 0.0) - sum(plain.get(c, 0.0) for c in best)
        if gained >= max(80.0, 0.1 * sum(positive.get(c, 0.0) for c in best)) and \
                net >= 0.5 * gained:
            best = [el]
        if el is bound:
            break
        el = el.getparent()
    return best


# ----------------------------------------------------------------------------- article


def extract_html(html: str | bytes, url: str = "") -> Article:
    """Read one news page. A page without an article body gives a partial Article with a
    warning; empty, binary or markup-less input raises InputError."""
    text = decode_html(html) if isinstance(html, (bytes, bytearray)) else html
    if not text.strip():
        raise InputError("empty HTML input")
    root = _parse(text)
    meta = _Meta(root)
    url = canonical_url(_declared_urls(root, meta), url)
    for el in list(root.iter(*_DROP_TAGS)):
        _drop(el)
    for el in root.xpath("//*[contains(translate(@style, ' ', ''), 'display:none')]"):
        if len(_text(el)) < 200:  # hidden widgets go; a folded-away article half stays
            _drop(el)
    for body in root.xpath(_ARTICLE_BODY):
        body.tag = "div"  # a block whatever tag the template gave it (viva: a <span>)
    body = root.find("body") if root.find("body") is not None else root
    units = _Walker(_data_cells(body)).walk(body)
    builder = _Builder(root, meta, units, url)
    article = builder.build()
    doubts = builder.doubts()
    if doubts:
        _second_opinion(article, text, doubts)
    return article


# Indonesian and Malay headlines share nearly all their words: the pair is no mismatch.
_MALAY = {"id": "ms"}
_BULLET = re.compile(r"^\s*[-*•]\s+")


def _second_opinion(article: Article, page: str, doubts: list[str]) -> None:
    """An implausible body is said so in ``warnings`` and, when trafilatura is installed (the
    ``fallback`` extra), replaced by trafilatura's reading of the page if that one is
    plausible where ours is not: clearly longer, or in the headline's language."""
    reason = "; ".join(doubts)
    try:
        import trafilatura
    except ImportError:
        article.warnings.append(f"implausible body ({reason}); no second opinion: "
                                "install saring[fallback] for trafilatura")
        return
    try:
        text = trafilatura.extract(page, url=article.url or None, include_comments=False,
                                   include_tables=True, include_images=False) or ""
    except Exception as exc:  # a second opinion that fails leaves the first one standing
        article.warnings.append(f"implausible body ({reason}); trafilatura failed: "
                                f"{type(exc).__name__}")
        return
    title = _fold_title(article.title)
    paragraphs = [p for p in (" ".join(_BULLET.sub("", line).split()) for line in text.split("\n"))
                  if p and _fold_title(p) != title]  # its list items come as "- item"
    ours = sum(map(len, article.body))
    theirs = sum(map(len, paragraphs))
    title_language = detect_language(article.title)
    language = detect_language(" ".join(paragraphs[:5]), article.language)
    better = theirs >= max(2 * ours, 200) or (
        title_language and language == title_language != article.language and theirs >= 0.5 * ours)
    if not better:
        article.warnings.append(f"implausible body ({reason}); trafilatura found no better one")
        return
    article.boilerplate.extend(Boilerplate(p, "navigation") for p in article.body)
    article.body, article.headings, article.language = paragraphs, [], language
    article.warnings.append(f"implausible body ({reason}); body taken from trafilatura")


def _declared_urls(root: Any, meta: _Meta) -> Iterator[str]:
    """The URLs a page gives for itself, best first (looked for only as far as needed):
    <link rel=canonical>, og:url, the JSON-LD article's url, mainEntityOfPage and @id, a
    microdata article's itemprop=url (antara marks <a itemprop="url" href="…"> inside its
    NewsArticle), and last the address the page gives Facebook's comment box for itself
    (<fb:comments href>, <div class="fb-comments" data-href>)."""
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            yield link.get("href") or ""
    yield meta.tags.get("og:url", "")
    article = meta.article
    main = article.get("mainEntityOfPage")
    for value in (article.get("url"), main.get("@id") if isinstance(main, dict) else main,
                  article.get("@id")):
        if isinstance(value, str):
            yield value
    for el in root.xpath("//*[@itemscope][contains(@itemtype, 'Article') or "
                         "contains(@itemtype, 'BlogPosting')]//*[@itemprop='url']"):
        yield el.get("href") or el.get("content") or ""
    yield from root.xpath("//*[local-name()='fb:comments' or local-name()='comments']/@href"
                          " | //*[contains(@class, 'fb-comments')]/@data-href")


def _drop(el: Any) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


# Blocks that may print the headline when the <h1> holds the section name (kompas: h1
# "Nasional"; republika prints "In Picture: …" in a <div class="jdl-pic">); a block with many
# children is a layout box, not a headline.
_HEADLINE_XPATH = ("//h2 | //*[contains(@class,'title') or contains(@class,'judul')"
                   " or contains(@class,'jdl') or contains(@class,'headline')]")


class _Builder:
    """Turns the units of one page and its metadata into an Article."""

    def __init__(self, root: Any, meta: _Meta, units: list[_Unit], url: str) -> None:
        self.root = root
        self.meta = meta
        self.units = units
        self.url = url
        self.article = Article(url=url)
        _weigh(units)
        self.marks = _Marks(root, _score(units))
        for unit in units:  # what sits in page chrome or a teaser says "not the article"
            if unit.weight > 0 and self.marks.of(unit.block):
                unit.weight = -0.5 * len(unit.text)
        self.decayed, self.plain, self.positive, self.chars = _score(units)
        self.body_score = 0.0
        self.chrome_lines: list[str] = []  # short lines set aside from the body (bylines, dates)
        self.dateline_prefix = ""  # as printed, to take it off the description too
        self.above_headline: set = set()  # page elements before the headline, in the scope
        self.rows: set[int] = set()  # body paragraphs that are rows of a data table
        self.taken = [0, 0]  # link characters and all characters of the units in the body
        self.inside: set = set()  # the elements of the article's container

    def build(self) -> Article:
        a = self.article
        headline_els = self._headline_elements()
        titled = [el for el in self.root.xpath(_HEADLINE_XPATH) if len(el) < 5 and not any(
            up.tag in ("a", "li") for up in (el, *el.iterancestors()))]  # not a list of links
        a.title = _pick_title(self.meta, _texts(headline_els), self.url, strict=True) or \
            _pick_title(self.meta, _texts(headline_els + titled), self.url)
        title_key = _fold_title(a.title)
        headline_els = [el for el in headline_els + titled
                        if _fold_title(_text(el)) == title_key] or headline_els
        containers = self._containers(headline_els)
        inside = self.inside = {el for container in containers for el in container.iter()}
        self.body_score = sum(self.plain.get(c, 0.0) for c in containers)
        scope = self._scope(containers, headline_els) | inside
        self._body(inside, scope)
        self._metadata(inside, scope)
        if not a.body:
            a.warnings.append("no article body found on the page")
        return a

    def doubts(self) -> list[str]:
        """Why the body read may not be the article: tiny beside the page's other text, mostly
        link text, or in another language than its headline."""
        a = self.article
        found = []
        length = sum(map(len, a.body))
        elsewhere = sum(len(u.text) for u in self.units if u.block.tag == "p"
                        and u.block not in self.inside and not self.marks.of(u.block))
        if length < 1000 and elsewhere > 3 * length:
            found.append(f"{length} characters of body beside {elsewhere} in paragraphs "
                         "elsewhere on the page")
        if self.taken[1] and self.taken[0] > 0.65 * self.taken[1]:
            found.append("the body is mostly link text")
        title_language = detect_language(a.title)
        if title_language and a.language and length >= 200 and \
                _MALAY.get(title_language, title_language) != _MALAY.get(a.language, a.language):
            found.append(f"the headline reads as {title_language!r}, the body as {a.language!r}")
        return found

    # -- structure

    def _headline_elements(self) -> list[Any]:
        found = self.root.xpath("//*[@itemprop='headline'] | //h1")
        return [el for el in found if el.tag != "meta" and _text(el)]

    def _containers(self, headlines: list[Any]) -> list[Any]:
        """schema.org's articleBody when the page marks a real one, else the best scorer
        inside the <article> that holds the headline, leaving out the <article>s nested in
        it (teasers, which can outweigh a short photo story); widened to take in parts of the
        article split off from it. When that misses most of the text the page declares as
        its JSON-LD ``articleBody``, the element that holds that text instead."""
        marked = [el for el in self.root.xpath(_ARTICLE_BODY)
                  if self.chars.get(el, 0.0) >= 200 and self._link_share(el) < 0.5]
        if marked:  # trusted by its characters: a standings table's cells weigh little
            return [max(marked, key=lambda el: self.chars.get(el, 0.0))]
        found = self._scored_containers(headlines)
        return self._declared_holder(found) or found

    def _scored_containers(self, headlines: list[Any]) -> list[Any]:
        best = _best_container(self.decayed, self.plain)
        best_text = sum(self.positive.get(el, 0.0) for el in best)
        for headline in headlines:
            for el in headline.iterancestors():
                if el.tag == "article" or "Article" in (el.get("itemtype") or ""):
                    # not a hero box holding the headline and an excerpt, the text outside it
                    if self.plain.get(el, 0.0) >= 200 and self.positive.get(el, 0.0) >= 0.5 * best_text:
                        within = set(el.iter()).difference(
                            *(set(nested.iter()) for nested in el.iterdescendants("article")))
                        decayed, plain, positive, _ = _score([u for u in self.units
                                                              if u.block in within])
                        found = _best_container(decayed, plain)
                        if found:
                            return _widen(found, plain, positive, headlines, el)
                    break
        if best:
            return _widen(best, self.plain, self.positive, headlines, None)
        return self._text_holder()

    def _declared_holder(self, found: list[Any]) -> list[Any]:
        """The element holding the text of the JSON-LD ``articleBody`` (four fifths of its
        words or more) when it matches that text clearly better than ``found`` (the scored
        container); [] otherwise, and when the declaration is short or no element holds it
        (a script-rendered page). A declaration of the opening alone holds no element to
        switch to, and so cuts nothing."""
        declared = self.meta.article.get("articleBody")
        if not isinstance(declared, str) or len(declared) < 200:
            return []
        words = _WORD.findall(html_lib.unescape(declared).lower())
        wanted = set(words)
        counts: dict[Any, list[int]] = {}
        for unit in self.units:
            unit_words = _WORD.findall(unit.text.lower())
            hits = sum(w in wanted for w in unit_words)
            el = unit.block
            while el is not None:
                count = counts.setdefault(el, [0, 0])
                count[0] += hits
                count[1] += len(unit_words)
                el = el.getparent()

        def f1(hits: int, total: int) -> float:
            precision, recall = hits / max(total, 1), min(1.0, hits / len(words))
            return 2 * precision * recall / (precision + recall) if hits and recall >= 0.8 else 0.0

        scored = f1(sum(counts.get(el, [0, 0])[0] for el in found),
                    sum(counts.get(el, [0, 0])[1] for el in found))
        best = max(counts, key=lambda el: f1(*counts[el]), default=None)
        if best is None or f1(*counts[best]) < max(0.8, scored + 0.05):
            return []
        return [best]

    def _link_share(self, el: Any) -> float:
        inside = set(el.iter())
        links = sum(u.links for u in self.units if u.block in inside)
        return links / max(1.0, self.chars.get(el, 0.0))

    def _text_holder(self) -> list[Any]:
        """For a page of short paragraphs only: the smallest element holding all its plain
        (non-link) text, so a brief notice is still read; a page of links gives nothing."""
        blocks = [u.block for u in self.units if u.links <= 0.5 * len(u.text)]
        if not blocks:
            return []
        common = [blocks[0], *blocks[0].iterancestors()]
        for block in blocks[1:]:
            lineage = {block, *block.iterancestors()}
            common = [el for el in common if el in lineage]
        return common[:1]

    def _scope(self, containers: list[Any], headlines: list[Any]) -> set:
        """The article's header: what lies before the body (date, byline, lead photo) inside
        the body's and the headline's common ancestor; the rest of the page is not the
        article's. What precedes the headline is remembered: dates sit there, teasers too."""
        if not containers:
            return set()
        for depth, el in enumerate(containers[0].iterancestors()):
            if el.tag in ("body", "html") or depth > 4:
                break
            if any(a is el for h in headlines for a in h.iterancestors()):
                head: set = set()
                for item in el.iter():
                    if item is containers[0]:
                        return head
                    if not head.intersection(headlines) and not any(item is h for h in headlines):
                        self.above_headline.add(item)
                    head.add(item)
        return set()

    # -- body

    def _body(self, inside: set, scope: set) -> None:
        caption_blocks = self._caption_blocks(scope)
        for unit in self.units:
            if unit.block in inside and unit.block not in caption_blocks:
                before = len(self.article.body)
                self._take(unit.text, unit.lead_bold, partial(self._chrome, unit, inside),
                           partial(self._is_heading, unit))
                if len(self.article.body) > before:
                    self.taken[0] += unit.links
                    self.taken[1] += len(unit.text)
                    if unit.block.tag == "tr":
                        self.rows.add(before)
        self._declared_body()
        self._images(scope, caption_blocks)
        self._tidy()

    def _take(self, text: str, lead_bold: str, chrome: Callable[[], str],
              heading: Callable[[], bool]) -> None:
        """One piece of the article area into the body, the headings or the boilerplate;
        the first paragraph's dateline ("JAKARTA, KOMPAS.com -") goes to dateline/source."""
        a = self.article
        if len(text) <= len(a.title) + 3 and _fold_title(text) == _fold_title(a.title):
            return
        outlet, place, rest = ("", "", text) if a.body or a.dateline else \
            split_dateline(text, lead_bold)
        kind = "" if (outlet or place) and not rest else chrome()
        if kind:
            a.boilerplate.append(Boilerplate(text, kind))
            if kind == "credit":
                self.chrome_lines.append(text)
            return
        if outlet or place:
            a.dateline, a.source, text = place, a.source or outlet, rest
            self.dateline_prefix = lead_bold
            if not text:
                return
        if heading():
            a.headings.append(Heading(text, len(a.body)))
            return
        cleaned, removed = strip_inline(text)
        a.boilerplate.extend(removed)
        if cleaned:
            a.body.append(cleaned)

    def _declared_body(self) -> None:
        """Script-rendered pages carry little text in their markup, but many still declare
        the article in JSON-LD ``articleBody``: read that when it says clearly more."""
        declared = self.meta.article.get("articleBody")
        a = self.article
        if not isinstance(declared, str) or len(declared) < max(200, 2 * len(" ".join(a.body))):
            return
        declared = html_lib.unescape(re.sub(r"<br\s*/?>|</p>", "\n", declared, flags=re.I))
        a.body, a.headings, a.dateline, self.rows = [], [], "", set()
        for line in re.sub(r"<[^>]+>", " ", declared).split("\n"):
            paragraph = " ".join(line.split())
            if paragraph:
                self._take(paragraph, "", partial(_line_kind, paragraph), lambda: False)
        a.warnings.append("body read from the page's JSON-LD articleBody: its markup had less")

    def _tidy(self) -> None:
        """Last touches: captions repeated as text go, a photo story's captions are its text,
        short label-like lines before the first paragraph (counters, "5 min read") and after
        the last one (rating widgets, "Vote Photo") are chrome, as are headings with nothing
        under them."""
        a = self.article
        captions = {_fold_title(i.caption) for i in a.images}
        longest = max(map(len, captions), default=0) + 3
        kept = [i for i, p in enumerate(a.body)
                if len(p) > longest or _fold_title(p) not in captions]
        self.rows = {new for new, old in enumerate(kept) if old in self.rows}
        a.body = [a.body[i] for i in kept]
        if not a.body and a.images:
            a.body = [i.caption for i in a.images if i.caption]
        lead = 0
        while lead < len(a.body) and lead not in self.rows and _label_like(a.body[lead]):
            lead += 1
        if lead and lead < len(a.body) and len(a.body[lead]) >= 80:  # "412" claps, "5 min read"
            a.boilerplate.extend(Boilerplate(line, "navigation") for line in a.body[:lead])
            a.body = a.body[lead:]
            self.rows = {i - lead for i in self.rows if i >= lead}
            for heading in a.headings:
                heading.before_paragraph = max(0, heading.before_paragraph - lead)
        while a.body and len(a.body[-1]) < 40 and not a.body[-1].endswith(_SENTENCE_ENDS) \
                and len(a.body) - 1 not in self.rows:
            self._set_aside(a.body.pop())
        if a.body:
            a.body[-1], credits = strip_trailing_credit(a.body[-1])
            a.boilerplate.extend(credits)
        while a.headings and a.headings[-1].before_paragraph >= len(a.body):
            self._set_aside(a.headings.pop().text)

    def _set_aside(self, line: str) -> None:
        """A trailing line is a sign-off (tempo ends with the reporter's name in capitals,
        "DINI TEJA"; others with the desk's initials, "(Cas/Isk)") or page chrome."""
        if _SIGNATURE.match(line):
            self.article.boilerplate.append(Boilerplate(line, "credit"))
            self.article.authors.append(line.title())
        elif classify(line) == "credit":
            self.article.boilerplate.append(Boilerplate(line, "credit"))
        else:
            self.article.boilerplate.append(Boilerplate(line, "navigation"))

    def _chrome(self, unit: _Unit, inside: set) -> str:
        """The boilerplate kind of a unit inside the container, '' for article text."""
        if unit.promo:
            return unit.promo
        if BYLINE.match(unit.text) and len(unit.text) < 120 or _EDITOR.match(unit.text):
            return "credit"
        el = unit.block
        while el is not None and el in inside:
            kind = self.marks.own(el)
            if kind:
                return kind
            el = el.getparent()
        n = len(unit.text)
        if unit.links > (0.5 if n < 150 else 0.65) * n and not _ADDRESS.search(unit.text):
            return "related-links" if n > 30 else "navigation"
        if n < 80 and is_date_line(unit.text):
            return "credit"  # a date line ("Kamis, 05/11/2015 09:25 WIB"), not a sentence with one
        return ""

    @staticmethod
    def _is_heading(unit: _Unit) -> bool:
        text = unit.text
        if len(text) > 120 or text.endswith((".", ",", ";", ":", '"', "”")):
            return False
        return unit.block.tag in _HEADING_TAGS or (unit.bold >= 0.9 * len(text) and len(text) > 3)

    # -- images

    def _caption_blocks(self, scope: set) -> set:
        """Elements that caption a photo: <figcaption>, caption-classed blocks, and a small
        photo box that holds a picture and its words (kompas: <div class="photo">)."""
        blocks = set()
        for el in scope:
            names = f"{el.get('class') or ''} {el.get('id') or ''}"
            if el.tag == "figcaption" or _CAPTION_CLASS.search(names) or (
                    _PHOTO_BOX.search(names) and el.find(".//img") is not None
                    and 0 < len(_text(el)) < 400):
                blocks.update(el.iter())
        return blocks

    def _images(self, scope: set, caption_blocks: set) -> None:
        """The article's photos: captioned ones (figcaption or caption-classed blocks, credit
        split off), then pictures whose alt text describes them. Linked pictures and those in
        chrome are teasers for other stories."""
        images = self.article.images
        parts: dict[Any, list[str]] = {}
        for unit in self.units:
            if unit.block in caption_blocks and unit.block in scope:
                parts.setdefault(unit.block, []).append(unit.text)
        known = {_fold_title(self.article.title)}  # folded captions and titles listed so far
        for block, texts in parts.items():
            caption, credit = split_credit(" ".join(texts))
            if not credit:  # kompas: <span class="author">KOMPAS.com/NAMA</span> caption …
                credit = next((_text(el) for el in block.iter() if el is not block
                               and _CREDIT_CLASS.search(el.get("class") or "")), "")
                caption = caption.replace(credit, "", 1).strip()
            if _fold_title(caption) not in known:
                title = self._image_title(block)
                images.append(Image(title=title, caption=caption, credit=credit))
                known.update((_fold_title(caption), _fold_title(title)))
        for img in self.root.iter("img"):
            alt = _text_attr(img, "alt")
            if (len(alt) < 15 or img not in scope or img in self.above_headline
                    or img.getparent() in caption_blocks
                    or any(a.tag == "a" or self.marks.own(a)
                           for a in img.iterancestors() if a in scope)):
                continue
            caption, credit = split_credit(alt)
            if _fold_title(alt) not in known and _fold_title(caption) not in known:
                images.append(Image(title=_text_attr(img, "title"), caption=caption, credit=credit))
                known.add(_fold_title(caption))

    @staticmethod
    def _image_title(caption_block: Any) -> str:
        """The photo's own title (its title or alt text) from the caption's figure or box."""
        holder = caption_block.getparent()
        img = holder.find(".//img") if holder is not None else None
        return _text_attr(img, "title") or _text_attr(img, "alt") if img is not None else ""

    # -- metadata

    def _metadata(self, inside: set, scope: set) -> None:
        a, meta = self.article, self.meta
        site = meta.tags.get("og:site_name", "")
        a.source = outlet_name(self.url) or a.source or outlet_name(site) or site or \
            registered_domain(self.url)
        around = [u for u in self.units if u.block in scope and u.block not in inside]
        a.authors = self._authors([u for u in self.units if u.block in scope], scope, a.authors)
        a.published = find_datetime(meta.first(
            "datePublished", "article:published_time", "pubdate", "publishdate", "publish-date",
            "content_publisheddate", "dc.date.issued", "og:published_time", "date",
            "parsely-pub-date", "datecreated"))
        printed, printed_update = _printed_dates(
            [u.text for u in around if len(u.text) < 120] + self.chrome_lines)
        a.published = _in_wib(_reconcile(a.published, printed)) or printed or _url_date(self.url)
        a.updated = _in_wib(find_datetime(meta.first(
            "dateModified", "article:modified_time", "og:updated_time", "lastmod"))) or \
            printed_update or a.published
        description = html_lib.unescape(meta.first("description", "og:description",
                                                    "twitter:description"))
        description = split_dateline(description, self.dateline_prefix)[2].strip(" -")
        opening = _fold_title(" ".join(a.body[:2]))
        if description and _fold_title(description.rstrip(". …"))[:60] not in opening:
            a.lead = description
        a.language = detect_language(" ".join(a.body[:5]) or a.title,
                                     meta.html_lang or meta.tags.get("og:locale", ""))

    def _authors(self, around: list[_Unit], scope: set, signed: list[str]) -> list[str]:
        """Bylines from schema.org, byline lines and author-classed elements near the
        headline, then the page's author meta tags; ``signed`` are sign-offs found at the end."""
        meta = self.meta
        candidates = _names(meta.article.get("author")) + meta.micro.get("author", [])
        for unit, following in zip(around, [*around[1:], None]):
            if BYLINE.match(unit.text) and len(unit.text) < 120:
                candidates.append(unit.text)
            elif following is not None and _BYLINE_LABEL.match(unit.text):
                candidates.append(following.text.lstrip(": "))  # kompas: <td>Penulis</td><td>: …
        for el in scope:
            if _BYLINE_CLASS.search(el.get("class") or "") and len(_text(el)) < 80:
                candidates.append(_text(el))
        candidates += [meta.tags.get("author", ""), meta.tags.get("article:author", ""), *signed]
        return _clean_authors(c for c in candidates if c)

