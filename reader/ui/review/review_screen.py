"""`r`: review the machine translation paragraph by paragraph: approve, post-edit, revert.

Saving lives in ``saving``, the dialogs in ``dialogs``, the keys in ``review_bindings``."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, get_current_worker

from reader.core.articles.model import Article
from reader.core.review.checks import KnownWarnings, Texts, warnings_for
from reader.core.review.segments import (
    APPROVE,
    EDIT,
    INITIAL,
    RESTORE,
    REVERT,
    REVIEWED,
    STALE,
    TRANSLATED,
    Change,
    Segment,
    SourceSegment,
    word_diff,
)
from reader.core.review.session import (
    OpenedReview,
    export_beside,
    export_document,
    open_review,
    recover_unsaved,
    review_sources,
)
from reader.core.review.store import ReviewStore, document_key
from reader.core.translation.article import ArticleTranslation
from reader.core.translation.engine import TranslationEngine
from reader.ui.common.footer import KeyFooter
from reader.ui.common.screen_title import ScreenTitle
from reader.ui.compare.parallel_view import Cell, ParallelView, Row
from reader.ui.review.dialogs import STATE_MARKS, EditScreen, OrphansScreen
from reader.ui.review.review_bindings import REVIEW_BINDINGS
from reader.ui.review.saving import ReviewSaving
from reader.ui.worker_errors import ReportsWorkerErrors

EXPORT_FORMATS = ("xliff", "tmx")
# Paragraphs checked for warnings before the review is shown: those a screen can show around
# where it opens. The rest are checked after the first frame, so that a long article opens as
# fast as a short one.
CHECKED_FIRST_BEFORE = 5
CHECKED_FIRST_AFTER = 40
# What `f` shows, in turn: every paragraph, or only those still to do.
FILTERS = ("all", "not approved", "with warnings", "stale")


@dataclass
class _ReviewOpened(Message):
    opened: OpenedReview
    sources: list[SourceSegment]
    recovered: list[Path]  # files of unsaved work from an earlier session, now applied
    # The warnings of the segments in view where review opens, and of any known already.
    checked: dict[Texts, list[str]]


@dataclass
class _Checked(Message):
    checked: dict[Texts, list[str]]  # every other segment's warnings


class ReviewScreen(ReviewSaving, ReportsWorkerErrors, Screen[int]):
    """Dismisses with the unit (headline first) at the cursor, for the reading pane.

    Every change goes through one saver worker, in order (``saving``): the interface never waits
    on SQLite (another process holding the write lock, a slow disk). A change shows at once; until
    it is saved it is held here (``unsaved``), and it is never dropped: a quit asks first, and
    SIGTERM or a confirmed quit writes it to a file (``keep_unsaved``)."""

    WORKER_FAILURES: ClassVar[dict[str, str]] = {
        "review": "The review could not be prepared",
        "checks": "The paragraphs could not be checked for warnings",
        "save": "Saving stopped (changes not saved are kept here)",
        "reload": "The review could not be read again",
        "export": "The export failed",
    }

    BINDINGS = REVIEW_BINDINGS

    def __init__(
        self,
        article: Article,
        engine: TranslationEngine,
        store: ReviewStore,
        target: str,
        unit: int = 0,
        foreground: Callable[[], AbstractContextManager[object]] = nullcontext,
        translated: ArticleTranslation | None = None,
        known: KnownWarnings | None = None,
    ) -> None:
        super().__init__()
        self.start_unit = unit
        self.translated = translated  # the article's translation as the reading pane has it
        # Warnings already found this session (the main screen checks the open article's
        # translation while it is read): those are not checked again.
        self.known = known if known is not None else KnownWarnings()
        # Held while this screen translates: translating ahead waits for it (``ReadingAhead``).
        self.foreground = foreground
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
        self._checked: dict[Texts, list[str]] = {}
        # The texts of the segments as opened that are still being checked (just after
        # opening): they show no warnings until then, and the status line says so.
        self._unchecked: set[Texts] = set()
        self._rows: dict[int, tuple[Segment, list[str], Row]] = {}
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
        with self.foreground():
            sources = review_sources(
                self.article,
                self.engine,
                self.target,
                lambda: worker.is_cancelled,
                self.translated,
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
        first = opened.segments[
            max(self.start_unit - CHECKED_FIRST_BEFORE, 0) : self.start_unit + CHECKED_FIRST_AFTER
        ]
        checked = self.known.known(((s.source, s.text) for s in opened.segments), self._pair)
        checked |= self.known.check(((s.source, s.text) for s in first), self._pair)
        self.post_message(_ReviewOpened(opened, sources, recovered, checked))

    @property
    def _pair(self) -> tuple[str, str]:
        return (self.article.language, self.target)

    @work(thread=True, exclusive=True, group="checks", exit_on_error=False)
    def _check_the_rest(self, unchecked: set[Texts]) -> None:
        worker = get_current_worker()
        checked = self.known.check(unchecked, self._pair, lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.post_message(_Checked(checked))

    @property
    def checking(self) -> bool:
        """Whether paragraphs of the review as opened are still being checked for warnings."""
        return bool(self._unchecked)

    def on__checked(self, message: _Checked) -> None:
        self._checked.update(message.checked)
        self._unchecked.clear()
        self._show()

    def worker_failed(self, worker: Worker[object], what: str) -> bool:
        """Said where the reviewer is waiting, instead of "Preparing…" for ever or changes that
        silently stop being saved."""
        problem = f"⚠ {what}: {worker.error}"
        if worker.group == "checks":
            self._unchecked.clear()  # not "checking…" for ever: the ones checked still show
        self.query_one(ScreenTitle).show(self.article.title, problem)
        self.notify(problem, severity="error", timeout=15, markup=False)
        return True

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
        self._unchecked = {(s.source, s.text) for s in opened.segments} - self._checked.keys()
        self._show()
        self.query_one(ParallelView).move_to_unit(self.start_unit)
        self._keep_saving(None if opened.problem is None else message.sources)
        if self._unchecked:
            # After the first frame: checking beside it would slow it down (the GIL).
            self.call_after_refresh(self._check_the_rest, set(self._unchecked))

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
        if found is None and key in self._unchecked:
            return []  # checked in a moment
        if found is None:
            found = self._checked[key] = warnings_for(segment.source, segment.text, self._pair)
        return found

    def _row_for(self, segment: Segment, warnings: list[str]) -> Row:
        kept = self._rows.get(segment.position)
        if kept is not None and kept[0] is segment and kept[1] == warnings:
            return kept[2]
        row = self._row(segment, warnings)
        self._rows[segment.position] = (segment, warnings, row)
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
        parts.append("checking for warnings…" if self.checking else f"{flagged} with warnings")
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
        if self.checking:
            self.notify("Still checking for warnings…", timeout=2, markup=False)
            return
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
