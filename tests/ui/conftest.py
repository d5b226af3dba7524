from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from textual import events

from reader.app import ReaderApp, make_app
from reader.core.settings.config import Config
from reader.core.settings.state import ReadingState
from reader.core.translation.cache import TranslationCache
from reader.core.translation.decoder import CTranslate2Decoder, LoadDecoder
from reader.core.translation.engine import TranslationEngine
from reader.ui.library.main_screen import MainScreen
from tests.support.decoders import watched


class AheadWatch:
    """Whether translating ahead stood aside (``ReadingAhead.standing_aside``) as each batch
    that ``theirs`` claims started: decoders loaded with ``load_decoder`` report to it once
    ``main`` is set."""

    def __init__(self, theirs: Callable[[Sequence[str]], bool]) -> None:
        self.theirs = theirs
        self.main: MainScreen | None = None
        self.aside: list[bool] = []
        self.load_decoder = watched(self._before_batch)

    def _before_batch(self, sentences: Sequence[str], batches: int) -> None:
        if self.main is not None and self.theirs(sentences):
            self.aside.append(self.main.ahead.standing_aside)


@pytest.fixture
def build_app(packages_dir: Path) -> Callable[..., ReaderApp]:
    """The app as the CLI builds it, with test-local state, cache and packages directory."""

    def build(
        *paths: Path,
        config: Config | None = None,
        load_decoder: LoadDecoder = CTranslate2Decoder.load,
    ) -> ReaderApp:
        engine = TranslationEngine(
            cache=TranslationCache(), package_dirs=[packages_dir], load_decoder=load_decoder
        )
        # Nothing translated ahead unless a test asks for it: the other tests watch what the
        # reader's own keys translate, and which models they load.
        config = config or Config(translate_ahead="off")
        return make_app(list(paths), state=ReadingState(), config=config, engine=engine)

    return build


async def burst(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    """``keys`` as a terminal delivers a burst (typed fast, pasted, a slow link catching up): all
    queued at once, none waiting for the one before it to be handled (``Pilot.press`` waits
    after each key). Returns once the app is idle again."""
    app = pilot.app
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))
    for _ in range(len(keys) + 3):
        await pilot.pause()


def notifications(app) -> list[str]:  # type: ignore[no-untyped-def]
    """Every message ``app`` notifies from now on (screens notify through the app), in order."""
    said: list[str] = []
    notify = app.notify

    def recording(message, *args, **kwargs):  # type: ignore[no-untyped-def]
        said.append(str(message))
        return notify(message, *args, **kwargs)

    app.notify = recording
    return said


async def workers_done(app) -> None:  # type: ignore[no-untyped-def]
    """Wait for every worker to finish, but review's saver and the work ahead of the reader: they
    run as long as their screen is open."""
    waited = [w for w in app.workers if w.group not in ("save", "ahead")]
    if waited:  # (an empty list means "all workers" to Textual)
        await app.workers.wait_for_complete(waited)


async def saved(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until review's saver has saved every change made so far (and the screen shows it)."""
    from reader.ui.review.review_screen import ReviewScreen

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
    """Press r on the open article and wait until review shows its segments, every one checked
    for warnings."""
    from reader.ui.review.review_screen import ReviewScreen

    await pilot.press("r")
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    for _ in range(400):
        await workers_done(pilot.app)
        await pilot.pause()
        if screen.shown and not screen.checking:
            break
        await pilot.pause(0.02)
    return screen
