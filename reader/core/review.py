"""Translation review: per-paragraph state and post-edits, kept in SQLite in the user data dir.

Review is work, not cache: it lives in the data dir, every change is its own transaction
(``synchronous=FULL`` in WAL mode, so a committed change survives a crash or ``kill -9``), and
nothing here ever deletes a reviewer's edit.

Segments are keyed by the document (the article file's resolved path, so an edited file keeps its
review) and the paragraph position (headline first), and carry their source text and its hash.
When the file changes, the stored segments are re-aligned to the new paragraphs (``_realign``):
identical paragraphs first, wherever they moved, then near ones (an edited, split or merged
paragraph) by text similarity. A segment follows its text: inserting, deleting or moving a
paragraph leaves every other edit and approval on its own paragraph; an edited paragraph keeps
its edit, becomes ``stale`` and remembers the source it was reviewed against (so the reviewer can
see what changed); a segment whose paragraph is gone and that holds work is kept as an orphan
(``orphans``), never dropped. States follow XLIFF 2.0: ``initial`` (machine translation),
``translated`` (post-edited), ``reviewed`` (approved); plus ``stale``.
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
# Two paragraphs this alike (difflib's ratio) are one paragraph edited.
NEAR_MATCH = 0.6


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def word_diff(before: str, after: str, limit: int = 240) -> str:
    """What changed between two texts, word by word, as CAT tools show a fuzzy match:
    ``[-removed-]`` and ``{+added+}``, with a few words of context around each change."""
    import difflib

    a, b = before.split(), after.split()
    parts: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            same = a[i1:i2]
            parts.append(
                " ".join(same)
                if len(same) <= 6
                else f"{' '.join(same[:3])} … {' '.join(same[-3:])}"
            )
            continue
        if i2 > i1:
            parts.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            parts.append("{+" + " ".join(b[j1:j2]) + "+}")
    text = " ".join(p for p in parts if p)
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    # For a stale segment: the source its edit or approval was made on (what changed since).
    reviewed_source: str | None = None

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
        return self._read(
            "SELECT position, source, source_language, target_language, mt, mt_model, target,"
            " state, newer_mt, reviewed_source FROM segment WHERE document = ? ORDER BY position",
            document,
        )

    def _read(self, sql: str, document: str) -> list[Segment]:
        """``Segment``s from a query of one document (none before the file exists)."""
        with self._lock:
            if self._connection is None and not self.path.exists():
                return []
            rows = self._connect().execute(sql, (document,)).fetchall()
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

        The stored segments are re-aligned to ``paragraphs`` first (see the module docstring):
        new paragraphs start ``initial``; a paragraph whose source changed becomes ``stale``
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
                old = [
                    _Stored(*row)
                    for row in connection.execute(
                        "SELECT position, source_hash, source, source_language, mt, mt_model,"
                        " target, state, newer_mt, newer_mt_model, reviewed_source FROM segment"
                        " WHERE document = ? ORDER BY position",
                        (document,),
                    )
                ]
                digests = [source_hash(p.source) for p in paragraphs]
                matches = _realign(
                    [o.source_hash for o in old],
                    [o.source for o in old],
                    digests,
                    [p.source for p in paragraphs],
                )
                connection.execute("DELETE FROM segment WHERE document = ?", (document,))
                for position, (paragraph, digest) in enumerate(
                    zip(paragraphs, digests, strict=True)
                ):
                    connection.execute(
                        "INSERT INTO segment (document, position, source_hash, source,"
                        " source_language, target_language, mt, mt_model, target, state,"
                        " newer_mt, newer_mt_model, reviewed_source, updated)"
                        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        (
                            document,
                            position,
                            digest,
                            paragraph.source,
                            paragraph.source_language,
                            target_language,
                            *_carried(old, matches.get(position), paragraph, digest),
                            now,
                        ),
                    )
                matched = set(matches.values())
                for index, stored in enumerate(old):
                    if index not in matched and (
                        stored.target is not None or stored.state != INITIAL
                    ):
                        connection.execute(
                            "INSERT INTO orphan VALUES (?,?,?,?,?,?,?,?)",
                            (
                                document,
                                stored.source,
                                stored.source_language,
                                target_language,
                                stored.mt,
                                stored.target,
                                stored.state,
                                now,
                            ),
                        )
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        return self.segments(document)

    def orphans(self, document: str) -> list[Segment]:
        """Reviewed or edited segments whose paragraph is no longer in the article (kept, so no
        work is ever lost; ``position`` is -1)."""
        return self._read(
            "SELECT -1, source, source_language, target_language, mt, NULL, target, state, NULL"
            " FROM orphan WHERE document = ? ORDER BY orphaned, rowid",
            document,
        )

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


@dataclass(frozen=True)
class _Stored:
    position: int
    source_hash: str
    source: str
    source_language: str
    mt: str | None
    mt_model: str | None
    target: str | None
    state: str
    newer_mt: str | None
    newer_mt_model: str | None
    reviewed_source: str | None


def _realign(
    old_hashes: list[str], old_texts: list[str], new_hashes: list[str], new_texts: list[str]
) -> dict[int, int]:
    """Which stored segment each new paragraph continues: new position -> old index.

    Identical paragraphs first, in order (difflib's matching blocks), then identical ones that
    moved; then, inside each stretch that changed, the most similar pairs above NEAR_MATCH (an
    edited paragraph; of a split or merged one, the part most like it)."""
    import difflib

    matches: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(a=old_hashes, b=new_hashes, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            matches[block.b + k] = block.a + k
    used = set(matches.values())
    by_hash: dict[str, list[int]] = {}
    for index, digest in enumerate(old_hashes):
        if index not in used:
            by_hash.setdefault(digest, []).append(index)
    for position, digest in enumerate(new_hashes):  # moved paragraphs
        if position not in matches and by_hash.get(digest):
            matches[position] = by_hash[digest].pop(0)
    used = set(matches.values())
    free_old = [i for i in range(len(old_hashes)) if i not in used]
    free_new = [j for j in range(len(new_hashes)) if j not in matches]
    candidates = []
    for j in free_new:
        for i in free_old:
            # Only near each other: an edit stays where it was, give or take what moved.
            if abs(i - j) > max(len(old_hashes), len(new_hashes)) // 2 + 2:
                continue
            ratio = difflib.SequenceMatcher(a=old_texts[i], b=new_texts[j], autojunk=False)
            score = ratio.ratio()
            if score >= NEAR_MATCH or _part_of(old_texts[i], new_texts[j]):
                candidates.append((score, -abs(i - j), j, i))
    for _score, _distance, j, i in sorted(candidates, reverse=True):
        if j not in matches and i not in set(matches.values()):
            matches[j] = i
    return matches


def _part_of(a: str, b: str) -> bool:
    """Whether one text holds most of the other (a paragraph split in two, or two merged)."""
    short, long = sorted((a.strip(), b.strip()), key=len)
    return len(short) >= 20 and short[: len(short) * 3 // 4] in long


def _carried(
    old: list[_Stored], index: int | None, paragraph: SourceSegment, digest: str
) -> tuple[object, ...]:
    """The columns mt .. newer_mt_model, reviewed_source of a new paragraph's segment: what it
    carries over from the stored segment it continues (``index``), if any."""
    if index is None:
        return (paragraph.mt, paragraph.mt_model, None, INITIAL, None, None, None)
    stored = old[index]
    worked = stored.target is not None or stored.state != INITIAL
    if stored.source_hash != digest:  # the paragraph was edited (or split, or merged)
        if not worked:
            return (paragraph.mt, paragraph.mt_model, None, INITIAL, None, None, None)
        reviewed = stored.reviewed_source or stored.source
        return (paragraph.mt, paragraph.mt_model, stored.target, STALE, None, None, reviewed)
    newer, newer_model = stored.newer_mt, stored.newer_mt_model
    mt, mt_model = stored.mt, stored.mt_model
    if paragraph.mt is not None and paragraph.mt != stored.mt:
        if not worked:
            mt, mt_model, newer, newer_model = paragraph.mt, paragraph.mt_model, None, None
        else:
            newer, newer_model = paragraph.mt, paragraph.mt_model
    return (mt, mt_model, stored.target, stored.state, newer, newer_model, stored.reviewed_source)
