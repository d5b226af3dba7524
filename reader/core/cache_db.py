"""An SQLite file of rebuildable data (translations, parsed articles) in the user cache dir.

Shared behaviour: created on the first write only; WAL and a busy timeout so two reader processes
can use it at once; a file that cannot be read, or was written by another schema version, is set
aside (renamed, never deleted) and a fresh one started, and ``recovered`` says so once. Data here
can always be rebuilt, so recovery never asks anything of the user.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from reader.core.sqlite_open import OtherVersion, claim, open_or_set_aside, recovery_message


class CacheDatabase:
    SCHEMA: str = ""  # CREATE statements, run on every open
    SCHEMA_VERSION: str = "1"
    PROBE: str = ""  # a cheap query that fails on a damaged file (not count(*): it reads it all)
    DESCRIPTION: str = "cache"  # named in the recovery message
    APPLICATION_ID: int = 0  # this kind of file's stamp (``sqlite_open``)
    TABLES: frozenset[str] = frozenset()  # its tables, for files made before the stamps

    def __init__(self, path: Path) -> None:
        self.path = path
        self.recovered: str | None = None  # what happened, when a bad file was moved aside
        self._connection: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        """The open connection; ``None`` when the file does not exist and ``create`` is false.
        Call with ``self._lock`` held."""
        if self._connection is not None:
            return self._connection
        if not create and not self.path.exists():
            return None
        self._connection, aside, error = open_or_set_aside(
            self.path, self._open, "corrupt", self.APPLICATION_ID
        )
        if isinstance(error, OtherVersion):
            self.recovered = (
                f"The {self.DESCRIPTION} was made by another version of reader; it was moved "
                f"to {aside} and a new one started (it fills again as you read)."
            )
        elif aside is not None and error is not None:
            self.recovered = recovery_message(
                self.DESCRIPTION, aside, error, "a new one was started."
            )
        return self._connection

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
        try:
            claim(connection, self.APPLICATION_ID, {"meta", *self.TABLES})
            connection.execute("PRAGMA journal_mode=WAL")
            # Rebuildable data: no fsync per write (WAL keeps the file consistent; a power cut
            # may lose the last writes, which are then computed again).
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA busy_timeout=10000")
            connection.executescript(
                "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                + self.SCHEMA
            )
            row = connection.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if row is None:
                with connection:
                    connection.execute(
                        "INSERT INTO meta VALUES ('schema', ?)", (self.SCHEMA_VERSION,)
                    )
            elif row[0] != self.SCHEMA_VERSION:
                raise OtherVersion(f"schema {row[0]}, expected {self.SCHEMA_VERSION}")
            if self.PROBE:
                connection.execute(self.PROBE).fetchone()
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection

    def _count(self, *tables: str) -> tuple[int, ...]:
        """How many rows each of ``tables`` holds (zeros when there is no file yet)."""
        with self._lock:
            connection = self._connect(create=False)
            if connection is None:
                return (0,) * len(tables)
            return tuple(
                int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                for table in tables
            )

    def _clear(self, *tables: str) -> int:
        """Empty ``tables`` and give the space back; returns how many rows the first held."""
        with self._lock:
            connection = self._connect(create=False)
            if connection is None:
                return 0
            with connection:
                counts = [connection.execute(f"DELETE FROM {table}").rowcount for table in tables]
            connection.execute("VACUUM")
            return int(counts[0])

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
