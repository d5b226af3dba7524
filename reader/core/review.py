"""Translation review: per-paragraph state and post-edits, kept in SQLite in the user data dir.

Review is work, not cache: it lives in the data dir, every change is its own transaction
(``synchronous=FULL`` in WAL mode, so a committed change survives a crash or ``kill -9``), and
nothing here ever deletes a reviewer's edit.

Segments are keyed by the document (the article file's resolved path, so an edited file keeps its
review), the paragraph position (headline first) and a hash of the source text: when the file
changes, paragraphs whose text changed are marked ``stale`` and keep their edits; the others keep
their state. States follow XLIFF 2.0: ``initial`` (machine translation), ``translated``
(post-edited), ``reviewed`` (approved); plus ``stale``.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.core import paths
from reader.core.sqlite_open import open_or_set_aside

INITIAL, TRANSLATED, REVIEWED, STALE = "initial", "translated", "reviewed", "stale"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS segment (
    document TEXT NOT NULL,
    position INTEGER NOT NULL,
    source_hash TEXT NOT NULL,
    source TEXT NOT NULL,
    source_language TEXT NOT NULL,
    target_language TEXT NOT NULL,
    mt TEXT,
    mt_model TEXT,
    target TEXT,
    state TEXT NOT NULL,
    newer_mt TEXT,
    newer_mt_model TEXT,
    updated REAL NOT NULL,
    PRIMARY KEY (document, position)
);
"""


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def document_key(path: Path) -> str:
    return paths.printable(path.resolve())


def review_db() -> Path:
    return paths.data_dir() / "review.sqlite3"


@dataclass(frozen=True)
class Segment:
    position: int
    source: str
    source_language: str
    target_language: str
    mt: str | None
    mt_model: str | None
    target: str | None  # the reviewer's text; None means "the MT as it is"
    state: str
    newer_mt: str | None  # a re-translation that did not overwrite reviewed work

    @property
    def text(self) -> str | None:
        """The translation to use: the edit if there is one, else the MT."""
        return self.target if self.target is not None else self.mt


@dataclass(frozen=True)
class SourceSegment:
    """What ``sync`` needs per paragraph: source text and language, and the MT (if any)."""

    source: str
    source_language: str
    mt: str | None
    mt_model: str | None


class ReviewStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or review_db()
        self.recovered: str | None = None  # what happened, when an unreadable file was set aside
        self._connection: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            # Review work is never deleted: an unreadable file is kept beside the new one and
            # named in the message, so it can be recovered by hand.
            self._connection, kept, error = open_or_set_aside(self.path, self._open, "unreadable")
            if kept is not None:
                self.recovered = (
                    f"The review database could not be read ({error}). It was kept as {kept}; "
                    f"reviews start afresh in {self.path}."
                )
        return self._connection

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self.path, timeout=10, check_same_thread=False, isolation_level=None
        )
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")
            connection.execute("PRAGMA busy_timeout=10000")
            connection.executescript(_SCHEMA)
            connection.execute("SELECT count(*) FROM segment").fetchone()
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection

    def _write(self, sql: str, args: Sequence[object]) -> None:
        with self._lock:
            connection = self._connect()
            connection.execute("BEGIN IMMEDIATE")
            try:
                connection.execute(sql, args)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def segments(self, document: str) -> list[Segment]:
        with self._lock:
            if self._connection is None and not self.path.exists():
                return []
            rows = (
                self._connect()
                .execute(
                    "SELECT position, source, source_language, target_language, mt, mt_model,"
                    " target, state, newer_mt FROM segment WHERE document = ? ORDER BY position",
                    (document,),
                )
                .fetchall()
            )
        return [Segment(*row) for row in rows]

    def progress(self) -> dict[str, tuple[int, int]]:
        """Per document: (approved, total) segments."""
        with self._lock:
            if self._connection is None and not self.path.exists():
                return {}
            rows = (
                self._connect()
                .execute(
                    "SELECT document, sum(state = ?), count(*) FROM segment GROUP BY document",
                    (REVIEWED,),
                )
                .fetchall()
            )
        return {document: (int(done), int(total)) for document, done, total in rows}

    def sync(
        self, document: str, target_language: str, paragraphs: Sequence[SourceSegment]
    ) -> list[Segment]:
        """Bring the stored segments in line with the article and its current MT.

        New paragraphs start ``initial``; a paragraph whose source changed becomes ``stale``
        (its edit is kept); a new MT replaces an untouched MT but never an edited or approved
        paragraph, where it is kept aside as ``newer_mt``.
        """
        now = time.time()
        with self._lock:
            connection = self._connect()
            # Read inside the write transaction: another process's edit between a read and the
            # write would otherwise be overwritten by a decision taken on the old row.
            connection.execute("BEGIN IMMEDIATE")
            try:
                existing = {
                    row[0]: row
                    for row in connection.execute(
                        "SELECT position, source_hash, mt, state, target FROM segment"
                        " WHERE document = ?",
                        (document,),
                    )
                }
                for position, paragraph in enumerate(paragraphs):
                    digest = source_hash(paragraph.source)
                    row = existing.get(position)
                    if row is None:
                        connection.execute(
                            "INSERT INTO segment VALUES (?,?,?,?,?,?,?,?,NULL,?,NULL,NULL,?)",
                            (
                                document,
                                position,
                                digest,
                                paragraph.source,
                                paragraph.source_language,
                                target_language,
                                paragraph.mt,
                                paragraph.mt_model,
                                INITIAL,
                                now,
                            ),
                        )
                        continue
                    _, old_digest, old_mt, state, target = row
                    if old_digest != digest:
                        connection.execute(
                            "UPDATE segment SET source_hash=?, source=?, mt=?, mt_model=?,"
                            " state=?, updated=? WHERE document=? AND position=?",
                            (
                                digest,
                                paragraph.source,
                                paragraph.mt,
                                paragraph.mt_model,
                                STALE if target is not None or state != INITIAL else INITIAL,
                                now,
                                document,
                                position,
                            ),
                        )
                    elif paragraph.mt is not None and paragraph.mt != old_mt:
                        if state == INITIAL and target is None:
                            connection.execute(
                                "UPDATE segment SET mt=?, mt_model=?, newer_mt=NULL, updated=?"
                                " WHERE document=? AND position=?",
                                (paragraph.mt, paragraph.mt_model, now, document, position),
                            )
                        else:
                            connection.execute(
                                "UPDATE segment SET newer_mt=?, newer_mt_model=?, updated=?"
                                " WHERE document=? AND position=?",
                                (paragraph.mt, paragraph.mt_model, now, document, position),
                            )
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        return self.segments(document)

    def approve(self, document: str, position: int) -> None:
        self._write(
            "UPDATE segment SET state=?, updated=? WHERE document=? AND position=?",
            (REVIEWED, time.time(), document, position),
        )

    def edit(self, document: str, position: int, text: str) -> None:
        self._write(
            "UPDATE segment SET target=?, state=?, updated=? WHERE document=? AND position=?",
            (text, TRANSLATED, time.time(), document, position),
        )

    def revert(self, document: str, position: int) -> None:
        """Back to the machine translation (taking a newer one if there is one)."""
        self._write(
            "UPDATE segment SET target=NULL, state=?, mt=coalesce(newer_mt, mt),"
            " mt_model=coalesce(newer_mt_model, mt_model), newer_mt=NULL, newer_mt_model=NULL,"
            " updated=? WHERE document=? AND position=?",
            (INITIAL, time.time(), document, position),
        )

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
