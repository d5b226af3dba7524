"""Paths -> the files to read -> articles, tolerant of everything a real folder holds."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.core.articles import ARTICLE_SUFFIXES, Article, LoadError, load_article


class MissingPath(FileNotFoundError):
    """A path named on the command line does not exist."""


def check_paths(paths: Iterable[Path]) -> list[Path]:
    """The paths as given, or ``MissingPath`` naming the first that does not exist."""
    checked = []
    for path in paths:
        if not path.exists():
            raise MissingPath(f"no such file or folder: {path}")
        checked.append(path)
    return checked


def iter_article_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Article files under ``paths`` in a stable order (sorted per folder), each once.

    A file named directly is read whatever its suffix; inside folders only article suffixes count,
    hidden entries are skipped, and symlinked folders are followed once (loops end there).
    """
    seen_files: set[Path] = set()
    seen_dirs: set[tuple[int, int]] = set()
    for root in paths:
        if root.is_file():
            key = root.resolve()
            if key not in seen_files:
                seen_files.add(key)
                yield root
            continue
        yield from _walk(root, seen_files, seen_dirs)


def _walk(folder: Path, seen_files: set[Path], seen_dirs: set[tuple[int, int]]) -> Iterator[Path]:
    try:
        info = folder.stat()
    except OSError:
        return
    if (info.st_dev, info.st_ino) in seen_dirs:
        return
    seen_dirs.add((info.st_dev, info.st_ino))
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
            is_file = entry.is_file()
        except OSError:
            continue
        if is_dir:
            yield from _walk(path, seen_files, seen_dirs)
        elif is_file and path.suffix.lower() in ARTICLE_SUFFIXES:
            key = path.resolve()
            if key not in seen_files:
                seen_files.add(key)
                yield path


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


def load_library(paths: Iterable[Path], detect_languages: bool = True) -> Library:
    """Load everything at once (the CLI); the TUI loads progressively in a worker instead."""
    return Library(
        [
            load_article(path, detect_languages=detect_languages)
            for path in iter_article_files(paths)
        ]
    )
