from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reader.app import ReaderApp, make_app
from reader.core.config import Config
from reader.core.state import ReadingState
from reader.core.translation.cache import TranslationCache
from reader.core.translation.engine import TranslationEngine
from reader.screens.main import MainScreen


@pytest.fixture
def build_app(packages_dir: Path) -> Callable[..., ReaderApp]:
    """The app as the CLI builds it, with test-local state, cache and packages directory."""

    def build(*paths: Path, config: Config | None = None) -> ReaderApp:
        engine = TranslationEngine(cache=TranslationCache(), package_dirs=[packages_dir])
        return make_app(list(paths), state=ReadingState(), config=config or Config(), engine=engine)

    return build


async def workers_done(app) -> None:  # type: ignore[no-untyped-def]
    """Wait for every worker to finish, but review's saver: it runs as long as review is open."""
    waited = [w for w in app.workers if w.group != "save"]
    if waited:  # (an empty list means "all workers" to Textual)
        await app.workers.wait_for_complete(waited)


async def saved(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until review's saver has saved every change made so far (and the screen shows it)."""
    from reader.screens.review import ReviewScreen

    review = next(s for s in pilot.app.screen_stack if isinstance(s, ReviewScreen))
    for _ in range(200):
        if not review.unsaved:
            break
        await pilot.pause(0.02)
    await pilot.pause()


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until the library is loaded and the open article's translation has finished."""
    app = pilot.app
    await workers_done(app)
    await pilot.pause()
    main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
    for _ in range(200):  # the translation starts a moment after an article opens
        article = main.current_article
        translation = main.translations.get(article.id) if article else None
        if article is None or (translation is not None and translation.complete):
            break
        await pilot.pause(0.05)
    await workers_done(app)
    await pilot.pause(0.1)  # the throttled redraw


async def start_review(pilot):  # type: ignore[no-untyped-def]
    """Press r on the open article and wait until review has prepared its segments."""
    from reader.screens.review import ReviewScreen

    await pilot.press("r")
    await workers_done(pilot.app)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen
