"""Publisher verdict labels -> the six normalised verdicts of `saring.model.VERDICTS`.

Fact-checkers each write their own labels ("SALAH", "HOAKS", "Konteks Keliru", "Misleading",
"Cek Fakta: Tidak Benar …", a 1–5 rating); the archive and the answer need one scale to filter,
group and phrase answers, so every reader maps labels here and keeps the original beside it.
"""

from __future__ import annotations

import re

from saring.text.tokens import fold

FALSE, MISLEADING, SCAM, SATIRE, TRUE, UNPROVEN = (
    "false", "misleading", "scam", "satire", "true", "unproven"
)

# Folded label phrases (Indonesian and English, Mafindo's seven First Draft categories,
# ClaimReview alternateNames), '|'-separated. Matched whole, or as the longest leading phrase.
_PHRASES = {
    FALSE: """salah | hoaks | hoax | hoaxs | hoaxes | hoak | keliru | disinformasi | misinformasi |
        fitnah | bohong | palsu | tidak benar | tak benar | tidak akurat | false | fake |
        fake news | berita palsu | berita bohong | pants on fire | incorrect | inaccurate | wrong |
        not true |
        untrue | fabricated | fabricated content | konten palsu | konten yang dibuat-buat |
        imposter content | konten tiruan | peniruan""",
    MISLEADING: """menyesatkan | konten menyesatkan | konten yang menyesatkan | misleading |
        misleading content | sebagian benar | sebagian salah | setengah benar | tidak tepat |
        partly false | partly true | partially false | partially true | half true | mostly false |
        mixture | mixed | konteks keliru | konteks yang keliru | konteks yang salah |
        konteks salah | salah konteks | false context | koneksi yang salah |
        koneksi salah | false connection |
        manipulated | manipulated content | manipulasi | konten yang dimanipulasi |
        konten manipulasi | dimanipulasi | altered | missing context | kurang konteks |
        butuh konteks | perlu konteks | out of context | exaggerated | dilebih-lebihkan |
        distorsi | cherry picking""",
    SCAM: """penipuan | waspada penipuan | modus penipuan | scam | scams | phishing | fraud |
        penipuan online | tautan penipuan""",
    SATIRE: "parodi | satire | satir | satirical | komedi | parody | humor | humour | lelucon",
    TRUE: """benar | fakta | true | real | correct | accurate | akurat | sesuai fakta |
        mostly true | bukan hoaks | bukan hoax | terbukti benar""",
    UNPROVEN: """belum terbukti | tidak terbukti | belum dapat dipastikan | belum jelas | unproven |
        unverified | unsupported | not proven | no evidence | tanpa bukti | dalam proses |
        klarifikasi | unknown""",
}
_LABELS: dict[str, str] = {
    " ".join(phrase.split()): verdict
    for verdict, phrases in _PHRASES.items()
    for phrase in phrases.split("|")
}

# Words that open a verdict inside a headline ("Cek Fakta: Tidak Benar …", "Hoaks, video …").
# Deliberately narrower than _LABELS: "Benar…", "Fakta…" open questions and features too.
_TITLE_LABELS = (
    "tidak benar", "tak benar", "hoaks", "hoax", "salah", "keliru", "menyesatkan", "disinformasi",
    "misinformasi", "waspada penipuan", "penipuan", "sebagian benar", "parodi", "satire",
)

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
    return _LABELS[best] if best else None


def normalize_verdict(label: str) -> str:
    """One of `VERDICTS` for a publisher's label or a fact-check headline; unknown -> unproven."""
    if not label or not label.strip():
        return UNPROVEN
    bracketed = _BRACKETED.match(label)
    if bracketed:  # "[SALAH] Gunung Lawu …", "(HOAKS) …"
        inner = _clean(bracketed.group(1))
        if inner in _LABELS:
            return _LABELS[inner]
    headline = _CEK_FAKTA.match(label)
    if headline:  # Liputan6: "Cek Fakta: Tidak Benar …"; a question or topic stays unproven
        return _leading(_clean(label[headline.end():]), _TITLE_LABELS) or UNPROVEN
    words = _clean(label)
    if words in _LABELS:
        return _LABELS[words]
    return _leading(words, _LABELS) or UNPROVEN


def is_factcheck_headline(title: str) -> bool:
    """Whether a headline is a fact-checker's verdict headline ("Cek Fakta: …", "[HOAKS] …"),
    as opposed to a news headline that merely mentions a hoax."""
    bracketed = _BRACKETED.match(title)
    if bracketed:
        return _clean(bracketed.group(1)) in _LABELS
    return bool(_CEK_FAKTA.match(title))


def is_verdict_label(text: str) -> bool:
    """Whether `text` is a verdict label as such ('salah', 'konteks keliru'), not just a title."""
    return _clean(text) in _LABELS


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
