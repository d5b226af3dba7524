"""Stage 5, translation: translating ahead of the reader, in idle time, into the cache: titles
(short, so a whole library's are cheap) and, when asked for, whole articles, the ones around the
list's cursor first; the two take turns. The interface re-aims it as the cursor moves
(``ReadingAhead.aim``) and says when the reader's own translation runs (``foreground``): then
the work ahead stops after its current batch and waits, and it never takes more than one of the
engine's workers, so a core stays free for the interface and the article the reader opens.
Everything it translates is cached and remembered as a translation the reader asked for would be.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from reader.core.articles.model import Article
from reader.core.language.detection import UNKNOWN
from reader.core.settings.config import AHEAD_MODES, DEFAULT_AHEAD
from reader.core.translation.engine import SourceParagraph
from reader.core.translation.translator import ArticleDone, ArticleTranslator, LanguagesFound

# Titles per call of the engine: enough to fill a batch or two, few enough that the list gets
# English titles in steps, the ones around the cursor first.
TITLES_PER_STEP = 24
# Work ahead decodes on this many of the engine's workers at most.
AHEAD_WORKERS = 1
# How often a paused or waiting queue looks whether its worker was cancelled (seconds).
WAIT_SECONDS = 0.1


@dataclass(frozen=True)
class TitlesTranslated:
    """English titles (by article id) for some more articles; ``done`` of ``total`` titles that
    needed translating are settled."""

    titles: dict[str, str]
    done: int
    total: int


@dataclass(frozen=True)
class ArticleAhead:
    """One more article translated ahead (``text`` is its whole translation when every paragraph
    could be translated), with its paragraph languages detected; ``done`` of ``total``."""

    article: Article
    text: str | None
    done: int
    total: int


@dataclass(frozen=True)
class AheadIdle:
    """Nothing is left to translate ahead (until the queue is aimed at new articles)."""


AheadEvent = TitlesTranslated | ArticleAhead | AheadIdle


class ReadingAhead:
    """The queue of work ahead of the reader; ``run`` (in a worker thread) does it."""

    def __init__(self, translator: ArticleTranslator, mode: str = DEFAULT_AHEAD) -> None:
        if mode not in AHEAD_MODES:
            raise ValueError(f"translate_ahead must be one of {', '.join(AHEAD_MODES)}")
        self.translator = translator
        self.mode = mode
        self._changed = threading.Condition()
        self._listed: Sequence[Article] = ()
        self._cursor = 0
        self._library: Sequence[Article] = ()
        self._titles_settled: set[str] = set()
        self._articles_settled: set[str] = set()
        self._foreground = 0
        self._paused = False
        self._articles_turn = False

    @property
    def target(self) -> str:
        return self.translator.target

    # --- steering (from the interface thread) ------------------------------------------------

    def aim(self, listed: Sequence[Article], cursor: int, library: Sequence[Article]) -> None:
        """The list as shown (``cursor`` on row ``cursor``) and every article of the library:
        work starts around the cursor, then goes through the list, then the rest."""
        with self._changed:
            self._listed, self._cursor, self._library = listed, cursor, library
            self._changed.notify_all()

    @contextmanager
    def foreground(self) -> Iterator[None]:
        """While the reader's own translation runs, nothing ahead starts a batch."""
        with self._changed:
            self._foreground += 1
        try:
            yield
        finally:
            with self._changed:
                self._foreground -= 1
                self._changed.notify_all()

    @property
    def paused(self) -> bool:
        return self._paused

    def set_paused(self, paused: bool) -> None:
        with self._changed:
            self._paused = paused
            self._changed.notify_all()

    def forget(self, article_id: str) -> None:
        """Translate ``article_id`` again (its language was changed by hand, or a model was
        installed)."""
        with self._changed:
            self._titles_settled.discard(article_id)
            self._articles_settled.discard(article_id)
            self._changed.notify_all()

    def forget_all(self) -> None:
        with self._changed:
            self._titles_settled.clear()
            self._articles_settled.clear()
            self._changed.notify_all()

    # --- the work (in a worker thread) ---------------------------------------------------------

    def run(self, is_cancelled: Callable[[], bool]) -> Iterator[AheadEvent]:
        """Translate ahead until ``is_cancelled()``, waiting while paused or while the reader's
        own translation runs, and while nothing is left to do."""
        idle_said = False
        while not is_cancelled():
            if not self._wait_for_turn(is_cancelled):
                return
            worked = self._step(is_cancelled)
            if worked is not None:
                idle_said = False
                yield worked
                continue
            if not idle_said:
                idle_said = True
                yield AheadIdle()
            with self._changed:  # until aimed anew, forgotten or resumed
                self._changed.wait(WAIT_SECONDS * 10)

    def _step(self, is_cancelled: Callable[[], bool]) -> AheadEvent | None:
        """A step of titles or an article, in turn while both are left: the list fills with
        English titles while the articles nearest the cursor are translated, and a big
        library's titles do not keep the next article waiting."""
        steps: list[Callable[[Callable[[], bool]], AheadEvent | None]] = [self._translate_titles]
        if self.mode == "all":
            steps.append(self._translate_article)
            if self._articles_turn:
                steps.reverse()
            self._articles_turn = not self._articles_turn
        for step in steps:
            worked = step(is_cancelled)
            if worked is not None:
                return worked
        return None

    @property
    def standing_aside(self) -> bool:
        """Whether the work ahead starts nothing now: paused, or the reader's own translation
        runs (``foreground``)."""
        return self._paused or self._foreground > 0

    def _wait_for_turn(self, is_cancelled: Callable[[], bool]) -> bool:
        with self._changed:
            while self.standing_aside:
                if is_cancelled():
                    return False
                self._changed.wait(WAIT_SECONDS)
        return not is_cancelled()

    def _order(self) -> Iterator[Article]:
        """The next article, then the one before, then on down the list, then up from the
        cursor, then the library's articles the list does not show."""
        with self._changed:
            listed, cursor, library = self._listed, self._cursor, self._library
        yield from listed[cursor + 1 : cursor + 2]
        yield from listed[max(cursor - 1, 0) : cursor]
        yield from listed[cursor + 2 :]
        yield from reversed(listed[: max(cursor - 1, 0)])
        yield from listed[cursor : cursor + 1]
        shown = {article.id for article in listed}
        yield from (article for article in library if article.id not in shown)

    def _needs_translating(self, article: Article) -> bool:
        return article.languages_detected and article.language not in (self.target, UNKNOWN)

    def _translate_titles(self, is_cancelled: Callable[[], bool]) -> TitlesTranslated | None:
        step = []
        for article in self._order():
            if article.id in self._titles_settled:
                continue
            if not self._needs_translating(article):
                self._titles_settled.add(article.id)
                continue
            step.append(article)
            if len(step) == TITLES_PER_STEP:
                break
        if not step:
            return None
        sources = [SourceParagraph(article.title, article.language) for article in step]
        titles = {}
        parts = self.translator.engine.translate(
            sources,
            UNKNOWN,
            self.target,
            lambda: is_cancelled() or self.standing_aside,
            AHEAD_WORKERS,
        )
        for article, part in zip(step, parts, strict=False):
            self._titles_settled.add(article.id)
            if part.ok and part.status != "unchanged" and part.text:
                titles[article.id] = part.text
        return TitlesTranslated(titles, *self._count(self._titles_settled))

    def _translate_article(self, is_cancelled: Callable[[], bool]) -> ArticleAhead | None:
        article = next(
            (
                candidate
                for candidate in self._order()
                if candidate.id not in self._articles_settled
                and (self._needs_translating(candidate) or self._settle(candidate))
                and (not self.translator.remembered(candidate) or self._settle(candidate))
            ),
            None,
        )
        if article is None:
            return None
        text: str | None = None
        finished = False
        interrupted = lambda: is_cancelled() or self.standing_aside  # noqa: E731
        for event in self.translator.translate(article, interrupted, workers=AHEAD_WORKERS):
            if isinstance(event, LanguagesFound):
                article = event.article
            elif isinstance(event, ArticleDone):
                text, finished = event.text, True
        if not finished:  # stopped for the reader: what was decoded is cached, the rest waits
            return None
        self._articles_settled.add(article.id)
        return ArticleAhead(article, text, *self._count(self._articles_settled))

    def _settle(self, article: Article) -> bool:
        """Nothing to do for ``article``: remembered as settled (and never chosen)."""
        self._articles_settled.add(article.id)
        return False

    def _count(self, settled: set[str]) -> tuple[int, int]:
        """How many of the library's articles to translate are settled, of how many."""
        with self._changed:
            library = self._library
        wanted = [a for a in library if self._needs_translating(a)]
        return sum(a.id in settled for a in wanted), len(wanted)
