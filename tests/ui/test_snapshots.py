"""Layout snapshots: the main screen at 120x40, 80x24 and 60x20, the help dialog, and compare,
versions and review at 120x40 and 80x24 in a dark and a light theme, and at 60x20 in the dark
one (their colours are checked in every theme by test_theme_contrast.py). Update with
`pytest --snapshot-update` after an intended layout change, and look at the SVGs in the report
before committing them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.conftest import settle, workers_done


async def _loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)


def test_wide_layout(snap_compare, build_app, seeds: Path) -> None:
    assert snap_compare(build_app(seeds), terminal_size=(160, 40), run_before=_loaded)


def test_two_pane_layout(snap_compare, build_app, seeds: Path) -> None:
    assert snap_compare(build_app(seeds), terminal_size=(120, 40), run_before=_loaded)


def test_narrow_layout(snap_compare, build_app, seeds: Path) -> None:
    assert snap_compare(build_app(seeds), terminal_size=(80, 24), run_before=_loaded)


def test_help_dialog(snap_compare, build_app, seeds: Path) -> None:
    async def open_help(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("question_mark")

    assert snap_compare(build_app(seeds), terminal_size=(120, 40), run_before=open_help)


def _view(key: str, theme: str):  # type: ignore[no-untyped-def]
    """Open the German article (seed 004), go down a paragraph and a sentence in view ``key``."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.theme = theme
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        await pilot.press(key)
        await workers_done(pilot.app)
        await pilot.pause()
        await pilot.press("j", "l")
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("key", ["c", "v", "r"], ids=["compare", "versions", "review"])
@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_work_views(
    snap_compare, build_app, seeds: Path, german_model: Path, key: str, theme: str, size
) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(build_app(seeds), terminal_size=size, run_before=_view(key, theme))


@pytest.mark.parametrize("key", ["c", "v", "r"], ids=["compare", "versions", "review"])
def test_work_views_at_60x20(
    snap_compare, build_app, seeds: Path, german_model: Path, key: str
) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        build_app(seeds), terminal_size=(60, 20), run_before=_view(key, "textual-dark")
    )


def test_list_and_reading_pane_at_60x20(snap_compare, build_app, seeds: Path) -> None:
    assert snap_compare(build_app(seeds), terminal_size=(60, 20), run_before=_loaded)
