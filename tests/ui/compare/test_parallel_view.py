"""The side-by-side view's layout when rows change in place (a stream of translations, warnings
arriving for most rows of a review at once)."""

from __future__ import annotations

import random

from textual.app import App, ComposeResult

from reader.ui.compare import parallel_view
from reader.ui.compare.parallel_view import Cell, ParallelView, Row


class _Views(App[None]):
    def compose(self) -> ComposeResult:
        yield ParallelView(["Original", "English"], id="changed")
        yield ParallelView(["Original", "English"], id="fresh")


def _rows(rng: random.Random, count: int) -> list[Row]:
    def text() -> str:
        return " ".join("wort" for _ in range(rng.randint(1, 40)))

    return [
        Row([Cell(text()), Cell(text(), notes=("⚠ a note",) * rng.randint(0, 2))], str(n), n)
        for n in range(count)
    ]


async def test_rows_changed_in_place_are_laid_out_as_if_shown_afresh() -> None:
    rng = random.Random(5)
    before, after = _rows(rng, 60), _rows(rng, 60)
    app = _Views()
    async with app.run_test(size=(100, 30)) as pilot:
        changed, fresh = (
            app.query_one("#changed", ParallelView),
            app.query_one("#fresh", ParallelView),
        )
        changed.set_rows(before)
        await pilot.pause()
        # Most rows change, some keep their height, the first and last among them.
        mixed = [after[i] if i % 3 else before[i] for i in range(60)]
        changed.update_rows(mixed)
        changed.set_row(0, after[0])
        fresh.set_rows([after[0], *mixed[1:]])
        await pilot.pause()
        assert changed.row_starts == fresh.row_starts
        assert changed.virtual_size == fresh.virtual_size
        assert [changed.row_lines(i) for i in range(60)] == [fresh.row_lines(i) for i in range(60)]


class _LongView(App[None]):
    def compose(self) -> ComposeResult:
        yield ParallelView(["Original", "English"])


def _screen_lines(view: ParallelView) -> list[str]:
    return [view.render_line(y).text for y in range(view.scrollable_content_region.height)]


async def test_a_long_view_measures_what_is_on_screen_first_and_the_rest_after(
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    rng = random.Random(9)
    # Every text its own, so that each is measured once.
    rows = [
        Row([Cell(f"{n} {row.cells[0].text}"), Cell(f"{n}. {row.cells[1].text}")], str(n), n)
        for n, row in enumerate(_rows(rng, 2000))
    ]
    measured: list[str] = []
    count_lines = parallel_view.wrapped_line_count

    def counted(text: str, width: int) -> int:
        measured.append(text)
        return count_lines(text, width)

    monkeypatch.setattr(parallel_view, "wrapped_line_count", counted)
    app = _LongView()
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(ParallelView)
        view.set_rows(rows)
        assert 0 < len(measured) < 2 * 30  # the rows in view, not the article
        for _ in range(20):
            await pilot.pause()
        assert len(measured) == 2 * 2000  # then every row, once
        starts = view.row_starts
        last = len(view.row_lines(1999))
        assert view.virtual_size.height == starts[-1] + last + 1


async def test_a_view_jumped_through_before_it_is_measured_draws_as_a_measured_one() -> None:
    rows = _rows(random.Random(3), 2000)
    app = _Views()
    async with app.run_test(size=(100, 30)) as pilot:
        early, measured = (
            app.query_one("#changed", ParallelView),
            app.query_one("#fresh", ParallelView),
        )
        measured.set_rows(rows)
        assert measured.row_starts  # every row measured
        early.set_rows(rows)
        for view in (early, measured):
            view.cursor = 1500
        await pilot.pause()
        assert early.scroll_y == measured.scroll_y > 0
        assert _screen_lines(early) == _screen_lines(measured)
        for view in (early, measured):
            view.action_jump(1)
        await pilot.pause()
        assert _screen_lines(early) == _screen_lines(measured)
        assert "1999" in "".join(_screen_lines(early))
