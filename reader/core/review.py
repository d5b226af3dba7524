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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from reader.core import paths
from reader.core.sqlite_open import REVIEW_ID, claim, open_or_set_aside, recovery_message

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
_SEGMENT_COLUMNS = (
    "position, source, source_language, target_language, mt, mt_model, target, state, newer_mt,"
    " reviewed_source, newer_mt_model, updated"
)
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
    newer_mt_model: str | None = None
    # When the segment last changed (seconds since the epoch): what a save checks to notice
    # that another reader process changed it since this one read it.
    updated: float = 0.0

    @property
    def text(self) -> str | None:
        """The translation to use: the edit if there is one, else the MT."""
        return self.target if self.target is not None else self.mt

    @property
    def source_hash(self) -> str:
        return source_hash(self.source)


APPROVE, EDIT, REVERT, RESTORE = "approve", "edit", "revert", "restore"


@dataclass(frozen=True)
class Change:
    """One reviewer action on one segment: what the store saves, and what the review screen
    keeps (and shows) while it cannot be saved yet.

    ``seen`` is the segment's ``updated`` when the reviewer acted on it; a save finding another
    value there means another process changed the segment meanwhile (``ChangedElsewhere``),
    unless ``overrule`` says the reviewer chose to save over it. ``None``: made before the
    review could be stored at all (its database could not be written), checked by text only.
    """

    kind: str  # APPROVE, EDIT (with ``text``), REVERT, RESTORE (with ``previous``)
    position: int
    source: str  # the paragraph it was made on
    seen: float | None
    text: str | None = None
    previous: Segment | None = None  # RESTORE: the segment as it was before (undo)
    overrule: bool = False

    @classmethod
    def on(cls, segment: Segment, kind: str, **fields: object) -> Change:
        # A segment that was never stored (``updated`` 0) has no version to check against.
        seen = segment.updated or None
        return cls(kind, segment.position, segment.source, seen, **fields)  # type: ignore[arg-type]

    @property
    def source_hash(self) -> str:
        return source_hash(self.source)

    def describe(self) -> str:
        action = {APPROVE: "approval", EDIT: "edit", REVERT: "revert", RESTORE: "undo"}
        return f"the {action[self.kind]} of paragraph {self.position}"

    def applied_to(self, segment: Segment) -> Segment:
        """``segment`` with this change made (the one definition of what each action does)."""
        if self.kind == APPROVE:
            return replace(segment, state=REVIEWED)
        if self.kind == EDIT:
            return replace(segment, target=self.text, state=TRANSLATED)
        if self.kind == REVERT:  # back to the machine translation, the newer one if any
            return replace(
                segment,
                target=None,
                state=INITIAL,
                mt=segment.newer_mt or segment.mt,
                mt_model=segment.newer_mt_model or segment.mt_model,
                newer_mt=None,
                newer_mt_model=None,
            )
        assert self.kind == RESTORE and self.previous is not None
        before = self.previous
        return replace(
            segment,
            target=before.target,
            state=before.state,
            mt=before.mt,
            mt_model=before.mt_model,
            newer_mt=before.newer_mt,
            newer_mt_model=before.newer_mt_model,
        )


class ChangedElsewhere(Exception):
    """The segment a change was made on is no longer as the reviewer saw it: another reader
    process changed it, or the article changed under it. ``current`` is what is stored now
    (``None`` when no segment with that text is at that position any more)."""

    def __init__(self, change: Change, current: Segment | None) -> None:
        super().__init__(f"{change.describe()} was not saved: the paragraph changed elsewhere")
        self.change = change
        self.current = current


@dataclass(frozen=True)
class Orphan:
    """Reviewed or edited work whose paragraph is no longer in the article (kept, never
    dropped, until the reviewer discards it)."""

    id: int
    segment: Segment  # ``position`` is -1
    orphaned: float


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
            self._connection, kept, error = open_or_set_aside(
                self.path, self._open, "unreadable", REVIEW_ID
            )
            if kept is not None and error is not None:
                self.recovered = recovery_message(
                    "review database", kept, error, f"reviews start afresh in {self.path}."
                )
        return self._connection

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self.path, timeout=10, check_same_thread=False, isolation_level=None
        )
        try:
            claim(connection, REVIEW_ID, {"segment", "orphan"})
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
            if self._connection is None and not self.path.exists():
                return []
            rows = self._connect().execute(sql, args).fetchall()
        return [Segment(*row) for row in rows]

    def data_version(self) -> int | None:
        """A number that changes when another connection (another reader process) commits a
        change to the file (SQLite's ``PRAGMA data_version``); ``None`` before there is one."""
        with self._lock:
            if self._connection is None and not self.path.exists():
                return None
            return int(self._connect().execute("PRAGMA data_version").fetchone()[0])

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
        # Read inside the write transaction: another process's edit between a read and the
        # write would otherwise be overwritten by a decision taken on the old row.
        with self._transaction() as connection:
            old = [
                _Stored(*row)
                for row in connection.execute(
                    "SELECT position, source_hash, source, source_language, mt, mt_model,"
                    " target, state, newer_mt, newer_mt_model, reviewed_source, updated"
                    " FROM segment WHERE document = ? ORDER BY position",
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
            for position, (paragraph, digest) in enumerate(zip(paragraphs, digests, strict=True)):
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
                        *_carried(old, matches.get(position), paragraph, digest, now),
                    ),
                )
            matched = set(matches.values())
            for index, stored in enumerate(old):
                if index not in matched and (stored.target is not None or stored.state != INITIAL):
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
        return self.segments(document)

    def orphans(self, document: str) -> list[Orphan]:
        """Reviewed or edited segments whose paragraph is no longer in the article."""
        with self._lock:
            if self._connection is None and not self.path.exists():
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
    updated: float


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
    old: list[_Stored], index: int | None, paragraph: SourceSegment, digest: str, now: float
) -> tuple[object, ...]:
    """The columns mt .. newer_mt_model, reviewed_source, updated of a new paragraph's segment:
    what it carries over from the stored segment it continues (``index``), if any. A segment
    that did not change keeps its ``updated``: re-opening an article is no change a save in
    another process should take for one."""
    if index is None:
        return (paragraph.mt, paragraph.mt_model, None, INITIAL, None, None, None, now)
    stored = old[index]
    worked = stored.target is not None or stored.state != INITIAL
    if stored.source_hash != digest:  # the paragraph was edited (or split, or merged)
        if not worked:
            return (paragraph.mt, paragraph.mt_model, None, INITIAL, None, None, None, now)
        reviewed = stored.reviewed_source or stored.source
        return (paragraph.mt, paragraph.mt_model, stored.target, STALE, None, None, reviewed, now)
    newer, newer_model = stored.newer_mt, stored.newer_mt_model
    mt, mt_model = stored.mt, stored.mt_model
    if paragraph.mt is not None and paragraph.mt != stored.mt:
        if not worked:
            mt, mt_model, newer, newer_model = paragraph.mt, paragraph.mt_model, None, None
        else:
            newer, newer_model = paragraph.mt, paragraph.mt_model
    unchanged = (mt, newer) == (stored.mt, stored.newer_mt)
    return (
        mt,
        mt_model,
        stored.target,
        stored.state,
        newer,
        newer_model,
        stored.reviewed_source,
        stored.updated if unchanged else now,
    )
