"""Inputs: format detection, decoding, bad files, batches and the `saring extract` command."""

from __future__ import annotations

import json
import subprocess
import sys

from saring.cli import main
from saring.model import Article, Failure
from saring.reader.inputs import MAX_DOCUMENT_BYTES, detect_format, read_paths, sniff_encoding

NEWS_HEADER = "sumber,url,judul,author,tanggal_publikasi,isi_berita\n"
ROW = (
    'liputan6.com,https://www.liputan6.com/x,Judul Uji,Ana Putri,"Diperbarui 18 Jun 2025, 14:05 WIB",'
    '"Liputan6.com, JakartaKita semua tahu.\nAdvertisement\nDepresi adalah kondisikesehatan mentalyang nyata."\n'
)


def test_detection():
    assert detect_format("\ufeff" + NEWS_HEADER + ROW, "x.csv") == "news-csv"
    assert detect_format('{"title": "A", "body": ["b"]}\n', "") == "jsonl"
    assert detect_format("<!DOCTYPE html><html><body><p>x</p></body></html>", "") == "html"
    assert detect_format("Judul\n\nIsi berita.", "page.txt") == "text"
    assert detect_format("   \n", "") is None


def test_encodings_and_binary():
    assert sniff_encoding("Kabar “baru”".encode()) == "utf-8"
    assert sniff_encoding("Kabar “baru”".encode("cp1252")) == "cp1252"
    assert sniff_encoding(b"\xef\xbb\xbfabc") == "utf-8-sig"


def test_news_csv_streams_dedupes_and_reports_bad_rows(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("\ufeff" + NEWS_HEADER + ROW + ROW + 'detik.com,u,"T",a,b\n', encoding="utf-8")
    items = list(read_paths([str(path)]))
    articles = [i for i in items if isinstance(i, Article)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert len(articles) == 1  # the repeated row is read once
    a = articles[0]
    assert (a.source, a.dateline, a.published) == ("Liputan6.com", "Jakarta", "2025-06-18T14:05:00+07:00")
    assert a.body == ["Kita semua tahu.", "Depresi adalah kondisi kesehatan mental yang nyata."]
    assert [b.kind for b in a.boilerplate] == ["advert"]
    assert len(failures) == 1 and failures[0].line == 8 and "5 fields" in failures[0].message


def test_csv_missing_columns_and_broken_quoting(tmp_path):
    missing = tmp_path / "missing.csv"
    missing.write_text("sumber,url,judul\nx,y,z\n", encoding="utf-8")
    broken = tmp_path / "broken.csv"
    broken.write_text(NEWS_HEADER + ROW + 'a,b,"unterminated,d,e,f\n' + "x" * 100, encoding="utf-8")
    out = list(read_paths([str(missing), str(broken)], fmt="news-csv"))
    assert isinstance(out[0], Failure) and "missing column" in out[0].message
    assert any(isinstance(i, Article) for i in out)


def test_jsonl_roundtrip_and_bad_line(tmp_path):
    article = Article(title="Satu", body=["Isi."], language="id")
    path = tmp_path / "a.jsonl"
    path.write_text(article.to_json() + "\n{broken\n", encoding="utf-8")
    items = list(read_paths([str(path)]))
    assert items[0] == article
    assert isinstance(items[1], Failure) and items[1].line == 2


def test_cp1252_text_page_is_decoded(tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes("Judul “Uji”\n\nParagraf pertama berita ini cukup panjang.".encode("cp1252"))
    (article,) = read_paths([str(path)])
    assert article.title == "Judul “Uji”"


def test_cli_single_bad_file_and_batch(tmp_path, capsys, seed_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    assert main(["extract", str(empty)]) == 2
    assert "empty file" in capsys.readouterr().err
    assert main(["extract", str(binary), "--json"]) == 2
    code = main(["extract", str(empty), str(seed_path), str(binary), "--json-lines"])
    captured = capsys.readouterr()
    assert code == 0
    (line,) = captured.out.splitlines()
    assert json.loads(line)["dateline"] == "Pyongyang"
    assert "2 item(s) failed" in captured.err and "binary" in captured.err


def test_cli_json_and_summary(capsys, seed_path):
    assert main(["extract", str(seed_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["authors"] == ["Khairisa Ferida"] and len(data["body"]) == 15
    assert main(["extract", str(seed_path)]) == 0
    out = capsys.readouterr().out
    assert "Kim Jong Un Puji" in out and "15 paragraphs" in out


def test_bundled_sample_pages():
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "saring" / "data" / "samples" / "pages"
    articles = [a for a in read_paths([str(folder)]) if isinstance(a, Article)]
    titles = " ".join(a.title for a in articles)
    assert "PLN" in titles and "Gunung Lawu" in titles
    assert all(a.body and a.published and a.dateline for a in articles)


def test_an_unreadable_csv_row_costs_that_row_only(tmp_path):
    path = tmp_path / "news.csv"
    too_long = "x" * (MAX_DOCUMENT_BYTES + 1)  # past the csv module's field limit
    path.write_text(NEWS_HEADER + f'kompas.com,https://kompas.com/a,Judul,b,c,"{too_long}"\n' + ROW,
                    encoding="utf-8")
    items = list(read_paths([str(path)]))
    assert [type(i).__name__ for i in items] == ["Failure", "Article"]
    assert items[0].line == 2 and "field larger than field limit" in items[0].message
    assert items[1].title == "Judul Uji"


def test_importing_the_reader_leaves_the_csv_module_alone():
    code = ("import csv; limit = csv.field_size_limit(); "
            "import saring.reader.inputs, saring.reader.factchecks; "
            "assert csv.field_size_limit() == limit, csv.field_size_limit()")
    subprocess.run([sys.executable, "-c", code], check=True)
