"""A dialog listing the files that could not be loaded, with the reason for each."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.core.articles.model import LoadError
from reader.core.articles.visible import visible
from reader.core.settings.paths import printable


class SkippedFilesScreen(ModalScreen[None]):
    BINDINGS = [
        Binding(
            "escape,q,exclamation_mark",
            "dismiss",
            "Close",
            id="dialog.close",
            tooltip="Close this dialog",
        ),
    ]

    def __init__(self, skipped: list[LoadError]) -> None:
        super().__init__()
        self.skipped = skipped

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Skipped files ({len(self.skipped)})", classes="dialog-title")
            with VerticalScroll():
                if not self.skipped:
                    yield Static("Every file was read.")
                for error in self.skipped:
                    line = Text()
                    line.append(visible(printable(error.path)), style="bold")
                    line.append(f"\n  {visible(error.reason)}")
                    yield Static(line, classes="skipped-file")
            yield Static("Esc to close", classes="dialog-hint")
