"""Review of one article: its machine translation synced into the review store, and exports."""

from __future__ import annotations

from collections.abc import Callable

from reader.core.articles import Article
from reader.core.export import ExportDocument
from reader.core.review import ReviewStore, Segment, SourceSegment, document_key
from reader.core.translation.engine import TranslationEngine, source_paragraphs


def review_segments(
    article: Article,
    engine: TranslationEngine,
    store: ReviewStore,
    target: str = "en",
    is_cancelled: Callable[[], bool] = lambda: False,
) -> list[Segment]:
    """Translate the article (from the cache when possible) and sync the review store with it.

    Paragraphs with no translation (no model) are still segments, with no MT: they can be
    translated by hand.
    """
    sources = source_paragraphs(article)
    parts = list(engine.translate(sources, article.language, target, is_cancelled))
    if len(parts) < len(sources):
        return store.segments(document_key(article.path))  # cancelled: nothing new to sync
    return store.sync(
        document_key(article.path),
        target,
        [SourceSegment(p.source, p.source_language, p.text, p.model) for p in parts],
    )


def export_document(article: Article, segments: list[Segment], target: str) -> ExportDocument:
    return ExportDocument(article.path.name, article.title, article.language, target, segments)
