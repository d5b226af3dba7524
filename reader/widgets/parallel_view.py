"""Columns of aligned paragraphs with one scroll position: the compare view (original beside its
translation), and the base for other side-by-side views.

Row i holds paragraph i of every column; each row is as tall as its tallest cell, so paragraphs
start on the same line in every column and the columns can only scroll together. A paragraph
cursor (j/k) highlights the current row on every side; a sentence cursor (h/l) highlights the
current sentence pair inside it, on both sides.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip

from reader.widgets.line_scroll_view import LineScrollView

SEPARATOR = " │ "


@dataclass(frozen=True)
class Cell:
    text: str
    # (start, end) character spans of the sentences, matched pairwise across the row's cells
    sentences: tuple[tuple[int, int], ...] = ()
    component: str = "parallel--text"


@dataclass
class Row:
    cells: list[Cell]
    label: str = ""  # e.g. "3", shown in a narrow gutter


def sentence_spans(text: str, sentences: list[str]) -> tuple[tuple[int, int], ...]:
    """Where each sentence sits in ``text``, found in order; unmatched ones are skipped."""
    spans = []
    position = 0
    for sentence in sentences:
        needle = sentence.strip()
        if not needle:
            continue
        start = text.find(needle, position)
        if start < 0:
            continue
        spans.append((start, start + len(needle)))
        position = start + len(needle)
    return tuple(spans)


@dataclass
class _Layout:
    width: int
    lines: list[Strip] = field(default_factory=list)
    row_start: list[int] = field(default_factory=list)


class ParallelView(LineScrollView, can_focus=True):
    COMPONENT_CLASSES = {
        "parallel--header",
        "parallel--text",
        "parallel--gap",
        "parallel--notice",
        "parallel--current",
        "parallel--sentence",
        "parallel--gutter",
    }

    BINDINGS = [
        Binding("j,down", "move(1)", "Next ¶", id="parallel.next", tooltip="Next paragraph"),
        Binding(
            "k,up", "move(-1)", "Previous ¶", id="parallel.previous", tooltip="Previous paragraph"
        ),
        Binding(
            "l,right",
            "sentence(1)",
            "Next sentence",
            id="parallel.next_sentence",
            tooltip="Next sentence in this paragraph (highlighted on both sides)",
        ),
        Binding(
            "h,left",
            "sentence(-1)",
            "Previous sentence",
            show=False,
            id="parallel.previous_sentence",
            tooltip="Previous sentence in this paragraph",
        ),
        Binding(
            "pagedown,space",
            "page(1)",
            "Page down",
            show=False,
            id="parallel.page_down",
            tooltip="Scroll down one page",
        ),
        Binding(
            "pageup,b",
            "page(-1)",
            "Page up",
            show=False,
            id="parallel.page_up",
            tooltip="Scroll up one page",
        ),
        Binding(
            "g,home", "jump(0)", "Top", show=False, id="parallel.top", tooltip="First paragraph"
        ),
        Binding(
            "G,end", "jump(1)", "Bottom", show=False, id="parallel.bottom", tooltip="Last paragraph"
        ),
    ]

    cursor: reactive[int] = reactive(0, init=False)
    """The current row (paragraph)."""

    sentence: reactive[int] = reactive(-1, init=False)
    """The current sentence pair within the current row; -1 highlights the whole paragraph."""

    def __init__(self, headers: list[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.headers = headers
        self.rows: list[Row] = []
        self._layout = _Layout(-1)
        self._row_cache: dict[tuple[int, int, bool, int], list[Strip]] = {}

    def set_rows(self, rows: list[Row], headers: list[str] | None = None) -> None:
        self.rows = rows
        if headers is not None:
            self.headers = headers
        self._row_cache.clear()
        self.cursor = min(self.cursor, max(len(rows) - 1, 0))
        self._relayout()

    # --- layout -------------------------------------------------------------------------------

    def on_resize(self) -> None:
        self._relayout()

    def _column_width(self, width: int) -> int:
        columns = max(len(self.headers), 1)
        return max((width - 4 - len(SEPARATOR) * (columns - 1)) // columns, 8)

    def _render_cell(self, cell: Cell, width: int, current: bool, sentence: int) -> list[Strip]:
        console = self.app.console
        style = self.get_component_rich_style(cell.component, partial=True)
        if current:
            style += self.get_component_rich_style("parallel--current", partial=True)
        text = Text(cell.text, style=style, overflow="fold")
        if current and 0 <= sentence < len(cell.sentences):
            start, end = cell.sentences[sentence]
            text.stylize(
                self.get_component_rich_style("parallel--sentence", partial=True), start, end
            )
        options = console.options.update_width(width)
        return [
            Strip(line).extend_cell_length(width, style)
            for line in console.render_lines(text, options, pad=False, new_lines=False)
        ]

    def _render_row(self, index: int, width: int) -> list[Strip]:
        current = index == self.cursor
        key = (index, width, current, self.sentence if current else -1)
        cached = self._row_cache.get(key)
        if cached is not None:
            return cached
        row = self.rows[index]
        column = self._column_width(width)
        cells = [self._render_cell(cell, column, current, self.sentence) for cell in row.cells]
        height = max((len(c) for c in cells), default=1)
        gutter_style = self.get_component_rich_style("parallel--gutter", partial=True)
        separator = Segment(SEPARATOR, gutter_style)
        lines = []
        for y in range(height):
            label = row.label if y == 0 else ""
            segments = [Segment(f"{label:>3} ", gutter_style)]
            for number, cell_lines in enumerate(cells):
                if number:
                    segments.append(separator)
                strip = cell_lines[y] if y < len(cell_lines) else Strip.blank(column)
                segments.extend(strip)
            lines.append(Strip(segments))
        self._row_cache[key] = lines
        return lines

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width
        if not self.is_mounted or width <= 0:
            return
        header_style = self.get_component_rich_style("parallel--header", partial=True)
        column = self._column_width(width)
        header = [Segment("    ")]
        for number, title in enumerate(self.headers):
            if number:
                header.append(Segment(SEPARATOR))
            header.extend(
                Strip([Segment(title[:column], header_style)]).extend_cell_length(
                    column, header_style
                )
            )
        layout = _Layout(width, [Strip(header), Strip.blank(width)])
        for index in range(len(self.rows)):
            layout.row_start.append(len(layout.lines))
            layout.lines.extend(self._render_row(index, width))
            layout.lines.append(Strip.blank(width))
        self._layout = layout
        self.virtual_size = Size(width, len(layout.lines))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if index >= len(self._layout.lines):
            return Strip([Segment(" " * width, self.base_style)], width)
        return (
            self._layout.lines[index]
            .crop_extend(scroll_x, scroll_x + width, None)
            .apply_style(self.base_style)
        )

    # --- cursor -------------------------------------------------------------------------------

    @property
    def current_row(self) -> Row | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def watch_cursor(self) -> None:
        self.sentence = -1
        self._relayout()
        self._keep_cursor_visible()

    def watch_sentence(self) -> None:
        self._relayout()

    def _keep_cursor_visible(self) -> None:
        if not self._layout.row_start or not 0 <= self.cursor < len(self._layout.row_start):
            return
        top = self._layout.row_start[self.cursor]
        end = (
            self._layout.row_start[self.cursor + 1]
            if self.cursor + 1 < len(self.rows)
            else len(self._layout.lines)
        )
        height = self.scrollable_content_region.height
        if top < self.scroll_y or end > self.scroll_y + height:
            self.scroll_to(y=max(top - 1, 0), animate=False, immediate=True, force=True)

    def action_move(self, step: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + step))

    def action_sentence(self, step: int) -> None:
        row = self.current_row
        if row is None:
            return
        count = max((len(c.sentences) for c in row.cells), default=0)
        if count:
            self.sentence = max(0, min(count - 1, self.sentence + step))

    def action_page(self, direction: int) -> None:
        page = max(self.scrollable_content_region.height - 1, 1)
        self.scroll_to(y=self.scroll_y + direction * page, animate=False, immediate=True)
        # Keep the cursor on a paragraph that is on screen.
        visible = [i for i, start in enumerate(self._layout.row_start) if start >= self.scroll_y]
        if visible:
            self.cursor = visible[0] if direction > 0 or self.cursor > visible[0] else self.cursor

    def action_jump(self, to_end: int) -> None:
        if self.rows:
            self.cursor = len(self.rows) - 1 if to_end else 0
