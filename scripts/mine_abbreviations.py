"""Mine abbreviation <-> long form pairs from the shared news and fact-check text.

Writers define an abbreviation once, in brackets: "Bantuan Langsung Tunai (BLT)" or "BLT
(Bantuan Langsung Tunai)". A pair is kept when the abbreviation's letters agree with the long
form (Schwartz & Hearst 2003: every letter found in order, the first at the start of the first
word, every content word used), when the same expansion is given consistently (>= 75% of the
abbreviation's definitions, at least twice unless it is never contradicted), and when the
abbreviation is not an ordinary word in lower case ("ASI" is also "asi") or already in another
alias file. Writes saring/data/aliases/abbreviations.tsv (unlabelled domain terms).

    python scripts/mine_abbreviations.py [--shared ../shared] [--min-count 2] [--print]
"""

from __future__ import annotations

import argparse
import collections
import csv
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "saring" / "data" / "aliases" / "abbreviations.tsv"
TEXT_COLUMNS = ("judul", "isi_berita", "narasi", "penjelasan", "kesimpulan", "hasil_periksa", "text")
# Words a long form may carry without a letter in the abbreviation.
FUNCTION_WORDS = frozenset(
    {"dan", "dari", "di", "ke", "untuk", "atau", "yang", "serta", "pada", "bagi",
     "of", "the", "and", "for", "in", "on", "to", "de"}
)
ABBR = r"[A-Z][A-Za-z&]{1,9}"
_LONG_THEN_ABBR = re.compile(r"((?:[^\W\d_][\w'’-]*[ \t]+){1,12}?)\((" + ABBR + r")\)")
_ABBR_THEN_LONG = re.compile(r"\b(" + ABBR + r")[ \t]+\(([^()\d]{4,120})\)")
_WORDS = re.compile(r"[^\W\d_][\w'’-]*")


def letters_agree(abbr: str, words: list[str]) -> list[str] | None:
    """The longest suffix of ``words`` that the abbreviation spells, or None ("Stabilitas Sistem
    Keuangan (SSK)", not "Sistem Keuangan", which also spells it).

    Letters are matched in order; the abbreviation's first letter starts the first word, every
    content word is entered at its first letter, and only function words may give none (so
    "PLN" is not "pukul lima nanti" unless the writers agree on it twice). A syllabic
    abbreviation written in mixed case (Kemenkes, Polri) needs a title-cased long form."""
    target = abbr.lower().replace("&", "")
    syllabic = sum(ch.isupper() for ch in abbr) < 2
    if syllabic and len(target) < 4:
        return None
    best = None
    for start in range(len(words) - 1, -1, -1):
        span = words[start:]
        if len([w for w in span if w.lower() not in FUNCTION_WORDS]) > len(target):
            break
        if span[0].lower() in FUNCTION_WORDS or span[0][0].lower() != target[0]:
            continue
        if syllabic and not all(w[0].isupper() for w in span if w.lower() not in FUNCTION_WORDS):
            continue
        if _spells(target, [w.lower() for w in span]):
            best = span
    return best


def _spells(target: str, words: list[str]) -> bool:
    """Whether target's letters occur in order through words as letters_agree describes."""

    def go(ti: int, wi: int, ci: int) -> bool:
        if ti == len(target):
            return all(w in FUNCTION_WORDS for w in words[wi + 1:])
        pos = words[wi].find(target[ti], ci)
        if pos >= 0 and go(ti + 1, wi, pos + 1):
            return True
        for wj in range(wi + 1, len(words)):
            if words[wj][0] == target[ti] and go(ti + 1, wj, 1):
                return True
            if words[wj] not in FUNCTION_WORDS:
                return False  # a content word cannot be skipped
        return False

    return bool(words) and words[0][0] == target[0] and go(1, 0, 1)


def texts(shared: Path):
    files = sorted((shared / "data" / "news").glob("*.csv")) + sorted((shared / "data" / "factchecks").glob("*.csv"))
    for path in files:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                for col in TEXT_COLUMNS:
                    if row.get(col):
                        yield row[col]
    return files


def mine(shared: Path) -> tuple[dict[str, collections.Counter], dict[str, collections.Counter]]:
    """abbreviation -> Counter of folded long forms, and folded long form -> Counter of spellings."""
    seen_text: set[int] = set()
    found: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    spellings: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for text in texts(shared):
        if hash(text) in seen_text:  # the news files repeat rows
            continue
        seen_text.add(hash(text))
        for m in _LONG_THEN_ABBR.finditer(text):
            span = letters_agree(m.group(2), _WORDS.findall(m.group(1)))
            if span:
                _add(found, spellings, m.group(2), span)
        for m in _ABBR_THEN_LONG.finditer(text):
            words = _WORDS.findall(m.group(2))
            span = letters_agree(m.group(1), words)
            if span and span == words:
                _add(found, spellings, m.group(1), span)
    return found, spellings


def _add(found, spellings, abbr: str, span: list[str]) -> None:
    long_form = " ".join(span)
    key = long_form.lower()
    found[abbr][key] += 1
    spellings[key][long_form] += 1


def is_wordlike(abbr: str) -> bool:
    """Whether the abbreviation in lower case is an ordinary word (it would match "asi", "ban")."""
    import wordfreq
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    roots = _roots(StemmerFactory)
    low = abbr.lower()
    return low in roots or wordfreq.zipf_frequency(low, "id") >= 3.5 or wordfreq.zipf_frequency(low, "en") >= 4.0


_ROOTS: list[frozenset[str]] = []


def _roots(factory) -> frozenset[str]:
    if not _ROOTS:
        _ROOTS.append(frozenset(factory().get_words_from_file()))
    return _ROOTS[0]


def _key(name: str) -> str:
    sys.path.insert(0, str(REPO))
    from saring.language.aliases import name_key

    return name_key(name)


def known_names() -> set[str]:
    """Every name of the other alias files (this file is regenerated, so it does not count)."""
    names: set[str] = set()
    for path in OUT.parent.glob("*.tsv"):
        if path != OUT:
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip() and not line.startswith("#"):
                    names.update(_key(n) for n in line.split("\t") if n.strip())
    return names


def select(found, spellings, min_count: int) -> list[tuple[str, str, int, int]]:
    """(long form as most often written, abbreviation, its count, all definitions of the abbreviation)."""
    known = known_names()
    out = []
    for abbr, forms in sorted(found.items()):
        total = sum(forms.values())
        key, count = forms.most_common(1)[0]
        consistent = count / total >= 0.75 and (count >= min_count or total == count)
        if not consistent or is_wordlike(abbr) or len(key.split()) < 2:
            continue
        long_form = spellings[key].most_common(1)[0][0]
        if _key(abbr) in known or _key(long_form) in known:
            continue  # already in another alias file: one table per fact
        out.append((long_form, abbr, count, total))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--min-count", type=int, default=2, help="definitions needed when an abbreviation has rivals")
    parser.add_argument("--print", action="store_true", help="print the pairs instead of writing the file")
    args = parser.parse_args()
    if not (args.shared / "data").is_dir():
        raise SystemExit(f"no shared data at {args.shared}")
    found, spellings = mine(args.shared)
    pairs = select(found, spellings, args.min_count)
    if args.print:
        for long_form, abbr, count, total in pairs:
            print(f"{abbr}\t{long_form}\t{count}/{total}")
        print(f"{len(pairs)} pairs from {len(found)} abbreviations defined", file=sys.stderr)
        return
    header = (
        "# abbreviations: one alias group per line, tab-separated, long form (canonical) first.\n"
        "# Mined automatically by scripts/mine_abbreviations.py from the shared 2025 news\n"
        "# (scrapping_news_2025-06-18/19.csv: judul, isi_berita) and fact-checks\n"
        "# (turnbackhoax_articles.csv, turnbackhoax_scraped_content.csv, indonesia_false_news_2015_2020.csv):\n"
        "# \"Long Form (ABBR)\" and \"ABBR (Long Form)\" whose letters agree, defined consistently.\n"
        "# Unlabelled domain terms (no entity label). Regenerate rather than edit by hand.\n"
    )
    OUT.write_text(header + "".join(f"{long_form}\t{abbr}\n" for long_form, abbr, _, _ in pairs), encoding="utf-8")
    print(f"wrote {len(pairs)} groups to {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
