"""Stage 3, language: an ``Article`` with its language detected, as a whole (what the list
needs) or paragraph by paragraph (what translation routes by), or as the reader chose it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from reader.core.articles.model import Article, ArticleBody, LoadError
from reader.core.language import detection as language
from reader.core.settings.paths import printable

Loaded = TypeVar("Loaded", Article, LoadError, Article | LoadError)


def with_article_language(article: Article) -> Article:
    """The article with its overall language detected: one langdetect call, what the list needs.

    Per-paragraph detection costs one call per paragraph (five to ten times more), so a library
    scan leaves it to ``with_paragraph_languages`` when an article is translated.
    """
    if article.languages_detected:
        return article
    return with_detected_language(article, language.detect(article.body_text))


def with_detected_language(article: Article, detection: language.Detection) -> Article:
    """The article with ``detection`` as its language (``language.detect`` of its body text)."""
    return replace(
        article,
        language=detection.language,
        confidence=detection.confidence,
        languages_detected=True,
    )


def with_chosen_language(article: Article, code: str) -> Article:
    """The article in the language the reader says it is in: the article, its headline and every
    paragraph in ``code``, for when detection got it wrong. The body stays lazy."""

    def body() -> ArticleBody:
        original = article.body
        headline = original.headline
        return replace(
            original,
            headline=headline and replace(headline, language=code, confidence=1.0),
            paragraphs=tuple(
                replace(p, language=code, confidence=1.0) for p in original.paragraphs
            ),
        )

    return replace(
        article,
        content=body,
        language=code,
        confidence=1.0,
        languages_detected=True,
        paragraph_languages_detected=True,
        language_chosen=True,
    )


def without_chosen_language(article: Article) -> Article:
    """The article with its languages to be detected again (the reader's choice withdrawn)."""
    return replace(
        article,
        language=language.UNKNOWN,
        confidence=0.0,
        languages_detected=False,
        paragraph_languages_detected=False,
        language_chosen=False,
    )


# Paragraphs past this many take the article's language instead of their own detection: a huge
# text file of one-line paragraphs kept a worker, and the process after `q`, busy for minutes.
MAX_DETECTED_PARAGRAPHS = 5000


class Cancelled(Exception):
    """The work was cancelled (the reader moved on or quit)."""


def with_paragraph_languages(
    article: Article,
    is_cancelled: Callable[[], bool] = lambda: False,
    candidates: frozenset[str] | None = None,
) -> Article:
    """The article with its body, headline and every paragraph language-detected (the first
    ``MAX_DETECTED_PARAGRAPHS``; the rest in the article's language), each leaving the article's
    language only when both detectors agree, and only for one of ``candidates`` when given
    (``language.detect_within``). Raises ``Cancelled`` as soon as ``is_cancelled()`` says so."""
    if article.paragraph_languages_detected:
        return article
    article = with_article_language(article)
    whole = language.Detection(article.language, article.confidence)
    paragraphs = []
    for index, paragraph in enumerate(article.paragraphs):
        if is_cancelled():
            raise Cancelled
        if index < MAX_DETECTED_PARAGRAPHS:
            detected = language.detect_within(paragraph.text, whole, candidates)
        else:
            detected = whole
        paragraphs.append(
            replace(paragraph, language=detected.language, confidence=detected.confidence)
        )
    headline = article.headline
    if headline is not None:
        detected = language.detect_within(headline.text, whole, candidates)
        headline = replace(headline, language=detected.language, confidence=detected.confidence)
    return replace(
        article,
        content=replace(article.body, paragraphs=tuple(paragraphs), headline=headline),
        paragraph_languages_detected=True,
    )


class ChosenLanguages:
    """The languages the reader set by hand, by the article's resolved path (as
    ``ReadingState.chosen_languages`` keeps them). Applied wherever articles are loaded (the
    TUI's library, ``reader list``, ``show``, ``versions`` and ``translate``), so the choice wins
    over detection in the list, in routing and in versions grouping."""

    def __init__(self, by_path: Mapping[str, str] | None = None) -> None:
        self._by_path = dict(by_path or {})
        # Their file names: a big library resolves the paths of only the articles that may match.
        self._names = {Path(key).name for key in self._by_path}

    def apply(self, entry: Loaded) -> Loaded:
        """``entry`` in the language chosen for it, if any (an outline waits for its body)."""
        if not isinstance(entry, Article) or entry.path.name not in self._names:
            return entry
        if entry.is_outline:
            return entry
        code = self._by_path.get(printable(entry.path.resolve()))
        if code is None or (entry.language_chosen and entry.language == code):
            return entry
        return with_chosen_language(entry, code)  # type: ignore[return-value]

    def choose(self, path: Path, code: str | None) -> None:
        """``code`` from now on for the article at ``path`` (None: detected again)."""
        key = printable(path.resolve())
        if code is None:
            self._by_path.pop(key, None)
        else:
            self._by_path[key] = code
            self._names.add(path.name)
