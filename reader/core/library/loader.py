"""Stage 4, library: the whole loading sequence, in one place, as plain events.

outline -> parse -> detect -> store -> group versions (with English anchors) -> review progress.

The TUI and the CLI both run it (``LibraryLoader``), so they cannot disagree about what is in a
library or which articles are versions of one story. The TUI reads the first few files before
its first frame (``read_first``) and runs ``events`` in a worker, posting each event to the
screen; the CLI takes everything at once (``load_library``).

Events come in batches, one every ``batch_seconds`` at most, and the rest at the end: often
enough for a lively list, rarely enough that redrawing it does not slow the loading down.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from reader.core.articles.model import Article, LoadError
from reader.core.files.discovery import iter_article_files
from reader.core.language.articles import ChosenLanguages
from reader.core.library.cache import LibraryCache
from reader.core.library.scan import Library, LibraryScan, with_languages

if TYPE_CHECKING:
    from reader.core.review.store import ReviewStore
    from reader.core.translation.cache import TranslationCache
    from reader.core.versions.grouping import VersionGroup

BATCH_SECONDS = 0.25
# Before the first frame, files are read while they add up to at most this many bytes and this
# much time: the first frame then shows a small folder whole, and a big or slow one starts with
# what was read (the worker reads the rest, and one odd file cannot keep the screen blank).
FIRST_FRAME_BYTES = 1024 * 1024
FIRST_FRAME_SECONDS = 0.05


@dataclass
class Found(Library):
    """Articles (outlines, when ``outlines``: the title without the body) and files that could
    not be read, in file order; ``last`` when every file has been read."""

    files_seen: int = 0
    last: bool = False


@dataclass(frozen=True)
class Parsed:
    """Outlines found earlier, now parsed whole, or why their file can no longer be read."""

    entries: list[Article | LoadError]


@dataclass(frozen=True)
class Detected:
    """Articles found earlier, now with their language detected (and stored in the cache)."""

    articles: list[Article]


@dataclass(frozen=True)
class Grouped:
    """The groups of articles that tell the same story."""

    groups: list[VersionGroup]


@dataclass(frozen=True)
class Reviewed:
    """Approved and total segments per reviewed document (``review.segments.document_key``)."""

    progress: dict[str, tuple[int, int]]


@dataclass(frozen=True)
class Finished:
    """Every file has been read, parsed and detected. ``translated_texts``: the remembered
    translations of the library's articles into the target language, by article id."""

    articles: int
    skipped: int
    translated_texts: dict[str, str]


LoadEvent = Found | Parsed | Detected | Grouped | Reviewed | Finished

_Entry = TypeVar("_Entry")


def _timed_batches(entries: Iterable[_Entry], seconds: float) -> Iterator[list[_Entry]]:
    """``entries`` in lists, one every ``seconds`` and the rest at the end."""
    batch: list[_Entry] = []
    last_report = time.monotonic()
    for entry in entries:
        batch.append(entry)
        if time.monotonic() - last_report > seconds:
            yield batch
            batch, last_report = [], time.monotonic()
    yield batch


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # gone or unreadable: reading it says why, at once


class LibraryLoader:
    """Loads the articles under ``paths``: from ``cache`` (when there is one) when unchanged,
    parsed and detected otherwise. ``translations`` (the English of articles read before) gives
    versions grouping its anchors; ``reviews`` gives the review progress; ``chosen``, the
    languages the reader set by hand, which every event's articles are in. With ``outlines``, a
    first start lists titles before parsing bodies (``Found`` with outlines, then ``Parsed``)."""

    def __init__(
        self,
        paths: Iterable[Path],
        cache: LibraryCache | None,
        *,
        translations: TranslationCache | None = None,
        reviews: ReviewStore | None = None,
        target: str = "en",
        outlines: bool = False,
        batch_seconds: float = BATCH_SECONDS,
        chosen: ChosenLanguages | None = None,
    ) -> None:
        self.cache = cache
        self._chosen = chosen or ChosenLanguages()
        self._files = iter_article_files(paths)
        self._translations = translations
        self._reviews = reviews
        self._target = target
        self._outlines = outlines
        self._batch_seconds = batch_seconds
        self._first: list[Article | LoadError] = []
        self._not_read_first: list[Path] = []

    def read_first(
        self,
        most: int,
        max_bytes: int | None = None,
        max_seconds: float | None = None,
    ) -> list[Article | LoadError]:
        """The first of at most ``most`` files, each a cache lookup or a quick parse, while they
        stay within ``max_bytes`` and ``max_seconds`` (by default ``FIRST_FRAME_BYTES`` and
        ``FIRST_FRAME_SECONDS``): a big file (a log dump, say), or a web page not in the cache,
        is left to ``events``, as is everything after it. Call once, before ``events``."""
        if self.cache is None:
            return []  # nothing is quick without the cache: ``events`` reads every file
        files = list(islice(self._files, max(most, 1)))
        started = time.perf_counter()
        room = FIRST_FRAME_BYTES if max_bytes is None else max_bytes
        seconds = FIRST_FRAME_SECONDS if max_seconds is None else max_seconds
        read: list[Article | LoadError] = []
        for path in files:
            room -= _size(path)
            if room < 0:
                break
            try:
                entries = self.cache.load([path], only_quick=True)
            except (OSError, sqlite3.Error):
                break  # ``events`` meets it again, and its consumer says what it was
            if not entries:
                break  # a web page not read before: its parser is imported by ``events``
            read.extend(map(self._chosen.apply, entries))
            if time.perf_counter() - started > seconds:
                break
        self._first = read
        self._not_read_first = files[len(read) :]
        return read

    @property
    def first(self) -> list[Article | LoadError]:
        """What ``read_first`` read."""
        return list(self._first)

    def events(self, is_cancelled: Callable[[], bool] = lambda: False) -> Iterator[LoadEvent]:
        """Everything after ``read_first``, in order; stops early when ``is_cancelled()``."""
        found = [entry for entry in self._first if isinstance(entry, Article)]
        seen = len(self._first)
        files = chain(self._not_read_first, self._files)
        seconds = self._batch_seconds
        with closing(LibraryScan(files, self.cache, outlines=self._outlines)) as scan:
            for entries in _timed_batches(map(self._chosen.apply, scan), seconds):
                if is_cancelled():
                    return
                seen += len(entries)
                found.extend(entry for entry in entries if isinstance(entry, Article))
                yield Found(entries, seen)
            yield Found([], seen, last=True)

            parsed: dict[Path, Article | LoadError] = {}
            for entries in _timed_batches(map(self._chosen.apply, scan.completed()), seconds):
                if is_cancelled():
                    return
                parsed.update((entry.path, entry) for entry in entries)
                yield Parsed(entries)
        found = [a for a in (parsed.get(a.path, a) for a in found) if isinstance(a, Article)]

        # Articles from the library cache already know their language; the rest are detected
        # (by helper processes when there are many), and remembered for the next start.
        newly_detected: dict[Path, Article] = {}
        with closing(with_languages([a for a in found if not a.languages_detected])) as languages:
            for detected in _timed_batches(languages, seconds):
                if is_cancelled():
                    return
                newly_detected.update((article.path, article) for article in detected)
                if self.cache is not None:
                    self.cache.store(detected)
                yield Detected(detected)
        translations = self._translations
        texts = translations.article_texts(self._target) if translations is not None else {}
        from reader.core.versions.grouping import group_versions
        from reader.core.versions.profiles import Profile, english_units

        in_file_order = [newly_detected.get(a.path, a) for a in found]
        yield Grouped(
            group_versions([Profile.of(a, english_units(a, texts)) for a in in_file_order])
        )
        if self._reviews is not None:
            yield Reviewed(self._reviews.progress())
        yield Finished(len(found), seen - len(found), texts)


@dataclass
class LoadedLibrary(Library):
    """A whole library as the CLI wants it: every entry (article or load error) in file order,
    the version groups, and the English texts their anchors came from."""

    groups: list[VersionGroup]
    translated_texts: dict[str, str]


def load_library(
    paths: Iterable[Path],
    cache: LibraryCache | None = None,
    *,
    translations: TranslationCache | None = None,
    chosen: ChosenLanguages | None = None,
) -> LoadedLibrary:
    """Everything under ``paths`` at once, each article with its language, and the versions
    (the CLI, and tests; the TUI shows the events as they come instead)."""
    loader = LibraryLoader(paths, cache, translations=translations, chosen=chosen)
    entries: dict[Path, Article | LoadError] = {}
    groups: list[VersionGroup] = []
    texts: dict[str, str] = {}
    for event in loader.events():
        if isinstance(event, Found | Parsed):
            entries.update((entry.path, entry) for entry in event.entries)
        elif isinstance(event, Detected):
            entries.update((article.path, article) for article in event.articles)
        elif isinstance(event, Grouped):
            groups = event.groups
        elif isinstance(event, Finished):
            texts = event.translated_texts
    return LoadedLibrary(list(entries.values()), groups, texts)
