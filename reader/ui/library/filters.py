"""Which of the library's articles the list shows: a language, and text searched in the title
(original and English), the body and the English translation (case-insensitive)."""

from __future__ import annotations

from collections.abc import Iterable

from reader.core.articles.model import Article


class ListFilter:
    def __init__(self) -> None:
        self.language: str | None = None
        self.search = ""
        self.translated_texts: dict[str, str] = {}  # by article id: the English, for search
        self.english_titles: dict[str, str] = {}  # by article id
        # By article id: title, text and English casefolded once per article, not once per
        # keystroke (with 10,000 articles, the difference between a search that keeps up with
        # typing and one that does not).
        self._texts: dict[str, str] = {}

    @property
    def unfiltered(self) -> bool:
        return self.language is None and not self.search

    def matching(self, articles: Iterable[Article]) -> list[Article]:
        needle = self.search.casefold()
        return [
            article
            for article in articles
            if (self.language is None or article.language == self.language)
            and (not needle or needle in self._text(article))
        ]

    def add_translations(self, texts: dict[str, str]) -> None:
        self.translated_texts.update(texts)
        for article_id in texts:
            self._texts.pop(article_id, None)

    def add_titles(self, titles: dict[str, str]) -> None:
        self.english_titles.update(titles)
        for article_id in titles:
            self._texts.pop(article_id, None)

    def forget_texts(self) -> None:
        """Casefold every article again at the next search (bodies were parsed since)."""
        self._texts.clear()

    def _text(self, article: Article) -> str:
        text = self._texts.get(article.id)
        if text is None:
            parts = (
                article.title,
                self.english_titles.get(article.id, ""),
                article.body_text,
                self.translated_texts.get(article.id, ""),
            )
            text = "\n".join(parts).casefold()
            self._texts[article.id] = text
        return text
