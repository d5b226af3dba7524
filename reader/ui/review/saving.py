"""The review screen's saving: every change through one saver worker, in order, so the
interface never waits on SQLite; what cannot be saved yet is held, retried, and never lost."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.screen import Screen
from textual.worker import get_current_worker

from reader.core.articles.model import Article
from reader.core.review.segments import (
    EDIT,
    Change,
    ChangedElsewhere,
    Segment,
    SourceSegment,
)
from reader.core.review.session import (
    keep_unsaved,
)
from reader.core.review.store import ReviewStore

# How often the saver looks for changes another reader process made to this review, and tries
# again to save changes the store could not take.
WATCH_SECONDS = 2.0


@dataclass
class _Reloaded(Message):
    """The review as stored now (another reader process changed it)."""

    segments: list[Segment]
    orphans: int


@dataclass
class _Saved(Message):
    segment: Segment
    left: int  # changes still waiting to be saved


@dataclass
class _NotSaved(Message):
    problem: str  # why the waiting changes cannot be saved yet (read-only, disk full, locked)


@dataclass
class _Refused(Message):
    refusal: ChangedElsewhere
    kept_as_orphan: bool


if TYPE_CHECKING:
    from textual.screen import Screen

    _Screen = Screen[int]
else:
    _Screen = object


class ReviewSaving(_Screen):
    """A mixin of ``ReviewScreen``: its changes, saved in order by one worker. Changes not saved
    yet are held in ``_unsaved`` (oldest first: the interface adds, the saver takes)."""

    article: Article
    store: ReviewStore
    document: str
    target: str
    segments: list[Segment]
    shown: list[Segment]
    orphans: int
    _unsaved: list[Change]
    _unsaved_lock: threading.Lock
    _wake: threading.Event
    _problem: str | None
    _undo: list[Change]
    _closing: bool
    _ended: bool

    if TYPE_CHECKING:  # the review screen's

        def _show(self) -> None: ...
        def _edit(self, segment: Segment, text: str, note: str = "") -> None: ...
        def action_close(self) -> None: ...

    def on_unmount(self) -> None:
        self._ended = True
        self._wake.set()  # the saver ends now, not at its next look

    # --- saving, in one worker, in order ------------------------------------------------------

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _keep_saving(self, not_stored: list[SourceSegment] | None) -> None:
        """Save the changes in order as they come; every ``WATCH_SECONDS`` try again what could
        not be saved, and look for changes another process made. ``not_stored``: the article's
        paragraphs, when the review could not be stored yet (synced first, once it can)."""
        worker = get_current_worker()
        renewed: dict[tuple[int, float], float] = {}  # our saves: updated before -> after
        version = None
        while not (worker.is_cancelled or self._ended):
            try:
                if not_stored is not None:
                    self.store.sync(self.document, self.target, not_stored)
                    not_stored = None
                    self._post_reload()
                self._save_unsaved(renewed)
                now = self.store.data_version()
                if version is not None and now != version and not self._has_unsaved():
                    self._post_reload()
                version = now
            except (sqlite3.Error, OSError) as error:
                self.post_message(_NotSaved(str(error)))
            self._wake.wait(WATCH_SECONDS)
            self._wake.clear()

    def _save_unsaved(self, renewed: dict[tuple[int, float], float]) -> None:
        while True:
            with self._unsaved_lock:
                if not self._unsaved:
                    return
                change = self._unsaved[0]
            # A change made on a version this screen saved itself is no conflict.
            while change.seen is not None and (change.position, change.seen) in renewed:
                change = replace(change, seen=renewed[(change.position, change.seen)])
            try:
                saved = self.store.apply(self.document, change)
            except ChangedElsewhere as refusal:
                kept = False
                if change.kind == EDIT and refusal.current is None:
                    self.store.keep_as_orphan(self.document, self.target, change)
                    kept = True
                self._take_first()
                self.post_message(_Refused(refusal, kept))
                continue
            if change.seen is not None:
                renewed[(change.position, change.seen)] = saved.updated
            self.post_message(_Saved(saved, self._take_first()))

    def _take_first(self) -> int:
        with self._unsaved_lock:
            self._unsaved.pop(0)
            return len(self._unsaved)

    def _has_unsaved(self) -> bool:
        with self._unsaved_lock:
            return bool(self._unsaved)

    def _post_reload(self) -> None:
        self.post_message(
            _Reloaded(self.store.segments(self.document), len(self.store.orphans(self.document)))
        )

    @property
    def unsaved(self) -> list[Change]:
        with self._unsaved_lock:
            return list(self._unsaved)

    def _queue(self, change: Change, undo: Change | None = None) -> None:
        with self._unsaved_lock:
            self._unsaved.append(change)
        if undo is not None:
            self._undo.append(undo)
        self._wake.set()
        self._show()

    def on__saved(self, message: _Saved) -> None:
        saved = message.segment
        if 0 <= saved.position < len(self.segments):
            self.segments[saved.position] = saved
        if self._problem is not None and message.left == 0:
            self._problem = None
            self.notify("Every change is saved now.", timeout=4, markup=False)
        self._show()
        if self._closing and message.left == 0:
            self.action_close()

    def on__not_saved(self, message: _NotSaved) -> None:
        if self._problem != message.problem and self.unsaved:
            self.notify(
                f"Could not save {self.unsaved[0].describe()} ({message.problem}). It is kept "
                "here and saved as soon as it can be.",
                severity="error",
                timeout=10,
                markup=False,
            )
        self._problem = message.problem
        self._closing = False
        self._show()

    def on__refused(self, message: _Refused) -> None:
        refusal = message.refusal
        change = refusal.change
        current = refusal.current
        self._reload()
        if current is None:
            where = "is no longer at that place (the article changed)"
            kept = " Your edit is kept with the work from paragraphs no longer in the file (o)."
            self.notify(
                f"Not saved: paragraph {change.position} {where}."
                + (kept if message.kept_as_orphan else " Look at it again."),
                severity="warning",
                timeout=12,
                markup=False,
            )
            return
        if change.kind == EDIT and change.text is not None:
            # Both texts are kept: theirs is saved, the reviewer's is back in the editor.
            theirs = current.text or "(no translation)"
            self._edit(
                current,
                change.text,
                f"Another reader process changed this paragraph meanwhile, to: {theirs}\n"
                "Ctrl+S saves yours over it; Esc keeps theirs.",
            )
            return
        self.notify(
            f"Not saved: {change.describe()} was changed in another reader process meanwhile; "
            "it now shows their change. Look at it again.",
            severity="warning",
            timeout=12,
            markup=False,
        )

    @work(thread=True, group="reload", exit_on_error=False)
    def _reload(self) -> None:
        self._post_reload()

    def on__reloaded(self, message: _Reloaded) -> None:
        self.segments = message.segments
        self.orphans = message.orphans
        self._show()

    def keep_unsaved_in_file(self) -> Path | None:
        """Write the changes not saved yet to a file (reader is ending); None if there are
        none. Called on the interface thread once the saver has had its chance."""
        unsaved = self.unsaved
        if not unsaved:
            return None
        return keep_unsaved(self.article, self.target, unsaved, self.shown)

    def flush(self, seconds: float) -> None:
        """Let the saver try once more, waiting up to ``seconds`` (reader is ending)."""
        import time

        self._wake.set()
        deadline = time.monotonic() + seconds
        while self._has_unsaved() and time.monotonic() < deadline:
            time.sleep(0.05)
