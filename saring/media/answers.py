"""Answers for what is not typed text: bare links, screenshots and photos (with or without
a caption). Everything ends in the answer layer's `ask(text, channel)`; this module only
decides which text to ask.

For a picture, in order: a known fact-check image (PDQ) is an exact match; a picture seen
before is asked with the text first read from it (the same answer, one newsroom group for
every sender); a caption that matches answers; otherwise the picture's text (OCR) is asked.
A picture read for the first time is stored under its own hash before the reply and under
its cuts after it (`store_cuts`).
"""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable
from typing import Any

from saring.media import images
from saring.media.fetch import Fetcher, FetchError, limits
from saring.media.hashes import FACTCHECK, ImageHashes
from saring.media.links import about_item, answer_link
from saring.media.platforms import Downloader
from saring.model import Answer

log = logging.getLogger("saring.media")

Ask = Callable[[str, str], Answer]


class Unreadable(Exception):
    """The picture could not be read (download refused, not an image, no text); the reader
    gets a polite reply."""


class MediaAnswers:
    def __init__(self, ask: Ask, store: Callable[[], Any], downloader: Downloader,
                 hashes: ImageHashes | None = None, link_fetcher: Fetcher | None = None,
                 ocr: Any = None):
        self.ask = ask
        self._store = store  # called on use: the channel worker opens the archive lazily
        self.downloader = downloader
        self.hashes = hashes
        self.links = link_fetcher or Fetcher()
        self._ocr = ocr
        self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="saring-ocr")

    @property
    def reads_images(self) -> bool:
        return images.available()

    def link(self, url: str, channel: str, unreadable: str) -> Answer:
        return answer_link(url, self.ask, self._store(), self.links, channel, unreadable)

    def image(self, channel: str, ref: str, caption: str = "") -> Answer:
        """The answer for a picture; Unreadable when neither it nor its caption can be read."""
        caption = caption.strip()
        if not images.available():
            if caption:
                return self.ask(caption, channel)
            raise Unreadable("the media extra is not installed")
        try:
            image = images.open_image(self.downloader.download(channel, ref))
        except (FetchError, images.ImageError) as exc:
            log.info("image %s from %s not read: %s", ref[:64], channel, exc)
            if caption:
                return self.ask(caption, channel)
            raise Unreadable(str(exc)) from None
        return self.read(image, caption, channel)

    def read(self, image: Any, caption: str, channel: str) -> Answer:
        """The answer for an opened picture (see the module docstring for the order)."""
        digest, quality = images.pdq(image)
        # a hash too weak to compare (a flat picture) is neither looked up nor kept
        hashes = self.hashes if quality >= int(limits()["pdq_min_quality"]) else None
        known = hashes.nearest(digest) if hashes is not None else None
        if hashes is not None and known is not None:
            if known.kind == FACTCHECK:
                item = self._store().get(known.item_id)
                if item is not None:
                    hashes.seen_again(known.hash, known.kind, known.item_id)
                    return self.ask(about_item(item), channel)
            elif known.query:
                hashes.seen_again(known.hash, known.kind, known.item_id)
                return self.ask(known.query, channel)
        answer = self.ask(caption, channel) if caption else None
        if answer is not None and answer.matches:
            return answer
        text = self._text(image)
        if not text:
            if answer is not None:
                return answer
            raise Unreadable("no text found in the image")
        if hashes is not None:
            hashes.add_received(image, digest, text)
        return self.ask(text, channel)

    def store_cuts(self) -> bool:
        """Hash the cuts of one picture read earlier (see `ImageHashes.store_cuts`): the work
        left once the replies are out. False when none waits."""
        return self.hashes is not None and self.hashes.store_cuts()

    def _text(self, image: Any) -> str:
        """OCR within the per-image time limit (an image over it is answered as unreadable;
        its OCR finishes in the background before the next one starts)."""
        if self._ocr is None:
            from saring.media.ocr import OCR

            self._ocr = OCR()
        future = self._pool.submit(self._ocr.text, image)
        try:
            return future.result(timeout=float(limits()["ocr_seconds"])).strip()
        except concurrent.futures.TimeoutError:
            log.warning("OCR took longer than %s s", limits()["ocr_seconds"])
            return ""


def for_tipline(settings: Any, ask: Ask, store: Callable[[], Any], db: Any) -> MediaAnswers:
    """The media answers of the tipline worker: platform downloads with the configured
    tokens, image hashes in the channel state's database `db`."""
    downloader = Downloader(settings.graph_base, settings.access_token, settings.telegram_base,
                            settings.telegram_token)
    return MediaAnswers(ask, store, downloader, ImageHashes(db) if images.available() else None)
