"""Stage 5, translation: many articles translated into the cache, as ``reader translate PATH...``
does for folders: the ones remembered already are skipped (so a stopped run resumes where it
stopped), and progress is counted in articles, paragraphs and sentences, with a rate and what is
left, for a progress line."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from reader.core.articles.model import Article
from reader.core.translation.translator import ArticleTranslator, LanguagesFound, ParagraphDone


@dataclass(frozen=True)
class ArticleResult:
    """One article of a batch: ``status`` is ``remembered`` (skipped: translated before),
    ``translated`` (every paragraph translated or already in the target language), ``partly``
    (some paragraphs could not be: no model for their language) or ``untranslated`` (none
    could)."""

    article: Article
    status: str
    paragraphs: int
    translated: int  # paragraphs translated now or taken from the paragraph cache
    problems: tuple[str, ...] = ()


@dataclass
class BatchProgress:
    """What a batch has done so far, for a progress line."""

    articles: int  # in the batch
    paragraphs: int  # to translate, in the articles not remembered
    articles_done: int = 0
    paragraphs_done: int = 0
    sentences_done: int = 0  # decoded by a model (the rate's measure)
    skipped: int = 0  # remembered already
    started: float = field(default_factory=time.monotonic)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    @property
    def sentences_per_second(self) -> float:
        return self.sentences_done / self.seconds if self.seconds > 0 else 0.0

    @property
    def seconds_left(self) -> float | None:
        """At the rate so far; ``None`` until a paragraph is done."""
        if not self.paragraphs_done:
            return None
        rate = self.paragraphs_done / self.seconds
        return (self.paragraphs - self.paragraphs_done) / rate if rate > 0 else None


def translate_all(
    translator: ArticleTranslator,
    articles: Iterable[Article],
    progress: BatchProgress,
    on_paragraph: Callable[[BatchProgress], None] = lambda progress: None,
    is_cancelled: Callable[[], bool] = lambda: False,
    language: str | None = None,
) -> Iterator[ArticleResult]:
    """Each article translated and remembered, in order; those remembered already skipped."""
    for article in articles:
        if is_cancelled():
            return
        if translator.remembered(article):
            progress.skipped += 1
            progress.articles_done += 1
            yield ArticleResult(article, "remembered", len(article.units), len(article.units))
            continue
        parts = []
        for event in translator.translate(article, is_cancelled, language):
            if isinstance(event, LanguagesFound):
                article = event.article  # its language, for the report
            elif isinstance(event, ParagraphDone):
                parts.append(event.part)
                progress.paragraphs_done += 1
                if event.part.status == "translated":  # decoded now, not cached or kept
                    progress.sentences_done += len(event.part.sentences)
                on_paragraph(progress)
        if is_cancelled() and len(parts) < len(article.units):
            return
        progress.articles_done += 1
        done = sum(p.ok for p in parts)
        changed = sum(p.ok and p.status != "unchanged" for p in parts)
        problems = tuple(sorted({p.message for p in parts if not p.ok and p.message}))
        if done == len(parts):
            status = "translated"
        elif changed:
            status = "partly"
        else:
            status = "untranslated"
        yield ArticleResult(article, status, len(parts), done, problems)
