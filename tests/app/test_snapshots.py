"""Layout snapshots at the two sizes the issue names. Update with `pytest --snapshot-update` after
an intended layout change, and look at the SVGs in the report before committing them."""

from __future__ import annotations

from pathlib import Path

from tests.app.conftest import settle


async def _loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)


def test_wide_layout(snap_compare, build_app, seeds: Path) -> None:
    assert snap_compare(build_app(seeds), terminal_size=(120, 40), run_before=_loaded)


def test_narrow_layout(snap_compare, build_app, seeds: Path) -> None:
    assert snap_compare(build_app(seeds), terminal_size=(80, 24), run_before=_loaded)


def test_help_dialog(snap_compare, build_app, seeds: Path) -> None:
    async def open_help(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("question_mark")

    assert snap_compare(build_app(seeds), terminal_size=(120, 40), run_before=open_help)
