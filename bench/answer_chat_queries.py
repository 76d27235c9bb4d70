"""Write chat-style query sets of a second generator (bench/data/answer_chat_{dev,test}.jsonl).

The template generator (bench/answer_queries.py) asks with the fact-check's own words; people
do not. This generator rewrites a claim the way readers retell it, with operations the
templates never use: it keeps only some of the claim's words, in any order, swaps words for
the chat spellings real people use (the Colloquial Indonesian Lexicon, read from ../shared,
formal -> slang, never shipped) and for the other names of a thing (saring's alias tables),
writes numbers as words, and wraps the result in chat frames ("min mau nanya", "wkwk",
"katanya"). Claims are split by fact-check, not by query: the dev file rewrites the claims of
answer_dev.jsonl and half of the withheld fact-checks (no-match), the test file those of
answer_test.jsonl and the other half. The tuner reads only the dev file.

    python bench/answer_chat_queries.py [--seed 11]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
from collections import Counter, defaultdict
from pathlib import Path

from answer_common import CSV, DATA, REPO  # noqa: F401  (REPO puts saring on the path)
from answer_queries import narrative, slug_title

from saring.answer.query import rarity
from saring.config import shared_dir
from saring.language.aliases import expansions
from saring.text.tokens import STOPWORDS, tokenize

LEXICON = "data/colloquial/colloquial-indonesian-lexicon.csv"
FRAMES = [
    "min mau nanya {} itu beneran?", "{} ini hoax gak sih", "katanya {} ya?", "{} wkwk serius?",
    "td dpt kiriman {} , asli ga?", "tolong dicek dong {}", "{}??", "ada yg tau soal {}",
    "lagi rame {} bener ga", "{} , percaya gak?", "emg iya {}", "kak {} itu fakta?", "{}",
]
FORWARD_FRAMES = [
    "{} !!! 😱😱 sebarin ke grup", "📢📢 {} . share sebelum dihapus", "INFO A1 : {} 🙏",
    "{} ⚠️⚠️ kasih tau keluarga kalian", "dari grup sebelah: {}",
]
NUMBER_WORDS = {"1": "satu", "2": "dua", "3": "tiga", "4": "empat", "5": "lima", "6": "enam", "7": "tujuh",
                "8": "delapan", "9": "sembilan", "10": "sepuluh"}
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def slang_table(shared: Path, half: int = 0) -> dict[str, list[str]]:
    """formal word -> chat spellings seen at least twice in the lexicon (most common first), for
    one half of the formal words (by hash): the generator uses half 0, the colloquial
    evaluation set (bench/answer_trust.py) half 1, so no respelling is both tuned and tested."""
    counts: dict[str, Counter] = defaultdict(Counter)
    with open(shared / LEXICON, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            formal, slang = row["formal"].strip().lower(), row["slang"].strip().lower()
            if formal and slang and " " not in formal and slang != formal and slang.isalpha():
                counts[formal][slang] += 1
    return {f: [s for s, n in c.most_common(3) if n >= 2] for f, c in counts.items()
            if c.most_common(1)[0][1] >= 2 and int(hashlib.sha1(f.encode()).hexdigest(), 16) % 2 == half}


def rewrite(text: str, rng: random.Random, slang: dict[str, list[str]], keep: float) -> str:
    """Some of the text's words, chat-spelled and renamed; order shuffled a little."""
    words = [w for w in re.findall(r"[^\W_]+(?:-[^\W_]+)*", text) if w]
    content = [w for w in words if w.lower() not in STOPWORDS]
    # a reader keeps what the story is about: its two rarest words, then some of the others
    rarest = set(sorted(content, key=lambda w: -rarity(w.lower()))[:2])
    chosen = [w for w in content if w in rarest or rng.random() < keep]
    out = []
    for word in chosen:
        low = word.lower()
        others = [e for e in expansions(word) if e.lower() != low and len(e) < 30]
        if others and rng.random() < 0.5:
            out.append(rng.choice(sorted(others)))
        elif low in slang and slang[low] and rng.random() < 0.45:
            out.append(rng.choice(slang[low]))
        elif low in NUMBER_WORDS and rng.random() < 0.5:
            out.append(NUMBER_WORDS[low])
        else:
            out.append(low if rng.random() < 0.8 else word)
    if len(out) > 3 and rng.random() < 0.4:  # a reader retells in their own order
        i = rng.randrange(len(out) - 1)
        out[i], out[i + 1] = out[i + 1], out[i]
    return " ".join(out)


def claim_texts(row: dict) -> list[str]:
    title = slug_title(row["url"])
    story = narrative(row["narasi"])
    first = " ".join(_SENTENCE.split(story)[:2])[:300] if story else ""
    return [t for t in (title, first) if t]


def queries_for(row: dict, rng: random.Random, slang: dict, expected: str | None, split: str) -> list[dict]:
    title, *rest = claim_texts(row)
    story = rest[0] if rest else title
    made = [
        ("chat-keyword", rewrite(title, rng, slang, keep=0.45)),
        ("chat-question", rng.choice(FRAMES).format(rewrite(title, rng, slang, keep=0.7))),
        ("chat-forwarded", rng.choice(FORWARD_FRAMES).format(rewrite(story, rng, slang, keep=0.8))),
    ]
    return [{"query": q, "type": t if expected else "no-match", "expected_url": expected, "split": split,
             "about": "chat-rewrite"} for t, q in made if len([w for w in tokenize(q) if w not in STOPWORDS]) >= 3]


def half(url: str) -> str:
    return "dev" if int(hashlib.sha1(url.encode()).hexdigest(), 16) % 2 == 0 else "test"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    shared = shared_dir()
    if shared is None:
        raise SystemExit("../shared is absent: the generator reads its fact-checks and lexicon")
    rng = random.Random(args.seed)
    slang = slang_table(shared)
    with open(shared / CSV, encoding="utf-8-sig", newline="") as fh:
        rows = {r["url"]: r for r in csv.DictReader(fh)}
    withheld = [json.loads(line)["withheld_url"] for line in (DATA / "answer_withheld.jsonl").open()]
    for split in ("dev", "test"):
        claims = sorted({json.loads(line)["expected_url"] for line in (DATA / f"answer_{split}.jsonl").open()} - {None})
        other_split = "test" if split == "dev" else "dev"
        other = {json.loads(line)["expected_url"] for line in (DATA / f"answer_{other_split}.jsonl").open()}
        claims = [c for c in claims if c not in other and c in rows]  # a claim in both splits is left out
        out = [q for url in claims for q in queries_for(rows[url], rng, slang, url, split)]
        out += [q for url in withheld if half(url) == split and url in rows
                for q in queries_for(rows[url], rng, slang, None, split)[:2]]
        path = DATA / f"answer_chat_{split}.jsonl"
        path.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in out), encoding="utf-8")
        print(f"{path.relative_to(REPO)}: {len(out)} queries, {Counter(q['type'] for q in out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
