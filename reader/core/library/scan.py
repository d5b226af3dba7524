"""Stage 4, library: the files under some paths -> their articles (or why not), from the
library cache when unchanged, parsed by helper processes when there are many."""

from __future__ import annotations

import os
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.articles.model import Article, LoadError
from reader.core.articles.parsing import load_article
from reader.core.files.discovery import iter_article_files
from reader.core.files.reading import MAX_FILE_BYTES
from reader.core.files.stamps import HELPER_MIN_FILES, streamed_stamps
from reader.core.language.articles import with_article_language, with_detected_language
from reader.core.library.helpers import (
    Helpers,
    OutlinedInHelpers,
    Parsed,
    detected_in_helpers,
    parsed_in_helpers,
    start_helpers,
    stop_helpers,
)

if TYPE_CHECKING:
    from reader.core.library.cache import LibraryCache

# Files per batch after the first: one cache query, and one message to the interface, each.
SCAN_BATCH = 256


@dataclass
class Library:
    """What was loaded from some paths: every file's article or load error, in file order."""

    entries: list[Article | LoadError]

    @property
    def articles(self) -> list[Article]:
        return [e for e in self.entries if isinstance(e, Article)]

    @property
    def skipped(self) -> list[LoadError]:
        return [e for e in self.entries if isinstance(e, LoadError)]


def scan(paths: Iterable[Path], cache: LibraryCache | None = None) -> LibraryScan:
    """Every file's article or load error, in file order (a ``LibraryScan`` of the files under
    ``paths``)."""
    return LibraryScan(iter_article_files(paths), cache)


class LibraryScan(Iterator[Article | LoadError]):
    """Each file's article or load error, in order, the first at once and then in batches.

    With a ``cache``, unchanged files come back with their language already detected; the others
    are parsed only, and ``cache.store`` keeps them once their language is known. In a big
    library the files are read and hashed by a helper process (``file_stamps``) when the cache
    knows them, and parsed by one helper process per core (``helper_processes``) when it does
    not.

    With ``outlines``, those helpers give outlines first (``outline_article``: the title without
    the body, under half the work), and ``completed`` then gives each outline's article parsed
    whole: a first start lists a big library's titles that much sooner. ``close`` stops the
    helpers.
    """

    def __init__(
        self, files: Iterable[Path], cache: LibraryCache | None = None, outlines: bool = False
    ) -> None:
        self._cache = cache
        self._outlines = outlines
        self._helpers: Helpers = []  # parsing a first start's big library
        self._outlined: OutlinedInHelpers | None = None  # those helpers, giving outlines
        self._entries = self._scan(iter(files))

    def __next__(self) -> Article | LoadError:
        return next(self._entries)

    def completed(self) -> Iterator[Article | LoadError]:
        """Once every entry has been taken: each outline's article, parsed whole, in order (or
        why its file can no longer be read). Nothing when there were no outlines."""
        if self._outlined is None or self._cache is None:
            return
        articles = self._outlined.articles()
        try:
            while stamped := list(islice(articles, SCAN_BATCH)):
                yield from self._from_helpers(self._cache, stamped)
        finally:
            self._outlined.close()
            stop_helpers(self._helpers)

    def close(self) -> None:
        self._entries.close()
        if self._outlined is not None:
            self._outlined.close()
        stop_helpers(self._helpers)

    def _scan(self, files: Iterator[Path]) -> Generator[Article | LoadError, None, None]:
        cache = self._cache
        first = list(islice(files, 1))  # alone, at once: the first frame can show it
        if cache is None:
            yield from (load_article(path, detect_languages=False) for path in chain(first, files))
            return
        loaded = cache.load(first)
        yield from loaded
        # When the first file was in the cache the others probably are: a helper stamps them,
        # and files found unchanged are not read here at all. When it was not (a first start),
        # every file is to be parsed: helpers on every core read and parse them, started as soon
        # as the library is known to be big, to start up while the rest is listed.
        from_cache = any(isinstance(e, Article) and e.languages_detected for e in loaded)
        rest = list(islice(files, HELPER_MIN_FILES))
        big = len(rest) >= HELPER_MIN_FILES
        cores = _cores()
        if big and not from_cache and cores > 1:
            self._helpers = start_helpers(cores)
        rest.extend(files)
        stamps = streamed_stamps(rest, MAX_FILE_BYTES) if big and from_cache else None
        parsed: Generator[Parsed, None, None] | None = None
        if self._helpers and self._outlines:
            self._outlined = OutlinedInHelpers(rest, self._helpers)
            parsed = self._outlined.outlines()
        elif self._helpers:
            parsed = parsed_in_helpers(rest, self._helpers)
        try:
            for start in range(0, len(rest), SCAN_BATCH):
                chunk = rest[start : start + SCAN_BATCH]
                if parsed is not None:
                    yield from self._from_helpers(cache, list(islice(parsed, len(chunk))))
                else:
                    stamped = list(islice(stamps, len(chunk))) if stamps else None
                    yield from cache.load(chunk, stamped)
        finally:
            for stream in (stamps, parsed):
                if stream is not None:
                    stream.close()
            if self._outlined is None:  # those giving outlines go on to ``completed``
                stop_helpers(self._helpers)

    @staticmethod
    def _from_helpers(cache: LibraryCache, stamped: list[Parsed]) -> list[Article | LoadError]:
        """What helpers made of some files, or what the cache has for them when it is the same
        (``LibraryCache.load``, which also keeps the stamps for ``store``)."""
        files = [entry.path for _, entry in stamped]
        return cache.load(files, [stamp for stamp, _ in stamped], [e for _, e in stamped])


def with_languages(articles: list[Article]) -> Generator[Article, None, None]:
    """Each article with its language detected, in order: by helper processes (one per core)
    when there are many, here when there are few. Close the iterator to stop early."""
    cores = _cores()
    if len(articles) < HELPER_MIN_FILES or cores < 2:
        yield from map(with_article_language, articles)
        return
    detections = detected_in_helpers([article.body_text for article in articles], cores)
    try:
        for article, detection in zip(articles, detections, strict=True):
            yield with_detected_language(article, detection)
    finally:
        detections.close()


def _cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
