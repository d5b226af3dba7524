"""The footer of every screen: rebuilt only when the keys it shows change, on the screen in front
(Textual's rebuilds itself after every change of bindings, about a frame's time each)."""

from __future__ import annotations

from pathlib import Path

from textual.widget import Widget
from textual.widgets._footer import FooterKey

from reader.ui.common.footer import KeyFooter
from tests.ui.conftest import settle


async def test_a_view_s_footer_is_built_once_and_the_covered_one_is_left_alone(
    build_app, seeds: Path, monkeypatch
) -> None:
    rebuilt: list[str] = []
    recompose = Widget.recompose

    async def counted(self: Widget) -> None:
        if isinstance(self, KeyFooter) and self.is_attached:
            rebuilt.append(type(self.screen).__name__)
        await recompose(self)

    monkeypatch.setattr(Widget, "recompose", counted)
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main_keys = [key.key for key in app.screen.query(FooterKey)]
        rebuilt.clear()
        await pilot.press("c")
        await pilot.pause(0.3)
        assert rebuilt == ["CompareScreen"]  # before: once on the main screen, three times here
        assert [key.key for key in app.screen.query(FooterKey)][:2] == ["question_mark", "escape"]
        await pilot.press("escape")
        await pilot.pause(0.3)
        assert [key.key for key in app.screen.query(FooterKey)] == main_keys
