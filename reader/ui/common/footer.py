"""The footer of every screen. `?` (every key) and the way out (`q`, or a view's Back) come first,
so that a small terminal cuts the screen's own keys rather than the two a newcomer needs; below
100 columns it is compact and
leaves out the command palette's key (`?` lists it)."""

from __future__ import annotations

from collections.abc import Hashable

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer

COMPACT_BELOW = 100
# The actions whose keys lead the footer, in this order: every key, and the way out.
FIRST = ("help", "quit", "back_to_list", "close")


class KeyFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._composed_for: Hashable = None  # what the keys shown now were composed from

    def compose(self) -> ComposeResult:
        self._composed_for = self._keys_to_show()
        keys = list(super().compose())
        first = sorted(
            (key for key in keys if getattr(key, "action", None) in FIRST),
            key=lambda key: FIRST.index(key.action),  # type: ignore[attr-defined]
        )
        yield from first
        yield from (key for key in keys if key not in first)

    def _keys_to_show(self) -> Hashable:
        if not self._bindings_ready:
            return None
        return (
            self.compact,
            self.show_command_palette,
            tuple(
                (binding.key, binding.description, binding.action, enabled, tooltip)
                for _, binding, enabled, tooltip in self.screen.active_bindings.values()
                if binding.show
            ),
        )

    async def recompose(self) -> None:
        """Only when the keys would change, and on the screen in front. Textual's footer
        rebuilds itself after every change of bindings: on a screen as another covers it, and
        several times as a view opens, each as long as drawing a frame."""
        if not self.is_attached:
            return  # its screen has closed since the rebuild was asked for
        if self.screen is self.app.screen and self._keys_to_show() != self._composed_for:
            await super().recompose()

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < COMPACT_BELOW
        if (self.compact, self.show_command_palette) != (narrow, not narrow):
            self.compact = narrow
            self.show_command_palette = not narrow
            self.call_after_refresh(self.recompose)  # (the palette key is drawn by compose)
