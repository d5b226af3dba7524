"""Read and unread, as newsboat keeps them: a marker, the next unread article, unread only."""

from __future__ import annotations

import shutil
from pathlib import Path

from reader.core.settings.state import ReadingState
from reader.ui.library.article_list import UNREAD_MARKER, ArticleList
from reader.ui.reading.article_view import ArticleView
from tests.ui.conftest import settle


def unread_rows(article_list: ArticleList) -> list[int]:
    return [
        row
        for row in range(article_list.row_count)
        if article_list.render_line(1 + row).text[1] == UNREAD_MARKER
    ]


def opened(app) -> str:  # type: ignore[no-untyped-def]
    return app.screen.query_one(ArticleView).article.path.name[:3]


async def test_an_article_is_read_once_read_in_its_pane(build_app, seeds: Path) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        assert unread_rows(article_list) == [0, 1, 2, 3, 4]
        await pilot.press("j", "j")  # passing over an article does not read it
        assert unread_rows(article_list) == [0, 1, 2, 3, 4]
        await pilot.press("enter")
        assert unread_rows(article_list) == [0, 1, 3, 4]
        await pilot.press("n")  # from the pane: the next unread one, read at once
        assert opened(app) == "003" and unread_rows(article_list) == [0, 1, 4]
        await pilot.press("q", "n")  # from the list: the cursor goes to it, still unread
        assert opened(app) == "004" and unread_rows(article_list) == [0, 1, 4]
        await pilot.press("n")  # wraps round
        assert opened(app) == "000"
        await pilot.press("j", "j", "N")  # read, and marked unread again
        assert unread_rows(article_list) == [0, 1, 2, 4]
    assert len(ReadingState().read_articles()) == 1  # 003, in the state database


async def test_unread_only_is_remembered_per_folder(build_app, seeds: Path) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter", "q", "U")
        article_list = app.screen.query_one(ArticleList)
        assert article_list.row_count == 4
        await pilot.press("j", "enter", "q")
        # An article read now stays listed until U is pressed again: it does not vanish mid-read.
        assert article_list.row_count == 4
        await pilot.press("U", "U")
        assert article_list.row_count == 3
        assert "unread only" in str(app.screen.query_one("#status").render())
    app = build_app(seeds.parent / ".." / seeds.parent.name / seeds.name)  # named another way
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        assert article_list.row_count == 3
        await pilot.press("n")
        await pilot.press("U")
        assert article_list.row_count == 5


async def test_an_article_edited_after_reading_is_unread_again(
    build_app, seeds: Path, tmp_path: Path
) -> None:
    # Read state is kept by the text's hash: an article whose text changed is news again, and
    # one whose file was only touched is not.
    folder = tmp_path / "seeds"
    shutil.copytree(seeds, folder)
    app = build_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "q", "j", "enter", "q")  # 000 and 001 read
    edited, touched = sorted(folder.glob("*.txt"))[:2]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nA paragraph added later.\n")
    touched.write_text(touched.read_text(encoding="utf-8"), encoding="utf-8")
    app = build_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert unread_rows(app.screen.query_one(ArticleList)) == [0, 2, 3, 4]
