"""`M`: replace and remove a model from the TUI, each asked first; Tab completes the path."""

from __future__ import annotations

from pathlib import Path

from reader.core.translation.install import install_model
from reader.core.translation.models import discover_models
from reader.ui.common.confirm_dialog import ConfirmScreen
from reader.ui.models.models_dialog import ModelsScreen
from reader.ui.models.path_input import complete_path
from tests.conftest import ModelFactory
from tests.ui.conftest import settle


def message(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#models-message").render())


async def test_replace_and_remove_ask_first(
    build_app, seeds: Path, packages_dir: Path, model_factory: ModelFactory
) -> None:
    install_model(model_factory(), packages_dir)
    newer = model_factory(version="1.1")
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await app.workers.wait_for_complete()
        await pilot.pause()
        models = app.screen
        assert isinstance(models, ModelsScreen)
        models.query_one("#models-path").value = str(newer)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "already installed" in message(app) and "Ctrl+R replaces it" in message(app)
        await pilot.press("ctrl+r")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # nothing happens
        assert app.screen is models
        assert [m.version for m in discover_models([packages_dir])[0]] == ["1.0"]
        await pilot.press("ctrl+r", "y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Installed translate-de_en 1.1" in message(app) and "replacing 1.0" in message(app)
        assert [m.version for m in discover_models([packages_dir])[0]] == ["1.1"]
        await pilot.press("shift+tab")  # to the table
        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Removed translate-de_en 1.1" in message(app)
        assert discover_models([packages_dir])[0] == []


def test_path_completion(tmp_path: Path) -> None:
    (tmp_path / "translate-de_en-1_9.argosmodel").write_bytes(b"")
    (tmp_path / "translate-de_fr-1_0").mkdir()
    (tmp_path / ".hidden").mkdir()
    base = str(tmp_path)
    assert complete_path(f"{base}/tr") == f"{base}/translate-de_"  # as far as it is unambiguous
    assert complete_path(f"{base}/translate-de_e") == f"{base}/translate-de_en-1_9.argosmodel"
    assert complete_path(f"{base}/translate-de_f") == f"{base}/translate-de_fr-1_0/"
    assert complete_path(f"{base}/translate-de_") is None  # nothing more to add
    assert complete_path(f"{base}/.h") == f"{base}/.hidden/"
    assert complete_path(f"{base}/nothing") is None


async def test_tab_completes_the_path_in_the_dialog(build_app, seeds: Path, tmp_path: Path) -> None:
    (tmp_path / "translate-id_en-1_9.argosmodel").write_bytes(b"")
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await pilot.pause()
        box = app.screen.query_one("#models-path")
        box.value = f"{tmp_path}/trans"
        box.cursor_position = len(box.value)
        await pilot.press("tab")
        assert box.value == f"{tmp_path}/translate-id_en-1_9.argosmodel"
        assert box.has_focus  # completed, not moved away


async def test_a_packages_setting_that_cannot_work_is_said(
    isolated_home: Path, seeds: Path, tmp_path: Path, monkeypatch
) -> None:
    from reader.app import make_app
    from reader.core.settings.config import Config
    from reader.core.settings.state import ReadingState

    blocker = tmp_path / "packages-file"
    blocker.write_text("")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(blocker))
    # As the CLI builds it: the packages directory comes from the settings.
    app = make_app([seeds], state=ReadingState(), config=Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("M")
        for _ in range(100):  # the listing worker fails
            if "a file, not a folder" in message(app):
                break
            await pilot.pause(0.05)
        assert "ARGOS_PACKAGES_DIR is" in message(app) and "a file, not a folder" in message(app)
        assert "could not be listed" in str(app.screen.query_one("#models-broken").render())
