"""The `?` dialog: every key binding, with what it does and its id for remapping in config."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def format_keys(keys: str) -> str:
    names = {
        "slash": "/",
        "question_mark": "?",
        "exclamation_mark": "!",
        "space": "Space",
        "pagedown": "PgDn",
        "pageup": "PgUp",
        "escape": "Esc",
        "enter": "Enter",
        "tab": "Tab",
        "shift+tab": "Shift+Tab",
        "up": "↑",
        "down": "↓",
    }
    return " ".join(names.get(key, key) for key in keys.split(","))


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding(
            "escape,q,question_mark",
            "dismiss",
            "Close",
            id="dialog.close",
            tooltip="Close this dialog",
        ),
    ]

    def __init__(self, sections: list[tuple[str, list[Binding]]], keymap: dict[str, str]) -> None:
        super().__init__()
        self.sections = sections
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        table = Table(box=None, expand=True, show_header=False, padding=(0, 1))
        # The description takes the room left; at 80 columns and less it wraps instead of
        # disappearing behind a key column as wide as its longest entry.
        table.add_column("Key", style="bold", max_width=14, overflow="fold")
        table.add_column("Action", ratio=1, min_width=16)
        table.add_column("Binding id", style="dim", max_width=24, overflow="fold")
        for title, bindings in self.sections:
            table.add_row("", "")
            table.add_row(f"[u]{title}[/u]", "")
            for binding in bindings:
                keys = self.keymap.get(binding.id or "", binding.key)
                table.add_row(
                    format_keys(keys), binding.tooltip or binding.description, binding.id or ""
                )
        with Vertical(classes="dialog"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll():
                yield Static(table)
            yield Static(
                "Remap keys by binding id in the config file (see README).  Esc to close",
                classes="dialog-hint",
            )
