"""Malformed fact-check inputs: one clear Failure per bad row (with its line) and the rest read,
or one clear InputError for a file that is not in the format at all."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saring.errors import InputError
from saring.model import FactCheck, Failure
from saring.reader import factchecks
from saring.reader.factchecks import read

HEADER = "url,classification,category,date,narasi,penjelasan,kesimpulan,hasil_periksa,link_source,referensi\n"


def row(n: int, narasi: str = "") -> str:
    narasi = narasi or f"Akun Facebook “akun{n}” mengunggah narasi: klaim nomor {n}"
    return f'https://turnbackhoax.id/articles/{n}-salah-klaim-{n},SALAH,Politik,01/06/2026,"{narasi}",,,,,\n'


def run(text: str, fmt: str = "turnbackhoax-csv") -> list[FactCheck | Failure]:
    return list(read(io.StringIO(text), fmt, "input.csv"))


def failures(items) -> list[tuple[int, str]]:
    return [(i.line, i.message) for i in items if isinstance(i, Failure)]


def urls(items) -> list[str]:
    return [i.url.rsplit("/", 1)[-1] for i in items if isinstance(i, FactCheck)]


def test_unclosed_quote_costs_one_row_not_the_rest_of_the_file() -> None:
    broken = 'https://turnbackhoax.id/articles/2-salah-klaim-2,SALAH,Politik,01/06/2026,"narasi tanpa tutup,,,,,\n'
    items = run(HEADER + row(1) + broken + row(3) + row(4))
    assert urls(items) == ["1-salah-klaim-1", "3-salah-klaim-3", "4-salah-klaim-4"]
    ((line, message),) = failures(items)
    assert line == 3 and "never closes" in message
    assert all(i.source == "input.csv" for i in items if isinstance(i, Failure))


def test_unclosed_quote_in_the_last_row() -> None:
    broken = 'https://turnbackhoax.id/articles/9-salah-klaim-9,SALAH,,01/06/2026,"sampai akhir berkas\nbaris lagi\n'
    items = run(HEADER + row(1) + broken)
    assert urls(items) == ["1-salah-klaim-1"]
    ((line, _),) = failures(items)
    assert line == 3


def test_multiline_fields_keep_line_numbers_right() -> None:
    multi = row(2, narasi="baris satu\nbaris dua\nhttps://contoh.example.org/tautan, di baris sendiri")
    short = "https://turnbackhoax.id/articles/5-salah-klaim-5,SALAH,Politik\n"
    items = run(HEADER + row(1) + multi + row(3) + short + row(6))
    assert urls(items) == ["1-salah-klaim-1", "2-salah-klaim-2", "3-salah-klaim-3", "6-salah-klaim-6"]
    multi_item = next(i for i in items if isinstance(i, FactCheck) and "klaim-2" in i.url)
    assert "baris dua" in multi_item.claim
    ((line, message),) = failures(items)
    assert line == 7  # header 1, row 2, three physical lines 3-5, row 6, short row 7
    assert "3 of 10 columns" in message and "missing date" in message


def test_extra_columns_with_values_are_refused_blank_ones_tolerated() -> None:
    extra = "https://turnbackhoax.id/articles/2-salah-klaim-2,SALAH,Politik,01/06/2026,satu,dua,tiga,,,,lebih,lagi\n"
    trailing = row(3).rstrip("\n") + ",,\n"
    items = run(HEADER + row(1) + extra + trailing)
    assert urls(items) == ["1-salah-klaim-1", "3-salah-klaim-3"]
    ((line, message),) = failures(items)
    assert line == 3 and "12 columns" in message


def test_shifted_columns_are_reported() -> None:
    shifted = "SALAH,https://turnbackhoax.id/articles/2-salah-klaim-2,Politik,01/06/2026,,,,,,\n"
    items = run(HEADER + shifted + row(3))
    assert urls(items) == ["3-salah-klaim-3"]
    ((line, message),) = failures(items)
    assert line == 2 and "not a URL" in message


def test_empty_rows_are_skipped_and_contentless_rows_reported() -> None:
    items = run(HEADER + "\n" + ",,,,,,,,,\n" + ",SALAH,,,,,,,,\n" + row(4))
    assert urls(items) == ["4-salah-klaim-4"]
    assert [line for line, _ in failures(items)] == [4]


def test_oversized_record_is_refused_and_reading_goes_on(monkeypatch) -> None:
    monkeypatch.setattr(factchecks, "MAX_RECORD_CHARS", 2_000)
    filler = "".join(f"baris isi nomor {n} yang panjang sekali\n" for n in range(200))
    broken = f'https://turnbackhoax.id/articles/2-salah-klaim-2,SALAH,,,"{filler}'
    items = run(HEADER + row(1) + broken + row(3))
    assert urls(items)[0] == "1-salah-klaim-1"
    assert failures(items)[0][0] == 3
    assert isinstance(items[-1], FactCheck | Failure)  # reading went on to the end


def test_crlf_bom_semicolons_and_control_characters() -> None:
    text = "\ufeff" + HEADER.replace(",", ";") + (
        'https://turnbackhoax.id/articles/1-salah-klaim-1;SALAH;Politik;01/06/2026;"narasi: isi\x00 klaim; '
        'dengan titik koma";;;;;\r\n'
    )
    (item,) = run(text.replace("\n", "\r\n").replace("\r\r\n", "\r\n"))
    assert item.claim == "isi klaim; dengan titik koma"
    assert item.published == "2026-06-01T00:00:00+07:00"


@pytest.mark.parametrize(
    ("text", "fmt", "words"),
    [
        ("", "turnbackhoax-csv", "empty file"),
        ("\n\n", "falsenews-csv", "empty file"),
        ("sumber,url,judul,author,tanggal_publikasi,isi_berita\n", "turnbackhoax-csv",
         "missing column(s) classification, narasi"),
        ("ID,label,tanggal,judul\n1,FAKE,1-Jan-20,judul\n", "falsenews-csv", "missing column(s) text"),
        ("url,classification,narasi\n", "claimreview-csv", "unknown fact-check format"),
    ],
)
def test_wrong_files_raise_one_clear_input_error(text: str, fmt: str, words: str) -> None:
    with pytest.raises(InputError) as error:
        run(text, fmt)
    message = str(error.value)
    assert words in message and "\n" not in message


def test_minimal_columns_are_enough() -> None:
    (item,) = run("URL , Classification,NARASI\nhttps://turnbackhoax.id/articles/1-salah-a-b,SALAH,isi\n")
    assert item.verdict == "false" and item.claim == "isi" and item.references == []


def test_claimreview_bad_json_is_reported_with_its_line() -> None:
    good = json.dumps({"@type": "ClaimReview", "claimReviewed": "klaim satu", "url": "https://a.example.org"})
    items = run(f"{good}\n{{\"@type\": \"ClaimReview\", oops}}\n{good.replace('satu', 'tiga')}\n",
                "claimreview")
    assert [i.claim for i in items if isinstance(i, FactCheck)] == ["klaim satu", "klaim tiga"]
    assert [(f.line, f.message.split(":")[0]) for f in items if isinstance(f, Failure)] == [
        (2, "invalid JSON")]


def test_claimreview_truncated_array_and_missing_reviews() -> None:
    text = '[\n{"@type": "ClaimReview", "claimReviewed": "satu"},\n{"@type": "ClaimReview", "claimRev'
    items = run(text, "claimreview")
    assert isinstance(items[0], FactCheck) and items[0].claim == "satu"
    assert isinstance(items[1], Failure) and items[1].line == 3
    nothing = run('{"@type": "NewsArticle", "headline": "berita"}', "claimreview")
    assert [(f.line, "no ClaimReview" in f.message) for f in nothing] == [(0, True)]
    empty_review = run('{"@type": "ClaimReview", "url": "https://a.example.org"}', "claimreview")
    assert isinstance(empty_review[0], Failure) and "claimReviewed" in empty_review[0].message


def test_claimreview_bad_script_in_page() -> None:
    page = ('<html>\n<script type="application/ld+json">{broken</script>\n<script type="application/ld+json">'
            '{"@type": "ClaimReview", "claimReviewed": "klaim"}</script></html>')
    items = run(page, "claimreview")
    assert [type(i).__name__ for i in items] == ["Failure", "FactCheck"]
    assert items[0].line == 2


FIELD = st.one_of(
    st.text(alphabet=list('ab ,"\n\r;|:“”\x00'), max_size=40),
    st.just("https://x.example.org/1-salah-a"),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(FIELD, min_size=0, max_size=12), max_size=8))
def test_arbitrary_garbage_never_raises_nor_costs_the_next_good_row(rows) -> None:
    body = "\n".join(",".join(cells) for cells in rows)
    text = HEADER + body + "\n" + row(999)
    items = run(text)
    last_line = text.count("\n")
    assert all(2 <= i.line <= last_line and i.message for i in items if isinstance(i, Failure))
    assert isinstance(items[-1], FactCheck) and items[-1].url.endswith("/999-salah-klaim-999")


def test_missing_file_is_an_input_error(tmp_path) -> None:
    with pytest.raises(InputError, match="cannot open"):
        list(read(tmp_path / "absent.csv", "turnbackhoax-csv", "absent.csv"))


def test_header_only_file_reads_nothing() -> None:
    assert run(HEADER) == []


def claimreview_line(n: int) -> str:
    return json.dumps({"@type": "ClaimReview", "claimReviewed": f"klaim nomor {n}",
                       "url": f"https://cek.example.org/{n}", "reviewBody": "x" * 200})


def test_json_lines_failure_keeps_streaming_and_counts_lines_across_chunks() -> None:
    lines = [claimreview_line(n) for n in range(1, 6001)]
    lines[3999] = '{"@type": "ClaimReview", "claimReviewed": "rusak", oops'
    stream = io.StringIO("\n".join(lines) + "\n")
    items = read(stream, "claimreview", "big.jsonl")
    read_before = []
    for item in items:
        if isinstance(item, Failure):
            assert (item.line, item.message) == (4000, "invalid JSON: Expecting property name "
                                                       "enclosed in double quotes")
            read_before.append(stream.tell())
            break
    assert read_before[0] < len(stream.getvalue())  # the failure did not slurp the rest
    rest = list(items)
    assert len(rest) == 2000 and rest[-1].claim == "klaim nomor 6000"


def test_broken_pretty_printed_value_costs_one_failure() -> None:
    good = json.dumps({"@type": "ClaimReview", "claimReviewed": "baik"}, indent=2)
    broken = '{\n  "@type": "ClaimReview",\n  "claimReviewed": "rusak"\n  "url": "x"\n}'
    items = run(f"{good}\n{broken}\n{good}\n", "claimreview")
    assert [type(i).__name__ for i in items] == ["FactCheck", "Failure", "FactCheck"]
    assert items[1].line == 5
