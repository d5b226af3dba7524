"""The footer of every screen. `?` (every key) and the way out (`q`, or a view's Back) come first,
so that a small terminal cuts the screen's own keys rather than the two a newcomer needs; below
100 columns it is compact and
leaves out the command palette's key (`?` lists it)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer

COMPACT_BELOW = 100
# The actions whose keys lead the footer, in this order: every key, and the way out.
FIRST = ("help", "quit", "back_to_list", "close")


class KeyFooter(Footer):
    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        first = sorted(
            (key for key in keys if getattr(key, "action", None) in FIRST),
            key=lambda key: FIRST.index(key.action),  # type: ignore[attr-defined]
        )
        yield from first
        yield from (key for key in keys if key not in first)

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < COMPACT_BELOW
        if (self.compact, self.show_command_palette) != (narrow, not narrow):
            self.compact = narrow
            self.show_command_palette = not narrow
            self.call_after_refresh(self.recompose)  # (the palette key is drawn by compose)
