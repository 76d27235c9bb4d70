"""Colloquial Indonesian -> standard spellings, for matching chat messages to news and fact-checks.

Readers write "nyimpen duit dr skrg", the archive says "menyimpan uang dari sekarang". Two hand
tables (the project's ``saring/data/informal.tsv`` and Louis Owen's MIT ``combined_slang_words.json``)
cover the frequent words; regular processes cover the long tail: nasal-prefix verbs (nyimpen,
ngasih, nulis, makai), the -in suffix (dibilangin, kasihin), vowel changes (simpen, pake, kalo),
dropped schwas (skolah), elongation (bangettt), reduplication with 2 or a ditto mark (anak2),
vowel-less abbreviations (jdwl), number shorthand (7rb, 5jt, 1,5M) and compounds (ratarata,
e money). Every rule's output must be a word of the standard dictionary (KBBI roots, their affixed
forms, or wordfreq's Indonesian list less the slang tables' own keys), so no rule invents a word.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

from saring.text.lexicon import kbbi_roots
from saring.text.tokens import stem

_VOWELS = frozenset("aeiou")
# wordfreq words rarer than this (Zipf; 3 = once per million words) are too noisy to trust.
_MIN_ZIPF = 2.5
# Rule steps chained on one word ("nyimpenin": prefix, suffix, vowel): more only adds noise.
_MAX_STEPS = 3
_MAX_FORMS = 4000
# A slang-list key this frequent in wordfreq is usually an ordinary word too ("ya", "sma", "de").
_TRUSTED_ZIPF = 5.0  # bound on the forms explored for one (hostile, very long) word
_MAX_WORD = 40

# Number shorthand: 7rb, 10k, 5jt, 1,5M, 2T (capital M/T only: "5m" is five metres).
_NUMBER = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(rb|ribu|k|K|jt|juta|M|T)$")
_SCALE = {"rb": "ribu", "ribu": "ribu", "k": "ribu", "K": "ribu", "jt": "juta", "juta": "juta",
          "M": "miliar", "T": "triliun"}
_FACTOR = {"ribu": 1_000, "juta": 1_000_000, "miliar": 1_000_000_000, "triliun": 1_000_000_000_000}
# Reduplication written with 2 or a ditto mark: anak2, kata", mudah2an, bales2in.
_REDUP = re.compile(r'^([a-z]{2,})(?:2|")([a-z]*)$')
# "-nya" written as a letter or after punctuation: cantikx, anak'y, nama.a.
_NYA = re.compile(r"^([a-z]{2,}?)(?:x|ny|['.\"](?:nya|ny|y|a))$")
_EDGE_PUNCT = re.compile(r"^[^\w\"']+|[^\w\"']+$")


def _table(path: str, lines: bool) -> dict[str, list[str]]:
    text = resources.files("saring").joinpath(path).read_text(encoding="utf-8")
    out: dict[str, list[str]] = {}
    if lines:
        pairs = [line.partition("\t")[::2] for line in text.splitlines() if line.strip() and not line.startswith("#")]
    else:
        pairs = list(json.loads(text).items())
    for informal, standard in pairs:
        key = informal.strip().lower()
        value = standard.strip().lower()
        if key and value not in out.setdefault(key, []):
            out[key].append(value)
    return out


@lru_cache(maxsize=1)
def curated() -> dict[str, list[str]]:
    """The project's hand-checked table (saring/data/informal.tsv): trusted first."""
    return _table("data/informal.tsv", lines=True)


@lru_cache(maxsize=1)
def slang() -> dict[str, list[str]]:
    """Louis Owen's slang list (MIT, saring/data/slang/): broad, written for chat, so some of
    its keys are also ordinary words ("teh", "asap", "sma") and are not trusted over them."""
    return _table("data/slang/combined_slang_words.json", lines=False)


@lru_cache(maxsize=1)
def tables() -> dict[str, list[str]]:
    """informal -> standard candidates of both tables, the curated one first."""
    merged = {k: list(v) for k, v in curated().items()}
    for key, values in slang().items():
        merged.setdefault(key, [])
        merged[key] += [v for v in values if v not in merged[key]]
    return merged


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], dict[str, float]]:
    """KBBI roots (PySastrawi's list) and wordfreq's Indonesian words with Zipf >= 2.5."""
    import wordfreq

    roots = kbbi_roots()
    zipf = {}
    for word in wordfreq.get_frequency_dict("id"):
        z = wordfreq.zipf_frequency(word, "id")
        if z >= _MIN_ZIPF:
            zipf[word] = z
    return roots, zipf


def _zipf(word: str) -> float:
    return _lexicon()[1].get(word.split("-")[0], 0.0)


@lru_cache(maxsize=200_000)
def _tier(word: str) -> int | None:
    """How surely a word is standard Indonesian (lower is surer), by the dictionary alone.

    0: a KBBI root, or an affixed form of one that wordfreq knows (menyimpan);
    1: an affixed form of a root that wordfreq lacks (dibilangi): well formed, rarely written;
    2: a frequent word (wordfreq) of neither kind: names, borrowings, some slang;
    None: not in the dictionary. Reduplications count as their base ("anak-anak").
    """
    base = _reduplication_base(word)
    if base != word:
        return _tier(base)
    roots, zipf = _lexicon()
    if word in roots:
        return 0
    if word.isalpha():
        root = stem(word)
        if root != word and root in roots and len(root) >= 3:
            return 0 if word in zipf else 1
    return 2 if word in zipf else None


def _listed(word: str) -> bool:
    """Whether ``_tier`` is 0 or 2 (a KBBI root or a word wordfreq knows), told without stemming:
    every tier-0 word is one of them. Most of what the rules make is neither, and stemming
    such a word (the dictionary stemmer, ~0.3 ms) was most of a long forward's concepts."""
    word = _reduplication_base(word)
    roots, zipf = _lexicon()
    return word in roots or word in zipf


def _reduplication_base(word: str) -> str:
    """The base of a reduplication ("anak-anak" -> "anak"), which counts as it; other words as they are."""
    left, dash, right = word.partition("-")
    return left if dash and left == right else word


def _valid_output(word: str, affixed_ok: bool = False) -> bool:
    """A rule's output counts only if it is a dictionary word and no table lists it as slang."""
    if not affixed_ok and not _listed(word):  # tier 1 or none
        return False
    tier = _tier(word)
    if tier is None or (tier == 1 and not affixed_ok):
        return False
    return tier == 0 or word not in tables()


# --- rules: each maps a form to its possible standard rewrites (not yet checked) ----------------


def _nasal(w: str) -> list[str]:
    """Colloquial nasal prefix without me-: nyimpen, ngasih, ngambil, nulis, makai, ndukung."""
    out: list[str] = []
    if len(w) < 4:
        return out
    if w.startswith("nge") and len(w) > 5:  # ngecek -> cek, ngetik -> ketik (next rule)
        out.append(w[3:])
    if w.startswith("ny") and w[2] in _VOWELS:
        out += ["s" + w[2:], "c" + w[2:]]
        out.append("me" + w)
    elif w.startswith("ng"):
        rest = w[2:]
        if rest[0] in _VOWELS:
            out += ["k" + rest, rest]
        elif rest[0] in "gh":
            out.append(rest)
        out.append("me" + w)
    elif w[0] == "n" and w[1] in _VOWELS:
        out.append("t" + w[1:])
        out.append("me" + w)
    elif w[0] == "n" and w[1] in "djc":  # ndukung, njual, ncari
        out += [w[1:], "me" + w]
    elif w[0] == "m" and w[1] in _VOWELS:
        out.append("p" + w[1:])
        out.append("me" + w)
    elif w[0] == "m" and w[1] == "b":
        out += [w[1:], "me" + w]
    return out


def _suffix_in(w: str) -> list[str]:
    """-in (and -an) for -kan/-i: dibilangin -> dibilangi/dibilangkan/dibilang, cobain -> coba."""
    for suffix in ("in", "an"):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            base = w[: -len(suffix)]
            return [base + "kan", base + "i", base]
    return []


def _vowels(w: str) -> list[str]:
    """Final-syllable vowel changes: simpen -> simpan, pake -> pakai, kalo -> kalau, jatoh -> jatuh."""
    out: list[str] = []
    m = re.search(r"e([^aeiou]+)$", w)
    if m:
        out.append(w[: m.start()] + "a" + m.group(1))
        out.append(w[: m.start()] + "i" + m.group(1))  # kemaren -> kemarin
    m = re.search(r"o([^aeiou]+)$", w)
    if m:
        out.append(w[: m.start()] + "u" + m.group(1))
    if w.endswith("e"):
        out += [w[:-1] + "ai", w[:-1] + "a"]
    if w.endswith("o"):
        out.append(w[:-1] + "au")
    if w.endswith(("ek", "ak")):  # pakek -> pakai, bawak -> bawa
        out += [w[:-2] + "ai", w[:-1]]
    return out


def _schwa(w: str) -> list[str]:
    """Dropped schwa: skolah -> sekolah, kluar -> keluar, prempuan -> perempuan."""
    if len(w) >= 3 and w[0] not in _VOWELS and w[1] not in _VOWELS and w[1] not in "hy":
        return [w[0] + "e" + w[1:]]
    return []


def _initial(w: str) -> list[str]:
    """Dropped initial s or h: ampe -> sampai, ilang -> hilang. Only for words no dictionary
    knows ("iran" is not "siran")."""
    return ["s" + w, "h" + w] if w[0] in _VOWELS and len(w) >= 3 else []


def _elongation(w: str) -> list[str]:
    """Letter runs shortened to one letter (bangettt -> banget) or two (maaaf -> maaf)."""
    runs = [(m.group(1), len(m.group(0))) for m in re.finditer(r"(.)\1*", w)]
    if all(n == 1 for _, n in runs):
        return []
    shapes = [""]
    for ch, n in runs:
        options = [ch] if n == 1 else [ch, ch * 2]
        shapes = [s + o for s in shapes for o in options][:64]
    return [s for s in shapes if s != w]


_RULES = (_elongation, _nasal, _suffix_in, _vowels, _schwa)
_UNKNOWN_WORD_RULES = (*_RULES, _initial)


@lru_cache(maxsize=1)
def _skeletons() -> dict[str, list[str]]:
    """Consonant skeleton -> standard words with it, most frequent first ("jdwl" -> jadwal)."""
    zipf = _lexicon()[1]
    index: dict[str, list[str]] = {}
    for word in sorted(zipf, key=lambda x: -zipf[x]):
        if word.isalpha() and _tier(word) == 0:
            for key in {_skeleton(word), _skeleton(word.replace("ng", "g").replace("ny", "n"))}:
                if len(key) >= 2:
                    index.setdefault(key, []).append(word)
    return index


def _vowels_dropped(word: str) -> list[str]:
    """Words written without some of their vowels: tdak -> tidak, jgan -> jangan, sktika ->
    seketika. A candidate must have the same consonants and hold every written letter in order."""
    if len(word) < 3 or not set(word) - _VOWELS:
        return []
    index = _skeletons()
    out = []
    for candidate in index.get(_skeleton(word), []):
        if candidate[0] == word[0] and _holds(candidate, word):
            out.append(candidate)
            if len(out) == 3:
                break
    return out


def _holds(longer: str, shorter: str) -> bool:
    """Whether shorter's letters occur in longer in order."""
    letters = iter(longer)
    return all(ch in letters for ch in shorter)


def _skeleton(word: str) -> str:
    return "".join(ch for ch in word if ch not in _VOWELS)


def _rank(found: dict[str, int]) -> list[str]:
    """Fewest rule steps first, then dictionary tier, then the more frequent word."""
    return sorted(found, key=lambda c: (found[c], _tier(c) or 0, -_zipf(c), c))


def _by_rules(word: str, rules: tuple = _RULES) -> list[str]:
    """Rules chained up to _MAX_STEPS deep; the shallowest valid outputs win."""
    found: dict[str, int] = {}
    frontier = {word}
    seen = {word}
    for depth in range(1, _MAX_STEPS + 1):
        nxt: set[str] = set()
        for form in sorted(frontier):  # sorted: the same forms are explored before the bound on every run
            for rule in rules:
                for out in rule(form):
                    if out in seen or len(seen) >= _MAX_FORMS:
                        continue
                    seen.add(out)
                    if _valid_output(out, affixed_ok=rule is _suffix_in):
                        found.setdefault(out, depth)
                    elif rule is _elongation and out in tables():  # gakkk -> gak -> tidak
                        for value in tables()[out]:
                            found.setdefault(value, depth)
                    else:
                        nxt.add(out)
        if found:
            break
        frontier = nxt
    return _rank(found)


def _reduplication(word: str) -> list[str]:
    """anak2 -> anak-anak, kata" -> kata-kata, mudah2an -> mudah-mudahan, ratarata -> rata-rata."""
    m = _REDUP.match(word)
    if m:
        base, tail = m.groups()
        out = []
        for b in _candidates(base) or []:
            if " " in b:
                continue
            whole = f"{b}-{b}{tail}" if tail in ("", "an", "nya", "kan") else ""
            if tail == "n":
                whole = f"{b}-{b}an"
            if whole:
                out.append(whole)
        return out
    half = len(word) // 2
    if len(word) >= 6 and len(word) % 2 == 0 and word[:half] == word[half:] and _valid_output(word[:half]):
        return [f"{word[:half]}-{word[:half]}"]
    return []


def _number(word: str) -> list[str]:
    """7rb -> 7000 / 7 ribu; 5jt -> 5 juta / 5000000; 1,5M -> 1,5 miliar / 1500000000."""
    m = _NUMBER.match(word)
    if not m:
        return []
    amount, unit = m.groups()
    scale = _SCALE[unit]
    # "," is the decimal mark; "." too unless three digits follow it (7.500rb is 7,5 million).
    whole, _, fraction = amount.replace(",", ".").partition(".")
    if fraction and len(fraction) == 3 and "," not in amount:
        whole, fraction = whole + fraction, ""
    value = (int(whole) * 10 ** len(fraction) + int(fraction or 0)) * _FACTOR[scale] // 10 ** len(fraction)
    spelled = f"{amount} {scale}"
    return [str(value), spelled] if scale == "ribu" else [spelled, str(value)]


def _compound(word: str) -> list[str]:
    """'e money' / 'e-money' / 'emoney': the hyphenated and glued spellings that are known words,
    or for a one-letter prefix (e-, i-) on a known word, both."""
    parts = [p for p in re.split(r"[\s\-]+", word) if p]
    if len(parts) != 2:
        return []
    hyphen, glued = "-".join(parts), "".join(parts)
    known = [f for f in (hyphen, glued) if _valid_output(f)]
    if not known and len(parts[0]) == 1 and parts[0].isalpha() and _valid_output(parts[1]):
        known = [hyphen, glued]
    return known


def clean(word: str) -> str:
    """Lower case without zero-width/format characters, combining marks or edge punctuation."""
    word = word.replace("\u200b", " ")  # a zero-width space separates words
    word = "".join(ch for ch in word if unicodedata.category(ch) not in ("Cf", "Cc"))
    word = unicodedata.normalize("NFKD", word)
    word = "".join(ch for ch in word if not unicodedata.combining(ch))
    word = unicodedata.normalize("NFC", word)
    return _EDGE_PUNCT.sub("", word.strip())


@lru_cache(maxsize=100_000)
def _candidates(word: str) -> list[str]:
    number = _number(word)
    if number:
        return number
    word = word.lower()
    if not word or len(word) > _MAX_WORD:
        return []
    if " " in word or ("-" in word and len(set(word.split("-"))) > 1):
        return _compound(word)
    if not word.replace("-", "").isalpha():
        return _reduplication(word) or _nsuffix(word) or _punctuated(word)
    tier = _tier(word)
    itself = [word] if tier is not None else []
    if word in curated():
        return _unique(curated()[word], itself if tier == 0 else [], slang().get(word, []))
    if word in slang():
        return _unique(*_order_slang(word, tier, itself))
    if tier == 0:
        return [word]
    if tier == 2 and (len(word) <= 3 or not set(word) & _VOWELS):
        return [word]  # a frequent short or vowel-less word is an acronym or a name (BRI, PLTS)
    if not (set(word) & _VOWELS) and 2 <= len(word) <= 6 and tier is None:
        found = _skeletons().get(word, [])[:3]  # jdwl -> jadwal; not PT, KPK (wordfreq has them)
    else:
        found = (_reduplication(word) or _nsuffix(word) or _one_letter_prefix(word)
                 or _by_rules(word, _UNKNOWN_WORD_RULES if tier is None else _RULES))
    if tier is None:  # rarely written affixed forms (tier 1) only after words written without vowels
        sure = [c for c in found if _tier(c) != 1]
        return _unique(sure, [] if sure else _vowels_dropped(word), found)
    # A known but non-root word (nulis, nonton, semakin, india) keeps its place unless a rule
    # finds a more frequent standard word.
    better = [c for c in found if _tier(c) == 0 and _zipf(c) > _zipf(word)]
    return _unique(better, itself, found)


def _order_slang(word: str, tier: int | None, itself: list[str]) -> tuple[list[str], ...]:
    """A slang-list key that is a root or a very frequent word ("teh", "malah", "liat", "sma")
    stays first unless the list's one-word value is clearly more frequent (liat -> lihat)."""
    values = slang()[word]
    if tier is None or (tier != 0 and _zipf(word) < _TRUSTED_ZIPF):
        return values, itself
    first = [v for v in values if v.isalpha() and _zipf(v) >= _zipf(word) + 0.5]
    return first, itself, values


def _unique(*groups: list[str]) -> list[str]:
    return list(dict.fromkeys(c for group in groups for c in group))


def _nsuffix(word: str) -> list[str]:
    """-nya spelled as x, y, ny or after punctuation: cantikx -> cantiknya, anak'y -> anaknya."""
    m = _NYA.match(word)
    if not m:
        return []
    return [b + "nya" for b in _candidates(m.group(1)) if b.isalpha()][:2]


def _punctuated(word: str) -> list[str]:
    """Punctuation inside a word ("s'lalu", "bo'ong"): the word without it, standardised."""
    bare = re.sub(r"['\".*]", "", word)
    return _candidates(bare) if bare != word and bare else []


def _one_letter_prefix(word: str) -> list[str]:
    """emoney -> e-money, ktp-el aside: a glued e-/i- before a known word of four letters or more."""
    if word[0] in "ei" and len(word) >= 5 and _listed(word[1:]):
        return [f"{word[0]}-{word[1:]}"]
    return []


def standard_forms(word: str) -> list[str]:
    """Standard Indonesian candidates of one (possibly colloquial) word, best first.

    A standard word gives itself (after any table entry: "kalo" -> ["kalau", "kalo"]); a
    colloquial one its standard forms ("nyimpen" -> ["simpan", "menyimpan"], "7rb" -> ["7000",
    "7 ribu"]); a table entry may be several words or "" (a filler to drop). An unknown word
    (a rare name, a typo no rule explains) gives []. Case matters twice: a word in capitals is an
    acronym (PLTS stays plts; BLT -> bantuan langsung tunai), and in number units (1,5M).
    """
    if not isinstance(word, str):
        return []
    word = clean(word)
    if len(word) >= 2 and word.isalpha() and word.isupper():  # an acronym as written: PLTS, BRI
        key = word.lower()
        return _unique(curated().get(key, []), [key])
    return list(_candidates(word))
