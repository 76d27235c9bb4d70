"""Without the media extra saring imports, answers captions, and refuses pictures politely."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = r"""
import sys
for name in ("PIL", "pdqhash", "rapidocr_onnxruntime", "onnxruntime"):
    sys.modules[name] = None  # as if not installed
from saring.channels.worker import Worker  # noqa: F401
from saring.media import images
from saring.media.answers import MediaAnswers, Unreadable
from saring.media.platforms import Downloader

assert not images.available()
asked = []
media = MediaAnswers(lambda text, channel: asked.append(text) or text, lambda: None, Downloader())
assert media.image("whatsapp", "m1", "vaksin berisi chip?") == "vaksin berisi chip?"
try:
    media.image("whatsapp", "m1", "")
except Unreadable:
    print("ok")
"""


def test_without_the_extra():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
