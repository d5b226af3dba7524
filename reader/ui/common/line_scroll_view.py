"""A ScrollView drawn line by line, with the widget's style worked out once per frame."""

from __future__ import annotations

from rich.style import Style
from textual.geometry import Region
from textual.scroll_view import ScrollView
from textual.strip import Strip


class LineScrollView(ScrollView):
    """Base of the line-API widgets. ``rich_style`` walks the styles of every ancestor; asked for
    by each line it was a fifth of drawing the first frame, so a frame asks once
    (``render_lines``) and ``render_line`` reads ``base_style``."""

    _frame_style: Style | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._frame_style = None

    @property
    def base_style(self) -> Style:
        """The widget's own style: this frame's, or worked out now outside a frame."""
        return self._frame_style or self.rich_style
