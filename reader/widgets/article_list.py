"""The article list: one row per article, sortable, filterable by language and by a search query.

The screen owns the articles; this widget only shows the rows it is given and keeps the cursor on
the same article across re-sorting and re-filtering.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable

from reader.core.articles import Article

SORT_KEYS: dict[str, Callable[[Article], Any]] = {
    "file": lambda article: str(article.path),
    "title": lambda article: article.title.casefold(),
    "language": lambda article: (article.language, article.title.casefold()),
    "words": lambda article: -article.words,
}
_SORTED_COLUMN = {"title": "title", "language": "language", "words": "words"}
# Title last: it is the one column that may be cut off at the pane's edge.
_COLUMNS = (
    ("language", "Lang"),
    ("words", "Words"),
    ("english", "EN"),
    ("story", "V"),
    ("review", "Rev"),
    ("title", "Title"),
)


class ArticleList(DataTable[Text], inherit_bindings=False):
    BINDINGS = [
        Binding(
            "j,down",
            "cursor_down",
            "Down",
            show=False,
            id="list.cursor_down",
            tooltip="Next article",
        ),
        Binding(
            "k,up", "cursor_up", "Up", show=False, id="list.cursor_up", tooltip="Previous article"
        ),
        Binding(
            "pagedown,space",
            "page_down",
            "Page down",
            show=False,
            id="list.page_down",
            tooltip="One page of articles down",
        ),
        Binding(
            "pageup",
            "page_up",
            "Page up",
            show=False,
            id="list.page_up",
            tooltip="One page of articles up",
        ),
        Binding(
            "g,home", "scroll_top", "First", show=False, id="list.first", tooltip="First article"
        ),
        Binding(
            "G,end", "scroll_bottom", "Last", show=False, id="list.last", tooltip="Last article"
        ),
        Binding(
            "enter",
            "select_cursor",
            "Read",
            id="list.open",
            tooltip="Open the article in the reading pane",
        ),
    ]

    sort_key: reactive[str] = reactive("file")
    """Which of ``SORT_KEYS`` orders the rows."""

    @dataclass
    class ArticleHighlighted(Message):
        article_path: str

    @dataclass
    class ArticleChosen(Message):
        article_path: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._shown: list[Article] = []
        self._translated: set[str] = set()  # ids of articles with a cached English translation
        self._stories: dict[str, str] = {}  # article id -> number of its group of versions
        self._review: dict[str, str] = {}  # article id -> "approved/total" paragraphs

    def on_mount(self) -> None:
        for key, label in _COLUMNS:
            self.add_column(label, key=key)

    def _cells(self, article: Article) -> tuple[Text, ...]:
        language = article.language if article.languages_detected else "…"
        # ✓ translated (cached), = already English; symbols, not colour, carry the state.
        english = "=" if article.language == "en" else "✓" if article.id in self._translated else ""
        return (
            Text(language),
            Text(str(article.words), justify="right"),
            Text(english, justify="center"),
            Text(self._stories.get(article.id, ""), justify="right"),
            Text(self._review.get(article.id, ""), justify="right"),
            Text(article.title, no_wrap=True, overflow="ellipsis"),
        )

    def set_stories(self, stories: dict[str, str], articles: Iterable[Article]) -> None:
        """Mark versions of one story with the same number (``V`` column)."""
        self._stories = stories
        for article in articles:
            self.update_article(article)

    def set_review(self, progress: dict[str, str], articles: Iterable[Article]) -> None:
        """Review progress per article ("5/8" approved)."""
        self._review = progress
        for article in articles:
            self.update_article(article)

    def set_translated(self, article: Article, translated: bool) -> None:
        if translated:
            self._translated.add(article.id)
        else:
            self._translated.discard(article.id)
        self.update_article(article)

    def show(self, articles: Iterable[Article], keep: str | None = None) -> None:
        """Replace the rows, keeping the cursor on ``keep`` (an article path) when it is shown."""
        ordered = sorted(articles, key=SORT_KEYS[self.sort_key])
        if [a.path for a in ordered] == [a.path for a in self._shown]:
            self._shown = ordered
            for article in ordered:
                self.update_article(article)
            return
        self._shown = ordered
        self.clear()
        for article in ordered:
            self.add_row(*self._cells(article), key=str(article.path))
        self._label_columns()
        if keep is not None and keep in self.rows:
            self.move_cursor(row=self.get_row_index(keep), animate=False)

    def append(self, articles: list[Article]) -> None:
        """Add rows at the end (only valid in file order with nothing filtered out)."""
        self._shown.extend(articles)
        for article in articles:
            self.add_row(*self._cells(article), key=str(article.path))

    def update_article(self, article: Article) -> None:
        key = str(article.path)
        if key in self.rows:
            for (column, _), value in zip(_COLUMNS, self._cells(article), strict=True):
                self.update_cell(key, column, value, update_width=True)

    @property
    def highlighted_path(self) -> str | None:
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    def watch_sort_key(self) -> None:
        if self.is_mounted:
            self.show(list(self._shown), keep=self.highlighted_path)

    def _label_columns(self) -> None:
        for key, label in _COLUMNS:
            arrow = " ▼" if _SORTED_COLUMN.get(self.sort_key) == key else ""
            self.columns[key].label = Text(label + arrow)  # type: ignore[index]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.ArticleHighlighted(event.row_key.value))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.ArticleChosen(event.row_key.value))
