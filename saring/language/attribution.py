"""Who said what: quoted and reported statements in Indonesian news, with their speaker,
cue, stance and the outlet that relayed them.

A fact-checker reads a story as a list of claims by named (or unnamed) sources; this module
turns the text into that list with hand-written rules for the few constructions Indonesian
news uses over and over:

- direct quotes with the cue after them: “…,” kata Kim Jong Un / “…,” ujarnya;
- a clause that introduces a quote or a reported statement: X mengatakan, “…” /
  X mengatakan (pada hari Senin) bahwa … / X yakin … / X membantah …;
- menurut X, … and …, menurut X;
- citing and relaying: NHK, mengutip sumber-sumber …, melaporkan …; seperti dilaporkan TASS;
  Laporan tersebut mengutip X yang mengatakan …;
- quotes with no cue that continue the previous speaker, quotes across paragraphs;
- hedged passives with no source at all: X disebut/dikabarkan/diduga telah ….

Rules work on word tokens of one sentence at a time; every regex is linear, so long or
malformed input costs time in proportion to its length only.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from saring.language import aliases
from saring.model import Attribution, Entity, Sentence, Span
from saring.text.lexicon import zipf

# --------------------------------------------------------------------------- lexicon

# Cue words written after a quote ("…," kata X), bare root forms, with their stance.
POST_CUES = {
    "kata": "asserts", "ujar": "asserts", "tutur": "asserts", "ucap": "asserts",
    "ungkap": "asserts", "jelas": "asserts", "papar": "asserts", "tegas": "asserts",
    "sebut": "asserts", "terang": "asserts", "lanjut": "asserts", "tambah": "asserts",
    "imbuh": "asserts", "pungkas": "asserts", "tanya": "asserts", "tulis": "reports",
    "tandas": "asserts", "seru": "asserts", "tukas": "asserts", "timpal": "asserts",
    "sergah": "denies", "bantah": "denies", "kilah": "denies", "kenang": "asserts",
    "cerita": "asserts", "klaim": "asserts", "harap": "expects", "jawab": "asserts",
    "sambung": "asserts", "urai": "asserts", "beber": "asserts", "pesan": "asserts",
    "ajak": "asserts", "pinta": "asserts", "akunya": "asserts", "nilai": "asserts",
    "katakan": "asserts", "menurut": "asserts", "tutup": "asserts", "saran": "asserts",
    "bilang": "asserts", "bunyi": "reports",
    "ditambahkan": "asserts", "dikatakan": "asserts",
}  # fmt: skip
# Verbs that introduce a reported statement after their subject, with their stance.
SPEECH_VERBS = {
    "mengatakan": "asserts", "menyatakan": "asserts", "menegaskan": "asserts",
    "menjelaskan": "asserts", "mengungkapkan": "asserts", "menyebutkan": "asserts",
    "menyebut": "asserts", "menuturkan": "asserts", "memaparkan": "asserts",
    "menyampaikan": "asserts", "mengemukakan": "asserts", "menerangkan": "asserts",
    "menambahkan": "asserts", "mengaku": "asserts",
    "mengklaim": "asserts", "mengeklaim": "asserts", "menilai": "asserts",
    "berpendapat": "asserts", "memuji": "asserts", "mengkritik": "asserts",
    "menuding": "asserts", "menuduh": "asserts", "memperingatkan": "asserts",
    "mengingatkan": "asserts", "meminta": "asserts", "mengimbau": "asserts",
    "mendesak": "asserts", "menginstruksikan": "asserts", "mengusulkan": "asserts",
    "menekankan": "asserts", "yakin": "asserts", "meyakini": "asserts", "percaya": "asserts",
    "berjanji": "asserts", "mengumumkan": "asserts", "berkata": "asserts",
    "bercerita": "asserts", "menyimpulkan": "asserts", "mencatat": "asserts",
    "menganggap": "asserts", "mengakui": "confirms", "mengapresiasi": "asserts",
    "menyoroti": "asserts", "menanggapi": "asserts", "menandaskan": "asserts",
    "menguraikan": "asserts", "membeberkan": "asserts",
    "menuliskan": "reports", "menulis": "reports", "melaporkan": "reports",
    "memberitakan": "reports", "mewartakan": "reports",
    "membantah": "denies", "menyangkal": "denies", "menepis": "denies", "menampik": "denies",
    "membenarkan": "confirms", "mengonfirmasi": "confirms", "mengkonfirmasi": "confirms",
    "memastikan": "asserts",
    "memperkirakan": "expects", "memprediksi": "expects", "memprediksikan": "expects",
    "berharap": "expects", "mengharapkan": "expects", "menduga": "expects",
    "memproyeksikan": "expects", "khawatir": "expects", "mengkhawatirkan": "expects",
}  # fmt: skip
# Verbs that cite a source inside a larger statement ("NHK, mengutip sumber …, melaporkan").
CITING_VERBS = frozenset({"mengutip", "mengutif", "merujuk", "mengacu"})
# Passives that report without a source: "Kim Jong Un disebut telah mendorong …".
HEDGED_PASSIVES = frozenset(
    """
    disebut disebut-sebut dikabarkan diduga diyakini dilaporkan diperkirakan dikatakan
    ditengarai diklaim diisukan dirumorkan diberitakan diprediksi
    """.split()
)
HEDGES = frozenset(
    """
    diperkirakan kemungkinan mungkin diduga disebut disebut-sebut dikabarkan diyakini
    berpotensi konon barangkali dilaporkan ditengarai diprediksi diprediksikan
    """.split()
)
NEGATIONS = frozenset({"tidak", "tak", "belum", "bukan", "enggan"})
PRONOUNS = frozenset({"ia", "dia", "beliau", "mereka", "nya", "pihaknya", "dirinya"})
# Verbs that are speech only with a clause after them ("BI mencatat, inflasi …"), not with a
# plain object ("LSIP mencatat laba …", "Erick menyampaikan rasa syukurnya").
_CLAUSE_ONLY_VERBS = frozenset({"mencatat", "menyampaikan", "memastikan"})
# Words between "menurut" and the speaker: "menurut penuturan Pinkan".
_SPEECH_NOUNS = frozenset(
    "penuturan keterangan pengakuan pernyataan penjelasan kesaksian catatan pengamatan".split()
)
# Words that may sit between a subject and its verb without being part of the subject.
_ADVERBS = frozenset(
    """
    juga pun kembali sebelumnya telah sudah pernah lantas kemudian lalu pula bahkan sendiri
    justru malah hanya tetap masih akan sempat terus langsung secara resmi sekali lagi
    baru-baru turut ikut jua sekaligus tegas mulai kerap sering selalu bisa dapat mau ingin
    harus perlu
    """.split()
)
# Words that start a clause or adverbial that is not the subject.
_NOT_SUBJECT_START = frozenset(
    """
    dalam di melalui lewat saat ketika pada seusai usai setelah sebelum kepada dengan secara
    sebagaimana seperti sementara selama sejak hingga sampai menurut terkait soal tentang
    mengenai bagi untuk namun tetapi tapi akan meski meskipun walaupun walau karena sebab
    jika bila apabila kalau agar supaya sehingga oleh selain sebagai adapun bahkan lalu
    kemudian maka dari atas terhadap demi tanpa apalagi padahal sedangkan yakni yaitu
    """.split()
)
# A reported statement does not start with these ("X menjelaskan dalam rapat" has no content).
_NOT_CONTENT_START = frozenset(
    "dalam di untuk bagi pada karena sebagai oleh dengan ke dari tentang mengenai".split()
)
_CONNECTORS = frozenset({"dan", "serta", "maupun", "atau"})
_ROLE_WORDS = frozenset(
    """
    presiden wakil wapres menteri menko menlu menhan mendagri perdana pm kanselir raja ratu
    pangeran pemimpin pimpinan ketua sekretaris sekjen direktur dirut kepala juru bicara jubir
    duta besar dubes gubernur wagub bupati wali kota walikota camat lurah kapolri kapolda
    kapolres kapolsek panglima kasad kasal kasau jaksa hakim pejabat pengamat ekonom peneliti
    dosen profesor rektor dekan anggota koordinator manajer analis pakar ahli staf deputi
    asisten dirjen kabareskrim kadis kabid kasubag kabag plt plh pendiri co-founder founder
    ceo presdir komisaris utama tbk umum jenderal eksekutif senior khusus bidang pelaksana
    harian tugas petugas warga pengurus pelatih kuasa hukum pengacara advokat penasihat
    penasehat staf ahli sekretariat komandan kasatreskrim kasat reskrim kanit kapuspen
    kabag humas humas kasubdit dir direktorat kanit kadispen kapuspen pengelola praktisi
    legenda pentolan sutradara musisi penyanyi vokalis pemain manajer pendiri
    expert manager director head chief officer president vice vp founder co-founder cfo coo
    cto secretary spokesperson spokesman analyst economist consultant instructor specialist
    general executive communications corporate relations marketing
    """.split()
)
# Role words that also occur inside organisation names ("Kitab Undang-Undang Hukum Pidana",
# "Rapat Umum"); the rest head a role ("Ketua …", "Direktur …").
_ROLE_HEADS = _ROLE_WORDS - frozenset(
    """
    hukum umum utama tugas khusus bidang pelaksana harian senior general corporate
    communications marketing relations besar jenderal eksekutif tbk kuasa staf ahli kota
    wali humas sekretariat direktorat
    """.split()
)
# Ranks and honorifics that PFSA and readers keep as part of the person's name.
_RANKS = frozenset(
    """
    komisaris jenderal besar mayor brigadir letnan kolonel laksamana marsekal inspektur ajun
    kapten irjen brigjen kombes akbp akp kompol iptu ipda aiptu bripka briptu tni polri
    dokter dr prof profesor ir drs dra h hj kh haji hajah ustaz ustadz habib syekh
    """.split()
)
# Common nouns for people and bodies that speak without being named ("warga", "polisi").
_PERSON_NOUNS = frozenset(
    """
    sumber pihak warga polisi petugas aparat pemerintah otoritas saksi korban pelaku tersangka
    terdakwa keluarga ibu ayah bapak anak istri suami dokter perawat guru siswa mahasiswa
    pengacara kuasa pengamat ahli pakar peneliti ilmuwan analis ekonom pengusaha pedagang
    petani nelayan buruh sopir pengemudi penumpang pengunjung penonton warganet netizen
    masyarakat publik tim panitia penyidik jaksa hakim majelis militer tentara pasukan
    kepolisian kementerian lembaga perusahaan manajemen operator penyelenggara organisasi
    aktivis relawan tokoh ulama pemilik penduduk pasien pejabat diplomat politikus politisi
    para seorang salah
    """.split()
)
_QUANTIFIERS = frozenset("seorang para salah satu sejumlah beberapa sebuah banyak".split())
ORGANISATION_HEADS = frozenset(
    """
    badan dinas kementerian komisi dewan lembaga pemerintah pemprov pemkot pemkab partai
    universitas bank pt cv polda polres kepolisian kejaksaan pengadilan mahkamah majelis
    satuan satgas gugus forum asosiasi ikatan himpunan persatuan serikat yayasan rs kantor
    balai pusat direktorat biro sekretariat kedutaan konsulat organisasi perusahaan koalisi
    aliansi perhimpunan institut sekolah fakultas kampus perum persero
    """.split()
)
_ORGANISATION_WORDS = ORGANISATION_HEADS | frozenset(
    """
    institute research center centre foundation university college group company corporation
    council association agency office ministry department party network watch indonesia tbk
    """.split()
)
_MEDIA_WORDS = ("kantor berita", "harian", "surat kabar", "media", "stasiun televisi",
                "lembaga penyiaran", "laman", "situs", "portal", "majalah", "koran",
                "radio", "televisi", "tabloid", "jaringan berita")  # fmt: skip
OUTLETS = frozenset(
    """
    nhk tass kcna vedomosti reuters ap afp yonhap xinhua bbc cnn kyodo bloomberg interfax
    sputnik nikkei asahi antara kompas tempo detik detikcom liputan6 cnbc okezone republika
    tribunnews kumparan irna anadolu politico axios izvestia kommersant rt voa dw euronews
    scmp cna arirang
    """.split()
) | {"associated press", "al jazeera", "ria novosti", "new york times", "the new york times",
     "washington post", "the washington post", "the guardian", "financial times",
     "wall street journal", "the wall street journal", "global times", "channel news asia",
     "straits times", "the straits times", "south china morning post", "rodong sinmun",
     "korea herald", "korea times", "fox news", "radio free asia", "deutsche welle",
     "kompas.com", "liputan6.com", "cnn indonesia", "kantor berita pusat korea"}  # fmt: skip
_UNNAMED = re.compile(
    r"\b(?:tidak|tak|enggan|tidak mau|tidak ingin)\s+(?:disebutkan|disebut|menyebutkan|"
    r"mau disebut|ingin disebut)\s+(?:nama(?:nya)?|identitas(?:nya)?)|\banonim\b|"
    r"\bsumber(?:-sumber)?\b",
    re.I,
)

_TOKEN = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*|[^\w\s]", re.UNICODE)
_QUOTE_OPEN = "“«"
_QUOTE_CLOSE = "”»"
_PARAGRAPH = re.compile(r"\n\s*\n")
_MAX_QUOTE_PARAGRAPHS = 6  # a quote left open longer than this is a stray mark
_STATEMENT_MIN_WORDS = 4
_MAX_SENTENCE_TOKENS = 400
_PRONOUN_LOOKBACK = 50  # speakers looked back at for "katanya"
_SHORT_NAME_LOOKBACK = 200  # speakers looked back at for "Shin" = "Shin Wonsik"
_CONTINUATION_REACH = 1500  # characters a speaker's quotes go on without a new cue
_COMMON_ZIPF = 4.6  # "luar", "negeri", "kesehatan" are above; "Retno", "Marsudi" below


# --------------------------------------------------------------------------- quotes


@dataclass
class Quote:
    """A quotation: its marks (start/end) and its words (inner_start/inner_end)."""
    start: int  # the opening mark
    end: int  # after the closing mark (or the paragraph end when it never closes)
    inner_start: int
    inner_end: int
    words: int = 0
    used: bool = False


def find_quotes(text: str) -> list[Quote]:
    """Quotations, paired per paragraph; a quote left open at a paragraph end continues when
    the next paragraph opens with a quote mark (the Indonesian and English convention)."""
    paragraphs = _paragraph_bounds(text)
    quotes: list[Quote] = []
    open_at = -1
    open_paragraphs = 0
    for index, (p_start, p_end) in enumerate(paragraphs):
        pos = p_start
        if open_at >= 0:
            first = _skip_space(text, p_start, p_end)
            if first < p_end and text[first] in '“”"«' and open_paragraphs < _MAX_QUOTE_PARAGRAPHS:
                pos = first + 1  # continuation mark, not a new quote
                open_paragraphs += 1
            else:
                quotes.append(_make_quote(text, open_at, paragraphs[index - 1][1], closed=False))
                open_at = -1
        for m in _QUOTE_CHARS.finditer(text, pos, p_end):
            ch = m.group()
            at = m.start()
            if open_at < 0:
                if ch in _QUOTE_CLOSE and not _opens(text, at, p_end):
                    continue
                open_at, open_paragraphs = at, 0
            elif ch in _QUOTE_OPEN:
                if at > 0 and text[at - 1].isalnum():
                    continue
                open_at, open_paragraphs = at, 0  # an unclosed quote: restart here
            else:
                quotes.append(_make_quote(text, open_at, at + 1, closed=True))
                open_at = -1
        if open_at >= 0 and index == len(paragraphs) - 1:
            quotes.append(_make_quote(text, open_at, p_end, closed=False))
    return quotes


_QUOTE_CHARS = re.compile(r"[“”\"«»]")


def _opens(text: str, at: int, end: int) -> bool:
    """A ” with no quote open opens one (Kompas writes ”…” ) when a word follows it."""
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < end else " "
    return not before.isalnum() and (after not in " \n,.;:!?)" or before in " \n(")


def _make_quote(text: str, start: int, end: int, closed: bool) -> Quote:
    """A Quote with its words' bounds trimmed of spaces and the comma before "kata X"."""
    inner_start = start + 1
    inner_end = end - 1 if closed else end
    while inner_start < inner_end and text[inner_start].isspace():
        inner_start += 1
    while inner_end > inner_start and (text[inner_end - 1].isspace() or text[inner_end - 1] == ","):
        inner_end -= 1  # the comma before "kata X" belongs to the sentence, not the words
    words = len(text[inner_start:inner_end].split(None, _STATEMENT_MIN_WORDS))
    return Quote(start, end, inner_start, inner_end, words)


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for m in _PARAGRAPH.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _skip_space(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


# --------------------------------------------------------------------------- tokens


class Tok:
    """A word or punctuation mark with its offsets; ``lower`` is computed once."""

    __slots__ = ("text", "start", "end", "lower")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.lower = text.lower()


def tokenize(text: str, start: int, end: int, limit: int = 0) -> list[Tok]:
    """Word and punctuation tokens of text[start:end]; at most ``limit`` when it is set."""
    found = _TOKEN.finditer(text, start, end)
    if limit:
        found = islice(found, limit)
    return [Tok(m.group(), m.start(), m.end()) for m in found]


# --------------------------------------------------------------------------- speakers


@dataclass
class Speaker:
    """Who speaks, as parsed from an NP; ``pronoun`` when it still has to be resolved."""
    written: str  # the name (or NP) as written
    canonical: str
    role: str = ""
    affiliation: str = ""
    unnamed: str = ""
    span: Span | None = None
    is_outlet: bool = False
    pronoun: bool = False


_MEDIA_START = re.compile("(?:" + "|".join(_MEDIA_WORDS) + r")\s")


def is_outlet(name: str) -> bool:
    """A news outlet or agency: a known one, or described as one ("kantor berita …")."""
    lowered = name.lower().strip()
    return lowered in OUTLETS or bool(_MEDIA_START.match(lowered))


def parse_speaker(
    text: str, toks: list[Tok], persons: Sequence[tuple[int, int, str]] = ()
) -> Speaker | None:
    """Split an NP such as "Juru Bicara Kremlin Dmitry Peskov" into name, role, affiliation;
    ``persons`` are PERSON mentions from the NER, which fix the name's boundaries."""
    toks = _trim_np(toks)
    if not toks:
        return None
    phrase = text[toks[0].start : toks[-1].end]
    lower = phrase.lower()
    if lower in PRONOUNS:
        return Speaker(phrase, phrase, span=_span(text, toks), pronoun=True)
    if lower.startswith("baik "):
        toks = toks[1:]
        phrase = text[toks[0].start : toks[-1].end]
    unnamed = _UNNAMED.search(phrase)
    if not unnamed and toks[-1].lower in ("itu", "tersebut") and (
        not _name_run(toks[:-1]) or toks[0].text[:1].islower()
        or all(_common_word(t.lower) for t in toks[:-1])
    ):
        # "pevoli berusia 31 tahun itu", "pejabat tersebut", "mantan suami Maia Estianty
        # itu", "Perempuan itu": someone named before
        return Speaker(phrase, phrase, span=_span(text, toks), pronoun=True)
    relative = next((k for k, t in enumerate(toks) if t.lower == "yang"), len(toks))
    head_toks = toks[:relative]  # "Seorang politikus yang dekat dengan Prabowo"
    capitalised = [t for k, t in enumerate(head_toks) if t.text[:1].isupper()
                   and not (k == 0 and (t.lower in _QUANTIFIERS or t.lower in _PERSON_NOUNS))
                   and not (k == 0 and len(head_toks) > 1 and head_toks[1].text[:1].islower()
                            and _common_word(t.lower))]  # "Responden survei"
    if unnamed or not capitalised:
        # "sumber-sumber diplomatik …", "pejabat Seoul", "warga": a source without a name;
        # "rasa khawatir", "menurut statistik": nobody speaks.
        head = next((t.lower for t in toks if t.lower not in _QUANTIFIERS), "")
        if not unnamed and head not in _PERSON_NOUNS and head not in _ROLE_WORDS:
            return None
        return Speaker("", "", unnamed=phrase, span=_span(text, toks))
    name_toks, role_toks = _split_by_mentions(toks, persons) or _split_name(toks)
    outlet = is_outlet(phrase) or (bool(name_toks) and is_outlet(_joined(text, name_toks)))
    if not name_toks:
        written = _normalise_coordination(phrase)
        return Speaker(written, _canonical(written), span=_span(text, toks), is_outlet=outlet)
    name = _joined(text, name_toks)
    acronym = _acronym_after(toks, name_toks)
    if acronym:
        name = text[name_toks[0].start : acronym[-1].end]  # "… Korea Utara (KCNA)"
    role = _joined(text, role_toks) if role_toks else ""
    affiliation = _affiliation(text, role_toks)
    plain = [t for t in name_toks if t.lower.rstrip(".") not in _RANKS] or name_toks
    canonical = _canonical(_joined(text, plain))
    return Speaker(name, canonical, role=role.strip(" ,"), affiliation=affiliation,
                   span=_span(text, name_toks), is_outlet=outlet)


def _acronym_after(toks: list[Tok], name_toks: list[Tok]) -> list[Tok]:
    """The "( KCNA )" right after a name, if the NP ends with it."""
    k = next((i for i, t in enumerate(toks) if t is name_toks[-1]), -1)
    tail = toks[k + 1 :]
    if len(tail) == 3 and tail[0].text == "(" and tail[2].text == ")" and tail[1].text.isupper():
        return tail
    return []


def _trim_np(toks: list[Tok]) -> list[Tok]:
    """Drop leading/trailing punctuation and connectors around an NP."""
    while toks and (not toks[0].text[:1].isalnum() or toks[0].lower in ("dan", "yang")):
        toks = toks[1:]
    while toks and (not toks[-1].text[:1].isalnum() and toks[-1].text != ")"):
        toks = toks[:-1]
    while toks and (toks[-1].lower in _ADVERBS or toks[-1].lower == "yang"):
        toks = toks[:-1]
    return toks


def _split_by_mentions(toks: list[Tok], persons: Sequence[tuple[int, int, str]]
                       ) -> tuple[list[Tok], list[Tok]] | None:
    """(name, role) when the NER found a person inside the NP: its last mention is the name,
    unless that one is a nickname in brackets ("Saifullah Yusuf (Gus Ipul)"); mentions that
    start with a role word ("Kanit Gakkum") are tagging errors."""
    if not persons or not toks:
        return None
    lo, hi = toks[0].start, toks[-1].end
    window = persons[bisect_left(persons, (lo,)) : bisect_left(persons, (hi,))]
    first_word = {t.start: t.lower for t in toks}
    inside = [(s, e) for s, e, _ in window if e <= hi and first_word.get(s) not in _ROLE_WORDS]
    unbracketed = [(s, e) for s, e in inside if not _bracketed(toks, s)]
    inside = unbracketed or inside
    if not inside:
        return None
    s, e = inside[-1]
    depth = 0
    for t in toks:
        depth += (t.text == "(") - (t.text == ")")
        if t.start >= e and depth == 0 and t.text[:1].isupper():
            return None  # "Kanit Gakkum … Ipda Farouk Hidayat": the NP ends in another name
    name = [t for t in toks if t.start >= s and t.end <= e]
    roles = [k for k, t in enumerate(name) if t.lower in _ROLE_WORDS]
    if roles and roles[-1] < len(name) - 1:
        name = name[roles[-1] + 1 :]  # "Wellness Expert Vishal Dasani" -> "Vishal Dasani"
        s = name[0].start
    if not name:
        return None
    return name, [t for t in toks if t.end <= s]


def _bracketed(toks: list[Tok], start: int) -> bool:
    """Whether the token starting at ``start`` comes right after an opening bracket."""
    k = next((i for i, t in enumerate(toks) if t.start == start), 0)
    return k > 0 and toks[k - 1].text == "("


def _split_name(toks: list[Tok]) -> tuple[list[Tok], list[Tok]]:
    """(name tokens, role tokens): the name is the last run of capitalised words that are not
    role words or known places/organisations; ranks right before it belong to it. An NP
    headed by an organisation word with no role in it ("Aliansi Nasional Reformasi …
    (KUHP)") is the organisation's name as a whole."""
    head = toks[0].lower
    if (head in ORGANISATION_HEADS and toks[0].text[:1].isupper()
            and not any(t.lower in _ROLE_HEADS or t.text == "," for t in toks)):
        return toks, []
    if any(t.text == "," for t in toks):
        # "Abdian Saputra, Koordinator …" or "Harian bisnis Rusia, Vedomosti": the part
        # holding a personal name is the name, the other the role.
        parts = _split_on(toks, ",")
        named = [p for p in parts if _name_run(p)]
        if named:
            # the part that is only a name ("Pinkan" in "Manajer Gusti, Pinkan"), else the
            # one with the longest name
            best = max(named, key=lambda p: (p[0].lower not in _ROLE_WORDS, len(_name_run(p))))
            run = _name_run(best)
            rest = [t for p in parts if p is not best for t in p]
            role = [t for t in best if t.start < run[0].start] + rest
            return run, role
    run = _name_run(toks)
    if not run:
        return [], toks
    return run, [t for t in toks if t.end <= run[0].start]


def _name_run(toks: list[Tok]) -> list[Tok]:
    """The personal (or organisation) name an NP ends with, read from the right; [] when the
    NP is only a role, a place or a description."""
    known = _known_spans(toks)
    end = len(toks)
    while end > 0 and toks[end - 1].text in ")":
        # "Kantor Berita Pusat Korea Utara (KCNA)": the acronym names the thing.
        opening = max((i for i in range(end) if toks[i].text == "("), default=-1)
        if opening < 0:
            break
        end = opening
    run: list[Tok] = []
    i = end - 1
    while i >= 0:
        tok = toks[i]
        if not tok.text[:1].isupper() or tok.lower in _ROLE_WORDS or i in known:
            if known.get(i) == "PERSON":
                run.insert(0, tok)
                i -= 1
                continue
            break
        if tok.lower in _ORGANISATION_WORDS:
            break  # "Direktur Segara Research Institute Piter Abdullah"
        if run and _acronym(tok) and tok.lower not in _RANKS:
            break  # "Direktur Marketing AHM Octavianus Dwi": the company, not the name
        if len(run) >= 2 and _common_word(tok.lower) and tok.lower not in _GIVEN_NAMES:
            break  # "Menteri Luar Negeri Retno Marsudi": common words belong to the role
        run.insert(0, tok)
        i -= 1
        if len(run) >= 5:
            break
    if not run:
        # a known person, place or organisation alone ("NHK", "Rusia")
        if end and (end - 1) in known and known[end - 1] in ("ORGANISATION", "PERSON"):
            j = end - 1
            label = known[j]
            while j - 1 >= 0 and known.get(j - 1) == label:
                j -= 1
            if label == "PERSON" or j == 0 or toks[j - 1].lower not in _ROLE_WORDS:
                return toks[j:end]  # not "Panglima TNI", a role named by its organisation
        return []
    while i >= 0 and toks[i].lower.rstrip(".") in _RANKS and toks[i].text[:1].isupper():
        run.insert(0, toks[i])
        i -= 1
    if all(t.lower.rstrip(".") in _RANKS for t in run):
        return []
    if (len(run) >= 3 and i >= 0 and toks[i].lower in _ROLE_WORDS and i + 1 not in known
            and run[0].lower not in _GIVEN_NAMES and run[0].lower.rstrip(".") not in _RANKS):
        run = run[1:]  # "Presiden LaLiga Javier Tebas": the role's organisation comes first
    if i >= 0 and toks[i].lower in _ROLE_WORDS and all(_common_word(t.lower) for t in run):
        return []  # "Kepala Dinas Kesehatan": a role with no name
    if i >= 0 and i not in known and toks[i].lower in ORGANISATION_HEADS:
        return []  # "Badan Pangan Nasional": an organisation's name, not a person's
    if known.get(i) == "ORGANISATION" and not any(t.lower in _ROLE_WORDS for t in toks[:i]):
        return []  # "BPBD DKI": the organisation's branch; "Juru Bicara Kremlin X" is a person
    return run


def _acronym(tok: Tok) -> bool:
    """An organisation's acronym ("AHM", "BNPB"); two-letter initials may be a name's."""
    return len(tok.text) >= 3 and tok.text.isupper() and tok.text.isalpha()


@lru_cache(maxsize=50_000)
def _common_word(word: str) -> bool:
    """An everyday Indonesian word (names rarely are): frequency from wordfreq."""
    return zipf(word) >= _COMMON_ZIPF


def _known_spans(toks: list[Tok]) -> dict[int, str]:
    """Token index -> label for tokens inside a known place/organisation/person (aliases)."""
    out: dict[int, str] = {}
    n = len(toks)
    i = 0
    while i < n:
        matched = 0
        for size in (6, 5, 4, 3, 2, 1):
            if i + size > n:
                continue
            words = toks[i : i + size]
            if not words[0].text[:1].isupper() or any(not w.text[:1].isalnum() for w in words):
                continue
            label = _alias_label(" ".join(w.text for w in words))
            if label:
                for k in range(i, i + size):
                    out[k] = label
                matched = size
                break
        i += matched or 1
    return out


@lru_cache(maxsize=100_000)
def _alias_label(name: str) -> str:
    """PERSON, LOCATION or ORGANISATION when the alias tables know the name, else ""."""
    group = aliases.group_of(name)
    return group.label if group and group.label in ("LOCATION", "ORGANISATION", "PERSON") else ""


def _affiliation(text: str, role_toks: list[Tok]) -> str:
    """The institution or country in a role ("Juru Bicara Kremlin" -> "Kremlin")."""
    known = _known_spans(role_toks)
    if known:
        ordered = sorted(known)
        first = ordered[0]
        run = [first]
        for k in ordered[1:]:
            if k == run[-1] + 1:
                run.append(k)
            else:
                break
        return _joined(text, [role_toks[k] for k in run])
    capital = [t for t in role_toks if t.text[:1].isupper() and t.lower not in _ROLE_WORDS]
    return _joined(text, capital) if capital and len(capital) <= 5 else ""


def _split_on(toks: list[Tok], seps: str) -> list[list[Tok]]:
    """Split at the separator tokens (each one character of ``seps``) outside brackets."""
    parts: list[list[Tok]] = [[]]
    depth = 0
    for t in toks:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth = max(0, depth - 1)
        if len(t.text) == 1 and t.text in seps and depth == 0:
            parts.append([])
        else:
            parts[-1].append(t)
    return [p for p in parts if p]


def _joined(text: str, toks: list[Tok]) -> str:
    return text[toks[0].start : toks[-1].end] if toks else ""


def _span(text: str, toks: list[Tok]) -> Span:
    return Span(text[toks[0].start : toks[-1].end], toks[0].start, toks[-1].end)


def _normalise_coordination(phrase: str) -> str:
    """ "Rusia maupun Korea Utara" -> "Rusia dan Korea Utara" (after "baik" was dropped)."""
    return re.sub(r"\s+maupun\s+", " dan ", phrase)


def _canonical(name: str) -> str:
    return aliases.canonical(name) or name


# --------------------------------------------------------------------------- extraction


class QuoteIndex:
    """Quotes sorted by position (they never overlap), looked up by bisection so that a text
    with many sentences and many quotes stays linear-logarithmic."""

    def __init__(self, quotes: list[Quote]) -> None:
        self.quotes = sorted(quotes, key=lambda q: q.start)
        self.starts = [q.start for q in self.quotes]
        self.ends = [q.end for q in self.quotes]

    def starting_in(self, lo: int, hi: int) -> list[Quote]:
        """Quotes whose opening mark is in [lo, hi)."""
        return self.quotes[bisect_left(self.starts, lo) : bisect_left(self.starts, hi)]

    def ending_in(self, lo: int, hi: int) -> list[Quote]:
        """Quotes whose end is in [lo, hi]."""
        return self.quotes[bisect_left(self.ends, lo) : bisect_right(self.ends, hi)]

    def overlapping(self, lo: int, hi: int) -> list[Quote]:
        """Quotes that share a character with [lo, hi)."""
        return self.quotes[bisect_right(self.ends, lo) : bisect_left(self.starts, hi)]


@dataclass
class _Context:
    """What one article's extraction shares: its quotes, NER persons, and the speakers so far."""
    text: str
    quotes: QuoteIndex
    person_mentions: list[tuple[int, int, str]]  # (start, end, canonical) from the NER
    sentence_starts: list[int] = field(default_factory=list)
    found: list[Attribution] = field(default_factory=list)
    history: list[tuple[int, Speaker]] = field(default_factory=list)  # (position, speaker)


def extract_attributions(
    text: str, sentences: list[Sentence], entities: list[Entity] | None = None
) -> list[Attribution]:
    """Attributions in ``text`` (split into ``sentences``), in text order."""
    ctx = _Context(text, QuoteIndex(find_quotes(text)), _person_mentions(entities or []),
                   [s.start for s in sentences])
    quotes = ctx.quotes.quotes  # they end in the order they start
    qi = 0
    for sentence in sentences:
        # a "sentence" longer than this is not prose: only its start is looked at
        toks = tokenize(text, sentence.start, sentence.end, limit=_MAX_SENTENCE_TOKENS)
        ending_here = []
        while qi < len(quotes) and quotes[qi].end <= sentence.end + 2:
            _quote_with_cue_after(ctx, quotes[qi], sentence)
            ending_here.append(quotes[qi])
            qi += 1
        _clauses(ctx, toks, sentence)
        for quote in ending_here:
            if not quote.used and _is_statement(text, quote):
                _continuation(ctx, quote)
    ctx.found.sort(key=lambda a: (a.start, a.end))
    return ctx.found


def _person_mentions(entities: list[Entity]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for entity in entities:
        if entity.label == "PERSON":
            out.extend((m.start, m.end, entity.canonical) for m in entity.mentions)
    return sorted(out)


def _is_statement(text: str, quote: Quote) -> bool:
    """A quotation that is somebody's words, not a title or a scare-quoted term."""
    if quote.words >= _STATEMENT_MIN_WORDS + 1:
        return True
    closing = text[quote.inner_end - 1 : quote.end]  # last word character, comma, mark
    return quote.words >= 2 and any(ch in closing for ch in ".,!?")


_POST_CUE = re.compile(
    r"\s*,?\s*(?:demikian\s+)?(?P<cue>(?P<root>"
    + "|".join(sorted(POST_CUES, key=len, reverse=True))
    + r")(?P<nya>nya)?|(?P<verb>" + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True))
    + r"))\b",
    re.I,
)


def _quote_with_cue_after(ctx: _Context, quote: Quote, sentence: Sentence) -> None:
    """ “…,” kata X / “…,” ujarnya / “…,” ujar X kepada TASS."""
    text = ctx.text
    if quote.used or not _is_statement(text, quote):
        return
    m = _POST_CUE.match(text, quote.end, min(len(text), quote.end + 40))
    if not m or "\n" in text[quote.end : m.start("cue")]:
        _speaker_without_cue(ctx, quote, sentence)
        return
    cue_root = (m.group("root") or m.group("verb")).lower()
    stance = POST_CUES.get(cue_root) or SPEECH_VERBS.get(cue_root, "asserts")
    np_toks = _np_after_cue(tokenize(text, m.end(), min(sentence.end, m.end() + 200)))
    if m.group("nya") or not np_toks or np_toks[0].lower in PRONOUNS:
        group = bool(np_toks) and np_toks[0].lower in ("mereka", "pihaknya")
        speaker = _resolve_pronoun(ctx, quote.start, personal=not group)
        pronoun = True
    else:
        speaker = parse_speaker(text, np_toks, ctx.person_mentions)
        pronoun = False
        if speaker is not None:
            speaker = _resolve_short_name(ctx, speaker)
    if speaker is None:
        return
    via = (_via_after(text, np_toks[-1].end if np_toks else m.end(), sentence.end)
           or _via_inside(text, m.end(), sentence.end))
    quote.used = True
    _add(ctx, speaker, cue=Span(m.group("cue"), m.start("cue"), m.end("cue")), stance=stance,
         content=Span(text[quote.inner_start : quote.inner_end], quote.inner_start,
                      quote.inner_end), direct=True, via=via, resolved_pronoun=pronoun)


def _speaker_without_cue(ctx: _Context, quote: Quote, sentence: Sentence) -> None:
    """ "“…,” Corporate Communications Batik Air, Danang Mandala Prihantoro, dalam keterangan
    pers.": a speaker with a role named after the quote's comma, with no verb at all."""
    text = ctx.text
    if text[quote.inner_end : quote.inner_end + 1] != "," or not text[quote.end :
                                                                     quote.end + 2].strip()[:1].isupper():
        return
    toks = tokenize(text, quote.end, min(sentence.end, quote.end + 200))
    np_toks = _np_after_cue(toks)
    rest = toks[len(np_toks)] if len(np_toks) < len(toks) else None
    if not np_toks or (rest is not None and rest.text not in ",." and rest.lower not in (
            _NOT_SUBJECT_START | _AFTER_SPEAKER)):
        return  # "“…,” Presiden menutup pidatonya": a sentence of its own
    speaker = parse_speaker(text, np_toks, ctx.person_mentions)
    if speaker is None or not speaker.written or not speaker.role or speaker.is_outlet:
        return
    quote.used = True
    _add(ctx, _resolve_short_name(ctx, speaker), cue=None, stance="asserts",
         content=Span(text[quote.inner_start : quote.inner_end], quote.inner_start,
                      quote.inner_end), direct=True, via="")


def _np_after_cue(toks: list[Tok]) -> list[Tok]:
    """The speaker NP after a post-quote cue: up to a preposition, date or clause."""
    out: list[Tok] = []
    for t in toks:
        low = t.lower
        if low in _NOT_SUBJECT_START and out:
            if low == "di" and out and out[-1].lower in _ROLE_WORDS:
                out.append(t)  # "Duta Besar Rusia di Korea Utara"
                continue
            break
        if low in _AFTER_SPEAKER:
            break
        if t.text in ".;:!?\"“”" or _is_weekday(low) or (out and _breaks_clause(t)):
            break
        if low in ("kala", "sambil", "seraya", "menambahkan", "menjelaskan"):
            break
        named = any(o.text[:1].isupper() and o.lower not in _ROLE_WORDS for o in out)
        if t.text == "," and out and out[-1].lower in PRONOUNS:
            break  # "kata dia, HCL …": the pronoun is the whole speaker
        if out and low in ("itu", "tersebut"):
            out.append(t)  # "kata mantan suami Maia Estianty itu": a description
            break
        if named and t.text[:1].islower() and low not in _INSIDE_SPEAKER_NP:
            break  # "kata Risma penuh harapan": the name is complete
        out.append(t)
        if len(out) > 16:
            break
    while out and out[-1].text in ",(":
        out = out[:-1]
    return out


# Given names so frequent that wordfreq counts them as common words ("Ahmad Riza Patria").
_GIVEN_NAMES = frozenset(
    """
    ahmad achmad muhammad mohammad mohamad muh abdul siti sri budi agus dewi putri nur nurul
    eko dwi tri joko bambang hadi yusuf ali hasan husein ibrahim ismail rahmat taufik iwan
    andi indra rudi teguh wahyu dedi heru arief arif fajar rizky dian ratna maria yohanes
    """.split()
)
# Lower-case words inside names ("Ahmad bin Abdullah", "Rafael van der Vaart").
_NAME_PARTICLES = frozenset("bin binti van der de da al el von la le".split())
# Lower-case words that may continue a speaker NP after a capitalised word.
_INSIDE_SPEAKER_NP = (_NAME_PARTICLES | _ROLE_WORDS | _RANKS | _CONNECTORS
                      | {"of", "and", "for", "the", "untuk", "bidang", "urusan"})
# Words after a post-quote speaker that end its NP ("kata X kepada wartawan").
_AFTER_SPEAKER = frozenset("kepada dalam saat ketika pada usai seusai melalui yang".split())
_WEEKDAYS = frozenset({"senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu"})


def _is_weekday(low: str) -> bool:
    return low in _WEEKDAYS


_VIA_AFTER = re.compile(r"\s*,?\s*(?:kepada|dalam wawancara dengan|saat diwawancarai)\s+"
                        r"(?P<via>[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3})")


def _via_after(text: str, pos: int, limit: int) -> str:
    m = _VIA_AFTER.match(text, pos, limit)
    if m and is_outlet(m.group("via")):
        return m.group("via")
    return ""


def _clauses(ctx: _Context, toks: list[Tok], sentence: Sentence) -> None:
    """Reported statements inside one sentence: speech verbs, menurut, hedged passives."""
    text = ctx.text
    inside = _inside_quote_mask(ctx, toks)
    verb_positions = [
        i for i, t in enumerate(toks)
        if not inside[i] and (t.lower in SPEECH_VERBS or t.lower in CITING_VERBS)
    ]  # fmt: skip
    sentence_via = _sentence_via(text, toks)
    made_here = 0
    for i in verb_positions:
        tok = toks[i]
        if _is_post_cue_verb(ctx, toks, i):
            continue
        if tok.lower in CITING_VERBS:
            continue  # a modifier of a later verb, or "mengutip X yang mengatakan" (see there)
        if i > 0 and toks[i - 1].lower in _CONNECTORS and any(
            j < i for j in verb_positions
        ):
            continue  # "mengatakan dan menegaskan": one statement
        made_here += _reported(ctx, toks, i, sentence, sentence_via)
    made_here += _menurut(ctx, toks, inside, sentence, sentence_via)
    made_here += _cue_after_clause(ctx, toks, inside, sentence, sentence_via)
    if not made_here:
        _hedged_passive(ctx, toks, inside, sentence)


def _inside_quote_mask(ctx: _Context, toks: list[Tok]) -> list[bool]:
    mask = [False] * len(toks)
    if not toks:
        return mask
    for q in ctx.quotes.overlapping(toks[0].start, toks[-1].end):
        for i, t in enumerate(toks):
            if q.start <= t.start < q.end:
                mask[i] = True
    return mask


def _is_post_cue_verb(ctx: _Context, toks: list[Tok], i: int) -> bool:
    """A speech verb right after a closing quote was handled with that quote."""
    start = toks[i].start
    before = ctx.quotes.ending_in(start - 3, start)
    return any(ctx.text[q.end : start].strip(" ,") == "" for q in before)


def _reported(ctx: _Context, toks: list[Tok], i: int, sentence: Sentence, sentence_via: str) -> int:
    """"X mengatakan (bahwa) …", "X membantah …", "… mengutip X yang mengatakan …":
    the statement of the speech verb at ``i``; returns how many attributions it made (0/1)."""
    text = ctx.text
    verb = toks[i]
    via = sentence_via
    unnamed = ""
    negated = False
    j = i - 1
    while j >= 0 and (toks[j].lower in _ADVERBS or toks[j].lower in NEGATIONS):
        negated = negated or toks[j].lower in NEGATIONS
        j -= 1
    if j >= 0 and toks[j].lower == "yang":
        # "… mengutip Duta Besar … Alexander Matsegora yang mengatakan bahwa …"
        np_end = j
        k = j - 1
        while k >= 0 and toks[k].lower not in CITING_VERBS and toks[k].text not in ",.;":
            k -= 1
        if k < 0 or toks[k].lower not in CITING_VERBS:
            return 0
        speaker = parse_speaker(text, toks[k + 1 : np_end], ctx.person_mentions)
        relay = _subject(ctx, toks, k)
        if relay is not None:
            via = _relay_name(ctx, relay) or via
    else:
        left = toks[: j + 1]
        left, via_here, unnamed = _strip_modifiers(text, left)
        via = via_here or via
        speaker = _subject(ctx, left, len(left)) if left else None
    if speaker is None or (not speaker.written and not speaker.unnamed):
        return 0
    speaker = _resolve_short_name(ctx, speaker)
    stance = SPEECH_VERBS.get(verb.lower, "asserts")
    if negated:
        if stance != "confirms":
            return 0  # "tidak menjelaskan lebih lanjut": nothing was said
        stance = "not-confirmed"
    content, direct = _content_after(ctx, toks, i, sentence)
    if content is None:
        return 0
    cue_start = toks[j + 1].start if negated else verb.start
    cue = Span(text[cue_start : verb.end], cue_start, verb.end)
    if speaker.is_outlet and stance == "asserts":
        stance = "reports"
    _add(ctx, speaker, cue=cue, stance=stance, content=content, direct=direct, via=via,
         unnamed=unnamed, resolved_pronoun=speaker.pronoun)
    return 1


def _strip_modifiers(text: str, left: list[Tok]) -> tuple[list[Tok], str, str]:
    """Take out "seperti dilaporkan X," and ", mengutip sumber …," from a subject's context;
    return (tokens left, via, unnamed source)."""
    via = ""
    unnamed = ""
    out: list[Tok] = []
    i = 0
    n = len(left)
    while i < n:
        t = left[i]
        low = t.lower
        if low in ("seperti", "sebagaimana") and i + 1 < n and left[i + 1].lower.startswith("di"):
            k = i + 2
            if k < n and left[k].lower in ("oleh", "dari"):
                k += 1
            phrase = left[k:]
            via = _via_name(text, phrase)
            break
        if low in CITING_VERBS:
            k = i + 1
            depth = 0
            while k < n and not (left[k].text == "," and depth == 0):
                depth += left[k].text == "("
                depth -= left[k].text == ")"
                k += 1
            cited = _joined(text, left[i + 1 : k])
            if _UNNAMED.search(cited):
                unnamed = cited
            elif is_outlet(cited):
                via = cited
            i = k + 1
            continue
        out.append(t)
        i += 1
    return out, via, unnamed


def _via_name(text: str, phrase: list[Tok]) -> str:
    """ "kantor berita Rusia, TASS," -> "TASS"; "Reuters" -> "Reuters"."""
    parts = _split_on(phrase, ",")
    for part in reversed(parts):
        name = _joined(text, part).strip()
        if name and name[:1].isupper():
            return name
    return _joined(text, phrase).strip(" ,")


def _subject(ctx: _Context, toks: list[Tok], verb_index: int) -> Speaker | None:
    """The speaker NP before a verb at ``verb_index``: the last comma segment that is not a
    date, an adverbial or a relative clause, with its apposition ("Harian bisnis Rusia,
    Vedomosti") or the members of a coordination ("AS, Korea Selatan, dan mitra mereka")."""
    text = ctx.text
    segments = _split_on(toks[:verb_index], ",-–—")  # a dash ends a dateline ("Jakarta -")
    idx = len(segments) - 1
    while idx >= 0 and (_is_adverbial(segments[idx]) or segments[idx][0].lower == "yang"):
        idx -= 1
    if idx < 0:
        return None
    head = _drop_leading_adverbial(segments[idx])
    while idx > 0 and head and _is_place(head) and not _is_adverbial(segments[idx - 1]):
        idx -= 1  # "…di Pasar Kebayoran Lama, Jakarta Selatan,": the place ends an NP
        head = segments[idx] + head
    if not head:
        return None
    chosen = [head]
    coordination = head[0].lower in _CONNECTORS
    if coordination:
        k = idx - 1
        while k >= 0 and len(segments[k]) <= 8 and not _is_adverbial(segments[k]):
            member = _drop_leading_adverbial(segments[k])
            if not member:
                break
            chosen.insert(0, member)
            if member is not segments[k]:
                break
            k -= 1
    elif idx > 0 and _is_apposition(segments[idx - 1], head):
        described = _drop_leading_adverbial(segments[idx - 1])
        if described:
            chosen.insert(0, described)
    phrase = _with_commas(text, chosen)
    if len(phrase) > 24:
        phrase = phrase[-24:]
    speaker = parse_speaker(text, phrase, ctx.person_mentions)
    if speaker is not None and coordination and len(chosen) > 1:
        written = _normalise_coordination(_joined(text, phrase))
        speaker = Speaker(written, _canonical(written), span=_span(text, phrase))
    return speaker


def _with_commas(text: str, chosen: list[list[Tok]]) -> list[Tok]:
    """The segments joined back with a comma token between them (for apposition parsing)."""
    out: list[Tok] = []
    for k, seg in enumerate(chosen):
        if k:
            gap = chosen[k - 1][-1].end
            out.append(Tok(",", gap, gap + 1))
        out.extend(seg)
    return out


def _is_adverbial(seg: list[Tok]) -> bool:
    first = seg[0].lower
    if first in _NOT_SUBJECT_START or _is_weekday(first) or seg[0].text[:1].isdigit():
        return True
    if first in _SENTENCE_ADVERBS and len(seg) <= 2:
        return True  # "Selanjutnya, manajemen LSIP …", "Terpisah, …"
    return first in ("(", "sebelumnya", "kemarin", "tadi", "hari", "pekan", "minggu", "bulan",
                     "tahun", "sebagai", "selain", "menanggapi")


def _drop_leading_adverbial(seg: list[Tok]) -> list[Tok]:
    """Keep only the NP of a subject segment: "Pada bulan Maret Menteri …" -> "Menteri …",
    "Kim Jong Un pada hari Rabu (12/6/2024)" -> "Kim Jong Un", "… ketika Korea Utara
    meluncurkan … untuk" -> nothing."""
    while len(seg) > 1 and (seg[0].lower in _ADVERBS or seg[0].lower in _SENTENCE_ADVERBS):
        seg = seg[1:]  # "Selanjutnya Andi mengatakan"
    if seg[0].lower in _NOT_SUBJECT_START:
        for k in range(1, len(seg)):
            if seg[k].text[:1].isupper() and (seg[k].lower in _ROLE_WORDS or k > 1):
                seg = seg[k:]
                break
        else:
            return []
    for k in range(len(seg) - 1, -1, -1):
        if _breaks_clause(seg[k]):
            seg = seg[k + 1 :]
            break
    for k in range(1, len(seg)):
        weekday = _is_weekday(seg[k].lower) and seg[k].text[:1].isupper()
        if seg[k].lower in _TRAILING_ADVERBIAL or weekday or _passive_verb(seg[k]):
            return seg[:k]
        if seg[k].lower == "di" and _name_run(seg[:k]):
            return seg[:k]  # "Tri Rismaharini di Surabaya" (but "Duta Besar Rusia di Korea …")
    return seg


_SENTENCE_ADVERBS = frozenset(
    "selanjutnya kini namun terpisah sementara sedangkan adapun lebih kemudian lalu".split()
)
_TRAILING_ADVERBIAL = frozenset(
    "pada dalam saat ketika melalui lewat usai seusai kepada seperti sebagaimana sebelum "
    "setelah sejak selama".split()
)
_CLAUSE_WORDS = frozenset(
    "ketika sehingga untuk karena bahwa jika agar supaya namun tetapi sedangkan sementara "
    "seraya sambil "
    "apabila bila kalau setelah sebelum hingga".split()
)
_NOT_VERBS = frozenset(
    "mereka menteri media meja mesin merek metode menit mentor medis mei meter menara menu "
    "berita beras berkas".split()
)


def _passive_verb(tok: Tok) -> bool:
    """ "… Tedi Hafni dihubungi secara terpisah mengatakan": a passive verb ends the NP."""
    low = tok.lower
    return (tok.text[:1].islower() and low.startswith("di") and len(low) > 5
            and low not in _ROLE_WORDS and low not in _NOT_VERBS)


def _breaks_clause(tok: Tok) -> bool:
    """A conjunction or an active verb: the subject cannot reach back past it."""
    low = tok.lower
    if low in _CLAUSE_WORDS:
        return True
    if not tok.text[:1].islower() or low in _NOT_VERBS or len(low) < 5:
        return False
    return low.startswith(("meng", "meny", "mem", "men", "ber")) or (
        low.startswith("me") and low[2:3] in "lrwy")


def _is_apposition(seg: list[Tok], head: list[Tok]) -> bool:
    """ "Harian bisnis Rusia" + "Vedomosti", "juru bicara Yermias" + "Kaleb …" or
    "Abdian Saputra" + "Koordinator …": a describing NP beside a name."""
    if len(seg) > 10 or _is_adverbial(seg):
        return False
    seg_role = _describes(seg)
    head_role = _describes(head)
    seg_name = bool(_name_run(seg)) and not seg_role
    head_name = bool(_name_run(head)) and not head_role
    return (seg_role and head_name) or (seg_name and head_role)


def _is_place(np: list[Tok]) -> bool:
    known = _known_spans(np)
    return len(known) == len(np) and all(v == "LOCATION" for v in known.values())


def _describes(np: list[Tok]) -> bool:
    """A role or description rather than a name: "Koordinator …", "pedagang daging sapi"."""
    if np[0].lower in _ROLE_WORDS:
        return True
    if np[0].text[:1].islower():
        return np[0].lower not in _ADVERBS and not any(_breaks_clause(t) for t in np)
    return bool(_MEDIA_START.match(" ".join(t.lower for t in np[:3]) + " "))


def _content_after(
    ctx: _Context, toks: list[Tok], i: int, sentence: Sentence
) -> tuple[Span | None, bool]:
    """What was said after the verb at ``i``: a quote that follows, the ``bahwa`` clause, or
    the rest of the sentence."""
    text = ctx.text
    n = len(toks)
    # "mengatakan, “…”" / "mengatakan dalam sebuah pengarahan pada akhir Mei, “…”"
    limit = min(n, i + 14)
    start_tok = None
    for j in range(i + 1, limit):
        low = toks[j].lower
        if low == "bahwa":
            start_tok = j + 1
            break
        if toks[j].text in ",:":
            first = toks[i + 1].lower
            if j == i + 1 or first in _NOT_SUBJECT_START or _is_weekday(first):
                start_tok = j + 1
            break
        if low in SPEECH_VERBS or toks[j].text in ".;":
            break
    clause_marked = start_tok is not None
    if start_tok is None:
        start_tok = i + 1
    begin = toks[start_tok].start if start_tok < n else sentence.end
    quote = _quote_at(ctx, begin)
    if quote is not None and _is_statement(text, quote):
        if quote.used:
            return None, False  # “…,” ujar dia already gave these words their speaker
        quote.used = True
        return Span(text[quote.inner_start : quote.inner_end], quote.inner_start,
                    quote.inner_end), True
    if not clause_marked and toks[i].lower in _CLAUSE_ONLY_VERBS:
        return None, False  # "LSIP mencatat laba …": an object, not a statement
    if start_tok == i + 1 and start_tok < n and toks[start_tok].lower in _NOT_CONTENT_START:
        return None, False  # "pencegahan fraud mendesak dalam …": not a speech act
    if start_tok < n and toks[i].lower in ("percaya", "yakin") and toks[start_tok].lower == "diri":
        return None, False  # "tampil percaya diri": confident, not a belief stated
    end = _before_via(text, begin, sentence.end)
    # stop before a quote that starts later in the sentence as its own statement; a quote
    # inside the clause ("mengatakan bahwa mereka menggunakan “rudal …”") is part of it
    for q in ctx.quotes.starting_in(begin + 1, end):
        if not q.used and _is_statement(text, q):
            if text[max(0, q.start - 20) : q.start].rstrip()[-1:] in ",.:;!?":
                end = q.start
                break
            q.used = True
    while end > begin and text[end - 1] in " .,;:":
        end -= 1
    if end - begin < 3:
        return None, False
    return Span(text[begin:end], begin, end), False


def _quote_at(ctx: _Context, pos: int) -> Quote | None:
    """The quote opening right at ``pos`` (give or take a space)."""
    found = ctx.quotes.starting_in(pos - 1, pos + 3)
    return found[0] if found else None


def _menurut(ctx: _Context, toks: list[Tok], inside: list[bool], sentence: Sentence,
             sentence_via: str) -> int:
    """ "Menurut X, …" and "…, menurut X." """
    text = ctx.text
    made = 0
    for i, t in enumerate(toks):
        if inside[i] or not t.lower.startswith("menurut"):
            continue
        if t.lower == "menurutnya":
            np: list[Tok] = []
        else:
            k = i + 1
            while k < len(toks) and toks[k].text not in ",.;:" and k - i < 14:
                k += 1
            np = toks[i + 1 : k]
            if np and np[0].lower in _SPEECH_NOUNS:
                np = np[1:]  # "menurut penuturan Pinkan"
        if np:
            speaker = parse_speaker(text, np, ctx.person_mentions)
            if speaker is not None:
                speaker = _resolve_short_name(ctx, speaker)
            after = np[-1].end
        else:
            speaker = _resolve_pronoun(ctx, t.start)
            after = t.end
        if speaker is None:
            continue
        rest = text[after:sentence.end].strip(" ,.;:")
        if len(rest.split()) < 3 and i > 2:
            # "…, menurut X." : the statement comes first
            begin, end = sentence.start, toks[i - 1].start if toks[i - 1].text == "," else t.start
        else:
            begin = _skip_space(text, after, sentence.end)
            if begin < sentence.end and text[begin] == ",":
                begin = _skip_space(text, begin + 1, sentence.end)
            end = sentence.end
        end = _before_via(text, begin, end)
        while end > begin and text[end - 1] in " .,;:":
            end -= 1
        if end - begin < 3:
            continue
        stance = "reports" if speaker.is_outlet else "asserts"
        _add(ctx, speaker, cue=Span(t.text, t.start, t.end), stance=stance,
             content=Span(text[begin:end], begin, end), direct=False, via=sentence_via,
             resolved_pronoun=speaker.pronoun)
        made += 1
    return made


def _cue_after_clause(ctx: _Context, toks: list[Tok], inside: list[bool], sentence: Sentence,
                      sentence_via: str) -> int:
    """ "Harga minyak naik 3 persen, kata analis." / "…, ujarnya.": a reported statement
    with the cue after it but no quote marks; "Karenanya, kata Ara, beberapa pengusaha …":
    the cue set in the middle of the statement."""
    text = ctx.text
    for i in range(2, len(toks) - 1 if toks else 0):
        t = toks[i]
        root = t.lower[:-3] if t.lower.endswith("nya") else t.lower
        if inside[i] or root not in POST_CUES or toks[i - 1].text != "," or inside[i - 1]:
            continue
        if root == "menurut":
            continue  # "…, menurut X" is read by _menurut
        before = toks[:i - 1]
        np_toks = _np_after_cue(toks[i + 1 :])
        rest = i + 1 + len(np_toks)
        parenthetical = (rest < len(toks) - 3 and toks[rest].text == ","
                         and toks[rest + 1].lower not in _RELAY_WORDS)
        if inside[0] or (len(before) < 3 and not parenthetical):
            return 0
        if t.lower.endswith("nya") or not np_toks or np_toks[0].lower in PRONOUNS:
            speaker, pronoun = _resolve_pronoun(ctx, t.start), True
        else:
            speaker, pronoun = parse_speaker(text, np_toks, ctx.person_mentions), False
            speaker = speaker and _resolve_short_name(ctx, speaker)
        if speaker is None:
            return 0
        begin, end = before[0].start, before[-1].end
        if parenthetical:
            end = toks[-1].end if toks[-1].text not in ".!?" else toks[-2].end
            if len(before) < 3:  # "Karenanya, kata Ara, …": the words after the cue
                begin = toks[rest + 1].start
        _add(ctx, speaker, cue=Span(t.text, t.start, t.end), stance=POST_CUES[root],
             content=Span(text[begin:end], begin, end), direct=False,
             via=sentence_via, resolved_pronoun=pronoun)
        return 1
    return 0


def _hedged_passive(ctx: _Context, toks: list[Tok], inside: list[bool], sentence: Sentence) -> None:
    """ "Kim Jong Un disebut telah mendorong …": a claim with no named source."""
    text = ctx.text
    for i, t in enumerate(toks[1:12], start=1):
        if inside[i] or t.lower not in HEDGED_PASSIVES:
            continue
        prev = toks[i - 1]
        if prev.lower == "yang" or not (prev.text[:1].isalnum()):
            return
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is None or nxt.lower in ("sebagai", "dengan", "oleh", "dalam", "bahwa"):
            return
        if any(_covers(a, sentence.start) for a in ctx.found[-5:]):
            return  # inside a statement already attributed ("NHK mengatakan Putin diperkirakan")
        end = sentence.end
        while end > sentence.start and text[end - 1] in " .":
            end -= 1
        speaker = Speaker("", "", unnamed="tidak disebutkan")
        _add(ctx, speaker, cue=Span(t.text, t.start, t.end), stance="reports",
             content=Span(text[sentence.start : end], sentence.start, end), direct=False,
             via="", hedged=True, remember=False)
        return


def _covers(a: Attribution, pos: int) -> bool:
    return bool(a.content_span and a.content_span.start <= pos < a.content_span.end)


def _sentence_via(text: str, toks: list[Tok]) -> str:
    """ "Mengutip Reuters, …", "Dilansir dari AFP, …", "Seperti dikutip CNN, …"."""
    if not toks:
        return ""
    k = 0
    if toks[0].lower in ("seperti", "sebagaimana"):
        k = 1
    if k < len(toks) and toks[k].lower in ("mengutip", "dikutip", "dilansir", "melansir",
                                           "dilaporkan", "diberitakan"):
        k += 1
        if k < len(toks) and toks[k].lower in ("dari", "oleh"):
            k += 1
        end = k
        while end < len(toks) and toks[end].text != "," and end - k < 8:
            end += 1
        name = _joined(text, toks[k:end])
        if name[:1].isupper():
            return name
    return _via_inside(text, toks[0].start, toks[-1].end)


_VIA_TAIL = re.compile(r",?\s*(?:seperti\s+|sebagaimana\s+)?(?:dikutip|dilansir|diberitakan|"
                       r"dilaporkan)\s+(?:dari\s+|oleh\s+)?[A-Z]")


def _before_via(text: str, begin: int, end: int) -> int:
    """Where a statement ends when ", seperti dilaporkan Antara" closes the sentence."""
    m = _VIA_TAIL.search(text, begin, end)
    return m.start() if m else end


def _via_inside(text: str, start: int, end: int) -> str:
    m = _VIA_INSIDE.search(text, start, end)
    if not m or _is_weekday(m.group("via").split()[0].lower()):
        return ""  # "dikutip Senin (16/6/2025)" is a date, not a source
    return m.group("via")


# "…, seperti dilansir Reuters." / "… dikutip dari laman resmi Pemkab Tangerang"
_VIA_INSIDE = re.compile(
    r"\b(?:dikutip|dilansir|diberitakan|dilaporkan)(?:\s+(?:dari|oleh))?\s+"
    r"(?P<via>(?:(?:laman|situs|akun|kanal)\s+(?:resmi\s+)?)?[A-Z][\w.]*?(?:\s+[A-Z][\w.]*?){0,3})"
    r"(?=[.,;]?(?:\s|$))"
)


def _continuation(ctx: _Context, quote: Quote) -> None:
    """A quote with no cue of its own: the words of the last speaker (within a few
    paragraphs), as news writing continues a speaker's quotes. Not a quote inside a
    sentence ("lirik paling menyentuh: “…”"), one that names its own source after it
    ("“…,” bunyi pasal 38"), nor one several paragraphs of other matter away."""
    for pos, speaker in reversed(ctx.history[-_PRONOUN_LOOKBACK:]):  # noqa: B007 (used after the loop)
        if pos < quote.start:
            break
    else:
        return
    text = ctx.text
    if quote.start - pos > _CONTINUATION_REACH or text.count("\n\n", pos, quote.start) > 2:
        return
    if not _opens_sentence(text, quote.start) or _source_after(text, quote):
        return
    _add(ctx, speaker, cue=None, stance="asserts",
         content=Span(ctx.text[quote.inner_start : quote.inner_end], quote.inner_start,
                      quote.inner_end), direct=True, via="", resolved_pronoun=True)
    quote.used = True


def _opens_sentence(text: str, pos: int) -> bool:
    """Whether the quote mark at ``pos`` starts a sentence (after . ! ? a paragraph break or
    another quote), and is not led in by a paragraph ending with a colon."""
    k = pos - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    if k < 0:
        return True
    if text[k] == "\n":
        while k >= 0 and text[k].isspace():
            k -= 1
        return k < 0 or text[k] != ":"
    return text[k] in ".!?”\"»"


def _source_after(text: str, quote: Quote) -> bool:
    """ "“…,” bunyi pasal 38." / "“…,” tulis laporan itu": the sentence goes on after the
    quote's comma with words of its own, which name where the quote comes from (relaying
    words such as "dikutip dari" excepted)."""
    if text[quote.inner_end : quote.inner_end + 1] != ",":
        return False
    m = re.match(r"[ \t]*([a-z]+)", text[quote.end : quote.end + 30])
    return m is not None and m.group(1) not in _RELAY_WORDS


_RELAY_WORDS = frozenset("dikutip dilansir mengutip melansir seperti sebagaimana".split())


def _resolve_pronoun(ctx: _Context, pos: int, personal: bool = True) -> Speaker | None:
    """ "katanya", "ujar dia": the last named speaker before ``pos`` (for a personal pronoun,
    the last person rather than an organisation that spoke since); before anyone has
    spoken, the subject of the sentence where the NER last saw a person."""
    body = None
    for p, s in reversed(ctx.history[-_PRONOUN_LOOKBACK:]):
        if p < pos and (s.written or s.unnamed):
            if not personal or not _is_body(s):
                return s
            body = body or s
    if body is not None:
        return body
    k = bisect_left(ctx.person_mentions, (pos,))
    if k == 0:
        return None
    last_start = ctx.person_mentions[k - 1][0]
    sentence_start = ctx.sentence_starts[max(0, bisect_right(ctx.sentence_starts, last_start) - 1)] \
        if ctx.sentence_starts else 0
    start, end, canonical = ctx.person_mentions[bisect_left(ctx.person_mentions, (sentence_start,))]
    return Speaker(ctx.text[start:end], canonical, span=Span(ctx.text[start:end], start, end))


def _is_body(speaker: Speaker) -> bool:
    """An organisation, place, outlet or group rather than one person ("dia" is a person)."""
    name = speaker.canonical or speaker.written
    first = name.split()[0].lower() if name else ""
    return (speaker.is_outlet or _alias_label(name) in ("ORGANISATION", "LOCATION")
            or first in ORGANISATION_HEADS or (name.isupper() and len(name) > 1)
            or " dan " in name)


def _resolve_short_name(ctx: _Context, speaker: Speaker) -> Speaker:
    """ "Shin" after "Shin Wonsik", "Presiden" after "Presiden Joko Widodo": the same person."""
    if speaker.pronoun:
        personal = speaker.written.lower() not in ("mereka", "pihaknya")
        resolved = _resolve_pronoun(ctx, speaker.span.start if speaker.span else len(ctx.text),
                                    personal)
        return resolved or speaker
    if not speaker.written:
        return speaker
    key = speaker.written.lower()
    # "Prof Edi" is "Edi Hartoyo": ranks and titles say nothing about which person it is
    name_key = " ".join(w for w in key.split() if w.rstrip(".") not in _RANKS) or key
    # "Presiden" after "Presiden Joko Widodo"; but "BI" after "Gubernur BI Perry Warjiyo" is
    # the bank, not its governor
    is_role = all(w in _ROLE_WORDS for w in key.split())
    for _, earlier in reversed(ctx.history[-_SHORT_NAME_LOOKBACK:]):
        if not earlier.written:
            continue
        if earlier.written.lower() == key:
            speaker.canonical = earlier.canonical
            if not speaker.role:
                speaker.role, speaker.affiliation = earlier.role, earlier.affiliation
            return speaker
        words = earlier.canonical.lower().split()
        same_role = (is_role and earlier.role and key in earlier.role.lower().split()
                     and not speaker.role)
        if name_key in words or same_role:
            speaker.canonical = earlier.canonical
            if not speaker.role:
                speaker.role, speaker.affiliation = earlier.role, earlier.affiliation
            return speaker
    if speaker.span:
        k = bisect_left(ctx.person_mentions, (speaker.span.start,))
        for start, end, canonical in ctx.person_mentions[max(0, k - 1) : k + 2]:
            if start <= speaker.span.start < end or speaker.span.start <= start < speaker.span.end:
                speaker.canonical = canonical
                break
    return speaker


def _relay_name(ctx: _Context, relay: Speaker) -> str:
    """The outlet behind "Laporan tersebut": the last outlet that spoke."""
    if relay.is_outlet and relay.written:
        return relay.written
    for _, earlier in reversed(ctx.history[-_SHORT_NAME_LOOKBACK:]):
        if earlier.is_outlet:
            return earlier.written
    return ""


def _add(ctx: _Context, speaker: Speaker, *, cue: Span | None, stance: str, content: Span,
         direct: bool, via: str, unnamed: str = "", hedged: bool = False,
         resolved_pronoun: bool = False, remember: bool = True) -> None:
    """Record one attribution (hedging from its words, relaying outlet from the context)
    and remember its speaker for the pronouns that follow (unless ``remember`` is off: a
    claim with no source has nobody for "katanya" to point back to)."""
    hedged = hedged or _hedged(content.text) or stance == "expects"
    if not via and not speaker.is_outlet:
        via = _via_from_previous(ctx, speaker, content.start)
    speaker_span = speaker.span if not resolved_pronoun else None
    spans = [s for s in (speaker_span, cue, content) if s is not None]
    attribution = Attribution(
        speaker=speaker.written,
        speaker_canonical=speaker.canonical or speaker.written,
        speaker_role=speaker.role,
        affiliation=speaker.affiliation,
        cue=cue.text if cue else "",
        content=content.text,
        direct=direct,
        stance=stance,
        hedged=hedged,
        via=via if via != speaker.written else "",
        unnamed_source=unnamed or speaker.unnamed,
        speaker_span=speaker_span,
        cue_span=cue,
        content_span=content,
        start=min(s.start for s in spans),
        end=max(s.end for s in spans),
    )
    ctx.found.append(attribution)
    if remember and (speaker.written or speaker.unnamed):
        ctx.history.append((content.end, speaker))


def _hedged(content: str) -> bool:
    """A hedge word in the main clause ("Putin diperkirakan akan …"), not in a relative
    clause ("kontainer … yang kemungkinan berisi bantuan")."""
    words = re.findall(r"[\w-]+", content[:400].lower())
    return any(w in HEDGES and (k == 0 or words[k - 1] != "yang") for k, w in enumerate(words))


def _via_from_previous(ctx: _Context, speaker: Speaker, pos: int) -> str:
    """ "menurut KCNA, Kim Jong Un mengirimi Putin pesan …" then “…,” kata Kim Jong Un dalam
    pesan tersebut: the outlet that reported the occasion relays the quote."""
    if not speaker.written:
        return ""
    for previous in reversed(ctx.found[-3:]):
        if previous.content_span is None or pos - previous.content_span.end > 600:
            continue
        if is_outlet(previous.speaker) or previous.speaker and _outlet_like(previous.speaker):
            names = {speaker.written.lower(), speaker.canonical.lower()}
            if any(n and n in previous.content.lower() for n in names):
                return _short_outlet(previous.speaker)
    return ""


def _outlet_like(name: str) -> bool:
    return bool(re.search(r"\((?:[A-Z]{2,6})\)\s*$", name)) and "berita" in name.lower()


def _short_outlet(name: str) -> str:
    """ "Kantor Berita Pusat Korea Utara (KCNA)" -> "KCNA"."""
    m = re.search(r"\(([A-Z][\w.]{1,10})\)\s*$", name)
    return m.group(1) if m else name
