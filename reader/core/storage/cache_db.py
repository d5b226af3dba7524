"""Infrastructure: an SQLite file of rebuildable data (translations, parsed articles) in the
user cache dir: a ``storage.sqlite.SQLiteFile`` with a schema version of its own. A file written
by another schema version is set aside like a damaged one. Data here can always be rebuilt, so
recovery never asks anything of the user.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.core.storage.sqlite import FileKind, OtherVersion, SQLiteFile


class CacheDatabase:
    SCHEMA: str = ""  # CREATE statements, run on every open
    SCHEMA_VERSION: str = "1"
    PROBE: str = ""  # a cheap query that fails on a damaged file (not count(*): it reads it all)
    DESCRIPTION: str = "cache"  # named in the recovery message
    APPLICATION_ID: int = 0  # this kind of file's stamp (``storage.sqlite``)
    TABLES: frozenset[str] = frozenset()  # its tables, for files made before the stamps

    def __init__(self, path: Path) -> None:
        self.path = path
        kind = FileKind(
            self.DESCRIPTION,
            self.APPLICATION_ID,
            frozenset({"meta", *self.TABLES}),
            "corrupt",
            "a new one was started.",
            # Rebuildable data: no fsync per write (WAL keeps the file consistent; a power cut
            # may lose the last writes, which are then computed again).
            synchronous="NORMAL",
        )
        self._file = SQLiteFile(path, kind, self._prepare)
        self._lock = self._file.lock

    @property
    def recovered(self) -> str | None:
        """What happened, when a bad file was moved aside."""
        return self._file.recovered

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        """The open connection; ``None`` when the file does not exist and ``create`` is false.
        Call with ``self._lock`` held."""
        return self._file.connection(create)

    def _prepare(self, connection: sqlite3.Connection) -> None:
        connection.executescript(
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            + self.SCHEMA
        )
        row = connection.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is None:
            with connection:
                connection.execute("INSERT INTO meta VALUES ('schema', ?)", (self.SCHEMA_VERSION,))
        elif row[0] != self.SCHEMA_VERSION:
            raise OtherVersion(f"schema {row[0]}, expected {self.SCHEMA_VERSION}")
        if self.PROBE:
            connection.execute(self.PROBE).fetchone()

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
        self._file.close()
