"""From a cleaned message to what the matcher looks for: weighted concepts, names and numbers.

A *concept* is one thing the reader mentioned, with every way the archive may write it:
"meletus" is also "erupsi"; "hp" is "ponsel" or "henpon"; the English "power outage" is
"pemadaman listrik". Ranking counts concepts, not words, so synonyms and translations do not
inflate a match, and the first-stage search gets every spelling at once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from wordfreq import get_frequency_dict, zipf_frequency

from saring.answer.language import content_vote
from saring.answer.normalize import Message
from saring.answer.reporting import parse as parse_reporting
from saring.language.aliases import expansions, group_of
from saring.text.colloquial import standard_forms
from saring.text.lexicon import kbbi_roots
from saring.text.tokens import STOPWORDS, stem, tokenize

MAX_SEARCH_WORDS = 8  # the rarest words go to the first stage; long forwards stay fast
MAX_CLAIM_SEARCH_WORDS = 64  # the fact-check search takes every concept, up to this many words
MIN_SEARCH_WORDS = 3  # below this, common words are searched too
MIN_SEARCH_RARITY = 2.5  # rarity (7 - Zipf frequency) a word needs to be searched
MAX_FORMS = 2  # spellings per concept sent to the first stage
MAX_CONCEPT_WORDS = 80  # a forward's first 80 words carry its claim
NUMBER_WEIGHT = 3.0  # the most a number weighs (a rare word weighs up to 6)
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,]\d+)*", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

@dataclass
class Concept:
    """One thing the reader mentioned; ``forms`` are alternative word sequences for it."""

    forms: list[tuple[str, ...]]
    weight: float
    name: bool = False  # a person, place, organisation or event: it must appear in a match
    idf: float = 0.0  # how rare it is in this archive (set by Matcher.weigh; 0 when unseen)
    absent: bool = False  # a real word or name no archived item holds (set by Matcher.weigh)

    @property
    def stems(self) -> list[frozenset[str]]:
        return [frozenset(stem(w) for w in form) for form in self.forms]


@dataclass
class Query:
    language: str
    text: str  # what the reader wrote, cleaned (the "normalized query" shown back)
    concepts: list[Concept] = field(default_factory=list)
    numbers: set[str] = field(default_factory=set)
    urls: list[str] = field(default_factory=list)
    reporting: bool = False  # asks who said what ("apa kata PLN soal ...")
    speaker: str = ""  # the speaker asked about (or required by --speaker)
    stance: str = ""  # the stance asked about ("benarkah PLN membantah ..." -> denies)
    unseen_share: float = 0.0  # concepts the archive and the dictionary never saw (set by Matcher.weigh)

    @property
    def search_text(self) -> str:
        """The first-stage query: spellings of the rarest concepts, at most MAX_SEARCH_WORDS.

        Names come first; common words are left to the re-ranker: in an OR query over a
        million documents their long posting lists cost most of the time and add little recall.
        """
        return self._search_words(every_spelling=True)

    @property
    def claim_search_text(self) -> str:
        """The fact-check search: every concept (MAX_CLAIM_SEARCH_WORDS at most), common words
        too. Fact-checks are few beside the news, so their doclists are short; and the re-ranker
        reads this search's BM25 order, which must weigh all of what the reader said."""
        return self._search_words(every_spelling=True, every_word=True)

    @property
    def concept_text(self) -> str:
        """Each concept once, in its first spelling (the reader's word, or its translation): the
        news body search, where alternative spellings ("erupsi" when the reader wrote "meletus")
        would add long doclists to walk and little to find."""
        return self._search_words(every_spelling=False)

    def _search_words(self, every_spelling: bool, every_word: bool = False) -> str:
        budget = MAX_CLAIM_SEARCH_WORDS if every_word else MAX_SEARCH_WORDS
        words: dict[str, None] = {}
        for concept in sorted(self.concepts, key=lambda c: (not c.name, -c.weight)):
            # the first spelling whole, then short alternatives ("Korut", "erupsi"): long
            # alias names ("Negara Kesatuan Republik Indonesia") would use up the budget
            forms = [concept.forms[0], *(f for f in concept.forms[1:] if len(f) == 1)][:MAX_FORMS]
            for form in forms if every_spelling else forms[:1]:
                for word in form:
                    if every_word or concept.name or rarity(word) >= MIN_SEARCH_RARITY \
                            or len(words) < MIN_SEARCH_WORDS:
                        words.setdefault(word, None)
            if len(words) >= budget:
                break
        return " ".join(list(words)[:budget])

    @property
    def stems(self) -> set[str]:
        """Every stem any concept may take (to test whether a document's word was mentioned)."""
        return {s for c in self.concepts for form in c.stems for s in form}


@lru_cache(maxsize=200_000)
def rarity(word: str) -> float:
    """How much a word says about a claim: rare words (names, places) weigh most. A number
    weighs by how often it is written too ("1", "3" say little; "2026", "15000" more), up to
    NUMBER_WEIGHT."""
    if word[:1].isdigit():
        return max(0.5, min(NUMBER_WEIGHT, 7.0 - zipf_frequency(word, "id")))
    zipf = max(zipf_frequency(word, "id"), zipf_frequency(word, "en") - 1.0)
    return max(0.3, min(6.0, 7.0 - zipf))


@lru_cache(maxsize=8)
def word_list(name: str) -> frozenset[str]:
    """A word-list file of saring/data (words separated by white space, "#" comments)."""
    text = resources.files("saring").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() for w in line.partition("#")[0].split())


def fillers() -> frozenset[str]:
    """Words of how a reader asks, never of the claim (saring/data/query_fillers.txt)."""
    return word_list("query_fillers.txt")


@lru_cache(maxsize=1)
def _cognate_rules() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    endings: list[tuple[str, str]] = []
    letters: list[tuple[str, str]] = []
    text = resources.files("saring").joinpath("data/cognates_en_id.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            kind, english, indonesian = line.split("\t")
            (endings if kind == "ending" else letters).append((english, indonesian))
    endings.sort(key=lambda rule: -len(rule[0]))
    return endings, letters


KNOWN_ZIPF = 2.0  # an Indonesian word this frequent (wordfreq) is a real word, not a typo
TYPO_MIN_LETTERS = 5  # shorter unknown words are chat abbreviations ("skrg", "dgn"), not typos
MAX_SPELLING_FIXES = 3
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    """The Indonesian words wordfreq knows (all at least KNOWN_ZIPF frequent), letters only."""
    return frozenset(w for w in get_frequency_dict("id") if w.isalpha())


@lru_cache(maxsize=20_000)
def spelling_fixes(word: str) -> tuple[str, ...]:
    """Known Indonesian words one typing slip away from an unknown word, most frequent first
    ("barjir" -> "banjir", "vaksni" -> "vaksin"): a letter dropped, doubled, swapped or mistyped."""
    if len(word) < TYPO_MIN_LETTERS or not word.isalpha() or not word.isascii():
        return ()
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    edits |= {a + c + b for a, b in splits for c in _LETTERS}
    known = _known_words()
    found = sorted((w for w in edits if w in known and w != word), key=lambda w: (-zipf_frequency(w, "id"), w))
    return tuple(found[:MAX_SPELLING_FIXES])


@lru_cache(maxsize=20_000)
def cognates(word: str, known_only: bool = True) -> tuple[str, ...]:
    """Indonesian spellings of an English word of Latin or Greek origin that are real
    Indonesian words ("vaccination" -> "vaksinasi", "autism" -> "autisme"); with
    ``known_only=False`` also the spellings wordfreq does not know, after those: the archive
    may hold a rarer one ("vasectomy" -> "vasektomi"), and one it lacks matches nothing."""
    if len(word) < 5:
        return ()
    endings, letters = _cognate_rules()
    bases = [word] + [word[: -len(e)] + i for e, i in endings if word.endswith(e) and len(word) > len(e) + 2]
    known: list[str] = []
    unknown: list[str] = []
    for base in bases:
        for english, indonesian in letters:
            base = base.replace(english, indonesian)
        if base != word and base not in known and base not in unknown:
            (known if zipf_frequency(base, "id") >= KNOWN_ZIPF else unknown).append(base)
    return tuple(known if known_only else known + unknown)


ACRONYM_WORDS = (3, 6)  # initials of this many words make an acronym ("kdmp"); two are too often chance


def initials(words: Sequence[str]) -> str:
    """The first letters of the content words, in order (function words are skipped, as in
    "Badan Pengawas Obat dan Makanan" -> "bpom"): see ``spells``."""
    return "".join(w[0] for w in words if w[:1].isalpha() and w not in STOPWORDS)


def spells(letters: str, acronym: str) -> bool:
    """Whether the initials of a run of ACRONYM_WORDS consecutive content words (``letters``:
    their ``initials``) give the acronym, the way Indonesian officialdom abbreviates ("Koperasi
    Desa Merah Putih" -> "kdmp", "Bantuan Langsung Tunai" -> "blt"). Each word gives one letter,
    so such a run is a substring of the initials as long as the acronym: one search, not every
    run's initials built (a forward's candidates cost a third of its ask that way)."""
    low, high = ACRONYM_WORDS
    return low <= len(acronym) <= high and acronym in letters


def acronym_of(concept: Concept) -> str:
    """The concept's word when it may be an acronym of initials (a short word of letters with no
    other known spelling that is no dictionary root: "kdmp", "bpom"); "" otherwise."""
    if len(concept.forms) != 1 or len(concept.forms[0]) != 1:
        return ""
    word = concept.forms[0][0]
    low, high = ACRONYM_WORDS
    if not (low <= len(word) <= high and word.isalpha() and word.isascii()) or word in kbbi_roots():
        return ""
    return word


@lru_cache(maxsize=4)
def bilingual_table(name: str) -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    """A lexicon file (english<TAB>alt|alt) as word tuple -> Indonesian word tuples."""
    table: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    text = resources.files("saring").joinpath(f"data/{name}").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        source, _, targets = line.partition("\t")
        key = tuple(tokenize(source))
        table[key] = [tuple(tokenize(t)) for t in targets.split("|") if tokenize(t)]
    return table


@lru_cache(maxsize=1)
def english_words_in_indonesian() -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    """The English lexicon entries made of clearly English words ("recruitment", "scam"):
    Indonesian messages borrow them, and translating them there is safe."""
    return {key: forms for key, forms in bilingual_table("lexicon_en_id.tsv").items()
            if all(content_vote(word) == "en" for word in key)}


def _alias_forms(phrase: str) -> tuple[list[tuple[str, ...]], bool]:
    """Every spelling of a known name or domain term, and whether it names a person, place,
    organisation or event (the labelled alias files) rather than a domain term."""
    names = expansions(phrase)
    if len(names) < 2:
        return [], False
    group = group_of(phrase)
    forms = [tuple(tokenize(n)) for n in sorted(names) if tokenize(n)]
    return forms, bool(group and group.label)


def _word_concept(word: str, extra: Sequence[tuple[str, ...]] = (), name: bool = False) -> Concept:
    """A word and its other spellings. A name weighs as written; another word as its most
    common spelling ("nyimpen" as "simpan"): a chat spelling is not a rarer claim."""
    forms = list(dict.fromkeys(f for f in [(word,), *extra] if f))
    weight = rarity(word) if name else min(form_rarity(f) for f in forms)
    return Concept(forms, weight, name)


def form_rarity(form: tuple[str, ...]) -> float:
    return max((rarity(w) for w in form), default=0.3)


def _spans(words: list[str], original: list[str], lexicon: dict,
           translation_first: bool = False, skip: frozenset[str] = frozenset()) -> list[tuple[int, int, Concept]]:
    """Greedy longest matches (up to 4 words) in the lexicon and the alias tables, as concepts
    whose forms are the words as written, their translations and aliases (translations first
    for a foreign message: they are what the archive contains); ``skip`` words alone are not
    looked up."""
    out, i = [], 0
    while i < len(words):
        for n in range(min(4, len(words) - i), 0, -1):
            key = tuple(w for w in words[i : i + n] if w)
            if key and all(w in skip for w in key):
                continue  # "people", "real": how the reader asks, even where the lexicon has it
            alias_forms, is_name = _alias_forms(" ".join(original[i : i + n]))
            translations = lexicon.get(key, [])
            if not translations and n == 1 and key and translation_first:
                translations = next((lexicon[(base,)] for base in english_bases(key[0]) if (base,) in lexicon), [])
            if key and (translations or alias_forms):
                if translation_first and translations:
                    forms = [*translations, *alias_forms, key]
                else:
                    forms = [key, *translations, *alias_forms]
                weight = max(rarity(w) for w in key)
                out.append((i, i + n, Concept(list(dict.fromkeys(forms)), weight, is_name)))
                i += n
                break
        else:
            i += 1
    return out


def build(message: Message, language: str) -> Query:
    """The concepts of a message in the archive's language (Indonesian)."""
    query = Query(language=language, text=message.text, urls=list(message.urls))
    claim_text, speaker_words = message.text, 0
    frame = parse_reporting(message.language_text)
    if frame:  # the question frame is not the claim; the speaker is a name to match
        query.reporting, query.speaker, query.stance = True, frame.speaker, frame.stance
        claim_text = f"{frame.speaker} {frame.topic}".strip()
        speaker_words = len(_NAME_WORD.findall(frame.speaker))
    original = [w for w in _NAME_WORD.findall(claim_text)][:MAX_CONCEPT_WORDS]
    query.numbers = {n.replace(",", ".") for n in _NUMBER.findall(claim_text)}
    shouting = claim_text.isupper()
    names = [i < speaker_words or (not shouting and i > 0 and _looks_like_name(w))
             for i, w in enumerate(original)]
    if language == "en":
        concepts = _english_concepts(original, names)
    else:
        concepts = _indonesian_concepts(original, names, language)
    concepts += [_word_concept(w) for w in message.url_words if w not in STOPWORDS]
    query.concepts = _merge(concepts)
    return query


def _looks_like_name(word: str) -> bool:
    """Capitalised words and short acronyms that are no dictionary word: names survive
    translation and typing. A headline or a forward in Title Case capitalises every word, and a
    title before a name ("Bupati Bekasi", "Presiden Jokowi") is capitalised too: a KBBI root
    ("Bupati", "Diterima", "Uang") is a common word there, not a name."""
    if word.isupper():
        looks = 2 <= len(word) <= 6 and word.isalpha()
    else:
        looks = word[:1].isupper()
    if not looks:
        return False
    folded = word.lower()
    return folded not in kbbi_roots() and stem(folded) not in kbbi_roots()


def _indonesian_concepts(original: list[str], names: list[bool], language: str) -> list[Concept]:
    lexicon = {**english_words_in_indonesian(), **(bilingual_table("lexicon_ms_id.tsv") if language == "ms" else {})}
    folded = [tokenize(w)[0] if tokenize(w) else "" for w in original]
    placed: list[tuple[int, Concept]] = []  # in the reader's word order
    covered: set[int] = set()
    for start, end, concept in _spans(folded, original, lexicon, skip=fillers()):
        covered.update(range(start, end))
        concept.name = concept.name or any(names[start:end])
        placed.append((start, concept))
    for i, word in enumerate(folded):
        if i in covered or not word or word in STOPWORDS or word in fillers():
            continue
        spellings = standard_spellings(word)
        if spellings and not spellings[0]:
            continue  # a chat spelling of a function word or a filler ("yg", "gak")
        extra = [form for form in spellings if form and form != (word,)]
        placed.append((i, _word_concept(word, extra, names[i])))
    return [concept for _, concept in sorted(placed, key=lambda p: p[0])]


@lru_cache(maxsize=50_000)
def standard_spellings(word: str) -> tuple[tuple[str, ...], ...]:
    """The standard Indonesian spellings of a (chat) word, best first, as content-word tuples:
    () for a function word or a filler ("gk" -> tidak); empty when none is known."""
    out = []
    for form in standard_forms(word)[:MAX_FORMS]:  # saring.text.colloquial reads informal.tsv too
        out.append(tuple(w for w in tokenize(form) if w not in STOPWORDS and w not in fillers()))
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=1)
def _irregular_english() -> dict[str, str]:
    text = resources.files("saring").joinpath("data/english_irregular.tsv").read_text(encoding="utf-8")
    return dict(line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#"))


def english_bases(word: str) -> list[str]:
    """The base forms an inflected English word may have, most likely first, for a lexicon that
    lists only some inflections ("visas" -> "visa", "landed" -> "land", "hitting" -> "hit",
    "came" -> "come"); a candidate is only used when the lexicon has it."""
    irregular = _irregular_english().get(word)
    if irregular:
        return [irregular]
    out = []
    for ending, replacements in (("ies", ("y",)), ("ied", ("y",)), ("es", ("", "e")), ("s", ("",)),
                                 ("ed", ("", "e")), ("ing", ("", "e")), ("ly", ("", "le")), ("n", ("",))):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem_ = word[: -len(ending)]
            out += [stem_ + r for r in replacements]
            if ending in ("ed", "ing") and len(stem_) > 2 and stem_[-1] == stem_[-2]:
                out.append(stem_[:-1])  # hitting -> hit, banned -> ban
    return list(dict.fromkeys(out))


def _english_concepts(original: list[str], names: list[bool]) -> list[Concept]:
    lexicon = bilingual_table("lexicon_en_id.tsv")
    folded = [tokenize(w)[0] if tokenize(w) else "" for w in original]
    placed: list[tuple[int, Concept]] = []  # in the reader's word order
    covered: set[int] = set()
    skip = fillers() | word_list("english_function_words.txt")
    for start, end, concept in _spans(folded, original, lexicon, translation_first=True, skip=skip):
        covered.update(range(start, end))
        concept.weight = min(max(rarity(w) for form in concept.forms for w in form), 4.0)
        placed.append((start, concept))
    for i, word in enumerate(folded):
        if i in covered or not word or word in word_list("english_function_words.txt") or word in fillers():
            continue
        # every content word counts: one the lexicon lacks may be a cognate ("autism" ->
        # "autisme"), a name, or a word the archive shares with English
        extra = [(c,) for c in cognates(word, known_only=False)]
        concept = _word_concept(word, extra, names[i])
        concept.forms = [*extra, (word,)] if extra else concept.forms
        concept.weight = min(concept.weight, 4.0)
        placed.append((i, concept))
    return [concept for _, concept in sorted(placed, key=lambda p: p[0])]


def _merge(concepts: list[Concept]) -> list[Concept]:
    """One concept per first form: a word said twice counts once."""
    seen: dict[tuple[str, ...], Concept] = {}
    for concept in concepts:
        key = concept.forms[0]
        if key in seen:
            continue
        seen[key] = concept
    return list(seen.values())

