"""Parsing and language detection in helper processes: the same answers, in the same order, as
in the library thread; and the library thread takes over when helpers fail."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.articles.model import Article, LoadError
from reader.core.files.discovery import iter_article_files
from reader.core.language import detection as language
from reader.core.language.articles import with_article_language
from reader.core.library import helpers as helper_processes
from reader.core.library import scan as library
from reader.core.library.cache import LibraryCache
from reader.core.library.helpers import (
    OutlinedInHelpers,
    detected_in_helpers,
    parsed_in_helpers,
    read_and_parse,
)
from reader.core.library.loader import load_library
from reader.core.library.scan import LibraryScan, with_languages
from tests.support.spies import record_sizes
from tests.support.texts import STORY


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
    monkeypatch.setattr(helper_processes, "CHUNK_FILES", 2)  # chunks from both helpers, in turn
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
def test_the_library_thread_does_what_helpers_do_not(
    files: list[Path], monkeypatch: pytest.MonkeyPatch, helper: str
) -> None:
    monkeypatch.setattr(helper_processes.sys, "executable", helper)
    assert answers(list(parsed_in_helpers(files, helpers=2))) == answers(read_and_parse(files))
    outlined = OutlinedInHelpers(files, helpers=2)  # parsed whole here: no outlines
    assert answers(list(outlined.outlines())) == answers(read_and_parse(files))
    assert list(outlined.articles()) == []
    texts = [" ".join(STORY), "Ceci est un article en français, assez long pour le dire."]
    assert list(detected_in_helpers(texts, helpers=2)) == [language.detect(t) for t in texts]


def test_helpers_outline_then_parse_as_the_library_thread_does(
    files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(helper_processes, "CHUNK_FILES", 2)
    outlined = OutlinedInHelpers(files, helpers=2)
    outlines = list(outlined.outlines())
    assert answers(outlines) == answers(read_and_parse(files, outline=True))
    assert [a.words for _, a in outlines[:9]] == [None] * 9  # type: ignore[union-attr]
    # Then each outline's file parsed whole, the load errors not again.
    assert answers(list(outlined.articles())) == answers(read_and_parse(files[:9]))


def test_the_library_thread_parses_what_helpers_did_not_get_to(
    files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(helper_processes, "CHUNK_FILES", 2)
    stop_helpers_after_the_outlines(monkeypatch)
    outlined = OutlinedInHelpers(files, helpers=2)
    assert answers(list(outlined.outlines())) == answers(read_and_parse(files, outline=True))
    assert answers(list(outlined.articles())) == answers(read_and_parse(files[:9]))


def stop_helpers_after_the_outlines(monkeypatch: pytest.MonkeyPatch) -> None:
    """The helpers give every outline, then stop before parsing any file whole."""
    real = helper_processes._from_helpers

    def outlines_only(task, chunks, helpers, passes=1):  # type: ignore[no-untyped-def]
        answered = real(task, chunks, helpers, passes)
        for _ in chunks:
            yield next(answered)
        answered.close()

    monkeypatch.setattr(helper_processes, "_from_helpers", outlines_only)


def test_helpers_detect_languages_as_the_library_thread_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(helper_processes, "CHUNK_TEXTS", 2)
    texts = [
        " ".join(STORY),
        "Setelah menggugat OpenAI bulan ini, Elon Musk mengatakan bahwa ia akan merilis jawaban.",
        "Ceci est un article en français, assez long pour que la langue se voie.",
        "OK",  # too short to tell
        "The council met on Tuesday and agreed the budget for the coming year after a long debate.",
    ]
    detections = list(detected_in_helpers(texts, helpers=2))
    assert detections == [language.detect(text) for text in texts]
    assert [d.language for d in detections] == ["de", "id", "fr", language.UNKNOWN, "en"]


def test_many_articles_get_their_languages_from_helpers(
    files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = [a for _, a in read_and_parse(files) if isinstance(a, Article)]
    detected = record_sizes(monkeypatch, library, "detected_in_helpers")
    monkeypatch.setattr(library, "HELPER_MIN_FILES", 5)
    monkeypatch.setattr(library, "_cores", lambda: 2)  # helpers even on a one-core machine
    assert list(with_languages(articles)) == [with_article_language(a) for a in articles]
    assert detected == [len(articles)]


def test_closing_early_stops_the_helpers(
    files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    def popen(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(helper_processes, "CHUNK_FILES", 1)
    monkeypatch.setattr(helper_processes.subprocess, "Popen", popen)
    parsed = parsed_in_helpers(files, helpers=2)
    next(parsed)
    parsed.close()  # as when the library worker is cancelled
    assert len(started) == 2 and all(p.returncode is not None for p in started)


def test_a_first_start_of_a_big_library_is_parsed_by_helpers_and_cached(
    files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    helped = record_sizes(monkeypatch, library, "parsed_in_helpers")
    monkeypatch.setattr(library, "HELPER_MIN_FILES", 5)
    monkeypatch.setattr(library, "_cores", lambda: 2)  # helpers even on a one-core machine
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


def test_a_first_start_lists_outlines_then_completes_and_caches_them(
    files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library, "HELPER_MIN_FILES", 5)
    monkeypatch.setattr(library, "_cores", lambda: 2)
    stop_helpers_after_the_outlines(monkeypatch)
    folder = files[0].parent
    cache = LibraryCache(tmp_path / "cache" / "library.sqlite3")
    scan = LibraryScan(iter_article_files([folder]), cache, outlines=True)
    entries = list(scan)
    listed = [e for e in entries if isinstance(e, Article)]
    assert [a.is_outline for a in listed] == [False] + [True] * 8  # the first is read alone
    (folder / "08.txt").unlink()  # gone before its text was parsed (here, not by a helper)
    completed = list(scan.completed())
    assert [e.path.name for e in completed] == [f"{n:02d}.txt" for n in range(1, 9)]
    assert isinstance(completed[-1], LoadError)
    assert completed[-1].reason == "file disappeared while reading"
    whole = [e for e in completed if isinstance(e, Article)]
    summaries = [(a.id, a.title, a.body) for a in whole]
    assert summaries == [(a.id, a.title, a.body) for a in listed[1:8]]
    assert all(a.words for a in whole)

    cache.store(list(with_languages(whole)))  # as the app does once languages are known
    again = list(LibraryScan(iter_article_files([folder]), LibraryCache(cache.path)))
    from_cache = [e for e in again if isinstance(e, Article) and e.languages_detected]
    assert [a.body for a in from_cache] == [a.body for a in whole]


def test_a_helper_is_a_module_of_reader() -> None:
    # What parsed_in_helpers starts: the module runs as a helper and answers an empty task list.
    result = subprocess.run(
        [sys.executable, "-m", "reader.core.library.helpers"],
        input=pickle.dumps(("parse", [])),
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0 and result.stdout == b""
