"""Alias groups of names (Korut = Korea Utara = North Korea; Jokowi = Joko Widodo; PLN =
Perusahaan Listrik Negara), shared by entity extraction and the answer layer so that both
agree on what one real-world thing is called.

The groups live in ``saring/data/aliases/*.tsv``: one group per line, tab-separated,
canonical name first, ``#`` starts a comment line. ``people``, ``places``,
``organisations`` and ``events`` also give the entity label of their names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from saring.text.tokens import fold

ALIAS_DIR = Path(__file__).resolve().parent.parent / "data" / "aliases"

LABEL_OF_FILE = {
    "people": "PERSON",
    "places": "LOCATION",
    "organisations": "ORGANISATION",
    "events": "EVENT",
}

# Upper-case aliases that are also ordinary words ("as", "who", "pan") only count when
# written in capitals; two-letter ones always (AS, UN, MA, BI ...).
_WORDLIKE_ACRONYMS = frozenset({"bin", "diy", "kai", "pan", "who", "ori", "psi", "usa"})

_PUNCT_IN_NAME = re.compile(r"[.'’`]")
_SEPARATORS = re.compile(r"[\s\-‐–—_,]+")


@dataclass(frozen=True)
class AliasGroup:
    canonical: str
    names: tuple[str, ...]  # canonical first
    label: str  # PERSON, LOCATION, ORGANISATION, EVENT, or "" when the file gives none


@lru_cache(maxsize=100_000)
def name_key(name: str) -> str:
    """Comparable form of a name: folded, no dots or apostrophes, hyphens as spaces,
    so "Kim Jong-un" = "Kim Jong Un", "U.S." = "US", "Ma'ruf" = "Maruf"."""
    return _SEPARATORS.sub(" ", _PUNCT_IN_NAME.sub("", fold(name))).strip()


def case_sensitive(alias: str) -> bool:
    """Whether an alias must be matched as written (acronyms that are also common words)."""
    letters = _PUNCT_IN_NAME.sub("", alias)
    return letters.isupper() and (len(letters) <= 2 or letters.lower() in _WORDLIKE_ACRONYMS)


@lru_cache(maxsize=1)
def groups() -> tuple[AliasGroup, ...]:
    """All alias groups, read once per process; labelled files first so they win ties."""
    files = sorted(ALIAS_DIR.glob("*.tsv"), key=lambda p: (p.stem not in LABEL_OF_FILE, p.name))
    out: list[AliasGroup] = []
    for path in files:
        label = LABEL_OF_FILE.get(path.stem, "")
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            names = tuple(dict.fromkeys(n.strip() for n in line.split("\t") if n.strip()))
            out.append(AliasGroup(names[0], names, label))
    return tuple(out)


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """(folded key -> groups, exact spelling -> groups) for case-insensitive and case-sensitive names."""
    folded: dict[str, list[int]] = {}
    exact: dict[str, list[int]] = {}
    for i, group in enumerate(groups()):
        for name in group.names:
            table, key = (exact, name) if case_sensitive(name) else (folded, name_key(name))
            if i not in table.setdefault(key, []):
                table[key].append(i)
    return folded, exact


def _lookup(name: str) -> list[int]:
    folded, exact = _index()
    return exact.get(name.strip()) or exact.get(_PUNCT_IN_NAME.sub("", name.strip())) or folded.get(name_key(name), [])


def group_of(name: str) -> AliasGroup | None:
    """The alias group a name belongs to (the first one when it is ambiguous)."""
    found = _lookup(name)
    return groups()[found[0]] if found else None


def canonical(name: str) -> str | None:
    """The canonical name of a known alias ("Korut" -> "Korea Utara"), else None."""
    group = group_of(name)
    return group.canonical if group else None


def expansions(name: str) -> set[str]:
    """Every known way of writing the thing(s) a name may refer to, itself included."""
    out = {name}
    for i in _lookup(name):
        out.update(groups()[i].names)
    return out
