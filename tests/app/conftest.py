from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reader.app import ReaderApp, make_app
from reader.core.config import Config
from reader.core.state import ReadingState


@pytest.fixture
def build_app() -> Callable[..., ReaderApp]:
    """The app as the CLI builds it, with test-local state (the home dirs are per-test)."""

    def build(*paths: Path, config: Config | None = None) -> ReaderApp:
        return make_app(list(paths), state=ReadingState(), config=config or Config())

    return build


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until the library worker is done and every message it sent has been handled."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
