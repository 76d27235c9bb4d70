"""The search page in real headless Chromium at a phone's size, with a screenshot.

Chromium is Debian's `chromium` package (.ci/run installs it); where it is absent this one
test skips and says so. The screenshot stays in pytest's temporary directory
(/tmp/pytest-of-$USER/pytest-current/test_search_page_on_a_phone_in0/search.png) for a person
to look at.
"""

from __future__ import annotations

import json
import shutil
import socket
import struct
import subprocess
import threading
import time
import zlib
from pathlib import Path

import pytest
import uvicorn

from saring.archive import open_store
from saring.channels.app import create_app
from saring.model import item_from_dict

DATA = Path(__file__).parent / "data" / "factchecks.jsonl"
ARTIFACTS = Path(__file__).parent / "_artifacts"
PHONE = (390, 844)
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]


def png_pixels(data: bytes) -> tuple[int, int, list[tuple[int, int, int]]]:
    """Width, height and RGB pixels of an 8-bit, non-interlaced RGB/RGBA PNG (what Chromium
    writes), decoded with the standard library."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and color in (2, 6) and interlace == 0
    channels = 4 if color == 6 else 3
    raw, stride = zlib.decompress(idat), width * channels
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b, c = prev[x], prev[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    pixels = [tuple(row[x:x + 3]) for row in rows for x in range(0, stride, channels)]
    return width, height, pixels


@pytest.fixture
def server(settings):
    with open_store(settings.db) as store:
        store.ingest([item_from_dict(json.loads(line)) for line in DATA.read_text().splitlines()])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(settings, worker="none"), host="127.0.0.1", port=port,
                            log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    binary = shutil.which("chromium")
    if binary is None:
        pytest.skip("Debian's chromium is not installed here (apt-get install chromium; .ci/run does)")
    return subprocess.run([binary, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                           f"--window-size={PHONE[0]},{PHONE[1]}", *args],
                          capture_output=True, timeout=60)


def test_search_page_on_a_phone_in_chromium(server, tmp_path):
    url = f"{server}/?q=benarkah+vaksin+covid+mengandung+chip+5G"
    shot = tmp_path / "search.png"
    dom = chromium(tmp_path, "--dump-dom", f"--screenshot={shot}", url).stdout.decode()
    assert 'class="badge false"' in dom and "HOAKS" in dom
    assert "Vaksin Covid-19 Mengandung Chip Pelacak 5G" in dom
    assert 'href="https://cekfakta.example/vaksin-chip"' in dom
    assert "3 Nov 2025" in dom and "turnbackhoax.id" in dom
    assert '<textarea name="q"' in dom and "benarkah vaksin covid" in dom

    width, height, pixels = png_pixels(shot.read_bytes())
    assert (width, height) == PHONE
    colors = set(pixels)
    assert len(colors) > 50  # text was drawn, not a blank page
    near = lambda c, ref: all(abs(a - b) <= 12 for a, b in zip(c, ref))  # noqa: E731
    assert any(near(c, (0xC6, 0x28, 0x28)) for c in colors)  # the red HOAKS badge is visible
    assert any(near(c, (0x0B, 0x6E, 0x4F)) for c in colors)  # the green search button
