"""`r`: review the machine translation paragraph by paragraph: approve, post-edit, revert."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from reader.core.articles import Article
from reader.core.review import (
    APPROVE,
    EDIT,
    INITIAL,
    RESTORE,
    REVERT,
    REVIEWED,
    STALE,
    TRANSLATED,
    Change,
    ChangedElsewhere,
    Orphan,
    ReviewStore,
    Segment,
    SourceSegment,
    document_key,
    word_diff,
)
from reader.core.review_checks import warnings_for
from reader.core.review_session import (
    OpenedReview,
    export_beside,
    export_document,
    keep_unsaved,
    open_review,
    recover_unsaved,
    review_sources,
)
from reader.core.translation.engine import TranslationEngine
from reader.widgets.footer import KeyFooter
from reader.widgets.parallel_view import Cell, ParallelView, Row
from reader.widgets.screen_title import ScreenTitle

# Symbols, not colours, carry the state (readable with NO_COLOR and on 16 colours).
STATE_MARKS = {INITIAL: "·", TRANSLATED: "✎", REVIEWED: "✓", STALE: "!"}
EXPORT_FORMATS = ("xliff", "tmx")
# How often the saver looks for changes another reader process made to this review, and tries
# again to save changes the store could not take.
WATCH_SECONDS = 2.0
# What `f` shows, in turn: every paragraph, or only those still to do.
FILTERS = ("all", "not approved", "with warnings", "stale")


class EditScreen(ModalScreen[tuple[str, bool] | None]):
    """A multi-line editor with the translation pre-filled. Dismisses with the text and whether
    to go on to the next paragraph to do (Ctrl+N), or None (Esc)."""

    BINDINGS = [
        Binding("ctrl+s", "save(False)", "Save", id="edit.save", tooltip="Save this translation"),
        Binding(
            "ctrl+n",
            "save(True)",
            "Save, next",
            id="edit.save_next",
            tooltip="Save this translation and edit the next paragraph not yet approved",
        ),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="edit.cancel",
            tooltip="Leave without saving (asks first when something changed)",
        ),
    ]

    def __init__(self, source: str, text: str, note: str = "") -> None:
        super().__init__()
        self.source = source
        self.original = text
        self.note = note  # e.g. what another reviewer saved meanwhile
        self._confirming = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                "Edit translation  (Ctrl+S save, Ctrl+N save and next, Esc cancel)",
                classes="dialog-title",
            )
            yield Static(self.source, classes="edit-source", markup=False)
            if self.note:
                yield Static(self.note, classes="edit-note", markup=False)
            yield TextArea(self.original, id="edit-text", soft_wrap=True)
            yield Static(id="edit-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self, then_next: bool) -> None:
        self.dismiss((self.query_one(TextArea).text, then_next))

    def action_cancel(self) -> None:
        if self.query_one(TextArea).text == self.original or self._confirming:
            self.dismiss(None)
            return
        self._confirming = True
        self.query_one("#edit-hint", Static).update(
            "Unsaved changes: Esc again to discard them, Ctrl+S to save."
        )


class OrphansScreen(ModalScreen[None]):
    """Work kept from paragraphs no longer in the article: read it, discard what is not wanted
    (it is exported with the rest until then)."""

    BINDINGS = [
        Binding(
            "delete,d",
            "discard",
            "Discard",
            id="orphans.discard",
            tooltip="Discard the highlighted kept work (asks first)",
        ),
        Binding("escape,q,o", "dismiss", "Close", id="orphans.close", tooltip="Close"),
    ]

    def __init__(self, store: ReviewStore, document: str, orphans: list[Orphan]) -> None:
        super().__init__()
        self.store = store
        self.document = document
        self.orphans = orphans

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                "Kept from paragraphs no longer in the file", classes="dialog-title", markup=False
            )
            yield OptionList(*self._options(), id="orphans")
            yield Static("Del: discard   Esc: close", classes="dialog-hint")

    def _options(self) -> list[Option]:
        if not self.orphans:
            return [Option("Nothing is kept: every reviewed paragraph is in the file.")]
        return [
            Option(
                Text.assemble(
                    (f"{STATE_MARKS.get(o.segment.state, '?')} ", "bold"),
                    o.segment.source,
                    "\n  → ",
                    o.segment.text or "",
                )
            )
            for o in self.orphans
        ]

    @work(thread=True, group="discard", exit_on_error=False)
    def _discard(self, orphan: Orphan) -> None:
        """In a worker: the write may wait on another process's lock."""
        try:
            self.store.discard_orphan(self.document, orphan.id)
        except (sqlite3.Error, OSError) as error:
            self.app.call_from_thread(
                self.notify, f"Not discarded: {error}", severity="error", markup=False
            )
            return
        self.app.call_from_thread(self._discarded, orphan)

    def _discarded(self, orphan: Orphan) -> None:
        self.orphans.remove(orphan)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options())

    def action_discard(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is None or not self.orphans:
            return
        orphan = self.orphans[index]

        def discard(yes: bool | None) -> None:
            if yes:
                self._discard(orphan)

        from reader.screens.confirm import ConfirmScreen

        self.app.push_screen(
            ConfirmScreen(f"Discard the work kept for “{orphan.segment.source[:80]}”?"), discard
        )


@dataclass
class _ReviewOpened(Message):
    opened: OpenedReview
    sources: list[SourceSegment]
    recovered: list[Path]  # files of unsaved work from an earlier session, now applied
    checked: dict[tuple[str, str | None], list[str]]  # each segment's warnings, by its texts


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


class ReviewScreen(Screen[int]):
    """Dismisses with the unit (headline first) at the cursor, for the reading pane.

    Every change goes through one saver worker, in order: the interface never waits on SQLite
    (another process holding the write lock, a slow disk). A change shows at once; until it is
    saved it is held here (``unsaved``), and it is never dropped: a quit asks first, and SIGTERM
    or a confirmed quit writes it to a file (``keep_unsaved``)."""

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
            "z",
            "undo",
            "Undo",
            id="review.undo",
            tooltip="Undo the last approval, edit or revert",
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
            "f",
            "filter",
            "Filter",
            id="review.filter",
            tooltip="Show only paragraphs not approved, with warnings or stale (in turn)",
        ),
        Binding(
            "o",
            "orphans",
            "Kept",
            show=False,
            id="review.orphans",
            tooltip="Work kept from paragraphs no longer in the file",
        ),
        Binding(
            "x",
            "export",
            "Export",
            id="review.export",
            tooltip="Write the reviewed text as XLIFF 2.0 and TMX next to the article",
        ),
        Binding(
            "escape,q,r",
            "close",
            "Back",
            id="review.close",
            tooltip="Back to the article list (every change is saved as it is made)",
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
        self.segments: list[Segment] = []  # as stored
        self.shown: list[Segment] = []  # with the changes not saved yet
        self.warnings: list[list[str]] = []  # each shown segment's
        # Warnings by (source, translation), and each position's row with the segment it shows:
        # after a change only what differs is checked and built again.
        self._checked: dict[tuple[str, str | None], list[str]] = {}
        self._rows: dict[int, tuple[Segment, Row]] = {}
        self.filter = FILTERS[0]
        # Changes not saved yet, oldest first: the interface adds, the saver takes.
        self._unsaved: list[Change] = []
        self._unsaved_lock = threading.Lock()
        self._wake = threading.Event()
        self._problem: str | None = None  # why the unsaved changes wait, when they do
        self._undo: list[Change] = []  # what puts back the state before each change
        self._closing = False
        self._ended = False
        # Work kept from paragraphs no longer in the file: they change only when the review is
        # prepared, so they are counted then, in a worker, not at every keypress.
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
        self._open()

    @work(thread=True, exclusive=True, group="review", exit_on_error=False)
    def _open(self) -> None:
        worker = get_current_worker()
        sources = review_sources(
            self.article, self.engine, self.target, lambda: worker.is_cancelled
        )
        if sources is None:
            return
        opened = open_review(self.store, self.document, self.target, sources)
        recovered: list[Path] = []
        if opened.problem is None:
            recovered = recover_unsaved(self.store, self.article, self.target)
            if recovered:
                opened = replace(
                    opened,
                    segments=self.store.segments(self.document),
                    orphans=len(self.store.orphans(self.document)),
                )
        pair = (self.article.language, self.target)
        checked = {
            (s.source, s.text): warnings_for(s.source, s.text, pair) for s in opened.segments
        }
        self.post_message(_ReviewOpened(opened, sources, recovered, checked))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one handler of this screen's worker failures (a model, the disk): each is said
        where the reviewer is waiting, instead of "Preparing…" for ever or changes that
        silently stop being saved."""
        if event.state != WorkerState.ERROR:
            return
        what = {
            "review": "The review could not be prepared",
            "save": "Saving stopped (changes not saved are kept here)",
            "reload": "The review could not be read again",
            "export": "The export failed",
        }.get(event.worker.group, f"{event.worker.name} failed")
        problem = f"⚠ {what}: {event.worker.error}"
        self.query_one(ScreenTitle).show(self.article.title, problem)
        self.notify(problem, severity="error", timeout=15, markup=False)

    def on__review_opened(self, message: _ReviewOpened) -> None:
        opened = message.opened
        self.orphans = opened.orphans
        self.segments = opened.segments
        self._checked.update(message.checked)  # in the worker: ``_show`` checks only changes
        for path in message.recovered:
            self.notify(
                f"Applied the changes an earlier session could not save ({path}).",
                timeout=10,
                markup=False,
            )
        if opened.problem:
            self._problem = opened.problem
            self.notify(
                f"The review cannot be stored ({opened.problem}). Your changes are kept here "
                "and saved as soon as it can be written; quitting asks first.",
                severity="error",
                timeout=15,
                markup=False,
            )
        self._show()
        self.query_one(ParallelView).move_to_unit(self.start_unit)
        self._keep_saving(None if opened.problem is None else message.sources)

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

    # --- showing ------------------------------------------------------------------------------

    def _with_unsaved(self) -> list[Segment]:
        shown = list(self.segments)
        for change in self.unsaved:
            if 0 <= change.position < len(shown):
                segment = shown[change.position]
                if segment.source_hash == change.source_hash:
                    shown[change.position] = change.applied_to(segment)
        return shown

    def _wanted(self, segment: Segment, warnings: list[str]) -> bool:
        return {
            "all": True,
            "not approved": segment.state != REVIEWED,
            "with warnings": bool(warnings),
            "stale": segment.state == STALE,
        }[self.filter]

    def _show(self) -> None:
        """Show the segments with the changes not saved yet; after a change only the rows that
        differ are measured and drawn again, so a 2,000-paragraph article answers as fast as a
        short one."""
        self.shown = shown = self._with_unsaved()
        self.warnings = [self._warnings_for(segment) for segment in shown]
        rows = [
            self._row_for(segment, warnings)
            for segment, warnings in zip(shown, self.warnings, strict=True)
            if self._wanted(segment, warnings)
        ]
        self.query_one(ParallelView).update_rows(rows)
        self._show_status()

    def _warnings_for(self, segment: Segment) -> list[str]:
        key = (segment.source, segment.text)
        found = self._checked.get(key)
        if found is None:
            pair = (self.article.language, self.target)
            found = self._checked[key] = warnings_for(segment.source, segment.text, pair)
        return found

    def _row_for(self, segment: Segment, warnings: list[str]) -> Row:
        kept = self._rows.get(segment.position)
        if kept is not None and kept[0] is segment:
            return kept[1]
        row = self._row(segment, warnings)
        self._rows[segment.position] = (segment, row)
        return row

    def _row(self, segment: Segment, warnings: list[str]) -> Row:
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
        return Row([Cell(segment.source), Cell(text, notes=tuple(notes))], label, segment.position)

    def _show_status(self) -> None:
        shown = self.shown
        approved = sum(s.state == REVIEWED for s in shown)
        edited = sum(s.state == TRANSLATED for s in shown)
        flagged = sum(bool(w) for w in self.warnings)
        models = sorted({s.mt_model for s in shown if s.mt_model})
        parts = []
        unsaved = len(self.unsaved)  # first: what the reviewer must not miss
        # The reason in short (the notification has it whole): the counts must stay in view.
        problem = self._problem or ""
        reason = problem if len(problem) <= 48 else f"{problem[:47]}…"
        if unsaved and self._problem:
            parts.append(f"⚠ {unsaved} not saved: {reason}")
        elif self._problem:
            parts.append(f"⚠ not stored: {reason}")
        parts += [f"{approved}/{len(shown)} approved", f"{edited} edited"]
        parts.append(f"{flagged} with warnings")
        if self.orphans:
            parts.append(f"{self.orphans} kept from paragraphs no longer in the file (o)")
        if self.filter != "all":
            parts.append(f"showing {self.filter} (f)")
        parts.append(f"MT: {', '.join(models) or 'none'}")
        self.query_one(ScreenTitle).show(
            self.article.title,
            " · ".join(parts) + "  (✓ approved, ✎ edited, · machine, ! stale, ⚠ warning)",
        )

    # --- actions ------------------------------------------------------------------------------

    @property
    def current(self) -> Segment | None:
        view = self.query_one(ParallelView)
        row = view.current_row
        unit = row.unit if row is not None else None
        return self.shown[unit] if unit is not None and unit < len(self.shown) else None

    def action_approve(self) -> None:
        segment = self.current
        if segment is None:
            return
        if segment.text is None:
            self.notify(
                "Nothing to approve yet: e to write a translation.", timeout=4, markup=False
            )
            return
        self._queue(Change.on(segment, APPROVE), Change.on(segment, RESTORE, previous=segment))
        self.action_next_unreviewed(1)

    def action_edit(self) -> None:
        segment = self.current
        if segment is not None:
            self._edit(segment, segment.text or "")

    def _edit(self, segment: Segment, text: str, note: str = "") -> None:
        """Open the editor on ``segment``; a save is a change on the segment as it is now (so
        saving after a conflict note deliberately saves over the other process's text)."""

        def save(result: tuple[str, bool] | None) -> None:
            if result is None:
                return
            edited, then_next = result
            if edited != (segment.text or "") or segment.state == STALE:
                self._queue(
                    Change.on(segment, EDIT, text=edited),
                    Change.on(segment, RESTORE, previous=segment),
                )
            if then_next:
                self.action_next_unreviewed(1)
                following = self.current
                if following is not None and following.state != REVIEWED:
                    self._edit(following, following.text or "")

        self.app.push_screen(EditScreen(segment.source, text, note), save)

    def action_revert(self) -> None:
        segment = self.current
        if segment is None:
            return
        if segment.target is None and segment.state == INITIAL and not segment.newer_mt:
            self.notify("This is the machine translation already.", timeout=3, markup=False)
            return
        self._queue(Change.on(segment, REVERT), Change.on(segment, RESTORE, previous=segment))
        if segment.target is not None:
            self.notify(
                f"Your edit of paragraph {segment.position} was reverted (z brings it back).",
                timeout=5,
                markup=False,
            )

    def action_undo(self) -> None:
        if not self._undo:
            self.notify("Nothing to undo.", timeout=2, markup=False)
            return
        undo = self._undo.pop()
        self._queue(undo)
        self.query_one(ParallelView).move_to_unit(undo.position)
        self.notify(f"Undone: paragraph {undo.position} is as it was.", timeout=3, markup=False)

    def _move_to_next(self, step: int, wanted: list[bool]) -> None:
        """The cursor to the next row (in the rows shown) whose segment is ``wanted``."""
        view = self.query_one(ParallelView)
        units = [row.unit or 0 for row in view.rows]  # review rows all have one
        count = len(units)
        for offset in range(1, count + 1):
            index = (view.cursor + step * offset) % count
            if wanted[units[index]]:
                view.cursor = index
                return
        self.notify("None left.", timeout=2, markup=False)

    def action_next_unreviewed(self, step: int) -> None:
        self._move_to_next(step, [s.state != REVIEWED for s in self.shown])

    def action_next_warning(self) -> None:
        self._move_to_next(1, [bool(w) for w in self.warnings])

    def action_filter(self) -> None:
        view = self.query_one(ParallelView)
        unit = view.unit_at_cursor
        self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]
        self._show()
        if not view.rows:
            self.notify(f"No paragraph is {self.filter}.", timeout=3, markup=False)
        view.move_to_unit(unit)

    def action_orphans(self) -> None:
        self._show_orphans()

    @work(thread=True, group="reload", exit_on_error=False)
    def _show_orphans(self) -> None:
        orphans = self.store.orphans(self.document)
        self.app.call_from_thread(
            self.app.push_screen,
            OrphansScreen(self.store, self.document, orphans),
            lambda _: self._reload(),
        )

    def action_close(self) -> None:
        unsaved = self.unsaved
        if unsaved and self._problem is None:
            self._closing = True  # closes once the saver has caught up, a moment from now
            self._wake.set()
            return
        if unsaved:
            self.notify(
                f"{len(unsaved)} change(s) cannot be saved yet ({self._problem}); they stay "
                "here until they can. Fix the disk or folder and wait a moment, or quit "
                "(Ctrl+Q asks, then writes them to a file).",
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        # The list then shows the new review progress, the reading pane this paragraph.
        self.dismiss(self.query_one(ParallelView).unit_at_cursor)

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

    def action_export(self) -> None:
        self._export(self.shown)

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, segments: list[Segment]) -> None:
        orphans = [o.segment for o in self.store.orphans(self.document)]
        document = export_document(self.article, segments, self.target, orphans)
        try:
            written, replaced = export_beside(document, self.article, EXPORT_FORMATS)
        except OSError as error:
            self.app.call_from_thread(
                self.notify,
                f"Could not export: {error}",
                severity="error",
                timeout=8,
                markup=False,
            )
            return
        note = f" (replacing the earlier export{'s' if len(replaced) > 1 else ''})"
        self.app.call_from_thread(
            self.notify,
            "Exported " + " and ".join(map(str, written)) + (note if replaced else ""),
            timeout=8,
            markup=False,
        )
