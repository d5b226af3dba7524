"""Stage 1, files: the paths named on the command line -> the article files to read, each once,
in a stable order, tolerant of everything a real folder holds (symlink loops, unreadable
folders, pipes)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from operator import attrgetter
from pathlib import Path

from reader.core.articles.formats import ARTICLE_SUFFIXES
from reader.core.settings.paths import printable


class MissingPath(FileNotFoundError):
    """A path named on the command line does not exist, or is no file or folder."""


def check_paths(paths: Iterable[Path]) -> list[Path]:
    """The paths as given, or ``MissingPath`` naming the first that does not exist or that is
    neither a file nor a folder (a FIFO would block the reading, a device never end)."""
    checked = []
    for path in paths:
        if not path.exists():
            raise MissingPath(f"no such file or folder: {printable(path)}")
        if not (path.is_file() or path.is_dir()):
            raise MissingPath(
                f"{printable(path)} is not a file or folder (a pipe, device or socket)"
            )
        checked.append(path)
    return checked


def iter_article_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Article files under ``paths`` in a stable order (sorted per folder), each once.

    A file named directly is read whatever its suffix; inside folders only article suffixes count,
    hidden entries are skipped, and symlinked folders are followed once (loops end there). A
    folder that cannot be listed comes out as itself, so that reading it makes a skipped entry
    saying why instead of its files going missing without a word.
    """
    # Files and folders are told apart by (device, inode): a file reached twice (named twice, or
    # through a symlink) is read once, and a symlinked folder is entered once, so loops end.
    seen_files: set[tuple[int, int]] = set()
    seen_dirs: set[tuple[int, int]] = set()
    for root in paths:
        if root.is_file():
            try:
                info = root.stat()
            except OSError:
                continue
            if (info.st_dev, info.st_ino) not in seen_files:
                seen_files.add((info.st_dev, info.st_ino))
                yield root
            continue
        yield from _walk(root, seen_files, seen_dirs)


def _walk(
    folder: Path, seen_files: set[tuple[int, int]], seen_dirs: set[tuple[int, int]]
) -> Iterator[Path]:
    try:
        info = folder.stat()
    except OSError:
        return
    if (info.st_dev, info.st_ino) in seen_dirs:
        return
    seen_dirs.add((info.st_dev, info.st_ino))
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=attrgetter("name"))
    except OSError:
        yield folder
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir():
                yield from _walk(Path(entry.path), seen_files, seen_dirs)
                continue
            if not entry.is_file() or not entry.name.lower().endswith(ARTICLE_SUFFIXES):
                continue
            # A plain file's inode comes with the directory listing; only a symlink costs a stat.
            key = (
                (info.st_dev, entry.inode())
                if not entry.is_symlink()
                else (entry.stat().st_dev, entry.stat().st_ino)
            )
        except OSError:
            continue
        if key not in seen_files:
            seen_files.add(key)
            yield Path(entry.path)
