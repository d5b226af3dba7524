"""File stamps from the helper process: the same as those taken in the library thread."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from reader.core.files import stamps as file_stamps
from reader.core.files.reading import MAX_FILE_BYTES, read_article_file
from reader.core.files.stamps import stamp_of, streamed_stamps
from reader.core.library import scan as library
from reader.core.library.cache import LibraryCache
from reader.core.library.loader import load_library
from tests.support.spies import record_sizes
from tests.support.texts import STORY


def test_the_helper_stamps_files_as_the_library_thread_does(tmp_path: Path) -> None:
    files = []
    for number in range(5):
        path = tmp_path / f"{number}.txt"
        path.write_text("\n\n".join(STORY) + f"\n\n{number}\n", encoding="utf-8")
        files.append(path)
    odd = tmp_path / os.fsdecode(b"caf\xe9 \nnew line.txt")  # not UTF-8, and a newline
    odd.write_bytes(b"odd name")
    files.append(odd)
    missing = tmp_path / "gone.txt"
    files.append(missing)

    stamps = list(streamed_stamps(files, MAX_FILE_BYTES))

    expected = []
    for path in files:
        read = read_article_file(path)
        expected.append(stamp_of(*read) if isinstance(read, tuple) else None)
    assert stamps == expected
    assert stamps[-1] is None and all(stamps[:-1])


def test_closing_early_stops_the_helper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = [tmp_path / f"{n}.txt" for n in range(50)]
    for path in files:
        path.write_text("text", encoding="utf-8")
    helpers: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    def popen(*args, **kwargs):  # type: ignore[no-untyped-def]
        helpers.append(real_popen(*args, **kwargs))
        return helpers[-1]

    monkeypatch.setattr(file_stamps.subprocess, "Popen", popen)
    stamps = streamed_stamps(files, MAX_FILE_BYTES)
    assert next(stamps) is not None
    stamps.close()  # as when the library worker is cancelled
    assert helpers[0].returncode is not None  # ended and reaped


def test_a_big_library_scanned_with_the_helper_is_the_same_as_without(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(12):
        (folder / f"{number:02d}.txt").write_text(
            "\n\n".join(STORY) + f"\n\nArticle {number}.\n", encoding="utf-8"
        )
    started = record_sizes(monkeypatch, library, "streamed_stamps")
    monkeypatch.setattr(library, "HELPER_MIN_FILES", 5)
    cache_path = tmp_path / "cache" / "library.sqlite3"
    first = load_library([folder], LibraryCache(cache_path))
    assert started == []  # a first start parses every file: no helper to read them twice
    (folder / "05.txt").write_text("\n\n".join(STORY) + "\n\nChanged.\n", encoding="utf-8")

    again = load_library([folder], LibraryCache(cache_path))
    assert started == [11]  # every file but the first, sent alone
    assert [a.title for a in again.articles] == [a.title for a in first.articles]
    assert [a.body_text for a in again.articles if a.path.name != "05.txt"] == [
        a.body_text for a in first.articles if a.path.name != "05.txt"
    ]
    changed = next(a for a in again.articles if a.path.name == "05.txt")
    assert changed.body_text.endswith("Changed.")


def test_without_a_helper_every_file_is_left_to_the_library_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_process(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(file_stamps.subprocess, "Popen", no_process)
    files = [tmp_path / "a.txt", tmp_path / "b.txt"]
    assert list(streamed_stamps(files, MAX_FILE_BYTES)) == [None, None]
