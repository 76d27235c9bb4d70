"""Hostile and careless input to the command line: junk files, typed-wrong database URLs,
passwords in URLs, missing archives. Never a traceback or an "internal error"; one line per
error; the exit code follows the rule in `saring.cli` (0 when anything went in)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from saring.archive import open_store
from saring.cli import main

GOOD_FC = {"kind": "factcheck", "url": "https://cek.example/1", "title": "Vaksin tidak berisi chip",
           "claim": "vaksin berisi chip pelacak", "verdict": "false", "verdict_label": "SALAH"}
NEWS_HEADER = "source,url,judul,tanggal,penulis,isi_berita\n"
NEWS_ROW = ('kompas.com,https://kompas.example/a,Warga Pulihkan Sungai,2024-01-02,Ani,'
            '"Warga bergotong royong membersihkan sungai dari sampah plastik sepanjang pagi."\n')


def jsonl(*records: object) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n"


# name -> (file name, content, expected exit code of `ingest`, text expected on stderr)
FILES = {
    "javascript url": ("a.jsonl", jsonl({**GOOD_FC, "url": "javascript:alert(1)"}, GOOD_FC), 0, "http(s)"),
    "mixed-case javascript": ("a.jsonl", jsonl({**GOOD_FC, "url": "JaVaScRiPt://x/%0aalert(1)"}, GOOD_FC),
                              0, "http(s)"),
    "unparsable port": ("a.jsonl", jsonl({**GOOD_FC, "url": "http://example.com:abc/"}, GOOD_FC), 0, "http(s)"),
    "title is a list": ("a.jsonl", jsonl({**GOOD_FC, "url": "https://x.example/2", "title": ["a"]}, GOOD_FC),
                        0, "title must be text"),
    "body is a number": ("a.jsonl", jsonl({"kind": "news", "title": "x", "body": 5}, GOOD_FC), 0, ""),
    "entities are strings": ("a.jsonl", jsonl({"kind": "news", "title": "Judul", "body": ["isi"],
                                               "entities": ["x"]}, GOOD_FC), 0, "entities[0]"),
    "lone surrogate": ("a.jsonl", jsonl('{"kind": "factcheck", "claim": "klaim \\ud800 aneh", "title": "t"}'),
                       0, ""),
    "NUL escape": ("a.jsonl", jsonl('{"kind": "factcheck", "claim": "klaim \\u0000 nul", "title": "t"}'), 0, ""),
    "deeply nested line": ("a.jsonl", jsonl("[" * 100_000 + "]" * 100_000, GOOD_FC), 0, ""),
    "only bad lines": ("a.jsonl", jsonl({**GOOD_FC, "url": "javascript:alert(1)"}, {"kind": "news", "title": ["x"]},
                                        "[1]", "{broken"), 1, "http(s)"),
    "csv with a broken row": ("n.csv", NEWS_HEADER + NEWS_ROW + 'x,https://y,"Judul rusak,a,b,"tanpa\n', 0, ""),
    "csv without the columns": ("n.csv", "a,b,c\n1,2,3\n", 1, ""),
    "binary file": ("b.txt", bytes(range(256)) * 50, 1, ""),
    "empty file": ("e.txt", b"", 1, "empty"),
    "text file that says PDF": ("p.txt", "%PDF-1.4\nteks biasa tentang vaksin dan chip\n", 1, "PDF"),
    "real PDF header": ("p.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", 1, "PDF"),
    "UTF-16 text": ("u.txt", ("Banjir Melanda Jakarta\n\nJAKARTA - Banjir melanda sejumlah wilayah Jakarta "
                              "pagi ini setelah hujan deras mengguyur sejak malam. Warga mengungsi ke "
                              "masjid terdekat dan petugas membuka dapur umum.\n").encode("utf-16"), 0, ""),
    "invalid UTF-8 jsonl": ("a.jsonl", b'{"kind": "factcheck", "claim": "\xff\xfe klaim", "title": "t"}\n', 0, ""),
}


@pytest.mark.parametrize("name", list(FILES))
def test_ingest_hostile_files(tmp_path, capsys, name):
    filename, content, code, expected = FILES[name]
    path = tmp_path / filename
    (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
    assert main(["ingest", str(path), "--db", str(tmp_path / "a.db"), "--no-analyze", "--no-progress"]) == code
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    assert expected in err


@pytest.mark.parametrize("name", [n for n, (_, _, code, _) in FILES.items() if code == 0])
def test_strict_makes_any_failure_exit_1(tmp_path, capsys, name):
    filename, content, _, _ = FILES[name]
    path = tmp_path / filename
    (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
    argv = ["ingest", str(path), "--db", str(tmp_path / "a.db"), "--no-analyze", "--no-progress", "--json"]
    code = main(argv + ["--strict"])
    failed = json.loads(capsys.readouterr().out)["failed"]
    assert code == (1 if failed else 0)


def test_extract_and_ingest_agree_on_the_exit_code(tmp_path, capsys):
    path = tmp_path / "n.csv"
    path.write_text(NEWS_HEADER + NEWS_ROW + "x,https://y,,,,\n")
    assert main(["extract", str(path), "--json-lines"]) == 0
    assert main(["ingest", str(path), "--db", str(tmp_path / "a.db"), "--no-analyze"]) == 0
    assert main(["extract", str(path), "--json-lines", "--strict"]) == 1
    assert main(["ingest", str(path), "--db", str(tmp_path / "b.db"), "--no-analyze", "--strict"]) == 1
    assert "failed" in capsys.readouterr().err


def test_bad_items_do_not_stop_the_good_ones(tmp_path, capsys):
    path = tmp_path / "a.jsonl"
    bad = [{**GOOD_FC, "url": "http://example.com:abc/"}, {**GOOD_FC, "url": "https://x.example/t", "title": ["a"]}]
    good = [{**GOOD_FC, "url": f"https://cek.example/{i}", "claim": f"klaim ke {i} soal vaksin"} for i in range(3)]
    path.write_text(jsonl(good[0], bad[0], good[1], bad[1], good[2]))
    db = tmp_path / "a.db"
    assert main(["ingest", str(path), "--db", str(db), "--no-analyze", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["new"] == 3 and summary["failed"] == 2
    with open_store(str(db)) as store:
        assert all(store.get_by_url(g["url"]) for g in good)


# name -> (argv after the command, expected exit code, text expected in the error)
LOCATIONS = {
    "postgres typo": (["stats", "--db", "postgresq://u:hunter2@db.example/x"], 2, "unknown database URL scheme"),
    "mysql": (["search", "vaksin", "--db", "mysql://u:hunter2@db.example/x"], 2, "unknown database URL scheme"),
    "sqlite URL": (["ingest", "-", "--db", "sqlite:///tmp/x.db"], 2, "unknown database URL scheme"),
    "unreachable postgres": (["stats", "--db", "postgresql://u:hunter2@127.0.0.1:1/x"], 3, "cannot open archive"),
    "key/value password": (["stats", "--db", "postgresql://127.0.0.1:1/x?password=hunter2"], 3, "cannot open"),
    "missing archive for search": (["search", "vaksin", "--db", "{tmp}/none.db"], 3, "no archive at"),
    "missing archive for stats": (["stats", "--db", "{tmp}/none.db"], 3, "no archive at"),
    "missing archive for ask": (["ask", "vaksin", "--db", "{tmp}/none.db"], 3, "no archive at"),
    "missing archive for serve": (["serve", "--db", "{tmp}/none.db"], 3, "no archive at"),
    "not an archive": (["stats", "--db", "{tmp}/junk.db"], 3, "cannot open archive"),
    "archive is a folder": (["stats", "--db", "{tmp}"], 3, "cannot open archive"),
    "serve on port 0": (["serve", "--db", "{tmp}/junk.db", "--port", "0"], 2, "--port"),
    "empty search": (["search", " ", "--db", "{tmp}/junk.db"], 2, "empty query"),
    "bad batch size": (["ingest", "-", "--db", "{tmp}/a.db", "--batch-size", "0"], 2, "--batch-size"),
    "missing input file": (["ingest", "{tmp}/nope.jsonl", "--db", "{tmp}/a.db"], 2, "no such file"),
}


@pytest.mark.parametrize("name", list(LOCATIONS))
def test_careless_locations_give_one_line_and_no_password(tmp_path, capsys, name):
    argv, code, expected = LOCATIONS[name]
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    assert main([a.replace("{tmp}", str(tmp_path)) for a in argv]) == code
    err = capsys.readouterr().err
    assert expected in err and "hunter2" not in err
    assert "Traceback" not in err and "internal error" not in err and len(err.strip().splitlines()) == 1


def test_a_mistyped_url_creates_no_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    main(["stats", "--db", "postgresq://localhost/x"])
    main(["ingest", "-", "--db", "mysql://localhost/x"])
    capsys.readouterr()
    assert list(Path(tmp_path).iterdir()) == []


def test_eval_json_lists_the_evaluations(capsys):
    assert main(["eval", "--json"]) == 0
    assert "matching" in json.loads(capsys.readouterr().out)


def test_serve_on_a_busy_port_fails_before_saying_serving(tmp_path, capsys):
    import socket

    db = tmp_path / "a.db"
    open_store(str(db)).close()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        code = main(["serve", "--db", str(db), "--port", str(busy.getsockname()[1])])
    captured = capsys.readouterr()
    assert code == 2 and "cannot listen" in captured.err and "serving" not in captured.err + captured.out
