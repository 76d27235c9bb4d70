"""The reader: news pages as they really arrive (text scrapes, HTML, CSV/JSONL dumps,
fact-check archives, ClaimReview) in, clean `Article` and `FactCheck` records out."""

from saring.reader.inputs import detect_format, read_paths, read_stream
from saring.reader.text import extract_text
from saring.reader.verdicts import normalize_verdict


def extract_html(html: str | bytes, url: str = ""):
    """HTML page -> Article (imported on first use: lxml is slow to load)."""
    from saring.reader.html import extract_html as _extract_html

    return _extract_html(html, url)


__all__ = ["detect_format", "extract_html", "extract_text", "normalize_verdict", "read_paths", "read_stream"]
