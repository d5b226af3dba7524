"""Stage 1, files: one file's bytes, read once and checked, or why they cannot be read."""

from __future__ import annotations

import os
from pathlib import Path

from reader.core.articles.model import LoadError

# Larger files are almost certainly not articles (logs, dumps); reading them whole would stall.
MAX_FILE_BYTES = 64 * 1024 * 1024


def read_article_file(path: Path) -> tuple[bytes, os.stat_result] | LoadError:
    """A file's bytes and the ``stat`` taken before reading them, or why they cannot be read."""
    try:
        # One open, then fstat and read on it: a library scan does this for every file. On the
        # descriptor, without a file object: half the cost, and a big library's first start
        # reads every file.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            info = os.fstat(descriptor)
            if info.st_size > MAX_FILE_BYTES:
                return LoadError(
                    path,
                    f"too large ({info.st_size // (1024 * 1024)} MiB; limit is "
                    f"{MAX_FILE_BYTES // (1024 * 1024)} MiB)",
                )
            return _read_to_end(descriptor, info.st_size), info
        finally:
            os.close(descriptor)
    except FileNotFoundError:
        return LoadError(path, "file disappeared while reading")
    except PermissionError:
        return LoadError(path, "permission denied")
    except IsADirectoryError:
        return LoadError(path, _folder_problem(path))
    except OSError as error:
        return LoadError(path, f"cannot read: {error.strerror or error}")


def _folder_problem(path: Path) -> str:
    """Why a folder met where an article file was expected is skipped: a folder the library scan
    could not list (``iter_article_files`` gives those), or a file replaced by a folder."""
    try:
        with os.scandir(path):
            pass
    except OSError as error:
        return f"folder cannot be listed: {error.strerror or error}"
    return "is a directory"


def _read_to_end(descriptor: int, size: int) -> bytes:
    """All the bytes: one read for a file of ``size`` bytes, more for one that has grown since
    its size was taken."""
    data = os.read(descriptor, size + 1)
    if len(data) <= size:
        return data
    parts = [data]
    while part := os.read(descriptor, 1 << 20):
        parts.append(part)
    return b"".join(parts)
