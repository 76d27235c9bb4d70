"""The seed article (../shared/seeds) as an Article, for the language tests.

Read through ``saring.reader.read_paths`` when the reader provides it; until then the body
paragraphs are taken from the scrape directly: from the dateline to "Lanjutkan Membaca",
without photo titles, captions, promos and subheadings.
"""

from __future__ import annotations

import re
from pathlib import Path

from saring.model import Article

SEED_PUBLISHED = "2024-06-13T09:04:00+07:00"
_DATELINE = re.compile(r"^Liputan6\.com, \w+ - ")


def seed_article(path: Path) -> Article:
    try:
        from saring.reader import read_paths
    except ImportError:
        return _article_from_scrape(path)
    return next(item for item in read_paths([str(path)]) if isinstance(item, Article))


def _article_from_scrape(path: Path) -> Article:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    start = next(i for i, line in enumerate(lines) if _DATELINE.match(line))
    body: list[str] = []
    for line in lines[start:]:
        if line.startswith("Lanjutkan Membaca"):
            break
        if not line or line.startswith("*") or line.endswith(")") or line[-1] not in '."':
            continue  # blank, promo, caption with its photo credit, title or subheading
        body.append(_DATELINE.sub("", line))
    return Article(source="Liputan6.com", title=lines[0], published=SEED_PUBLISHED, body=body)
