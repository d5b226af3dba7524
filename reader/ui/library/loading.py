"""The main screen's first job: showing the library as ``core.library.loader`` loads it, and
the language of an article as the reader sets it (`L`).

The loader reads the first files before the first frame and the rest in a thread worker, which
posts each of its events to the screen (``LibraryProgress``); here they become rows of the list,
the status line, the article reopened where the reader left off, and languages set by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from reader.core.articles.model import Article, LoadError
from reader.core.language.articles import (
    ChosenLanguages,
    with_article_language,
    without_chosen_language,
)
from reader.core.library.loader import (
    Detected,
    Finished,
    Found,
    Grouped,
    LibraryLoader,
    LoadEvent,
    Parsed,
    Reviewed,
)
from reader.core.review.store import document_key
from reader.core.settings.state import ReadingState
from reader.core.translation.ahead import ReadingAhead
from reader.core.translation.article import ArticleTranslation
from reader.ui.library.article_list import ArticleList
from reader.ui.library.filters import ListFilter, SearchedTexts
from reader.ui.library.status import LoadProgress
from reader.ui.reading.article_view import ArticleView

if TYPE_CHECKING:
    from textual.screen import Screen

    from reader.core.review.store import ReviewStore
    from reader.core.translation.translator import ArticleTranslator
    from reader.core.versions.grouping import VersionGroup

    _Screen = Screen[None]
else:
    _Screen = object


class LibraryProgress(Message):
    """One event of the library loader, posted from its worker."""

    def __init__(self, event: LoadEvent) -> None:
        super().__init__()
        self.event = event


class _FoldedForSearch(Message):
    def __init__(self, folded: dict[str, tuple[SearchedTexts, str]]) -> None:
        super().__init__()
        self.folded = folded


class LibraryLoading(_Screen):
    """A mixin of ``MainScreen``: the library's articles, as they are found, parsed and
    detected."""

    paths: list[Path]
    state: ReadingState
    reviews: ReviewStore
    translations: dict[str, ArticleTranslation]
    loader: LibraryLoader
    translator: ArticleTranslator
    ahead: ReadingAhead
    articles: dict[str, Article]  # by path, in the order files were found
    skipped: list[LoadError]
    progress: LoadProgress
    filter: ListFilter
    version_groups: dict[str, VersionGroup]  # by member article id
    chosen: ChosenLanguages  # the languages set by hand
    _restore_path: Path | None
    _opened: str | None

    if TYPE_CHECKING:  # the main screen's, and the translation mixin's

        def _highlighted_article(self) -> Article | None: ...
        def _languages_known(self, article: Article | None) -> bool: ...

        @property
        def current_article(self) -> Article | None: ...
        def _open(self, path: str | None) -> None: ...
        def _show_article(self, article: Article, paragraph: int | None) -> None: ...
        def _schedule_translation(self, article: Article) -> None: ...
        def _refresh_list(self) -> None: ...
        def _update_status(self) -> None: ...
        def _report_problems(self) -> None: ...
        def _start_ahead(self) -> None: ...

    def _start_loading(self) -> None:
        """The first files now, before the first frame, so that it lists them; the rest in a
        worker, after it."""
        first = self.loader.read_first(self.app.size.height)  # at most what the list shows
        if first:
            self._found(Found(first, len(first)))
        self.call_after_refresh(self._load_library)

    @work(thread=True, exclusive=True, group="library", exit_on_error=False)
    def _load_library(self) -> None:
        worker = get_current_worker()
        for event in self.loader.events(lambda: worker.is_cancelled):
            self.post_message(LibraryProgress(event))

    def on_library_progress(self, message: LibraryProgress) -> None:
        event = message.event
        if isinstance(event, Found):
            self._found(event)
        elif isinstance(event, Parsed):
            self._parsed(event)
        elif isinstance(event, Detected):
            self._detected(event)
        elif isinstance(event, Grouped):
            self._grouped(event)
        elif isinstance(event, Reviewed):
            self.show_review_progress(event.progress)
        elif isinstance(event, Finished):
            self._finished(event)

    def _keep(self, article: Article) -> Article:
        """Hold ``article`` as the library's, in the language the reader chose for it if any."""
        article = self.chosen.apply(article)
        self.articles[str(article.path)] = article
        return article

    def _found(self, event: Found) -> None:
        for article in event.articles:
            self.progress.undetected += not article.languages_detected
            self.progress.outlines += article.is_outline
            self._keep(article)
        self.skipped.extend(event.skipped)
        self.progress.files_seen = event.files_seen
        self.progress.files_read = event.last
        article_list = self.query_one(ArticleList)
        if self.filter.unfiltered and article_list.sort_key == "file":
            article_list.append([self.articles[str(a.path)] for a in event.articles])
        else:
            self._refresh_list()
        restore = next(
            (
                str(a.path)
                for a in event.articles
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

    def _parsed(self, event: Parsed) -> None:
        article_list = self.query_one(ArticleList)
        self.progress.outlines -= len(event.entries)
        gone = False
        for entry in event.entries:
            if isinstance(entry, LoadError):  # changed since its outline was read
                outline = self.articles.pop(str(entry.path), None)
                self.progress.undetected -= outline is not None and not outline.languages_detected
                self.skipped.append(entry)
                gone = True
            else:
                article_list.update_article(self._keep(entry))
        if gone or article_list.sort_key == "words":
            self._refresh_list()
        self._show_again([e for e in event.entries if isinstance(e, Article)])
        self._update_status()

    def _detected(self, event: Detected) -> None:
        article_list = self.query_one(ArticleList)
        self.progress.undetected -= len(event.articles)
        for article in event.articles:
            article_list.update_article(self._keep(article))
        if self.filter.language is not None:
            self._refresh_list()
        self._show_again(event.articles)

    def _show_again(self, articles: list[Article]) -> None:
        """Show the open article again if it is among newer ``articles``."""
        view = self.query_one(ArticleView)
        if view.article is not None and any(a.path == view.article.path for a in articles):
            article = self.articles[str(view.article.path)]
            self._show_article(article, None)
            self._schedule_translation(article)

    def _grouped(self, event: Grouped) -> None:
        self.version_groups = {m: g for g in event.groups for m in g.members}
        stories = {m: str(n) for n, g in enumerate(event.groups, 1) for m in g.members}
        self.query_one(ArticleList).set_stories(stories, self.articles.values())
        article = self.current_article
        if article is not None:
            self._show_article(article, None)

    def show_review_progress(self, progress: dict[str, tuple[int, int]]) -> None:
        """Each reviewed article's "approved/total" in the list."""
        self._report_problems()
        shown = {}
        for article in self.articles.values():
            done = progress.get(document_key(article.path))
            if done is not None:
                shown[article.id] = f"{done[0]}/{done[1]}"
        self.query_one(ArticleList).set_review(shown, self.articles.values())

    def _finished(self, event: Finished) -> None:
        self.progress.finished = True
        # Every article's language is known: the languages a paragraph may switch to.
        self.translator.seen_languages = frozenset(a.language for a in self.articles.values())
        self.filter.add_translations(event.translated_texts)
        self.filter.forget_texts()
        self._fold_for_search(list(self.articles.values()))
        article_list = self.query_one(ArticleList)
        for article in self.articles.values():
            if article.id in self.filter.translated_texts:
                article_list.set_translated(article, True)
        if not self.articles:
            where = ", ".join(str(p) for p in self.paths)
            reason = (
                f"{len(self.skipped)} file(s) could not be read: press ! to see why."
                if self.skipped
                else "reader reads .txt, .md and .html files, in subfolders too."
            )
            self.query_one(ArticleView).show_notice(f"No articles in {where}", reason)
        self._start_ahead()
        self._update_status()

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _fold_for_search(self, articles: list[Article]) -> None:
        """Every article's texts folded for the list's search, ahead of its first keystroke."""
        worker = get_current_worker()
        folded = self.filter.folded_ahead(articles, lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.post_message(_FoldedForSearch(folded))

    def on__folded_for_search(self, message: _FoldedForSearch) -> None:
        self.filter.take_folded(message.folded, self.articles.values())

    # --- the language of an article, set by hand -------------------------------------------

    def action_choose_language(self) -> None:
        article = self._highlighted_article()
        if article is None or not self._languages_known(article):
            return
        from reader.ui.library.language_dialog import LanguageScreen

        def chosen(code: str | None) -> None:
            if code is not None:
                self._choose_language(article, code or None)

        self.app.push_screen(
            LanguageScreen(article.title, article.language, article.language_chosen), chosen
        )

    def _choose_language(self, article: Article, code: str | None) -> None:
        """Translate ``article`` from ``code`` from now on (remembered), or detect it again."""
        self.state.choose_language(article.path, code)
        self.chosen.choose(article.path, code)
        self.translations.pop(article.id, None)
        self.ahead.forget(article.id)
        if code is None:
            self.progress.undetected += 1
            self._keep(without_chosen_language(article))
            self._detect_again(self.articles[str(article.path)])
        else:
            self.query_one(ArticleList).update_article(self._keep(article))
            self._show_again([article])
        self._update_status()

    @work(thread=True, group="detection", exit_on_error=False)
    def _detect_again(self, article: Article) -> None:
        self.post_message(LibraryProgress(Detected([with_article_language(article)])))
