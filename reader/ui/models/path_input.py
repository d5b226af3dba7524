"""A path box that completes file and folder names, shell-style: the completion shows greyed
as you type, Tab (or →) takes it; Tab with nothing to complete moves on as usual."""

from __future__ import annotations

import os

from textual.binding import Binding
from textual.suggester import Suggester
from textual.widgets import Input


def complete_path(value: str) -> str | None:
    """``value`` completed as far as the file system makes it unambiguous (a folder gets a
    trailing ``/``), or None when there is nothing to add."""
    if not value:
        return None
    expanded = os.path.expanduser(value)
    folder, prefix = os.path.split(expanded)
    try:
        names = sorted(
            entry.name + ("/" if entry.is_dir() else "")
            for entry in os.scandir(folder or ".")
            # Hidden names only when a "." was typed, as shells complete them.
            if entry.name.startswith(prefix)
            and (prefix.startswith(".") or not entry.name.startswith("."))
        )
    except OSError:
        return None
    if not names:
        return None
    common = os.path.commonprefix(names)
    if len(common) <= len(prefix):
        return None
    return value + common[len(prefix) :]


class PathSuggester(Suggester):
    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return complete_path(value)


class PathInput(Input):
    BINDINGS = [
        Binding(
            "tab",
            "complete",
            "Complete",
            show=False,
            id="path.complete",
            tooltip="Complete the file or folder name",
        ),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(suggester=PathSuggester(), **kwargs)  # type: ignore[arg-type]

    def action_complete(self) -> None:
        completed = complete_path(self.value)
        if completed is None:
            self.screen.focus_next()
            return
        self.value = completed
        self.cursor_position = len(completed)
