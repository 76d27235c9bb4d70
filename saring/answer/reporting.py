"""Questions about news reporting — who said what — and the statements that answer them.

"Apa kata PLN soal pemadaman listrik?", "siapa yang bilang listrik mati total?", "benarkah
PLN membantah pemadaman?", "what did Dmitry Peskov say about the visit?": the reader asks for
a statement, not a verdict. The question frame is removed (it is not the claim), the speaker
and the stance asked about are kept so that ranking can prefer reports where that speaker
said it, and the reply (`compose.describe`) gives the attribution (`saring.language` fills
them) with its speaker, role, stance in words and date — quoted only when the words are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from saring.language.aliases import expansions
from saring.model import Article, Attribution
from saring.text.tokens import STOPWORDS, stem, tokenize

# Speech verbs a reader uses, by the stance they ask about ("" = any stance).
_VERB_STANCE = {
    "membantah": "denies", "bantah": "denies", "menyangkal": "denies", "sangkal": "denies",
    "menepis": "denies", "tepis": "denies", "deny": "denies", "denied": "denies", "denies": "denies",
    "membenarkan": "confirms", "mengonfirmasi": "confirms", "mengkonfirmasi": "confirms",
    "konfirmasi": "confirms", "confirm": "confirms", "confirmed": "confirms", "confirms": "confirms",
    "melaporkan": "reports", "lapor": "reports", "memberitakan": "reports", "report": "reports",
    "reported": "reports", "reports": "reports",
    "memperkirakan": "expects", "memprediksi": "expects", "expect": "expects", "expects": "expects",
    "mengatakan": "", "menyebut": "", "menyatakan": "", "menegaskan": "", "mengklaim": "",
    "bilang": "", "berkata": "", "ngomong": "", "mengaku": "", "menjelaskan": "", "mengungkapkan": "",
    "say": "", "said": "", "says": "", "claim": "", "claimed": "", "claims": "", "state": "",
    "stated": "",
}
_VERBS = "|".join(sorted(_VERB_STANCE, key=len, reverse=True))
_ABOUT = r"(?:soal|tentang|mengenai|terkait|perihal|atas|masalah|about|on|regarding)"
_RESPONSE = r"(?:kata|tanggapan|komentar|pernyataan|penjelasan|respons|respon|jawaban|klarifikasi|sikap)"
_THAT = r"(?:\s+(?:bahwa|kalau|kalo|klo|that))?"
_PATTERNS = [
    # apa kata PLN soal pemadaman / bagaimana tanggapan Kemenkes terkait vaksin
    rf"(?:apa|gimana|bagaimana|seperti apa)\s+{_RESPONSE}\s+(?P<speaker>.+?)\s+{_ABOUT}\s+(?P<topic>.+)",
    # PLN bilang apa soal pemadaman
    rf"(?P<speaker>.+?)\s+(?:bilang|ngomong|berkata|mengatakan|menyebut)\s+apa\s+{_ABOUT}\s+(?P<topic>.+)",
    # what did Peskov say about the visit
    r"what\s+(?:did|does|has|have)\s+(?P<speaker>.+?)\s+(?:say|said|tell|told|claim|claimed)\s+"
    r"(?:about|on|regarding)\s+(?P<topic>.+)",
    # siapa yang bilang listrik mati / who said that ...
    rf"(?:siapa|who)(?:\s+yang)?\s+(?P<verb>{_VERBS}){_THAT}\s+(?P<topic>.+)",
    # benarkah PLN membantah pemadaman / did PLN deny the blackout
    rf"(?:benarkah|betulkah|apakah benar|apa benar|apa betul|apakah|is it true that|did|has|have|does)\s+"
    rf"(?P<speaker>.+?)\s+(?P<verb>{_VERBS}){_THAT}\s+(?P<topic>.+)",
]
_FRAMES = [re.compile(rf"^\s*{p}\s*$", re.IGNORECASE | re.DOTALL) for p in _PATTERNS]
_TRAILING = re.compile(r"[\s?!.,;:]+$")
MAX_SPEAKER_WORDS = 6

@dataclass
class Reporting:
    """What a reporting question asks: the claim's words, and who said it with what stance."""

    topic: str
    speaker: str = ""
    stance: str = ""  # one of model.STANCES, "" for any


def parse(text: str) -> Reporting | None:
    """The reporting frame of a question, or None when the message is not asking who said what."""
    text = _TRAILING.sub("", " ".join(text.split()))
    for frame in _FRAMES:
        m = frame.match(text)
        if not m:
            continue
        speaker = (m.groupdict().get("speaker") or "").strip()
        topic = m["topic"].strip()
        if len(speaker.split()) > MAX_SPEAKER_WORDS or not tokenize(topic):
            continue
        verb = (m.groupdict().get("verb") or "").lower()
        return Reporting(topic=topic, speaker=speaker, stance=_VERB_STANCE.get(verb, ""))
    return None


@lru_cache(maxsize=4096)
def name_keys(name: str) -> frozenset[tuple[str, ...]]:
    """Every way a speaker may be written (aliases included), as folded word tuples."""
    forms = {name, *expansions(name)} if name.strip() else set()
    return frozenset(key for key in (tuple(tokenize(f)) for f in forms) if key)


def _contains(words: list[str], key: tuple[str, ...]) -> bool:
    n = len(key)
    return any(tuple(words[i : i + n]) == key for i in range(len(words) - n + 1))


def said_by(attribution: Attribution, speaker: str) -> bool:
    """Whether the attribution is the speaker's (as written, canonical, role or affiliation:
    "PLN" is the speaker of what PLN's spokesman said)."""
    keys = name_keys(speaker)
    for text in (attribution.speaker, attribution.speaker_canonical, attribution.affiliation,
                 attribution.speaker_role, attribution.unnamed_source, attribution.via):
        words = tokenize(text) if text else []
        if words and any(_contains(words, key) for key in keys):
            return True
    return False


def speaker_agreement(article: Article, speaker: str, stance: str = "") -> float:
    """1 when an attribution of the article is the speaker's (with the stance asked, if any),
    0.75 when it is the speaker's with another stance, 0.5 when the article was not analysed
    (archived with --no-analyze) but names the speaker, 0 otherwise."""
    if not speaker:
        return 0.0
    if article.attributions:
        theirs = [a for a in article.attributions if said_by(a, speaker)]
        if theirs:
            return 1.0 if not stance or any(a.stance == stance for a in theirs) else 0.75
        return 0.0
    words = tokenize(f"{article.title} {article.lead} {article.text}")
    return 0.5 if any(_contains(words, key) for key in name_keys(speaker)) else 0.0


def content_overlap(text: str, query_stems: set[str]) -> float:
    """How many of the query's content words a statement uses (distinct stems)."""
    return float(len({stem(w) for w in tokenize(text) if w not in STOPWORDS} & query_stems))


def best_attribution(article: Article, query_stems: set[str], speaker: str = "",
                     stance: str = "") -> Attribution | None:
    """The attribution that best answers the query: about its words, by the speaker asked
    about, with the stance asked about; None when no statement touches the query."""
    scored = []
    for index, attribution in enumerate(article.attributions or []):
        if not attribution.content:
            continue
        overlap = content_overlap(f"{attribution.content} {attribution.speaker}", query_stems)
        by_speaker = bool(speaker) and said_by(attribution, speaker)
        if overlap == 0 and not by_speaker:
            continue
        named = bool(attribution.speaker or attribution.unnamed_source)
        # the speaker asked about first, then the stance asked about, then the words
        rank = (by_speaker, bool(stance) and attribution.stance == stance, overlap + 0.5 * named, -index)
        scored.append((rank, attribution))
    return max(scored, key=lambda s: s[0])[1] if scored else None
