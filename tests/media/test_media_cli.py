"""`saring images`: fact-check pictures stored, then matched directly by the tipline."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from saring.answer import Answerer
from saring.archive import open_store
from saring.channels.state import State, state_location
from saring.cli import main
from saring.media import images
from saring.media.answers import MediaAnswers
from saring.media.hashes import ImageHashes
from saring.media.platforms import Downloader
from saring.model import item_from_dict

ITEMS = Path(__file__).parent.parent / "channels" / "data" / "factchecks.jsonl"
pytestmark = pytest.mark.skipif(not images.available(), reason="the media extra is not installed "
                                "(pip install 'saring[media]')")


def photo(seed: int, quality: int = 90) -> bytes:
    """A photo-like picture (no text: only its hash can match it)."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 255, (12, 16, 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).resize((640, 480), Image.BICUBIC).save(out, "JPEG", quality=quality)
    return out.getvalue()


def test_stored_fact_check_images_are_matched_directly(tmp_path, capsys):
    db = str(tmp_path / "archive.db")
    with open_store(db) as store:
        store.ingest([item_from_dict(json.loads(line)) for line in ITEMS.read_text().splitlines()])
    (tmp_path / "vaksin.jpg").write_bytes(photo(1))
    (tmp_path / "broken.jpg").write_bytes(b"not an image")
    rows = [{"factcheck": "https://cekfakta.example/vaksin-chip", "image": str(tmp_path / "vaksin.jpg")},
            {"factcheck": "https://cekfakta.example/none", "image": str(tmp_path / "vaksin.jpg")},
            {"factcheck": "https://cekfakta.example/bansos-link", "image": str(tmp_path / "broken.jpg")},
            {"factcheck": "https://cekfakta.example/bansos-link", "image": "http://127.0.0.1/x.jpg"}]
    listing = tmp_path / "images.jsonl"
    listing.write_text("\n".join(json.dumps(r) for r in rows) + "\n{not json\n")
    assert main(["images", str(listing), "--db", db, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["stored"] == 1 and [f["line"] for f in report["failures"]] == [2, 3, 4, 5]
    assert main(["images", str(listing), "--db", db, "--strict"]) == 1

    state = State(state_location(db))
    with open_store(db) as store:
        answerer = Answerer(store, log_queries=False)
        media = MediaAnswers(lambda text, channel: answerer.ask(text, channel=channel), lambda: store,
                             Downloader(), ImageHashes(state.db), ocr=None)
        copy = images.open_image(photo(1, quality=35)).resize((320, 240))
        answer = media.read(copy, "", "test")
        assert answer.matches[0].url == "https://cekfakta.example/vaksin-chip"
    state.close()
