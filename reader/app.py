"""The App: composition root only. Services are built by ``make_app`` and injected, so the CLI,
the tests and the snapshot apps all run the same app."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

from reader.core.library.cache import LibraryCache
from reader.core.review.store import ReviewStore
from reader.core.settings.config import Config, load_config
from reader.core.settings.state import ReadingState
from reader.core.translation.cache import TranslationCache
from reader.core.translation.engine import TranslationEngine
from reader.ui.commands import screen_commands
from reader.ui.library.article_list import ArticleList
from reader.ui.library.main_screen import MainScreen
from reader.ui.reading.document_view import DocumentView
from reader.ui.styles import style_paths

if TYPE_CHECKING:
    from reader.ui.review.review_screen import ReviewScreen

DEFAULT_THEME = "textual-dark"
# A second quit within this long, past review work that cannot be saved, writes it to a file
# and quits.
QUIT_AGAIN_SECONDS = 5.0
QUIT_HINT_TITLE = "Quit?"
# How long ending reader (a confirmed quit, SIGTERM, SIGHUP) gives unsaved review work to be
# saved before it is written to a file instead.
LAST_SAVE_SECONDS = 1.0
# How long an exit on SIGTERM or SIGHUP may take before the process simply ends.
SIGNAL_EXIT_SECONDS = 5.0


class ReaderApp(App[None]):
    TITLE = "reader"
    CSS_PATH = style_paths()  # type: ignore[assignment]
    BINDINGS = [
        # In the reading and translation panes q goes back to the list (a main screen binding),
        # and in a view it closes the view, as in mutt and newsboat: Q quits from anywhere.
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit reader"),
        Binding(
            "Q", "quit", "Quit", show=False, id="app.quit_anywhere", tooltip="Quit from any view"
        ),
        Binding(
            "ctrl+z",
            "suspend_process",
            "Suspend",
            show=False,
            id="app.suspend",
            tooltip="Back to the shell; fg returns to this screen",
        ),
        Binding("question_mark", "help", "Keys", id="app.help", tooltip="Show every key binding"),
        Binding(
            "tab",
            "app.focus_next",
            "Next pane",
            show=False,
            id="app.focus_next",
            tooltip="Move to the next pane",
        ),
        Binding(
            "shift+tab",
            "app.focus_previous",
            "Previous pane",
            show=False,
            id="app.focus_previous",
            tooltip="Move to the previous pane",
        ),
    ]

    def __init__(
        self,
        paths: list[Path],
        state: ReadingState,
        config: Config,
        engine: TranslationEngine,
        reviews: ReviewStore,
        library_cache: LibraryCache,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.state = state
        self.config = config
        self.engine = engine
        self.reviews = reviews
        self.library_cache = library_cache
        if config.keys:
            self.set_keymap(config.keys)
        self._quit_asked = float("-inf")
        self._ending = False

    def on_mount(self) -> None:
        if not self.is_headless:
            # Ended from outside (kill, a closed SSH session): review work is kept and the
            # terminal restored, as on a quit, instead of dying in raw mode with work unsaved.
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(signum, self._end_on_signal, 128 + signum)
        theme = self.config.theme or self.state.setting("theme") or DEFAULT_THEME
        if theme not in self.available_themes:
            self.notify(
                f"Unknown theme {theme!r} in {self.config.path}; using {DEFAULT_THEME}",
                severity="warning",
                timeout=8,
                markup=False,
            )
            theme = DEFAULT_THEME
        self.theme = theme
        self.watch(self, "theme", self._remember_theme, init=False)
        self.app_resume_signal.subscribe(self, self._draw_again)
        for problem in self.config.problems:
            self.notify(problem, title="Config", severity="warning", timeout=10, markup=False)
        if self.config.keys:
            self.call_after_refresh(self._check_keymap)

    def _check_keymap(self) -> None:
        """Remapped ids that name no binding, said once (after the first frame: finding every
        binding imports every screen)."""
        from reader.ui.keymap import keymap_problems, known_binding_ids

        where = str(self.config.path or "config.toml")
        for problem in keymap_problems(self.config.keys, known_binding_ids(), where):
            self.notify(problem, title="Config", severity="warning", timeout=15, markup=False)

    async def action_quit(self) -> None:
        """Every way out (q, Ctrl+Q, the command palette) asks first when review work is not
        saved yet; asked again, it writes that work to a file and quits."""
        waiting = self._unsaved_reviews()
        now = time.monotonic()
        if waiting and now - self._quit_asked > QUIT_AGAIN_SECONDS:
            self._quit_asked = now
            count = sum(len(screen.unsaved) for screen in waiting)
            self.notify(
                f"{count} review change(s) are not saved yet. Quit again to write them to a "
                "file and quit, or wait: they are saved as soon as the database can be written.",
                severity="warning",
                timeout=QUIT_AGAIN_SECONDS,
                markup=False,
            )
            return
        self._end(0)

    def action_help_quit(self) -> None:
        """Ctrl+C: says which keys quit here (as remapped), once while that notice is up."""
        if any(notice.title == QUIT_HINT_TITLE for notice in self._notifications):
            return
        keys = sorted(
            {
                self.get_key_display(active.binding)
                for active in self.screen.active_bindings.values()
                if active.binding.action in ("quit", "app.quit") and active.enabled
            },
            key=lambda key: (len(key), key),
        )
        self.notify(
            f"Press {' or '.join(keys)} to quit reader; q leaves a view.",
            title=QUIT_HINT_TITLE,
            timeout=QUIT_AGAIN_SECONDS,
            markup=False,
        )

    async def on_event(self, event: events.Event) -> None:
        # Keys queued behind a quit (typed ahead, pasted, a slow link catching up) are dropped:
        # acted on, they opened screens in an app that was closing, which crashed it.
        if self._ending and isinstance(event, events.InputEvent):
            return
        await super().on_event(event)

    def _unsaved_reviews(self) -> list[ReviewScreen]:
        from reader.ui.review.review_screen import ReviewScreen

        return [s for s in self.screen_stack if isinstance(s, ReviewScreen) and s.unsaved]

    def _end_on_signal(self, return_code: int) -> None:
        """Ended from outside: as a quit, but certain to end. With the terminal gone (a closed
        SSH session, tmux killing the pane) the orderly exit could wait for ever on a terminal
        that no longer answers, leaving the process behind; unsaved work is in its file by then."""
        deadline = threading.Timer(SIGNAL_EXIT_SECONDS, os._exit, args=(return_code,))
        deadline.daemon = True
        deadline.start()
        self._end(return_code)

    def _end(self, return_code: int) -> None:
        """Exit, first giving unsaved review work a last chance to be saved, then writing what
        is left to a file (named on the terminal after exit)."""
        kept: list[str] = []
        for screen in self._unsaved_reviews():
            screen.flush(LAST_SAVE_SECONDS)
            try:
                path = screen.keep_unsaved_in_file()
            except OSError as error:
                kept.append(f"reader: review changes could not be written anywhere: {error}")
                continue
            if path is not None:
                kept.append(
                    f"reader: review changes that could not be saved are in {path} "
                    "(each paragraph's source and your translation)"
                )
        self._ending = True
        # Text, not markup: a file name with [brackets] is printed as it is.
        self.exit(return_code=return_code, message=Text("\n".join(kept)) if kept else None)

    def get_default_screen(self) -> Screen:
        return MainScreen(
            self.paths,
            self.state,
            self.engine,
            self.reviews,
            self.library_cache,
            translate_ahead=self.config.translate_ahead,
            always_english=self.config.always_english,
        )

    def _draw_again(self, app: App[None]) -> None:
        """Back from Ctrl+Z (``fg``): the terminal kept nothing of the screen; all of it is
        drawn again (Textual alone left out the lines that had not changed, the status line)."""
        self.screen.refresh(repaint=True, layout=True)

    def _remember_theme(self, theme: str) -> None:
        self.state.remember_setting("theme", theme)

    def on_unmount(self) -> None:
        self.state.close()
        if self.engine.cache is not None:
            self.engine.cache.close()
        self.reviews.close()
        self.library_cache.close()

    def help_sections(self) -> list[tuple[str, list[Binding]]]:
        """Every binding the app defines, grouped by where it applies."""

        from reader.ui.compare.compare_screen import CompareScreen
        from reader.ui.compare.parallel_view import ParallelView
        from reader.ui.compare.versions_screen import VersionsScreen
        from reader.ui.review.dialogs import EditScreen
        from reader.ui.review.review_screen import ReviewScreen

        def bindings(owner: type[DOMNode]) -> list[Binding]:
            return [b for b in owner.BINDINGS if isinstance(b, Binding)]

        return [
            ("Everywhere", bindings(ReaderApp) + bindings(MainScreen)),
            ("Article list", bindings(ArticleList)),
            ("Reading and translation panes", bindings(DocumentView)),
            ("Compare, versions and review views", bindings(ParallelView)),
            ("Compare", bindings(CompareScreen)),
            ("Review", bindings(ReviewScreen) + bindings(EditScreen)),
            ("Versions", bindings(VersionsScreen)),
        ]

    def action_help(self) -> None:
        from reader.ui.common.help_dialog import HelpScreen

        self.push_screen(HelpScreen(self.help_sections(), self.config.keys))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from screen_commands(screen)
        yield SystemCommand("Keys", "Show every key binding", self.action_help)


def make_app(
    paths: list[Path],
    *,
    state: ReadingState | None = None,
    config: Config | None = None,
    engine: TranslationEngine | None = None,
    reviews: ReviewStore | None = None,
    library_cache: LibraryCache | None = None,
) -> ReaderApp:
    """Build the app with its services; tests pass their own."""
    return ReaderApp(
        paths,
        state or ReadingState(),
        config or load_config(),
        engine or TranslationEngine(cache=TranslationCache()),
        reviews or ReviewStore(),
        library_cache or LibraryCache(),
    )
