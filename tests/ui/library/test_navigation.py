from __future__ import annotations

import threading
from pathlib import Path

from textual import events
from textual.widgets import Input

from reader.core.settings.config import Config
from reader.ui.common.help_dialog import HelpScreen
from reader.ui.library.article_list import ArticleList
from reader.ui.library.main_screen import MainScreen
from reader.ui.library.skipped_dialog import SkippedFilesScreen
from reader.ui.reading.article_view import ArticleView
from tests.support.texts import STORY
from tests.ui.conftest import burst, notifications, settle


def widgets(app):  # type: ignore[no-untyped-def]
    screen = app.screen
    return screen, screen.query_one(ArticleList), screen.query_one(ArticleView)


async def test_list_fills_and_first_article_opens(build_app, seeds: Path) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen, article_list, view = widgets(app)
        assert article_list.row_count == 5
        assert view.article is not None and view.article.path.name.startswith("000")
        assert view.article.languages_detected
        assert "5 articles" in str(screen.query_one("#status").render())


async def test_a_small_folder_is_listed_whole_in_the_first_frame(build_app, seeds: Path) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)):
        _, article_list, view = widgets(app)  # nothing awaited: the first frame
        assert article_list.row_count == 5
        listed = " ".join(article_list.render_line(y).text for y in range(1, 6))
        assert "Setelah menggugat" in listed and "Warum Elon Musk" in listed
        assert view.article is not None and view.article.path.name.startswith("000")


async def test_a_slow_folder_shows_its_first_article_before_the_rest_is_read(
    build_app, seeds: Path, monkeypatch
) -> None:
    from reader.core.library import loader
    from reader.core.library.cache import LibraryCache

    monkeypatch.setattr(loader, "FIRST_FRAME_SECONDS", 0)  # the first file uses up the time
    real_load = LibraryCache.load
    rest_may_load = threading.Event()

    def hold_the_rest(self, files, stamps=None, **options):  # type: ignore[no-untyped-def]
        if files[0].name[:3] != "000":
            rest_may_load.wait(timeout=30)
        return real_load(self, files, stamps, **options)

    monkeypatch.setattr(LibraryCache, "load", hold_the_rest)
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        try:
            _, article_list, view = widgets(app)
            assert article_list.row_count == 1
            assert view.article is not None and view.article.path.name.startswith("000")
            drawn = " ".join(view.render_line(y).text for y in range(view.size.height))
            assert "Setelah menggugat OpenAI" in drawn
        finally:
            rest_may_load.set()
        await settle(pilot)
        assert article_list.row_count == 5


async def test_a_big_first_file_is_left_to_the_worker(build_app, seeds: Path, monkeypatch) -> None:
    from reader.core.library import loader
    from reader.core.library.cache import LibraryCache

    real_load = LibraryCache.load
    may_load = threading.Event()

    def held(self, files, stamps=None, **options):  # type: ignore[no-untyped-def]
        may_load.wait(timeout=30)
        return real_load(self, files, stamps, **options)

    monkeypatch.setattr(loader, "FIRST_FRAME_BYTES", 100)  # every seed is "big"
    monkeypatch.setattr(LibraryCache, "load", held)
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        try:
            _, article_list, view = widgets(app)
            assert article_list.row_count == 0 and view.article is None  # "Loading…", drawn
        finally:
            may_load.set()
        await settle(pilot)
        assert article_list.row_count == 5
        assert view.article is not None and view.article.path.name.startswith("000")


async def test_a_new_web_page_is_read_by_the_worker_and_from_the_cache_at_once(
    build_app, tmp_path: Path, monkeypatch
) -> None:
    # trafilatura takes longer to import than the first frame takes: a page first seen waits
    # for the worker; once in the cache, it is in the first frame like any other file.
    import sys

    def as_in_a_new_process() -> None:  # trafilatura not imported yet, nor any of its modules
        for name in [m for m in sys.modules if m == "trafilatura" or m.startswith("trafilatura.")]:
            monkeypatch.delitem(sys.modules, name)

    as_in_a_new_process()
    story = "<p>The council approved the budget on Tuesday after a long debate.</p>" * 5
    (tmp_path / "page.html").write_text(
        f"<html><head><title>Budget | Site</title></head><body><article><h1>Budget approved"
        f"</h1>{story}</article></body></html>",
        encoding="utf-8",
    )
    for first_frame_rows in (0, 1):
        app = build_app(tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            _, article_list, _ = widgets(app)  # nothing awaited: the first frame
            assert article_list.row_count == first_frame_rows
            await settle(pilot)
            assert article_list.row_count == 1
            assert "Budget approved" in article_list.render_line(1).text
        as_in_a_new_process()


async def test_j_k_move_and_enter_focuses_reading(build_app, seeds: Path) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        _, article_list, view = widgets(app)
        await pilot.press("j", "j")
        assert view.article.path.name.startswith("002")
        await pilot.press("k")
        assert view.article.path.name.startswith("001")
        await pilot.press("G")
        assert view.article.path.name.startswith("004")
        await pilot.press("g", "enter")
        assert app.focused is view and view.article.path.name.startswith("000")
        await pilot.press("tab")
        assert app.focused.id == "translation"  # the third pane, from 160 columns
        await pilot.press("tab")
        assert app.focused is article_list


async def test_reading_keys_scroll(build_app, seeds: Path) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        _, _, view = widgets(app)
        await pilot.press("enter", "j", "j")
        assert view.scroll_y == 2
        await pilot.press("pagedown")
        page = view.scrollable_content_region.height - 1
        assert view.scroll_y == min(2 + page, view.max_scroll_y)
        await pilot.press("G")
        assert view.scroll_y == view.max_scroll_y > 0
        await pilot.press("g")
        assert view.scroll_y == 0


async def test_burst_of_page_down_moves_one_page_each(build_app, tmp_path: Path) -> None:
    (tmp_path / "long.txt").write_text("\n\n".join(STORY * 200))
    app = build_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        _, _, view = widgets(app)
        await pilot.press("enter")
        page = view.scrollable_content_region.height - 1
        await burst(pilot, *["pagedown"] * 20)
        assert view.scroll_y == 20 * page


async def test_search_filters_by_title_and_text(build_app, seeds: Path) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen, article_list, _ = widgets(app)
        await pilot.press("slash", *"agarwal")  # a name only in 001's body
        assert article_list.row_count == 1
        assert article_list.highlighted_path.endswith(next(seeds.glob("001_*")).name)
        await pilot.press("enter")
        assert app.focused is article_list
        await pilot.press("escape")
        assert article_list.row_count == 5 and screen.search_text == ""


async def test_the_search_is_prepared_in_a_worker_once_the_library_has_loaded(
    build_app, seeds: Path, monkeypatch
) -> None:
    # The first keystroke folded every article's texts: felt with 10,000 articles.
    from reader.ui.library import filters

    on_the_interface: list[str] = []
    fold = filters.fold

    def watched(text: str) -> str:
        if threading.current_thread() is threading.main_thread():
            on_the_interface.append(text[:30])
        return fold(text)

    monkeypatch.setattr(filters, "fold", watched)
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen, article_list, _ = widgets(app)
        await pilot.press("slash", *"agarwal")
        assert article_list.row_count == 1
        assert on_the_interface == []


def test_texts_folded_ahead_are_kept_only_if_still_what_is_searched(seeds: Path) -> None:
    from reader.core.articles.parsing import load_article
    from reader.ui.library.filters import ListFilter

    first, second = (load_article(path) for path in sorted(seeds.glob("*"))[:2])
    search = ListFilter()
    folded = search.folded_ahead([first, second])
    search.add_translations({second.id: "A translation that arrived meanwhile, by Zyxwvu."})
    search.take_folded(folded, [first, second])
    search.search = "zyxwvu"
    assert search.matching([first, second]) == [second]  # not its text folded before


async def test_keys_typed_right_after_slash_go_to_the_search_box(build_app, seeds: Path) -> None:
    # A paste, or keys arriving together over SSH: all are queued before "/" is handled.
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key, character in [("slash", "/"), *((c, c) for c in "agarwal/")]:
            app.post_message(events.Key(key, character))
        await pilot.pause(0.2)
        screen, article_list, _ = widgets(app)
        assert screen.query_one("#search", Input).value == "agarwal/"
        assert screen.search_text == "agarwal/" and article_list.row_count == 0


async def test_language_filter_and_sort(build_app, seeds: Path) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen, article_list, _ = widgets(app)
        await pilot.press("l")
        assert screen.language_filter == "de" and article_list.row_count == 1
        await pilot.press("l", "l")
        assert screen.language_filter == "id" and article_list.row_count == 3
        await pilot.press("l")
        assert screen.language_filter is None and article_list.row_count == 5
        await pilot.press("s")
        assert article_list.sort_key == "title"
        assert article_list.cells(0)[-1].startswith("Elon Musk Bakal")
        await pilot.press("s", "s")
        assert article_list.sort_key == "words"
        assert article_list.cells(0)[1] == "559"


async def test_removed_lines_toggle(build_app, seeds: Path) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        _, _, view = widgets(app)
        await pilot.press("j")  # 001 has a date, a byline and a footer
        lines = view.line_count
        await pilot.press("x")
        assert view.show_removed and view.line_count > lines


async def test_help_lists_every_binding(build_app, seeds: Path) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        listed = {b.id for _, bindings in app.help_sections() for b in bindings}
        assert {"app.quit", "main.search", "list.cursor_down", "reading.page_down"} <= listed
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_empty_folder_has_a_clear_empty_state(build_app, tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        _, article_list, view = widgets(app)
        assert article_list.row_count == 0
        assert view.blocks[0].text == f"No articles in {tmp_path}"


async def test_skipped_files_are_reported(build_app, seeds: Path, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "pic.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(20))
    app = build_app(seeds, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        status = str(app.screen.query_one("#status").render())
        assert "2 file(s) skipped — press ! to see why" in status
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, SkippedFilesScreen)
        assert {e.reason for e in app.screen.skipped} == {"empty file", "binary file (PNG image)"}


async def test_position_and_last_article_are_remembered(build_app, seeds: Path) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "enter", "pagedown", "pagedown")
        _, _, view = widgets(app)
        paragraph = view.current_paragraph
        assert paragraph > 0
    app = build_app(seeds)
    async with app.run_test(size=(100, 30)) as pilot:  # another width: position is a paragraph
        await settle(pilot)
        _, _, view = widgets(app)
        assert view.article.path.name.startswith("002")
        assert view.current_paragraph == paragraph


async def test_theme_is_remembered_and_config_keys_apply(build_app, seeds: Path) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await pilot.pause()
    config = Config(keys={"list.cursor_down": "n"})
    app = build_app(seeds, config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        await pilot.press("n")
        assert app.screen.query_one(ArticleView).article.path.name.startswith("001")


async def test_bad_config_is_reported_not_fatal(build_app, seeds: Path) -> None:
    config = Config(problems=["config.toml: not valid TOML; using defaults"], theme="no-such")
    app = build_app(seeds, config=config)
    said = notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        messages = list(said)
        assert any("not valid TOML" in m for m in messages)
        assert any("Unknown theme" in m for m in messages)
        assert app.theme == "textual-dark"


async def test_narrow_terminal_stacks_panes(build_app, seeds: Path) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen, article_list, view = widgets(app)
        assert screen.has_class("-narrow")
        assert article_list.region.bottom <= view.region.y
        await pilot.press("enter", "pagedown")
        assert view.scroll_y > 0


async def test_titles_are_readable_beside_every_column_from_120_columns(
    build_app, seeds: Path
) -> None:
    # Two panes at 120 columns, each half the width; three only from 160, where each third is as
    # wide as half of 120. Either way the list shows its columns beside 20-odd cells of title.
    for width, panes in ((120, 2), (160, 3)):
        app = build_app(seeds)
        async with app.run_test(size=(width, 40)) as pilot:
            await settle(pilot)
            screen, article_list, view = widgets(app)
            assert screen.query_one("#translation").display == (panes == 3)
            assert abs(article_list.region.width - view.region.width) <= 1
            header = article_list.render_line(0).text
            assert {"Lang", "Words", "EN", "V"} <= set(header.split()), header
            title_start = header.index("Title")
            title = article_list.render_line(1).text[title_start:].rstrip("│ ")
            assert len(title) >= 22, title


async def test_command_palette_offers_actions(build_app, seeds: Path) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"Search", "Sort", "Language", "Keys", "Quit"} <= set(titles)


async def test_a_second_start_lists_languages_from_the_library_cache(
    build_app, seeds: Path, monkeypatch
) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        first = {path: a.language for path, a in app.screen.articles.items()}

    def no_detection(article):  # type: ignore[no-untyped-def]
        raise AssertionError(f"the scan detected {article.path.name} again")

    monkeypatch.setattr("reader.core.library.scan.with_article_language", no_detection)
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert {path: a.language for path, a in screen.articles.items()} == first
        assert "5 articles  ·" in str(screen.query_one("#status").render())


async def test_a_data_dir_that_cannot_be_written_is_reported_and_reading_goes_on(
    build_app, seeds: Path, tmp_path: Path, monkeypatch
) -> None:
    blocker = tmp_path / "not a folder"
    blocker.write_text("")
    monkeypatch.setenv("READER_DATA_DIR", str(blocker / "data"))
    app = build_app(seeds)
    said = notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        screen, _, view = widgets(app)
        assert view.article.path.name.startswith("002")
        assert any("cannot be saved" in m for m in said)
        assert "5 articles  ·" in str(screen.query_one("#status").render())


async def test_a_library_load_that_fails_keeps_what_was_listed_and_says_so(
    build_app, seeds: Path, monkeypatch
) -> None:
    from reader.core.library.cache import LibraryCache

    real_load = LibraryCache.load
    calls: list[int] = []

    def fail_after_the_first(self, files, stamps=None, **options):  # type: ignore[no-untyped-def]
        calls.append(len(files))
        if len(calls) > 1:
            raise OSError("the disk went away")
        return real_load(self, files, stamps, **options)

    monkeypatch.setattr(LibraryCache, "load", fail_after_the_first)
    app = build_app(seeds)
    said = notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):  # the worker fails (wait_for_complete would re-raise it)
            messages = list(said)
            if any("Loading the library stopped" in m for m in messages):
                break
            await pilot.pause(0.05)
        assert any("Loading the library stopped: the disk went away" in m for m in messages)
        assert app.screen.query_one(ArticleList).row_count == 1  # the first article, sent alone
        assert app.is_running


async def test_a_big_library_lists_outlines_first_then_counts_their_words(
    build_app, tmp_path: Path, monkeypatch
) -> None:
    from reader.core.library import helpers as helper_processes
    from reader.core.library import loader
    from reader.core.library import scan as library

    monkeypatch.setattr(library, "HELPER_MIN_FILES", 5)
    monkeypatch.setattr(library, "_cores", lambda: 2)  # helpers even on a one-core machine
    monkeypatch.setattr(loader, "FIRST_FRAME_SECONDS", 0)  # one file before the first frame
    real_articles = helper_processes.OutlinedInHelpers.articles
    may_parse = threading.Event()

    def held(self):  # type: ignore[no-untyped-def]
        may_parse.wait(timeout=30)
        yield from real_articles(self)

    monkeypatch.setattr(helper_processes.OutlinedInHelpers, "articles", held)
    for number in range(8):
        text = f"Headline number {number} of the day\n\n" + "\n\n".join(STORY) + "\n"
        (tmp_path / f"{number:02d}.txt").write_text(text, encoding="utf-8")
    app = build_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        try:
            screen, article_list, view = widgets(app)
            for _ in range(100):
                if article_list.row_count == 8:
                    break
                await pilot.pause(0.05)
            await pilot.pause(0.1)
            # Read whole: the file read before the first frame, and the scan's first (which
            # tells whether the cache knows the folder). The others are outlines.
            assert [article_list.cells(row)[1] for row in range(8)] == ["91"] * 2 + ["…"] * 6
            assert "8 articles, reading the texts… 6 to go" in str(
                screen.query_one("#status").render()
            )
            await pilot.press("j", "j", "enter")  # an outline opens: its text is read then
            drawn = " ".join(view.render_line(y).text for y in range(view.size.height))
            assert "Headline number 2 of the day" in drawn and "… words" in drawn
            assert STORY[0][:30] in drawn
        finally:
            may_parse.set()
        await settle(pilot)
        assert [article_list.cells(row)[1] for row in range(8)] == ["91"] * 8
        drawn = " ".join(view.render_line(y).text for y in range(view.size.height))
        assert "91 words" in drawn and "… words" not in drawn
