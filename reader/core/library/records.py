"""Stage 4, library: an article as plain data (a summary row and a JSON body), for the
library cache and the helper processes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reader.core.articles.model import Article, ArticleBody, Paragraph, RemovedLine

# What the list needs, stored beside the body so that listing decodes no body.
SUMMARY_FIELDS = (
    "id",
    "encoding",
    "title",
    "title_source",
    "words",
    "language",
    "confidence",
    "languages_detected",
    "paragraph_languages_detected",
)


def article_summary(article: Article) -> tuple[object, ...]:
    """The values of ``SUMMARY_FIELDS``, in that order."""
    return tuple(getattr(article, name) for name in SUMMARY_FIELDS)


def article_from_summary(
    path: Path, summary: Sequence[Any], content: ArticleBody | Callable[[], ArticleBody]
) -> Article:
    """The inverse of ``article_summary``, with the body (or what produces it)."""
    fields = dict(zip(SUMMARY_FIELDS, summary, strict=True))
    return Article(
        id=str(fields["id"]),
        path=path,
        encoding=str(fields["encoding"]),
        title=str(fields["title"]),
        title_source=str(fields["title_source"]),
        words=None if fields["words"] is None else int(fields["words"]),
        content=content,
        language=str(fields["language"]),
        confidence=float(fields["confidence"]),
        languages_detected=bool(fields["languages_detected"]),
        paragraph_languages_detected=bool(fields["paragraph_languages_detected"]),
    )


def body_record(body: ArticleBody) -> dict[str, object]:
    """An article's body as plain JSON data."""

    def paragraph(p: Paragraph) -> list[object]:
        return [p.text, p.language, p.confidence, p.position]

    return {
        "headline": paragraph(body.headline) if body.headline else None,
        "paragraphs": [paragraph(p) for p in body.paragraphs],
        "metadata": body.metadata,
        "removed": [[r.text, r.reason, r.position] for r in body.removed],
    }


def body_from_record(record: dict[str, Any]) -> ArticleBody:
    """The inverse of ``body_record``; raises ``KeyError``/``TypeError``/``ValueError`` when the
    record is not one."""

    # Fields are taken as stored (this runs 100,000 times for a big library); a record of another
    # shape fails on unpacking.
    def paragraph(fields: list[Any]) -> Paragraph:
        text, language_code, confidence, position = fields
        return Paragraph(text, language_code, confidence, position)

    headline = record["headline"]
    return ArticleBody(
        headline=paragraph(headline) if headline is not None else None,
        paragraphs=tuple(paragraph(p) for p in record["paragraphs"]),
        metadata={str(k): str(v) for k, v in record["metadata"].items()},
        removed=tuple(RemovedLine(str(t), str(r), int(p)) for t, r, p in record["removed"]),
    )
