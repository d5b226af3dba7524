"""Opening an SQLite file that another reader process may be opening at the same moment."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from reader.core import paths

# Up to this long in all: far past any real start-up race, short of a hang.
ATTEMPTS = 50
PAUSE_SECONDS = 0.1


class OtherVersion(sqlite3.DatabaseError):
    """The file is laid out by another version of reader: sound, but not readable by this one."""


def open_retrying(open_database: Callable[[], sqlite3.Connection]) -> sqlite3.Connection:
    """``open_database()``, retried a bounded number of times while the file is locked.

    Switching a new file to WAL (or creating its tables) while another process does the same
    fails at once with "database is locked": SQLite does not wait on that lock, whatever the
    busy timeout. Any other error is raised at once.
    """
    for attempt in range(ATTEMPTS):
        try:
            return open_database()
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == ATTEMPTS - 1:
                raise
            time.sleep(PAUSE_SECONDS)
    raise AssertionError("unreachable")


def open_or_set_aside(
    path: Path, open_database: Callable[[], sqlite3.Connection], label: str
) -> tuple[sqlite3.Connection, Path | None, sqlite3.DatabaseError | None]:
    """Open ``path``; when it is damaged (not merely locked, read-only or on a full disk), rename
    it and its ``-wal``/``-shm`` to ``<name>.<label>-<time>`` (never deleted) and start a fresh
    one. Returns the connection, and where the damaged file went and why, when it was moved. A
    file of another version (``OtherVersion``) is set aside as ``<name>.old-<time>``."""
    paths.ensure_parent(path)
    try:
        return open_retrying(open_database), None, None
    except sqlite3.DatabaseError as error:
        if isinstance(error, sqlite3.OperationalError):
            # Locked past the retries, read-only, disk I/O: not the file's fault. Setting a
            # locked file aside once lost another process's review edits.
            raise
        kept = paths.set_aside(path, "old" if isinstance(error, OtherVersion) else label)
        return open_retrying(open_database), kept, error
