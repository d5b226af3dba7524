"""The main screen: article list, reading pane, search bar and status line.

It owns the loaded articles and the list's filters; the library is scanned by a thread worker that
reports through messages, so the first frame never waits for the disk or for language detection.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import closing
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from reader.core import paths as reader_paths
from reader.core.articles import (
    Article,
    Cancelled,
    LoadError,
    with_article_language,
    with_chosen_language,
    with_paragraph_languages,
    without_chosen_language,
)
from reader.core.library import LibraryScan, iter_article_files, with_languages
from reader.core.library_cache import LibraryCache
from reader.core.review import ReviewStore, document_key
from reader.core.state import ReadingState
from reader.core.translation.engine import (
    ArticleTranslation,
    TranslationEngine,
    source_paragraphs,
)
from reader.messages import (
    ArticlesFound,
    ArticlesParsed,
    LanguagesDetected,
    ParagraphLanguagesDetected,
    ParagraphTranslated,
    ReviewProgress,
    ScanFinished,
    TranslationDone,
    VersionsFound,
)
from reader.widgets.article_list import SORT_KEYS, ArticleList
from reader.widgets.article_view import ArticleView
from reader.widgets.document_view import DocumentView
from reader.widgets.footer import KeyFooter
from reader.widgets.translation_view import TranslationView

if TYPE_CHECKING:
    from reader.core.versions import VersionGroup

# Below this width the panes stack instead of standing side by side.
NARROW_WIDTH = 100
# From this width up, the translation pane stands beside the reading pane. Below it the list and
# the reading pane share the width, which leaves the list room for its columns and a readable
# title (three panes at 120 columns left 15 cells of title); `t` and `c` show the English there.
WIDE_WIDTH = 160
# Translating starts this long after an article is opened, so skimming the list with j/k does not
# start (and cancel) a translation per keypress, and the first frame never waits for a model.
TRANSLATE_DELAY = 0.3
TARGET_LANGUAGE = "en"
REDRAW_SECONDS = 0.05
# How often the loader reports: small enough for a lively list, large enough that redrawing the
# list and status line does not slow the loading down (0.1 s cost 20 % more for 10,000 files).
BATCH_SECONDS = 0.25
# The first files, as many as the list can show, are read before the first frame while they
# add up to at most this many bytes (a 5,000-paragraph article is half of it, and parses in a
# tenth of a second) and this much time: the first frame then shows a small folder whole, and a
# big or slow one starts with what was read (the worker reads the rest, and one odd file cannot
# keep the screen blank).
FIRST_FRAME_BYTES = 1024 * 1024
FIRST_FRAME_SECONDS = 0.05


_Entry = TypeVar("_Entry")


def _timed_batches(entries: Iterable[_Entry]) -> Iterator[list[_Entry]]:
    """``entries`` in lists, one every ``BATCH_SECONDS`` and the rest at the end."""
    batch: list[_Entry] = []
    last_report = time.monotonic()
    for entry in entries:
        batch.append(entry)
        if time.monotonic() - last_report > BATCH_SECONDS:
            yield batch
            batch, last_report = [], time.monotonic()
    yield batch


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # gone or unreadable: reading it says why, at once


class MainScreen(Screen[None]):
    BINDINGS = [
        # A priority binding, handled before the keys after it are handed to the focused widget:
        # keys typed or pasted right after "/" go to the search box, not to the list.
        Binding(
            "slash",
            "search",
            "Search",
            id="main.search",
            tooltip="Filter articles by title and text as you type",
            priority=True,
        ),
        Binding(
            "s",
            "cycle_sort",
            "Sort",
            show=False,
            id="main.sort",
            tooltip="Sort the list by file, title, language or length",
        ),
        Binding(
            "l",
            "cycle_language",
            "Language",
            show=False,
            id="main.language",
            tooltip="Show only articles in one language (press again for the next)",
        ),
        Binding(
            "x",
            "toggle_removed",
            "Removed lines",
            show=False,
            id="main.removed",
            tooltip="Show or hide the boilerplate and metadata lines taken out of the text",
        ),
        Binding(
            "exclamation_mark",
            "show_skipped",
            "Skipped",
            show=False,
            id="main.skipped",
            tooltip="List the files that could not be read, and why",
        ),
        Binding(
            "escape",
            "clear_search",
            "Clear search",
            show=False,
            id="main.clear_search",
            tooltip="Clear the search and the language filter",
        ),
        Binding(
            "t",
            "flip",
            "English",
            id="main.flip",
            tooltip="Flip the reading pane between the original and its English translation",
        ),
        Binding(
            "c",
            "compare",
            "Compare",
            id="main.compare",
            tooltip="Original and translation side by side, paragraph by paragraph",
        ),
        Binding(
            "p",
            "toggle_translation_pane",
            "Translation pane",
            show=False,
            id="main.translation_pane",
            tooltip="Show or hide the translation pane",
        ),
        Binding(
            "r",
            "review",
            "Review",
            id="main.review",
            tooltip="Review the translation paragraph by paragraph: approve, edit, export",
        ),
        Binding(
            "v",
            "versions",
            "Versions",
            id="main.versions",
            tooltip="The other language versions of this story, side by side and aligned",
        ),
        Binding(
            "M",
            "models",
            "Models",
            show=False,
            id="main.models",
            tooltip="List the installed translation models; install one from a file",
        ),
        Binding(
            "L",
            "choose_language",
            "Set language",
            show=False,
            id="main.choose_language",
            tooltip="Set this article's language by hand when it was detected wrong",
        ),
    ]

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
    ) -> None:
        super().__init__()
        self.paths = paths
        self.state = state
        self.engine = engine
        self.reviews = reviews
        self.library_cache = library_cache
        self.translations: dict[str, ArticleTranslation] = {}  # by article id, this session
        self.translated_texts: dict[str, str] = {}  # by article id, from the cache, for search
        self._search_texts: dict[str, str] = {}  # by article id: casefolded title, text, English
        self._translate_timer: Timer | None = None
        self.version_groups: dict[str, VersionGroup] = {}  # by member article id
        self._reported: set[str] = set()
        self._redraw_pending = False
        self.articles: dict[str, Article] = {}  # by path, in the order files were found
        self.skipped: list[LoadError] = []
        self.scan_done = False
        self._files_read = False  # every file has been read (and parsed)
        self._files_seen = 0
        self._outlines = 0  # articles listed whose text is not parsed yet (``outline_article``)
        self._undetected = 0  # articles listed whose language is not known yet
        self._restore_path = state.last_article(self._library_key)
        self._opened: str | None = None
        # Languages the reader set by hand, by resolved path; and their file names, so that a
        # big library resolves only the paths that may have one.
        self._chosen_languages = state.chosen_languages()
        self._chosen_names = {Path(key).name for key in self._chosen_languages}

    @property
    def _library_key(self) -> Path:
        return self.paths[0] if len(self.paths) == 1 else Path("\n".join(map(str, self.paths)))

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield ArticleList(id="article-list")
            yield ArticleView(id="reading")
            yield TranslationView(id="translation")
        yield Input(
            placeholder="Search titles and text…  (Enter: go to list, Esc: clear)", id="search"
        )
        yield Static(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(ArticleView).show_notice(
            "Loading…", "Reading " + ", ".join(str(p) for p in self.paths)
        )
        self.query_one(ArticleList).focus()
        # The first files are read here, before the first frame, so that it lists them already;
        # the worker reads the rest.
        files = iter_article_files(self.paths)
        first_files = list(islice(files, max(self.app.size.height, 1)))  # at most what it shows
        first = self._read_before_first_frame(first_files)
        if first:
            self.on_articles_found(
                ArticlesFound(
                    [e for e in first if isinstance(e, Article)],
                    [e for e in first if isinstance(e, LoadError)],
                    len(first),
                )
            )
        unread = first_files[len(first) :]
        scan = LibraryScan(chain(unread, files), self.library_cache, outlines=True)
        self.call_after_refresh(self._load_library, scan, first)

    def _read_before_first_frame(self, files: list[Path]) -> list[Article | LoadError]:
        """The first of ``files``, each a cache lookup or a parse, while they stay within
        FIRST_FRAME_BYTES and FIRST_FRAME_SECONDS: a big file (a log dump, say), or a web page
        not in the cache, is left to the worker, as is everything after it."""
        started = time.perf_counter()
        room = FIRST_FRAME_BYTES
        read: list[Article | LoadError] = []
        for path in files:
            room -= _size(path)
            if room < 0:
                break
            try:
                entries = self.library_cache.load([path], only_quick=True)
            except (OSError, sqlite3.Error):
                break  # the worker meets it again, and its error handler says what it was
            if not entries:
                break  # a web page not read before: trafilatura is imported in the worker
            read.extend(entries)
            if time.perf_counter() - started > FIRST_FRAME_SECONDS:
                break
        return read

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW_WIDTH, "-narrow")
        self.set_class(NARROW_WIDTH <= self.size.width < WIDE_WIDTH, "-medium")

    # --- loading ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="library", exit_on_error=False)
    def _load_library(self, scan: LibraryScan, first: list[Article | LoadError]) -> None:
        """Read the files after ``first`` (already listed), parse whole the outlines listed on
        the way, then detect languages and group versions, reporting each step by message."""
        worker = get_current_worker()
        found = [entry for entry in first if isinstance(entry, Article)]
        seen = len(first)
        with closing(scan):
            for entries in _timed_batches(scan):
                if worker.is_cancelled:
                    return
                seen += len(entries)
                articles = [entry for entry in entries if isinstance(entry, Article)]
                found.extend(articles)
                skipped = [entry for entry in entries if isinstance(entry, LoadError)]
                self.post_message(ArticlesFound(articles, skipped, seen))
            self.post_message(ArticlesFound([], [], seen, last=True))

            parsed: dict[Path, Article | LoadError] = {}
            for entries in _timed_batches(scan.completed()):
                if worker.is_cancelled:
                    return
                parsed.update((entry.path, entry) for entry in entries)
                self.post_message(ArticlesParsed(entries))
        found = [a for a in (parsed.get(a.path, a) for a in found) if isinstance(a, Article)]

        # Articles from the library cache already know their language; the rest are detected
        # (by helper processes when there are many), reported in batches and remembered for
        # the next start.
        newly_detected: dict[Path, Article] = {}
        with closing(with_languages([a for a in found if not a.languages_detected])) as languages:
            for detected in _timed_batches(languages):
                if worker.is_cancelled:
                    return
                newly_detected.update((article.path, article) for article in detected)
                self.post_message(LanguagesDetected(detected))
                self.library_cache.store(detected)
        cache = self.engine.cache
        texts = cache.article_texts(TARGET_LANGUAGE) if cache is not None else {}
        from reader.core.versions import Profile, english_units, group_versions

        all_detected = [newly_detected.get(a.path, a) for a in found]  # in file order
        profiles = [Profile.of(a, english_units(a, texts)) for a in all_detected]
        self.post_message(VersionsFound(group_versions(profiles)))
        self.post_message(ReviewProgress(self.reviews.progress()))
        self.post_message(ScanFinished(len(found), seen - len(found), texts))

    def _keep(self, article: Article) -> Article:
        """Hold ``article`` as the library's, in the language the reader chose for it if any."""
        if article.path.name in self._chosen_names and not article.is_outline:
            code = self._chosen_languages.get(reader_paths.printable(article.path.resolve()))
            if code is not None:
                article = with_chosen_language(article, code)
        self.articles[str(article.path)] = article
        return article

    def on_articles_found(self, message: ArticlesFound) -> None:
        for article in message.articles:
            self._undetected += not article.languages_detected
            self._outlines += article.is_outline
            self._keep(article)
        self.skipped.extend(message.skipped)
        self._files_seen = message.files_seen
        self._files_read = message.last
        article_list = self.query_one(ArticleList)
        if self._unfiltered and article_list.sort_key == "file":
            article_list.append([self.articles[str(a.path)] for a in message.articles])
        else:
            self._refresh_list()
        restore = next(
            (
                str(a.path)
                for a in message.articles
                # The name first: resolving every path of a big library would stall the loop.
                if self._restore_path
                and a.path.name == self._restore_path.name
                and a.path.resolve() == self._restore_path
            ),
            None,
        )
        row = article_list.row_of(restore) if restore else None
        if row is not None:
            article_list.move_to(row)
            self._restore_path = None
            self._open(restore)  # now, not when the highlight message arrives: in this frame
        elif self._opened is None and article_list.row_count:
            self._open(article_list.highlighted_path)
        self._update_status()

    def on_articles_parsed(self, message: ArticlesParsed) -> None:
        article_list = self.query_one(ArticleList)
        self._outlines -= len(message.entries)
        gone = False
        for entry in message.entries:
            if isinstance(entry, LoadError):  # changed since its outline was read
                outline = self.articles.pop(str(entry.path), None)
                self._undetected -= outline is not None and not outline.languages_detected
                self.skipped.append(entry)
                gone = True
            else:
                article_list.update_article(self._keep(entry))
        if gone or article_list.sort_key == "words":
            self._refresh_list()
        self._show_again([e for e in message.entries if isinstance(e, Article)])
        self._update_status()

    def on_languages_detected(self, message: LanguagesDetected) -> None:
        article_list = self.query_one(ArticleList)
        self._undetected -= len(message.articles)
        for article in message.articles:
            article_list.update_article(self._keep(article))
        if self.language_filter is not None:
            self._refresh_list()
        self._show_again(message.articles)

    def _show_again(self, articles: list[Article]) -> None:
        """Show the open article again if it is among newer ``articles``."""
        view = self.query_one(ArticleView)
        if view.article is not None and any(a.path == view.article.path for a in articles):
            article = self.articles[str(view.article.path)]
            self._show_article(article, None)
            self._schedule_translation(article)

    def on_scan_finished(self, message: ScanFinished) -> None:
        self.scan_done = True
        self.translated_texts.update(message.translated_texts)
        self._search_texts.clear()
        article_list = self.query_one(ArticleList)
        for article in self.articles.values():
            if article.id in self.translated_texts:
                article_list.set_translated(article, True)
        if not self.articles:
            where = ", ".join(str(p) for p in self.paths)
            reason = (
                f"{len(self.skipped)} file(s) could not be read: press ! to see why."
                if self.skipped
                else "reader reads .txt, .md and .html files, in subfolders too."
            )
            self.query_one(ArticleView).show_notice(f"No articles in {where}", reason)
        self._update_status()

    # --- list and reading ---------------------------------------------------------------------

    @property
    def _unfiltered(self) -> bool:
        return self.language_filter is None and not self.search_text

    def _matching(self) -> list[Article]:
        needle = self.search_text.casefold()
        return [
            article
            for article in self.articles.values()
            if (self.language_filter is None or article.language == self.language_filter)
            and (not needle or needle in self._search_text(article))
        ]

    def _search_text(self, article: Article) -> str:
        # Casefolded once per article, not once per keystroke: with 10,000 articles that is the
        # difference between a search that keeps up with typing and one that does not.
        text = self._search_texts.get(article.id)
        if text is None:
            parts = (article.title, article.body_text, self.translated_texts.get(article.id, ""))
            text = "\n".join(parts).casefold()
            self._search_texts[article.id] = text
        return text

    def _refresh_list(self) -> None:
        article_list = self.query_one(ArticleList)
        article_list.show(self._matching(), keep=article_list.highlighted_path or self._opened)
        self._update_status()

    def _open(self, path: str | None) -> None:
        if path is None or path not in self.articles or path == self._opened:
            return
        self._opened = path
        article = self.articles[path]
        paragraph = self.state.position(article.id)
        self._take_cached_translation(article)
        self._show_article(article, paragraph)
        self._show_translation_pane(article, paragraph)
        # After the frame: a write (on a first start, the state file's creation) that the first
        # frame need not wait for.
        self.call_after_refresh(self.state.remember_article, self._library_key, article.path)
        self._report_problems()
        self._schedule_translation(article)

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

    def _report_problems(self) -> None:
        """A damaged file set aside, or a store that cannot be written: say so, once each."""
        cache = self.engine.cache
        for problem in (
            self.reviews.recovered,
            cache.recovered if cache else None,
            cache.problem if cache else None,
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

    def on_review_progress(self, message: ReviewProgress) -> None:
        self._report_problems()
        progress = {}
        for article in self.articles.values():
            done = message.progress.get(document_key(article.path))
            if done is not None:
                progress[article.id] = f"{done[0]}/{done[1]}"
        self.query_one(ArticleList).set_review(progress, self.articles.values())

    def on_versions_found(self, message: VersionsFound) -> None:
        self.version_groups = {m: g for g in message.groups for m in g.members}
        stories = {m: str(n) for n, g in enumerate(message.groups, 1) for m in g.members}
        self.query_one(ArticleList).set_stories(stories, self.articles.values())
        article = self.current_article
        if article is not None:
            self._show_article(article, None)

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

    @on(DocumentView.ParagraphChanged, "#reading")
    def _paragraph_changed(self, message: DocumentView.ParagraphChanged) -> None:
        view = self.query_one(ArticleView)
        if view.article is not None:
            self.state.remember_position(view.article.id, message.paragraph)
            self.query_one(TranslationView).scroll_to_paragraph(message.paragraph)

    # --- translation --------------------------------------------------------------------------

    @property
    def current_article(self) -> Article | None:
        """The article in the reading pane, as the library now holds it: with its paragraph
        languages once the translation worker has detected them, so the views opened from it
        (compare, review, versions) do not detect them all again."""
        shown = self.query_one(ArticleView).article
        if shown is None:
            return None
        kept = self.articles.get(str(shown.path))
        return kept if kept is not None and kept.id == shown.id else shown

    def _show_translation_pane(self, article: Article, paragraph: int | None = None) -> None:
        pane = self.query_one(TranslationView)
        translation = self.translations.get(article.id)
        if translation is None:
            if not article.languages_detected:
                pane.show_notice("Translation", "Waiting for language detection…")
            else:
                pane.show_notice("Translation", "Starting…")
            return
        pane.show_translation(article, translation, paragraph)

    def _take_cached_translation(self, article: Article) -> None:
        """When no paragraph of ``article`` needs a model (all cached), its translation, now: a
        few ms on this thread, drawn in the same frame as the article. Only once the installed
        models are known (the first translation worker looks: that imports argostranslate's
        settings, which the first frame must not wait for)."""
        if (
            article.id in self.translations
            or not article.paragraph_languages_detected
            or not self.engine.models_discovered
        ):
            return
        parts = self.engine.cached_translation(
            source_paragraphs(article), article.language, TARGET_LANGUAGE
        )
        if parts is None:
            return
        translation = ArticleTranslation.for_article(article, TARGET_LANGUAGE)
        for part in parts:
            translation.add(part)
        self.translations[article.id] = translation
        self._translation_complete(article, translation.text)

    def _schedule_translation(self, article: Article) -> None:
        if self._translate_timer is not None:
            self._translate_timer.stop()
        translation = self.translations.get(article.id)
        if not article.languages_detected or (translation is not None and translation.complete):
            return
        cache = self.engine.cache
        if article.id in self.translated_texts or (
            cache is not None and cache.has_article(article.id, TARGET_LANGUAGE)
        ):
            self._start_translation(article)  # already in the cache: no model, shown at once
        else:
            self._translate_timer = self.set_timer(
                TRANSLATE_DELAY, lambda: self._start_translation(article)
            )

    def _start_translation(self, article: Article) -> None:
        if self.current_article is None or self.current_article.id != article.id:
            return
        self.translations[article.id] = ArticleTranslation.for_article(article, TARGET_LANGUAGE)
        self._show_translation_pane(article)
        self._translate(article)

    @work(thread=True, exclusive=True, group="translation", exit_on_error=False)
    def _translate(self, article: Article) -> None:
        worker = get_current_worker()
        translation = ArticleTranslation.for_article(article, TARGET_LANGUAGE)
        try:
            detected = with_paragraph_languages(article, lambda: worker.is_cancelled)
        except Cancelled:
            return  # another article was opened, or reader is quitting
        if detected is not article:  # remembered, so that re-opening it needs no detection
            self.library_cache.store([detected])
            self.post_message(ParagraphLanguagesDetected(detected))
        sources = source_paragraphs(detected)
        for part in self.engine.translate(
            sources,
            article.language,
            TARGET_LANGUAGE,
            lambda: worker.is_cancelled,
        ):
            if worker.is_cancelled:
                return
            translation.add(part)
            self.post_message(ParagraphTranslated(article.id, part))
        text = translation.text
        self.post_message(TranslationDone(article.id, text))  # on screen before it is stored
        cache = self.engine.cache
        # A translation served from the cache has nothing new to store.
        if (
            text is not None
            and cache is not None
            and article.language != TARGET_LANGUAGE
            and (
                any(p.status == "translated" for p in translation.parts.values())
                or not cache.has_article(article.id, TARGET_LANGUAGE)
            )
        ):
            cache.remember_article(article.id, TARGET_LANGUAGE, text)

    def on_paragraph_languages_detected(self, message: ParagraphLanguagesDetected) -> None:
        self._keep(message.article)

    def on_paragraph_translated(self, message: ParagraphTranslated) -> None:
        translation = self.translations.get(message.article_id)
        if translation is None:
            return
        translation.add(message.part)
        # Paragraphs can arrive hundreds at a time (cache hits); redraw at most every
        # REDRAW_SECONDS instead of once per paragraph, but the first at once.
        if len(translation.parts) == 1:
            self._translation_changed(message.article_id)
        elif not self._redraw_pending:
            self._redraw_pending = True
            self.set_timer(REDRAW_SECONDS, lambda: self._redraw_translation(message.article_id))

    def _redraw_translation(self, article_id: str) -> None:
        self._redraw_pending = False
        self._translation_changed(article_id)

    def on_translation_done(self, message: TranslationDone) -> None:
        # Its own article, which need not be the open one: the reader may have moved on while
        # it was being translated (and coming back finds it done, so nothing marks it then).
        article = next((a for a in self.articles.values() if a.id == message.article_id), None)
        if article is not None:
            self._translation_complete(article, message.text)
        self._translation_changed(message.article_id)

    def _translation_complete(self, article: Article, text: str | None) -> None:
        """Searchable and marked in the list, once the whole translation is there."""
        if text is not None and article.language != TARGET_LANGUAGE:
            self.translated_texts[article.id] = text
            self._search_texts.pop(article.id, None)
            self.query_one(ArticleList).set_translated(article, True)

    def _translation_changed(self, article_id: str) -> None:
        article = self.current_article
        if article is None or article.id != article_id:
            return
        translation = self.translations[article_id]
        self.query_one(ArticleView).update_translation(translation)
        self.query_one(TranslationView).show_translation(article, translation)
        compare = self.app.screen
        from reader.screens.compare import CompareScreen

        if isinstance(compare, CompareScreen) and compare.article.id == article_id:
            compare.refresh_translation(translation)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        if event.worker.group == "library":
            # What was listed stays; the rest of the library would never come, so say so.
            self.notify(
                f"Loading the library stopped: {event.worker.error}. The articles listed can be "
                "read; restart reader to try the rest again.",
                title="Library",
                severity="error",
                timeout=30,
                markup=False,
            )
            return
        if event.worker.group == "detection":
            self.notify(
                f"Detecting the language again failed: {event.worker.error}",
                title="Language",
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        if event.worker.group != "translation":
            return
        article = self.current_article
        if article is None or article.id not in self.translations:
            return
        # The pane says what went wrong; the traceback is for logs, never for the screen.
        self.translations[article.id].error = f"Translation failed: {event.worker.error}"
        self._translation_changed(article.id)

    # --- status -------------------------------------------------------------------------------

    def _update_status(self) -> None:
        article_list = self.query_one(ArticleList)
        count = len(self.articles)
        articles = f"{count} article{'' if count == 1 else 's'}"
        parts = []
        if not self._files_read:
            parts.append(f"loading… {self._files_seen} files read")
        elif self._outlines:
            parts.append(f"{articles}, reading the texts… {self._outlines} to go")
        elif self._undetected:
            parts.append(f"{articles}, detecting languages… {self._undetected} to go")
        elif not self.scan_done:
            parts.append(f"{articles}, finding versions…")
        else:
            parts.append(articles)
        if not self._unfiltered:
            parts.append(f"{article_list.row_count} shown")
        if self.language_filter:
            parts.append(f"language: {self.language_filter}")
        if self.search_text:
            parts.append(f"search: {self.search_text!r}")
        parts.append(f"sorted by {article_list.sort_key}")
        status = "  ·  ".join(parts)
        if self.skipped:
            status += f"   {len(self.skipped)} file(s) skipped — press ! to see why"
        # One line of fixed height: repainting it needs no new layout of the screen.
        self.query_one("#status", Static).update(status, layout=False)

    # --- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In the search box, "/" is a character to search for.
        return not (action == "search" and self.focused is self.query_one("#search"))

    def action_search(self) -> None:
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

    def watch_search_text(self) -> None:
        if self.is_mounted:
            self._refresh_list()

    def watch_language_filter(self) -> None:
        if self.is_mounted:
            self._refresh_list()

    def action_clear_search(self) -> None:
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
        view.show_translation = not view.show_translation

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
        from reader.screens.compare import CompareScreen

        self.app.push_screen(
            CompareScreen(article, translation, self._unit_in_view(article)),
            lambda unit: self._back_at_unit(article, unit),
        )

    def action_review(self) -> None:
        article = self._highlighted_article()
        if article is None:
            return
        if not article.languages_detected:
            self.notify(
                "Still detecting languages; try again in a moment.", timeout=3, markup=False
            )
            return
        from reader.screens.review import ReviewScreen

        def back(unit: int | None) -> None:
            self.post_message(ReviewProgress(self.reviews.progress()))
            self._back_at_unit(article, unit)

        screen = ReviewScreen(
            article, self.engine, self.reviews, TARGET_LANGUAGE, self._unit_in_view(article)
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
        from reader.screens.versions import VersionsScreen

        screen = VersionsScreen(
            [article, *others], self.engine, TARGET_LANGUAGE, self._unit_in_view(article)
        )
        self.app.push_screen(screen, lambda unit: self._back_at_unit(article, unit))

    def action_toggle_translation_pane(self) -> None:
        self.toggle_class("-no-translation-pane")

    def action_models(self) -> None:
        from reader.screens.models import ModelsScreen

        def installed(changed: bool | None) -> None:
            if changed:
                # New models: forget translations that lacked one, and redo the open article.
                self.engine.refresh()
                self.translations = {
                    key: t
                    for key, t in self.translations.items()
                    if all(p.ok for p in t.parts.values()) and t.complete
                }
                article = self.current_article
                if article is not None:
                    self._schedule_translation(article)

        self.app.push_screen(ModelsScreen(self.engine), installed)

    def action_choose_language(self) -> None:
        article = self._highlighted_article()
        if article is None or not article.languages_detected:
            self.notify(
                "Still detecting languages; try again in a moment.", timeout=3, markup=False
            )
            return
        from reader.screens.language import LanguageScreen

        def chosen(code: str | None) -> None:
            if code is not None:
                self._choose_language(article, code or None)

        self.app.push_screen(
            LanguageScreen(article.title, article.language, article.language_chosen), chosen
        )

    def _choose_language(self, article: Article, code: str | None) -> None:
        """Translate ``article`` from ``code`` from now on (remembered), or detect it again."""
        key = reader_paths.printable(article.path.resolve())
        self.state.choose_language(article.path, code)
        self.translations.pop(article.id, None)
        if code is None:
            self._chosen_languages.pop(key, None)
            self._undetected += 1
            self._keep(without_chosen_language(article))
            self._detect_again(self.articles[str(article.path)])
        else:
            self._chosen_languages[key] = code
            self._chosen_names.add(article.path.name)
            self.query_one(ArticleList).update_article(self._keep(article))
            self._show_again([article])
        self._update_status()

    @work(thread=True, group="detection", exit_on_error=False)
    def _detect_again(self, article: Article) -> None:
        self.post_message(LanguagesDetected([with_article_language(article)]))

    def action_show_skipped(self) -> None:
        from reader.screens.skipped import SkippedFilesScreen

        self.app.push_screen(SkippedFilesScreen(list(self.skipped)))
