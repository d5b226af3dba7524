"""App-wide messages, posted from worker threads: library loading and translation progress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from reader.core.articles import Article, LoadError
from reader.core.translation.engine import ParagraphTranslation

if TYPE_CHECKING:
    from reader.core.versions import VersionGroup  # imported when versions are first grouped


@dataclass
class ArticlesFound(Message):
    """A batch of parsed articles or outlines (languages not yet known) and files that could not
    be read."""

    articles: list[Article]
    skipped: list[LoadError]
    files_seen: int
    last: bool = False  # every file has been read


@dataclass
class ArticlesParsed(Message):
    """Outlines listed earlier (titles only), now parsed whole, or why their file could no longer
    be read."""

    entries: list[Article | LoadError]


@dataclass
class LanguagesDetected(Message):
    """Articles of an earlier batch, now with languages detected."""

    articles: list[Article]


@dataclass
class ParagraphLanguagesDetected(Message):
    """An article with every paragraph's language detected (done before translating it)."""

    article: Article


@dataclass
class ScanFinished(Message):
    """Every file has been parsed and language-detected."""

    articles: int
    skipped: int
    translated_texts: dict[str, str]  # cached translations by article id, for search


@dataclass
class ParagraphTranslated(Message):
    """One more paragraph of an article's translation (posted in reading order)."""

    article_id: str
    part: ParagraphTranslation


@dataclass
class TranslationDone(Message):
    """An article's translation finished; ``text`` is the whole translation when complete."""

    article_id: str
    text: str | None


@dataclass
class VersionsFound(Message):
    """Groups of articles that tell the same story (computed once the library is loaded)."""

    groups: list[VersionGroup]


@dataclass
class ReviewProgress(Message):
    """Approved and total segments per reviewed document (article path)."""

    progress: dict[str, tuple[int, int]]
