"""The keys readers bring from less, vim, mutt and newsboat, driven by Pilot."""

from __future__ import annotations

from pathlib import Path

from reader.ui.compare.parallel_view import ParallelView
from reader.ui.library.article_list import ArticleList
from reader.ui.reading.article_view import ArticleView
from reader.ui.reading.document_view import page_lines, position_label
from tests.support.texts import STORY
from tests.ui.conftest import burst, notifications, settle


def test_a_page_keeps_one_line_and_half_a_page_is_half() -> None:
    assert page_lines(30, 1) == 29 and page_lines(30, -1) == -29
    assert page_lines(30, 0.5) == 15 and page_lines(31, -0.5) == -15
    assert page_lines(1, 1) == 1 and page_lines(1, 0.5) == 1  # always some way


def test_the_position_reads_as_vim_says_it() -> None:
    assert position_label(0, 100, 20) == "0%"
    assert position_label(40, 100, 20) == "50%"
    assert position_label(80, 100, 20) == "100%"
    assert position_label(0, 10, 20) == "all"


def long_folder(tmp_path: Path) -> Path:
    (tmp_path / "long.txt").write_text("\n\n".join(STORY * 40))
    return tmp_path


async def test_half_and_full_page_motions_and_the_position(build_app, tmp_path: Path) -> None:
    app = build_app(long_folder(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        await pilot.press("enter")
        height = view.scrollable_content_region.height
        half, page = height // 2, height - 1
        assert str(view.border_subtitle) == "long.txt · 0%"
        expected = [
            ("d", half),
            ("ctrl+d", 2 * half),
            ("u", half),
            ("ctrl+u", 0),
            ("ctrl+f", page),
            ("ctrl+b", 0),
        ]
        for key, scroll_y in expected:
            await pilot.press(key)
            assert view.scroll_y == scroll_y, key
        await pilot.press("G")
        assert str(view.border_subtitle) == "long.txt · 100%"
        await pilot.press("ctrl+u")
        percent = round(100 * (view.max_scroll_y - half) / view.max_scroll_y)
        assert str(view.border_subtitle) == f"long.txt · {percent}%"


async def test_a_short_article_says_it_is_all_on_screen(build_app, tmp_path: Path) -> None:
    (tmp_path / "short.txt").write_text("\n\n".join(STORY[:2]))
    app = build_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.line_count < view.scrollable_content_region.height
        assert str(view.border_subtitle) == "short.txt · all"


async def test_half_pages_in_the_side_by_side_views(build_app, tmp_path: Path) -> None:
    app = build_app(long_folder(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        view = app.screen.query_one(ParallelView)
        half = view.scrollable_content_region.height // 2
        await pilot.press("ctrl+d", "d")
        assert view.scroll_y == 2 * half
        await pilot.press("u")
        assert view.scroll_y == half


async def test_q_leaves_the_pane_then_quits_and_Q_quits_from_anywhere(
    build_app, seeds: Path
) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        await pilot.press("enter")
        assert isinstance(app.focused, ArticleView)
        await pilot.press("q")
        assert app.focused is article_list and app.is_running
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("q")  # a view closes with q
        assert app.screen.query(ArticleList) and app.is_running
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("Q")
        await pilot.pause()
        assert not app.is_running


async def test_ctrl_c_says_how_to_quit_once(build_app, seeds: Path) -> None:
    app = build_app(seeds)
    said = notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "ctrl+c", "ctrl+c")
        assert app.is_running
        assert said == ["Press Q or ^q to quit reader; q leaves a view."]


async def test_z_reads_on_the_whole_screen_and_q_or_esc_come_back(build_app, seeds: Path) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        narrow_width = view.outer_size.width
        await pilot.press("z")
        await pilot.pause()
        assert app.focused is view and app.screen.maximized is view
        assert view.outer_size.width == 80 and view.outer_size.height > 24 // 2 + 5
        assert app.screen.query_one("#status").display  # the status line stays
        await pilot.press("pagedown")
        assert view.scroll_y > 0
        await pilot.press("slash", *"Rat", "enter", "escape")  # Esc ends the search first
        assert not view.searching and app.screen.maximized is view
        await pilot.press("escape")
        assert app.screen.maximized is None and app.focused is view
        await pilot.press("z", "q")
        await pilot.pause()
        assert app.screen.maximized is None and isinstance(app.focused, ArticleList)
        assert view.outer_size.width == narrow_width and app.is_running


async def find_in_reading_pane(pilot, query: str) -> ArticleView:  # type: ignore[no-untyped-def]
    await pilot.press("enter", "slash", *query, "enter")
    return pilot.app.screen.query_one(ArticleView)


def status(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#status").render())


async def test_slash_in_the_reading_pane_finds_in_the_article(build_app, tmp_path: Path) -> None:
    # "Bürger" 30 times, pages apart: n must scroll.
    (tmp_path / "long.txt").write_text("\n\n".join(STORY * 10))
    app = build_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        view = await find_in_reading_pane(pilot, "BURGER")  # accents and case ignored
        assert app.focused is view
        assert "found: 1 of 30" in status(app)  # 3 per "Bürgerinnen und Bürger … Bürgermeister"
        marked = [
            segment.text
            for y in range(view.size.height)
            for segment in view.render_line(y)
            if segment.style and (segment.style.reverse or segment.style.underline)
        ]
        assert marked[:3] == ["Bürger", "Bürger", "Bürger"]
        for _ in range(12):
            await pilot.press("n")
        assert "found: 13 of 30" in status(app)
        current = view._matches.lines[12]
        assert view.scroll_y <= current < view.scroll_y + view.scrollable_content_region.height
        await pilot.press("N", "N")
        assert "found: 11 of 30" in status(app)
        await pilot.press("escape")  # the search ends; the place stays
        assert "found" not in status(app) and not view.searching
        assert app.focused is view


async def test_several_words_in_any_order_and_nothing_found(build_app, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("\n\n".join(STORY))
    (tmp_path / "b.txt").write_text("\n\n".join(reversed(STORY)))
    app = build_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        view = await find_in_reading_pane(pilot, "monat opposition")
        # Only the paragraph with both: "Opposition … Monat" (not "Ende des Monats").
        assert "found: 1 of 2" in status(app) and view._matches.on_line.keys()
        await pilot.press("slash", "ctrl+u", *"zzz-nowhere", "enter")
        assert "found: nothing" in status(app) and view._matches.count == 0
        await pilot.press("q", "j")  # another article ends the search
        assert "found" not in status(app)


async def test_slash_in_the_list_still_searches_the_library_accent_blind(
    build_app, seeds: Path
) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"VEROFFENTLICHEN grok", "enter")
        await pilot.pause()
        article_list = app.screen.query_one(ArticleList)
        assert article_list.row_count == 1
        assert "Warum Elon Musk" in article_list.render_line(1).text


async def test_keys_queued_behind_a_quit_are_dropped(build_app, seeds: Path) -> None:
    # Typed ahead or pasted: "r" after "q" opened review in an app that was closing (a crash).
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await burst(pilot, "q", "r", "c", "v", "question_mark")
    assert app.return_code == 0
