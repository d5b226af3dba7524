"""Infrastructure: every SQLite file reader keeps (translations, parsed articles, review work,
reading state) is a ``SQLiteFile``, opened the same way.

Opened on first use (created only by a write), shared by threads under its ``lock``, in WAL mode
so that two reader processes can use it at once. Another reader process may be opening it at
the same moment (retried while locked), and it must be reader's: each kind of file carries its
own ``PRAGMA application_id``, and a file that is not reader's (another program's database, or
one whose content a ``-wal`` file from another database replaced), or that is damaged, is set
aside (renamed, never deleted) and started afresh, ``recovered`` saying so once."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.core.settings import paths

# Up to this long in all: far past any real start-up race, short of a hang.
ATTEMPTS = 50
PAUSE_SECONDS = 0.1


class OtherVersion(sqlite3.DatabaseError):
    """The file is laid out by another version of reader: sound, but not readable by this one."""


class NotReaders(sqlite3.DatabaseError):
    """The file is not one of reader's, or not of the kind expected (its application id or its
    tables say so)."""


# One per kind of file (big-endian ASCII, as SQLite's own examples do): "RdRv" review, ...
REVIEW_ID, STATE_ID, TRANSLATIONS_ID, LIBRARY_ID = (
    int.from_bytes(tag.encode("ascii"), "big") for tag in ("RdRv", "RdSt", "RdTr", "RdLb")
)


def claim(connection: sqlite3.Connection, application_id: int, tables: set[str]) -> None:
    """Check that the open file is reader's file of this kind, and stamp it if it is new (or
    made by a reader from before the stamps). Raises ``NotReaders`` otherwise. Call before
    anything writes to the file."""
    stamp = int(connection.execute("PRAGMA application_id").fetchone()[0])
    present = {
        name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    ours = not present or bool(present & tables)
    if stamp == application_id and ours:
        return
    if stamp == 0 and ours:
        connection.execute(f"PRAGMA application_id={application_id}")
        return
    raise NotReaders(
        f"not a reader file of this kind (application id {stamp:#010x}, tables: "
        f"{', '.join(sorted(present)[:5]) or 'none'})"
    )


def stamp_on_disk(path: Path) -> int | None:
    """The application id in the main file's header as it is on disk, without SQLite (so
    without replaying its ``-wal`` file); None when there is no complete header."""
    try:
        with path.open("rb") as file:
            header = file.read(100)
    except OSError:
        return None
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return None
    return int.from_bytes(header[68:72], "big")


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


def stamp_in_wal(wal: Path) -> int | None:
    """The application id in the newest copy of page 1 that the ``-wal`` file holds (what
    SQLite would read once it replays the WAL); None without a WAL or a page 1 in it. Frames
    are matched to the WAL header by their salts, as SQLite does (checksums are not verified:
    this only decides whether to set the WAL aside)."""
    try:
        with wal.open("rb") as file:
            header = file.read(32)
            if len(header) < 32 or int.from_bytes(header[:4], "big") not in (
                0x377F0682,
                0x377F0683,
            ):
                return None
            page_size = int.from_bytes(header[8:12], "big") or 65536
            salts = header[16:24]
            stamp = None
            while len(frame := file.read(24 + page_size)) == 24 + page_size:
                if frame[8:16] != salts:
                    break  # the rest is left from before the WAL was last reset
                if int.from_bytes(frame[:4], "big") == 1:
                    stamp = int.from_bytes(frame[24 + 68 : 24 + 72], "big")
            return stamp
    except OSError:
        return None


def open_or_set_aside(
    path: Path, open_database: Callable[[], sqlite3.Connection], label: str, application_id: int
) -> tuple[sqlite3.Connection, Path | None, sqlite3.DatabaseError | None]:
    """Open ``path``; when it is damaged or not reader's (not merely locked, read-only or on a
    full disk), rename it and its ``-wal``/``-shm`` to ``<name>.<label>-<time>`` (never
    deleted) and start a fresh one. Returns the connection, and where the file went and why,
    when it was moved. A file of another version (``OtherVersion``) is set aside as
    ``<name>.old-<time>``. When only the ``-wal`` file is foreign (the main file on disk is
    stamped as reader's, the file as SQLite reads it with the WAL is not: a backup of the main
    file restored beside another database's WAL), only the WAL is set aside."""
    paths.ensure_parent(path)
    # Checked before SQLite opens the file: it would replay the WAL into it, and closing the
    # connection would then write the foreign pages into the main file for good.
    wal_stamp = stamp_in_wal(Path(f"{path}-wal"))
    if stamp_on_disk(path) == application_id and wal_stamp not in (None, application_id):
        kept = paths.set_aside_wal(path, "foreign")
        foreign = NotReaders(f"its application id is {wal_stamp:#010x}")
        return open_retrying(open_database), kept, foreign
    try:
        return open_retrying(open_database), None, None
    except sqlite3.DatabaseError as error:
        if isinstance(error, sqlite3.OperationalError):
            # Locked past the retries, read-only, disk I/O: not the file's fault. Setting a
            # locked file aside once lost another process's review edits.
            raise
        kept = paths.set_aside(path, "old" if isinstance(error, OtherVersion) else label)
        return open_retrying(open_database), kept, error


def recovery_message(what: str, kept: Path, error: sqlite3.DatabaseError, afresh: str) -> str:
    """What to tell the user after ``open_or_set_aside`` moved a file (``afresh``: what starts
    again, when the main file was the one moved)."""
    if kept.name.endswith("-wal"):
        return (
            f"A -wal file beside the {what} belonged to another database ({error}); it was set "
            f"aside as {kept} and the {what} opened without it."
        )
    return f"The {what} could not be read ({error}). It was kept as {kept}; {afresh}"


@dataclass(frozen=True)
class FileKind:
    """What one kind of reader's SQLite file is, and how it is opened."""

    description: str  # named in messages ("review database")
    application_id: int  # its stamp (``claim``)
    tables: frozenset[str]  # its tables, for files made before the stamps
    set_aside_as: str  # the label a damaged file is renamed with ("corrupt", "unreadable")
    afresh: str  # what starts again once it was set aside, for the message
    # FULL for work that must survive a power cut (review); NORMAL for what can be lost or
    # rebuilt (caches, reading positions): no fsync per write, and WAL keeps the file sound.
    synchronous: str
    busy_seconds: float = 10.0  # how long a write waits for another process's lock
    autocommit: bool = False  # the store runs its own BEGIN/COMMIT (``isolation_level=None``)


class SQLiteFile:
    """One of reader's SQLite files. ``prepare`` creates the schema on a fresh connection (and
    raises ``sqlite3.DatabaseError``, or ``OtherVersion``, when the file cannot be used)."""

    def __init__(
        self, path: Path, kind: FileKind, prepare: Callable[[sqlite3.Connection], None]
    ) -> None:
        self.path = path
        self.kind = kind
        self.recovered: str | None = None  # what happened, when a bad file was set aside
        self.lock = threading.Lock()
        self._prepare = prepare
        self._connection: sqlite3.Connection | None = None

    def connection(self, create: bool = True) -> sqlite3.Connection | None:
        """The open connection; ``None`` when the file does not exist and ``create`` is false.
        Call with ``lock`` held."""
        if self._connection is not None:
            return self._connection
        if not create and not self.path.exists():
            return None
        kind = self.kind
        self._connection, aside, error = open_or_set_aside(
            self.path, self._open, kind.set_aside_as, kind.application_id
        )
        if isinstance(error, OtherVersion):
            self.recovered = (
                f"The {kind.description} was made by another version of reader; it was moved "
                f"to {aside} and a new one started (it fills again as you read)."
            )
        elif aside is not None and error is not None:
            self.recovered = recovery_message(kind.description, aside, error, kind.afresh)
        return self._connection

    def _open(self) -> sqlite3.Connection:
        kind = self.kind
        connection = sqlite3.connect(
            self.path,
            timeout=kind.busy_seconds,
            check_same_thread=False,
            isolation_level=None if kind.autocommit else "DEFERRED",
        )
        try:
            claim(connection, kind.application_id, set(kind.tables))
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(f"PRAGMA synchronous={kind.synchronous}")
            connection.execute(f"PRAGMA busy_timeout={int(kind.busy_seconds * 1000)}")
            self._prepare(connection)
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection

    def close(self) -> None:
        with self.lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
