"""The App: composition root only. Services are built by ``make_app`` and injected, so the CLI,
the tests and the snapshot apps all run the same app."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

from reader.core.config import Config, load_config
from reader.core.library_cache import LibraryCache
from reader.core.review import ReviewStore
from reader.core.state import ReadingState
from reader.core.translation.cache import TranslationCache
from reader.core.translation.engine import TranslationEngine
from reader.screens.main import MainScreen
from reader.styles import style_paths
from reader.widgets.article_list import ArticleList
from reader.widgets.document_view import DocumentView

DEFAULT_THEME = "textual-dark"


class ReaderApp(App[None]):
    TITLE = "reader"
    CSS_PATH = style_paths()  # type: ignore[assignment]
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit reader"),
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

    def on_mount(self) -> None:
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
        for problem in self.config.problems:
            self.notify(problem, title="Config", severity="warning", timeout=10, markup=False)

    def get_default_screen(self) -> Screen:
        return MainScreen(self.paths, self.state, self.engine, self.reviews, self.library_cache)

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

        from reader.screens.compare import CompareScreen
        from reader.screens.review import EditScreen, ReviewScreen
        from reader.screens.versions import VersionsScreen
        from reader.widgets.parallel_view import ParallelView

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
        from reader.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.help_sections(), self.config.keys))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        main = next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)
        if main is None:
            return
        for binding in MainScreen.BINDINGS:
            assert isinstance(binding, Binding)
            action = binding.action
            yield SystemCommand(
                binding.description,
                binding.tooltip or binding.description,
                lambda action=action: main.run_action(action),
            )
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
