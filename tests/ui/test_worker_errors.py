"""No worker fails silently: every class that starts a worker with ``exit_on_error=False`` reports
its failures through the one handler (``reader.ui.worker_errors``), and a failure that no screen
shows in its own way is said in a notification."""

from __future__ import annotations

import ast
import importlib

import pytest
from textual.dom import DOMNode

from reader.ui.worker_errors import ReportsWorkerErrors
from tests.conftest import REPO, SEEDS
from tests.ui.conftest import notifications, settle


def quiet_workers() -> list[tuple[str, str]]:
    """(module, class) of every class in reader/ with a ``@work(..., exit_on_error=False)``."""
    found = []
    for path in sorted((REPO / "reader").rglob("*.py")):
        module = ".".join(path.relative_to(REPO).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            for item in node.body:
                decorators = getattr(item, "decorator_list", [])
                if any(
                    isinstance(d, ast.Call)
                    and any(
                        k.arg == "exit_on_error"
                        and isinstance(k.value, ast.Constant)
                        and k.value.value is False
                        for k in d.keywords
                    )
                    for d in decorators
                ):
                    found.append((module, node.name))
                    break
    return found


def test_every_quiet_worker_reports_through_the_one_handler() -> None:
    owners = quiet_workers()
    assert len(owners) >= 5  # main screen's mixins, review and its saving, versions, models…
    importlib.import_module("reader.app")  # every screen, so that each mixin has its screen
    importlib.import_module("reader.ui.review.review_screen")
    for module, name in owners:
        owner = getattr(importlib.import_module(module), name)
        # A mixin of a screen's (main screen's loading, review's saving): the screens using it.
        screens = [owner] if issubclass(owner, DOMNode) else owner.__subclasses__()
        assert screens, f"{module}.{name} is used by no screen"
        for screen in screens:
            assert issubclass(screen, ReportsWorkerErrors), f"{module}.{name} in {screen}"
    # Only the mixin handles worker state: a screen's own handler would run beside it.
    for path in (REPO / "reader").rglob("*.py"):
        if path.name != "worker_errors.py":
            assert "def on_worker_state_changed" not in path.read_text(encoding="utf-8"), path


async def test_a_worker_failure_no_screen_shows_is_notified(
    build_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.ui.library import loading

    def fails(article):  # type: ignore[no-untyped-def]
        raise OSError("the disk went away")

    monkeypatch.setattr(loading, "with_article_language", fails)
    app = build_app(SEEDS)
    said = notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("L")  # set the language by hand…
        await pilot.press("enter")  # … to "detect again": its worker raises
        expected = "Detecting the language again failed: the disk went away"
        for _ in range(100):  # (waiting for the worker would re-raise its error here)
            if expected in said:
                break
            await pilot.pause(0.05)
        assert expected in said
