"""The main screen's third job: translating ahead of the reader (``core.translation.ahead``) and
showing it: English titles in the list, ✓ in its EN column as articles are remembered, and how
far it has got in the status line. The queue is aimed again whenever the cursor or the list
changes; the open article's own translation always goes first (``ReadingAhead.foreground``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from reader.core.articles.model import Article
from reader.core.translation.ahead import (
    AheadEvent,
    AheadIdle,
    ArticleAhead,
    ReadingAhead,
    TitlesTranslated,
)
from reader.ui.library.article_list import ArticleList
from reader.ui.library.filters import ListFilter

if TYPE_CHECKING:
    from textual.screen import Screen

    _Screen = Screen[None]
else:
    _Screen = object


class AheadProgress(Message):
    """One event of the work ahead, posted from its worker."""

    def __init__(self, event: AheadEvent) -> None:
        super().__init__()
        self.event = event


class TranslatingAhead(_Screen):
    """A mixin of ``MainScreen``: the work ahead of the reader."""

    ahead: ReadingAhead
    ahead_status: str | None
    articles: dict[str, Article]
    filter: ListFilter

    if TYPE_CHECKING:  # the other mixins' and the screen's

        def _keep(self, article: Article) -> Article: ...
        def _translation_complete(self, article: Article, text: str | None) -> None: ...
        def _update_status(self) -> None: ...

    def _start_ahead(self) -> None:
        """Once the library is loaded (every language known), unless it is switched off."""
        if self.ahead.mode == "off":
            return
        self._aim_ahead()
        self.ahead_status = "translating ahead: starting…"
        self._translate_ahead()

    def _aim_ahead(self) -> None:
        if self.ahead.mode == "off":
            return
        article_list = self.query_one(ArticleList)
        self.ahead.aim(article_list.rows, article_list.cursor, list(self.articles.values()))

    @work(thread=True, exclusive=True, group="ahead", exit_on_error=False)
    def _translate_ahead(self) -> None:
        worker = get_current_worker()
        for event in self.ahead.run(lambda: worker.is_cancelled):
            self.post_message(AheadProgress(event))

    def on_ahead_progress(self, message: AheadProgress) -> None:
        event = message.event
        if isinstance(event, TitlesTranslated):
            self.query_one(ArticleList).set_english_titles(event.titles)
            self.filter.add_titles(event.titles)
            self.ahead_status = f"English titles: {event.done} of {event.total}"
        elif isinstance(event, ArticleAhead):
            article = self.articles.get(str(event.article.path))
            if article is not None and article.id == event.article.id:
                self._keep(event.article)
                self._translation_complete(event.article, event.text)
            self.ahead_status = f"translating ahead: {event.done} of {event.total}"
        elif isinstance(event, AheadIdle):
            self.ahead_status = None
        if self.ahead.paused:
            self.ahead_status = "translating ahead: paused (A: resume)"
        self._update_status()

    def action_pause_ahead(self) -> None:
        if self.ahead.mode == "off":
            self.notify(
                'Translating ahead is off: set translate_ahead = "titles" or "all" in '
                "config.toml to turn it on.",
                timeout=6,
                markup=False,
            )
            return
        paused = not self.ahead.paused
        self.ahead.set_paused(paused)
        self.ahead_status = "translating ahead: paused (A: resume)" if paused else None
        self.notify(
            "Translating ahead paused." if paused else "Translating ahead again.",
            timeout=3,
            markup=False,
        )
        self._update_status()

    def action_toggle_english_titles(self) -> None:
        article_list = self.query_one(ArticleList)
        article_list.show_english_titles = not article_list.show_english_titles
