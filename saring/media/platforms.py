"""Downloading a reader's picture from the platform that received it.

WhatsApp Cloud API: `GET {graph_base}/{media_id}` with the bearer token answers the media's
`url`, `mime_type` and `file_size`; that URL is downloaded with the same token. Telegram Bot
API: `getFile` answers a `file_path`, downloaded from `{telegram_base}/file/bot{token}/...`.
The declared type and size are checked before the download; the bytes are checked again when
the image is opened.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from saring.media.fetch import Fetcher, FetchError, limits


class Downloader:
    def __init__(self, graph_base: str = "", access_token: str = "", telegram_base: str = "",
                 telegram_token: str = "", fetcher: Fetcher | None = None):
        self.graph_base = graph_base.rstrip("/")
        self.access_token = access_token
        self.telegram_base = telegram_base.rstrip("/")
        self.telegram_token = telegram_token
        # the configured API hosts are the operator's choice (a local stand-in in tests)
        hosts = [urlsplit(b).hostname or "" for b in (self.graph_base, self.telegram_base) if b]
        self.fetcher = fetcher or Fetcher(trusted_hosts=hosts)

    def download(self, channel: str, ref: str) -> bytes:
        """The image bytes of a media reference; FetchError when refused or failed."""
        if not ref or len(ref) > 512:
            raise FetchError("no usable media reference")
        if channel == "whatsapp":
            return self._whatsapp(ref)
        if channel == "telegram":
            return self._telegram(ref)
        raise FetchError(f"no media download for channel {channel!r}")

    def _cap(self, declared: object) -> int:
        cap = int(limits()["image_max_bytes"])
        if isinstance(declared, (int, float)) and declared > cap:
            raise FetchError(f"declared size {declared} is over {cap} bytes")
        return cap

    def _whatsapp(self, media_id: str) -> bytes:
        if not (self.graph_base and self.access_token):
            raise FetchError("WhatsApp is not configured")
        auth = {"Authorization": f"Bearer {self.access_token}"}
        meta = self.fetcher.get_json(f"{self.graph_base}/{quote(media_id, safe='')}", headers=auth)
        mime = str(meta.get("mime_type", "")).split(";")[0].strip().lower()
        if mime not in limits()["image_types"]:
            raise FetchError(f"not an image type: {mime!r}")
        url = meta.get("url")
        if not isinstance(url, str):
            raise FetchError("the media answer has no url")
        return self.fetcher.get(url, self._cap(meta.get("file_size")), headers=auth).body

    def _telegram(self, file_id: str) -> bytes:
        if not (self.telegram_base and self.telegram_token):
            raise FetchError("Telegram is not configured")
        bot = f"{self.telegram_base}/bot{self.telegram_token}"
        meta = self.fetcher.get_json(f"{bot}/getFile?file_id={quote(file_id, safe='')}")
        result = meta.get("result") if meta.get("ok") else None
        path = result.get("file_path") if isinstance(result, dict) else None
        if not isinstance(result, dict) or not isinstance(path, str) or not path or ".." in path:
            raise FetchError("getFile answered no file path")
        cap = self._cap(result.get("file_size"))
        return self.fetcher.get(f"{self.telegram_base}/file/bot{self.telegram_token}/"
                                f"{quote(path, safe='/')}", cap).body
