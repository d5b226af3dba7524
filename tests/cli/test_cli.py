from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, SEEDS, seed


def run_reader(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_list_json_has_one_record_per_file(tmp_path: Path) -> None:
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02" * 20)
    result = run_reader("list", str(SEEDS), str(tmp_path), "--json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert len(records) == 6
    french = next(r for r in records if r["path"].endswith(seed("002").name))
    assert french["title"] == "Why Elon Musk Had to Open Source Grok, His Answer to ChatGPT"
    assert (french["language"], french["paragraphs"]) == ("fr", 8)
    assert french["confidence"] > 0.9 and french["words"] > 400
    broken = records[-1]
    assert set(broken) == {"path", "error"} and "binary" in broken["error"]
    assert "broken.txt" in result.stderr


def test_show_json() -> None:
    result = run_reader("show", str(seed("003")), "--json")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["title"] == "Popularitas OpenAI Meningkat, Elon Musk Iri"
    assert shown["metadata"] == {"section": "Teknologi"}
    assert shown["language"] == "id"
    assert len(shown["paragraphs"]) == 9 and shown["paragraphs"][0]["language"] == "id"
    assert [r["text"][:10] for r in shown["removed"]] == ["Teknologi", "Baca Juga:", "Baca Juga:"]


def test_show_plain_text() -> None:
    result = run_reader("show", str(seed("001")))
    assert result.stdout.startswith("Elon Musk Bakal Buka Akses Grok")
    assert "date: Thu. Sep 19th, 2024" in result.stdout and "Related Post" not in result.stdout


def test_show_detects_paragraph_languages_only_for_json(
    tmp_path: Path, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    # A page of thousands of table rows: detecting each row's language, which plain text does
    # not print, was nearly all of the time.
    from reader.cli import main as cli
    from reader.core.language import detection as language

    rows = "".join(f"<tr><td>Bezirk {n}</td><td>{n * 10} Stimmen</td></tr>" for n in range(300))
    page = tmp_path / "results.html"
    page.write_text(
        "<html><body><article><h1>Ergebnisse</h1><p>Die Ergebnisse der Abstimmung in allen "
        f"Bezirken wurden am Dienstag veröffentlicht.</p><table>{rows}</table></article>"
        "</body></html>",
        encoding="utf-8",
    )
    detected: list[str] = []
    real_detect = language._detect  # every detection, of an article or of a paragraph in one
    monkeypatch.setattr(
        language,
        "_detect",
        lambda t, *allowed: detected.append(t.sample) or real_detect(t, *allowed),
    )
    assert cli.main(["show", str(page)]) == 0
    assert "Bezirk 299 | 2990 Stimmen" in capsys.readouterr().out
    assert len(detected) <= 1  # the article's language
    assert cli.main(["show", str(page), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["paragraphs"]) == 301
    assert len(detected) > 300


def test_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    for args in (
        ["list", str(tmp_path / "nope")],
        [str(tmp_path / "nope")],
        ["show", str(tmp_path / "nope.txt")],
    ):
        result = run_reader(*args)
        assert result.returncode == 2
        assert "reader: no such file" in result.stderr and "Traceback" not in result.stderr


def test_unreadable_single_file_fails_show(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run_reader("show", str(empty))
    assert result.returncode == 1 and "empty file" in result.stderr


def test_help_lists_every_subcommand_and_each_has_its_own_help() -> None:
    from reader.cli.parsers import SUBCOMMANDS

    result = run_reader("--help")
    assert result.returncode == 0
    listed = {line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ")}
    assert set(SUBCOMMANDS) <= listed
    for command in [*SUBCOMMANDS, "models list", "models install", "models remove", "cache info"]:
        own = run_reader(*command.split(), "--help")
        assert own.returncode == 0, own.stderr
        assert own.stdout.startswith(f"usage: reader {command}")


def test_list_json_gives_version_groups() -> None:
    records = json.loads(run_reader("list", str(SEEDS), "--json").stdout)
    groups = {Path(r["path"]).name[:3]: r["group"] for r in records}
    assert groups["000"] == groups["002"] == groups["004"] is not None
    assert groups["000"].startswith("g-")
    assert groups["001"] is None and groups["003"] is None


def test_versions_json_has_members_alignment_and_confidence() -> None:
    result = run_reader("versions", str(SEEDS), "--json")
    assert result.returncode == 0, result.stderr
    (group,) = json.loads(result.stdout)
    assert sorted(Path(m["path"]).name[:3] for m in group["members"]) == ["000", "002", "004"]
    pair = next(
        p
        for p in group["pairs"]
        if p["a"].endswith(seed("000").name) and p["b"].endswith(seed("002").name)
    )
    assert pair["alignment"][0] == [[], [0]]  # 002's headline: a gap in 000
    assert pair["alignment"][1:] == [[[i], [i + 1]] for i in range(8)]
    assert 0.8 < pair["confidence"] <= 1


def test_bad_paths_are_one_line_and_exit_2(tmp_path: Path) -> None:
    article = str(seed("004"))
    cases = {
        ("translate", str(tmp_path / "gone.txt")): "no such file",
        ("show", str(SEEDS)): "is a folder: give one article file",
        ("show", str(tmp_path / "gone.txt")): "no such file",
        ("export", article, "--format", "tmx", "-o", str(tmp_path)): "is a folder: give a file",
        ("export", article, "--format", "tmx", "-o", str(tmp_path / "no" / "x.tmx")): (
            "no such folder"
        ),
        ("models", "install", str(tmp_path / "gone.argosmodel")): "no such file or folder",
    }
    for args, message in cases.items():
        result = run_reader(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr and "Traceback" not in result.stderr, args
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_export_says_when_it_replaces_a_file_and_never_leaves_half_of_one(
    tmp_path: Path,
) -> None:
    out = tmp_path / "exports" / "review.md"
    out.parent.mkdir()
    first = run_reader("export", str(seed("004")), "--format", "md", "-o", str(out))
    assert first.returncode == 0 and "replaced" not in first.stderr
    second = run_reader("export", str(seed("004")), "--format", "md", "-o", str(out))
    assert second.returncode == 0 and "replaced the file that was there" in second.stderr
    assert [p.name for p in out.parent.iterdir()] == ["review.md"]


def test_a_pipe_named_is_refused_and_undecodable_names_print_as_xNN(tmp_path: Path) -> None:
    import os
    import shutil

    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    result = run_reader("list", str(pipe))  # reading it would block for ever
    assert result.returncode == 2 and "is not a file or folder" in result.stderr
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(seed("004"), os.fsdecode(bytes(folder) + b"/bad\xff.txt"))
    listed = run_reader("list", str(folder), "--json")
    (record,) = json.loads(listed.stdout)
    assert record["path"].endswith("bad\\xff.txt")  # as the README says; no lone surrogate
    assert "\\udc" not in listed.stdout
    assert "bad\\xff.txt" in run_reader("list", str(folder)).stdout


def test_a_language_set_by_hand_wins_in_list_show_and_versions(tmp_path: Path) -> None:
    from reader.core.settings.state import ReadingState

    folder = tmp_path / "story"
    folder.mkdir()
    for number in ("000", "002", "004"):  # one story in three languages (004 is German)
        shutil.copy(seed(number), folder)
    german = next(folder.glob("004_*"))
    state = ReadingState()  # the TUI's `L`, as the autouse fixture's data directory keeps it
    state.choose_language(german, "nl")
    state.close()

    listed = {
        Path(r["path"]).name[:3]: r
        for r in json.loads(run_reader("list", str(folder), "--json").stdout)
    }
    assert (listed["004"]["language"], listed["004"]["language_set_by_hand"]) == ("nl", True)
    assert listed["000"]["language_set_by_hand"] is False
    assert listed["004"]["group"] is not None and listed["004"]["group"] == listed["000"]["group"]

    shown = json.loads(run_reader("show", str(german), "--json").stdout)
    assert shown["language"] == "nl"
    assert {p["language"] for p in shown["paragraphs"]} == {"nl"}

    (group,) = json.loads(run_reader("versions", str(folder), "--json").stdout)
    languages = {Path(m["path"]).name[:3]: m["language"] for m in group["members"]}
    assert languages["004"] == "nl"
