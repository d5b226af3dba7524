"""Parsed articles with their detected language, kept between runs (SQLite, user cache dir).

Language detection is what makes a big library slow (langdetect: a few ms per article, a minute
for 10,000), so a file's parsed article and its language are stored, and a later start takes them
from here. An entry is used only when the file's path, size, modification time and a hash of its
bytes all match what was stored, and when it was written by the same parser (``PARSER_VERSION``
covers reader's version, the parsing code and the boilerplate rules): a changed file, or a
changed parser, is parsed and detected again. The file is an optimisation only: a damaged one is
set aside and rebuilt, and a store that fails (read-only or full disk) is reported once and the
library loads as if there were no cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from reader import __version__
from reader.core import paths
from reader.core.articles import (
    Article,
    LoadError,
    article_from_record,
    article_record,
    parse_or_error,
    read_article_file,
)
from reader.core.cache_db import CacheDatabase

_SCHEMA = """
CREATE TABLE IF NOT EXISTS article (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    parser TEXT NOT NULL,
    record TEXT NOT NULL
);
"""
# Lookups go to SQLite this many paths at a time (one query each).
LOOKUP_CHUNK = 500
# What decides how a file becomes an article; a change to any of them re-parses every file.
_PARSER_SOURCES = (
    "articles.py",
    "formats.py",
    "decoding.py",
    "language.py",
    "rules/boilerplate.toml",
)


@lru_cache(maxsize=1)
def parser_version() -> str:
    digest = hashlib.blake2b(__version__.encode(), digest_size=8)
    package = resources.files("reader.core")
    for name in _PARSER_SOURCES:
        digest.update(package.joinpath(name).read_bytes())
    return digest.hexdigest()


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True)
class FileStamp:
    """What identifies one version of a file's content."""

    size: int
    mtime_ns: int
    content_hash: str


def default_library_cache_path() -> Path:
    return paths.cache_dir() / "library.sqlite3"


class LibraryCache(CacheDatabase):
    SCHEMA = _SCHEMA
    PROBE = "SELECT count(*) FROM article"
    DESCRIPTION = "library cache"

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path or default_library_cache_path())
        self.problem: str | None = None  # why storing failed, when it did (said once)
        self._stamps: dict[str, FileStamp] = {}  # files read this run, to store what was learnt

    def load(self, files: list[Path]) -> list[Article | LoadError]:
        """Each file's article or load error, in order. Unchanged files come from the cache with
        their language detected; the others are parsed (languages not yet detected)."""
        keys = [paths.printable(os.path.abspath(path)) for path in files]
        stored = self._lookup(keys)
        results: list[Article | LoadError] = []
        for path, key in zip(files, keys, strict=True):
            read = read_article_file(path)
            if isinstance(read, LoadError):
                results.append(read)
                continue
            data, info = read
            stamp = FileStamp(info.st_size, info.st_mtime_ns, content_hash(data))
            self._stamps[key] = stamp
            hit = stored.get(key)
            article = _from_entry(path, hit[1]) if hit is not None and hit[0] == stamp else None
            results.append(parse_or_error(path, data) if article is None else article)
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
            record = json.dumps(article_record(article), ensure_ascii=False)
            rows.append((key, stamp.size, stamp.mtime_ns, stamp.content_hash, version, record))
        if not rows:
            return
        with self._lock:
            try:
                connection = self._connect(create=True)
                assert connection is not None
                with connection:
                    connection.executemany(
                        "INSERT OR REPLACE INTO article VALUES (?, ?, ?, ?, ?, ?)", rows
                    )
            except (sqlite3.Error, OSError) as error:
                self.problem = self.problem or (
                    f"The library cache could not be written ({error}); languages will be "
                    "detected again next time."
                )

    def _lookup(self, keys: list[str]) -> dict[str, tuple[FileStamp, str]]:
        found: dict[str, tuple[FileStamp, str]] = {}
        version = parser_version()
        with self._lock:
            try:
                connection = self._connect(create=False)
                if connection is None:
                    return found
                for start in range(0, len(keys), LOOKUP_CHUNK):
                    chunk = keys[start : start + LOOKUP_CHUNK]
                    rows = connection.execute(
                        "SELECT path, size, mtime_ns, content_hash, record FROM article "
                        f"WHERE parser = ? AND path IN ({','.join('?' * len(chunk))})",
                        [version, *chunk],
                    )
                    for path, size, mtime_ns, digest, record in rows:
                        found[path] = (FileStamp(size, mtime_ns, digest), record)
            except sqlite3.Error as error:  # locked past the timeout, or damaged mid-file
                self.problem = self.problem or f"The library cache could not be read ({error})."
        return found

    def stats(self) -> int:
        """How many articles are cached."""
        with self._lock:
            connection = self._connect(create=False)
            if connection is None:
                return 0
            return int(connection.execute("SELECT count(*) FROM article").fetchone()[0])

    def clear(self) -> int:
        with self._lock:
            connection = self._connect(create=False)
            if connection is None:
                return 0
            with connection:
                count = connection.execute("DELETE FROM article").rowcount
            connection.execute("VACUUM")
            return int(count)


def _from_entry(path: Path, record: str) -> Article | None:
    """The stored article, or ``None`` when the record cannot be read back (then it is parsed)."""
    try:
        return article_from_record(path, json.loads(record))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
