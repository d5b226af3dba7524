"""Which of the library's articles the list shows: a language, and words searched in the title
(original and English), the body and the English translation (any order; case and accents
ignored, as ``core.articles.search`` compares)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from reader.core.articles.model import Article
from reader.core.articles.search import contains_all, fold, query_words

# What a search looks in: the title, the English title, the text and the English translation.
SearchedTexts = tuple[str, str, str, str]


class ListFilter:
    def __init__(self) -> None:
        self.language: str | None = None
        self.search = ""
        # Unread only (U): the ids of the articles read when it was turned on. One read since
        # stays listed until U is pressed again, so it does not vanish while being read.
        self.hidden_read: frozenset[str] | None = None
        self.translated_texts: dict[str, str] = {}  # by article id: the English, for search
        self.english_titles: dict[str, str] = {}  # by article id
        # By article id: title, text and English folded once per article, not once per
        # keystroke (with 10,000 articles, the difference between a search that keeps up with
        # typing and one that does not), and ahead of the first search, in a worker
        # (``folded_ahead``), so that its first keystroke does not fold them all.
        self._texts: dict[str, str] = {}

    @property
    def unfiltered(self) -> bool:
        return self.language is None and not self.search and self.hidden_read is None

    def matching(self, articles: Iterable[Article]) -> list[Article]:
        words = query_words(self.search)
        return [
            article
            for article in articles
            if (self.language is None or article.language == self.language)
            and (self.hidden_read is None or article.id not in self.hidden_read)
            and (not words or contains_all(words, self._text(article)))
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

    def folded_ahead(
        self, articles: Iterable[Article], is_cancelled: Callable[[], bool] = lambda: False
    ) -> dict[str, tuple[SearchedTexts, str]]:
        """Each article's searched texts folded, with the texts they were folded from, until
        ``is_cancelled()``: for a worker, ahead of the first search (``take_folded``)."""
        folded = {}
        for article in articles:
            if is_cancelled():
                break
            texts = self._searched(article)
            folded[article.id] = (texts, fold("\n".join(texts)))
        return folded

    def take_folded(
        self, folded: dict[str, tuple[SearchedTexts, str]], articles: Iterable[Article]
    ) -> None:
        """Keep what ``folded_ahead`` folded for those of ``articles`` whose texts are still
        the same (not a translation or a body that arrived meanwhile)."""
        for article in articles:
            entry = folded.get(article.id)
            if entry is not None and article.id not in self._texts:
                texts, text = entry
                if texts == self._searched(article):
                    self._texts[article.id] = text

    def _searched(self, article: Article) -> SearchedTexts:
        return (
            article.title,
            self.english_titles.get(article.id, ""),
            article.body_text,
            self.translated_texts.get(article.id, ""),
        )

    def _text(self, article: Article) -> str:
        text = self._texts.get(article.id)
        if text is None:
            text = self._texts[article.id] = fold("\n".join(self._searched(article)))
        return text
