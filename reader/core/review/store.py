"""Stage 7, review: per-paragraph state and post-edits, kept in SQLite in the user data dir.

Review is work, not cache: it lives in the data dir, every change is its own transaction
(``synchronous=FULL`` in WAL mode, so a committed change survives a crash or ``kill -9``), and
nothing here ever deletes a reviewer's edit.

Segments are keyed by the document (the article file's resolved path, so an edited file keeps its
review) and the paragraph position (headline first), and carry their source text and its hash.
When the file changes, the stored segments are re-aligned to the new paragraphs (``realign``):
identical paragraphs first, wherever they moved, then near ones (an edited, split or merged
paragraph) by text similarity. A segment follows its text: inserting, deleting or moving a
paragraph leaves every other edit and approval on its own paragraph; an edited paragraph keeps
its edit, becomes ``stale`` and remembers the source it was reviewed against (so the reviewer can
see what changed); a segment whose paragraph is gone and that holds work is kept as an orphan
(``orphans``), never dropped. States follow XLIFF 2.0: ``initial`` (machine translation),
``translated`` (post-edited), ``reviewed`` (approved); plus ``stale``.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from reader.core.review.realign import Carried, StoredSegment, carried, realign
from reader.core.review.segments import (
    APPROVE,
    EDIT,
    INITIAL,
    REVERT,
    REVIEWED,
    TRANSLATED,
    Change,
    ChangedElsewhere,
    Orphan,
    Segment,
    SourceSegment,
    source_hash,
)
from reader.core.settings import paths
from reader.core.storage.sqlite import REVIEW_ID, FileKind, SQLiteFile

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
    reviewed_source TEXT,
    PRIMARY KEY (document, position)
);
CREATE TABLE IF NOT EXISTS orphan (
    document TEXT NOT NULL,
    source TEXT NOT NULL,
    source_language TEXT NOT NULL,
    target_language TEXT NOT NULL,
    mt TEXT,
    target TEXT,
    state TEXT NOT NULL,
    orphaned REAL NOT NULL
);
"""
# Added after the first release of the schema (new files have them from the start): the source a
# stale segment was reviewed against.
_COLUMNS_ADDED = (("segment", "reviewed_source", "TEXT"),)
_SEGMENT_COLUMNS = (
    "position, source, source_language, target_language, mt, mt_model, target, state, newer_mt,"
    " reviewed_source, newer_mt_model, updated"
)
# What ``sync`` reads and writes, in ``carried``'s order after the paragraph's own columns.
_STORED_COLUMNS = (
    "position, source_hash, source, source_language, target_language, mt, mt_model, target,"
    " state, newer_mt, newer_mt_model, reviewed_source, updated"
)


def document_key(path: Path) -> str:
    return paths.printable(path.resolve())


def review_db() -> Path:
    return paths.data_dir() / "review.sqlite3"


class ReviewStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or review_db()
        kind = FileKind(
            "review database",
            REVIEW_ID,
            frozenset({"segment", "orphan"}),
            # Review work is never deleted: an unreadable file is kept beside the new one and
            # named in the message, so it can be recovered by hand.
            "unreadable",
            f"reviews start afresh in {self.path}.",
            synchronous="FULL",
            autocommit=True,
        )
        self._file = SQLiteFile(self.path, kind, _prepare)
        self._lock = self._file.lock

    @property
    def recovered(self) -> str | None:
        """What happened, when an unreadable file was set aside."""
        return self._file.recovered

    def _connect(self) -> sqlite3.Connection:
        connection = self._file.connection()
        assert connection is not None
        return connection

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taking the write lock at once (``BEGIN IMMEDIATE``): what is
        read inside it is what the write is decided on. Rolled back on any error, unless SQLite
        already rolled it back itself (it does on a full disk)."""
        with self._lock:
            connection = self._connect()
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise

    def _write(self, sql: str, args: Sequence[object]) -> None:
        with self._transaction() as connection:
            connection.execute(sql, args)

    def segments(self, document: str) -> list[Segment]:
        return self._read(
            f"SELECT {_SEGMENT_COLUMNS} FROM segment WHERE document = ? ORDER BY position",
            document,
        )

    def _read(self, sql: str, *args: object) -> list[Segment]:
        """``Segment``s from a query (none before the file exists)."""
        with self._lock:
            if self._file.connection(create=False) is None:
                return []
            rows = self._connect().execute(sql, args).fetchall()
        return [Segment(*row) for row in rows]

    def data_version(self) -> int | None:
        """A number that changes when another connection (another reader process) commits a
        change to the file (SQLite's ``PRAGMA data_version``); ``None`` before there is one."""
        with self._lock:
            if self._file.connection(create=False) is None:
                return None
            return int(self._connect().execute("PRAGMA data_version").fetchone()[0])

    def progress(self) -> dict[str, tuple[int, int]]:
        """Per document: (approved, total) segments."""
        with self._lock:
            if self._file.connection(create=False) is None:
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

        The stored segments are re-aligned to ``paragraphs`` first (see the module docstring):
        new paragraphs start ``initial``; a paragraph whose source changed becomes ``stale``
        (its edit is kept); a new MT replaces an untouched MT but never an edited or approved
        paragraph, where it is kept aside as ``newer_mt``.
        """
        now = time.time()
        # Read inside the write transaction: another process's edit between a read and the
        # write would otherwise be overwritten by a decision taken on the old row.
        with self._transaction() as connection:
            stored_rows = connection.execute(
                f"SELECT {_STORED_COLUMNS} FROM segment WHERE document = ? ORDER BY position",
                (document,),
            ).fetchall()
            old = [
                StoredSegment(position, digest, source, language, Carried(*columns))
                for position, digest, source, language, _target_language, *columns in stored_rows
            ]
            digests = [source_hash(p.source) for p in paragraphs]
            matches = realign(
                [o.source_hash for o in old],
                [o.source for o in old],
                digests,
                [p.source for p in paragraphs],
            )
            kept = [
                (paragraph, digest, carried(old, matches.get(position), paragraph, digest, now))
                for position, (paragraph, digest) in enumerate(
                    zip(paragraphs, digests, strict=True)
                )
            ]
            rows = [
                (position, digest, p.source, p.source_language, target_language, *columns)
                for position, (p, digest, columns) in enumerate(kept)
            ]
            # Only what changed is written: re-opening an unchanged article writes nothing.
            was = {row[0]: row for row in stored_rows}
            connection.execute(
                "DELETE FROM segment WHERE document = ? AND position >= ?",
                (document, len(rows)),
            )
            connection.executemany(
                f"INSERT OR REPLACE INTO segment (document, {_STORED_COLUMNS})"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                ((document, *row) for row in rows if was.get(row[0]) != row),
            )
            matched = set(matches.values())
            connection.executemany(
                "INSERT INTO orphan VALUES (?,?,?,?,?,?,?,?)",
                (
                    (
                        document,
                        stored.source,
                        stored.source_language,
                        target_language,
                        stored.columns.mt,
                        stored.columns.target,
                        stored.columns.state,
                        now,
                    )
                    for index, stored in enumerate(old)
                    if index not in matched
                    and (stored.columns.target is not None or stored.columns.state != INITIAL)
                ),
            )
        # As written: what a read back would give.
        return [
            Segment(
                position,
                p.source,
                p.source_language,
                target_language,
                c.mt,
                c.mt_model,
                c.target,
                c.state,
                c.newer_mt,
                c.reviewed_source,
                c.newer_mt_model,
                c.updated,
            )
            for position, (p, _digest, c) in enumerate(kept)
        ]

    def orphans(self, document: str) -> list[Orphan]:
        """Reviewed or edited segments whose paragraph is no longer in the article."""
        with self._lock:
            if self._file.connection(create=False) is None:
                return []
            rows = (
                self._connect()
                .execute(
                    "SELECT rowid, source, source_language, target_language, mt, target, state,"
                    " orphaned FROM orphan WHERE document = ? ORDER BY orphaned, rowid",
                    (document,),
                )
                .fetchall()
            )
        return [
            Orphan(
                rowid,
                Segment(-1, source, source_language, target, mt, None, edit, state, None),
                orphaned,
            )
            for rowid, source, source_language, target, mt, edit, state, orphaned in rows
        ]

    def keep_as_orphan(self, document: str, target_language: str, change: Change) -> None:
        """Keep an edit whose paragraph is gone (it could not be saved on it) with the work from
        paragraphs no longer in the file."""
        self._write(
            "INSERT INTO orphan VALUES (?,?,?,?,?,?,?,?)",
            (
                document,
                change.source,
                "",
                target_language,
                None,
                change.text,
                TRANSLATED,
                time.time(),
            ),
        )

    def discard_orphan(self, document: str, orphan_id: int) -> None:
        """The reviewer's choice: work kept from a paragraph no longer in the file goes."""
        self._write("DELETE FROM orphan WHERE document = ? AND rowid = ?", (document, orphan_id))

    def apply(self, document: str, change: Change) -> Segment:
        """Save ``change`` in one transaction and return the segment as saved. Raises
        ``ChangedElsewhere`` (saving nothing) when the segment is not as the reviewer saw it."""
        with self._transaction() as connection:
            row = connection.execute(
                f"SELECT {_SEGMENT_COLUMNS} FROM segment WHERE document = ? AND position = ?",
                (document, change.position),
            ).fetchone()
            current = Segment(*row) if row else None
            if current is None or current.source_hash != change.source_hash:
                raise ChangedElsewhere(change, None)
            if not (change.overrule or change.seen is None or change.seen == current.updated):
                raise ChangedElsewhere(change, current)
            # Strictly later than what it replaces, even on a coarse clock: ``updated`` is
            # how the next save tells this version from the one before.
            saved = replace(
                change.applied_to(current),
                updated=max(time.time(), current.updated + 1e-6),
            )
            connection.execute(
                "UPDATE segment SET mt=?, mt_model=?, target=?, state=?, newer_mt=?,"
                " newer_mt_model=?, updated=? WHERE document=? AND position=?",
                (
                    saved.mt,
                    saved.mt_model,
                    saved.target,
                    saved.state,
                    saved.newer_mt,
                    saved.newer_mt_model,
                    saved.updated,
                    document,
                    change.position,
                ),
            )
        return saved

    def _change(self, document: str, position: int, kind: str, text: str | None = None) -> None:
        """``kind`` on the segment as it is stored now (scripts and tests; the review screen
        makes its ``Change``s from what the reviewer saw)."""
        (segment,) = self._read(
            f"SELECT {_SEGMENT_COLUMNS} FROM segment WHERE document = ? AND position = ?",
            document,
            position,
        )
        self.apply(document, Change.on(segment, kind, text=text))

    def approve(self, document: str, position: int) -> None:
        self._change(document, position, APPROVE)

    def edit(self, document: str, position: int, text: str) -> None:
        self._change(document, position, EDIT, text)

    def revert(self, document: str, position: int) -> None:
        """Back to the machine translation (taking a newer one if there is one)."""
        self._change(document, position, REVERT)

    def close(self) -> None:
        self._file.close()


def _prepare(connection: sqlite3.Connection) -> None:
    connection.executescript(_SCHEMA)
    for table, column, kind in _COLUMNS_ADDED:
        known = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        if column not in known:
            try:
                connection.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
            except sqlite3.OperationalError as error:
                # Another reader process opening the same old file added it first.
                if "duplicate column" not in str(error):
                    raise
    connection.execute("SELECT count(*) FROM segment").fetchone()
