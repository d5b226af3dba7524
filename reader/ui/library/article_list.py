"""The article list: one row per article, sortable, filterable by language and by a search query.

A line-API widget: it keeps the rows as a Python list and draws only the visible ones, so
replacing 10,000 rows (a sort, a filter, a search keystroke) costs a sort and a redraw of one
screen, where Textual's DataTable spends a second measuring every row. The screen owns the
articles; this widget only shows the rows it is given and keeps the cursor on the same article
across re-sorting and re-filtering.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from reader.core.articles.model import Article
from reader.core.articles.visible import visible
from reader.ui.common.contrast import legible
from reader.ui.common.line_scroll_view import LineScrollView

SORT_KEYS: dict[str, Callable[[Article], Any]] = {
    "file": lambda article: str(article.path),
    "title": lambda article: article.title.casefold(),
    "language": lambda article: (article.language, article.title.casefold()),
    # Longest first; outlines (not counted yet) after them.
    "words": lambda article: (article.words is None, -(article.words or 0)),
}
_SORTED_COLUMN = {"title": "title", "language": "language", "words": "words"}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    justify: str = "left"


# Title last: it is the one column that may be cut off at the pane's edge. The others are as
# wide as their widest value so far (widths only grow until the rows are replaced, so updating
# one row never measures all of them).
COLUMNS = (
    Column("language", "Lang"),
    Column("words", "Words", "right"),
    Column("english", "EN", "center"),
    Column("story", "V", "right"),
    Column("review", "Rev", "right"),
    Column("title", "Title"),
)
_FIXED = len(COLUMNS) - 1  # the title's index
# When the pane is narrow these columns are left out, in this order, to keep the title readable.
_GIVE_WAY = (4, 3, 2, 1)
MIN_TITLE_WIDTH = 20
_GAP = 2  # cells between columns
CURSOR_MARKER = "▸"
UNREAD_MARKER = "•"  # beside the cursor's place: an article not read yet
# Before a title shown in English: a machine translation, not the article's own title.
ENGLISH_TITLE_MARKER = "≈ "
HEADER_LINES = 1


class ArticleList(LineScrollView, can_focus=True):
    COMPONENT_CLASSES = {
        "article-list--header",
        "article-list--cursor",
        "article-list--odd",
    }

    BINDINGS = [
        Binding(
            "j,down",
            "move(1)",
            "Down",
            show=False,
            id="list.cursor_down",
            tooltip="Next article",
        ),
        Binding(
            "k,up", "move(-1)", "Up", show=False, id="list.cursor_up", tooltip="Previous article"
        ),
        Binding(
            "pagedown,space",
            "page(1)",
            "Page down",
            show=False,
            id="list.page_down",
            tooltip="One page of articles down",
        ),
        Binding(
            "pageup",
            "page(-1)",
            "Page up",
            show=False,
            id="list.page_up",
            tooltip="One page of articles up",
        ),
        Binding("g,home", "first", "First", show=False, id="list.first", tooltip="First article"),
        Binding("G,end", "last", "Last", show=False, id="list.last", tooltip="Last article"),
        Binding(
            "enter",
            "choose",
            "Read",
            id="list.open",
            tooltip="Open the article in the reading pane",
        ),
    ]

    sort_key: reactive[str] = reactive("file")
    """Which of ``SORT_KEYS`` orders the rows."""

    show_english_titles: reactive[bool] = reactive(True)
    """Whether titles translated ahead are shown in English (marked) instead of the original."""

    @dataclass
    class ArticleHighlighted(Message):
        article_path: str

    @dataclass
    class ArticleChosen(Message):
        article_path: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: list[Article] = []
        self._row_of: dict[str, int] = {}  # article path -> row
        self.cursor = 0
        self._translated: set[str] = set()  # ids of articles with a cached English translation
        self._stories: dict[str, str] = {}  # article id -> number of its group of versions
        self._review: dict[str, str] = {}  # article id -> "approved/total" paragraphs
        self._english_titles: dict[str, str] = {}  # article id -> its title translated
        self.read: set[str] = set()  # ids of the articles read (the screen's set)
        self._widths = _label_widths()

    # --- rows ---------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._shown)

    @property
    def rows(self) -> list[Article]:
        """The articles shown, in the order shown."""
        return list(self._shown)

    @property
    def highlighted_path(self) -> str | None:
        return str(self._shown[self.cursor].path) if self._shown else None

    def row_of(self, path: str) -> int | None:
        return self._row_of.get(path)

    def cells(self, row: int) -> tuple[str, ...]:
        """The text of each column of ``row``, as drawn (before cutting to width)."""
        article = self._shown[row]
        language = article.language if article.languages_detected else "…"
        # ✓ translated (cached), = already English; symbols, not colour, carry the state.
        english = "=" if article.language == "en" else "✓" if article.id in self._translated else ""
        return (
            language,
            "…" if article.words is None else str(article.words),
            english,
            self._stories.get(article.id, ""),
            self._review.get(article.id, ""),
            visible(self.title_of(article)),  # one row: no newline, ESC or bidi override
        )

    def title_of(self, article: Article) -> str:
        """The title as listed: in English (marked) once translated, unless switched off."""
        english = self._english_titles.get(article.id) if self.show_english_titles else None
        return ENGLISH_TITLE_MARKER + english if english else article.title

    def show(self, articles: Iterable[Article], keep: str | None = None) -> None:
        """Replace the rows, keeping the cursor on ``keep`` (an article path) when it is shown."""
        before = self.highlighted_path
        self._shown = sorted(articles, key=SORT_KEYS[self.sort_key])
        self._row_of = {str(article.path): row for row, article in enumerate(self._shown)}
        self._widths = _label_widths()
        self._measure(range(self.row_count))
        row = self._row_of.get(keep) if keep is not None else None
        self._resize()
        self.refresh()
        self.move_to(row if row is not None else min(self.cursor, max(self.row_count - 1, 0)))
        if self.highlighted_path != before and self.highlighted_path is not None:
            self.post_message(self.ArticleHighlighted(self.highlighted_path))

    def append(self, articles: list[Article]) -> None:
        """Add rows at the end (only valid in file order with nothing filtered out)."""
        was_empty = not self._shown
        start = len(self._shown)
        for article in articles:
            self._row_of[str(article.path)] = len(self._shown)
            self._shown.append(article)
        grew = self._measure(range(start, self.row_count))
        self._resize()
        # Rows added below the screen change only the scrollbar (``_resize`` repaints it).
        if grew or start < int(self.scroll_y) + self._visible_rows:
            self.refresh()
        if was_empty and self._shown:
            self.move_to(0)
            self.post_message(self.ArticleHighlighted(str(self._shown[0].path)))

    def update_article(self, article: Article) -> None:
        """Show a newer version of an article (language detected, for example) where it is."""
        row = self._row_of.get(str(article.path))
        if row is not None:
            self._shown[row] = article
            if self._measure([row]):
                self.refresh()
            else:
                self._refresh_row(row)

    def set_stories(self, stories: dict[str, str], articles: Iterable[Article]) -> None:
        """Mark versions of one story with the same number (``V`` column)."""
        self._stories = stories
        self._measure(range(self.row_count))
        self.refresh()

    def set_review(self, progress: dict[str, str], articles: Iterable[Article]) -> None:
        """Review progress per article ("5/8" approved)."""
        self._review = progress
        self._measure(range(self.row_count))
        self.refresh()

    def set_translated(self, article: Article, translated: bool) -> None:
        if translated:
            self._translated.add(article.id)
        else:
            self._translated.discard(article.id)
        self.update_article(article)

    def set_english_titles(self, titles: dict[str, str]) -> None:
        """More titles in English (by article id), shown at the next redraw of the rows on
        screen (a line API: the rest are drawn when scrolled to)."""
        self._english_titles.update(titles)
        if self.show_english_titles and titles:
            self.refresh()

    def watch_show_english_titles(self) -> None:
        self.refresh()

    def watch_sort_key(self) -> None:
        if self.is_mounted:
            self.show(list(self._shown), keep=self.highlighted_path)
            self.refresh()

    def _measure(self, rows: Iterable[int]) -> bool:
        """Widen the fixed columns to fit ``rows``; true when a column grew."""
        widths = list(self._widths)
        for row in rows:
            for column, value in enumerate(self.cells(row)[:_FIXED]):
                if len(value) > widths[column]:
                    widths[column] = len(value)
        grew = widths != self._widths
        self._widths = widths
        return grew

    # --- cursor -------------------------------------------------------------------------------

    def move_to(self, row: int) -> None:
        """Put the cursor on ``row`` (clamped) and scroll it into view, at once."""
        if not self._shown:
            self.cursor = 0
            self.refresh()
            return
        row = max(0, min(row, self.row_count - 1))
        changed = row != self.cursor
        self._refresh_row(self.cursor)
        self.cursor = row
        self._refresh_row(row)
        visible = self._visible_rows
        if row < self.scroll_y:
            self.scroll_to(y=row, animate=False, immediate=True, force=True)
        elif row >= self.scroll_y + visible:
            self.scroll_to(y=row - visible + 1, animate=False, immediate=True, force=True)
        if changed:
            self.post_message(self.ArticleHighlighted(str(self._shown[row].path)))

    @property
    def _visible_rows(self) -> int:
        return max(self.scrollable_content_region.height - HEADER_LINES, 1)

    def action_move(self, rows: int) -> None:
        self.move_to(self.cursor + rows)

    def action_page(self, direction: int) -> None:
        self.move_to(self.cursor + direction * self._visible_rows)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self.row_count - 1)

    def action_choose(self) -> None:
        if self.highlighted_path is not None:
            self.post_message(self.ArticleChosen(self.highlighted_path))

    def on_click(self, event: events.Click) -> None:
        row = int(self.scroll_y) + event.y - HEADER_LINES
        if event.y < HEADER_LINES or not 0 <= row < self.row_count:
            return
        if row == self.cursor:
            self.action_choose()
        else:
            self.move_to(row)

    # --- drawing ------------------------------------------------------------------------------

    def _resize(self) -> None:
        size = Size(self.scrollable_content_region.width, self.row_count + HEADER_LINES)
        if size != self.virtual_size:
            # Setting ``virtual_size`` lays out the whole screen; rows arriving in batches while
            # a library loads would pay that every batch. Only the scrollbars depend on it (and
            # a scrollbar appearing still lays out), as in Textual's own ``_size_updated``.
            self.set_reactive(ArticleList.virtual_size, size)
            self._scroll_update(size)

    def on_resize(self) -> None:
        self._resize()
        self.refresh()
        self.move_to(self.cursor)

    def _refresh_row(self, row: int) -> None:
        y = row - int(self.scroll_y) + HEADER_LINES
        if HEADER_LINES <= y < self.size.height:
            self.refresh_line(y)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.base_style
        if y < HEADER_LINES:
            labels = [
                column.label + (" ▼" if _SORTED_COLUMN.get(self.sort_key) == column.key else "")
                for column in COLUMNS
            ]
            style = base + self.get_component_rich_style("article-list--header")
            return self._strip("  ", labels, width, style)
        row = int(self.scroll_y) + y - HEADER_LINES
        if row >= self.row_count:
            return Strip([Segment(" " * width, base)], width)
        style = base
        if row % 2:
            style += self.get_component_rich_style("article-list--odd")
        # The cursor is a marker as well as a colour: without colour (NO_COLOR, a monochrome
        # terminal) the marker still shows where it is.
        marker = " "
        if row == self.cursor:
            style = legible(style + self.get_component_rich_style("article-list--cursor"))
            marker = CURSOR_MARKER
        marker += " " if self._shown[row].id in self.read else UNREAD_MARKER
        return self._strip(marker, self.cells(row), width, style)

    def refresh_article(self, article: Article) -> None:
        """Draw ``article``'s row again (it was read, or marked unread)."""
        row = self._row_of.get(str(article.path))
        if row is not None:
            self._refresh_row(row)

    def _strip(self, marker: str, values: Sequence[str], width: int, style: Style) -> Strip:
        shown = self._columns_for(width)
        widths = [self._widths[c] for c in shown]
        title_width = max(width - len(marker) - sum(widths) - _GAP * (len(shown) + 1), 0)
        cells = [marker]
        for column, column_width in zip([*shown, _FIXED], [*widths, title_width], strict=True):
            cells.append(_fit(values[column], column_width, COLUMNS[column].justify))
        line = (" " * _GAP).join(cells)
        return Strip([Segment(line, style)]).crop_extend(0, width, style)

    def _columns_for(self, width: int) -> list[int]:
        """The fixed columns that fit beside a readable title: in a narrow pane the optional
        ones give way (review, versions, English, words: the reading pane says the same)."""
        shown = list(range(_FIXED))
        for optional in _GIVE_WAY:
            room = width - 1 - sum(self._widths[c] for c in shown) - _GAP * (len(shown) + 1)
            if room >= MIN_TITLE_WIDTH:
                break
            shown.remove(optional)
        return shown


def _label_widths() -> list[int]:
    """The fixed columns' widths before any row: their labels, with room for a sort arrow."""
    sortable = set(_SORTED_COLUMN.values())
    return [len(c.label) + 2 * (c.key in sortable) for c in COLUMNS[:_FIXED]]


def _fit(value: str, width: int, justify: str) -> str:
    """``value`` in exactly ``width`` cells: cut with "…" when too long, padded when short."""
    if cell_len(value) > width:
        value = set_cell_size(value, max(width - 1, 0)) + "…" if width else ""
    pad = width - cell_len(value)
    if justify == "right":
        return " " * pad + value
    if justify == "center":
        return " " * (pad // 2) + value + " " * (pad - pad // 2)
    return value + " " * pad
