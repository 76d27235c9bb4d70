"""The seed article (../shared/seeds) as the reader makes it, for the language tests."""

from __future__ import annotations

from pathlib import Path

from saring.model import Article
from saring.reader import read_paths


def seed_article(path: Path) -> Article:
    return next(item for item in read_paths([str(path)]) if isinstance(item, Article))
