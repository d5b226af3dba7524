"""Parsing in helper processes: the same articles, stamps and errors, in the same order, as
parsing in the library thread; and the library thread takes over when helpers fail."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core import library, parse_helpers
from reader.core.library import load_library
from reader.core.library_cache import LibraryCache
from reader.core.parse_helpers import parsed_in_helpers, read_and_parse
from tests.core.test_boilerplate import STORY


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "articles"
    folder.mkdir()
    paths = []
    for number in range(9):
        path = folder / f"{number:02d}.txt"
        path.write_text(
            f"Headline number {number} of the day\n\n" + "\n\n".join(STORY) + "\n\nBaca Juga: x\n",
            encoding="utf-8",
        )
        paths.append(path)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    return [*paths, folder / "empty.txt", folder / "image.txt", folder / "gone.txt"]


def answers(parsed: list[tuple[object, object]]) -> list[tuple[object, object, object]]:
    """Stamps and articles (bodies included: a helper's come as records, decoded on use)."""
    return [(stamp, article, getattr(article, "body", None)) for stamp, article in parsed]


def test_helpers_parse_as_the_library_thread_does(
    files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parse_helpers, "CHUNK_FILES", 2)  # chunks from both helpers, in turn
    expected = read_and_parse(files)
    assert answers(list(parsed_in_helpers(files, helpers=2))) == answers(expected)
    assert [getattr(article, "reason", "") for _, article in expected[-3:]] == [
        "empty file",
        "binary file (PNG image)",
        "file disappeared while reading",
    ]


@pytest.mark.parametrize(
    "helper",
    [
        "/nonexistent/python",  # cannot be started at all
        "/bin/true",  # starts, and ends without a word
    ],
)
def test_the_library_thread_parses_what_helpers_do_not(
    files: list[Path], monkeypatch: pytest.MonkeyPatch, helper: str
) -> None:
    monkeypatch.setattr(parse_helpers.sys, "executable", helper)
    assert answers(list(parsed_in_helpers(files, helpers=2))) == answers(read_and_parse(files))


def test_closing_early_stops_the_helpers(
    files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    def popen(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(parse_helpers, "CHUNK_FILES", 1)
    monkeypatch.setattr(parse_helpers.subprocess, "Popen", popen)
    parsed = parsed_in_helpers(files, helpers=2)
    next(parsed)
    parsed.close()  # as when the library worker is cancelled
    assert len(started) == 2 and all(p.returncode is not None for p in started)


def test_a_first_start_of_a_big_library_is_parsed_by_helpers_and_cached(
    files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    helped: list[int] = []
    real = library.parsed_in_helpers

    def counting(paths: list[Path], helpers: int):  # type: ignore[no-untyped-def]
        helped.append(len(paths))
        return real(paths, helpers)

    monkeypatch.setattr(library, "HELPER_MIN_FILES", 5)
    monkeypatch.setattr(library, "parsed_in_helpers", counting)
    folder = files[0].parent
    cache_path = tmp_path / "cache" / "library.sqlite3"
    first = load_library([folder], LibraryCache(cache_path))
    assert helped == [len(files) - 2]  # all but the first file (read alone) and "gone.txt"
    assert len(first.articles) == 9

    again = load_library([folder], LibraryCache(cache_path))
    assert helped == [len(files) - 2]  # the cache knew them: no parsing
    assert [a.title for a in again.articles] == [a.title for a in first.articles]
    assert [a.body for a in again.articles] == [a.body for a in first.articles]
    assert [e.reason for e in again.skipped] == [e.reason for e in first.skipped]


def test_a_helper_is_a_module_of_reader() -> None:
    # What parsed_in_helpers starts: the module runs as a helper and answers an empty task list.
    result = subprocess.run(
        [sys.executable, "-m", "reader.core.parse_helpers"],
        input=pickle.dumps([]),
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0 and result.stdout == b""
