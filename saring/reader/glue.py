"""Repair words that a scraper glued together where the page had links.

Scrapers that drop the spaces around inline links turn "kondisi kesehatan mental yang" into
"kondisikesehatan mentalyang" and "dengan Tissa Biani dan" into "denganTissa Bianidan". A
token that is not a word is split by a cost model: every way of cutting it into known words
is scored (Viterbi over how rare each part is, plus a penalty per part) and the cheapest cut
is taken when it is cheap enough. "Known" combines sources that all work offline:
wordfreq's Indonesian list, wordfreq's English list (news quotes borrowings: "fraud",
"outfit"), the Indonesian root dictionary that ships with PySastrawi (KBBI roots such as
"akuntabel", "selangka") and the words of the article itself (names such as "Thohir").

Real words are protected: listed words, words the article repeats, and affixed forms of
known roots by Indonesian morphology (me-/pe- with their nasal sound rules, di-, ber-, ter-,
ke-, se-, -kan, -an, -i, -nya: "menunggak" is meN+tunggak, not "menu|nggak"); the same rules
let an unlisted derived word be a part ("kondangan|semakin"). Capital letters are read as a cue:
mid-sentence a capitalised token is a name ("Kacaribu", "Karyaman") and is only cut into a
name the article uses plus everyday words, or where a link has just opened (the glue before
a link, "denganTissa", tells us its end is a few words on: "Bianidan" -> "Biani dan").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from saring.text.lexicon import frequencies, kbbi_roots, zipf

# --- what counts as a word on its own (never cut) -------------------------------------
# wordfreq Zipf values (3 = once per million words).
KNOWN_ZIPF = 1.0
# Borrowings are protected on a lower bar than parts need ("deepfake" 1.5, "microsleep" 1.1).
KNOWN_ENGLISH_ZIPF = 1.0
# A token the article writes this often is its own word (a name, a brand), not glue.
REPEATS_AS_WORD = 3
# A capitalised token written twice is a name ("Danantara" is not "Dan antara").
NAME_REPEATS_AS_WORD = 2

# --- the cost of a part ----------------------------------------------------------------
# A part costs how far its Zipf value falls below this everyday-word level, plus PART_COST.
COMMON_ZIPF = 5.5
PART_COST = 1.0
# English words are less likely in Indonesian text than their English Zipf says.
ENGLISH_DISCOUNT = 0.5
# A KBBI root (PySastrawi's dictionary) that wordfreq barely knows still counts this much.
ROOT_ZIPF = 3.0
# A word the article uses elsewhere on its own counts this much ("Delap", "Thohir").
DOCUMENT_ZIPF = 4.0
# A derived word counts this much as a part, when its root is at least COMMON_ROOT_ZIPF.
DERIVED_ZIPF = 3.0
COMMON_ROOT_ZIPF = 3.5
# Parts rarer than this are not words at all.
MIN_PART_ZIPF = 2.5
# Short parts glue into real words by accident ("sel|angka"): three letters cost this extra.
SHORT_PART_COST = 1.5
MIN_PART = 3
MAX_PARTS = 4
# A cut is taken when its parts cost at most this on average and none costs more than
# MAX_PART_COST: one far-fetched part ("warga|net", "mili|detik") marks a real word.
MAX_MEAN_COST = 2.6
MAX_PART_COST = 3.3
# A long word that the lists know, however rare, is one part ("overspeed", not "over|speed").
LONG_PART = 7
LONG_PART_ZIPF = 4.0
# Links are short: the glue at a link's end is expected within this many words of its start.
LINK_WORDS = 4
NO_LINK, LINK, NAME_LINK = range(3)
# Inside a link, a capitalised token may be cut after a word at least this common ("Israel").
LINK_HEAD_ZIPF = 5.5
# At a link's end, an unknown name may be cut from a word at least this common ("dan").
LINK_TAIL_ZIPF = 5.0
SHORT_LINK_TAIL_ZIPF = 6.0
# A long tail is a word by its length alone, so a rarer one will do ("Santoso|tersangka",
# not "Santosoters|angka").
LONG_LINK_TAIL = 6
LONG_LINK_TAIL_ZIPF = 4.0

# Bound morphemes: never a part on their own ("penambang|nya", "temu|kan"), and prefixes
# that Indonesian writes attached ("multipihak", "subspesialis", "pascaerupsi").
_BOUND = frozenset("nya kan an lah kah pun ku mu tah isme wan wati nda".split())
_BOUND_PREFIXES = frozenset(
    "multi sub pra pasca antar non swa tuna ultra super semi eks anti inter intra trans"
    " mili kilo mega giga mikro nano".split()
)
# Prepositions that the scraper glued after a link ("diklikdi", "warningke"): accepted as
# the last part of a lower-case token, never as a prefix (di- and ke- are real prefixes).
_TRAILING_PREPOSITIONS = frozenset(("di", "ke"))

_WORD = re.compile(r"[^\W\d_]+")
_LOWER_UPPER = re.compile(r"(?<=[a-z])(?=[A-Z])")
# an acronym glued to a word: "PTVale" -> "PT Vale", okezone's "ADAsatu" -> "ADA satu"
_ACRONYM_WORD = re.compile(r"^([A-Z]{3,})([a-z]{3,})")
# web addresses: a scheme, www, or a top-level domain ends a dotted name
_ADDRESS_MARK = re.compile(r"://|www\.|\.(?:com|id|org|net|co|go|ac|io|tv|info)\b")
# where a sentence starts, capitals say nothing about names
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“”'(\[]|\.\s*[\"“”'])\s*$")


def _to_freq(zipf_value: float) -> float:
    return 10.0 ** (zipf_value - 9.0)


@lru_cache(maxsize=200_000)
def lexicon_zipf(word: str) -> float:
    """How common a lower-case word is by the static lists (no document evidence)."""
    if not _listed(word):
        return 0.0  # most substrings of a glued token, at the cost of one set lookup
    z = max(zipf(word), zipf(word, "en") - ENGLISH_DISCOUNT)
    if word in kbbi_roots():
        z = max(z, ROOT_ZIPF)
    return z


# Indonesian derivation, cheap enough for every substring of an unknown token: a prefix, a
# root and a suffix, with the nasal prefixes' sound rules (me+lihat -> melihat, meN+pakai ->
# memakai, meN+tulis -> menulis, meN+kirim -> mengirim, meN+sapu -> menyapu). Each prefix:
# (prefix, letter it replaces, letters the root may start with).
_VOWELS = "aeiou"
_PREFIXES = (
    ("memper", "", ""), ("diper", "", ""),
    ("me", "", "lmnrwy"), ("pe", "", "lmnrwy"),
    ("mem", "", "bfv"), ("pem", "", "bfv"), ("mem", "p", _VOWELS), ("pem", "p", _VOWELS),
    ("men", "", "cdjz"), ("pen", "", "cdjz"), ("men", "t", _VOWELS), ("pen", "t", _VOWELS),
    ("meng", "", _VOWELS + "gh"), ("peng", "", _VOWELS + "gh"),
    ("meng", "k", _VOWELS), ("peng", "k", _VOWELS),
    ("meny", "s", _VOWELS), ("peny", "s", _VOWELS),
    ("ber", "", ""), ("be", "", "r"), ("ter", "", ""), ("per", "", ""),
    ("di", "", ""), ("ke", "", ""), ("se", "", ""), ("", "", ""),
)
_SUFFIXES = ("kannya", "annya", "nya", "kan", "an", "i", "")
_PREFIXES_BY_LETTER = {
    letter: [p for p in _PREFIXES if p[0].startswith(letter) or not p[0]]
    for letter in "abcdefghijklmnopqrstuvwxyz"
}


@lru_cache(maxsize=200_000)
def _derived(word: str, min_root_zipf: float) -> bool:
    """True when ``word`` is a prefix and/or suffix around a common root ("kondangan")."""
    for suffix in _SUFFIXES:
        if not word.endswith(suffix):
            continue
        stem = word[: len(word) - len(suffix)]
        for prefix, restored, starts in _PREFIXES_BY_LETTER.get(stem[:1], ()):
            if (prefix or suffix) and stem.startswith(prefix):
                rest = stem[len(prefix) :]
                if starts and not rest.startswith(tuple(starts)):
                    continue
                root = restored + rest
                if len(root) >= 3 and lexicon_zipf(root) >= min_root_zipf:
                    return True
    return False


@lru_cache(maxsize=1)
def _listed_words() -> frozenset[str]:
    """Every lower-case word that one of the lists has, however rare: one set lookup per word
    keeps the common case (a real word) cheap."""
    known = _to_freq(KNOWN_ZIPF)
    known_english = _to_freq(KNOWN_ENGLISH_ZIPF)
    return frozenset(
        [w for w, f in frequencies("id").items() if f >= known]
        + [w for w, f in frequencies("en").items() if f >= known_english]
    ) | kbbi_roots()


def _listed(word: str) -> bool:
    """A lower-case word that one of the word lists has, however rare."""
    return word in _listed_words()


@lru_cache(maxsize=500_000)
def _static_part_zipf(part: str) -> float:
    """How common a lower-case part is by the lists and the rules of derivation."""
    z = lexicon_zipf(part)
    if len(part) >= LONG_PART and z < LONG_PART_ZIPF and _listed(part):
        z = LONG_PART_ZIPF
    if len(part) >= 5 and z < DERIVED_ZIPF and _derived(part, COMMON_ROOT_ZIPF):
        z = DERIVED_ZIPF
    return z


class Vocabulary:
    """Which strings count as words: the static lists plus the words of the current document.

    ``document_forms`` counts the article's exact spellings (so that "MediaWave" written three
    times is a brand, not glue); ``document_names`` the lower-case forms of the words it writes
    capitalised, which are its names ("Thohir", "Delap"). Lower-case words of the article are
    no evidence: they may be glue themselves ("outfitala").
    """

    def __init__(self, document_forms: Counter[str] | None = None) -> None:
        self.document_forms = document_forms or Counter()
        self.document_names = {
            f.lower() for f in self.document_forms if len(f) >= MIN_PART and f.istitle()
        }
        self._suspects = self._worth_a_look(self.document_forms.keys())
        self.brands = sorted(
            (f for f in self.document_forms
             if (shape := _BRAND_SHAPE.match(f)) and zipf(shape[1].lower()) < BRAND_HEAD_ZIPF),
            key=len,
            reverse=True,
        )

    def worth_a_look(self, forms: set[str]) -> set[str]:
        """The ``forms`` that may be glue: unknown words, and words with capitals inside."""
        return (forms & self._suspects) | self._worth_a_look(forms - self.document_forms.keys())

    def _worth_a_look(self, forms) -> set[str]:
        return {f for f in forms if not (f[1:].islower() and self.is_word(f))}

    def is_word(self, token: str) -> bool:
        repeats = NAME_REPEATS_AS_WORD if token.istitle() else REPEATS_AS_WORD
        return _listed(token.lower()) or self.document_forms[token] >= repeats

    def is_camel_word(self, token: str, pieces: list[str]) -> bool:
        """A token with capitals inside ("MediaWave", "detikNews") that is one word: known, or
        repeated by the article while some piece never stands alone in it (a brand, whereas
        "UnitedBurnley" in a fixture list repeats glue between two words used alone)."""
        if _listed(token.lower()):
            return True
        return self.document_forms[token] >= REPEATS_AS_WORD and not all(
            self.document_forms[p] > 0 for p in pieces
        )

    def part_zipf(self, part: str) -> float:
        """How common a lower-case part is, counting the article's own names."""
        z = _static_part_zipf(part)
        if z < DOCUMENT_ZIPF and len(part) >= 4 and part in self.document_names:
            return DOCUMENT_ZIPF
        return z

    def part_cost(self, part: str, last: bool) -> float | None:
        """The cost of ``part`` as one word of a cut; None when it cannot be a word."""
        if part in _BOUND:
            return None
        if len(part) < MIN_PART and not (last and part in _TRAILING_PREPOSITIONS):
            return None
        z = self.part_zipf(part)
        if z < MIN_PART_ZIPF or (len(part) <= MIN_PART and zipf(part) < MIN_PART_ZIPF):
            # three-letter English words glue into Indonesian ones by accident ("men|disrupsi")
            return None
        cost = max(0.0, COMMON_ZIPF - z) + PART_COST
        if len(part) <= MIN_PART and z < COMMON_ZIPF:
            cost += SHORT_PART_COST
        return cost


def _segment(token: str, vocab: Vocabulary) -> tuple[list[float], list[str]] | None:
    """The cheapest cut of a lower-case ``token`` into two or more words: (costs, parts)."""
    n = len(token)
    # best[i] = (total cost, part costs, parts) for token[:i]
    best: list[tuple[float, list[float], list[str]] | None] = [None] * (n + 1)
    best[0] = (0.0, [], [])
    for start in range(n - 1):
        prev = best[start]
        if prev is None or len(prev[2]) >= MAX_PARTS:
            continue
        for end in range(start + 2, n + 1 if start else n):
            cost = vocab.part_cost(token[start:end], last=end == n)
            known = best[end]
            if cost is not None and (known is None or prev[0] + cost < known[0]):
                best[end] = (prev[0] + cost, prev[1] + [cost], prev[2] + [token[start:end]])
    result = best[n]
    if result is None or result[2][0] in _BOUND_PREFIXES:
        return None
    return result[1], result[2]


def _cut_name(token: str, vocab: Vocabulary, link: int) -> tuple[list[float], list[str]] | None:
    """The cut of a capitalised mid-sentence token, which is most likely a name ("Kacaribu",
    "Karyaman", "Tegalluar"): a name the article uses elsewhere glued to known words
    ("Thohir|kirim"); inside a link, a very common word glued to known words ("Indonesia|akan");
    at the end of a link that starts with a capital (a name's link), any name glued to an
    everyday word ("Biani|dan")."""
    named = any(token[:cut] in vocab.document_names for cut in range(4, len(token) - MIN_PART + 1))
    if not named and link == NO_LINK:
        return None  # the common case, a name of its own: no cut to weigh
    found = _segment(token, vocab)
    if found:
        head, tail = found[1][0], found[1][1:]
        if min(map(vocab.part_zipf, tail)) >= DOCUMENT_ZIPF and (
            head in vocab.document_names or (link and zipf(head) >= LINK_HEAD_ZIPF)
        ):
            return found
    if link == NAME_LINK:
        # names end in syllables that are also particles ("Nurja|nah", "Hami|dah"): a short
        # tail must be one of the commonest words ("dan", "ini"); the longest tail wins, as
        # the name keeps no piece of it ("Utd|secara", not "Utdse|cara"; "Songfacts|pada",
        # not "Songfactsp|ada")
        tails = [(zipf(token[cut:]), cut) for cut in range(MIN_PART, len(token) - MIN_PART + 1)]
        tails = [(z, cut) for z, cut in tails if z >= _link_tail_zipf(len(token) - cut)]
        if tails:
            cut = _with_prefix(token, min(cut for _, cut in tails))
            return [0.0, 0.0], [token[:cut], token[cut:]]
    return None


# Prefixes that a name's last letters may really be the start of ("Ghazali|dipersiapkan").
_TAIL_PREFIXES = ("meng", "mem", "men", "per", "ber", "ter", "me", "di", "ke", "se")


def _with_prefix(token: str, cut: int) -> int:
    """Move ``cut`` back over a prefix when prefix + tail is a listed word derived from a common
    root; never before the commonest words ("Daguise|pada", not "Dagui|sepada")."""
    if zipf(token[cut:]) >= SHORT_LINK_TAIL_ZIPF:
        return cut
    for prefix in _TAIL_PREFIXES:
        start, word = cut - len(prefix), token[cut - len(prefix) :]
        if (
            start >= MIN_PART
            and token[start:cut] == prefix
            and lexicon_zipf(word) >= MIN_PART_ZIPF
            and _derived(word, COMMON_ROOT_ZIPF)
        ):
            return start
    return cut


def _link_tail_zipf(length: int) -> float:
    if length <= MIN_PART:
        return SHORT_LINK_TAIL_ZIPF
    return LONG_LINK_TAIL_ZIPF if length >= LONG_LINK_TAIL else LINK_TAIL_ZIPF


def _restore_case(original: str, parts: list[str]) -> list[str]:
    out, pos = [], 0
    for part in parts:
        out.append(original[pos : pos + len(part)])
        pos += len(part)
    return out


def _split_acronym(token: str) -> list[str]:
    """Split a capitals run from the word after it, at the capital that makes a better word.

    "ADAsatu" -> "ADA" + "satu"; "JADWALTimnas" -> "JADWAL" + "Timnas"; "PTVale" -> "PT" + "Vale".
    """
    m = _ACRONYM_WORD.match(token)
    if not m:
        return [token]
    caps, rest = m.groups()
    keep_capital = zipf(rest) < max(3.0, zipf((caps[-1] + rest).lower()))
    cut = len(caps) - 1 if keep_capital else len(caps)
    if cut < 2:
        return [token]
    return [token[:cut], token[cut:]]


def _join_known_compounds(pieces: list[str]) -> list[str]:
    """Rejoin case pieces that form one known word ("You"+"Tuber" is "YouTuber"), and move a
    boundary one letter back where a lower-case letter starts the word ("memasukkani"+"Phone"
    is "memasukkan"+"iPhone")."""
    out: list[str] = []
    for piece in pieces:
        if out and _listed((out[-1] + piece).lower()):
            out[-1] += piece
        elif out and _starts_with_lower_letter(out[-1], piece):
            out[-1], piece = out[-1][:-1], out[-1][-1] + piece
            out.append(piece)
        else:
            out.append(piece)
    return out


def _starts_with_lower_letter(left: str, right: str) -> bool:
    """Whether ``left``'s last letter belongs to ``right`` ("iPhone", "eKTP"): a lower-case
    letter before a capital, never a capital ("LSIP"+"akan" is not "LSI"+"Pakan")."""
    return (
        len(left) > MIN_PART
        and left[-1].islower()
        and not _listed(left.lower())
        and _listed(left[:-1].lower())
        and _listed((left[-1] + right).lower())
    )


@dataclass
class Position:
    """Where a token stands in ``text``: what the reader knows about its neighbours."""

    text: str = ""
    start: int = 0
    # the start of each word split so far, and whether its last part is capitalised
    splits: dict[int, bool] | None = None
    # after a case boundary both are known: mid-sentence, and the boundary opened a link
    known_link: int | None = None
    mid_sentence: bool = False

    def link(self) -> int:
        """Whether a link opened within the LINK_WORDS words before: NO_LINK, LINK or NAME_LINK."""
        if self.known_link is not None:
            return self.known_link
        return _link_before(self.text, self.start, self.splits or {})

    def sentence_start(self) -> bool:
        """Whether a sentence starts here, where capitals say nothing about names."""
        if self.mid_sentence:
            return False
        return bool(_SENTENCE_END.search(self.text[max(0, self.start - 3) : self.start]))


# A camel-case form the article writes on its own ("MotoGP", "MoU", "iPhone") is one word
# where glue surrounds it too ("menyambutMotoGPItalia", "MoUini"), unless its lower-case head
# is an everyday word, which makes it glue itself ("denganTissa", "HargaBitcoin").
_BRAND_SHAPE = re.compile(r"^([A-Z]?[a-z]+)[A-Z]+[a-z]*$")
BRAND_HEAD_ZIPF = 5.0

# detik names its desks as one camel-case word ("detikJatim", "detikOto"): a name, not glue,
# whatever the scraper glued around it ("Dikutipdetik" + "Jatim").
_DETIK_DESK = re.compile(r"[dD]etik(?:[A-Z][a-z]+|com)")


def _glued_name(token: str, vocab: Vocabulary) -> str:
    """A detik desk or one of the article's camel-case brands inside ``token``, glued to more
    ("Dikutip|detikJatim", "menyambut|MotoGP|Italia"); "" when there is none."""
    if desk := _DETIK_DESK.search(token):
        return desk.group() if desk.group() != token else ""
    if token[1:].islower():
        return ""
    return next((b for b in vocab.brands if b in token and b != token), "")


def split_token(token: str, vocab: Vocabulary, where: Position | None = None) -> list[str]:
    """The words glued in ``token`` (``[token]`` when it is a word or cannot be split safely)."""
    where = where or Position()
    if _DETIK_DESK.fullmatch(token):
        return [token]
    if word := _glued_name(token, vocab):
        at = token.index(word)
        head, tail = token[:at], token[at + len(word) :]
        after_glue = Position(known_link=NAME_LINK, mid_sentence=True)
        return (
            (split_token(head, vocab, where) if head else [])
            + [word]
            + (split_token(tail, vocab, after_glue) if tail else [])
        )
    # case boundaries first: "dariHuffington", "HargaBitcoindan", "PTValeIndonesia"
    pieces = [token]
    if not token[1:].islower():
        pieces = [p for piece in _split_acronym(token) for p in _LOWER_UPPER.split(piece)]
    if len(pieces) > 1 and not vocab.is_camel_word(token, pieces):
        pieces = _join_known_compounds(pieces)
        if all(len(p) >= 2 and p.lower() not in _BOUND for p in pieces):
            # a piece the article writes on its own is a word ("Investasi|Danantara"); the
            # pieces after a case boundary stand mid-sentence, just after a link's glue
            after_glue = Position(known_link=NAME_LINK, mid_sentence=True)
            return [
                word
                for n, piece in enumerate(pieces)
                for word in (
                    [piece]
                    if vocab.document_forms[piece]
                    else split_token(piece, vocab, after_glue if n else where)
                )
            ]
        return [token]
    if len(token) < 2 * MIN_PART - 1 or vocab.is_word(token):
        return [token]
    lower = token.lower()
    if _derived(lower, ROOT_ZIPF):
        # an affixed form of a dictionary root: "menunggak" is meN+tunggak, not "menu|nggak"
        return [token]
    if token[0].isupper() and not where.sentence_start():
        found = _cut_name(lower, vocab, where.link())
    else:
        found = _segment(lower, vocab)
    if found is None:
        return [token]
    costs, parts = found
    if sum(costs) > MAX_MEAN_COST * len(costs) or max(costs) > MAX_PART_COST:
        return [token]
    return _restore_case(token, parts)


def _glued_before(text: str, start: int) -> bool:
    """Whether the word at ``start`` touches what precedes it ("denganTissa", "PSSI,Erick")."""
    before = text[start - 1] if start else " "
    return not before.isspace() and before not in "(\"“'-/"


def _link_before(text: str, start: int, splits: dict[int, bool]) -> int:
    """How a link opened within the LINK_WORDS words before ``start``: NAME_LINK when its
    text starts with a capital ("denganTissa", "PSSI,Erick"), LINK when a split shows glue
    with no capital after it ("saatperang"), NO_LINK otherwise. ``splits`` maps the start of
    each word split so far to whether its last part is capitalised."""
    link = NO_LINK
    for m in list(_WORD.finditer(text, max(0, start - 25 * LINK_WORDS), start))[-LINK_WORDS:]:
        if splits.get(m.start()) or (m.group()[0].isupper() and _glued_before(text, m.start())):
            return NAME_LINK
        if m.start() in splits:
            link = LINK
    return link


def _addresses(text: str) -> list[tuple[int, int]]:
    """Spans of web addresses: the unspaced runs around a scheme, "www." or a top-level domain
    ("bsu.bpjsketenagakerjaan.go.id"; "Liputan6.comsepanjang" ends in none and is repaired)."""
    spans = []
    for m in _ADDRESS_MARK.finditer(text):
        begin = max(text.rfind(" ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        end = m.end()
        while end < len(text) and not text[end].isspace():
            end += 1
        spans.append((begin, end))
    return spans


def repair_tokens(text: str, vocab: Vocabulary) -> Iterator[tuple[int, int, list[str]]]:
    """The words of ``text`` that the repair looked at, as (start, end, the words they stand
    for): unknown words and words with capitals inside. Every other word stands for itself,
    and is skipped without a look so that repair stays cheap."""
    looks = vocab.worth_a_look(set(_WORD.findall(text)))
    if not looks:
        return
    addresses = _addresses(text)
    splits: dict[int, bool] = {}
    for m in [m for m in _WORD.finditer(text) if m.group() in looks]:
        token, start = m.group(), m.start()
        # handles and hashtags are written glued on purpose ("@infoBMKG", "#BerbuatBaik"),
        # and so are web addresses; after an apostrophe is the rest of a word ("Muth'mainnah")
        if (start and text[start - 1] in "@#'’") or any(a <= start < b for a, b in addresses):
            continue
        parts = split_token(token, vocab, Position(text, start, splits))
        if len(parts) > 1:
            splits[start] = parts[-1][0].isupper()
        yield start, m.end(), parts


def document_vocabulary(paragraphs: list[str]) -> Vocabulary:
    """The vocabulary of one document: its own names and terms count as words."""
    return Vocabulary(Counter(w for p in paragraphs for w in _WORD.findall(p)))


def repair(text: str, vocab: Vocabulary) -> str:
    """``text`` with glued words split by spaces; everything else unchanged."""
    edits = [(start, end, " ".join(parts)) for start, end, parts in repair_tokens(text, vocab)]
    edits += [(m.end(), m.end(), " ") for m in _PUNCT_GLUE.finditer(text)]
    edits += [(m.start(), m.start(), " ") for m in _PAREN_GLUE.finditer(text)]
    edits += [
        (m.end(), m.end(), " ")
        for m in _YEAR_GLUE.finditer(text)
        if _listed(m.group("word")) and not _inside_number(text, m.start())
    ]
    if not edits:
        return text
    out, pos = [], 0
    for start, end, replacement in sorted(edits):
        out.append(text[pos:start])
        out.append(replacement)
        pos = end
    out.append(text[pos:])
    return "".join(out)


# Sentences glued at their full stop ("pramusim 2025.Dua pemain") and words after a comma or
# colon ("Chelsea,Delap", "dunia:depresi", "(MA),Zarof", "LSIP,Fajar"); an opening parenthesis
# glued to the word before it ("Bantuan Sosial(Bansos)"); numbers ("4,15", "09:04"), domains
# and formulas ("f(x)") keep theirs.
_PUNCT_GLUE = re.compile(
    r"[,;:!?](?<=[a-z]{2}.)(?=[A-Za-z])|\.(?<=[a-z]{2}\.)(?=[A-Z][a-z])|\.(?<=\d\.)(?=[A-Z][a-z])"
    r"|,(?<=\),)(?=[A-Za-z])|,(?<=[A-Z]{2},)(?=[A-Z][a-z])"
)
_PAREN_GLUE = re.compile(r"\((?<=[a-z]{3}\()(?=[A-Z])")
# A year glued to the word after it ("Operasi Nila Jaya 2025digelar"), split when that is a word.
_YEAR_GLUE = re.compile(r"(?:19|20)\d\d(?=(?P<word>[a-z]{3,})\b)")


def _inside_number(text: str, start: int) -> bool:
    """Whether the digits at ``start`` continue a number or a code ("12025", "PT2025abc")."""
    return start > 0 and (text[start - 1].isalnum() or text[start - 1] in ".,")


def repair_paragraphs(paragraphs: list[str]) -> list[str]:
    """Repair every paragraph of one document, using the document's own words as vocabulary."""
    vocab = document_vocabulary(paragraphs)
    return [repair(p, vocab) for p in paragraphs]
