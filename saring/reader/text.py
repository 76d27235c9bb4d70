"""Raw text scrapes of news pages (and the news CSV rows) turned into Articles.

A text scrape keeps the page's reading order but loses its markup: the headline, teaser,
byline and dates, photo titles with captions, the body with its subheadings, and the page's
promos all arrive as lines. The rules here recognise each kind of line by its shape (a
caption ends with a parenthesised credit, a subheading is a short unpunctuated line between
paragraphs, a byline starts with "oleh"), so one set of rules reads every outlet.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

from saring.model import Article, Boilerplate, Heading, Image
from saring.reader import boilerplate, glue
from saring.reader.datelines import split_dateline
from saring.reader.dates import find_datetimes, is_date_line
from saring.reader.outlets import outlet_name

# ----------------------------------------------------------------------------- bylines

# "oleh Khairisa Ferida diperbarui 13 Jun 2024", "Pewarta: Andi", "Laporan wartawan Kompas.com
# Andi", "Retno Ayuningrum - detikNews": the names stop at a date, its label or a desk.
BYLINE = re.compile(
    r"^(?:(?:laporan\s+)?(?:oleh|by|penulis|reporter|pewarta|kontributor|wartawan)"
    r"|laporan(?=\s*:))\b\s*:?\s*(?P<names>[^\W\d_].*?)"
    r"(?=\s+(?:diperbarui|diterbitkan|dipublikasikan|diposting|updated|published|pada)\b"
    r"|\s*[|\-–—]\s|\s+\d|\s*\d{1,2}\s|$)",
    re.IGNORECASE,
)
_DATE_LABEL = re.compile(
    r"\b(?P<label>diterbitkan|dipublikasikan|diposting|terbit|published|posted"
    r"|diperbarui|pembaruan|updated|last updated)\b",
    re.IGNORECASE,
)
_UPDATED_LABELS = {"diperbarui", "pembaruan", "updated", "last updated"}
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|&|\bdan\b|\band\b)\s*")
# detik signs "Retno Ayuningrum -detikFinance", "Yanu Arifin -Sepakbola": drop the desk.
_AUTHOR_DESK = re.compile(r"\s*-\s*detik\w*\s*$|\s+-(?=\w)\w+\s*$|\s*\|\s*.*$")


def split_authors(raw: str) -> list[str]:
    """"Irfan Kamil, Jessi Carina" -> two names; desks, empty parts and the outlet itself
    (tempo's archive signs "Tempo.co", which is the source, not a person) dropped."""
    parts = (p.strip(" .:-") for p in _AUTHOR_SPLIT.split(_AUTHOR_DESK.sub("", raw.strip())))
    return [p for p in parts if p and not outlet_name(p)]


def dates_in(line: str) -> tuple[str, str]:
    """(published, updated) from a header line; a date belongs to the label before it."""
    published = updated = ""
    for found in find_datetimes(line):
        labels = list(_DATE_LABEL.finditer(line, 0, found.start))
        label = labels[-1].group("label").lower() if labels else ""
        if label in _UPDATED_LABELS:
            updated = updated or found.value
        else:
            published = published or found.value
    return published, updated


def _is_dateline_header(line: str) -> bool:
    """A header line that is (mostly) a byline or a date, not article text."""
    if BYLINE.match(line):
        return True
    return is_date_line(line) or bool(_DATE_LABEL.search(line)) and bool(find_datetimes(line))


# ----------------------------------------------------------------------------- lines

# A photo caption ends with its credit in parentheses: "... (Mikhail Metzel, Sputnik, AP)".
_CAPTION_CREDIT = re.compile(r"^(?P<caption>.*\S)\s*\((?P<credit>[^()]{2,120})\)\s*$")
_TERMINAL = tuple('.!?:;,"”’)')


def _short_unpunctuated(line: str, limit: int = 120) -> bool:
    return 0 < len(line) <= limit and not line.endswith(_TERMINAL) and line[:1].isupper()


def _image_pair(title: str, caption_line: str) -> Image | None:
    """(photo title, caption with credit) -> Image, when the two lines have that shape."""
    m = _CAPTION_CREDIT.match(caption_line)
    if not m or not _short_unpunctuated(title, 160):
        return None
    credit = m.group("credit").strip()
    # a credit names people or agencies, never a date or a number alone ("(12/6/2024)")
    if not re.search(r"[A-Za-z]{2}", credit) or re.fullmatch(r"[\d/.,\s-]+", credit):
        return None
    return Image(title=title, caption=m.group("caption").strip(), credit=credit)


# kompas scrapes a photo as one line, its credit glued to its caption: "KOMPAS.com/ADITYOHarley-
# Davidson Nightster", "Dok. Polres BlitarPersonel Satlantas…", "SHUTTERSTOCK/Has AsatryanSalamander".
# The credit runs from a photo source to the first place where two words meet with no space.
_PHOTO_SOURCE = r"(?i:kompas\.com|shutterstock|pexels|freepik|istock\w*|unsplash|antara foto|getty images)/"
_GLUED_PHOTO = re.compile(
    r"^(?P<credit>Dok\.\s*[A-Z][\w/.&-]*(?:\s+[A-Z][\w/.&-]*){0,4}?|" + _PHOTO_SOURCE + r".{1,60}?)"
    r"(?:(?<=[A-Za-z][a-z])|(?<=[A-Z])(?=[A-Z][a-z]))(?=[A-Z\d\"“])(?P<caption>\S.*)$"
)
# A caption alone on its line, its credit naming a photo: "… Senin (16/6/2025). - (AP Photo/Leo Correa)".
_PHOTO_CREDIT = re.compile(r"\b(?:foto|photo|dok)\b", re.IGNORECASE)


def _lone_photo(line: str) -> Image | None:
    """A photo that a scrape put on one line with no title: its caption and credit."""
    if m := _GLUED_PHOTO.match(line):
        return Image(title="", caption=m.group("caption").strip(), credit=m.group("credit").strip())
    if re.match(_PHOTO_SOURCE, line):  # "KOMPAS.com/DIO DANANJAYATVS iQube": no telling where
        return Image(title="", caption=line, credit="")
    m = _CAPTION_CREDIT.match(line) if line.endswith(")") else None
    if m and _PHOTO_CREDIT.search(m.group("credit")) and m.group("caption").endswith(("-", "–", ".")):
        return Image(title="", caption=m.group("caption").rstrip(" -–"), credit=m.group("credit").strip())
    return None


def _normalize(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = re.sub(r"[\u200b\u200c\u200d\u2060\ufeff]", "", text)
    return text.replace("\xa0", " ").replace("\t", " ")


class _Builder:
    """Collects the parts of an Article while lines are read in page order."""

    def __init__(self) -> None:
        self.body: list[str] = []
        self.headings: list[Heading] = []
        self.images: list[Image] = []
        self.boilerplate: list[Boilerplate] = []
        self.pending_heading: list[str] = []

    def paragraph(self, text: str) -> None:
        for heading in self.pending_heading:
            self.headings.append(Heading(heading, len(self.body)))
        self.pending_heading = []
        self.body.append(text)

    def drop(self, text: str, kind: str) -> None:
        self.boilerplate.append(Boilerplate(text, kind))

    def finish(self) -> None:
        """A trailing "heading" with no paragraph after it was page chrome, not a subheading."""
        for text in self.pending_heading:
            self.drop(text, "navigation")
        self.pending_heading = []


# Navigation markers that introduce a list of other articles' headlines.
_LISTING = re.compile(
    r"^(?:populer|terpopuler|berita terkini|berita terbaru|berita terkait|artikel terkait"
    r"|rekomendasi|pilihan redaksi|baca juga)\b",
    re.IGNORECASE,
)


def drop_container_copies(lines: list[str]) -> list[str]:
    """Lines without the copies some scrapers emit of a whole container before each paragraph.

    republika's scrape repeats "paragraph + everything after it" before the paragraph itself;
    such a line contains the line that follows it and is longer. When the copy starts with
    something else, that is an element with no line of its own (a photo caption between two
    paragraphs), and only that part is kept.
    """
    kept = []
    for n, line in enumerate(lines):
        nxt = lines[n + 1] if n + 1 < len(lines) else ""
        if len(nxt) >= 40 and line == nxt:
            continue  # the same copy twice in a row
        if len(nxt) >= 40 and len(line) > len(nxt) and (at := line.find(nxt)) >= 0:
            if at > 0:
                kept.append(line[:at].strip())
            continue
        kept.append(line)
    return kept


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks as (blank lines before it, its stripped non-empty lines)."""
    blocks: list[tuple[int, list[str]]] = []
    blanks, current = 0, list[str]()
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if line:
            if not current:
                blocks.append((blanks, current))
            current.append(line)
            blanks = 0
        else:
            if current:
                current = []
            blanks += 1
    return blocks


def _read_body_lines(
    builder: _Builder, blocks: list[tuple[int, list[str]]], *, one_per_line: bool
) -> None:
    """Sort body lines into paragraphs, subheadings, photos and boilerplate.

    ``one_per_line``: the input has no blank lines (CSV cells), so each line is its own block
    and a subheading must be recognised from its neighbours alone.
    """
    lines = [(blanks, block, i) for blanks, block in blocks for i in range(len(block))]
    listing = False
    for n, (_blanks, block, i) in enumerate(lines):
        line = block[i]
        if i + 1 < len(block) and (image := _image_pair(line, block[i + 1])):
            builder.images.append(image)
            continue
        if i > 0 and _image_pair(block[i - 1], line):
            continue
        if image := _lone_photo(line):
            builder.images.append(image)
            continue
        kind = boilerplate.classify(line)
        if kind:
            builder.drop(line, kind)
            listing = bool(_LISTING.match(line)) and not one_per_line
            continue
        if listing and i > 0 and boilerplate.looks_like_headline(line) and len(line) < 160:
            builder.drop(line, "related-links")
            continue
        listing = False
        nxt = lines[n + 1][1][lines[n + 1][2]] if n + 1 < len(lines) else ""
        bare = _BULLET.sub("", line)
        if _is_subheading(bare, block, nxt, builder, one_per_line or bare != line):
            builder.pending_heading.append(bare)
            continue
        builder.paragraph(line)


# okezone marks its subheadings with a middle dot: "·       Awal Karier Musik".
_BULLET = re.compile(r"^[·•▪●]\s*")


def _is_subheading(
    line: str, block: list[str], nxt: str, builder: _Builder, one_per_line: bool
) -> bool:
    """A short unpunctuated line between paragraphs. ``one_per_line`` (CSV cells, or a
    bulleted line, which may be a list item) asks its neighbours: the paragraph before it
    ended and a long one follows."""
    if not builder.body or not _short_unpunctuated(line, 100) or re.match(r"^[-•*\d]", line):
        return False
    if not one_per_line:
        return len(block) == 1
    previous = builder.body[-1]
    return (
        len(line.split()) >= 2
        and previous.endswith(_TERMINAL)
        and len(nxt) > 150
        and not boilerplate.classify(nxt)
    )


def _finish_article(article: Article, builder: _Builder) -> Article:
    """Dateline, inline promos, glued words and language: the steps every text path shares."""
    builder.finish()
    body, found = [], []
    for n, paragraph in enumerate(builder.body):
        if n == 0:
            outlet, place, paragraph = split_dateline(paragraph)
            article.source = article.source or outlet
            article.dateline = place
        cleaned, removed = boilerplate.strip_inline(paragraph)
        found.extend(removed)
        body.append(cleaned)
    if body:
        body[-1], removed = boilerplate.strip_trailing_credit(body[-1])
        found.extend(removed)
    # keep headings pointing at the same paragraphs when a paragraph empties out
    keep = [bool(p) for p in body]
    index_map = [sum(keep[:i]) for i in range(len(body) + 1)]
    article.headings = [Heading(h.text, index_map[h.before_paragraph]) for h in builder.headings]
    article.body = glue.repair_paragraphs([p for p in body if p])
    article.images = builder.images
    article.boilerplate = builder.boilerplate + found
    article.language = detect_language(" ".join([article.title, *article.body[:5]]))
    if not article.body:
        article.warnings.append("no article text found")
    elif (length := sum(map(len, article.body))) < SHORT_ARTICLE_CHARS:
        article.warnings.append(
            f"article text is only {length} characters: a teaser or a page cut short (paywall?)"
        )
    return article


# Below this many characters of body, an article is a teaser, not the story to check.
SHORT_ARTICLE_CHARS = 300


def extract_text(text: str, url: str = "") -> Article:
    """Read a raw text scrape of one news page into an Article."""
    text = _normalize(text)
    blocks = _blocks(text)
    article = Article(url=url, source=outlet_name(url) if url else "")
    if not blocks:
        article.warnings.append("empty page")
        return article
    header_end = _read_header(article, blocks)
    builder = _Builder()
    _read_body_lines(builder, header_end, one_per_line=False)
    return _finish_article(article, builder)


def _read_header(article: Article, blocks: list[tuple[int, list[str]]]):
    """Title, lead, byline, dates and the header photo; returns the remaining blocks.

    The header is everything before the first byline/date line plus that line's block; a
    page without such a line has only its first line (the headline) as header.
    """
    flat = [(b, i, line) for b, (_, lines) in enumerate(blocks) for i, line in enumerate(lines)]
    article.title = flat[0][2]
    limit = min(len(flat), 8)
    date_rows = [k for k in range(1, limit) if _is_dateline_header(flat[k][2])]
    if not date_rows:
        rest = [(blocks[0][0], blocks[0][1][1:])] + blocks[1:]
        return [(blanks, lines) for blanks, lines in rest if lines]
    first, last = date_rows[0], date_rows[-1]
    lead = [line for _, _, line in flat[1:first] if not boilerplate.classify(line)]
    article.lead = " ".join(lead)
    for k in date_rows:
        line = flat[k][2]
        if m := BYLINE.match(line):
            article.authors = article.authors or split_authors(m.group("names"))
        published, updated = dates_in(line)
        article.published = article.published or published
        article.updated = article.updated or updated
    article.published = article.published or article.updated
    # the rest of the date lines' block (a header photo) belongs to the body reader
    b, i, _ = flat[last]
    rest = [(0, blocks[b][1][i + 1 :])] + blocks[b + 1 :]
    return [(blanks, lines) for blanks, lines in rest if lines]


# ----------------------------------------------------------------------------- CSV rows


def article_from_news_row(row: dict[str, str]) -> Article:
    """One row of the shared news CSVs (sumber, url, judul, author, tanggal_publikasi,
    isi_berita) as an Article."""
    url = (row.get("url") or "").strip()
    article = Article(
        url=url,
        source=outlet_name(url) or outlet_name(row.get("sumber") or "") or (row.get("sumber") or ""),
        title=" ".join((row.get("judul") or "").split()),
        authors=split_authors(_normalize(row.get("author") or "")),
    )
    published, updated = dates_in(_normalize(row.get("tanggal_publikasi") or ""))
    article.published, article.updated = published or updated, updated
    builder = _Builder()
    lines = [" ".join(line.split()) for line in _normalize(row.get("isi_berita") or "").split("\n")]
    lines = drop_container_copies([line for line in lines if line])
    _read_body_lines(builder, [(0, [line]) for line in lines], one_per_line=True)
    article = _finish_article(article, builder)
    if not article.title and (title := title_from_url(url, article.body)):
        article.title = title
        article.warnings.append("the row has no title: it is made from the URL's words")
    return article


def title_from_url(url: str, body: list[str]) -> str:
    """A headline from the URL's slug, for rows that lost theirs (republika's have none):
    "…/sman-1-bandung-minta-ky-pantau-hakim" -> "SMAN 1 Bandung minta KY pantau hakim", each
    word written the way the article writes it most often."""
    segments = [s for s in urlsplit(url).path.split("/") if "-" in s]
    words = [w for w in re.split(r"-+", segments[-1].removesuffix(".html")) if w] if segments else []
    if len(words) < 2:
        return ""
    forms = Counter(w for p in body for w in re.findall(r"\w+", p))
    best: dict[str, tuple[int, str]] = {}
    for form, count in forms.items():
        key = form.lower()
        if count > best.get(key, (0, ""))[0]:
            best[key] = (count, form)
    title = " ".join(best.get(w.lower(), (0, w.lower()))[1] for w in words)
    return title[0].upper() + title[1:]


# ----------------------------------------------------------------------------- language

_ID_WORDS = frozenset(
    "yang dan di ke dari ini itu dengan untuk pada adalah dalam akan tidak telah sudah juga "
    "atau oleh karena sebagai bahwa para kata ada mereka kami kita saya tersebut "
    "tak bisa harus hingga setelah secara saat bagi namun jika masih lebih lalu dapat agar serta".split()
)
_EN_WORDS = frozenset(
    "the of and to in is was for that on with as by at from it be are has have this "
    "said were which an not but they his her would will their been who had can than".split()
)
# A word in lower case or capitalised, not inside a hyphenated form.
_PLAIN_WORD = re.compile(r"(?<![\w-])[A-Za-z][a-z]*(?![\w-])")


def detect_language(text: str, declared: str = "") -> str:
    """"id" or "en" by counting each language's commonest function words.

    Words in capitals are left out ("AS" is Amerika Serikat, not "as"), and so are suffixes
    ("Rp 16.300-an"). With fewer than three function words the page's ``declared`` language
    (an HTML lang attribute, often a template default) decides when there is one; "" when
    nothing tells.
    """
    words = Counter(w.lower() for w in _PLAIN_WORD.findall(text[:5000]))
    score_id = sum(words[w] for w in _ID_WORDS)
    score_en = sum(words[w] for w in _EN_WORDS)
    if score_id + score_en < 3 and declared:
        return declared.split("-")[0][:2].lower()
    if score_id == score_en == 0:
        return ""
    return "id" if score_id >= score_en else "en"
