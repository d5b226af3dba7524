"""Stage 2, articles: what an article is (``Article``, its ``Paragraph``s and the lines set
aside from them) and ``LoadError``, a file that could not become one."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from reader.core.language import detection as language

WORDS_PER_MINUTE = 200


@dataclass(frozen=True)
class Paragraph:
    text: str
    language: str = language.UNKNOWN
    confidence: float = 0.0
    position: int = -1  # index among the file's blocks, to interleave removed lines for display


@dataclass(frozen=True)
class RemovedLine:
    """A line taken out of the body, and why ("boilerplate: read also", "metadata: date")."""

    text: str
    reason: str
    position: int  # index among the file's blocks, to show removed lines where they were


@dataclass(frozen=True)
class ArticleBody:
    """What an article says: its paragraphs, and the lines set aside from them."""

    headline: Paragraph | None  # the headline paragraph when the file has one
    paragraphs: tuple[Paragraph, ...]  # the cleaned body, without the headline
    metadata: dict[str, str] = field(default_factory=dict)
    removed: tuple[RemovedLine, ...] = ()


@dataclass(frozen=True)
class Article:
    """An article: what the list shows (title, language, length) and its body.

    The body is either there or a function that produces it on first use: the library cache
    hands out articles whose body is decoded only when something reads it, so listing 10,000
    cached articles decodes none of them.
    """

    id: str  # content hash of the decoded text: same text, same id, wherever the file lives
    path: Path
    encoding: str
    title: str
    title_source: str  # "headline", "front matter", "html", or "first sentence"
    # In the body (the list shows, sorts and measures it for every row); ``None`` in an outline
    # (``outline_article``), whose body has not been sorted yet.
    words: int | None
    content: ArticleBody | Callable[[], ArticleBody] = field(repr=False, compare=False)
    language: str = language.UNKNOWN
    confidence: float = 0.0
    languages_detected: bool = False  # the article's own language (what the list shows)
    paragraph_languages_detected: bool = False  # each paragraph's too (what translation routes by)
    language_chosen: bool = False  # set by the reader (``with_chosen_language``), not detected

    @cached_property
    def body(self) -> ArticleBody:
        content = self.content
        return content if isinstance(content, ArticleBody) else content()

    @property
    def headline(self) -> Paragraph | None:
        return self.body.headline

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return self.body.paragraphs

    @property
    def metadata(self) -> dict[str, str]:
        return self.body.metadata

    @property
    def removed(self) -> tuple[RemovedLine, ...]:
        return self.body.removed

    @property
    def units(self) -> tuple[Paragraph, ...]:
        """What is translated and aligned: the headline (when there is one), then the body."""
        return ((self.headline,) if self.headline else ()) + self.paragraphs

    @property
    def is_outline(self) -> bool:
        return self.words is None

    @property
    def reading_minutes(self) -> int | None:
        if self.words is None:
            return None
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE)) if self.words else 0

    @property
    def body_text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
class LoadError:
    """A file that could not become an article, with a reason a person can act on."""

    path: Path
    reason: str
