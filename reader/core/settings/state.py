"""Infrastructure, settings: reading state that must survive restarts: last article per folder,
position per article, the articles read, and the language the reader set by hand for an article
whose detected language was wrong.

Stored in SQLite in the user data dir. The file is created on the first write only, so browsing a
folder read-only never leaves files behind; reads of a missing database return defaults. Reading
state is a convenience: a file that cannot be read is set aside (kept) and a fresh one started,
and a write that fails (read-only or full disk) is reported in ``problem`` and otherwise ignored,
so neither ever stops reading.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.core.settings import paths
from reader.core.storage.sqlite import STATE_ID, FileKind, SQLiteFile

_SCHEMA = """
CREATE TABLE IF NOT EXISTS last_article (folder TEXT PRIMARY KEY, article_path TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS position (article_id TEXT PRIMARY KEY, paragraph INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chosen_language (article_path TEXT PRIMARY KEY, language TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS read_article (article_id TEXT PRIMARY KEY);
"""
_TABLES = {"last_article", "position", "setting", "chosen_language", "read_article"}
# How long a write on the interface thread may wait for another reader process's write lock.
# A position is written again at the next paragraph, so one skipped write costs nothing; a
# multi-second wait would freeze the screen.
BUSY_SECONDS = 0.1


class ReadingState:
    def __init__(self, db_path: Path | None = None) -> None:
        self.db_path = db_path or paths.state_db()
        kind = FileKind(
            "reading-state file",
            STATE_ID,
            frozenset(_TABLES),
            "unreadable",
            "reading positions start afresh.",
            # No fsync per write: every article opened and paragraph scrolled to is a write on
            # the interface thread, where an fsync would stall the frame. With WAL this is still
            # safe from corruption; a power cut, not a crash, may lose the last positions.
            synchronous="NORMAL",
            busy_seconds=BUSY_SECONDS,
        )
        self._file = SQLiteFile(self.db_path, kind, _prepare)
        self._lock = self._file.lock
        self.problem: str | None = None  # why saving failed, when it did

    @property
    def recovered(self) -> str | None:
        """What happened, when an unreadable file was set aside."""
        return self._file.recovered

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        return self._file.connection(create)

    def _read(self, sql: str, args: tuple[object, ...]) -> object | None:
        with self._lock:
            try:
                connection = self._connect(create=False)
                if connection is None:
                    return None
                row = connection.execute(sql, args).fetchone()
            except (sqlite3.Error, OSError):
                return None  # as if nothing had been saved
            return row[0] if row else None

    def _write(self, sql: str, args: tuple[object, ...]) -> None:
        with self._lock:
            try:
                connection = self._connect(create=True)
                assert connection is not None
                with connection:
                    connection.execute(sql, args)
            except sqlite3.OperationalError as error:
                if "locked" in str(error) or "busy" in str(error):
                    return  # another process is writing: this one is skipped, not reported
                self._report(error)
            except (sqlite3.Error, OSError) as error:
                self._report(error)

    def _report(self, error: Exception) -> None:
        self.problem = self.problem or (
            f"Reading positions cannot be saved in {self.db_path} ({error}); "
            "reader carries on without them."
        )

    def last_article(self, folder: Path) -> Path | None:
        value = self._read(
            "SELECT article_path FROM last_article WHERE folder = ?",
            (paths.printable(folder.resolve()),),
        )
        return Path(str(value)) if value else None

    def remember_article(self, folder: Path, article_path: Path) -> None:
        self._write(
            "INSERT OR REPLACE INTO last_article VALUES (?, ?)",
            (paths.printable(folder.resolve()), paths.printable(article_path.resolve())),
        )

    def position(self, article_id: str) -> int:
        value = self._read("SELECT paragraph FROM position WHERE article_id = ?", (article_id,))
        return int(str(value)) if value is not None else 0

    def remember_position(self, article_id: str, paragraph: int) -> None:
        self._write("INSERT OR REPLACE INTO position VALUES (?, ?)", (article_id, paragraph))

    def chosen_languages(self) -> dict[str, str]:
        """Every language set by hand, by the article's resolved path (``paths.printable``)."""
        with self._lock:
            try:
                connection = self._connect(create=False)
                if connection is None:
                    return {}
                rows = connection.execute("SELECT article_path, language FROM chosen_language")
                return {str(path): str(code) for path, code in rows}
            except (sqlite3.Error, OSError):
                return {}

    def read_articles(self) -> set[str]:
        """The ids of the articles read (an id is the text's hash: an edited article is new)."""
        with self._lock:
            try:
                connection = self._connect(create=False)
                if connection is None:
                    return set()
                return {str(row[0]) for row in connection.execute("SELECT * FROM read_article")}
            except (sqlite3.Error, OSError):
                return set()

    def mark_read(self, article_id: str, read: bool = True) -> None:
        if read:
            self._write("INSERT OR IGNORE INTO read_article VALUES (?)", (article_id,))
        else:
            self._write("DELETE FROM read_article WHERE article_id = ?", (article_id,))

    def choose_language(self, article_path: Path, code: str | None) -> None:
        """Remember ``code`` as the language of the article at ``article_path`` (None: forget)."""
        key = paths.printable(article_path.resolve())
        if code is None:
            self._write("DELETE FROM chosen_language WHERE article_path = ?", (key,))
        else:
            self._write("INSERT OR REPLACE INTO chosen_language VALUES (?, ?)", (key, code))

    def setting(self, key: str) -> str | None:
        value = self._read("SELECT value FROM setting WHERE key = ?", (key,))
        return str(value) if value is not None else None

    def remember_setting(self, key: str, value: str) -> None:
        self._write("INSERT OR REPLACE INTO setting VALUES (?, ?)", (key, value))

    def close(self) -> None:
        self._file.close()


def _prepare(connection: sqlite3.Connection) -> None:
    connection.executescript(_SCHEMA)
