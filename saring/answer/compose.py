"""The reply a reader gets: verdicts in words, who checked it and when, the gist, the link.

Indonesian by default, English for English (and Malay readers get Indonesian, which they
read). WhatsApp formatting (*bold*, _italic_) within WhatsApp's 4,096-character limit, and a
plain-text twin for SMS, Telegram without markup, logs and the web page.
"""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

from saring.answer.reporting import best_attribution, content_overlap
from saring.model import Article, Attribution, FactCheck, Item, Match
from saring.reader.verdicts import is_verdict_label, normalize_verdict
from saring.text.calendar import MONTH_NAMES
from saring.text.tokens import tokenize

MAX_CHARS = 4096
SUMMARY_CHARS = 320
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“A-Z0-9])")

VERDICT_WORDS = {
    "id": {"false": "SALAH", "misleading": "MENYESATKAN", "scam": "PENIPUAN", "satire": "SATIRE",
           "true": "BENAR", "unproven": "BELUM TERBUKTI", "": "DIPERIKSA"},
    "en": {"false": "FALSE", "misleading": "MISLEADING", "scam": "SCAM", "satire": "SATIRE",
           "true": "TRUE", "unproven": "UNPROVEN", "": "CHECKED"},
}
TEXTS = {
    "id": {
        "intro": "Ini yang sudah diperiksa tentang pesan Anda:",
        "news": "BERITA",
        "similar": "juga {n} cek fakta serupa (klaim yang sama diunggah akun lain)",
        "same_story": "berita yang sama juga dimuat di {n} tautan lain",
        "no_match": ("Belum ada cek fakta atau berita di arsip kami tentang klaim ini. Pesan Anda "
                     "kami catat untuk diperiksa. Sementara itu, jangan sebarkan dulu dan cek "
                     "sumber resminya."),
        "footer": "Saring sebelum sharing.",
        "related": ("Belum ada cek fakta yang pasti tentang klaim ini. Pesan Anda kami catat untuk "
                    "diperiksa. Mungkin terkait (klaim serupa, belum tentu sama; penilaiannya untuk "
                    "klaim itu sendiri):"),
        "checked_as": "dinilai {verdict} untuk klaimnya",
    },
    "en": {
        "intro": "Here is what has been checked about your message:",
        "news": "NEWS",
        "similar": "also {n} similar fact-checks (the same claim posted by other accounts)",
        "same_story": "the same story also ran under {n} other links",
        "no_match": ("We have no fact-check or news report about this claim yet. We have logged "
                     "your message so it can be checked. Until then, please do not forward it and "
                     "check the official source."),
        "footer": "Filter before you share. (Fact-checks are in Indonesian.)",
        "related": ("We have no fact-check that surely matches this claim; we have logged your message "
                    "so it can be checked. Possibly related (a similar claim, not necessarily the same; "
                    "its rating is for that claim):"),
        "checked_as": "rated {verdict} for its own claim",
    },
}
# The stance in words, by reply language; direct quotes take a colon and quotation marks.
STANCE_WORDS = {
    "id": {"asserts": "mengatakan", "reports": "melaporkan", "denies": "membantah",
           "expects": "memperkirakan", "confirms": "membenarkan", "not-confirmed": "belum mengonfirmasi"},
    "en": {"asserts": "said", "reports": "reported", "denies": "denied", "expects": "expects",
           "confirms": "confirmed", "not-confirmed": "has not confirmed"},
}
UNNAMED = {"id": "sumber yang tidak disebutkan namanya", "en": "an unnamed source"}
VIA = {"id": "dikutip dari {via}", "en": "via {via}"}
HEDGED = {"id": "(belum pasti)", "en": "(hedged)"}
HELP = {
    "empty": ("Kirim kata kunci, pertanyaan, atau teruskan pesan yang ingin dicek, misalnya: "
              "\"benarkah listrik mati total 3 hari se-Jawa Bali?\" / Send a few words, a question "
              "or forward the message you want checked."),
    "too-long": ("Pesannya terlalu panjang untuk dicek sekaligus. Kirim kalimat utamanya atau "
                 "judulnya saja (maksimal beberapa paragraf). / The message is too long: send its "
                 "main sentence or headline."),
    "unreadable": ("Maaf, kami baru bisa membaca pesan dalam bahasa Indonesia, Inggris, atau "
                   "Melayu. Kirim kata kunci atau pertanyaannya dalam salah satu bahasa itu. / "
                   "Sorry, we read Indonesian, English and Malay messages only."),
}
HELP["no-words"] = HELP["empty"]


def reply_language(language: str) -> str:
    return "en" if language == "en" else "id"


def verdict_word(verdict: str, verdict_label: str, language: str) -> str:
    """The publisher's own Indonesian label in Indonesian replies ("PARODI") when it is a verdict
    label that means the item's verdict; our word otherwise (a dataset's "REAL" or a section
    name such as "FAKTA" is never shown as if it were a rating)."""
    label = verdict_label.strip()
    if language == "id" and verdict and is_verdict_label(label) and normalize_verdict(label) == verdict \
            and indonesian(label):
        return label.upper()
    return VERDICT_WORDS[language].get(verdict, VERDICT_WORDS[language][""])


def indonesian(label: str) -> bool:
    """Whether a label reads as Indonesian ("Parodi", "Salah") rather than English ("False")."""
    words = tokenize(label)
    return bool(words) and all(zipf_frequency(w, "id") >= zipf_frequency(w, "en") for w in words)


def human_date(iso: str, language: str) -> str:
    """'2026-06-24T00:00:00+07:00' -> '24 Juni 2026' (or '24 June 2026')."""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
    if not m:
        return ""
    return f"{int(m[3])} {MONTH_NAMES[language][int(m[2]) - 1]} {m[1]}"


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s.strip()]


def summary_of(item: Item, limit: int = SUMMARY_CHARS) -> str:
    """One or two sentences from a fact-check's conclusion (or a report's lead)."""
    if isinstance(item, FactCheck):
        source = item.conclusion or item.explanation or item.claim
    else:
        source = item.lead or (item.body[0] if item.body else "")
    picked: list[str] = []
    for sentence in sentences(source)[:2]:
        if picked and len(" ".join(picked + [sentence])) > limit:
            break
        picked.append(sentence)
    return clip(" ".join(picked), limit)


def clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _entry(index: int, match: Match, language: str, bold: bool, summary_limit: int,
           related: bool = False) -> str:
    b = (lambda s: f"*{s}*") if bold else (lambda s: s)
    texts = TEXTS[language]
    if match.kind == "factcheck":
        label = verdict_word(match.verdict, match.verdict_label, language)
    else:
        label = texts["news"]
    when = human_date(match.published, language)
    if related:  # no badge: the rating belongs to that other claim, not to the reader's
        rated = texts["checked_as"].format(verdict=label) if match.kind == "factcheck" else label.lower()
        source = ", ".join(p for p in (match.publisher, when, rated) if p)
        lines = [f"{index}. {match.title}"]
    else:
        source = ", ".join(p for p in (match.publisher, when) if p)
        lines = [f"{index}. {b(label)} — {match.title}"]
    if source:
        lines.append(f"   {source}")
    body = match.evidence if match.kind == "news" and match.evidence else match.summary
    if body:
        lines.append(f"   {clip(body, summary_limit)}")
    if match.url:
        lines.append(f"   {match.url}")
    if match.also:
        note = texts["similar"] if match.kind == "factcheck" else texts["same_story"]
        lines.append(f"   ({note.format(n=len(match.also))})")
    return "\n".join(lines)


def compose(matches: list[Match], language: str, bold: bool = True, related: list[Match] | None = None) -> str:
    """The whole reply; summaries shrink until it fits MAX_CHARS. With no sure match, the
    "mungkin terkait" items (if any) follow the honest "not checked yet"."""
    language = reply_language(language)
    texts = TEXTS[language]
    shown = matches or related or []
    if not shown:
        return f"{texts['no_match']}\n\n{_italic(texts['footer'], bold)}"
    intro = texts["intro"] if matches else texts["related"]
    for limit in (SUMMARY_CHARS, 200, 120, 60):
        entries = [_entry(i, m, language, bold, limit, related=not matches) for i, m in enumerate(shown, 1)]
        text = "\n\n".join([intro, *entries, _italic(texts["footer"], bold)])
        if len(text) <= MAX_CHARS:
            return text
    return clip(text, MAX_CHARS)


def help_text(problem: str) -> str:
    """The polite short reply for a message we cannot search (empty, too long, unknown script)."""
    return HELP.get(problem, HELP["empty"])


def _italic(text: str, bold: bool) -> str:
    return f"_{text}_" if bold else text


def news_evidence(article: Article, query_stems: set[str], language: str, speaker: str = "",
                  stance: str = "") -> str:
    """Who said what in the report about the query, with the stance in words and the date:
    'PT PLN membantah kabar … — 12 Agustus 2025'. Quotation marks only for direct quotes;
    without an attribution that touches the query, the report's best sentence, unquoted."""
    language = reply_language(language)
    attribution = best_attribution(article, query_stems, speaker, stance)
    if attribution is not None:
        text = describe(attribution, language, SUMMARY_CHARS)
    else:
        candidates = [s.text for s in article.sentences] if article.sentences else sentences(article.text)
        if not candidates:
            return ""
        text = clip(max(candidates[:200], key=lambda s: content_overlap(s, query_stems)), SUMMARY_CHARS)
    when = human_date(article.published, language)
    return f"{text} — {when}" if when else text


def describe(attribution: Attribution, language: str, limit: int) -> str:
    """'PT PLN membantah kabar …' or 'Dwi Santoso (EVP …) mengatakan: “…”' in the reply language."""
    who = speaker_name(attribution) or attribution.unnamed_source or UNNAMED[language]
    if attribution.speaker_role and attribution.speaker_role.lower() not in who.lower():
        who = f"{who} ({attribution.speaker_role})"
    verb = STANCE_WORDS[language].get(attribution.stance, STANCE_WORDS[language]["asserts"])
    content = clip(attribution.content, limit)
    if attribution.direct:
        said = f"{who} {verb}: “{content}”"
    else:  # a paraphrase: no quotation marks; in English the Indonesian words follow a colon
        said = f"{who} {verb}: {content}" if language == "en" else f"{who} {verb} {content}"
    notes = [HEDGED[language]] if attribution.hedged else []
    if attribution.via:
        notes.append(f"({VIA[language].format(via=attribution.via)})")
    return " ".join([said, *notes])


def speaker_name(attribution: Attribution) -> str:
    """The name as written ("PT PLN"), or the canonical one when the text shortened it
    ("Dwi" -> "Dwi Santoso")."""
    written, canonical = attribution.speaker, attribution.speaker_canonical
    if written and canonical and set(tokenize(written)) <= set(tokenize(canonical)):
        return canonical
    return written or canonical
