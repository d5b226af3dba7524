"""Stage 4, library: parsed articles with their detected language, kept between runs (SQLite, user
cache dir).

Language detection is what makes a big library slow (BENCHMARKS.md, "A big library"), so a file's
parsed article and its language are stored, and a later start takes them from here. An entry is
used only when the file's path, size, modification time and a hash of its bytes all match what was
stored, and when it was written by the same parser (``parser_version`` covers reader's version,
every file of the parsing stages and the libraries they use): a changed file, or a changed parser,
is parsed and detected again. What the list shows (title, language, length) is kept in columns of
its own and the body as JSON beside it, fetched and decoded only when the article is read, searched
or compared: a second start lists 10,000 articles without touching a body. The file is an
optimisation only: a damaged one is set aside and rebuilt, and a store that fails (read-only or
full disk) is reported once and the library loads as if there were no cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from reader import __version__
from reader.core.articles.formats import reads_at_once
from reader.core.articles.model import Article, ArticleBody, LoadError
from reader.core.articles.parsing import body_from_file, parse_or_error
from reader.core.files.reading import read_article_file
from reader.core.files.stamps import FileStamp, stamp_of
from reader.core.library.records import (
    SUMMARY_FIELDS,
    article_from_summary,
    article_summary,
    body_from_record,
    body_record,
)
from reader.core.settings import paths
from reader.core.storage.cache_db import CacheDatabase
from reader.core.storage.sqlite import LIBRARY_ID

_SCHEMA = """
CREATE TABLE IF NOT EXISTS article (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    parser TEXT NOT NULL,
    id TEXT NOT NULL,
    encoding TEXT NOT NULL,
    title TEXT NOT NULL,
    title_source TEXT NOT NULL,
    words INTEGER NOT NULL,
    language TEXT NOT NULL,
    confidence REAL NOT NULL,
    languages_detected INTEGER NOT NULL,
    paragraph_languages_detected INTEGER NOT NULL,
    body TEXT NOT NULL
);
"""
_SUMMARY_COLUMNS = ", ".join(SUMMARY_FIELDS)
# Lookups go to SQLite this many paths at a time (one query each).
LOOKUP_CHUNK = 500
# What decides how a file becomes an article: every file of these stages (code and rules), and
# the record format. A change to any of them re-parses every file.
_PARSER_PACKAGES = ("files", "articles", "language")
_PARSER_FILES = ("library/records.py",)
# Libraries whose version decides it too (read from their metadata: nothing is imported).
_PARSER_LIBRARIES = ("trafilatura", "langdetect", "py3langid")


_CORE = Path(__file__).resolve().parent.parent


def parser_sources(core: Path = _CORE) -> list[Path]:
    """The files under ``core`` whose content decides what a parsed article is, in a stable
    order."""
    found = [
        path
        for package in _PARSER_PACKAGES
        for path in (core / package).rglob("*")
        if path.suffix in (".py", ".toml") and path.is_file()
    ]
    found.extend(core / name for name in _PARSER_FILES)
    return sorted(found, key=lambda path: path.relative_to(core).as_posix())


@lru_cache(maxsize=1)
def parser_version(core: Path = _CORE) -> str:
    digest = hashlib.blake2b(__version__.encode(), digest_size=8)
    for source in parser_sources(core):
        digest.update(source.relative_to(core).as_posix().encode())
        digest.update(source.read_bytes())
    for library in _PARSER_LIBRARIES:
        digest.update(f"{library} {metadata.version(library)}".encode())
    return digest.hexdigest()


def default_library_cache_path() -> Path:
    return paths.cache_dir() / "library.sqlite3"


class LibraryCache(CacheDatabase):
    SCHEMA = _SCHEMA
    SCHEMA_VERSION = "2"  # 2: summary columns, body decoded on use
    PROBE = "SELECT path FROM article LIMIT 1"
    DESCRIPTION = "library cache"
    APPLICATION_ID = LIBRARY_ID
    TABLES = frozenset({"article"})

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path or default_library_cache_path())
        self.problem: str | None = None  # why storing failed, when it did (said once)
        self._stamps: dict[str, FileStamp] = {}  # files read this run, to store what was learnt

    def load(
        self,
        files: list[Path],
        stamps: list[FileStamp | None] | None = None,
        parsed: list[Article | LoadError] | None = None,
        only_quick: bool = False,
    ) -> list[Article | LoadError]:
        """Each file's article or load error, in order. Unchanged files come from the cache with
        their language detected; the others are parsed (languages not yet detected). With
        ``only_quick``, the list ends before the first file whose parse needs a slow import
        (``formats.reads_at_once``): what the interface reads before its first frame. ``stamps``,
        when given, are the files' stamps already taken (``file_stamps``; ``None`` for a file
        to read here): a file found unchanged is then not read at all. ``parsed``, given with
        ``stamps``, is what a helper made of each file (``helper_processes``; a load error or an
        outline where the stamp is ``None``), used for content the cache does not have."""
        keys = [paths.printable(os.path.abspath(path)) for path in files]
        stored = self._lookup(keys)
        results: list[Article | LoadError] = []
        for number, (path, key) in enumerate(zip(files, keys, strict=True)):
            hit = stored.get(key)
            stamp = stamps[number] if stamps is not None else None
            if hit is None or hit[0] != stamp:  # no stamp yet, or not the stored one
                if parsed is not None:
                    if stamp is not None:
                        self._stamps[key] = stamp
                    results.append(parsed[number])
                    continue
                read = read_article_file(path)
                if isinstance(read, LoadError):
                    results.append(read)
                    continue
                data, info = read
                stamp = stamp_of(data, info)
                if hit is None or hit[0] != stamp:
                    if only_quick and not reads_at_once(path):
                        break
                    self._stamps[key] = stamp
                    results.append(parse_or_error(path, data))
                    continue
            self._stamps[key] = stamp
            body = _StoredBody(self, key, stamp.content_hash, path)
            results.append(article_from_summary(path, hit[1], body))
        return results

    def store(self, articles: Iterable[Article]) -> None:
        """Remember articles read by ``load`` this run, as they are now (languages detected)."""
        rows = []
        version = parser_version()
        for article in articles:
            key = paths.printable(os.path.abspath(article.path))
            stamp = self._stamps.get(key)
            if stamp is None:
                continue
            body = json.dumps(body_record(article.body), ensure_ascii=False)
            rows.append(
                (key, stamp.size, stamp.mtime_ns, stamp.content_hash, version)
                + article_summary(article)
                + (body,)
            )
        if not rows:
            return
        with self._lock:
            try:
                connection = self._connect(create=True)
                assert connection is not None
                with connection:
                    connection.executemany(
                        "INSERT OR REPLACE INTO article "
                        f"(path, size, mtime_ns, content_hash, parser, {_SUMMARY_COLUMNS}, body) "
                        f"VALUES ({', '.join('?' * (len(SUMMARY_FIELDS) + 6))})",
                        rows,
                    )
            except (sqlite3.Error, OSError) as error:
                self.problem = self.problem or (
                    f"The library cache could not be written ({error}); languages will be "
                    "detected again next time."
                )

    def _lookup(self, keys: list[str]) -> dict[str, tuple[FileStamp, list[object]]]:
        """The stamp and summary stored for each of ``keys`` that is in the cache."""
        found: dict[str, tuple[FileStamp, list[object]]] = {}
        version = parser_version()
        with self._lock:
            try:
                connection = self._connect(create=False)
                if connection is None:
                    return found
                for start in range(0, len(keys), LOOKUP_CHUNK):
                    chunk = keys[start : start + LOOKUP_CHUNK]
                    # One row holding the chunk as a JSON array, not one row per file: Python
                    # gives up the GIL for every row fetched, and while the interface thread is
                    # drawing each hand-back waits for it (row by row took 70 times longer
                    # beside a busy thread).
                    (rows,) = connection.execute(
                        "SELECT json_group_array(json_array(path, size, mtime_ns, content_hash, "
                        f"{_SUMMARY_COLUMNS})) FROM article "
                        f"WHERE parser = ? AND path IN ({','.join('?' * len(chunk))})",
                        [version, *chunk],
                    ).fetchone()
                    for path, size, mtime_ns, digest, *summary in json.loads(rows):
                        found[path] = (FileStamp(size, mtime_ns, digest), summary)
            except sqlite3.Error as error:  # locked past the timeout, or damaged mid-file
                self.problem = self.problem or f"The library cache could not be read ({error})."
        return found

    def stored_body(self, key: str, digest: str) -> str | None:
        """The body stored for the file ``key`` with content hash ``digest``, if it still is."""
        with self._lock:
            try:
                connection = self._connect(create=False)
                if connection is None:
                    return None
                row = connection.execute(
                    "SELECT body FROM article WHERE path = ? AND content_hash = ? AND parser = ?",
                    (key, digest, parser_version()),
                ).fetchone()
            except sqlite3.Error:
                return None
        return None if row is None else str(row[0])

    def stats(self) -> int:
        """How many articles are cached."""
        return self._count("article")[0]

    def clear(self) -> int:
        """Delete every entry; returns how many articles were dropped."""
        return self._clear("article")


class _StoredBody:
    """An article's body, fetched from the cache and decoded on first use, then kept."""

    __slots__ = ("_cache", "_key", "_digest", "_path", "_body")

    def __init__(self, cache: LibraryCache, key: str, digest: str, path: Path) -> None:
        self._cache = cache
        self._key = key
        self._digest = digest
        self._path = path
        self._body: ArticleBody | None = None

    def __call__(self) -> ArticleBody:
        if self._body is None:
            self._body = self._fetch()
        return self._body

    def _fetch(self) -> ArticleBody:
        record = self._cache.stored_body(self._key, self._digest)
        if record is not None:
            try:
                return body_from_record(json.loads(record))
            except (ValueError, KeyError, TypeError, AttributeError):
                pass  # not a record this parser wrote
        # Gone from the cache (cleared, or replaced by another process) or unreadable: the file
        # is the truth, parse it again.
        return body_from_file(self._path)
