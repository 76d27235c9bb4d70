"""`saring extract` on bad input, as a user meets it: one clear line on stderr, a non-zero exit
for a single bad file, a batch that goes on and lists its failures at the end, never a traceback.

Most cases call `saring.cli.main` in-process (fast); stdin and the no-traceback guarantee are
checked through a real subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from saring.cli import main

NEWS_HEADER = "sumber,url,judul,author,tanggal_publikasi,isi_berita\n"
GOOD_ROW = (
    'liputan6.com,https://www.liputan6.com/news/read/1/uji,Warga Pulihkan Sungai,Ana Putri,'
    '"Diperbarui 18 Jun 2025, 14:05 WIB","Liputan6.com, Jakarta - Warga Kampung Pulo bergotong '
    'royong membersihkan sungai dari sampah plastik pada Minggu pagi.\nAdvertisement\nKegiatan itu '
    'diikuti ratusan orang dan didukung pemerintah kota."\n'
)
GOOD_TEXT = (
    "Warga Pulihkan Sungai Ciliwung\n\n"
    "Warga Kampung Pulo bergotong royong membersihkan sungai dari sampah plastik pada Minggu pagi. "
    "Kegiatan itu diikuti ratusan orang dan didukung pemerintah kota yang menyediakan truk.\n"
)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["extract", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("saring: error: ")
    assert "Traceback" not in err
    return lines[0]


def test_empty_file(tmp_path, capsys):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    code, out, err = run(capsys, str(path))
    assert code == 2 and out == ""
    assert "empty file" in one_line_error(err)


def test_blank_file_is_empty_too(tmp_path, capsys):
    path = tmp_path / "blank.txt"
    path.write_text(" \n\n\t\n")
    code, _, err = run(capsys, str(path))
    assert code == 2 and "empty file" in one_line_error(err)


def test_binary_file_even_with_a_text_name(tmp_path, capsys):
    path = tmp_path / "photo.txt"
    path.write_bytes(bytes(range(256)) * 20)
    code, out, err = run(capsys, str(path))
    assert code == 2 and out == ""
    assert "binary file" in one_line_error(err)


@pytest.mark.parametrize(
    "raw, expected",
    [
        # cp1252: curly quotes in 0x93/0x94 and é
        (b"Kafe Baru\n\nPengunjung memesan \x93kopi tubruk\x94 di kaf\xe9 yang ramai itu.\n",
         "Pengunjung memesan “kopi tubruk” di kafé yang ramai itu."),
        # latin-1: 0x81 is undefined in cp1252, so the file is read as latin-1
        (b"Kafe Baru\n\nPengunjung memesan kopi di kaf\xe9 \x81 yang ramai itu.\n",
         "Pengunjung memesan kopi di kafé"),
    ],
)
def test_legacy_encodings_are_decoded(tmp_path, capsys, raw, expected):
    path = tmp_path / "page.txt"
    path.write_bytes(raw)
    code, out, err = run(capsys, str(path), "--json")
    assert code == 0, err
    article = json.loads(out)
    assert article["title"] == "Kafe Baru"
    assert article["body"][0].startswith(expected)


def test_oversized_page_is_refused_without_reading_it_all(tmp_path, capsys):
    path = tmp_path / "huge.txt"
    line = ("kata berita yang panjang sekali " * 40 + "\n\n").encode()
    with open(path, "wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    assert path.stat().st_size >= 50 * 1024 * 1024
    code, out, err = run(capsys, str(path))
    assert code == 2 and out == ""
    assert "too large" in one_line_error(err)


def test_csv_with_missing_columns(tmp_path, capsys):
    path = tmp_path / "export.csv"
    path.write_text("sumber,url,judul\ndetik.com,https://x,Judul\n")
    code, out, err = run(capsys, str(path))
    assert code == 2 and out == ""
    message = one_line_error(err)
    assert "missing column" in message and "isi_berita" in message


def test_csv_with_broken_quoting_keeps_the_good_rows(tmp_path, capsys):
    path = tmp_path / "news.csv"
    path.write_text(NEWS_HEADER + GOOD_ROW + 'detik.com,https://y,"Judul rusak,a,b,"tanpa penutup\n')
    code, out, err = run(capsys, str(path), "--json-lines")
    assert code == 0  # the good rows went in (exit-code rule: saring.cli)
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["title"] for r in records] == ["Warga Pulihkan Sungai"]
    assert "1 item(s) failed" in err and f"{path}:" in err
    assert "Traceback" not in err


def test_csv_row_of_chrome_only_is_a_failure_with_its_line(tmp_path, capsys):
    path = tmp_path / "news.csv"
    path.write_text(NEWS_HEADER + GOOD_ROW + 'detik.com,https://news.detik.com/d-1,Judul,a,b,'
                    '"SCROLL TO CONTINUE WITH CONTENT"\n')
    code, out, err = run(capsys, str(path), "--json-lines")
    assert code == 0 and len(out.splitlines()) == 1
    assert f"{path}:5: row has only page chrome" in err


def test_html_with_no_article(tmp_path, capsys):
    path = tmp_path / "menu.html"
    path.write_text(
        "<html><head><title>Menu</title></head><body><nav><a href='/'>Beranda</a>"
        "<a href='/indeks'>Indeks</a></nav></body></html>"
    )
    code, out, err = run(capsys, str(path))
    assert code == 2 and out == ""
    message = one_line_error(err)
    assert str(path) in message and "no article" in message


def test_path_that_does_not_exist(tmp_path, capsys):
    code, out, err = run(capsys, str(tmp_path / "nope.txt"))
    assert code == 2 and out == ""
    assert "No such file" in one_line_error(err)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_symlink_loops(tmp_path, capsys):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)  # a file link to itself
    code, _, err = run(capsys, str(loop))
    assert code == 2 and "symbolic links" in one_line_error(err)

    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "again").symlink_to(folder, target_is_directory=True)  # a folder loop
    code, _, err = run(capsys, str(folder))
    assert code == 2
    assert "folder has no text, HTML, CSV or JSON files" in one_line_error(err)


def test_jsonl_with_bad_lines_keeps_the_good_records(tmp_path, capsys):
    path = tmp_path / "items.jsonl"
    good = json.dumps({"kind": "news", "title": "Banjir Surut", "body": ["Air mulai surut."]})
    path.write_text("\n".join([good, "[1, 2]", '"teks"', '{"kind": "news", "body": 5}',
                               '{"foo": 1}', "{broken", good]) + "\n")
    code, out, err = run(capsys, str(path), "--json-lines")
    assert code == 0
    assert [json.loads(line)["title"] for line in out.splitlines()] == ["Banjir Surut"] * 2
    assert "5 item(s) failed" in err
    for number in (2, 3, 4, 5, 6):
        assert f"{path}:{number}: bad " in err
    assert "Traceback" not in err


def test_text_forced_as_jsonl_is_one_error_not_one_per_line(tmp_path, capsys):
    path = tmp_path / "page.txt"
    path.write_text(GOOD_TEXT * 10)
    code, out, err = run(capsys, str(path), "--format", "jsonl")
    assert code == 2 and out == ""
    assert "not JSON lines" in one_line_error(err)


def test_batch_goes_on_and_lists_failures_at_the_end(tmp_path, capsys):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a_good.txt").write_text(GOOD_TEXT)
    (folder / "b_empty.txt").write_bytes(b"")
    (folder / "c_binary.txt").write_bytes(b"\x00\x01\x02" * 500)
    (folder / "d_news.csv").write_text(NEWS_HEADER + GOOD_ROW)
    (folder / "e_nocols.csv").write_text("a,b,c\n1,2,3\n")
    (folder / "f_menu.html").write_text("<html><body><nav>Beranda</nav></body></html>")
    (folder / "notes.md").write_text("not read: not a known kind of file")
    code, out, err = run(capsys, str(folder), "--json")
    assert code == 0
    titles = [item["title"] for item in json.loads(out)]
    assert titles == ["Warga Pulihkan Sungai Ciliwung", "Warga Pulihkan Sungai"]
    failures = err.strip().splitlines()
    assert failures[0] == "saring: 4 item(s) failed:"
    assert [line.split(":")[0].strip().rsplit("/", 1)[-1] for line in failures[1:]] == [
        "b_empty.txt", "c_binary.txt", "e_nocols.csv", "f_menu.html",
    ]


def test_long_failure_lists_are_cut(tmp_path, capsys):
    path = tmp_path / "items.jsonl"
    good = json.dumps({"kind": "news", "title": "Banjir Surut", "body": ["Air mulai surut."]})
    path.write_text(good + "\n" + "[0]\n" * 30)
    code, _, err = run(capsys, str(path), "--json-lines")
    assert code == 0
    assert "30 item(s) failed" in err and "… and 10 more" in err
    assert run(capsys, str(path), "--json-lines", "--strict")[0] == 1
    assert len(err.strip().splitlines()) == 1 + 20 + 1


def _saring(*argv: str, stdin: bytes) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("SARING_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "saring.cli", "extract", *argv],
        input=stdin, capture_output=True, env=env, timeout=120,
    )


def test_stdin_through_a_real_process():
    empty = _saring("-", stdin=b"")
    assert empty.returncode == 2 and empty.stdout == b""
    assert empty.stderr.decode().strip() == "saring: error: -: empty file"

    binary = _saring("-", stdin=b"\x00\xff" * 100)
    assert binary.returncode == 2 and b"binary file" in binary.stderr
    assert b"Traceback" not in binary.stderr

    good = _saring("-", "--json", stdin=GOOD_TEXT.encode("utf-8"))
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["title"] == "Warga Pulihkan Sungai Ciliwung"
