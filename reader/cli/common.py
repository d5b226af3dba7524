"""What every command shares: how it fails, what counts as an article file, an article as a
JSON record."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.settings.paths import printable

if TYPE_CHECKING:
    from reader.core.articles.model import Article
    from reader.core.language.articles import ChosenLanguages


def fail(message: str, code: int = 2) -> int:
    print(f"reader: {message}", file=sys.stderr)
    return code


def not_an_article_file(path: Path) -> str | None:
    """Why ``path`` cannot be read as one article (exit 2), or None."""
    if path.is_dir():
        return f"{path} is a folder: give one article file (reader list {path} shows them)"
    if not path.is_file():
        return f"no such file: {path}"
    return None


def output_problem(path: Path) -> str | None:
    """Why ``-o path`` cannot be written (checked before any work is done), or None."""
    if path.is_dir():
        return f"{path} is a folder: give a file name to write (e.g. {path / 'review.tmx'})"
    if not path.parent.is_dir():
        return f"no such folder: {path.parent}"
    return None


def chosen_languages() -> ChosenLanguages:
    """The languages set by hand in the TUI (``L``): every command loads articles in them."""
    from reader.core.language.articles import ChosenLanguages
    from reader.core.settings.state import ReadingState

    return ChosenLanguages(ReadingState().chosen_languages())


def article_record(article: Article) -> dict[str, object]:
    return {
        "path": printable(article.path),
        "id": article.id,
        "title": article.title,
        "language": article.language,
        "confidence": article.confidence,
        "language_set_by_hand": article.language_chosen,
        "words": article.words,
        "paragraphs": len(article.paragraphs),
        "reading_minutes": article.reading_minutes,
        "encoding": article.encoding,
    }
