"""The article list on its own: 10,000 rows, drawn only where visible, keys and columns."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult

from reader.core.articles.model import Article, ArticleBody, Paragraph
from reader.ui.library.article_list import CURSOR_MARKER, UNREAD_MARKER, ArticleList
from tests.ui.conftest import burst

ROWS = 10_000


def article(number: int) -> Article:
    return Article(
        id=f"{number:016x}",
        path=Path(f"/library/{number:05d}.txt"),
        encoding="utf-8",
        title=f"Article number {number}",
        title_source="headline",
        words=number % 7 + 1,
        content=ArticleBody(headline=None, paragraphs=(Paragraph("word " * (number % 7 + 1)),)),
        language=("de", "fr", "id")[number % 3],
        languages_detected=True,
    )


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ArticleList(id="list")


def screen_text(app: App[None]) -> str:
    widget = app.query_one(ArticleList)
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


async def test_ten_thousand_rows_are_drawn_only_where_visible() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.query_one(ArticleList)
        widget.show([article(n) for n in range(ROWS)])
        widget.focus()
        await pilot.press("G")
        await pilot.pause()
        assert widget.highlighted_path == "/library/09999.txt"
        assert f"{CURSOR_MARKER}{UNREAD_MARKER}  de" in screen_text(app)
        assert "Article number 9999" in screen_text(app)
        drawn: list[int] = []
        real_cells = widget.cells

        def counting_cells(row: int) -> tuple[str, ...]:
            drawn.append(row)
            return real_cells(row)

        widget.cells = counting_cells  # type: ignore[method-assign]
        widget.refresh()
        await pilot.pause()
        assert drawn and min(drawn) > ROWS - 24  # one screen of rows, not 10,000


async def test_keys_move_the_cursor_by_rows_and_pages() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.query_one(ArticleList)
        widget.show([article(n) for n in range(ROWS)])
        widget.focus()
        await pilot.pause()
        page = widget.scrollable_content_region.height - 1  # minus the header line
        await pilot.press("j", "j", "k")
        assert widget.cursor == 1
        await burst(pilot, *["pagedown"] * 100)  # every key of a burst moves a full page
        assert widget.cursor == 1 + 100 * page
        await pilot.press("g")
        assert widget.cursor == 0
        assert "Article number 0" in screen_text(app)


async def test_sorting_and_filtering_keep_the_cursor_on_the_same_article() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.query_one(ArticleList)
        articles = [article(n) for n in range(ROWS)]
        widget.show(articles)
        widget.move_to(1234)
        widget.sort_key = "language"
        await pilot.pause()
        assert widget.highlighted_path == "/library/01234.txt"
        widget.show(articles[1000:2000], keep=widget.highlighted_path)
        assert widget.row_count == 1000 and widget.highlighted_path == "/library/01234.txt"


async def test_optional_columns_give_way_to_the_title_in_a_narrow_pane() -> None:
    app = ListApp()
    async with app.run_test(size=(30, 10)) as pilot:
        app.query_one(ArticleList).show([article(n) for n in range(3)])
        await pilot.pause()
        header = screen_text(app).splitlines()[0]
        assert "Title" in header and "Rev" not in header
    app = ListApp()
    async with app.run_test(size=(100, 10)) as pilot:
        app.query_one(ArticleList).show([article(n) for n in range(3)])
        await pilot.pause()
        assert "Rev" in screen_text(app).splitlines()[0]


def test_a_hostile_title_is_one_row_of_text() -> None:
    from dataclasses import replace

    hostile = replace(article(0), title="Breaking\n\x1b[2J news \u202eeulb\u2028more")
    row = ArticleList()
    row.show([hostile])
    title = row.cells(0)[-1]
    assert title == "Breaking␊␛[2J news <U+202E>eulb more" and title.isprintable()
