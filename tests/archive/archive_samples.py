"""The hand-written Indonesian corpus of the archive tests (a module of its own: test files
import it by a name no other test folder uses, unlike ``conftest``)."""

from __future__ import annotations

from saring.model import Article, Attribution, Entity, FactCheck


def news(url: str, title: str, *body: str, source: str = "liputan6.com", published: str = "2025-06-18T10:00:00+07:00",
         **kw) -> Article:
    return Article(source=source, url=url, title=title, body=list(body), published=published, language="id", **kw)


BLACKOUT_BODY = (
    "PT PLN (Persero) melakukan pemadaman listrik bergilir di sejumlah wilayah Jawa dan Bali pada "
    "Rabu malam setelah gangguan pada pembangkit di Suralaya. Direktur Utama PLN Darmawan Prasodjo "
    "mengatakan pasokan listrik akan pulih dalam beberapa jam.",
    "Menurut Darmawan, gangguan terjadi pada jaringan transmisi 500 kV yang menghubungkan Banten dan "
    "Jawa Barat. Warga diminta menghemat pemakaian energi selama masa pemulihan berlangsung dan "
    "mengikuti informasi resmi dari PLN melalui aplikasi PLN Mobile.",
)


def corpus() -> list:
    """Two news stories, a syndicated copy, and three fact-checks."""
    return [
        news("https://www.liputan6.com/bisnis/read/6055100/pemadaman-listrik-jawa-bali?utm_source=wa",
             "PLN Padamkan Listrik Bergilir di Jawa-Bali", *BLACKOUT_BODY,
             attributions=[Attribution(speaker="Darmawan", speaker_canonical="Darmawan Prasodjo",
                                       cue="mengatakan", content="pasokan listrik akan pulih")],
             entities=[Entity(canonical="PLN", label="ORGANISATION", aliases=["PT PLN (Persero)"]),
                       Entity(canonical="Suralaya", label="LOCATION")]),
        news("https://news.detik.com/berita/d-7900001/harga-beras-naik",
             "Harga Beras Naik Jelang Idul Adha",
             "Harga beras medium di pasar tradisional Jakarta naik menjadi Rp 14.500 per kilogram menjelang "
             "Idul Adha. Menteri Perdagangan Budi Santoso menyebut stok beras nasional aman.",
             source="detik.com", published="2025-06-02T08:00:00+07:00",
             attributions=[Attribution(speaker="Budi Santoso", speaker_canonical="Budi Santoso",
                                       cue="menyebut", content="stok beras nasional aman")],
             entities=[Entity(canonical="Jakarta", label="LOCATION")]),
        # The blackout story syndicated by another outlet: new intro, same body.
        news("https://www.republika.co.id/berita/sx1234/pemadaman-listrik",
             "Listrik Jawa-Bali Padam Bergilir", "Jakarta (Republika) -- " + BLACKOUT_BODY[0],
             BLACKOUT_BODY[1], source="republika.co.id", published="2025-06-18T12:00:00+07:00"),
        FactCheck(url="https://turnbackhoax.id/2025/06/19/salah-pemadaman-total-jawa-tiga-hari/",
                  title="[SALAH] Pemadaman Listrik Total di Jawa Selama Tiga Hari",
                  claim="Akan ada pemadaman listrik total di seluruh Pulau Jawa selama tiga hari mulai besok",
                  claim_source="WhatsApp", publisher="turnbackhoax.id", published="2025-06-19",
                  verdict="false", verdict_label="SALAH", category="Hoaks",
                  explanation="PLN membantah kabar tersebut. Pemadaman yang terjadi hanya bergilir dan sudah pulih.",
                  conclusion="Pesan berantai soal pemadaman total tiga hari adalah hoaks."),
        FactCheck(url="https://turnbackhoax.id/2025/05/02/penipuan-bansos/",
                  title="[PENIPUAN] Pendaftaran Bansos Lewat Tautan",
                  claim="Daftar bantuan sosial Rp 600 ribu lewat tautan ini",
                  publisher="turnbackhoax.id", published="2025-05-02", verdict="scam",
                  verdict_label="PENIPUAN", explanation="Kementerian Sosial tidak membuka pendaftaran lewat tautan.",
                  conclusion="Tautan tersebut penipuan yang mencuri data pribadi."),
        FactCheck(url="https://www.liputan6.com/cek-fakta/read/6000001/cek-fakta-beras-plastik",
                  title="Cek Fakta: Tidak Benar Beras Plastik Beredar di Pasar",
                  claim="Beras plastik beredar di pasar tradisional",
                  publisher="Liputan6.com Cek Fakta", published="2024-11-05", verdict="false",
                  verdict_label="Cek Fakta: Tidak Benar",
                  explanation="Uji laboratorium menunjukkan sampel adalah beras biasa.",
                  conclusion="Klaim beras plastik tidak benar."),
    ]


TOPICS = [
    ("Timnas", "Tim nasional sepak bola menang {n}-1 atas lawannya di Stadion Gelora Bung Karno."),
    ("Cuaca", "BMKG memperkirakan hujan lebat di {n} kabupaten sepanjang pekan ini."),
    ("Mudik", "Kementerian Perhubungan mencatat {n} ribu kendaraan melintas tol Cikampek."),
    ("Saham", "Indeks harga saham gabungan ditutup menguat {n} poin pada perdagangan sore."),
]


def filler(count: int = 24) -> list[Article]:
    """Unrelated stories, so that the test words are rare (as in a real archive) and BM25's
    IDF is positive for them."""
    return [news(f"https://kompas.com/read/filler/{i}", f"{TOPICS[i % 4][0]} hari ke-{i}",
                 TOPICS[i % 4][1].format(n=i + 2), source="kompas.com", published="2025-03-01")
            for i in range(count)]
