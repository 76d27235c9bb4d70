"""Text in screenshots: RapidOCR (PP-OCR models shipped inside the rapidocr-onnxruntime wheel,
run by ONNX Runtime on the CPU, nothing downloaded), then word spaces put back.

The recogniser was trained mostly on Chinese and drops most spaces between Latin words
("Beredarpesanberantaiyangmenyebut"). Each glued run of letters is cut into the cheapest
sequence of words by the reader's word lists (wordfreq Indonesian and English, KBBI roots,
Indonesian derivation: `saring.reader.glue`), where an unknown stretch costs far more than a
known word, so a name or a misread letter stays one part instead of becoming fragments.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from importlib import resources
from typing import Any

from saring.media.fetch import limits

# The cost of a word as a part: how far its Zipf value falls below an everyday word, plus
# a price per part (fewer, longer words win a tie). Unknown stretches cost per letter.
EVERYDAY_ZIPF = 6.0
PART_PRICE = 1.0
KNOWN_ZIPF = 1.5
SHORT_WORD_ZIPF = 5.5  # two-letter words must be this common ("di", "ke"); one letter is no word
UNKNOWN_BASE = 8.0
UNKNOWN_PER_LETTER = 0.6
MAX_WORD = 24
SEGMENT_FROM = 6  # runs shorter than this are left alone
NAME_LENGTH = 8  # a capitalised run this short is a name ("Gunadi"), not two words

_RUNS = re.compile(r"[^\W\d_]+|\d+|[^\w\s]+|_+")
_CHROME_TOKEN = re.compile(r"[^\W_]+")
_LOWER_UPPER = re.compile(r"(?<=[a-z])(?=[A-Z])")
_CLOSING = set(".,!?:;)]}\"'”’")
_OPENING = set("([{\"'“‘#@")


@lru_cache(maxsize=1)
def _vocabulary() -> Any:
    from saring.reader.glue import Vocabulary

    return Vocabulary()


@lru_cache(maxsize=500_000)
def _part_cost(part: str) -> float:
    z = _vocabulary().part_zipf(part)
    if len(part) == 1:
        return float("inf")
    if len(part) == 2:
        return max(0.0, EVERYDAY_ZIPF - z) + PART_PRICE if z >= SHORT_WORD_ZIPF else float("inf")
    if z >= KNOWN_ZIPF:
        return max(0.0, EVERYDAY_ZIPF - z) + PART_PRICE
    return UNKNOWN_BASE + UNKNOWN_PER_LETTER * len(part)


def segment(run: str) -> list[str]:
    """The cheapest cut of a run of letters into words (case kept)."""
    lower = run.lower()
    n = len(lower)
    if (n < SEGMENT_FROM or (run[0].isupper() and n <= NAME_LENGTH)
            or _part_cost(lower) <= PART_PRICE + EVERYDAY_ZIPF - KNOWN_ZIPF):
        return [run]
    best: list[tuple[float, int]] = [(0.0, 0)] + [(float("inf"), 0)] * n
    for end in range(1, n + 1):
        for start in range(max(0, end - MAX_WORD), end):
            if best[start][0] == float("inf"):
                continue
            cost = best[start][0] + _part_cost(lower[start:end])
            if cost < best[end][0]:
                best[end] = (cost, start)
    cuts, end = [], n
    while end > 0:
        start = best[end][1]
        cuts.append(run[start:end])
        end = start
    return cuts[::-1]


def _case_cuts(run: str) -> list[str]:
    """A run cut where a lower-case letter meets a capital, when both sides are three letters
    or more ("KapolriListyoSigit"; the OCR's "CoViD" stays whole)."""
    pieces = _LOWER_UPPER.split(run)
    if len(pieces) > 1 and all(len(p) >= 3 for p in pieces):
        return pieces
    return [run]


def respace(line: str) -> str:
    """An OCR line with its word spaces back ("vaksinCOVID-19mengandungchip" ->
    "vaksin COVID-19 mengandung chip")."""
    words = []
    for token in line.split():
        pieces: list[str] = []
        for m in _RUNS.finditer(token):
            piece = m.group()
            parts = [w for c in _case_cuts(piece) for w in segment(c)] if piece.isalpha() else [piece]
            for part in parts:
                if pieces and _spaced(pieces[-1], part):
                    words.append("".join(pieces))
                    pieces = []
                pieces.append(part)
        if pieces:
            words.append("".join(pieces))
    return " ".join(words)


def _spaced(before: str, after: str) -> bool:
    """Whether two adjacent pieces of one OCR token were separate words."""
    if before.isalpha() and after.isalpha():
        return True  # cut by `segment`
    if before.isdigit() and after.isalpha() or before.isalpha() and after.isdigit():
        return len(after if before.isdigit() else before) >= 3  # "50persen"; "H5N1" stays
    if before[-1] in _CLOSING and after[0].isalnum():
        return not (before[-1] in ".,:" and after[0].isdigit())  # "4,15" and "09:04" stay
    if after[0] in _OPENING and before[-1].isalnum():
        return True
    return False


class OCR:
    """One RapidOCR engine, loaded on first use, one image at a time (ONNX Runtime sessions
    are not shared across threads here: a tipline worker reads images one by one).

    Lines are found on a copy of `ocr_detect_side` pixels (the detector's cost grows with the
    pixels, and screenshot text stays well above the size it finds) and read one by one from
    the picture itself, within `ocr_max_side` (a line read alone is not padded to the width
    of the longest one beside it, as a batch is; bench/media_screenshots.py measures both)."""

    def __init__(self, threads: int = 1):
        self.threads = threads
        self._engine: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        if self._engine is None:
            from rapidocr_onnxruntime import RapidOCR

            # the detector takes the copy at the size it is given (only rounded to 32 pixels)
            self._engine = RapidOCR(intra_op_num_threads=self.threads, inter_op_num_threads=self.threads,
                                    use_cls=False, det_limit_side_len=32)
        return self._engine

    def lines(self, image: Any) -> list[str]:
        """The text lines of an RGB image, top to bottom, as recognised (spaces mostly lost)."""
        import cv2
        import numpy as np

        conf = limits()
        side = int(conf["ocr_max_side"])
        if max(image.size) > side:
            image = image.copy()
            image.thumbnail((side, side))
        pixels = np.ascontiguousarray(np.asarray(image)[:, :, ::-1])  # RGB -> BGR for OpenCV
        scale = int(conf["ocr_detect_side"]) / max(image.size)
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        detect = cv2.resize(pixels, size, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
        min_score = float(conf["ocr_min_score"])
        out = []
        with self._lock:
            engine = self._load()
            boxes, _ = engine(detect, use_rec=False)  # top to bottom, on the copy
            for box in boxes or []:
                crop = engine.get_crop_img_list(pixels, [np.asarray(box, dtype=np.float32) / scale])[0]
                read, _ = engine(crop, use_det=False, use_cls=False)
                text, score = read[0] if read else ("", 0.0)
                if float(score) >= min_score and text.strip():
                    out.append(text)
        return out

    def text(self, image: Any) -> str:
        return claim_text(self.lines(image))


def claim_text(lines: list[str]) -> str:
    """OCR lines as a query: word spaces restored, one line per OCR line, without the lines
    that are only the phone's or the app's own words (see `is_chrome`)."""
    return "\n".join(line for line in map(respace, lines) if not is_chrome(line))


@lru_cache(maxsize=1)
def _chrome_words() -> frozenset[str]:
    text = resources.files("saring").joinpath("data/media_chrome.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if line.strip() and not line.startswith("#")
                     for w in line.split())


def is_chrome(line: str) -> bool:
    """A line with nothing but clock times, counts and the words of phone and app screens
    ("12:04", "Diteruskan", "Suka Komentar Bagikan", "5 jam", "87%")."""
    words = _CHROME_TOKEN.findall(line.lower())
    return all(w in _chrome_words() or not w.isalpha() for w in words)
