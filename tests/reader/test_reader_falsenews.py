"""The false-news set's labels are never read as verdicts they are not (issue 10, item 1).

REAL means "real news", not "the claim is true": a report of a denial, a clarification or an
accusation must not come out as a fact-check that calls the rumour true. The rows below are
written for these tests after the shapes of the shared set's rows.
"""

from __future__ import annotations

import collections
import csv
import io
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from saring.model import Article, FactCheck, Failure
from saring.reader.factchecks import FALSE_NEWS_DATASET, read

HEADER = ["ID", "label", "tanggal", "judul", "text", "nama file gambar"]


def rows(*records: tuple[str, str, str, str, str]) -> list:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for record in records:
        writer.writerow([*record, f"{record[0]}.jpg"])
    return list(read(io.StringIO(out.getvalue()), "falsenews-csv", "falsenews.csv"))


MARADONA = ("29994", "REAL", "29-Jun-18",
            ": Maradona Bantah Kabar Dirinya Meninggal Usai Laga Argentina vs Nigeria",
            ": Maradona Bantah Kabar Dirinya Meninggal Usai Laga Argentina vs Nigeria")
VAKSIN_MR = ("29684", "REAL", "15-Agu-18",
             "Dinkes Aceh Membantah Atas Isu Pelajar Lumpuh Setelah Vaksin MR",
             "“Itu kebetulan. Tidak berhubungan dengan imunisasi, bukan efek vaksin MR,” ujarnya.")
CLARIFICATION = ("775523", "REAL", "3-Mar-18",
                 "Klarifikasi Pihak Kepolisian Terkait Isu Pembegalan di Pesing, Jakarta Barat",
                 "Beredar voice note pembegalan di fly over Pesing. Itu tidak benar. Hoaks, kata Kapolsek.")
UNSURE_CLARIFICATION = ("594548", "REAL", "09-Okt-18",
                        "Klarifikasi Kementerian Luar Negeri Terkait Isu Pelarangan Anak Habib Masuk Yaman",
                        "Semua WNA dilarang. Yang melarang adalah Pemerintah Oman.")
_NEZAR = "Nezar Patria adalah Kader PKI, Ikut Rapat Setiap Malam di Istana, Demikian Tuduhan dari Alfian Tandjung"
ACCUSATION = ("7214", "REAL", "8-Mar-17", _NEZAR, _NEZAR)


def test_report_of_a_denial_is_news_not_a_true_verdict() -> None:
    (maradona,) = rows(MARADONA)
    assert isinstance(maradona, Article)
    assert maradona.title == "Maradona Bantah Kabar Dirinya Meninggal Usai Laga Argentina vs Nigeria"
    assert maradona.body == [maradona.title]
    assert maradona.source == f"{FALSE_NEWS_DATASET}, ID 29994"
    assert maradona.published == "2018-06-29T00:00:00+07:00" and maradona.url == ""


def test_vaccine_denial_is_news_with_its_quote_as_body() -> None:
    (vaksin,) = rows(VAKSIN_MR)
    assert isinstance(vaksin, Article) and vaksin.language == "id"
    assert vaksin.body == [VAKSIN_MR[4]]
    assert vaksin.published == "2018-08-15T00:00:00+07:00"


def test_clarification_that_denies_is_a_false_verdict_on_the_rumour() -> None:
    clarification, unsure = rows(CLARIFICATION, UNSURE_CLARIFICATION)
    assert isinstance(clarification, FactCheck)
    assert clarification.claim == "Isu Pembegalan di Pesing, Jakarta Barat"
    assert clarification.verdict == "false"
    assert clarification.verdict_label == "Klarifikasi: “tidak benar”"
    assert clarification.publisher == f"{FALSE_NEWS_DATASET}, ID 775523"
    assert clarification.explanation == CLARIFICATION[4]
    # a clarification without a word of denial: unrated, not a guess
    assert isinstance(unsure, FactCheck)
    assert (unsure.verdict, unsure.verdict_label) == ("", "Klarifikasi")
    assert unsure.claim == "Isu Pelarangan Anak Habib Masuk Yaman"


def test_report_of_an_accusation_is_news() -> None:
    (accusation,) = rows(ACCUSATION)
    assert isinstance(accusation, Article)
    assert accusation.source == f"{FALSE_NEWS_DATASET}, ID 7214"


def test_verdict_headlines_in_real_rows_keep_their_own_verdict_but_never_true() -> None:
    hoax, true, clarified, opener = rows(
        ("1", "REAL", "1-Jan-19", "[HOAKS] Foto Ular Raksasa di Kalimantan", "Foto itu hasil suntingan."),
        ("2", "REAL", "1-Jan-19", "[BENAR] BMKG Keluarkan Peringatan Dini", "BMKG mengeluarkan peringatan."),
        ("3", "REAL", "1-Jan-19", "[KLARIFIKASI] Pesan Gempa Besar Malam Ini", "Pesan itu hoaks."),
        ("4", "REAL", "1-Jan-19", "Hoaks: Vaksin MR Bikin Anak Lumpuh", "Dinkes menegaskan aman."),
    )
    assert (hoax.verdict, hoax.claim, hoax.verdict_label) == (
        "false", "Foto Ular Raksasa di Kalimantan", "[HOAKS] Foto Ular Raksasa di Kalimantan")
    assert isinstance(true, FactCheck) and true.verdict == ""  # REAL is no true rating
    assert (clarified.verdict, clarified.claim) == ("false", "Pesan Gempa Besar Malam Ini")
    assert (opener.verdict, opener.claim) == ("false", "Vaksin MR Bikin Anak Lumpuh")


def test_news_about_hoaxes_and_negated_denials_stay_news() -> None:
    items = rows(
        ("5", "REAL", "1-Jan-19", "Hoax Marak Karena Rendahnya Literasi", "Hoax marak di media sosial."),
        ("6", "REAL", "1-Jan-19", "Teori Flat Earth Bukanlah Hoax", "Teori bumi datar bukanlah hoax."),
        ("7", "REAL", "1-Jan-19", "Kemenhub Mengklarifikasi Kapal Dikandaskan", "Kapal itu tidak tenggelam."),
    )
    assert all(isinstance(i, Article) for i in items)


def test_fake_rows_are_false_with_the_annotators_label_named() -> None:
    (fake,) = rows(("8", "FAKE", "17-Aug-20", "Vaksin MR Bikin Anak Lumpuh", "Sebarkan! Vaksin MR bikin lumpuh."))
    assert (fake.verdict, fake.verdict_label) == ("false", f"FAKE (label anotator {FALSE_NEWS_DATASET})")
    assert fake.publisher == f"{FALSE_NEWS_DATASET}, ID 8"


def test_unknown_label_is_a_failure_not_a_verdict() -> None:
    bad, good = rows(("9", "TRUE", "1-Jan-19", "Judul", "Teks"), ("10", "FAKE", "1-Jan-19", "Judul", "Teks"))
    assert isinstance(bad, Failure) and "neither FAKE nor REAL" in bad.message
    assert isinstance(good, FactCheck)


_WORDS = ["Klarifikasi", "klarifikasi", "[BENAR]", "[FAKTA]", "[HOAKS]", "Cek Fakta:", "Benar", "benar",
          "Fakta", "tidak", "Tidak Benar", "bukan", "hoaks", "Hoax:", "bantah", "membantah", "terkait",
          "REAL", "true", "TRUE", "akurat", "Sesuai Fakta", "isu", "vaksin", "lumpuh", ":", "!", ",", "-"]
_PHRASE = st.lists(st.sampled_from(_WORDS) | st.text(max_size=8), min_size=1, max_size=8).map(" ".join)


@given(_PHRASE, _PHRASE)
def test_no_real_row_ever_yields_a_true_verdict(title: str, text: str) -> None:
    (item,) = rows(("11", "REAL", "1-Jan-19", title, text))
    assert isinstance(item, Failure) or getattr(item, "verdict", "") != "true"
    if isinstance(item, Article):
        assert item.body and item.source == f"{FALSE_NEWS_DATASET}, ID 11"


def test_every_shared_row_and_why_its_verdict(shared: Path) -> None:
    """Scan of the whole shared set: no item is true; the report says what each row became."""
    path = shared / "data" / "factchecks" / "indonesia_false_news_2015_2020.csv"
    reasons: collections.Counter = collections.Counter()
    with path.open(newline="", encoding="utf-8-sig") as stream:
        labels = [row["label"] for row in csv.DictReader(stream)]
    items = list(read(path, "falsenews-csv", str(path)))
    assert len(items) == len(labels) == 4231
    for label, item in zip(labels, items):
        if isinstance(item, Article):
            reasons[(label, "news report", "no verdict")] += 1
        else:
            why = item.verdict_label.split(":")[0].split(" (")[0] if label == "REAL" else "annotators"
            reasons[(label, f"fact-check ({why})", item.verdict or "unrated")] += 1
    print("\nfalse-news rows -> items (label, became, verdict): count")
    for key, count in sorted(reasons.items()):
        print(f"  {' | '.join(key)}: {count}")
    assert not [k for k in reasons if k[2] == "true"], reasons
    assert reasons[("FAKE", "fact-check (annotators)", "false")] == labels.count("FAKE")
    assert all(i.publisher.startswith(FALSE_NEWS_DATASET) for i in items if isinstance(i, FactCheck))
    assert all(i.source.startswith(FALSE_NEWS_DATASET) for i in items if isinstance(i, Article))
    # most REAL rows are news; debunks are the clarifications, about a tenth
    real = labels.count("REAL")
    assert sum(isinstance(i, Article) for i in items) >= 0.8 * real
