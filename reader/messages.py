"""App-wide messages: library loading progress, posted from the loader worker thread."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from reader.core.articles import Article, LoadError


@dataclass
class ArticlesFound(Message):
    """A batch of parsed articles (languages not yet known) and files that could not be read."""

    articles: list[Article]
    skipped: list[LoadError]
    files_seen: int


@dataclass
class LanguagesDetected(Message):
    """Articles of an earlier batch, now with languages detected."""

    articles: list[Article]


@dataclass
class ScanFinished(Message):
    """Every file has been parsed and language-detected."""

    articles: int
    skipped: int
