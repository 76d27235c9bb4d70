"""Settings of the tipline server: flags override the environment, which overrides a TOML file.

Secrets (app secret, tokens, API key) never have defaults: a channel whose secrets are missing
is reported as not configured instead of running unauthenticated.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from saring.errors import InputError

ENV_PREFIX = "SARING_"


@dataclass
class Settings:
    db: str = ""
    # WhatsApp Cloud API
    verify_token: str = ""
    app_secret: str = ""
    access_token: str = ""
    phone_number_id: str = ""
    graph_base: str = "https://graph.facebook.com/v21.0"
    # The pre-approved template sent to subscribers outside the 24-hour customer-service
    # window; its body takes three parameters: title, verdict label, link.
    template_name: str = ""
    template_language: str = "id"
    # Telegram Bot API
    telegram_token: str = ""
    telegram_secret: str = ""
    telegram_base: str = "https://api.telegram.org"
    # HTTP API and newsroom view
    api_key: str = ""  # opens /api/ingest only
    admin_user: str = ""  # the newsroom login (/admin, /api/admin/*)
    admin_password: str = ""
    admin_key: str = ""  # the newsroom's key for scripts (never the ingest key)
    public_url: str = ""  # shown in broadcasts ("more at ...")
    # Conversation
    merge_seconds: float = 3.0  # messages from one user this close together form one query
    merge_max_seconds: float = 15.0  # ... but a user who keeps typing is answered after this
    rate_limit: int = 20  # messages per user ...
    rate_window: float = 60.0  # ... in this many seconds
    api_rate_limit: int = 60  # /api/ask and web searches per client address per minute
    blocklist: list[str] = field(default_factory=list)  # "whatsapp:628123..." or bare ids
    # Transport limits and retries
    # A Cloud API delivery batches many messages; Meta retries (then drops) one refused as too
    # large, so the limit sits above what the platforms send.
    max_body_bytes: int = 4 * 1024 * 1024
    retry_base: float = 1.0
    retry_max: float = 300.0
    send_concurrency: int = 16
    send_timeout: float = 10.0
    # A WhatsApp send cut short by a crash waits this long for its delivery status (which
    # carries the outbox id back) before it is sent again.
    doubt_seconds: float = 60.0
    answer_cache_seconds: float = 60.0
    # Report-back: questions asked in the last this many days are told when answered.
    report_days: float = 30.0
    # ... when the answer layer's match probability is at least this (less: the newsroom confirms).
    report_threshold: float = 0.85
    # Answers given below this match probability are listed for review in /admin.
    review_below: float = 0.7
    # Feeds the server's worker polls (as `saring watch` does), every watch_every seconds.
    watch_feeds: list[str] = field(default_factory=list)
    watch_every: float = 900.0
    # Messages, replies and what is known about readers are deleted after this many days
    # (0 keeps them); subscribers stay subscribed.
    retention_days: float = 90.0
    # Key of the user-id hashes in exports (default: derived from the server's secrets).
    hash_key: str = ""

    @property
    def whatsapp_ready(self) -> bool:
        return bool(self.app_secret and self.access_token and self.phone_number_id)

    @property
    def telegram_ready(self) -> bool:
        return bool(self.telegram_token and self.telegram_secret)

    @classmethod
    def load(cls, config: str | Path | None = None, env: dict[str, str] | None = None,
             **overrides: Any) -> Settings:
        """Defaults <- config file (or $SARING_CONFIG) <- SARING_* environment <- overrides."""
        env = dict(os.environ if env is None else env)
        values: dict[str, Any] = {}
        config = config or env.get(ENV_PREFIX + "CONFIG")
        if config:
            values.update(_read_config(Path(config)))
        for f in dataclasses.fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is not None:
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**{k: _coerce(k, v) for k, v in values.items()})


_FIELDS = {f.name: f for f in dataclasses.fields(Settings)}


def _read_config(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read config file {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"config file {path} is not valid TOML: {exc}") from None
    section = data.get("saring", data)  # either top-level keys or a [saring] table
    unknown = sorted(set(section) - set(_FIELDS))
    if unknown:
        raise InputError(f"config file {path}: unknown setting(s): {', '.join(unknown)}")
    return section


def _coerce(name: str, value: Any) -> Any:
    """Env values are strings; turn them into the field's type with a one-line error."""
    if name not in _FIELDS:
        raise InputError(f"unknown setting: {name}")
    default = _FIELDS[name].default
    if default is dataclasses.MISSING:  # the list field
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
        return [str(v) for v in value]
    try:
        if isinstance(default, float):
            return float(value)
        if isinstance(default, int):
            return int(value)
    except (TypeError, ValueError):
        raise InputError(f"setting {name} must be a number, got {value!r}") from None
    return str(value)
