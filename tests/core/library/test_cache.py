"""The library cache: a second load takes parsed articles and languages from SQLite, and only
while the file (path, size, mtime, bytes) and the parser are the same; bodies are decoded only
when read."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.core.articles.model import Article
from reader.core.articles.parsing import load_article
from reader.core.language import detection as language
from reader.core.language.articles import with_paragraph_languages
from reader.core.library import cache as library_cache
from reader.core.library.cache import LibraryCache
from reader.core.library.loader import load_library
from reader.core.library.records import (
    article_from_summary,
    article_summary,
    body_from_record,
    body_record,
)
from reader.core.library.scan import scan
from tests.conftest import SEEDS


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "articles"
    shutil.copytree(SEEDS, copy)
    return copy


def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "library.sqlite3"


def test_records_round_trip_every_field() -> None:
    article = load_article(next(SEEDS.glob("002_*")))
    assert isinstance(article, Article)
    body = body_from_record(json.loads(json.dumps(body_record(article.body))))
    again = article_from_summary(article.path, article_summary(article), body)
    assert again == article and again.body == article.body


def test_second_load_takes_articles_and_languages_from_the_cache(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_library([folder], LibraryCache(cache_path(tmp_path)))
    assert {a.language for a in first.articles} == {"id", "fr", "de"}

    def detect(prepared: object) -> language.Detection:
        raise AssertionError("language detection ran for a cached article")

    monkeypatch.setattr(language, "_detect", detect)  # every detection goes through it
    second = load_library([folder], LibraryCache(cache_path(tmp_path)))
    assert second.articles == first.articles
    assert [a.body for a in second.articles] == [a.body for a in first.articles]


def test_a_cached_body_is_decoded_when_first_read_and_only_then(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_library([folder], LibraryCache(cache_path(tmp_path)))
    decoded: list[object] = []

    def decode(record: dict[str, object]) -> object:
        decoded.append(record)
        return body_from_record(record)

    monkeypatch.setattr(library_cache, "body_from_record", decode)
    # Scanned, not loaded: loading goes on to group versions, which reads every body.
    listed = [
        a for a in scan([folder], LibraryCache(cache_path(tmp_path))) if isinstance(a, Article)
    ]
    assert [a.title for a in listed] and [a.words for a in listed] and decoded == []
    first = listed[0]
    assert first.paragraphs and first.body_text and first.removed is not None
    assert len(decoded) == 1


def test_a_stored_body_that_is_not_a_record_is_parsed_from_the_file(
    tmp_path: Path, folder: Path
) -> None:
    fresh = load_library([folder], LibraryCache(cache_path(tmp_path))).articles
    with sqlite3.connect(cache_path(tmp_path)) as connection:
        connection.execute("UPDATE article SET body = '{\"paragraphs\": 7'")
    listed = load_library([folder], LibraryCache(cache_path(tmp_path))).articles
    assert [a.paragraphs for a in listed] == [a.paragraphs for a in fresh]


def test_a_changed_file_is_parsed_again(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_library([folder], LibraryCache(cache_path(tmp_path)))
    edited = sorted(folder.iterdir())[0]
    info = edited.stat()
    data = edited.read_bytes()
    # Same size and modification time, different bytes: only the content hash tells.
    edited.write_bytes(data.replace(b"Setelah menggugat", b"Sebelum menggugat", 1))
    os.utime(edited, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert edited.stat().st_size == info.st_size

    detected: list[str] = []
    real_detect = language._detect  # every detection goes through it

    def detect(prepared: language._Prepared) -> language.Detection:
        detected.append(prepared.sample)
        return real_detect(prepared)

    monkeypatch.setattr(language, "_detect", detect)
    library = load_library([folder], LibraryCache(cache_path(tmp_path)))
    assert len(detected) == 1  # the edited file only
    assert library.articles[0].title.startswith("Sebelum menggugat")


def test_a_new_parser_version_parses_everything_again(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_library([folder], LibraryCache(cache_path(tmp_path)))
    library_cache.parser_version.cache_clear()
    monkeypatch.setattr(library_cache, "parser_version", lambda: "another parser")
    cache = LibraryCache(cache_path(tmp_path))
    fresh = cache.load(sorted(folder.iterdir()))
    assert not any(isinstance(a, Article) and a.languages_detected for a in fresh)


def test_editing_any_parsing_file_changes_the_parser_version(tmp_path: Path) -> None:
    """Every file of the parsing stages counts, wherever it sits in them: moving or adding
    parsing code cannot silently keep stale parses. Other stages do not count."""
    core = tmp_path / "core"
    shutil.copytree(
        Path(library_cache.__file__).parent.parent,
        core,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    sources = library_cache.parser_sources(core)
    relative = {source.relative_to(core).as_posix() for source in sources}
    for package in ("files", "articles", "language"):
        on_disk = {
            path.relative_to(core).as_posix()
            for path in (core / package).rglob("*")
            if path.suffix in (".py", ".toml")
        }
        assert on_disk <= relative, package
    assert "articles/boilerplate.toml" in relative
    assert "library/records.py" in relative
    before = library_cache.parser_version.__wrapped__(core)
    seen = {before}
    for source in sources:
        original = source.read_bytes()
        source.write_bytes(original + b"\n# edited\n")
        seen.add(library_cache.parser_version.__wrapped__(core))
        source.write_bytes(original)
    assert len(seen) == len(sources) + 1  # each edit gave a version of its own
    assert library_cache.parser_version.__wrapped__(core) == before
    (core / "review" / "store.py").write_text("# not parsing\n")
    assert library_cache.parser_version.__wrapped__(core) == before


def test_a_corrupt_cache_is_set_aside_and_rebuilt(tmp_path: Path, folder: Path) -> None:
    path = cache_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not an sqlite database" * 100)
    cache = LibraryCache(path)
    library = load_library([folder], cache)
    assert len(library.articles) == 5
    assert cache.recovered is not None and "kept as" in cache.recovered
    assert list(path.parent.glob("library.sqlite3.corrupt-*"))
    assert LibraryCache(path).stats() == 5


def test_a_cache_of_another_version_is_set_aside_as_old_and_rebuilt(
    tmp_path: Path, folder: Path
) -> None:
    path = cache_path(tmp_path)
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as older:  # as an earlier reader laid it out
        older.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        older.execute("INSERT INTO meta VALUES ('schema', '1')")
    older.close()
    cache = LibraryCache(path)
    assert len(load_library([folder], cache).articles) == 5
    assert cache.recovered is not None
    assert "made by another version of reader" in cache.recovered
    assert "unreadable" not in cache.recovered
    assert list(path.parent.glob("library.sqlite3.old-*"))
    assert LibraryCache(path).stats() == 5


def test_a_cache_that_cannot_be_written_is_reported_and_the_library_still_loads(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = LibraryCache(cache_path(tmp_path))

    def refuse(self: LibraryCache, create: bool) -> sqlite3.Connection | None:
        if create:
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return None

    monkeypatch.setattr(LibraryCache, "_connect", refuse)
    library = load_library([folder], cache)
    assert len(library.articles) == 5
    assert all(a.languages_detected for a in library.articles)
    assert cache.problem is not None and "readonly" in cache.problem


def test_paragraph_languages_learnt_later_are_kept(tmp_path: Path, folder: Path) -> None:
    cache = LibraryCache(cache_path(tmp_path))
    library = load_library([folder], cache)
    translated = with_paragraph_languages(library.articles[2])  # as translating it does
    cache.store([translated])
    again = LibraryCache(cache_path(tmp_path)).load(sorted(folder.iterdir()))
    assert again[2] == translated and translated.paragraph_languages_detected
    assert again[2].units[0].language == "en"  # 002's English headline
