"""`r`: review the machine translation paragraph by paragraph: approve, post-edit, revert."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Static, TextArea
from textual.worker import Worker, WorkerState, get_current_worker

from reader.core.articles import Article
from reader.core.export import export
from reader.core.review import (
    INITIAL,
    REVIEWED,
    STALE,
    TRANSLATED,
    ReviewStore,
    Segment,
    document_key,
    word_diff,
)
from reader.core.review_checks import warnings_for
from reader.core.review_session import export_document, review_segments
from reader.core.translation.engine import TranslationEngine
from reader.widgets.footer import KeyFooter
from reader.widgets.parallel_view import Cell, ParallelView, Row
from reader.widgets.screen_title import ScreenTitle

# Symbols, not colours, carry the state (readable with NO_COLOR and on 16 colours).
STATE_MARKS = {INITIAL: "·", TRANSLATED: "✎", REVIEWED: "✓", STALE: "!"}
EXPORT_FORMATS = ("xliff", "tmx")


class EditScreen(ModalScreen[str | None]):
    """A multi-line editor with the translation pre-filled; Ctrl+S saves, Esc cancels."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="edit.save", tooltip="Save this translation"),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="edit.cancel",
            tooltip="Leave without saving (asks first when something changed)",
        ),
    ]

    def __init__(self, source: str, text: str) -> None:
        super().__init__()
        self.source = source
        self.original = text
        self._confirming = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Edit translation  (Ctrl+S save, Esc cancel)", classes="dialog-title")
            yield Static(self.source, classes="edit-source", markup=False)
            yield TextArea(self.original, id="edit-text", soft_wrap=True)
            yield Static(id="edit-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        if self.query_one(TextArea).text == self.original or self._confirming:
            self.dismiss(None)
            return
        self._confirming = True
        self.query_one("#edit-hint", Static).update(
            "Unsaved changes: Esc again to discard them, Ctrl+S to save."
        )


@dataclass
class _SegmentsLoaded(Message):
    segments: list[Segment]
    orphans: int  # reviewed or edited segments whose paragraph is gone from the file


class ReviewScreen(Screen[int]):
    """Dismisses with the unit (headline first) at the cursor, for the reading pane."""

    BINDINGS = [
        Binding(
            "a",
            "approve",
            "Approve",
            id="review.approve",
            tooltip="Approve this paragraph's translation",
        ),
        Binding("e", "edit", "Edit", id="review.edit", tooltip="Post-edit this translation"),
        Binding(
            "u",
            "revert",
            "Revert",
            id="review.revert",
            tooltip="Back to the machine translation (the newer one, if there is one)",
        ),
        Binding(
            "n",
            "next_unreviewed(1)",
            "To do",
            id="review.next",
            tooltip="Next paragraph not yet approved",
        ),
        Binding(
            "N",
            "next_unreviewed(-1)",
            "Previous to do",
            show=False,
            id="review.previous",
            tooltip="Previous paragraph not yet approved",
        ),
        Binding(
            "w",
            "next_warning",
            "Warning",
            id="review.warning",
            tooltip="Next paragraph with a warning",
        ),
        Binding(
            "x",
            "export",
            "Export",
            id="review.export",
            tooltip="Write the reviewed text as XLIFF 2.0 and TMX in the current folder",
        ),
        Binding(
            "escape,q,r",
            "close",
            "Back",
            id="review.close",
            tooltip="Back to the article list (everything is already saved)",
        ),
    ]

    def __init__(
        self,
        article: Article,
        engine: TranslationEngine,
        store: ReviewStore,
        target: str,
        unit: int = 0,
    ) -> None:
        super().__init__()
        self.start_unit = unit
        self.article = article
        self.engine = engine
        self.store = store
        self.target = target
        self.document = document_key(article.path)
        self.segments: list[Segment] = []
        self.warnings: list[list[str]] = []
        # Changes the store could not take (disk full, read-only, locked): kept here, retried.
        self.pending: list[tuple[str, Callable[[], None]]] = []
        # Work kept from paragraphs no longer in the file: they change only when the review is
        # prepared (``sync``), so they are counted then, in the worker, not at every keypress.
        self.orphans = 0

    def compose(self) -> ComposeResult:
        yield ScreenTitle(id="review-title")
        yield ParallelView(
            [f"Original ({self.article.language})", f"Translation ({self.target})"], id="review"
        )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(ScreenTitle).show(self.article.title, "Preparing the machine translation…")
        self.query_one(ParallelView).focus()
        self._load()

    @work(thread=True, exclusive=True, group="review", exit_on_error=False)
    def _load(self) -> None:
        worker = get_current_worker()
        segments = review_segments(
            self.article, self.engine, self.store, self.target, lambda: worker.is_cancelled
        )
        self.post_message(_SegmentsLoaded(segments, len(self.store.orphans(self.document))))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The review could not be prepared (the data folder cannot be written, a model
        failed): say so where the reviewer is waiting, instead of "Preparing…" for ever."""
        if event.state == WorkerState.ERROR and event.worker.group == "review":
            problem = f"⚠ The review could not be prepared: {event.worker.error}"
            self.query_one(ScreenTitle).show(self.article.title, problem)
            self.notify(problem, severity="error", timeout=15, markup=False)

    def on__segments_loaded(self, message: _SegmentsLoaded) -> None:
        self.orphans = message.orphans
        self._show(message.segments)
        self.query_one(ParallelView).move_to_unit(self.start_unit)

    def _reload(self) -> None:
        self._show(self.store.segments(self.document))

    def _show(self, segments: list[Segment]) -> None:
        """Show ``segments``; after a change (an approval, an edit) only the rows that differ
        are checked and drawn again, so a 2,000-paragraph article answers as fast as a short
        one."""
        before = dict(zip(self.segments, self.warnings, strict=True))
        self.segments = segments
        pair = (self.article.language, self.target)
        self.warnings = [
            before[s] if s in before else warnings_for(s.source, s.text, pair) for s in segments
        ]
        rows = []
        for segment, warnings in zip(segments, self.warnings, strict=True):
            notes = [f"⚠ {w}" for w in warnings]
            if segment.newer_mt:
                notes.append("↻ a newer machine translation exists (u: take it)")
            if segment.state == STALE:
                notes.append(
                    "! the source changed since this was reviewed"
                    + (
                        f": {word_diff(segment.reviewed_source, segment.source)}"
                        if segment.reviewed_source
                        else ""
                    )
                )
            text = segment.text if segment.text is not None else "(no translation: e to write one)"
            label = f"{segment.position}{STATE_MARKS[segment.state]}{'⚠' if warnings else ''}"
            cells = [Cell(segment.source), Cell(text, notes=tuple(notes))]
            rows.append(Row(cells, label, segment.position))
        self.query_one(ParallelView).update_rows(rows)
        approved = sum(s.state == REVIEWED for s in segments)
        edited = sum(s.state == TRANSLATED for s in segments)
        flagged = sum(bool(w) for w in self.warnings)
        models = sorted({s.mt_model for s in segments if s.mt_model})
        orphans = self.orphans
        kept = f" · {orphans} kept from paragraphs no longer in the file" if orphans else ""
        self.query_one(ScreenTitle).show(
            self.article.title,
            f"{approved}/{len(segments)} approved · {edited} edited · {flagged} with warnings"
            f"{kept} · MT: {', '.join(models) or 'none'}  (✓ approved, ✎ edited, · machine, "
            "! stale, "
            "⚠ warning; j/k paragraph)",
        )

    def _save(self, description: str, change: Callable[[], None]) -> None:
        """Apply a change to the store; if it cannot be written, keep it and retry later."""
        self._retry_pending()
        if self.pending:
            self.pending.append((description, change))  # keep the order of changes
            return
        try:
            change()
        except (sqlite3.Error, OSError) as error:
            self.pending.append((description, change))
            self.notify(
                f"Could not save {description} ({error}). It is kept and will be "
                "saved with your next change.",
                severity="error",
                timeout=10,
                markup=False,
            )
        self._reload()

    def _retry_pending(self) -> None:
        while self.pending:
            description, change = self.pending[0]
            try:
                change()
            except (sqlite3.Error, OSError):
                return
            self.pending.pop(0)
            self.notify(f"Saved {description} now.", timeout=3, markup=False)

    @property
    def current(self) -> Segment | None:
        cursor = self.query_one(ParallelView).cursor
        return self.segments[cursor] if 0 <= cursor < len(self.segments) else None

    def action_approve(self) -> None:
        segment = self.current
        if segment is None:
            return
        if segment.text is None:
            self.notify(
                "Nothing to approve yet: e to write a translation.", timeout=4, markup=False
            )
            return
        self._save(
            f"the approval of paragraph {segment.position}",
            lambda: self.store.approve(self.document, segment.position),
        )
        self.action_next_unreviewed(1)

    def action_edit(self) -> None:
        segment = self.current
        if segment is None:
            return

        def save(text: str | None) -> None:
            if text is not None:
                self._save(
                    f"your edit of paragraph {segment.position}",
                    lambda: self.store.edit(self.document, segment.position, text),
                )

        self.app.push_screen(EditScreen(segment.source, segment.text or ""), save)

    def action_revert(self) -> None:
        segment = self.current
        if segment is not None:
            self._save(
                f"the revert of paragraph {segment.position}",
                lambda: self.store.revert(self.document, segment.position),
            )

    def _move_to_next(self, step: int, wanted: list[bool]) -> None:
        view = self.query_one(ParallelView)
        count = len(wanted)
        for offset in range(1, count + 1):
            index = (view.cursor + step * offset) % count
            if wanted[index]:
                view.cursor = index
                return
        self.notify("None left.", timeout=2, markup=False)

    def action_next_unreviewed(self, step: int) -> None:
        self._move_to_next(step, [s.state != REVIEWED for s in self.segments])

    def action_next_warning(self) -> None:
        self._move_to_next(1, [bool(w) for w in self.warnings])

    def action_close(self) -> None:
        self._retry_pending()
        if self.pending:
            self.notify(
                f"{len(self.pending)} change(s) still cannot be saved; they stay here "
                "until they can. Fix the disk or folder, then press a key here again.",
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        # The list then shows the new review progress, the reading pane this paragraph.
        self.dismiss(self.query_one(ParallelView).unit_at_cursor)

    def action_export(self) -> None:
        document = export_document(self.article, self.segments, self.target)
        written = []
        for fmt in EXPORT_FORMATS:
            path = Path.cwd() / f"{self.article.path.stem}.{self.target}.{fmt}"
            try:
                path.write_text(export([document], fmt), encoding="utf-8")
            except OSError as error:
                self.notify(
                    f"Could not write {path}: {error}", severity="error", timeout=8, markup=False
                )
                return
            written.append(str(path))
        self.notify("Exported " + " and ".join(written), timeout=8, markup=False)
