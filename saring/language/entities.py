"""Named entities of an article: people, organisations, places and events, one entity per
real-world thing however the text writes it ("Kim Jong Un" ... "Kim"; "Amerika Serikat (AS)";
"Korut" / "Korea Utara"), so that the archive can filter by entity and the answer layer can
tell who is talked about.

A CRF trained on Indonesian news (scripts/train_ner.py) finds the names; the alias
gazetteers (saring.language.aliases) fix their labels and canonical names; simple
in-document rules join short forms to the full name they stand for.
"""

from __future__ import annotations

import bisect
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pycrfsuite

from saring.language import aliases
from saring.language.attribution import ORGANISATION_HEADS
from saring.language.crf_features import TOKEN, match_gazetteer, sentence_features
from saring.model import Entity, Span
from saring.text.lexicon import zipf

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "models" / "ner.crfsuite"

# A sentence ends at . ! ? or a line break; long runs without one are cut so that
# a 10 MB paragraph still tags in bounded memory.
_SENTENCE_END = frozenset(".!?")
_MAX_SENTENCE_TOKENS = 120
_WINDOW = 2  # context words tagged on each side of a capitalised word
_MAX_NAME_WORDS = 6  # longer "person names" are tagging accidents, not full names to join to
_TOKEN_OR_BREAK = re.compile(TOKEN.pattern + r"|\n")
_BREAKS = _SENTENCE_END | {"\n"}
_DASHES = frozenset("-–—")

# Words written before a name that are not part of it ("Presiden Rusia Vladimir Putin",
# "Juru Bicara Kremlin Dmitry Peskov"): dropped from the start of PERSON mentions.
_PERSON_TITLES = frozenset(
    """
    presiden wakil wapres menteri menlu menhan mendagri perdana pm kanselir pemimpin ketua
    sekretaris jenderal sekjen direktur dirut kepala juru bicara jubir duta besar dubes
    gubernur wagub bupati wali wakot camat lurah kapolri kapolda kapolres panglima
    kasad kasal kasau jaksa hakim komisaris kolonel letnan mayor kapten brigjen irjen kombes
    akbp marsekal laksamana dr prof ir drs bapak ibu pak bu mbak mas bung mr mrs ms paus
    uskup senator anggota pejabat pengamat ekonom peneliti pelatih striker penyanyi aktor
    aktris artis manajer musisi pengemudi sopir kanit kasat kapuspen kadispen legenda
    pentolan sutradara vokalis pendiri dokter guru wartawan pengacara advokat politikus
    expert manager director head chief officer president vice vp founder co-founder ceo
    cfo coo cto secretary spokesperson analyst consultant instructor specialist senior
    corporate communications
    """.split()
)
# Words that name a kind of place, body or text, not one thing, when they stand alone
# ("Kelurahan setempat", "Pasal 34", "Kementerian kami").
_GENERIC_HEADS = ORGANISATION_HEADS | frozenset(
    """
    kelurahan kecamatan desa kabupaten kota provinsi jalan gedung pasal ayat peraturan
    undang-undang keputusan timnas
    """.split()
)
_LIST_COMMON_ZIPF = 4.0  # "Tabungan, Deposito, Giro": a list of capitalised common nouns
_LEGAL_FORMS = frozenset("pt cv tbk persero perum perseroan ltd inc corp llc co".split())
_ABBREVIATIONS = frozenset("dr prof ir drs st jr sr mr mrs ms no kol letjen mayjen brigjen h hj kh".split())


@dataclass
class _Mention:
    start: int  # character offsets into the text
    end: int
    text: str
    label: str
    tokens: list[str]
    group: aliases.AliasGroup | None = None
    headline: bool = False  # from a Title Case line: kept only if the text names it elsewhere


@dataclass
class _Cluster:
    mentions: list[_Mention] = field(default_factory=list)

    @property
    def group(self) -> aliases.AliasGroup | None:
        return next((m.group for m in self.mentions if m.group and m.group.label), None)

    @property
    def label(self) -> str:
        group = self.group
        if group:
            return group.label
        votes: dict[str, int] = {}
        for m in self.mentions:
            votes[m.label] = votes.get(m.label, 0) + len(m.tokens)
        return max(votes, key=lambda label: votes[label])

    @property
    def name(self) -> str:
        group = self.group
        if group:
            return group.canonical
        return max(self.mentions, key=lambda m: (len(m.tokens), len(m.text))).text


_local = threading.local()


def _tagger() -> pycrfsuite.Tagger:
    """The CRF, opened once per thread on first use (pycrfsuite taggers are not shareable)."""
    tagger = getattr(_local, "tagger", None)
    if tagger is None:
        tagger = pycrfsuite.Tagger()
        tagger.open(str(MODEL_PATH))
        _local.tagger = tagger
    return tagger


def _sentences(text: str) -> list[list[tuple[int, int, str]]]:
    """Token sentences with character offsets: paragraphs cut at sentence-final punctuation."""
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN_OR_BREAK.finditer(text)]
    breaks = [
        i
        for i, t in enumerate(tokens)
        if (t[2] in _BREAKS and not _abbreviation(tokens, i)) or (t[2] in _DASHES and _spaced(text, t))
    ]
    out: list[list[tuple[int, int, str]]] = []
    start = 0
    for end in breaks + [len(tokens)]:
        sentence = tokens[start : end + 1] if end < len(tokens) and tokens[end][2] != "\n" else tokens[start:end]
        start = end + 1
        pos = 0
        while len(sentence) - pos > _MAX_SENTENCE_TOKENS:
            # no full stop for too long: cut after the last lower-case word, not inside a name
            head = sentence[pos : pos + _MAX_SENTENCE_TOKENS]
            cut = max((i for i, t in enumerate(head) if t[2][0].islower()), default=len(head) - 1)
            out.append(head[: cut + 1])
            pos += cut + 1
        if pos < len(sentence):
            out.append(sentence[pos:])
    return out


def _spaced(text: str, token: tuple[int, int, str]) -> bool:
    """A dash with a space beside it separates clauses ("Lampung - Kepolisian"), unlike the
    hyphen of a compound ("Korea Utara-Rusia" is still two names, but not one)."""
    start, end, _ = token
    return token[2] != "-" or text[start - 1 : start].isspace() or text[end : end + 1].isspace()


def _abbreviation(tokens: list[tuple[int, int, str]], i: int) -> bool:
    """Whether the full stop at ``i`` ends an initial or a title ("Stephen R. Covey", "Dr.")."""
    if tokens[i][2] != "." or i == 0:
        return False
    word = tokens[i - 1][2]
    return (len(word) == 1 and word.isupper()) or word.lower() in _ABBREVIATIONS


def _bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) token spans of a BIO tag sequence; a stray I- starts a span."""
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate(tags + ["O"]):
        inside = tag[:2] == "I-" and tag[2:] == label and start >= 0
        if not inside and start >= 0:
            spans.append((start, i, label))
            start = -1
        if tag != "O" and not inside:
            start, label = i, tag[2:]
    return spans


def _merge(
    crf: list[tuple[int, int, str]], gazetteer: list[tuple[int, int, aliases.AliasGroup]], words: list[str]
) -> list[tuple[int, int, str, aliases.AliasGroup | None]]:
    """One set of non-overlapping spans: a gazetteer name overrides the CRF where they
    overlap, unless the CRF found a longer organisation, place or event around it
    ("Kantor Berita Pusat Korea Utara"); a person never swallows a known place or body."""
    chosen: list[tuple[int, int, str, aliases.AliasGroup | None]] = []
    for g_start, g_end, group in gazetteer:
        chosen.append((g_start, g_end, group.label, group))
    for c_start, c_end, label in crf:
        inside = [c for c in chosen if c[0] < c_end and c_start < c[1]]
        if not inside:
            chosen.append((c_start, c_end, label, None))
            continue
        contains_all = all(c_start <= c[0] and c[1] <= c_end for c in inside)
        # known names side by side are not one longer name ("Korea Utara Kim Jong Un")
        covered = sum(c[1] - c[0] for c in inside) == c_end - c_start
        has_person = any(c[2] == "PERSON" for c in inside)
        titled = words[c_start].lower() in _PERSON_TITLES  # "Duta Besar Rusia" is not a body
        if contains_all and not covered and not has_person and label != "PERSON" and not titled:
            chosen = [c for c in chosen if c not in inside]
            chosen.append((c_start, c_end, label, None))
        elif label == "PERSON":
            # keep the parts of the person span outside the known names ("Rusia Vladimir Putin")
            taken: set[int] = set()
            for c in inside:
                taken.update(range(c[0], c[1]))
            run: list[int] = []
            for i in list(range(c_start, c_end)) + [c_end]:
                if i < c_end and i not in taken:
                    run.append(i)
                elif run:
                    chosen.append((run[0], run[-1] + 1, label, None))
                    run = []
    return sorted(chosen)


def _trim(tokens: list[tuple[int, int, str]], label: str, cased: bool) -> list[tuple[int, int, str]]:
    """Drop punctuation and, in edited text, lower-case words at the edges ("desa Kramas"),
    and for people the titles written before the name ("Presiden", "Dr.")."""
    while tokens and (
        not tokens[0][2][0].isalnum()
        or (cased and tokens[0][2][0].islower())
        or (label == "PERSON" and tokens[0][2].lower() in _PERSON_TITLES)
    ):
        tokens = tokens[1:]
    while tokens and (not tokens[-1][2][0].isalnum() or (cased and tokens[-1][2][0].islower())):
        tokens = tokens[:-1]
    if label == "PERSON":
        titles = [k for k, t in enumerate(tokens) if t[2].lower() in _PERSON_TITLES]
        if titles and titles[-1] < len(tokens) - 1:
            tokens = tokens[titles[-1] + 1 :]  # "Wellness Expert Vishal Dasani"
    if tokens and _possessive(tokens[-1][2]):
        start, end, word = tokens[-1]
        tokens = tokens[:-1] + [(start, end - 3, word[:-3])]  # "Hari Nasionalnya" -> "Hari Nasional"
    words = [t[2] for t in tokens]
    if "(" in words and ")" not in words[words.index("(") :]:
        return _trim(tokens[: words.index("(")], label, cased)  # "PT Pertamina (Persero" -> "PT Pertamina"
    if ")" in words and "(" not in words[: words.index(")")]:
        return _trim(tokens[words.index(")") + 1 :], label, cased)  # "Persero) Tbk" -> "Tbk"
    if label != "EVENT":
        while len(tokens) > 1 and tokens[-1][2][0].isdigit():
            tokens = _trim(tokens[:-1], label, cased)
    return tokens


def _plausible_label(tokens: list[tuple[int, int, str]], label: str) -> str:
    """The label of a CRF mention after sanity rules, "" to drop it: a name headed by
    "Badan", "Satgas" … is an organisation; a role phrase ("Corporate Communications of
    Batik Air", "Co-Founder") or a generic word alone ("Kelurahan", "Pasal") is no name."""
    first = tokens[0][2].lower()
    if first in _PERSON_TITLES and label != "PERSON":
        return ""  # "Corporate Communications Strategic of Batik Air": a role phrase
    if len(tokens) == 1 and first in _GENERIC_HEADS:
        return ""
    if first in ORGANISATION_HEADS and label in ("PERSON", "EVENT", "LOCATION"):
        return "ORGANISATION"
    return label


def _in_common_list(words: list[str], i: int, named: set[int]) -> bool:
    """Whether the word at ``i`` is an item of a comma list beside a capitalised everyday
    word that nothing tagged as a name ("Tabungan, Deposito, Giro, Produk Investasi")."""
    if not (1 < i < len(words) - 2 and words[i - 1] == "," == words[i + 1]):
        return False
    items = (words[i - 2], words[i + 2])
    if not all(w[:1].isupper() and w.isalpha() for w in items):
        return False  # "juru bicara Aliansi, Wahyu, kepada Tempo": an apposition
    return any(k not in named and zipf(words[k].lower()) >= _LIST_COMMON_ZIPF
               and words[k].lower() not in _FOREIGN_ARTICLES for k in (i - 2, i + 2))


_FOREIGN_ARTICLES = frozenset({"the", "a", "an", "la", "le", "el", "de"})


def _possessive(word: str) -> bool:
    """A common word with the clitic -nya ("Nasionalnya"), not a name ending so ("Kenya")."""
    return word.endswith("nya") and len(word) >= 7 and zipf(word[:-3].lower()) >= 3


def _windows(words: list[str], lowercase_text: bool) -> list[tuple[int, int]]:
    """Token ranges worth tagging: in edited text a name has a capitalised word, so only
    the stretches around capitalised words go through the CRF (it halves the work)."""
    if lowercase_text:
        return [(0, len(words))]
    out: list[tuple[int, int]] = []
    for i in [i for i, word in enumerate(words) if word[0].isupper()]:
        lo, hi = max(0, i - _WINDOW), min(len(words), i + _WINDOW + 1)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _title_cased(words: list[str]) -> bool:
    """A headline in Title Case ("Kim Jong Un Puji Hubungan ..."), where capitals say nothing."""
    long_words = [w for w in words if len(w) > 3 and w.isalpha()]
    return len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) >= 0.7 * len(long_words)


def _mentions(text: str) -> list[_Mention]:
    """Name mentions in text order: the CRF's and the gazetteer's, then the acronyms the
    text defines ("Ikatan Ahli Perencanaan Indonesia (IAPI)") wherever they recur."""
    lowercase_text = not any(ch.isupper() for ch in text)
    tagger = _tagger()
    out: list[_Mention] = []
    loose_acronyms: list[tuple[int, int, str]] = []  # capitalised tokens left untagged
    for sentence in _sentences(text):
        words = [t[2] for t in sentence]
        gazetteer = match_gazetteer(words, lowercase_text)
        found: list[tuple[int, int, str]] = []
        for lo, hi in _windows(words, lowercase_text):
            tags = tagger.tag(sentence_features(words, lowercase_text, lo, hi, gazetteer))
            for s, e, label in _bio_spans(tags):
                if found and label == "PERSON" == found[-1][2] and found[-1][1] == lo + s:
                    s = found.pop()[0] - lo  # a name tagged word by word: "I" "Made" "Mudharta"
                found.append((lo + s, lo + e, label))
        headline = _title_cased(words) and words[-1] not in _SENTENCE_END
        known = [(m.start, m.end, m.group) for m in gazetteer]
        merged = _merge(found, known, words)
        covered = {i for start, end, _, _ in merged for i in range(start, end)}
        for start, end, label, group in merged:
            if group is None and end - start == 1 and _in_common_list(words, start, covered):
                continue
            tokens = _trim(sentence[start:end], label, cased=group is None and not lowercase_text)
            if not tokens or not any(ch.isalpha() for t in tokens for ch in t[2]):
                continue
            if all(t[2].lower() in _LEGAL_FORMS for t in tokens):
                continue  # "Tbk" of "Bank Rakyat Indonesia (Persero) Tbk" is no name of its own
            surface = text[tokens[0][0] : tokens[-1][1]]
            if group is None or len(tokens) != end - start:
                group = aliases.group_of(surface)
            words_of = [t[2] for t in tokens]
            if group is None:
                label = _plausible_label(tokens, label)
                if not label:
                    continue
            out.append(_Mention(tokens[0][0], tokens[-1][1], surface, label, words_of, group, headline))
        loose_acronyms.extend(
            sentence[i] for i, w in enumerate(words)
            if w.isupper() and 1 < len(w) <= 8 and w.isalpha() and i not in covered
        )
    return sorted(out + _defined_acronyms(out, loose_acronyms, text), key=lambda m: m.start)


def _defined_acronyms(
    mentions: list[_Mention], loose: list[tuple[int, int, str]], text: str
) -> list[_Mention]:
    """Mentions for untagged acronyms that stand for a name of the text: in brackets right
    after it, or spelling its initials ("Serikat Petani Nusantara" ... "SPN")."""
    if not loose:
        return []
    meaning: dict[str, str] = {}
    for m in mentions:
        if len(m.tokens) > 1 and m.label != "PERSON":
            meaning.setdefault(_initials(m.tokens), m.label)
    by_end = {m.end: m for m in mentions}
    for start, end, word in loose:
        before = text[max(0, start - 8) : start].rstrip()
        if before.endswith("(") and text[end : end + 1] == ")":
            named = by_end.get(start - len(text[max(0, start - 8) : start]) + len(before[:-1].rstrip()))
            if named is not None:
                meaning.setdefault(word, named.label)
    return [_Mention(start, end, word, meaning[word], [word]) for start, end, word in loose if word in meaning]


def _cluster(mentions: list[_Mention], text: str) -> list[_Cluster]:
    """Join mentions of one thing: same alias group or name, an acronym in brackets after its
    full name or matching its initials, a part of a person's full name ("Putin")."""
    clusters: dict[str, _Cluster] = {}
    owner: dict[int, _Cluster] = {}  # id(mention) -> its cluster
    for m in mentions:
        key = "g:" + m.group.canonical if m.group else "n:" + aliases.name_key(m.text)
        owner[id(m)] = cluster = clusters.setdefault(key, _Cluster())
        cluster.mentions.append(m)
    merged: list[_Cluster] = list(clusters.values())

    def absorb(target: _Cluster, source: _Cluster) -> None:
        if source is target or source.group and target.group:
            return
        for m in source.mentions:
            owner[id(m)] = target
        target.mentions.extend(source.mentions)
        source.mentions = []

    # "Amerika Serikat (AS)", "Kantor Berita Pusat Korea Utara (KCNA)"
    for prev, m in zip(mentions, mentions[1:]):
        if text[prev.end : m.start].strip() == "(" and text[m.end : m.end + 1] == ")" and _is_acronym(m):
            absorb(owner[id(prev)], owner[id(m)])
    # an acronym spelled by the initials of a longer name in the same text
    by_initials = {_initials(m.tokens): owner[id(m)] for m in mentions if len(m.tokens) > 1}
    for m in mentions:
        if _is_acronym(m) and m.text in by_initials:
            absorb(by_initials[m.text], owner[id(m)])
    # "Kim" / "Putin" / "Shin": a run of words of a person's full name in the same text
    full_names: dict[tuple[str, ...], list[_Mention]] = {}
    for m in mentions:
        if m.label == "PERSON" and 1 < len(m.tokens) <= _MAX_NAME_WORDS and not (m.group and m.group.label != "PERSON"):
            words = [aliases.name_key(t) for t in m.tokens]
            for i in range(len(words)):
                for j in range(i + 1, len(words) + 1):
                    if j - i < len(words):
                        full_names.setdefault(tuple(words[i:j]), []).append(m)
    for m in mentions:
        if m.group and m.group.label != "PERSON":
            continue
        candidates = full_names.get(tuple(aliases.name_key(t) for t in m.tokens))
        if candidates:  # in text order: take the nearest full name before, else the first
            nearest = bisect.bisect_left(candidates, m.start, key=lambda c: c.start) - 1
            absorb(owner[id(candidates[max(nearest, 0)])], owner[id(m)])
    return [c for c in merged if c.mentions]


def _is_acronym(m: _Mention) -> bool:
    return len(m.tokens) == 1 and len(m.text) > 1 and m.text.isupper()


def _initials(tokens: list[str]) -> str:
    return "".join(t[0] for t in tokens if t[0].isupper())


def extract_entities(text: str) -> list[Entity]:
    """The named entities of a text, each with its canonical name, label, the ways it is
    written and every mention's character offsets, in order of first mention."""
    if not text or not text.strip():
        return []
    mentions = _mentions(text)
    entities = []
    clusters = [c for c in _cluster(mentions, text) if c.group or not all(m.headline for m in c.mentions)]
    for cluster in sorted(clusters, key=lambda c: min(m.start for m in c.mentions)):
        cluster.mentions.sort(key=lambda m: m.start)
        entities.append(
            Entity(
                canonical=cluster.name,
                label=cluster.label,
                aliases=list(dict.fromkeys(m.text for m in cluster.mentions)),
                mentions=[Span(m.text, m.start, m.end) for m in cluster.mentions],
            )
        )
    return entities
