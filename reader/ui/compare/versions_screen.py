"""`v`: the versions of one story side by side, paragraph-aligned, gaps shown as gaps."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, get_current_worker

from reader.core.articles.model import Article
from reader.core.translation.article import source_paragraphs
from reader.core.translation.engine import ParagraphTranslation, TranslationEngine
from reader.core.versions.grouping import Link, compare
from reader.core.versions.profiles import Profile
from reader.ui.common.footer import KeyFooter
from reader.ui.common.screen_title import ScreenTitle
from reader.ui.compare.parallel_view import Cell, ParallelView, Row
from reader.ui.worker_errors import ReportsWorkerErrors

# From this width three versions fit side by side; below it, two.
THREE_COLUMNS_WIDTH = 150
GAP = "— not in this version —"
JOINED = "↑ joined with the paragraph above in this version"


def units_of(article: Article) -> list[str]:
    """An article's units as the alignment counts them: headline (if any), then paragraphs."""
    return [p.text for p in article.units]


def version_rows(units: list[list[str]], links: list[list[Link]], labels: list[str]) -> list[Row]:
    """Rows anchored on the first version's units. ``links[k]`` aligns version 0 with version
    k + 1. Units another version lacks are gaps; units only another version has get rows of their
    own, after the unit they follow."""
    columns = len(units)
    cells: list[list[Cell | None]] = [[None] * columns for _ in units[0]]
    extra: dict[int, list[list[Cell | None]]] = {}  # rows inserted after first-version unit i
    for i, text in enumerate(units[0]):
        cells[i][0] = Cell(text)
    for k, version_links in enumerate(links, start=1):
        previous = -1
        inserted: dict[int, int] = {}  # extra rows this version has put after each unit
        for link in version_links:
            text = "\n\n".join(units[k][j] for j in link.b)
            if link.a:
                cells[link.a[0]][k] = Cell(text) if link.b else Cell(GAP, component="parallel--gap")
                for joined in link.a[1:]:
                    cells[joined][k] = Cell(JOINED, component="parallel--gap")
                previous = link.a[-1]
            else:
                # Units several versions add at the same place (their headlines, when the first
                # version has none) share rows, in order.
                after = extra.setdefault(previous, [])
                slot = inserted.get(previous, 0)
                inserted[previous] = slot + 1
                if slot == len(after):
                    after.append([None] * columns)
                after[slot][k] = Cell(text)
    rows: list[Row] = []

    def add(row_cells: list[Cell | None], label: str, unit: int | None = None) -> None:
        filled = [c or Cell(GAP, component="parallel--gap") for c in row_cells]
        rows.append(Row(filled, label, unit))

    for row in extra.get(-1, []):
        add(row, "+")
    for i, row_cells in enumerate(cells):
        add(row_cells, labels[i], i)
        for row in extra.get(i, []):
            add(row, "+")
    return rows


@dataclass
class _VersionTranslated(Message):
    article_id: str
    parts: list[ParagraphTranslation]


class VersionsScreen(ReportsWorkerErrors, Screen[int]):
    WORKER_FAILURES: ClassVar[dict[str, str]] = {
        "versions-translation": "Translating the column failed",
    }
    """Dismisses with the first version's unit (headline first) at the cursor."""

    BINDINGS = [
        Binding(
            "escape,q,v",
            "close",
            "Back",
            id="versions.close",
            tooltip="Back to the article list, at the paragraph the cursor is on",
        ),
        Binding(
            "1",
            "toggle_english(0)",
            "Col 1 EN",
            id="versions.english_1",
            tooltip="Show column 1 in English or in the original",
        ),
        Binding(
            "2",
            "toggle_english(1)",
            "Col 2 EN",
            id="versions.english_2",
            tooltip="Show column 2 in English or in the original",
        ),
        Binding(
            "3",
            "toggle_english(2)",
            "Col 3 EN",
            show=False,
            id="versions.english_3",
            tooltip="Show column 3 in English or in the original",
        ),
        Binding(
            "s",
            "swap",
            "Swap",
            id="versions.swap",
            tooltip="Show the next other version(s) of the story",
        ),
    ]

    def __init__(
        self,
        articles: list[Article],
        engine: TranslationEngine,
        target: str,
        unit: int = 0,
        foreground: Callable[[], AbstractContextManager[object]] = nullcontext,
    ) -> None:
        super().__init__()
        self.first, self.others = articles[0], articles[1:]
        self.start_unit = unit
        self.engine = engine
        # Held while a column is translated: translating ahead waits for it (``ReadingAhead``).
        self.foreground = foreground
        self.target = target
        self.english: set[str] = set()  # ids of articles shown in the target language
        self.translated: dict[str, list[ParagraphTranslation]] = {}

    def compose(self) -> ComposeResult:
        yield ScreenTitle(id="versions-title")
        yield ParallelView([], id="versions")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._show()
        view = self.query_one(ParallelView)
        view.move_to_unit(self.start_unit)
        view.focus()

    def action_close(self) -> None:
        self.dismiss(self.query_one(ParallelView).unit_at_cursor)

    def on_resize(self) -> None:
        self._show()

    @property
    def shown(self) -> list[Article]:
        count = 2 if self.size.width >= THREE_COLUMNS_WIDTH and len(self.others) > 1 else 1
        return [self.first, *self.others[:count]]

    def _texts(self, article: Article) -> list[str]:
        parts = self.translated.get(article.id)
        if article.id in self.english and parts is not None:
            return [p.text if p.text is not None else f"⚠ {p.message}" for p in parts]
        return units_of(article)

    def _show(self) -> None:
        articles = self.shown
        profiles = [Profile.of(a) for a in articles]
        links = [list(compare(profiles[0], other).links) for other in profiles[1:]]
        labels = (["H"] if self.first.headline else []) + [
            str(n) for n in range(1, len(self.first.paragraphs) + 1)
        ]
        rows = version_rows([self._texts(a) for a in articles], links, labels)
        headers = [
            f"{a.language}{' → ' + self.target if a.id in self.english else ''}  {a.path.name}"
            for a in articles
        ]
        self.query_one(ParallelView).set_rows(rows, headers)
        more = len(self.others) - (len(articles) - 1)
        self.query_one(ScreenTitle).show(
            self.first.title,
            f"{len(self.others) + 1} versions"
            + (f" ({more} more: s to swap)" if more else "")
            + "  ·  1/2/3: column in English  ·  j/k paragraph  ·  gaps: paragraphs a version "
            "does not have",
        )

    def action_swap(self) -> None:
        if len(self.others) > 1:
            self.others = self.others[1:] + self.others[:1]
            self._show()

    def action_toggle_english(self, column: int) -> None:
        articles = self.shown
        if column >= len(articles):
            return
        article = articles[column]
        if article.id in self.english:
            self.english.discard(article.id)
        else:
            self.english.add(article.id)
            if article.id not in self.translated:
                self._translate(article)
        self._show()

    @work(thread=True, group="versions-translation", exit_on_error=False)
    def _translate(self, article: Article) -> None:
        worker = get_current_worker()
        with self.foreground():
            parts = list(
                self.engine.translate(
                    source_paragraphs(article),
                    article.language,
                    self.target,
                    lambda: worker.is_cancelled,
                )
            )
        self.post_message(_VersionTranslated(article.id, parts))

    def worker_failed(self, worker: Worker[object], what: str) -> bool:
        """A column's translation failed: said, and the column stays in its language."""
        self.english.clear()
        self._show()
        return False  # and the notification says why

    def on__version_translated(self, message: _VersionTranslated) -> None:
        self.translated[message.article_id] = message.parts
        problems = {p.message for p in message.parts if not p.ok and p.message}
        if problems and not any(p.ok and p.status != "unchanged" for p in message.parts):
            # Nothing could be translated (no model): say why once, keep the original.
            self.english.discard(message.article_id)
            self.notify(problems.pop(), severity="warning", timeout=8, markup=False)
        self._show()
