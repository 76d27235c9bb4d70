"""Who-said-what on PFSA-ID, the seed's attributions, and analyze() speed on real news.

    python bench/language_attribution.py            # PFSA-ID (rules, rules+NER, baseline),
                                                    # seed, speed on 1000 articles (~1 min)
    python bench/language_attribution.py --articles 3000 --no-ner

PFSA-ID (../shared/data/attribution, CC BY-NC-SA) is used for evaluation only: nothing is
trained on it. Span F1, exact and overlap, for PERSON (speaker), CUE and STATEMENT, printed
beside the published spaCy baseline (82.0 F overall, trained on PFSA-ID) and a simple
baseline run here: a cue-word list, the words before the cue as the statement and the
capitalised words after it as the speaker. Speed is analyze() on the news CSVs (as the
reader makes them), beside dateparser's search_dates finding the dates alone.

Alignment with the PFSA-ID guidelines (read from the data, not fitted): a STATEMENT is a
direct quotation including its quote marks, a CUE is the speech verb of a quotation
(kata, ujarnya …), a PERSON is the speaker's name as written (PERSON or PERSONCOREF): a
pronoun written as a word ("ujar dia") is itself the PERSON, and the speaker of a
paraphrase that leads into that speaker's next quote is marked too.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dateparser.search import search_dates  # noqa: E402

from saring.config import shared_dir  # noqa: E402
from saring.language import analyze  # noqa: E402
from saring.language.attribution import POST_CUES, extract_attributions  # noqa: E402
from saring.language.entities import extract_entities  # noqa: E402
from saring.language.sentences import split_sentences  # noqa: E402
from saring.model import Article, Span  # noqa: E402
from saring.reader import read_paths  # noqa: E402

PUBLISHED_SPACY_F = 82.0
LABELS = ("PERSON", "CUE", "STATEMENT")
GOLD_OF = {"PERSON": "PERSON", "PERSONCOREF": "PERSON", "CUE": "CUE", "CUECOREF": "CUE",
           "STATEMENT": "STATEMENT"}  # fmt: skip
_NO_SPACE_BEFORE = frozenset(",.;:)?!%]")
_NO_SPACE_AFTER = frozenset("([")
_QUOTES = frozenset("“”\"")


@dataclass
class Doc:
    text: str
    sentences: list[tuple[int, int]]  # token index ranges of PFSA sentences
    offsets: list[tuple[int, int]]  # per token, character offsets in text
    gold: dict[str, set[tuple[int, int]]]  # label -> token spans [start, end)


def load_pfsa(path: Path) -> list[Doc]:
    """PFSA-ID as documents: a new one at each "CITY, KOMPAS —" dateline."""
    docs: list[list[list[tuple[str, str]]]] = [[]]
    sentence: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if sentence:
                if _is_dateline(sentence) and docs[-1]:
                    docs.append([])
                docs[-1].append(sentence)
                sentence = []
            continue
        token, _, label = line.partition("\t")
        sentence.append((token, label.strip() or "O"))
    if sentence:
        docs[-1].append(sentence)
    return [_build_doc(d) for d in docs if d]


def _is_dateline(sentence: list[tuple[str, str]]) -> bool:
    words = [t for t, _ in sentence[:6]]
    return "KOMPAS" in words and any(w in ("—", "–", "-") for w in words)


def _build_doc(sentences: list[list[tuple[str, str]]]) -> Doc:
    """Detokenise (commas and closing quotes attach left, opening ones right) and keep
    each token's character offsets, so predicted character spans map back to tokens."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    labels: list[str] = []
    bounds: list[tuple[int, int]] = []
    pos = 0
    glue_next = True
    quote_open = False
    for sentence in sentences:
        first = len(offsets)
        for k, (token, label) in enumerate(sentence):
            attach_left = glue_next or token in _NO_SPACE_BEFORE
            closing = token in _QUOTES and _closes(sentence, k, quote_open)
            if token in _QUOTES:
                quote_open = not closing
            if token in _QUOTES:
                attach_left = glue_next or closing
            if parts and not attach_left:
                parts.append(" ")
                pos += 1
            parts.append(token)
            offsets.append((pos, pos + len(token)))
            labels.append(label)
            pos += len(token)
            glue_next = token in _NO_SPACE_AFTER or (token in _QUOTES and not closing)
        bounds.append((first, len(offsets)))
    gold: dict[str, set[tuple[int, int]]] = {label: set() for label in LABELS}
    start = None
    for i, label in enumerate(labels):
        if label == "O":
            continue
        prefix, _, kind = label.partition("-")
        target = GOLD_OF.get(kind)
        if target is None:
            continue
        if prefix == "U":
            gold[target].add((i, i + 1))
        elif prefix == "B":
            start = i
        elif prefix == "L" and start is not None:
            gold[target].add((start, i + 1))
            start = None
    return Doc("".join(parts), bounds, offsets, gold)


def _closes(sentence: list[tuple[str, str]], k: int, quote_open: bool) -> bool:
    """Whether the quote mark at ``k`` closes a quotation (PFSA writes ” for both): by the
    words around it where they tell, else by parity."""
    if sentence[k][0] == "“":
        return False
    after = sentence[k + 1][0] if k + 1 < len(sentence) else ""
    if after[:1].islower() or after in (".", ","):
        return True
    if after[:1].isupper() or after == "(":
        return False
    return quote_open


def to_tokens(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    inside = [i for i, (s, e) in enumerate(doc.offsets) if s < end and e > start]
    return (inside[0], inside[-1] + 1) if inside else None


def predict(doc: Doc, ner: bool = False) -> dict[str, set[tuple[int, int]]]:
    """Our rule-based attributions (with the NER's person mentions when ``ner``), mapped
    onto PFSA's span conventions."""
    sentences = split_sentences(doc.text)
    entities = extract_entities(doc.text) if ner else None
    found = extract_attributions(doc.text, sentences, entities)
    out: dict[str, set[tuple[int, int]]] = {label: set() for label in LABELS}
    for a, quoted in zip(found, found[1:]):
        # PFSA also marks the speaker of a paraphrase that leads into their quote
        # ("Rahmat Effendi mengatakan, … . “…,” kata Rahmat.")
        if (not a.direct and quoted.direct and a.speaker_span is not None and a.speaker
                and not a.unnamed_source and quoted.speaker_canonical == a.speaker_canonical):
            span = to_tokens(doc, a.speaker_span.start, a.speaker_span.end)
            if span:
                out["PERSON"].add(span)
    last_mention = {}  # canonical speaker -> span of its last written mention
    for a in found:
        if a.speaker_span is not None:
            last_mention[a.speaker_canonical] = a.speaker_span
        if not a.direct or a.content_span is None:
            continue
        mention = (a.speaker_span or _pronoun_beside(doc.text, a.cue_span)
                   or last_mention.get(a.speaker_canonical))
        if mention is not None and a.speaker and not a.unnamed_source:
            span = to_tokens(doc, mention.start, mention.end)
            if span:
                out["PERSON"].add(span)
        if a.cue_span is not None:
            span = to_tokens(doc, a.cue_span.start, a.cue_span.end)
            if span:
                out["CUE"].add(span)
        start, end = _with_quote_marks(doc.text, a.content_span.start, a.content_span.end)
        span = to_tokens(doc, start, end)
        if span:
            out["STATEMENT"].add(span)
    return out


_PRONOUN_AFTER = re.compile(r"\s+(dia|ia|beliau|mereka)\b", re.I)
_PRONOUN_BEFORE = re.compile(r"\b(dia|ia|beliau|mereka)\s+$", re.I)


def _pronoun_beside(text: str, cue: Span | None) -> Span | None:
    """ "ujar dia" / "Ia mengatakan": PFSA marks the pronoun as the speaker (PERSONCOREF)
    where our attribution names the person it stands for."""
    if cue is None:
        return None
    m = _PRONOUN_AFTER.match(text[cue.end : cue.end + 12])
    if m:
        return Span(m.group(1), cue.end + m.start(1), cue.end + m.end(1))
    lo = max(0, cue.start - 12)
    m = _PRONOUN_BEFORE.search(text[lo : cue.start])
    if m:
        return Span(m.group(1), lo + m.start(1), lo + m.end(1))
    return None


def _with_quote_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """A direct quotation's span widened to its quote marks, as PFSA-ID annotates it."""
    s = start
    while s > 0 and text[s - 1] in " \n":
        s -= 1
    if s > 0 and text[s - 1] in _QUOTES:
        start = s - 1
    e = end
    while e < len(text) and text[e] in " \n,.?!":
        e += 1
    if e < len(text) and text[e] in _QUOTES:
        end = e + 1
    return start, end


def baseline(doc: Doc) -> dict[str, set[tuple[int, int]]]:
    """Cue word list only: in each sentence, the first cue word; the words before it are the
    statement, the capitalised words right after it the speaker."""
    out: dict[str, set[tuple[int, int]]] = {label: set() for label in LABELS}
    cue_words = set(POST_CUES) | {c + "nya" for c in POST_CUES}
    for first, last in doc.sentences:
        words = [doc.text[s:e] for s, e in doc.offsets[first:last]]
        for k, word in enumerate(words):
            if word.lower() in cue_words and k > 0:
                out["CUE"].add((first + k, first + k + 1))
                out["STATEMENT"].add((first, first + k))
                j = k + 1
                while j < len(words) and words[j][:1].isupper():
                    j += 1
                if j > k + 1:
                    out["PERSON"].add((first + k + 1, first + j))
                break
    return out


def score(gold: list[set], pred: list[set]) -> dict[str, float]:
    """Exact: the same token span. Overlap: a predicted span touching a gold one counts for
    precision, a gold span touched by a prediction for recall."""
    tp = fp = fn = 0
    o_p = o_r = n_p = n_g = 0
    for g, p in zip(gold, pred):
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
        n_p += len(p)
        n_g += len(g)
        o_p += sum(1 for s in p if any(s[0] < e and t < s[1] for t, e in g))
        o_r += sum(1 for s in g if any(s[0] < e and t < s[1] for t, e in p))
    exact = _f1(tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)
    overlap = _f1(o_p / n_p if n_p else 0.0, o_r / n_g if n_g else 0.0)
    return {"exact": exact, "overlap": overlap, "gold": n_g, "pred": n_p}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def run_pfsa(shared: Path, ner: bool) -> None:
    """Span F1 of our rules (and with the NER) beside the simple baseline, per label."""
    path = shared / "data" / "attribution" / "pfsa-id-dev-40.txt"
    docs = load_pfsa(path)
    systems = {"rules": [predict(d) for d in docs]}
    if ner:
        systems["rules+NER"] = [predict(d, ner=True) for d in docs]
    systems["baseline"] = [baseline(d) for d in docs]
    print(f"PFSA-ID dev: {len(docs)} documents, {sum(len(d.offsets) for d in docs)} tokens; "
          "F1 exact / overlap (predicted spans)")
    print(f"{'label':<10} {'gold':>5} | " + " | ".join(f"{name:>20}" for name in systems))
    macro: dict[str, list[dict]] = {name: [] for name in systems}
    for label in LABELS:
        gold = [d.gold[label] for d in docs]
        cells = []
        for name, predictions in systems.items():
            r = score(gold, [p[label] for p in predictions])
            macro[name].append(r)
            cells.append(f"{r['exact']:.3f} / {r['overlap']:.3f} ({r['pred']:>4})")
        print(f"{label:<10} {len(docs) and sum(len(g) for g in gold):>5} | " + " | ".join(
            f"{c:>20}" for c in cells))
    for name, rows in macro.items():
        exact = sum(r["exact"] for r in rows) / len(rows)
        overlap = sum(r["overlap"] for r in rows) / len(rows)
        print(f"macro F ({name}): exact {100 * exact:.1f}  overlap {100 * overlap:.1f}")
    print(f"published spaCy baseline (trained on PFSA-ID), overall F: {PUBLISHED_SPACY_F}")
    print("goal: STATEMENT overlap >= 0.85, CUE overlap >= 0.90")


# The seed's attributions that issue 5 lists: (speaker, stance, words of the content).
SEED_EXPECTED = [
    ("Kim Jong Un", "asserts", "Berkat pertemuan penting"),
    ("Amerika Serikat (AS), Korea Selatan, dan mitra mereka", "asserts", "telah memasok artileri"),
    ("NHK", "reports", "bersiap untuk mengunjungi Korea Utara dan Vietnam"),
    ("NHK", "reports", "Putin diperkirakan akan mengupayakan"),
    ("Vedomosti", "reports", "dalam beberapa minggu mendatang"),
    ("Alexander Matsegora", "asserts", "persiapan kunjungan Putin"),
    ("Rusia dan Korea Utara", "not-confirmed", "rencana perjalanan"),
    ("Dmitry Peskov", "asserts", "Kunjungan tersebut sedang direncanakan"),
    ("Korea Utara dan Rusia", "denies", "transfer senjata"),
    ("Shin Wonsik", "asserts", "7.000 kontainer"),
    ("", "reports", "Kim Jong Un disebut telah mendorong"),  # hedged, no named source
]


def run_seed(shared: Path) -> None:
    """The seed, read by the reader, against the attributions issue 5 lists."""
    article = next(a for a in read_paths([str(shared / "seeds" / "000_06c8b470d410e0ad.txt")])
                   if isinstance(a, Article))
    analyze(article)
    found = 0
    for speaker, stance, words in SEED_EXPECTED:
        ok = any(a.speaker_canonical == speaker and a.stance == stance and words in a.content
                 for a in article.attributions)
        found += ok
        if not ok:
            print(f"  seed: missing {speaker or '(no named source)'} — {stance} — {words}")
    print(f"seed: {found}/{len(SEED_EXPECTED)} listed attributions with the right speaker and "
          f"stance ({len(article.attributions)} found in all)")


_DATEPARSER_SAMPLE = 50  # dateparser is slow: a sample is enough for its rate


def run_speed(shared: Path, limit: int, ner: bool) -> None:
    """analyze() articles per CPU second, beside dateparser finding the dates alone."""
    articles = _news_articles(shared, limit)
    if not articles:
        print("speed: no news CSV found")
        return
    chars = sum(len(a.text) for a in articles)
    for label, use_ner in (("without NER", False), ("with NER", True)) if ner else (
            ("without NER", False),):
        t0 = time.process_time()
        for a in articles:
            analyze(a, entities=use_ner)
        cpu = time.process_time() - t0
        print(f"speed {label}: {len(articles)} articles ({chars / len(articles):.0f} chars avg) "
              f"in {cpu:.2f} s CPU = {len(articles) / cpu:.0f} articles/s/core (bar: 100)")
    sample = articles[:_DATEPARSER_SAMPLE]
    t0 = time.process_time()
    found = sum(len(search_dates(a.text, languages=["id"]) or []) for a in sample)
    cpu = time.process_time() - t0
    ours = sum(len(a.times or []) for a in sample)
    print(f"baseline, dateparser.search_dates('id') for dates alone: {len(sample) / cpu:.0f} "
          f"articles/s/core on {len(sample)} articles ({found} dates found; ours: {ours})")


def _news_articles(shared: Path, limit: int) -> list[Article]:
    """Distinct articles of the news CSVs, as the reader makes them."""
    seen: set[str] = set()
    out: list[Article] = []
    for item in read_paths([str(p) for p in sorted((shared / "data" / "news").glob("*.csv"))]):
        if isinstance(item, Article) and item.url not in seen:
            seen.add(item.url)
            out.append(item)
            if len(out) >= limit:
                break
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000,
                        help="news articles for the speed run")
    parser.add_argument("--no-ner", action="store_true",
                        help="leave the NER model out (PFSA-ID and speed runs)")
    args = parser.parse_args()
    shared = shared_dir()
    if shared is None:
        print("../shared is absent: nothing to measure")
        return 1
    run_pfsa(shared, ner=not args.no_ner)
    run_seed(shared)
    run_speed(shared, args.articles, ner=not args.no_ner)
    return 0


if __name__ == "__main__":
    sys.exit(main())
