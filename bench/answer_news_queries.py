"""Write the news-reporting query sets (bench/data/answer_news_{dev,test}.jsonl).

Built from the shared 2025 news CSVs (../shared/data/news), read with saring's reader and
analysed with saring.language.analyze: for an article with a named speaker, a question about
what that speaker said on the article's subject, with the article URL as the answer.
Dev and held-out test use different articles, different words and different templates:

- dev  reporting: "apa kata <speaker> soal <title words>" or "bagaimana tanggapan <speaker> terkait
  <words of the statement>" (every other article);  keyword: <speaker> + title words, or the
  statement's words alone
- test reporting: "<speaker> bilang apa tentang <words of the statement>", "benarkah <speaker>
  membantah ..." (denials), "siapa yang bilang <words of the statement>";  keyword: statement words
- no-match: questions about articles withheld from the archive, nothing close left in it
  (listed as {"withheld_news_url"} lines in answer_news_withheld.jsonl).

    python bench/answer_news_queries.py [--per-split 100] [--no-match 25]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from saring.config import shared_dir  # noqa: E402
from saring.text.tokens import STOPWORDS, index_terms, tokenize  # noqa: E402

DATA = REPO / "bench" / "data"
NEWS_DIR = "data/news"
_PRONOUN = re.compile(r"^(?:ia|dia|mereka|beliau|kami|kita|saya|aku|-?nya)$", re.IGNORECASE)
# Words of the news genre (and of the scrapes' leftovers), not of any one story.
GENRE = set("""baca juga advertisement scroll continue content video foto berita jakarta liputan6 detik
    okezone tempo kompas republika com wib""".split())


def news_articles(shared: Path) -> list:
    """Every distinct article of the shared news CSVs (first copy of a URL), analysed."""
    from saring.language import analyze
    from saring.model import Article
    from saring.reader import read_paths

    seen: dict[str, Article] = {}
    for item in read_paths(sorted(str(p) for p in (shared / NEWS_DIR).glob("*.csv"))):
        if isinstance(item, Article) and item.url and item.body and item.url not in seen:
            seen[item.url] = analyze(item, entities=False)
    return list(seen.values())


def speaker_of(attribution) -> str:
    """A speaker a reader could name: capitalised, not a pronoun, at most four words."""
    name = attribution.speaker_canonical or attribution.speaker
    words = name.split()
    if not words or len(words) > 4 or _PRONOUN.match(name) or not name[:1].isupper():
        return ""
    return name


def distinctive(text: str, df: Counter, exclude: set[str], count: int) -> list[str]:
    """The `count` rarest content words of a text (document frequency), in text order."""
    words = [w for w in dict.fromkeys(tokenize(text)) if w not in STOPWORDS and w not in GENRE
             and w not in exclude and not w[:1].isdigit() and len(w) > 2]
    rarest = set(sorted(words, key=lambda w: (df[w], w))[:count])
    return [w for w in words if w in rarest]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-split", type=int, default=100, help="answerable queries per split")
    parser.add_argument("--no-match", type=int, default=25, help="no-match queries per split")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    shared = shared_dir()
    if shared is None:
        sys.exit("../shared is absent")
    rng = random.Random(args.seed)
    articles = news_articles(shared)
    df: Counter = Counter()
    for article in articles:
        df.update(set(tokenize(f"{article.title} {article.text}")))
    usable = []
    for article in articles:
        named = [(speaker_of(a), a) for a in article.attributions or [] if a.content]
        named = [(s, a) for s, a in named if s and len(index_terms(a.content)) >= 6]
        if named:
            usable.append((article, named))
    rng.shuffle(usable)
    withheld, kept = pick_withheld(usable, articles, 2 * args.no_match)
    halves = {"dev": kept[: len(kept) // 2], "test": kept[len(kept) // 2 :]}
    nm = {"dev": withheld[: args.no_match], "test": withheld[args.no_match :]}
    for split in ("dev", "test"):
        rows = []
        for number, (article, named) in enumerate(halves[split][: args.per_split]):
            speaker, attribution = rng.choice(named)
            rows += make_queries(split, article, speaker, attribution, df, rng, statement=number % 2 == 1)
        for article, named in nm[split]:
            speaker, attribution = named[0]
            query = make_queries(split, article, speaker, attribution, df, rng)[0]
            rows.append({**query, "type": "no-match", "expected_url": None})
        with (DATA / f"answer_news_{split}.jsonl").open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{split}: {Counter(r['type'] for r in rows)}")
    with (DATA / "answer_news_withheld.jsonl").open("w", encoding="utf-8") as fh:
        for article, _ in withheld:
            fh.write(json.dumps({"withheld_news_url": article.url}) + "\n")
    return 0


def make_queries(split, article, speaker, attribution, df, rng, statement: bool = False) -> list[dict]:
    """A reporting question and a keyword query about one article (templates differ by split;
    dev alternates between the headline's words and the statement's)."""
    exclude = set(tokenize(speaker))
    if split == "dev" and not statement:
        topic = " ".join(distinctive(article.title, df, exclude, 3))
        keyword = f"{speaker} {topic}"
        question = f"apa kata {speaker} soal {topic}?"
    elif split == "dev":
        topic = " ".join(distinctive(attribution.content, df, exclude, 3))
        keyword = topic
        question = f"bagaimana tanggapan {speaker} terkait {topic}?"
    else:
        topic = " ".join(distinctive(attribution.content, df, exclude, 3))
        keyword = " ".join(distinctive(attribution.content, df, exclude, 4))
        if attribution.stance == "denies":
            question = f"benarkah {speaker} membantah {topic}?"
        else:
            question = rng.choice([f"{speaker} bilang apa tentang {topic}?", f"siapa yang bilang {topic}?"])
    base = {"expected_url": article.url, "split": split, "speaker": speaker}
    return [{"query": question, "type": "news-question", **base},
            {"query": keyword, "type": "news-keyword", **base}]


def pick_withheld(usable: list, articles: list, count: int) -> tuple[list, list]:
    """Articles to keep out of the archive: no other article shares three of its title words."""
    titles = [(a.url, set(index_terms(a.title))) for a in articles]
    withheld, kept = [], []
    for article, named in usable:
        terms = set(index_terms(article.title))
        close = any(url != article.url and len(terms & other) >= 3 for url, other in titles)
        if len(withheld) < count and not close and len(terms) >= 4:
            withheld.append((article, named))
        else:
            kept.append((article, named))
    return withheld, kept


if __name__ == "__main__":
    raise SystemExit(main())
