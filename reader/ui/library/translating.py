"""The main screen's second job: translating the open article, when and only when it should.

``core.translation.translator`` does the translating (detect, stream, remember); here it is
scheduled: a moment after an article is opened (skimming the list with j/k starts nothing), at
once when it is remembered, never twice, and shown in the reading pane, the translation pane
and an open compare screen as its paragraphs arrive.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.timer import Timer
from textual.worker import get_current_worker

from reader.core.articles.model import Article
from reader.core.review.checks import KnownWarnings
from reader.core.review.session import review_sources
from reader.core.translation.ahead import ReadingAhead
from reader.core.translation.article import ArticleTranslation
from reader.core.translation.translator import (
    ArticleDone,
    ArticleTranslator,
    LanguagesFound,
    ParagraphDone,
    TranslationEvent,
)
from reader.ui.library.article_list import ArticleList
from reader.ui.library.filters import ListFilter
from reader.ui.reading.article_view import ArticleView
from reader.ui.reading.translation_view import TranslationView

if TYPE_CHECKING:
    from textual.screen import Screen

    _Screen = Screen[None]
else:
    _Screen = object

# Translating starts this long after an article is opened, so skimming the list with j/k does not
# start (and cancel) a translation per keypress, and the first frame never waits for a model.
TRANSLATE_DELAY = 0.3
REDRAW_SECONDS = 0.05


class TranslationProgress(Message):
    """One event of an article's translation, posted from its worker."""

    def __init__(self, article_id: str, event: TranslationEvent) -> None:
        super().__init__()
        self.article_id = article_id
        self.event = event


class TranslationScheduling(_Screen):
    """A mixin of ``MainScreen``: the open article's translation."""

    translator: ArticleTranslator
    ahead: ReadingAhead
    translations: dict[str, ArticleTranslation]  # by article id, this session
    known_warnings: KnownWarnings  # review's, of the translations checked this session
    articles: dict[str, Article]
    filter: ListFilter
    _translate_timer: Timer | None
    _redraw_pending: bool

    if TYPE_CHECKING:  # the loading mixin's

        def _keep(self, article: Article) -> Article: ...

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
        if article.id in self.translations or not self.translator.engine.models_discovered:
            return
        translation = self.translator.cached(article)
        if translation is not None:
            self.translations[article.id] = translation
            self._translation_complete(article, translation.text)

    def _schedule_translation(self, article: Article) -> None:
        if self._translate_timer is not None:
            self._translate_timer.stop()
        translation = self.translations.get(article.id)
        if not article.languages_detected or (translation is not None and translation.complete):
            return
        if article.id in self.filter.translated_texts or self.translator.remembered(article):
            self._start_translation(article)  # remembered: no model, shown at once
        else:
            self._translate_timer = self.set_timer(
                TRANSLATE_DELAY, lambda: self._start_translation(article)
            )

    def _start_translation(self, article: Article) -> None:
        if self.current_article is None or self.current_article.id != article.id:
            return
        target = self.translator.target
        self.translations[article.id] = ArticleTranslation.for_article(article, target)
        self._show_translation_pane(article)
        self._translate(article)

    @work(thread=True, exclusive=True, group="translation", exit_on_error=False)
    def _translate(self, article: Article) -> None:
        worker = get_current_worker()
        with self.ahead.foreground():  # the work ahead waits for the reader's article
            for event in self.translator.translate(article, lambda: worker.is_cancelled):
                self.post_message(TranslationProgress(article.id, event))

    def on_translation_progress(self, message: TranslationProgress) -> None:
        event = message.event
        if isinstance(event, LanguagesFound):
            self._keep(event.article)
        elif isinstance(event, ParagraphDone):
            self._paragraph_translated(message.article_id, event)
        elif isinstance(event, ArticleDone):
            # Its own article, which need not be the open one: the reader may have moved on
            # while it was being translated (and coming back finds it done).
            article = next((a for a in self.articles.values() if a.id == message.article_id), None)
            if article is not None:
                self._translation_complete(article, event.text)
            self._translation_changed(message.article_id)

    def _paragraph_translated(self, article_id: str, event: ParagraphDone) -> None:
        translation = self.translations.get(article_id)
        if translation is None:
            return
        translation.add(event.part)
        # Paragraphs can arrive hundreds at a time (cache hits); redraw at most every
        # REDRAW_SECONDS instead of once per paragraph, but the first at once.
        if len(translation.parts) == 1:
            self._translation_changed(article_id)
        elif not self._redraw_pending:
            self._redraw_pending = True
            self.set_timer(REDRAW_SECONDS, lambda: self._redraw_translation(article_id))

    def _redraw_translation(self, article_id: str) -> None:
        self._redraw_pending = False
        self._translation_changed(article_id)

    def _translation_complete(self, article: Article, text: str | None) -> None:
        """Searchable and marked in the list, once the whole translation is there, and checked
        for review's warnings."""
        if text is not None and article.language != self.translator.target:
            self.filter.add_translations({article.id: text})
            self.query_one(ArticleList).set_translated(article, True)
        translation = self.translations.get(article.id)
        if translation is not None and translation.complete:
            self._check_ahead(article, translation)

    @work(thread=True, exclusive=True, group="checks-ahead", exit_on_error=False)
    def _check_ahead(self, article: Article, translation: ArticleTranslation) -> None:
        """Review's warnings on the translation, found while the article is read: a review
        opened on it then shows them all at once, instead of checking a long article's other
        paragraphs after it shows and drawing most rows again."""
        worker = get_current_worker()
        sources = review_sources(
            article,
            self.translator.engine,
            translation.target,
            lambda: worker.is_cancelled,
            translation,  # complete: nothing is translated here
        )
        if sources is not None:
            self.known_warnings.check(
                ((source.source, source.mt) for source in sources),
                (article.language, translation.target),
                lambda: worker.is_cancelled,
            )

    def _translation_changed(self, article_id: str) -> None:
        article = self.current_article
        if article is None or article.id != article_id:
            return
        translation = self.translations[article_id]
        self.query_one(ArticleView).update_translation(translation)
        self.query_one(TranslationView).show_translation(article, translation)
        from reader.ui.compare.compare_screen import CompareScreen

        compare = self.app.screen
        if isinstance(compare, CompareScreen) and compare.article.id == article_id:
            compare.refresh_translation(translation)

    def translation_failed(self, error: BaseException | None) -> None:
        """The translation worker raised: the pane says what went wrong."""
        article = self.current_article
        if article is None or article.id not in self.translations:
            return
        self.translations[article.id].error = f"Translation failed: {error}"
        self._translation_changed(article.id)
