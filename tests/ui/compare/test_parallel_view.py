"""The side-by-side view's layout when rows change in place (a stream of translations, warnings
arriving for most rows of a review at once)."""

from __future__ import annotations

import random

from textual.app import App, ComposeResult

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
