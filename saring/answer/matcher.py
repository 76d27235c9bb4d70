"""Find the archived fact-checks and reports that are about the claim a reader sent.

Two stages. The archive's field-weighted BM25 (claim, title, conclusion) proposes candidates
for every spelling of the query's concepts; a small model (monotone boosted trees for
fact-checks, a logistic one for news reports) then re-scores them with
what BM25 misses: how much of the query the item covers and how much of the item's own
title and claim the query covers, character trigrams (typos, glued words), agreement of
names and numbers, recency, and for a news report who said it and whether the query's words
sit together in one passage. Its output is a probability that the item is about the same
claim, so the no-match decision is one calibrated threshold (both tuned on the dev set by
bench/answer_tune.py and stored in saring/data/answer_model.json).
"""

from __future__ import annotations

import json
import math
import operator
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from itertools import compress
from typing import Any

import numpy as np
from wordfreq import zipf_frequency

from saring.answer.query import (
    ACRONYM_WORDS,
    KNOWN_ZIPF,
    Concept,
    Query,
    acronym_of,
    initials,
    rarity,
    spelling_fixes,
    spells,
    word_list,
)
from saring.answer.reporting import speaker_agreement
from saring.archive.base import DEFAULT_WEIGHTS, HEADLINE_WEIGHTS
from saring.model import Article, FactCheck, Item
from saring.text import vectors
from saring.text.lexicon import kbbi_roots
from saring.text.tokens import STOPWORDS, stem, tokenize

FIRST_STAGE_FIELDS = HEADLINE_WEIGHTS  # the weighting the index keeps a field for
FIRST_STAGE_LIMIT = 30  # fact-checks re-scored per query
NEWS_TITLE_LIMIT = 15  # reports found by their headline (any word), re-scored per query
# News has no claim or conclusion: what a speaker said is in the body, searched here too, for
# reports holding any concept of the query in the reader's own spelling (a statement quoted
# rarely has the headline's words). It is the dearest search of an ask at 1M documents (about
# 20 ms), and worth it: news Recall@3 on dev .98/.88 -> 1.00/.90 (question/keyword).
NEWS_FIELDS = {"title": 4.0, "body": 1.0}
NEWS_LIMIT = 10
CLAIM_TERMS = 80  # a long circulated text is judged on its opening
TEXT_CHARS = 1500
NEWS_BODY_CHARS = 6000
PASSAGE_WORDS = 30  # content words a reader's statement words are looked for within, in a report
PROFILE_CACHE = 100_000  # items whose ranking profile stays in memory
BLAS_ONE_THREAD = 2**18  # multiply-adds from which OpenBLAS splits a product across threads
SOFT_MATCH = 0.5  # word-vector cosine from which an item's word stands in part for a query word it lacks
ACRONYM_SCAN = 20  # concepts of a message whose runs may spell an acronym (a forward's opening)
UNSEEN_WEIGHT = 0.2  # a word no archived item holds and no dictionary knows (chat spelling, typo)
GROUP_JACCARD = 0.75  # specific title words this alike + same verdict: one repeated claim
SAME_CLAIM_JACCARD = 0.5  # headlines this alike are about one claim: not rivals in the margins
_TITLE_LABEL = re.compile(r"^\s*\[[^\]]*\]\s*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")

FEATURES = (
    "bm25_rel",
    "bm25_log",
    "concept_cov",
    "head_cov",
    "rarest_missing",
    "title_cov",
    "claim_cov",
    "char_sim",
    "numbers",
    "names_missing",
    "recency",
    "is_news",
    "rank",
    "query_len",
    "cov_product",
    "bm25_gap",
    "speaker",
    "speaker_absent",
    "passage_cov",
    "title_hit",
    "adjacent",
    "english",
    "unseen_share",
    "shared_pairs",
    "soft_cov",
    "long_title_cov",
    "long_claim_cov",
    "title_margin",
    "cover_margin",
    "title_rarest_missing",
    "idf_cov",
    "idf_head_cov",
    "idf_rarest_missing",
    "absent",
    "soft_missing",
)
LONG_QUERY = 15  # concepts from which a message is a retelling (a forward), not a question


@dataclass
class Candidate:
    """One archived item under consideration, with its features and final probability."""

    item: Item
    bm25: float
    rank: int
    features: dict[str, float] = field(default_factory=dict)
    probability: float = 0.0
    also: list[Item] = field(default_factory=list)  # near-identical items grouped under it
    profile: Profile | None = None


@lru_cache(maxsize=1)
def load_model() -> dict[str, Any]:
    """Weights, bias and no-match threshold tuned by bench/answer_tune.py."""
    text = resources.files("saring").joinpath("data/answer_model.json").read_text(encoding="utf-8")
    return json.loads(text)


def plain_title(item: Item) -> str:
    """The headline without its verdict tag ("[SALAH] Gunung ..." -> "Gunung ...")."""
    return _TITLE_LABEL.sub("", item.title or "")


def weighted_terms(text: str, limit: int | None = None) -> dict[str, float]:
    """Stem -> rarity of the content words of a text."""
    words = content_words(tokenize(text)[:limit] if limit else tokenize(text))
    return _weighted(words, [stem(w) for w in words])


def content_words(words: list[str]) -> list[str]:
    """The tokens that are not stop words, in order."""
    return [w for w in words if w not in STOPWORDS]


def _weighted(words: list[str], stems: list[str]) -> dict[str, float]:
    """``weighted_terms`` of content words already stemmed (each stem weighs as its first word)."""
    out: dict[str, float] = {}
    for word, stem_ in zip(words, stems):
        if stem_ not in out:
            out[stem_] = rarity(word)
    return out


def trigrams(text: str) -> set[str]:
    return _trigrams(tokenize(text))


def _trigrams(words: list[str]) -> set[str]:
    squeezed = " " + " ".join(words) + " "
    return {squeezed[i : i + 3] for i in range(len(squeezed) - 2)}


def _numbers(text: str) -> set[str]:
    return {n.replace(",", ".") for n in _NUMBER.findall(text)}


def _date(iso: str) -> date | None:
    try:
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None


def item_texts(item: Item) -> tuple[str, str, str]:
    """(title, claim, conclusion) of a fact-check; for news, the lead stands for the claim and
    the body for the conclusion (what a speaker said is there). Long texts are judged on their
    opening (TEXT_CHARS; NEWS_BODY_CHARS for a report's body)."""
    if isinstance(item, FactCheck):
        return plain_title(item), item.claim[:TEXT_CHARS], item.conclusion[:TEXT_CHARS]
    lead = item.lead or (item.body[0] if item.body else "")
    return item.title, lead[:TEXT_CHARS], item.text[:NEWS_BODY_CHARS]


# A set of strings kept as a dict's keys (values None), in what the profile cache holds: the
# garbage collector never scans a dict of strings but scans every set, and 10k cached profiles'
# sets made each full collection a 0.24 s pause of whichever reader's answer was being worked out.
Keys = dict[str, None]


@dataclass(slots=True)
class Profile:
    """What ranking needs to know about an item, computed once per item and kept in memory.
    Its containers are ones the garbage collector need not scan (see ``Keys``)."""

    title_terms: dict[str, float]
    claim_terms: dict[str, float]
    head_stems: Keys
    doc_stems: Keys
    numbers: Keys
    title_grams: Keys
    pairs: dict[tuple[str, str], None]  # consecutive content stems of the title and claim
    head_rows: np.ndarray  # rows of the headline and claim stems in saring.text.vectors (not the vectors:
    # a cache of 100k profiles would hold gigabytes of them)
    published: date | None
    specific: Keys
    specific_weights: dict[str, float]  # the specific headline stems with their rarity
    words: tuple[str, ...]  # a report's content stems in order, headline first (see word_places); () otherwise
    initials: str  # of the headline's and claim's words, in order (see query.spells)

    @classmethod
    def of(cls, item: Item, texts: tuple[str, str, str] | None = None) -> Profile:
        """The profile of an item (``texts``: its ``item_texts``, when the caller has them).
        Each text is tokenized and stemmed once, and every part is derived from that."""
        title, claim, conclusion = texts or item_texts(item)
        title_tokens, claim_tokens = tokenize(title), tokenize(claim)
        title_words, claim_words = content_words(title_tokens), content_words(claim_tokens)
        title_stems, claim_stems = [stem(w) for w in title_words], [stem(w) for w in claim_words]
        title_terms = _weighted(title_words, title_stems)
        specific = _specific(title, title_terms)
        claim_head = len(content_words(claim_tokens[:CLAIM_TERMS]))  # weighted_terms(claim, CLAIM_TERMS)
        claim_terms = _weighted(claim_words[:claim_head], claim_stems[:claim_head])
        head = {**dict.fromkeys(title_terms), **dict.fromkeys(claim_terms)}
        body_stems = [stem(w) for w in content_words(tokenize(conclusion))]
        # a report's words, in order, are what its passages are read from (the words of
        # f"{title}\n{conclusion}": the line break ends the headline's last word)
        words = (*title_stems, *body_stems) if isinstance(item, Article) else ()
        return cls(title_terms, claim_terms, head, {**head, **dict.fromkeys(body_stems)},
                   dict.fromkeys(_numbers(f"{title} {claim} {conclusion}")), dict.fromkeys(_trigrams(title_tokens)),
                   dict.fromkeys(_pairs(title_stems) | _pairs(claim_stems)), vectors.rows(head),
                   _date(item.published), dict.fromkeys(specific),
                   {s: w for s, w in title_terms.items() if s in specific}, words,
                   initials([*title_words, *claim_words]))


def stem_vectors(stems: Iterable[str]) -> np.ndarray | None:
    """The unit word vectors of the stems the shipped model knows, one row each (None: none)."""
    known = vectors.rows(stems)
    return vectors.matrix()[known] if len(known) else None


class SoftFound:
    """How near each item's headline and claim come to each query word: the best cosine of any
    of its spellings, from SOFT_MATCH up (ojol ~ ojek, meletus ~ erupsi); 0 below it. The
    cosines of every spelling with every headline stem of every candidate are worked out once
    per query (a small product per candidate and word cost a third of featurize), in blocks
    small enough that BLAS keeps each on one thread: OpenBLAS threads a product from 2**18
    multiply-adds, and its threads then spin, CPU time a shared server does not have."""

    def __init__(self, concept_vectors: list[np.ndarray | None], profiles: list[Profile]):
        self.concepts = [i for i, v in enumerate(concept_vectors) if v is not None]
        self.columns = np.unique(np.concatenate([p.head_rows for p in profiles])) if profiles \
            else np.zeros(0, dtype=np.int32)
        self.best = np.zeros((len(self.concepts), len(self.columns)), dtype=np.float32)
        if self.concepts and len(self.columns):
            spellings = [v for v in concept_vectors if v is not None]
            starts = np.cumsum([0, *(len(v) for v in spellings[:-1])])
            rows = np.vstack(spellings)
            heads = vectors.matrix()[self.columns]
            block = max(1, BLAS_ONE_THREAD // (rows.shape[0] * rows.shape[1]))
            cosines = np.empty((rows.shape[0], len(self.columns)), dtype=np.float32)
            for start in range(0, len(self.columns), block):
                cosines[:, start : start + block] = rows @ heads[start : start + block].T
            self.best = np.maximum.reduceat(cosines, starts, axis=0)

    def near(self, profile: Profile, count: int) -> list[float]:
        """Per query concept (``count`` of them), the item's best cosine (0 below SOFT_MATCH)."""
        out = [0.0] * count
        if not len(profile.head_rows) or not self.concepts:
            return out
        best = self.best[:, np.searchsorted(self.columns, profile.head_rows)].max(axis=1)
        for concept, value in zip(self.concepts, best.tolist()):
            out[concept] = value if value >= SOFT_MATCH else 0.0
        return out


def stem_pairs(text: str) -> set[tuple[str, str]]:
    """Consecutive content words of a text, as stem pairs (in order)."""
    return _pairs([stem(w) for w in content_words(tokenize(text))])


def _pairs(stems: list[str]) -> set[tuple[str, str]]:
    return set(zip(stems, stems[1:]))


def adjacency(concept_stems: list[list[frozenset[str]]], pairs: AbstractSet[tuple[str, str]]) -> float:
    """The share of the query's consecutive concepts found side by side in the item's headline
    or claim ("perang darat" in "Uji Coba Perang Darat China"): word order is meaning that a bag
    of words loses."""
    return Neighbours(concept_stems).share(pairs)


class Neighbours:
    """The query's part of ``adjacency``, worked out once for all its candidates: per pair of
    consecutive concepts, the stem pairs that would show them side by side. An item's pairs are
    narrowed to the query's first (one set intersection), so that each test reads a few pairs,
    not the item's every pair (a long forward has some forty neighbours)."""

    def __init__(self, concept_stems: list[list[frozenset[str]]]):
        self.pairs = [frozenset((a, b) for a in {s for form in left for s in form}
                                for b in {s for form in right for s in form})
                      for left, right in zip(concept_stems, concept_stems[1:])]
        self.every = frozenset().union(*self.pairs)

    def share(self, pairs: AbstractSet[tuple[str, str]]) -> float:
        """``adjacency`` of an item whose headline and claim have these stem pairs."""
        if not self.pairs:
            return 0.0
        held = pairs & self.every
        return sum(not wanted.isdisjoint(held) for wanted in self.pairs) / len(self.pairs)


def stem_positions(text: str) -> dict[str, tuple[int, ...]]:
    """Stem -> positions of the text's content words (stop words are not counted)."""
    stems = tuple(stem(w) for w in content_words(tokenize(text)))
    return word_places(stems, set(stems))


def word_places(words: tuple[str, ...], wanted: set[str]) -> dict[str, tuple[int, ...]]:
    """``stem_positions`` of the ``wanted`` stems only, from a report's content stems in order:
    all that passage_coverage reads of it. Found per query: at 1M documents nearly every report
    is profiled once, and placing all its stems then cost more."""
    lists: dict[str, list[int]] = {}
    for position, word in enumerate(words):
        if word in wanted:
            places = lists.get(word)
            if places is None:
                lists[word] = [position]
            else:
                places.append(position)
    return {s: tuple(places) for s, places in lists.items()}


def passage_coverage(concepts: list[Concept], concept_stems: list[list[frozenset[str]]],
                     positions: dict[str, tuple[int, ...]], total_weight: float) -> float:
    """The largest share of the query's concept weight found within PASSAGE_WORDS content words
    of a report: a reader's words taken from one statement or headline sit together there,
    while a long report holds many common words far apart."""
    occurrences = []  # (position, concept index); a multi-word form is placed at one of its stems,
    # the same one in every process (a set's first element depends on the hash seed)
    for index, forms in enumerate(concept_stems):
        places = {p for form in forms if form and all(s in positions for s in form)
                  for p in positions[min(form)]}
        occurrences += [(p, index) for p in places]
    occurrences.sort()
    inside: dict[int, int] = {}
    best = covered = 0.0
    start = 0
    for position, index in occurrences:
        inside[index] = inside.get(index, 0) + 1
        if inside[index] == 1:
            covered += concepts[index].weight
        while occurrences[start][0] <= position - PASSAGE_WORDS:
            left = occurrences[start][1]
            inside[left] -= 1
            if not inside[left]:
                covered -= concepts[left].weight
            start += 1
        best = max(best, covered)
    return best / total_weight


class ProfileCache:
    """Item profiles by id, least recently used dropped first; a changed item is re-profiled.
    Shared by the threads that answer at once: the dictionary is only touched under a lock (a
    profile is computed outside it; two threads may compute the same one, both right)."""

    def __init__(self, size: int = PROFILE_CACHE):
        self.size = size
        self.profiles: OrderedDict[tuple[str, int], Profile] = OrderedDict()
        self.lock = threading.Lock()

    def __call__(self, item: Item) -> Profile:
        texts = item_texts(item)
        key = (item.id, hash((item.title, item.published, texts[1][:200])))
        with self.lock:
            profile = self.profiles.get(key)
            if profile is not None:
                self.profiles.move_to_end(key)
                return profile
        profile = Profile.of(item, texts)
        with self.lock:
            self.profiles[key] = profile
            while len(self.profiles) > self.size:
                self.profiles.popitem(last=False)
        return profile


def featurize(query: Query, candidates: list[Candidate], profiles: ProfileCache) -> None:
    """Fill every candidate's feature dict (see FEATURES)."""
    if not candidates:
        return
    scores = sorted((c.bm25 for c in candidates), reverse=True)
    top = scores[0] or 1.0
    runner_up = scores[1] if len(scores) > 1 else 0.0
    profiled = [(cand, profiles(cand.item)) for cand in candidates]
    for cand, profile in profiled:
        cand.profile = profile
    dates = [p.published for _, p in profiled if p.published]
    newest = max(dates) if dates else None
    query_stems = query.stems
    query_grams = trigrams(" ".join(w for c in query.concepts for form in c.forms for w in form))
    concept_stems = [c.stems for c in query.concepts]
    total_weight = sum(c.weight for c in query.concepts) or 1.0
    max_weight = max((c.weight for c in query.concepts), default=1.0)
    name_weight = sum(c.weight for c in query.concepts if c.name)
    query_pairs = stem_pairs(query.text)
    idf_total = sum(c.idf for c in query.concepts) or 1.0
    idf_top = max((c.idf for c in query.concepts), default=0.0) or 1.0
    # a name has no near synonym: "Bank Bengkulu" is another scam than "Bank Papua", however alike
    # the two provinces' word vectors are
    concept_vectors = [None if c.name else stem_vectors({s for form in forms if len(form) == 1 for s in form})
                       for c, forms in zip(query.concepts, concept_stems)]
    soft_found = SoftFound(concept_vectors, [p for _, p in profiled])
    neighbours = Neighbours(concept_stems)
    weights = [c.weight for c in query.concepts]
    idfs = [c.idf for c in query.concepts]
    names = [c.name for c in query.concepts]
    absents = [c.absent for c in query.concepts]
    concept_forms = ConceptForms(concept_stems)
    acronyms = {i: word for i, c in enumerate(query.concepts) if (word := acronym_of(c))}
    for cand, p in profiled:
        found = concept_forms.found(p.doc_stems.keys() & query_stems)
        in_head = concept_forms.found(p.head_stems.keys() & query_stems)
        in_title = concept_forms.found(p.title_terms.keys() & query_stems)
        for i, acronym in acronyms.items():
            if not found[i]:  # "kdmp" for an item that spells out "Koperasi Desa Merah Putih"
                found[i] = in_head[i] = spells(p.initials, acronym)
        covered = sum(compress(weights, found))
        missing = [w for w, hit in zip(weights, found) if not hit]
        names_missing = sum(w for w, hit, name in zip(weights, found, names) if name and not hit)
        if query.numbers and p.numbers:
            numbers = -1.0 if p.numbers.keys().isdisjoint(query.numbers) else 1.0
        else:
            numbers = 0.0
        age = (newest - p.published).days if newest and p.published else 365
        features = cand.features = {
            "bm25_rel": cand.bm25 / top,
            "bm25_log": math.log1p(max(cand.bm25, 0.0)),
            "concept_cov": covered / total_weight,
            "head_cov": sum(compress(weights, in_head)) / total_weight,
            "rarest_missing": max(missing, default=0.0) / max_weight,
            "title_cov": _coverage(p.title_terms, query_stems),
            "claim_cov": _coverage(p.claim_terms, query_stems),
            "char_sim": len(p.title_grams.keys() & query_grams) / len(p.title_grams) if p.title_grams else 0.0,
            "numbers": numbers,
            "names_missing": names_missing / name_weight if name_weight else 0.0,
            "recency": math.exp(-age / 365),
            "is_news": 1.0 if isinstance(cand.item, Article) else 0.0,
            "rank": 1.0 / (1 + cand.rank),
            "query_len": math.log1p(len(query.concepts)),
        }
        features["cov_product"] = features["concept_cov"] * features["title_cov"]
        # the item's own rarest headline word ("BJB" in "Undian Berhadiah Bank BJB") absent from the
        # message: the same scam template about another bank, company or person
        features["title_rarest_missing"] = _rarest_missing(p.specific_weights, query_stems)
        # the same coverage weighed by the archive's own rarity: what tells this archive's items
        # apart ("papua" in a sea of "undian berhadiah bank" scams), where wordfreq knows the language
        features["idf_cov"] = sum(compress(idfs, found)) / idf_total
        features["idf_head_cov"] = sum(compress(idfs, in_head)) / idf_total
        features["idf_rarest_missing"] = max((i for i, hit in zip(idfs, found) if not hit), default=0.0) / idf_top
        features["title_hit"] = sum(compress(weights, in_title), 0.0) / total_weight
        features["adjacent"] = neighbours.share(p.pairs.keys())
        features["english"] = 1.0 if query.language == "en" else 0.0
        features["unseen_share"] = query.unseen_share
        # two retellings of one hoax share phrases, not only words
        shared = len(p.pairs.keys() & query_pairs)
        features["shared_pairs"] = shared / min(len(query_pairs), len(p.pairs)) if shared else 0.0
        near = [0.0 if hit else n for hit, n in zip(found, soft_found.near(p, len(found)))]
        soft = sum(map(operator.mul, weights, near))
        features["soft_cov"] = (covered + soft) / total_weight
        # the heaviest query word neither the item nor a near synonym in its headline holds: a
        # translated or paraphrased word ("sentenced" -> "divonis" for "dipenjara") is not missing
        features["soft_missing"] = max((w * (1.0 - n) for w, hit, n in zip(weights, found, near) if not hit),
                                       default=0.0) / max_weight
        # a real word or name of the message that no archived item holds (and this item has no
        # near synonym of): the message is about something the archive has never mentioned
        absent = sum(w * (1.0 - n) for w, n, a in zip(weights, near, absents) if a)
        features["absent"] = absent / total_weight
        is_news = isinstance(cand.item, Article)
        # who said it: for "apa kata PLN soal ...", a report where PLN is the speaker; a
        # question naming no speaker ("siapa yang bilang ...") is judged on its words alone
        agreement = speaker_agreement(cand.item, query.speaker, query.stance) \
            if isinstance(cand.item, Article) else 0.0
        features["speaker"] = agreement
        features["speaker_absent"] = 1.0 if is_news and query.speaker and not agreement else 0.0
        features["passage_cov"] = passage_coverage(query.concepts, concept_stems,
                                                   word_places(p.words, query_stems), total_weight) if is_news else 0.0
        best_other = runner_up if cand.bm25 >= top else top
        features["bm25_gap"] = (cand.bm25 - best_other) / top if len(candidates) > 1 else 0.0
        # a long retelling covers only part of any one item, but all of the right item's headline
        long = min(1.0, max(0.0, (len(query.concepts) - 5) / LONG_QUERY))
        features["long_title_cov"] = long * features["title_cov"]
        features["long_claim_cov"] = long * features["claim_cov"]
    rivals = rival_mask(candidates)
    for name, margin in (("title_cov", "title_margin"), ("soft_cov", "cover_margin")):
        margins(candidates, name, margin, rivals)


class ConceptForms:
    """Which of a query's concepts an item holds in some form (all of the form's stems), for
    many items: a concept whose forms are single words is held when the item has any of them,
    found from the item's few stems among the query's (a lookup each) rather than by a test per
    concept (a long forward has some forty)."""

    def __init__(self, concept_stems: list[list[frozenset[str]]]):
        self.count = len(concept_stems)
        self.by_stem: dict[str, list[int]] = {}  # stem -> the single-word concepts it is a form of
        self.phrases: list[tuple[int, list[frozenset[str]]]] = []  # the other concepts, tested form by form
        for index, forms in enumerate(concept_stems):
            if forms and all(len(f) == 1 for f in forms):
                for word in frozenset().union(*forms):
                    self.by_stem.setdefault(word, []).append(index)
            else:
                self.phrases.append((index, forms))

    def found(self, held: set[str]) -> list[bool]:
        """Per concept, whether ``held`` (the item's stems among the query's) holds one of its forms."""
        out = [False] * self.count
        for word in held:
            for index in self.by_stem.get(word, ()):
                out[index] = True
        for index, forms in self.phrases:
            out[index] = any(form <= held for form in forms)
        return out


def _rarest_missing(terms: dict[str, float], query_stems: set[str]) -> float:
    top = max(terms.values(), default=0.0)
    missing = max((w for s, w in terms.items() if s not in query_stems), default=0.0)
    return missing / top if top else 0.0


def rival_mask(candidates: list[Candidate]) -> np.ndarray:
    """[i, j]: is candidate j about another claim than candidate i? Items about the same claim
    (headlines sharing most specific words: a recurring hoax checked twice, a report and the
    fact-check of its rumour) are not rivals, nor is an item its own. Each headline's words are
    one integer's bits, so a pair's shared words are counted by one AND (half the time of a
    product of word-incidence rows, for the 50 candidates of an ask)."""
    vocabulary: dict[str, int] = {}
    masks = []
    for cand in candidates:
        mask = 0
        for term in cand.profile.specific if cand.profile else ():
            mask |= 1 << vocabulary.setdefault(term, len(vocabulary))
        masks.append(mask)
    sizes = [mask.bit_count() for mask in masks]
    same = np.eye(len(candidates), dtype=bool)
    for i, (mask, size) in enumerate(zip(masks, sizes)):
        if not size:
            continue
        for j in range(i + 1, len(masks)):
            if sizes[j]:
                shared = (mask & masks[j]).bit_count()
                if shared / (size + sizes[j] - shared) >= SAME_CLAIM_JACCARD:
                    same[i, j] = same[j, i] = True
    return ~same


def margins(candidates: list[Candidate], feature: str, name: str, rivals: np.ndarray) -> None:
    """How far each candidate stands above the best candidate about another claim on a feature
    (``rivals``, see rival_mask): a claim that is in the archive has its items standing out; a
    claim that is not has several half-matches."""
    values = np.array([c.features[feature] for c in candidates])
    best = np.where(rivals, values[None, :], -np.inf).max(axis=1)
    for cand, own, other in zip(candidates, values.tolist(), best.tolist()):
        cand.features[name] = own - (other if other != -np.inf else 0.0)


def _coverage(terms: dict[str, float], query_stems: set[str]) -> float:
    total = sum(terms.values())
    return sum(w for s, w in terms.items() if s in query_stems) / total if total else 0.0


def score(candidates: list[Candidate], model: dict[str, Any] | None = None) -> None:
    """Probability that each candidate is about the query's claim: a logistic model, or
    boosted trees (``"trees"``) whose margin a fitted logistic (``"scale"``, ``"bias"``) turns
    into a calibrated probability.

    News reports have their own part (``model["news"]``, when tuned): what makes a report
    the answer — who said it, words deep in the body — is not what makes a fact-check one.
    Their bias is set so that the one threshold serves both kinds."""
    model = model or load_model()
    for news in (False, True):
        chosen = [c for c in candidates if bool(c.features.get("is_news")) == news]
        part = model.get("news", model) if news else model
        if not chosen:
            continue
        if "trees" in part:
            margins = Forest.of(part)(np.array([[c.features[f] for f in part["features"]] for c in chosen]))
            values = [part["scale"] * float(m) + part["bias"] for m in margins]
        else:
            weights = part["weights"]
            values = [part["bias"] + sum(weights.get(name, 0.0) * value for name, value in c.features.items())
                      for c in chosen]
        for cand, z in zip(chosen, values):
            cand.probability = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


class Forest:
    """Boosted regression trees as flat arrays, evaluated for all candidates and trees at once
    (a few numpy steps per tree level instead of a Python walk per candidate and tree).
    Each node is [feature, threshold, left, right, value]; a leaf has feature -1."""

    _cache: OrderedDict[int, tuple[list, Forest]] = OrderedDict()  # id -> (the trees, kept alive: ids stay unique)
    _lock = threading.Lock()

    def __init__(self, trees: list[list[list[float]]], base: float):
        # every tree's nodes in one array, numbered across trees; a leaf is its own child (so a
        # walk that reached it stays) and reads feature 0 (any: both ways lead back to it)
        width = max(len(t) for t in trees)
        size = len(trees) * width
        self.feature = np.zeros(size, dtype=np.int64)
        self.threshold = np.zeros(size)
        # node n's children at 2n (left) and 2n + 1 (right): one gather per level picks either
        self.children = np.repeat(np.arange(size, dtype=np.int64), 2)
        self.value = np.zeros(size)
        for t, nodes in enumerate(trees):
            for n, (feature, threshold, left, right, value) in enumerate(nodes):
                at = t * width + n
                self.value[at] = value
                if feature >= 0:
                    self.feature[at], self.threshold[at] = int(feature), threshold
                    self.children[2 * at], self.children[2 * at + 1] = t * width + int(left), t * width + int(right)
        self.depth = _depth(trees)
        self.base = base
        self.roots = np.arange(len(trees), dtype=np.int64) * width

    @classmethod
    def of(cls, part: dict[str, Any]) -> Forest:
        """The forest of a model part, built once per model (models are loaded once)."""
        trees = part["trees"]
        with cls._lock:
            cached = cls._cache.get(id(trees))
            if cached is not None and cached[0] is trees:
                return cached[1]
            forest = cls(trees, float(part.get("base", 0.0)))
            cls._cache[id(trees)] = (trees, forest)
            while len(cls._cache) > 8:
                cls._cache.popitem(last=False)
            return forest

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """The summed tree margins of each row of ``x`` (candidates x features)."""
        flat = np.ascontiguousarray(x, dtype=np.float64).ravel()
        starts = (np.arange(x.shape[0], dtype=np.int64) * x.shape[1])[:, None]
        node = np.broadcast_to(self.roots, (x.shape[0], len(self.roots)))
        for _ in range(self.depth):
            went_right = ~(flat[starts + self.feature[node]] <= self.threshold[node])
            node = self.children[2 * node + went_right]
        return self.base + self.value[node].sum(axis=1)


def _depth(trees: list[list[list[float]]]) -> int:
    """The number of steps from a root to its deepest leaf, over all trees."""
    deepest = 0
    for nodes in trees:
        stack = [(0, 0)]
        while stack:
            n, d = stack.pop()
            if nodes[n][0] < 0:
                deepest = max(deepest, d)
            else:
                stack += [(int(nodes[n][2]), d + 1), (int(nodes[n][3]), d + 1)]
    return deepest


def group_repeats(candidates: list[Candidate]) -> list[Candidate]:
    """Fold near-identical items into the best-ranked one: fact-checks of one repeated claim
    (a scam under many accounts) with the same verdict, and one news story under two URLs.

    Titles are compared on their specific words only: the scam boilerplate ("tautan
    pendaftaran lowongan kerja ... 2026") is shared by every fake job offer, so "Lowongan
    Alfamart" and "Lowongan Mayora" stay apart while "Lowongan GUDANG GARAM" and
    "Lowongan Kerja PT Gudang Garam" become one answer slot.
    """
    heads: list[Candidate] = []
    alike: dict[tuple[str, str], list[tuple[Candidate, set[str]]]] = {}  # heads by kind and verdict
    for cand in candidates:
        terms = set(cand.profile.specific) if cand.profile else specific_terms(plain_title(cand.item))
        rivals = alike.setdefault((cand.item.kind, getattr(cand.item, "verdict", "")), [])
        for head, head_terms in rivals if terms else ():
            if len(terms & head_terms) / len(terms | head_terms) >= GROUP_JACCARD:
                head.also.append(cand.item)
                break
        else:
            heads.append(cand)
            rivals.append((cand, terms))
    return heads


def specific_terms(title: str) -> set[str]:
    """Title stems without the boilerplate of repeated scams and without years or numbers."""
    return _specific(title, weighted_terms(title))


def _specific(title: str, title_terms: dict[str, float]) -> set[str]:
    """``specific_terms`` from the title's ``weighted_terms``."""
    acronyms = {w.lower() for w in _ACRONYM.findall(title)}  # "AS" is also an English stop word
    boilerplate = scam_boilerplate()
    return {t for t in set(title_terms) | acronyms if t not in boilerplate and not t[:1].isdigit()}


@lru_cache(maxsize=1)
def scam_boilerplate() -> frozenset[str]:
    """Stems of the words every repeated scam headline shares (saring/data/scam_boilerplate.txt)."""
    return frozenset(stem(w) for w in word_list("scam_boilerplate.txt"))


class Matcher:
    """Query -> ranked, grouped candidates with probabilities; the archive is the first stage."""

    def __init__(self, store: Any, model: dict[str, Any] | None = None):
        self.store = store
        self.model = model or load_model()
        self.profiles = ProfileCache()

    @property
    def threshold(self) -> float:
        """The probability from which a candidate is the answer."""
        return float(self.model["threshold"])

    @property
    def related_threshold(self) -> float:
        """The probability from which a candidate is offered as "mungkin terkait"."""
        return min(float(self.model.get("related_threshold", self.threshold)), self.threshold)

    def first_stage(self, query: Query, kind: str | None = None, speaker: str = "") -> list[Any]:
        """The archive's search hits for the query, each item once (its first hit's score).

        ``kind`` keeps news or fact-checks only; ``speaker`` adds the archive's own
        speaker-filtered search, so that their reports are found even when the headline
        words differ."""
        text = query.search_text
        if not text:
            return []
        hits = []
        if kind in (None, "factcheck"):  # fact-checks first, never crowded out by the news
            hits += self.store.search_fields(query.claim_search_text, FIRST_STAGE_FIELDS, kind="factcheck",
                                             limit=FIRST_STAGE_LIMIT)
        if kind in (None, "news"):
            hits += self.store.search_fields(text, FIRST_STAGE_FIELDS, kind="news", limit=NEWS_TITLE_LIMIT)
            hits += self.store.search_fields(query.concept_text, NEWS_FIELDS, kind="news", limit=NEWS_LIMIT)
        if speaker:
            hits += self.store.search(text, kind="news", speaker=speaker, limit=FIRST_STAGE_LIMIT)
        unique: dict[str, Any] = {}
        for hit in hits:
            unique.setdefault(hit.id, hit)
        return list(unique.values())

    def weigh(self, query: Query) -> None:
        """Lighten the concepts that cannot be evidence either way: words no archived item
        holds in any spelling and that are no known Indonesian word (chat spellings, typos,
        English words the lexicon does not translate). A missing name, number, or a real word
        the archive lacks still counts, and a name or real word no item holds is marked
        ``absent``: that is what a claim nobody checked looks like."""
        words = {w for c in query.concepts for form in c.forms for w in form}
        counts, total = self.store.document_frequencies(words)
        self._fix_typos(query, counts)
        self._spell_acronyms(query, counts)
        unseen = 0
        for concept in query.concepts:
            held = [min(counts.get(w, 0) for w in form) for form in concept.forms if form]
            df = max(held, default=0)
            concept.idf = math.log(1 + total / df) if df else 0.0
            if df or any(w[:1].isdigit() for form in concept.forms for w in form):
                continue
            # an English word counts by its Indonesian forms only (translations and cognates come
            # before the word as written): "autism" -> "autisme" is a real word no item holds
            indonesian = concept.forms[:-1] if query.language == "en" else concept.forms
            known = any(zipf_frequency(w, "id") >= KNOWN_ZIPF for form in indonesian for w in form)
            if concept.name or known:
                concept.absent = True  # the archive never mentions it: evidence of another claim
            else:
                concept.weight = min(concept.weight, UNSEEN_WEIGHT)
                unseen += 1
        query.unseen_share = unseen / len(query.concepts) if query.concepts else 0.0

    def _spell_acronyms(self, query: Query, counts: dict[str, int]) -> None:
        """Consecutive dictionary words whose initials the archive holds as a word ("koperasi desa
        merah putih" -> "kdmp", "bantuan langsung tunai" -> "blt") become one concept that the
        acronym spells too: fact-checks name a programme or an office by its official acronym.
        Names are left out: "Presiden Prabowo Subianto" is no "pps"."""
        concepts = query.concepts[:ACRONYM_SCAN]
        low, high = ACRONYM_WORDS
        written = {w for c in query.concepts for form in c.forms for w in form}
        runs: list[tuple[int, int, str]] = []
        for i in range(len(concepts)):
            words: list[str] = []
            for j in range(i, len(concepts)):
                form = concepts[j].forms[0]
                if not all(w.isalpha() and (w in kbbi_roots() or stem(w) in kbbi_roots()) for w in form):
                    break
                words += form
                if len(words) > high:
                    break
                acronym = "".join(w[0] for w in words)
                if len(words) >= low and acronym not in written and acronym not in kbbi_roots():
                    runs.append((i, j + 1, acronym))
        if not runs:
            return
        held, _ = self.store.document_frequencies({acronym for _, _, acronym in runs})
        taken: set[int] = set()
        merged: dict[int, Concept] = {}
        for start, end, acronym in sorted(runs, key=lambda r: (r[0] - r[1], r[0])):  # longest first
            if not held.get(acronym) or taken & set(range(start, end)):
                continue
            run = query.concepts[start:end]
            # the archive must spell it out somewhere: an item holding the acronym beside every
            # word of the run ("pesawat hilang kontak" is no "PHK": no item writes them together)
            spelled = " ".join([acronym, *(w for c in run for w in c.forms[0])])
            if not self.store.search_fields(spelled, DEFAULT_WEIGHTS, limit=1, any_term=False):
                continue
            taken.update(range(start, end))
            forms = list(run[0].forms) if len(run) == 1 else [tuple(w for c in run for w in c.forms[0])]
            merged[start] = Concept([*forms, (acronym,)], max(c.weight for c in run), any(c.name for c in run))
            counts[acronym] = held[acronym]
        query.concepts = [merged[i] if i in merged else c for i, c in enumerate(query.concepts)
                          if i in merged or i not in taken]

    def _fix_typos(self, query: Query, counts: dict[str, int]) -> None:
        """A word no archived item holds in any spelling and no dictionary knows, one slip away
        from a known word the archive holds ("barjir" -> "banjir"), also takes that spelling, and
        weighs as it (``counts`` gets its document frequency). Names and English are left alone."""
        if query.language == "en":
            return
        unknown = {concept.forms[0][0]: concept for concept in query.concepts
                   if not concept.name and len(concept.forms[0]) == 1
                   and not any(counts.get(w, 0) for form in concept.forms for w in form)
                   and not any(zipf_frequency(w, "id") >= KNOWN_ZIPF for form in concept.forms for w in form)}
        fixes = {word: spelling_fixes(word) for word in unknown}
        if not any(fixes.values()):
            return
        fixed_counts, _ = self.store.document_frequencies({w for found in fixes.values() for w in found})
        for word, concept in unknown.items():
            held = [w for w in fixes[word] if fixed_counts.get(w, 0)]
            if held:
                concept.forms.append((held[0],))
                concept.weight = rarity(held[0])
                counts[held[0]] = fixed_counts[held[0]]

    def candidates(self, query: Query, kind: str | None = None, speaker: str = "") -> list[Candidate]:
        """First stage plus features, unscored (the tuner fits the model on these); with a
        ``speaker``, only the reports where that speaker is quoted."""
        self.weigh(query)
        hits = self.first_stage(query, kind, speaker)
        items = {item.id: item for item in self.store.get_many([h.id for h in hits])}
        found = [Candidate(items[h.id], h.score, rank) for rank, h in enumerate(hits) if h.id in items]
        featurize(query, found, self.profiles)
        if speaker:
            found = [c for c in found if c.features["speaker"] > 0]
        return found

    def rank(self, query: Query, kind: str | None = None, speaker: str = "") -> list[Candidate]:
        """Candidates best first, near-identical ones grouped, each with its probability."""
        found = self.candidates(query, kind, speaker)
        score(found, self.model)
        found.sort(key=lambda c: (-c.probability, c.rank))
        return group_repeats(found)
