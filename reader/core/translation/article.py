"""Stage 5, translation: what one article's translation is as it arrives (``ArticleTranslation``)
and what is translated of an article (``source_paragraphs``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.core.articles.model import Article
from reader.core.language.articles import with_paragraph_languages
from reader.core.translation.engine import ParagraphTranslation, SourceParagraph


@dataclass
class ArticleTranslation:
    """The translation of one article as it arrives: headline (if any) and body paragraphs."""

    article_id: str
    target: str
    has_headline: bool
    total: int
    parts: dict[int, ParagraphTranslation] = field(default_factory=dict)
    error: str | None = None  # the whole translation failed (shown instead of paragraphs)

    @classmethod
    def for_article(cls, article: Article, target: str) -> ArticleTranslation:
        return cls(
            article.id,
            target,
            article.headline is not None,
            len(article.units),
        )

    def add(self, part: ParagraphTranslation) -> None:
        self.parts[part.index] = part

    @property
    def done(self) -> int:
        return len(self.parts)

    @property
    def complete(self) -> bool:
        return self.done == self.total

    @property
    def text(self) -> str | None:
        """The whole translation, once every paragraph is translated (or already in ``target``)."""
        if not self.complete or not all(p.ok for p in self.parts.values()):
            return None
        return "\n\n".join(self.parts[index].text or "" for index in sorted(self.parts))

    @property
    def headline(self) -> ParagraphTranslation | None:
        return self.parts.get(0) if self.has_headline else None

    def paragraph(self, index: int) -> ParagraphTranslation | None:
        """The translation of body paragraph ``index`` (the headline is not counted)."""
        return self.parts.get(index + self.has_headline)

    @property
    def models(self) -> list[str]:
        return sorted({p.model for p in self.parts.values() if p.model})

    @property
    def splitter_notes(self) -> list[str]:
        """Each model's word on its sentence splitter, when it could not use its own (once)."""
        return sorted({p.splitter_note for p in self.parts.values() if p.splitter_note})

    @property
    def common_problem(self) -> str | None:
        """The message shared by every paragraph when none could be translated (no model)."""
        messages = {p.message for p in self.parts.values() if not p.ok}
        translated = any(p.ok and p.status != "unchanged" for p in self.parts.values())
        if self.complete and not translated and len(messages) == 1:
            return messages.pop()
        return None


def source_paragraphs(article: Article, language: str | None = None) -> list[SourceParagraph]:
    """What to translate of an article: its headline (when it has one), then the body, each with
    its own language, or every one in ``language`` when the reader said which it is. Detects
    paragraph languages when the scan has not (a few ms per paragraph: call it from a worker)."""
    if language is not None:
        return [SourceParagraph(p.text, language) for p in article.units]
    article = with_paragraph_languages(article)
    return [SourceParagraph(p.text, p.language) for p in article.units]
