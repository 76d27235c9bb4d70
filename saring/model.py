"""The one data model shared by every part of saring.

Every record is a dataclass; ``to_dict``/``from_dict`` give the JSON form used everywhere
(CLI ``--json``, JSONL files, the HTTP API, the archive's stored documents), so a record
written by one part reads back identically in another.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, ClassVar, TypeVar, Union

T = TypeVar("T", bound="Record")

# Normalised verdicts of fact-checks; the original label is always kept beside it.
VERDICTS = ("false", "misleading", "scam", "satire", "true", "unproven")
STANCES = ("asserts", "reports", "denies", "expects", "confirms", "not-confirmed")


class Record:
    """Mixin: JSON (de)serialisation that is the same for every dataclass in the model."""

    # Keys left out of the JSON when their value is None (optional enrichment layers).
    omit_when_none: ClassVar[tuple[str, ...]] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if value is None and f.name in self.omit_when_none:
                continue
            out[f.name] = _plain(value)
        return out

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        """Build from JSON data; unknown keys are ignored so older readers accept newer files."""
        kwargs = {}
        for name, build in _builders(cls):  # type: ignore[arg-type]
            if name in data:
                value = data[name]
                kwargs[name] = value if build is None or value is None else build(value)
        return cls(**kwargs)

    @classmethod
    def from_json(cls: type[T], text: str) -> T:
        return cls.from_dict(json.loads(text))


@cache
def _type_hints(cls: type) -> dict[str, Any]:
    """Resolved field types per class: resolving them is slow and they never change."""
    return typing.get_type_hints(cls)


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@cache
def _builders(cls: type) -> tuple[tuple[str, Callable[[Any], Any] | None], ...]:
    """Per field, how its JSON value becomes the field's (None: taken as it is), worked out once
    per class: reading the type hints on every record cost more than the archive's decompression."""
    hints = _type_hints(cls)
    return tuple((f.name, _builder(hints[f.name])) for f in dataclasses.fields(cls))


def _builder(hint: Any) -> Callable[[Any], Any] | None:
    """How a JSON value (never None) becomes a value of type ``hint``; None: as it is."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _builder(args[0]) if len(args) == 1 else None
    if origin is list:
        (inner,) = typing.get_args(hint)
        each = _builder(inner)
        if each is None:
            return list
        return lambda values: [None if v is None else each(v) for v in values]
    if isinstance(hint, type) and issubclass(hint, Record):
        record: Any = hint
        return lambda value: record.from_dict(value) if isinstance(value, dict) else value
    return None


def check_types(record: Record, text: Callable[[str], str] | None = None) -> None:
    """Raise ValueError naming the first field whose value is not of its declared type (JSON
    from outside can hold anything, and `from_dict` takes values as given); `text`, if given,
    rewrites every string on the way (the archive cleans text this way)."""
    _check_record(record, type(record), "", text)


def _check_record(record: Any, cls: type, where: str, text: Callable[[str], str] | None) -> None:
    if not isinstance(record, cls):
        raise ValueError(f"{where or 'item'} must be an object ({cls.__name__})")
    for f in dataclasses.fields(cls):
        name = f"{where}.{f.name}" if where else f.name
        setattr(record, f.name, _checked(getattr(record, f.name), _type_hints(cls)[f.name], name, text))


def _checked(value: Any, hint: Any, where: str, text: Callable[[str], str] | None) -> Any:
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        if value is None:
            return None
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return _checked(value, inner, where, text)
    if origin is list:
        if not isinstance(value, list):
            raise ValueError(f"{where} must be a list, not {type(value).__name__}")
        (inner,) = typing.get_args(hint)
        return [_checked(v, inner, f"{where}[{i}]", text) for i, v in enumerate(value)]
    if hint is str:
        if not isinstance(value, str):
            raise ValueError(f"{where} must be text, not {type(value).__name__}")
        return text(value) if text else value
    if hint is bool:
        if not isinstance(value, bool):
            raise ValueError(f"{where} must be true or false")
        return value
    if hint in (int, float):
        number = isinstance(value, int) if hint is int else isinstance(value, (int, float))
        if not number or isinstance(value, bool) or value != value:  # NaN is no number
            raise ValueError(f"{where} must be a number")
        return value
    if isinstance(hint, type) and issubclass(hint, Record):
        _check_record(value, hint, where, text)
        return value
    raise ValueError(f"{where}: a field of type {hint!r} is not checked")  # a new kind of field


# --------------------------------------------------------------------------- reader


@dataclass
class Heading(Record):
    text: str
    before_paragraph: int  # index into Article.body of the paragraph the heading introduces


@dataclass
class Image(Record):
    title: str = ""
    caption: str = ""
    credit: str = ""


@dataclass
class Boilerplate(Record):
    """Something removed from the page, kept so that nothing is silently lost."""

    text: str
    kind: str  # promo, navigation, related-links, advert, video, share, factcheck-promo, ...


# --------------------------------------------------------------------------- language


@dataclass
class Span(Record):
    text: str
    start: int  # character offsets into the article's full text (see saring.language.article_text)
    end: int


@dataclass
class Sentence(Record):
    text: str
    start: int
    end: int
    paragraph: int = 0


@dataclass
class Attribution(Record):
    """Who said what: one reported or quoted statement."""

    speaker: str  # as written ("Juru Bicara Kremlin Dmitry Peskov" -> "Dmitry Peskov")
    speaker_canonical: str = ""
    speaker_role: str = ""
    affiliation: str = ""
    cue: str = ""
    content: str = ""
    direct: bool = False
    stance: str = "asserts"  # one of STANCES
    hedged: bool = False
    via: str = ""  # outlet or agency that relayed it (TASS, KCNA, NHK)
    unnamed_source: str = ""
    speaker_span: Span | None = None
    cue_span: Span | None = None
    content_span: Span | None = None
    start: int = 0
    end: int = 0


@dataclass
class Entity(Record):
    """One real-world thing inside an article, with all the ways it is written."""

    canonical: str
    label: str  # PERSON, ORGANISATION, LOCATION, EVENT
    aliases: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)


@dataclass
class TimeExpression(Record):
    text: str
    start: int
    end: int
    value: str  # ISO date, month ("2023-09"), year, or interval "2024-06-17/2024-06-23"
    granularity: str  # day, week, month, year, part-of-month, interval, time
    relative: bool = False


@dataclass
class Quantity(Record):
    text: str
    start: int
    end: int
    value: float
    unit: str = ""  # "kontainer", "IDR", "percent", "kilometer", ...


# --------------------------------------------------------------------------- records


@dataclass
class Article(Record):
    """A news article as the reader makes it (and the language layer enriches it)."""

    omit_when_none: ClassVar[tuple[str, ...]] = (
        "sentences",
        "attributions",
        "entities",
        "times",
        "quantities",
    )
    kind: ClassVar[str] = "news"

    source: str = ""
    url: str = ""
    title: str = ""
    lead: str = ""
    authors: list[str] = field(default_factory=list)
    published: str = ""  # ISO 8601 with offset, "" when unknown
    updated: str = ""
    dateline: str = ""
    language: str = ""
    body: list[str] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    boilerplate: list[Boilerplate] = field(default_factory=list)
    id: str = ""  # assigned by the archive
    warnings: list[str] = field(default_factory=list)
    sentences: list[Sentence] | None = None
    attributions: list[Attribution] | None = None
    entities: list[Entity] | None = None
    times: list[TimeExpression] | None = None
    quantities: list[Quantity] | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.body)


@dataclass
class FactCheck(Record):
    """A fact-checker's verdict on a claim that circulated."""

    kind: ClassVar[str] = "factcheck"

    url: str = ""
    title: str = ""
    claim: str = ""  # the claim as it circulated
    claim_source: str = ""  # where it circulated (a post URL, "Facebook", ...)
    publisher: str = ""  # the fact-checker (turnbackhoax.id, Liputan6.com Cek Fakta, ...)
    published: str = ""
    verdict: str = ""  # one of VERDICTS, "" when unknown
    verdict_label: str = ""  # as the publisher wrote it ("SALAH", "Cek Fakta: Tidak Benar ...")
    category: str = ""
    explanation: str = ""
    conclusion: str = ""
    references: list[str] = field(default_factory=list)
    language: str = "id"
    id: str = ""


Item = Article | FactCheck


def item_from_dict(data: dict[str, Any]) -> Item:
    """Rebuild an Article or FactCheck from its JSON, told apart by the keys it carries."""
    if data.get("kind") == "factcheck" or "claim" in data or "verdict" in data:
        return FactCheck.from_dict(data)
    return Article.from_dict(data)


def item_to_dict(item: Item) -> dict[str, Any]:
    """The JSON of an item, with its kind, as stored and served."""
    return {"kind": item.kind, **item.to_dict()}


@dataclass
class Failure(Record):
    """An input item that could not be read; batches report these and go on."""

    source: str  # file path or "-"
    message: str
    line: int = 0  # 1-based line (CSV/JSONL) or 0 for a whole file


# --------------------------------------------------------------------------- archive


@dataclass
class SearchHit(Record):
    id: str
    kind: str  # "news" or "factcheck"
    score: float
    title: str = ""
    url: str = ""
    published: str = ""
    source: str = ""  # outlet or fact-check publisher
    verdict: str = ""
    verdict_label: str = ""
    snippet: str = ""  # highlighted with [ ] around matched terms


@dataclass
class IngestSummary(Record):
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0  # near-duplicates linked to an existing item
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0


# --------------------------------------------------------------------------- answer


@dataclass
class Match(Record):
    id: str
    kind: str
    url: str = ""
    title: str = ""
    verdict: str = ""
    verdict_label: str = ""
    published: str = ""
    publisher: str = ""
    score: float = 0.0
    summary: str = ""
    evidence: str = ""  # the sentence that answers (and who said it, for news)
    also: list[str] = field(default_factory=list)  # URLs of near-identical fact-checks folded in


@dataclass
class Answer(Record):
    query: str
    language: str = "id"
    normalized_query: str = ""
    matches: list[Match] = field(default_factory=list)
    # "mungkin terkait": items about a related claim, not surely the one asked about; offered
    # without a verdict for the question, only when nothing matched surely
    related: list[Match] = field(default_factory=list)
    answer_text: str = ""  # WhatsApp formatting (*bold*), <= 4096 characters
    plain_text: str = ""
    no_match: bool = True
