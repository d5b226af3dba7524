"""`c`: the original and its translation side by side, paragraph by paragraph."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from reader.core.articles.model import Article
from reader.core.translation.article import ArticleTranslation
from reader.core.translation.engine import ParagraphTranslation
from reader.ui.common.footer import KeyFooter
from reader.ui.common.screen_title import ScreenTitle
from reader.ui.compare.parallel_view import Cell, ParallelView, Row
from reader.ui.compare.text_layout import sentence_spans
from reader.ui.reading.translation_view import TranslationView


def compare_row(source: str, part: ParagraphTranslation | None, label: str, unit: int) -> Row:
    if part is None:
        return Row([Cell(source), Cell("…", component="parallel--gap")], label, unit)
    if part.text is None:
        notice = Cell(f"⚠ {part.message}", component="parallel--notice")
        return Row([Cell(source), notice], label, unit)
    pairs = part.sentences
    return Row(
        [
            Cell(source, sentence_spans(source, [s for s, _ in pairs])),
            Cell(part.text, sentence_spans(part.text, [t for _, t in pairs])),
        ],
        label,
        unit,
    )


class CompareScreen(Screen[int]):
    """Dismisses with the unit (headline first) at the cursor, for the reading pane."""

    BINDINGS = [
        Binding(
            "escape,q,c",
            "close",
            "Back",
            id="compare.close",
            tooltip="Back to the article list, at the paragraph the cursor is on",
        ),
    ]

    def __init__(self, article: Article, translation: ArticleTranslation, unit: int = 0) -> None:
        super().__init__()
        self.article = article
        self.translation = translation
        self.start_unit = unit

    def compose(self) -> ComposeResult:
        yield ScreenTitle(id="compare-title")
        yield ParallelView(self._headers(), id="compare")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_translation(self.translation)
        view = self.query_one(ParallelView)
        view.move_to_unit(self.start_unit)
        view.focus()

    def action_close(self) -> None:
        self.dismiss(self.query_one(ParallelView).unit_at_cursor)

    def _headers(self) -> list[str]:
        return [f"Original ({self.article.language})", f"Translation ({self.translation.target})"]

    def refresh_translation(self, translation: ArticleTranslation) -> None:
        self.translation = translation
        rows = []
        # One message for the whole article (no model for its language) goes in the status
        # line once, not under every paragraph.
        problem = translation.error or translation.common_problem
        parts = [translation.headline] if self.article.headline is not None else []
        parts += [translation.paragraph(i) for i in range(len(self.article.paragraphs))]
        labels = (["H"] if self.article.headline is not None else []) + [
            str(n) for n in range(1, len(self.article.paragraphs) + 1)
        ]
        for unit, (source, part, label) in enumerate(
            zip((p.text for p in self.article.units), parts, labels, strict=True)
        ):
            if problem:
                rows.append(Row([Cell(source), Cell("—", component="parallel--gap")], label, unit))
            else:
                rows.append(compare_row(source, part, label, unit))
        self.query_one(ParallelView).update_rows(rows, self._headers())
        status = TranslationView.status_line(translation)
        if problem:
            status += f"  ·  ⚠ {problem}"
        self.query_one(ScreenTitle).show(
            self.article.title, f"{status}  ·  j/k paragraph, h/l sentence"
        )
