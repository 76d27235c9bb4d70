"""Which language a message is in: Indonesian, English or Malay (or none we read).

The answer is written in the reader's language and English messages are translated
through the lexicon before searching, so this has to be right on three-word messages too.
Function words decide; content words without them ("vaccine contains chip") are weighed by
their frequency in each language (wordfreq's bundled lists, nothing is downloaded).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from wordfreq import zipf_frequency

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

_MARKERS = {
    "id": set(
        """yang dan di ke dari ini itu dengan untuk pada adalah dalam akan tidak sudah juga atau
        bahwa karena bisa ada benarkah apakah benar tersebut kabar beredar hoaks akun warga
        bakal saat masih lagi harus sama tapi gak nggak enggak yg dgn utk kalau mau kata orang
        bagaimana kenapa mengapa kapan siapa apa telah oleh para seperti hari tahun juta ribu
        rakyat pemerintah presiden penipuan lowongan kerja bantuan gratis listrik gunung sebarkan""".split()
    ),
    "en": set(
        """the a an of to in on for and or is are was were be been it this that with as by at
        from will would can could should has have had not no true false fake is it they he she
        we you his her their there what who when where why how which about after before says
        said government president power people free money job jobs video photo claim news
        hoax really does did do going just than more""".split()
    ),
    # Words that are Malay and not (or rarely) Indonesian.
    "ms": set(
        """kerajaan boleh sahaja kerana nak betul awak wang percuma mahu hendak selepas
        kenderaan polis kereta cukai ialah iaitu takde tiada negeri malaysia perdana jabatan
        kempen tarikh ringgit rm kkm jpj lhdn bagi pihak mereka ini""".split()
    ),
}
# Malay shares most words with Indonesian: only the words each uses and the other does not
# tell them apart.
_MALAY_ONLY = _MARKERS["ms"] - _MARKERS["id"]
_INDONESIAN_ONLY = set(
    """gak nggak enggak ngga yg dgn utk kalau kalo bener banget aja udah sih dong deh kok nih tuh
    beredar hoaks bakal mau uang gratis pemerintah mobil polisi pajak karena bisa saja kabarnya
    katanya bagaimana kenapa mengapa""".split()
)

# Malay turns of phrase that Indonesian does not use; each counts as two Malay words.
_MALAY_PHRASES = re.compile(r"\b(?:betul ke|benar ke|ke tidak|macam mana|boleh tak|tak boleh|tak ada|tahu tak|ke\?)",
                            re.IGNORECASE)


def latin_share(text: str) -> float:
    """Share of letters written in the Latin script (0..1)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    latin = sum(1 for ch in letters if "LATIN" in unicodedata.name(ch, ""))
    return latin / len(letters)


@lru_cache(maxsize=50_000)
def content_vote(word: str) -> str:
    """The language in which a word is clearly more frequent, or "" when it is shared."""
    english, indonesian = zipf_frequency(word, "en"), zipf_frequency(word, "id")
    if english > indonesian + 1.0:
        return "en"
    if indonesian > english + 1.0:
        return "id"
    return ""


def detect(text: str) -> str:
    """"id", "en", "ms", or "und" when the message is not in a language we read."""
    if latin_share(text) < 0.5:
        return "und"
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return "und"
    indonesian = sum(w in _MARKERS["id"] for w in words)
    english = sum(w in _MARKERS["en"] for w in words)
    votes = [content_vote(w) for w in words if w not in _MARKERS["id"] and w not in _MARKERS["en"]]
    indonesian += votes.count("id")
    english += votes.count("en")
    malay = sum(w in _MALAY_ONLY for w in words) + 2 * len(_MALAY_PHRASES.findall(text))
    if english > indonesian + malay:
        return "en"
    if malay >= 2 and malay >= sum(w in _INDONESIAN_ONLY for w in words):
        return "ms"
    return "id"
