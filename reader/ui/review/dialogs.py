"""The dialogs of the review screen: the post-editor, and the work kept from paragraphs no
longer in the file."""

from __future__ import annotations

import sqlite3
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from reader.core.review.segments import (
    INITIAL,
    REVIEWED,
    STALE,
    TRANSLATED,
    Orphan,
)
from reader.core.review.store import ReviewStore
from reader.ui.worker_errors import ReportsWorkerErrors

# Symbols, not colours, carry the state (readable with NO_COLOR and on 16 colours).
STATE_MARKS = {INITIAL: "·", TRANSLATED: "✎", REVIEWED: "✓", STALE: "!"}


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


class OrphansScreen(ReportsWorkerErrors, ModalScreen[None]):
    """Work kept from paragraphs no longer in the article: read it, discard what is not wanted
    (it is exported with the rest until then)."""

    WORKER_FAILURES: ClassVar[dict[str, str]] = {"discard": "Not discarded"}

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

        from reader.ui.common.confirm_dialog import ConfirmScreen

        self.app.push_screen(
            ConfirmScreen(f"Discard the work kept for “{orphan.segment.source[:80]}”?"), discard
        )
