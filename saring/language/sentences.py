"""Indonesian sentence splitting with character offsets into the article's text.

News sentences are the unit a fact-checker quotes, so a boundary must never fall after an
abbreviation ("No.", "Rp.", "dr.", "H.", "S.H."), inside a number ("7.000", "12.45") or between
a closing quote and its full stop. Quotes may hold several sentences: we split inside them at
real boundaries, and the opening and closing marks stay with the sentences they belong to.
Everything is one left-to-right scan with bounded look-behind, so input size never blows up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from saring.model import Sentence

# Abbreviations after which a full stop does not end a sentence (compared lower-cased).
ABBREVIATIONS = frozenset(
    """
    no nomor rp dr drs dra ir prof h hj kh st s.h s.e s.pd s.ag s.kom s.sos s.t s.ip m.si
    m.sc m.h m.m m.pd ph.d phd jl jln kab kec kel kp rt rw tbk sdr sdri bpk yth ybs dll dsb
    dkk dst tsb tgl a.n u.p vs mr mrs ms jr sr co inc ltd corp gen kol let brig ny nn pol
    kapt mayjen brigjen letjen jend bp bu pak an hlm hal ket lamp ds desa prov kota ttd
    a.m p.m e.g i.e etc approx dept est min maks max ca cf dok foto ilustrasi
    """.split()
)

# A candidate boundary: terminal punctuation, any closing quotes/brackets, then space.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)|(?<=[a-z0-9)][.!?])(?=[“\"][A-Z])")
# The word right before a full stop, to check it against the abbreviations and initials.
_WORD_BEFORE = re.compile(r"([^\W\d_](?:[^\W\d_]|\.)*)$")
_OPENING_QUOTES = "“«\"'‘"
_PARAGRAPH = re.compile(r"\n\s*\n")
_LIST_AFTER_COLON = re.compile(r"[:;]\s*\d{1,2}$")
_LIST_MARK = 8  # longest "sentence" that may be only a list number ("12.", "(3).")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` (paragraphs separated by blank lines), offsets into ``text``."""
    out: list[Sentence] = []
    for paragraph, (p_start, p_end) in enumerate(_paragraph_bounds(text)):
        for s, e in _split_paragraph(text, p_start, p_end):
            out.append(Sentence(text=text[s:e], start=s, end=e, paragraph=paragraph))
    return out


def _paragraph_bounds(text: str) -> Iterable[tuple[int, int]]:
    pos = 0
    for m in _PARAGRAPH.finditer(text):
        yield pos, m.start()
        pos = m.end()
    yield pos, len(text)


def _split_paragraph(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    sentence_start = start
    for m in _BOUNDARY.finditer(text, start, end):
        cut = m.end()
        if not _is_boundary(text, m.start(), cut, end):
            continue
        if cut - sentence_start <= _LIST_MARK and not _has_letter(text, sentence_start, cut):
            continue  # "1." opening a list item is not a sentence of its own
        s, e = _strip(text, sentence_start, cut)
        if s < e:
            yield s, e
        sentence_start = cut
    s, e = _strip(text, sentence_start, end)
    if s < e:
        yield s, e


def _is_boundary(text: str, punct: int, cut: int, end: int) -> bool:
    """Decide whether the punctuation at ``punct`` ends a sentence."""
    nxt = _next_visible(text, cut, end)
    if nxt is None:
        return False  # the paragraph end closes the last sentence anyway
    if nxt.islower() or nxt in ",;:)]”’":
        return False  # "dr. Anwar" is caught below; a lower-case word continues the sentence
    if text[punct] == "." and _LIST_AFTER_COLON.search(text, max(0, punct - 6), punct):
        return False  # "Daftar direksi: 1. Darmawan …"
    if text[punct] == "." and cut - punct == 1 and text[cut - 1] == ".":
        before = _WORD_BEFORE.search(text, max(0, punct - 20), punct)
        if before:
            word = before.group(1).lower()
            if word in ABBREVIATIONS or word.rstrip(".") in ABBREVIATIONS:
                return False
            if len(word) == 1 and text[punct - 1].isupper():
                return False  # an initial: "H. Agus", "M. Yusuf"
            if "." in word and all(len(p) <= 2 for p in word.split(".")):
                return False  # "S.H.", "a.n."
    return True


def _has_letter(text: str, start: int, end: int) -> bool:
    return any(ch.isalpha() for ch in text[start:end])


def _next_visible(text: str, pos: int, end: int) -> str | None:
    limit = min(end, pos + 40)
    while pos < limit and text[pos].isspace():
        pos += 1
    if pos >= limit:
        return None
    ch = text[pos]
    if ch in _OPENING_QUOTES or (ch in "”’" and pos + 1 < end and text[pos + 1].isalnum()):
        return "A"  # a new quotation opens a new sentence (Kompas opens with ” too)
    return ch


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
