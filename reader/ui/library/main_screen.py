"""The main screen: article list, reading pane, translation pane, search bar and status line.

Its jobs live apart: loading the library (``loading``), translating the open article
(``translating``), translating ahead of the reader (``ahead``), which articles are listed
(``filters``) and the status line (``status``); this module composes the screen, opens
articles and runs the actions of its keys.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import Worker

from reader.core.articles.model import Article, LoadError
from reader.core.language.articles import ChosenLanguages
from reader.core.library.cache import LibraryCache
from reader.core.library.loader import LibraryLoader
from reader.core.review.checks import KnownWarnings
from reader.core.review.store import ReviewStore
from reader.core.settings.config import ALL_LANGUAGES, DEFAULT_AHEAD
from reader.core.settings.paths import printable
from reader.core.settings.state import ReadingState
from reader.core.translation.ahead import ReadingAhead
from reader.core.translation.article import ArticleTranslation
from reader.core.translation.engine import TranslationEngine
from reader.core.translation.translator import ArticleTranslator
from reader.ui.common.footer import KeyFooter
from reader.ui.library.ahead import TranslatingAhead
from reader.ui.library.article_list import SORT_KEYS, ArticleList
from reader.ui.library.filters import ListFilter
from reader.ui.library.loading import LibraryLoading
from reader.ui.library.main_bindings import MAIN_BINDINGS
from reader.ui.library.status import LoadProgress, status_line
from reader.ui.library.translating import TranslationScheduling
from reader.ui.reading.article_view import ArticleView
from reader.ui.reading.document_view import DocumentView
from reader.ui.reading.translation_view import TranslationView
from reader.ui.worker_errors import ReportsWorkerErrors

if TYPE_CHECKING:
    from reader.core.versions.grouping import VersionGroup

# Below this width the panes stack instead of standing side by side.
NARROW_WIDTH = 100
# From this width up, the translation pane stands beside the reading pane. Below it the list and
# the reading pane share the width, which leaves the list room for its columns and a readable
# title (three panes at 120 columns left 15 cells of title); `t` and `c` show the English there.
WIDE_WIDTH = 160
TARGET_LANGUAGE = "en"


# The reading state's setting that holds the languages T made open in English.
ALWAYS_ENGLISH_SETTING = "always_english"


class MainScreen(
    LibraryLoading, TranslationScheduling, TranslatingAhead, ReportsWorkerErrors, Screen[None]
):
    BINDINGS = MAIN_BINDINGS
    # Full screen (z) keeps the search in the article, the status line and the keys.
    ALLOW_IN_MAXIMIZED_VIEW = "#find, #status, KeyFooter"
    # Esc ends a search in the article first, then full screen (action_clear_search).
    ESCAPE_TO_MINIMIZE = False
    WORKER_FAILURES: ClassVar[dict[str, str]] = {
        "detection": "Detecting the language again failed",
        "ahead": "Translating ahead stopped",
        "checks-ahead": "Checking the translation for review's warnings failed",
        "search": "Preparing the list's search failed (it folds as you type instead)",
    }

    language_filter: reactive[str | None] = reactive(None)
    """Only articles in this language are listed; ``None`` lists all."""

    search_text: reactive[str] = reactive("")
    """Case-insensitive text that listed articles contain in their title or body."""

    def __init__(
        self,
        paths: list[Path],
        state: ReadingState,
        engine: TranslationEngine,
        reviews: ReviewStore,
        library_cache: LibraryCache,
        translate_ahead: str = DEFAULT_AHEAD,
        always_english: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__()
        self.paths = paths
        self.state = state
        self.engine = engine
        self.reviews = reviews
        self.library_cache = library_cache
        self.translator = ArticleTranslator(engine, TARGET_LANGUAGE, library_cache)
        self.ahead = ReadingAhead(self.translator, translate_ahead)
        self.ahead_status: str | None = None
        self.find_status: str | None = None  # the search in an article, while there is one
        self._find_in: DocumentView | None = None  # the pane it searches
        # Languages whose articles open in English: from config.toml, and those T added.
        self._configured_english = always_english
        remembered = state.setting(ALWAYS_ENGLISH_SETTING) or ""
        self.always_english = set(always_english) | {c for c in remembered.split(",") if c}
        # What `t` last chose for articles not in those languages (kept from one to the next).
        self._reading_in_english = False
        # Whether English is shown under each paragraph when it is shown (the third `t`).
        self._bilingual = False
        self.chosen = ChosenLanguages(state.chosen_languages())
        self.loader = LibraryLoader(
            paths,
            library_cache,
            translations=engine.cache,
            reviews=reviews,
            target=TARGET_LANGUAGE,
            outlines=True,
            chosen=self.chosen,
        )
        self.translations: dict[str, ArticleTranslation] = {}  # by article id, this session
        self.known_warnings = KnownWarnings()
        self.filter = ListFilter()
        self.read = state.read_articles()  # ids; an article is read once read in its pane
        if state.setting(self._unread_only_key) == "1":
            self.filter.hidden_read = frozenset(self.read)
        self._translate_timer: Timer | None = None
        self.version_groups: dict[str, VersionGroup] = {}  # by member article id
        self._reported: set[str] = set()
        self._redraw_pending = False
        self.articles: dict[str, Article] = {}  # by path, in the order files were found
        self.skipped: list[LoadError] = []
        self.progress = LoadProgress()
        self._restore_path = state.last_article(self._library_key)
        self._opened: str | None = None

    @property
    def _library_key(self) -> Path:
        return self.paths[0] if len(self.paths) == 1 else Path("\n".join(map(str, self.paths)))

    @property
    def _unread_only_key(self) -> str:
        # The folder as the last article read in it is stored: the same whichever way it is
        # named (``seeds``, ``./seeds/``, an absolute path).
        return f"unread_only:{printable(self._library_key.resolve())}"

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield ArticleList(id="article-list")
            yield ArticleView(id="reading")
            yield TranslationView(id="translation")
        yield Input(
            placeholder="Search titles and text…  (Enter: go to list, Esc: clear)", id="search"
        )
        yield Input(
            placeholder="Find in this article…  (Enter: back to the text, then n / N; Esc: clear)",
            id="find",
        )
        yield Static(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(ArticleView).show_notice(
            "Loading…", "Reading " + ", ".join(str(p) for p in self.paths)
        )
        article_list = self.query_one(ArticleList)
        article_list.read = self.read
        article_list.focus()
        self._start_loading()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW_WIDTH, "-narrow")
        self.set_class(NARROW_WIDTH <= self.size.width < WIDE_WIDTH, "-medium")

    def worker_failed(self, worker: Worker[object], what: str) -> bool:
        if worker.group == "library":
            # What was listed stays; the rest of the library would never come, so say so.
            self.notify(
                f"Loading the library stopped: {worker.error}. The articles listed can be "
                "read; restart reader to try the rest again.",
                title="Library",
                severity="error",
                timeout=30,
                markup=False,
            )
            return True
        if worker.group == "translation":
            self.translation_failed(worker.error)
            return True
        return False

    # --- status -------------------------------------------------------------------------------

    def _update_status(self) -> None:
        article_list = self.query_one(ArticleList)
        status = status_line(
            self.progress,
            len(self.articles),
            None if self.filter.unfiltered else article_list.row_count,
            self.filter.language,
            self.filter.search,
            article_list.sort_key,
            len(self.skipped),
            self.ahead_status,
            self.find_status,
            unread_only=self.filter.hidden_read is not None,
        )
        # One line of fixed height: repainting it needs no new layout of the screen.
        self.query_one("#status", Static).update(status, layout=False)

    def _report_problems(self) -> None:
        """A damaged file set aside, or a store that cannot be written: say so, once each."""
        for problem in (
            self.reviews.recovered,
            *self.translator.problems,
            self.library_cache.recovered,
            self.library_cache.problem,
            self.state.recovered,
            self.state.problem,
        ):
            if problem and problem not in self._reported:
                self._reported.add(problem)
                self.notify(
                    problem, title="Recovered", severity="warning", timeout=20, markup=False
                )

    # --- list and reading ---------------------------------------------------------------------

    def _refresh_list(self) -> None:
        article_list = self.query_one(ArticleList)
        matching = self.filter.matching(self.articles.values())
        article_list.show(matching, keep=article_list.highlighted_path or self._opened)
        self._aim_ahead()
        self._update_status()

    def _open(self, path: str | None) -> None:
        if path is None or path not in self.articles or path == self._opened:
            return
        self._opened = path
        self._end_find()
        article = self.articles[path]
        paragraph = self.state.position(article.id)
        self._take_cached_translation(article)
        view = self.query_one(ArticleView)
        view.set_reactive(ArticleView.bilingual, self._bilingual)
        view.show_translation = self._opens_in_english(article)
        self._show_article(article, paragraph)
        self._show_translation_pane(article, paragraph)
        # After the frame: a write (on a first start, the state file's creation) that the first
        # frame need not wait for.
        self.call_after_refresh(self.state.remember_article, self._library_key, article.path)
        self._report_problems()
        self._schedule_translation(article)
        if self.progress.finished:
            self._aim_ahead()

    def _opens_in_english(self, article: Article) -> bool:
        if not self._always_english(article):
            return self._reading_in_english
        return article.language != TARGET_LANGUAGE

    def _always_english(self, article: Article) -> bool:
        return bool({article.language, ALL_LANGUAGES} & self.always_english)

    def _show_article(self, article: Article, paragraph: int | None) -> None:
        self.query_one(ArticleView).show_article(
            article,
            paragraph,
            self.translations.get(article.id),
            also_in=[a.language for a in self.other_versions(article)],
        )

    def other_versions(self, article: Article) -> list[Article]:
        group = self.version_groups.get(article.id)
        if group is None:
            return []
        by_id = {a.id: a for a in self.articles.values()}
        return [by_id[m] for m in group.members if m != article.id and m in by_id]

    @on(ArticleList.ArticleHighlighted)
    def _article_highlighted(self, message: ArticleList.ArticleHighlighted) -> None:
        # Highlight messages queue up while rows are added and the cursor is moved to the article
        # read last time; only the one for where the cursor is now matters.
        if message.article_path == self.query_one(ArticleList).highlighted_path:
            self._open(message.article_path)

    @on(ArticleList.ArticleChosen)
    def _article_chosen(self, message: ArticleList.ArticleChosen) -> None:
        self._open(message.article_path)
        self.query_one(ArticleView).focus()

    # --- read and unread -----------------------------------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Read once it is in front of the reader: the reading pane took the focus (Enter, Tab,
        # z, n from the pane), not when the list's cursor merely passed over it.
        if isinstance(event.widget, ArticleView) and self.current_article is not None:
            self._mark_read(self.current_article, True)

    def _mark_read(self, article: Article, read: bool) -> None:
        if (article.id in self.read) == read:
            return
        if read:
            self.read.add(article.id)
        else:
            self.read.discard(article.id)
        self.state.mark_read(article.id, read)
        self.query_one(ArticleList).refresh_article(article)

    def action_toggle_read(self) -> None:
        article = self._highlighted_article()
        if article is not None:
            self._mark_read(article, article.id not in self.read)

    def action_next_unread(self) -> None:
        article_list = self.query_one(ArticleList)
        rows = article_list.rows
        start = article_list.cursor
        following = [*range(start + 1, len(rows)), *range(0, start)]
        row = next((r for r in following if rows[r].id not in self.read), None)
        if row is None:
            hidden = "" if self.filter.unfiltered else " (among those listed)"
            self.notify(f"No other unread article{hidden}.", timeout=3, markup=False)
            return
        article_list.move_to(row)
        self._open(str(rows[row].path))
        if isinstance(self.focused, ArticleView):
            self._mark_read(rows[row], True)

    def action_unread_only(self) -> None:
        unread_only = self.filter.hidden_read is None
        self.filter.hidden_read = frozenset(self.read) if unread_only else None
        self.state.remember_setting(self._unread_only_key, "1" if unread_only else "0")
        self._refresh_list()
        self.notify(
            "Unread articles only (U: all)." if unread_only else "All articles.",
            timeout=3,
            markup=False,
        )

    @on(DocumentView.ParagraphChanged, "#reading")
    def _paragraph_changed(self, message: DocumentView.ParagraphChanged) -> None:
        view = self.query_one(ArticleView)
        if view.article is not None:
            self.state.remember_position(view.article.id, message.paragraph)
            self.query_one(TranslationView).scroll_to_paragraph(message.paragraph)

    # --- search and filters -------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back_to_list":
            # Elsewhere q is the app's quit.
            return isinstance(self.focused, DocumentView)
        # In the search boxes, "/" is a character to search for.
        return not (action == "search" and isinstance(self.focused, Input))

    def action_back_to_list(self) -> None:
        self.minimize()
        self.query_one(ArticleList).focus()

    def action_toggle_full_screen(self) -> None:
        if self.maximized is not None:
            self.minimize()
            return
        view = self.query_one(ArticleView)
        self.maximize(view, container=False)
        self.set_focus(view)

    def action_search(self) -> None:
        """In a reading pane: find in that article. Elsewhere: search the library."""
        if isinstance(self.focused, DocumentView):
            self._find_in = self.focused
            find = self.query_one("#find", Input)
            find.display = True
            self.set_focus(find)  # at once, as for the library search below
            return
        self.minimize()  # the search box is beside the list
        search = self.query_one("#search", Input)
        search.display = True
        # Focus at once, not via ``focus()`` (which waits for the message queue): the next
        # keys are handed to whatever has the focus when this action returns.
        self.set_focus(search)

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search_text = event.value.strip()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.query_one(ArticleList).focus()

    def watch_search_text(self, search: str) -> None:
        self.filter.search = search
        if self.is_mounted:
            self._refresh_list()

    def watch_language_filter(self, language: str | None) -> None:
        self.filter.language = language
        if self.is_mounted:
            self._refresh_list()

    @on(Input.Changed, "#find")
    def _find_changed(self, event: Input.Changed) -> None:
        if self._find_in is not None:
            self._find_in.find(event.value)

    @on(Input.Submitted, "#find")
    def _find_submitted(self) -> None:
        self.query_one("#find", Input).display = False
        if self._find_in is not None:
            self._find_in.focus()

    @on(DocumentView.FindChanged)
    def _find_moved(self, message: DocumentView.FindChanged) -> None:
        if not message.searching:
            self.find_status = None
        elif message.count:
            self.find_status = f"found: {message.current + 1} of {message.count}"
        else:
            self.find_status = "found: nothing"
        self._update_status()

    def _end_find(self) -> None:
        """No search in an article any more (Esc, or another article opened)."""
        find = self.query_one("#find", Input)
        find.value = ""  # (clears the pane's search through the Changed message)
        find.display = False
        for view in self.query(DocumentView):
            view.clear_find()

    def action_clear_search(self) -> None:
        if self.focused is self.query_one("#find"):
            self._end_find()
            if self._find_in is not None:
                self._find_in.focus()
            return
        if self.maximized is not None:
            self.minimize()
            return
        search = self.query_one("#search", Input)
        search.value = ""
        search.display = False
        self.search_text = ""
        self.language_filter = None
        self.query_one(ArticleList).focus()

    def action_cycle_sort(self) -> None:
        article_list = self.query_one(ArticleList)
        keys = list(SORT_KEYS)
        article_list.sort_key = keys[(keys.index(article_list.sort_key) + 1) % len(keys)]
        self._update_status()

    def action_cycle_language(self) -> None:
        languages = sorted({a.language for a in self.articles.values() if a.languages_detected})
        cycle: list[str | None] = [None, *languages]
        position = cycle.index(self.language_filter) if self.language_filter in cycle else 0
        self.language_filter = cycle[(position + 1) % len(cycle)]
        if self.language_filter:
            self.notify(
                f"Showing {self.language_filter} articles only (l: next, Esc: all)",
                timeout=3,
                markup=False,
            )

    # --- the views and dialogs opened from here -----------------------------------------------

    def action_toggle_removed(self) -> None:
        view = self.query_one(ArticleView)
        view.show_removed = not view.show_removed

    def _highlighted_article(self) -> Article | None:
        """The article the list's cursor is on, opened now if its highlight message is still
        queued: keys that arrive together ("j" then "v", a burst over a slow link) must act on
        the article the cursor moved to, not the one before it."""
        self._open(self.query_one(ArticleList).highlighted_path)
        return self.current_article

    def action_flip(self) -> None:
        self._highlighted_article()
        view = self.query_one(ArticleView)
        if view.article is None:
            return
        # Three ways to read, in turn: the original, the English, the original with the English
        # under each paragraph.
        if not view.show_translation:
            view.show_translation = True
        elif not view.bilingual:
            view.bilingual = True
        else:
            view.set_reactive(ArticleView.bilingual, False)  # one redraw, as the original
            view.show_translation = False
        if not self._always_english(view.article):  # else t changes this one article only
            self._reading_in_english = view.show_translation
            self._bilingual = view.bilingual

    def action_always_english(self) -> None:
        """Articles in the open article's language open in English from now on, or no more."""
        article = self._highlighted_article()
        if article is None or not self._languages_known(article):
            return
        language = article.language
        if language == TARGET_LANGUAGE:
            self.notify(f"This article is in {language} already.", timeout=3, markup=False)
            return
        if ALL_LANGUAGES in self._configured_english or language in self._configured_english:
            self.notify(
                f"{language} articles open in English because config.toml's always_english "
                "says so; change it there.",
                timeout=6,
                markup=False,
            )
            return
        if language in self.always_english:
            self.always_english.discard(language)
            message = f"{language} articles open in the original again."
        else:
            self.always_english.add(language)
            message = f"{language} articles open in English from now on (T again: stop)."
        remembered = self.always_english - self._configured_english
        self.state.remember_setting(ALWAYS_ENGLISH_SETTING, ",".join(sorted(remembered)))
        self.query_one(ArticleView).show_translation = self._opens_in_english(article)
        self._schedule_translation(article)
        self.notify(message, timeout=4, markup=False)

    def _unit_in_view(self, article: Article) -> int:
        """The unit (headline first) at the top of the reading pane: where compare, versions
        and review open."""
        view = self.query_one(ArticleView)
        if view.scroll_y == 0 or view.current_paragraph < 0:
            return 0
        return view.current_paragraph + (article.headline is not None)

    def _back_at_unit(self, article: Article, unit: int | None) -> None:
        """Show the reading pane at ``unit``, where the cursor of a side-by-side view was."""
        view = self.query_one(ArticleView)
        if unit is None or view.article is None or view.article.id != article.id:
            return
        paragraph = unit - (article.headline is not None)
        if paragraph < 0 or unit == 0:
            view.scroll_to(y=0, animate=False, immediate=True)
        else:
            view.scroll_to_paragraph(paragraph)

    def action_compare(self) -> None:
        article = self._highlighted_article()
        if article is None:
            return
        translation = self.translations.get(article.id) or ArticleTranslation.for_article(
            article, TARGET_LANGUAGE
        )
        from reader.ui.compare.compare_screen import CompareScreen

        self.app.push_screen(
            CompareScreen(article, translation, self._unit_in_view(article)),
            lambda unit: self._back_at_unit(article, unit),
        )

    def _languages_known(self, article: Article | None) -> bool:
        if article is not None and not article.languages_detected:
            self.notify(
                "Still detecting languages; try again in a moment.", timeout=3, markup=False
            )
            return False
        return article is not None

    def action_review(self) -> None:
        article = self._highlighted_article()
        if article is None or not self._languages_known(article):
            return
        from reader.ui.review.review_screen import ReviewScreen

        def back(unit: int | None) -> None:
            self.show_review_progress(self.reviews.progress())
            self._back_at_unit(article, unit)

        screen = ReviewScreen(
            article,
            self.engine,
            self.reviews,
            TARGET_LANGUAGE,
            self._unit_in_view(article),
            self.ahead.foreground,
            self.translations.get(article.id),
            self.known_warnings,
        )
        self.app.push_screen(screen, back)

    def action_versions(self) -> None:
        article = self._highlighted_article()
        if article is None:
            return
        others = self.other_versions(article)
        if not others:
            self.notify(
                "No other version of this story was found in the library.", timeout=4, markup=False
            )
            return
        from reader.ui.compare.versions_screen import VersionsScreen

        screen = VersionsScreen(
            [article, *others],
            self.engine,
            TARGET_LANGUAGE,
            self._unit_in_view(article),
            self.ahead.foreground,
        )
        self.app.push_screen(screen, lambda unit: self._back_at_unit(article, unit))

    def action_toggle_translation_pane(self) -> None:
        self.toggle_class("-no-translation-pane")

    def action_models(self) -> None:
        from reader.ui.models.models_dialog import ModelsScreen

        def installed(changed: bool | None) -> None:
            if changed:
                # New models: forget translations that lacked one, and redo the open article.
                self.engine.refresh()
                self.ahead.forget_all()
                self.translations = {
                    key: t
                    for key, t in self.translations.items()
                    if all(p.ok for p in t.parts.values()) and t.complete
                }
                article = self.current_article
                if article is not None:
                    self._schedule_translation(article)

        self.app.push_screen(ModelsScreen(self.engine), installed)

    def action_show_skipped(self) -> None:
        from reader.ui.library.skipped_dialog import SkippedFilesScreen

        self.app.push_screen(SkippedFilesScreen(list(self.skipped)))
