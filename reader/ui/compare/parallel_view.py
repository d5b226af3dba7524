"""Columns of aligned paragraphs with one scroll position: the compare view (original beside its
translation), and the base for other side-by-side views.

Row i holds paragraph i of every column; each row is as tall as its tallest cell, so paragraphs
start on the same line in every column and the columns can only scroll together. A paragraph
cursor (j/k) highlights the current row on every side; a sentence cursor (h/l) highlights the
current sentence pair inside it, on both sides.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip

from reader.ui.common.contrast import legible
from reader.ui.common.line_scroll_view import LineScrollView
from reader.ui.compare.text_layout import wrap_spans, wrapped_line_count
from reader.ui.reading.document_view import half_page_bindings, page_lines, wrap_text

SEPARATOR = " │ "
# What must be read, at 4.5:1 whatever the theme (the gutter and gaps are dimmed on purpose).
LEGIBLE = frozenset({"parallel--text", "parallel--header"})


@dataclass(frozen=True)
class Cell:
    text: str
    # (start, end) character spans of the sentences, matched pairwise across the row's cells
    sentences: tuple[tuple[int, int], ...] = ()
    component: str = "parallel--text"
    notes: tuple[str, ...] = ()  # lines under the text in the notice style (review warnings)


@dataclass
class Row:
    cells: list[Cell]
    label: str = ""  # e.g. "3", shown in a narrow gutter
    unit: int | None = None  # the first column's unit (headline first) shown here, if any


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
        # Not in the footer: each view's title line says j/k (and h/l), which leaves the footer
        # room for the view's own keys and `?` at 80 columns.
        Binding(
            "j,down",
            "move(1)",
            "Next ¶",
            show=False,
            id="parallel.next",
            tooltip="Next paragraph",
        ),
        Binding(
            "k,up",
            "move(-1)",
            "Previous ¶",
            show=False,
            id="parallel.previous",
            tooltip="Previous paragraph",
        ),
        Binding(
            "l,right",
            "sentence(1)",
            "Next sentence",
            show=False,
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
            "pagedown,space,ctrl+f",
            "page(1)",
            "Page down",
            show=False,
            id="parallel.page_down",
            tooltip="Scroll down one page",
        ),
        Binding(
            "pageup,b,ctrl+b",
            "page(-1)",
            "Page up",
            show=False,
            id="parallel.page_up",
            tooltip="Scroll up one page",
        ),
        # In review, u reverts (a priority binding there) and Ctrl+U scrolls.
        *half_page_bindings("parallel"),
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
        # Where each row starts (line numbers; a blank line follows every row), for the width
        # they were measured at. Rows are measured with a cheap word wrap and drawn only when
        # they come into view, so a 2,000-paragraph article opens as fast as a short one.
        self._width = -1
        self._row_start: list[int] = []
        self._line_count = 0
        self._drawn: dict[int, list[Strip]] = {}  # row -> its lines, as drawn now
        # Text -> how many lines it wraps to, in a column this wide: a row that gets warnings
        # (review, just after it opens) is measured again, its paragraphs not.
        self._wrapped: dict[str, int] = {}
        self._wrapped_column = -1
        self._styles: dict[tuple[str, bool], Style] = {}

    def set_rows(self, rows: list[Row], headers: list[str] | None = None) -> None:
        self.rows = rows
        self._wrapped.clear()  # (texts no longer shown)
        if headers is not None:
            self.headers = headers
        self.cursor = min(self.cursor, max(len(rows) - 1, 0))
        self._measure()

    def update_rows(self, rows: list[Row], headers: list[str] | None = None) -> None:
        """Show ``rows``, measuring and drawing again only the rows that changed (a stream of
        translated paragraphs, an approval) when there are as many as before."""
        if len(rows) != len(self.rows) or (headers is not None and headers != self.headers):
            self.set_rows(rows, headers)
            return
        self._replace(
            {
                index: new
                for index, (old, new) in enumerate(zip(self.rows, rows, strict=True))
                if old is not new and old != new
            }
        )

    def set_row(self, index: int, row: Row) -> None:
        """Replace one row: only it is measured and drawn again."""
        self._replace({index: row})

    def _replace(self, replacements: dict[int, Row]) -> None:
        """Replace rows by index: only they are measured and drawn again, and the rows after
        them move in one pass (warnings arriving for most rows of a long review at once)."""
        if not replacements:
            return
        measured = self._width > 0
        shifts = {}
        for index, row in replacements.items():
            if measured:
                old = self._row_end(index) - self._row_start[index]
                shifts[index] = self._row_height(row) - old
            self.rows[index] = row
            self._drawn.pop(index, None)
        if any(shifts.values()):
            shift = 0
            for index in range(min(shifts), len(self._row_start)):
                self._row_start[index] += shift
                shift += shifts.get(index, 0)
            self._line_count += shift
            self.virtual_size = Size(self._width, self._line_count)
        self.refresh()

    @property
    def row_starts(self) -> list[int]:
        """The line each row starts at, at the current width."""
        return list(self._row_start)

    def row_lines(self, index: int) -> list[Strip]:
        """The lines row ``index`` is drawn with, in the widget's style (for tests and tools)."""
        return [line.apply_style(self.base_style) for line in self._lines_of(index)]

    # --- layout -------------------------------------------------------------------------------

    def on_resize(self) -> None:
        self._measure()

    def notify_style_update(self) -> None:
        """A new theme (or CSS): every colour is resolved again."""
        super().notify_style_update()
        self._styles.clear()
        self._drawn.clear()
        self.refresh()

    def _column_width(self, width: int) -> int:
        columns = max(len(self.headers), 1)
        return max((width - 4 - len(SEPARATOR) * (columns - 1)) // columns, 8)

    def _row_height(self, row: Row) -> int:
        column = self._column_width(self._width)
        if column != self._wrapped_column:
            self._wrapped.clear()
            self._wrapped_column = column
        wrapped = self._wrapped
        height = 1
        for cell in row.cells:
            lines = 0
            for text in (cell.text, *cell.notes):
                count = wrapped.get(text)
                if count is None:
                    count = wrapped[text] = wrapped_line_count(text, column)
                lines += count
            height = max(height, lines)
        return height

    def _row_end(self, index: int) -> int:
        """The line after row ``index``'s last (its blank separator line)."""
        following = index + 1
        next_start = (
            self._row_start[following] if following < len(self._row_start) else self._line_count
        )
        return next_start - 1

    def _measure(self) -> None:
        width = self.scrollable_content_region.width
        if not self.is_mounted or width <= 0:
            return
        self._width = width
        self._drawn.clear()
        self._row_start = []
        line = 2  # the header and a blank line
        for row in self.rows:
            self._row_start.append(line)
            line += self._row_height(row) + 1
        self._line_count = line
        self.virtual_size = Size(width, line)
        self.refresh()

    def _style(self, component: str, current: bool) -> Style:
        """A component's colours resolved against what is behind them (alpha blended, ``auto``
        text colours computed), on the current row's background when ``current``. A partial
        style would drop the blending: ``$boost`` and ``$text`` both came out pure white."""
        key = (component, current)
        style = self._styles.get(key)
        if style is None:
            style = self.get_component_rich_style(component)
            if current:
                highlight = self.get_component_rich_style("parallel--current")
                style += Style(bgcolor=highlight.bgcolor, bold=highlight.bold)
            if component in LEGIBLE:
                style = legible(style)
            self._styles[key] = style
        return style

    def _cell_lines(self, cell: Cell, width: int, current: bool, sentence: int) -> list[Strip]:
        style = self._style(cell.component, current)
        span = cell.sentences[sentence] if current and 0 <= sentence < len(cell.sentences) else None
        # Reverse video of the row's own colours: as legible as the text itself in every theme,
        # and visible with NO_COLOR too.
        highlight = style + Style(reverse=True, bold=True)
        lines = []
        for start, end in wrap_spans(cell.text, width):
            cuts = sorted({start, end, *(min(max(p, start), end) for p in (span or ()))})
            segments = [
                Segment(
                    cell.text[a:b],
                    highlight if span is not None and span[0] <= a and b <= span[1] else style,
                )
                for a, b in zip(cuts, cuts[1:], strict=False)
                if b > a
            ]
            lines.append(Strip(segments).extend_cell_length(width, style))
        notice = self._style("parallel--notice", current)
        for note in cell.notes:
            lines.extend(
                Strip([Segment(text, notice)]).extend_cell_length(width, notice)
                for text in wrap_text(note, width)
            )
        return lines

    def _lines_of(self, index: int) -> list[Strip]:
        drawn = self._drawn.get(index)
        if drawn is not None:
            return drawn
        current = index == self.cursor
        row = self.rows[index]
        column = self._column_width(self._width)
        cells = [self._cell_lines(cell, column, current, self.sentence) for cell in row.cells]
        height = self._row_end(index) - self._row_start[index]
        gutter_style = self._style("parallel--gutter", False)
        separator = Segment(SEPARATOR, gutter_style)
        lines = []
        for y in range(height):
            label = row.label if y == 0 else ""
            # The current row is marked in the gutter too, so it shows without colour.
            marker = "▸" if current and y == 0 else " "
            segments = [Segment(f"{label:>3}{marker}", gutter_style)]
            for number, cell_lines in enumerate(cells):
                if number:
                    segments.append(separator)
                segments.extend(cell_lines[y] if y < len(cell_lines) else Strip.blank(column))
            lines.append(Strip(segments))
        self._drawn[index] = lines
        return lines

    def _header(self) -> Strip:
        header_style = self._style("parallel--header", False)
        column = self._column_width(self._width)
        header = [Segment("    ")]
        for number, title in enumerate(self.headers):
            if number:
                header.append(Segment(SEPARATOR))
            header.extend(
                Strip([Segment(title[:column], header_style)]).extend_cell_length(
                    column, header_style
                )
            )
        return Strip(header)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        line: Strip | None = None
        if index == 0 and self._width > 0:
            line = self._header()
        elif 2 <= index < self._line_count and self._row_start:
            row = bisect.bisect_right(self._row_start, index) - 1
            lines = self._lines_of(row)
            offset = index - self._row_start[row]
            line = lines[offset] if offset < len(lines) else None
        if line is None:
            return Strip([Segment(" " * width, self.base_style)], width)
        return line.crop_extend(scroll_x, scroll_x + width, None).apply_style(self.base_style)

    # --- cursor -------------------------------------------------------------------------------

    def move_to_unit(self, unit: int) -> None:
        """Put the cursor on the row showing the first column's ``unit`` (or the nearest one
        before it), so a view opens where the reader was."""
        rows = [i for i, row in enumerate(self.rows) if row.unit is not None and row.unit <= unit]
        if rows:
            self.cursor = rows[-1]

    @property
    def unit_at_cursor(self) -> int:
        """The first column's unit at the cursor (or the last one above it): where to hand the
        reading pane back to."""
        for row in reversed(self.rows[: self.cursor + 1]):
            if row.unit is not None:
                return row.unit
        return 0

    @property
    def current_row(self) -> Row | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def watch_cursor(self, old: int, new: int) -> None:
        # Only the rows the cursor left and reached look different.
        self._drawn.pop(old, None)
        self._drawn.pop(new, None)
        self.sentence = -1
        self.refresh()
        self._keep_cursor_visible()

    def watch_sentence(self) -> None:
        self._drawn.pop(self.cursor, None)
        self.refresh()

    def _keep_cursor_visible(self) -> None:
        if not self._row_start or not 0 <= self.cursor < len(self._row_start):
            return
        top = self._row_start[self.cursor]
        end = self._row_end(self.cursor) + 1
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

    def action_page(self, pages: float) -> None:
        lines = page_lines(self.scrollable_content_region.height, pages)
        self.scroll_to(y=self.scroll_y + lines, animate=False, immediate=True)
        # Keep the cursor on a paragraph that is on screen.
        visible = [i for i, start in enumerate(self._row_start) if start >= self.scroll_y]
        if visible:
            self.cursor = visible[0] if pages > 0 or self.cursor > visible[0] else self.cursor

    def action_jump(self, to_end: int) -> None:
        if self.rows:
            self.cursor = len(self.rows) - 1 if to_end else 0
