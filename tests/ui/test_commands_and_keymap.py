"""The command palette offers the actions of the screen it is opened on, and key bindings
remapped in config.toml are checked against the bindings that exist."""

from __future__ import annotations

import inspect
from pathlib import Path

from reader.core.settings.config import Config
from reader.ui.compare.compare_screen import CompareScreen
from reader.ui.keymap import keymap_problems, known_binding_ids
from reader.ui.library.main_screen import MainScreen
from tests.ui.conftest import notifications, settle


def titles(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [command.title for command in app.get_system_commands(app.screen)]


async def test_the_palette_lists_the_actions_of_the_screen_it_is_opened_on(
    build_app, seeds: Path
) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        on_main = titles(app)
        assert {"Compare", "Review", "Versions", "Search", "Keys"} <= set(on_main)
        await pilot.press("c")
        assert isinstance(app.screen, CompareScreen)
        on_compare = titles(app)
        assert "Compare" not in on_compare and "Review" not in on_compare
        assert "Keys" in on_compare
        back = next(c for c in app.get_system_commands(app.screen) if c.title == "Back")
        done = back.callback()
        if inspect.isawaitable(done):
            await done
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


def test_every_binding_id_is_known() -> None:
    known = known_binding_ids()
    assert {"app.quit", "main.compare", "list.cursor_down", "review.approve"} <= known
    assert keymap_problems({"main.compare": "C"}, known, "config.toml") == []
    (problem,) = keymap_problems({"main.compaer": "C"}, known, "config.toml")
    assert "keys.main.compaer is not a key binding" in problem
    assert "main.compare" in problem  # the close match


async def test_an_unknown_binding_id_in_config_is_said(build_app, seeds: Path) -> None:
    config = Config(keys={"main.compaer": "C", "main.compare": "C"}, path=Path("config.toml"))
    app = build_app(seeds, config=config)
    said = notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert any("keys.main.compaer is not a key binding" in m for m in said)
        await pilot.press("C")  # the known one still works
        assert isinstance(app.screen, CompareScreen)
