"""Opening an SQLite file that another reader process may be opening at the same moment."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable

# Up to this long in all: far past any real start-up race, short of a hang.
ATTEMPTS = 50
PAUSE_SECONDS = 0.1


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
