"""Compare, review and versions open at the paragraph the reader is at, and hand back where the
cursor went; the small-terminal layout keeps their status line and the footer keeps `?`."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.ui.common.footer import KeyFooter
from reader.ui.common.screen_title import ScreenTitle
from reader.ui.compare.compare_screen import CompareScreen
from reader.ui.compare.parallel_view import ParallelView
from reader.ui.compare.versions_screen import VersionsScreen
from reader.ui.reading.article_view import ArticleView
from tests.ui.conftest import settle, start_review


async def open_german_at_paragraph(pilot, paragraph: int) -> ArticleView:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("G")  # 004, German, with a headline: paragraph p is unit p + 1
    await settle(pilot)
    view = pilot.app.screen.query_one(ArticleView)
    view.scroll_to_paragraph(paragraph)
    await pilot.pause()
    assert view.current_paragraph == paragraph
    return view


@pytest.mark.parametrize(("key", "screen_type"), [("c", CompareScreen), ("v", VersionsScreen)])
async def test_side_by_side_views_open_where_the_reader_is_and_hand_back(
    build_app, seeds: Path, german_model: Path, key: str, screen_type: type
) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        reading = await open_german_at_paragraph(pilot, 1)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, screen_type)
        view = app.screen.query_one(ParallelView)
        assert view.unit_at_cursor == 2
        await pilot.press("j", "j", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, screen_type)
        assert reading.current_paragraph == 3  # at the top, with the end of the article below


async def test_review_opens_where_the_reader_is_and_hands_back(
    build_app, seeds: Path, german_model: Path
) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        reading = await open_german_at_paragraph(pilot, 2)
        await start_review(pilot)
        assert app.screen.query_one(ParallelView).unit_at_cursor == 3
        await pilot.press("a")  # approves unit 3 and moves to the next one to do
        await pilot.press("escape")
        await pilot.pause()
        assert reading.current_paragraph == 3


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_small_terminals_keep_the_status_line_and_the_help_key(
    build_app, seeds: Path, german_model: Path, size: tuple[int, int]
) -> None:
    app = build_app(seeds)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        await start_review(pilot)
        title = app.screen.query_one(ScreenTitle)
        lines = str(title.render()).splitlines()
        assert title.region.height == 2 and len(lines) == 2
        assert "approved" in lines[1]  # the status line is not pushed off by a long title
        footer = app.screen.query_one(KeyFooter)
        keys = [key for key in footer.children if getattr(key, "action", None)]
        assert [key.action for key in keys[:2]] == ["help", "quit"] or [
            key.action for key in keys[:1]
        ] == ["help"]
        assert keys[0].region.right <= size[0]  # `?` is on screen
