"""Publisher verdict labels -> the six normalised verdicts of `saring.model.VERDICTS`.

Fact-checkers each write their own labels ("SALAH", "HOAKS", "Konteks Keliru", "Misleading",
"Cek Fakta: Tidak Benar …", a 1–5 rating); the archive and the answer need one scale to filter,
group and phrase answers, so every reader maps labels here and keeps the original beside it.
A verdict is never inverted: "true" is said only where a fact-checker's whole label says so,
and the cue words that tell a debunk from a report (saring/data/verdicts.tsv) live here too.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from saring.text.tokens import fold

FALSE, MISLEADING, SCAM, SATIRE, TRUE, UNPROVEN = (
    "false", "misleading", "scam", "satire", "true", "unproven"
)
_VERDICT_SECTIONS = (FALSE, MISLEADING, SCAM, SATIRE, TRUE, UNPROVEN)


@cache
def _words() -> dict[str, tuple[str, ...]]:
    """The phrases of saring/data/verdicts.tsv by section (folded, single-spaced)."""
    text = resources.files("saring").joinpath("data/verdicts.tsv").read_text(encoding="utf-8")
    sections: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            section, phrase = line.split("\t")
            sections.setdefault(section.strip(), []).append(" ".join(fold(phrase).split()))
    return {name: tuple(phrases) for name, phrases in sections.items()}


@cache
def _labels() -> dict[str, str]:
    """Folded label phrase -> verdict."""
    words = _words()
    return {phrase: verdict for verdict in _VERDICT_SECTIONS for phrase in words[verdict]}


@cache
def _leading_labels() -> tuple[str, ...]:
    """Labels that may open a longer label: all but "true" ("Benar tidak ..." is a question)."""
    return tuple(phrase for phrase, verdict in _labels().items() if verdict != TRUE)


_BRACKETED = re.compile(r"^\s*[\[(]\s*([^\])]{2,40}?)\s*[\])]")
_CEK_FAKTA = re.compile(r"^\s*cek\s*fakta\s*[:\-–—|]\s*", re.IGNORECASE)
_NOISE = re.compile(r"[^\w\s-]+")


def _clean(label: str) -> str:
    """Folded words only: 'HOAKS!!' and '[Hoaks]' and 'hoaks' are one label."""
    return " ".join(_NOISE.sub(" ", fold(label)).split())


def _leading(words: str, phrases) -> str | None:
    """The verdict of the longest phrase that opens `words` on a word boundary."""
    best = None
    for phrase in phrases:
        if (words == phrase or words.startswith(phrase + " ")) and (
            best is None or len(phrase) > len(best)
        ):
            best = phrase
    return _labels()[best] if best else None


def normalize_verdict(label: str) -> str:
    """One of `VERDICTS` for a publisher's label or a fact-check headline; unknown -> unproven.

    "true" needs the whole label (or bracket) to say so: a headline or label that only opens
    with "Benar" or names the "Fakta" section is never read as a true rating."""
    if not label or not label.strip():
        return UNPROVEN
    labels = _labels()
    bracketed = _BRACKETED.match(label)
    if bracketed:  # "[SALAH] Gunung Lawu …", "(HOAKS) …"
        inner = _clean(bracketed.group(1))
        if inner in labels:
            return labels[inner]
    headline = _CEK_FAKTA.match(label)
    if headline:  # Liputan6: "Cek Fakta: Tidak Benar …"; a question or topic stays unproven
        return _leading(_clean(label[headline.end():]), _words()["title"]) or UNPROVEN
    words = _clean(label)
    if words in labels:
        return labels[words]
    return _leading(words, _leading_labels()) or UNPROVEN


def is_factcheck_headline(title: str) -> bool:
    """Whether a headline is a fact-checker's verdict headline ("Cek Fakta: …", "[HOAKS] …"),
    as opposed to a news headline that merely mentions a hoax."""
    bracketed = _BRACKETED.match(title)
    if bracketed:
        return _clean(bracketed.group(1)) in _labels()
    return bool(_CEK_FAKTA.match(title))


def is_verdict_label(text: str) -> bool:
    """Whether `text` is a verdict label as such ('salah', 'konteks keliru'), not just a title."""
    return _clean(text) in _labels()


# "Hoaks: …", "HOAX! …", "Tidak Benar | …": a label, then a separator, then the claim.
_LABEL_OPENER = re.compile(r"^\s*([^\W\d_][^:!|–—]{0,28}?)\s*(?:[:!|–—]+|\s-)\s*(?=\w)")


def headline_claim(title: str) -> str | None:
    """The claim of a verdict headline without its label ("[HOAKS] Foto Ular" -> "Foto Ular",
    "Hoaks: Foto Ular" -> "Foto Ular", "Cek Fakta: Tidak Benar Foto Ular" -> "Foto Ular");
    None for a headline that carries no verdict label."""
    bracketed = _BRACKETED.match(title)
    if bracketed and _clean(bracketed.group(1)) in _labels():
        return title[bracketed.end():].strip()
    headline = _CEK_FAKTA.match(title)
    if headline:
        label = _cue_patterns()["title"].match(title, headline.end())
        return title[label.end() if label else headline.end():].strip(" ,:;.-–—")
    opener = _LABEL_OPENER.match(title)
    if opener and is_verdict_label(opener.group(1)):
        return title[opener.end():].strip()
    return None


def _phrase_pattern(section: str) -> re.Pattern[str]:
    """Any phrase of a section of verdicts.tsv as whole words, longest first, any case."""
    phrases = sorted(_words()[section], key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(r"\s+".join(map(re.escape, p.split()))
                                               for p in phrases) + r")(?![\w-])", re.IGNORECASE)


@cache
def _cue_patterns() -> dict[str, re.Pattern[str]]:
    return {section: _phrase_pattern(section)
            for section in ("title", "denial", "not-denial", "not-cue", "negation", "clarification",
                            "topic")}


def denial_cue(text: str) -> str:
    """The first words by which `text` itself calls a rumour untrue ("tidak benar", "hoaks",
    "membantah"); "" when it has none, or when it also says the opposite ("bukan hoaks"),
    because then it is not sure which way it goes."""
    patterns = _cue_patterns()
    folded = patterns["not-cue"].sub(" ", fold(text))
    if patterns["not-denial"].search(folded):
        return ""
    found = patterns["denial"].search(folded)
    return " ".join(found.group(0).split()) if found else ""


_OPENING_PUNCTUATION = re.compile(r"^[\s:\-–—\[(\"“']*")


def clarified_rumour(title: str) -> str | None:
    """What a clarification headline clarifies: "Klarifikasi BMKG Terkait Prediksi Gempa 8,2"
    -> "Prediksi Gempa 8,2"; the words after "Klarifikasi" when it names no topic ("Klarifikasi
    Putra Aji, Anak MTS yang Bobol Situs KPU"), or "" when those words are the correction
    itself ("Klarifikasi Gedung DPR Tidak Terjadi Kebakaran"); None for any other headline."""
    patterns = _cue_patterns()
    lead = _OPENING_PUNCTUATION.match(title)  # it matches every title, perhaps empty
    opener = patterns["clarification"].match(title, lead.end() if lead else 0)
    if not opener:
        return None
    topic = patterns["topic"].search(title, opener.end())
    rest = title[topic.end() if topic else opener.end():].strip(" :-–—])\"”'")
    if not topic and patterns["negation"].search(rest):
        return ""
    return rest


def verdict_from_rating(value: float, worst: float = 1.0, best: float = 5.0) -> str:
    """A numeric ClaimReview rating on its own scale: bottom fifth false, top quarter true."""
    if best == worst:
        return UNPROVEN
    share = (value - worst) / (best - worst)
    if share <= 0.2:
        return FALSE
    if share >= 0.75:
        return TRUE
    return MISLEADING
