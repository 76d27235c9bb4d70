"""`saring analyze`: readable report and --json, through the reader."""

from __future__ import annotations

import json

from saring.cli import main


def test_readable_report(seed_path, capsys):
    assert main(["analyze", str(seed_path), "--no-entities"]) == 0
    out = capsys.readouterr().out
    assert "Who said what" in out and "Dmitry Peskov, Juru Bicara Kremlin" in out
    assert "via TASS" in out and "not-confirmed" in out
    assert "2024-06-17/2024-06-23" in out and "7,000 kontainer" in out.replace("  ", " ")


def test_json_adds_the_layers(seed_path, capsys):
    assert main(["analyze", str(seed_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("sentences", "attributions", "entities", "times", "quantities"):
        assert isinstance(data[key], list)
    text = "\n\n".join(data["body"])
    for a in data["attributions"]:
        span = a["content_span"]
        assert text[span["start"] : span["end"]] == a["content"]
    assert {a["speaker_canonical"] for a in data["attributions"]} >= {"Dmitry Peskov", "NHK"}


def test_batch_goes_on_past_a_bad_item(seed_path, tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code = main(["analyze", str(empty), str(seed_path), "--json", "--no-entities"])
    captured = capsys.readouterr()
    assert code == 0
    assert "Dmitry Peskov" in captured.out


def test_missing_file_gives_one_line_errors(tmp_path, capsys):
    code = main(["analyze", str(tmp_path / "nope.txt")])
    lines = capsys.readouterr().err.splitlines()
    assert code != 0 and "nope.txt" in lines[0]
    assert all(line.startswith("saring: ") for line in lines) and len(lines) == 2


def test_factchecks_are_analysed_as_their_claim(tmp_path, capsys):
    path = tmp_path / "turnbackhoax.csv"
    path.write_text(
        "url,classification,category,date,narasi,penjelasan,kesimpulan,hasil_periksa,"
        "link_source,referensi\n"
        'https://turnbackhoax.id/x,SALAH,Hoaks,12/06/2024,"Beredar video banjir setinggi 2 meter '
        'di Jakarta pada Rabu (12/6/2024).","Menurut BPBD DKI, video itu direkam di Manila '
        'pada 2019.",Video lama.,,https://facebook.com/x,https://example.org/a\n',
        encoding="utf-8",
    )
    assert main(["analyze", str(path), "--json", "--no-entities"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [t["value"] for t in data["times"]][:1] == ["2024-06-12"]
    assert any(q["unit"] == "meter" and q["value"] == 2 for q in data["quantities"])
    assert any(a["speaker"] == "BPBD DKI" and a["cue"] == "Menurut" for a in data["attributions"])
