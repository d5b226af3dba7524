"""Stage 5, translation: one article into the target language, as one sequence for the TUI and
the CLI alike: detect each paragraph's language, translate paragraph by paragraph (streamed as
plain events), and remember the whole text once it is complete, so that the list can mark the
article translated, search can find its English, and versions grouping can read its anchors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.articles.model import Article
from reader.core.language.articles import Cancelled, with_paragraph_languages
from reader.core.language.detection import base_language
from reader.core.translation.article import ArticleTranslation, source_paragraphs
from reader.core.translation.engine import ParagraphTranslation, TranslationEngine

if TYPE_CHECKING:
    from reader.core.library.cache import LibraryCache


@dataclass(frozen=True)
class LanguagesFound:
    """The article with every paragraph's language detected (and stored in the library cache),
    before its first paragraph is translated."""

    article: Article


@dataclass(frozen=True)
class ParagraphDone:
    """One more paragraph, in reading order."""

    part: ParagraphTranslation


@dataclass(frozen=True)
class ArticleDone:
    """Every paragraph is done; ``text`` is the whole translation when all of it could be
    translated (or was already in the target language)."""

    text: str | None


TranslationEvent = LanguagesFound | ParagraphDone | ArticleDone


class ArticleTranslator:
    """Translates whole articles with ``engine`` into ``target``, remembering their text in the
    engine's cache, and their paragraph languages in ``library_cache`` (when given)."""

    def __init__(
        self,
        engine: TranslationEngine,
        target: str = "en",
        library_cache: LibraryCache | None = None,
    ) -> None:
        self.engine = engine
        self.target = target
        self.library_cache = library_cache
        # The languages of the library's articles, kept up to date by whoever loads it: with
        # the installed models' and the target, the only ones a paragraph may switch to.
        self.seen_languages: frozenset[str] = frozenset()

    def candidate_languages(self, article: Article) -> frozenset[str]:
        """The base codes a paragraph of ``article`` may be detected in (``detect_within``)."""
        codes = {model.from_code for model in self.engine.models}
        codes |= {self.target, article.language, *self.seen_languages}
        return frozenset(map(base_language, codes))

    def translate(
        self,
        article: Article,
        is_cancelled: Callable[[], bool] = lambda: False,
        language: str | None = None,
        workers: int | None = None,
    ) -> Iterator[TranslationEvent]:
        """Translate ``article`` (every paragraph from ``language`` when the reader said which it
        is), with at most ``workers`` batches at once (see ``TranslationEngine.translate``).
        Stops, saying nothing more, as soon as ``is_cancelled()``. The whole text is stored
        after ``ArticleDone`` is taken: it is on screen before it is on disk."""
        try:
            detected = with_paragraph_languages(
                article, is_cancelled, self.candidate_languages(article)
            )
        except Cancelled:
            return
        if detected is not article:  # remembered, so that re-opening it needs no detection
            if self.library_cache is not None:
                self.library_cache.store([detected])
            yield LanguagesFound(detected)
        translation = ArticleTranslation.for_article(article, self.target)
        sources = source_paragraphs(detected, language)
        parts = self.engine.translate(sources, article.language, self.target, is_cancelled, workers)
        for part in parts:
            if is_cancelled():
                return
            translation.add(part)
            yield ParagraphDone(part)
        yield ArticleDone(translation.text)
        self._remember(article, translation)

    def cached(self, article: Article) -> ArticleTranslation | None:
        """The whole translation when no paragraph needs a model (each is cached, already in the
        target language or has no model): a few ms, no model loaded, so that re-opening a
        translated article shows it in the same frame. ``None`` otherwise, and when the
        paragraphs' languages are not known yet (detecting them is a worker's job)."""
        if not article.paragraph_languages_detected:
            return None
        parts = self.engine.cached_translation(
            source_paragraphs(article), article.language, self.target
        )
        if parts is None:
            return None
        translation = ArticleTranslation.for_article(article, self.target)
        for part in parts:
            translation.add(part)
        return translation

    def remembered(self, article: Article) -> bool:
        """Whether the whole translation of ``article`` is in the cache (shown without a model)."""
        cache = self.engine.cache
        return cache is not None and cache.has_article(article.id, self.target)

    def remembered_texts(self) -> dict[str, str]:
        """Every remembered whole translation into the target language, by article id."""
        cache = self.engine.cache
        return cache.article_texts(self.target) if cache is not None else {}

    @property
    def problems(self) -> list[str]:
        """What went wrong with the translation cache (set aside, or not writable), if anything."""
        cache = self.engine.cache
        if cache is None:
            return []
        return [problem for problem in (cache.recovered, cache.problem) if problem]

    def _remember(self, article: Article, translation: ArticleTranslation) -> None:
        cache = self.engine.cache
        text = translation.text
        # A translation served from the cache has nothing new to store.
        if (
            text is not None
            and cache is not None
            and article.language != self.target
            and (
                any(p.status == "translated" for p in translation.parts.values())
                or not cache.has_article(article.id, self.target)
            )
        ):
            cache.remember_article(article.id, self.target, text)
