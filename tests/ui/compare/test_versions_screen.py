"""The versions column, "also in", and the `v` view."""

from __future__ import annotations

from pathlib import Path

from reader.core.settings.config import Config
from reader.core.versions.grouping import Link
from reader.ui.compare.parallel_view import ParallelView
from reader.ui.compare.versions_screen import GAP, VersionsScreen, version_rows
from reader.ui.library.article_list import ArticleList
from reader.ui.library.main_screen import MainScreen
from reader.ui.reading.article_view import ArticleView
from tests.ui.conftest import AheadWatch, notifications, settle, workers_done


async def test_list_marks_versions_and_reading_pane_says_also_in(build_app, seeds: Path) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        story = [article_list.cells(row)[3] for row in range(5)]
        assert story == ["1", "", "1", "", "1"]
        meta = app.screen.query_one(ArticleView).blocks[1].text
        assert "also in: fr, de (v: versions)" in meta


async def test_versions_view_aligns_with_gaps_and_toggles_english(
    build_app, seeds: Path, german_model: Path
) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(160, 45)) as pilot:  # wide: three columns
        await settle(pilot)
        await pilot.press("v")
        assert isinstance(app.screen, VersionsScreen)
        parallel = app.screen.query_one(ParallelView)
        assert [h.split()[0] for h in parallel.headers] == ["id", "fr", "de"]
        first = parallel.rows[0]
        # The headlines of 002 and 004 share a row; 000 has none: a gap.
        assert first.cells[0].text == GAP
        assert first.cells[1].text.startswith("Why Elon Musk")
        assert first.cells[2].text.startswith("Warum Elon Musk")
        assert len(parallel.rows) == 9 and parallel.rows[1].label == "1"
        await pilot.press("3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert parallel.rows[1].cells[2].text.startswith("After Elon Musk this month")
        await pilot.press("escape")
        assert not isinstance(app.screen, VersionsScreen)


async def test_narrow_versions_view_shows_two_and_swaps(build_app, seeds: Path) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        parallel = app.screen.query_one(ParallelView)
        assert [h.split()[0] for h in parallel.headers] == ["id", "fr"]
        await pilot.press("s")
        assert [h.split()[0] for h in parallel.headers] == ["id", "de"]


async def test_article_without_versions_says_so(build_app, seeds: Path) -> None:
    app = build_app(seeds)
    said = notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "v")  # 001 has no other version
        assert not isinstance(app.screen, VersionsScreen)
        assert any("No other version" in m for m in said)


def test_rows_for_split_and_dropped_paragraphs() -> None:
    units = [["a0", "a1", "a2"], ["b0", "b1", "b2"]]
    links = [[Link((0,), (0, 1)), Link((1,), ()), Link((2,), (2,))]]
    rows = version_rows(units, links, ["1", "2", "3"])
    assert [[c.text for c in row.cells] for row in rows] == [
        ["a0", "b0\n\nb1"],
        ["a1", GAP],
        ["a2", "b2"],
    ]


async def test_a_column_translated_keeps_the_work_ahead_waiting(
    build_app, seeds: Path, german_model: Path
) -> None:
    watch = AheadWatch(
        lambda sentences: any(s.startswith("Nachdem Elon Musk") for s in sentences)
    )  # 004's body, column 3
    # "titles": the work ahead never translates 004's body itself, so the column decodes it.
    app = build_app(seeds, config=Config(translate_ahead="titles"), load_decoder=watch.load_decoder)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        main = watch.main = app.screen
        await pilot.press("v", "3")
        await workers_done(app)  # not the work ahead's, which runs as long as the screen
        await pilot.pause()
        assert watch.aside and all(watch.aside)
        assert not main.ahead.standing_aside
