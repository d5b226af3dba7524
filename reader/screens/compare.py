"""`c`: the original and its translation side by side, paragraph by paragraph."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from reader.core.articles import Article
from reader.core.translation.engine import ArticleTranslation, ParagraphTranslation
from reader.widgets.parallel_view import Cell, ParallelView, Row, sentence_spans
from reader.widgets.translation_view import TranslationView


def compare_row(source: str, part: ParagraphTranslation | None, label: str) -> Row:
    if part is None:
        return Row([Cell(source), Cell("…", component="parallel--gap")], label)
    if part.text is None:
        return Row([Cell(source), Cell(f"⚠ {part.message}", component="parallel--notice")], label)
    pairs = part.sentences
    return Row(
        [
            Cell(source, sentence_spans(source, [s for s, _ in pairs])),
            Cell(part.text, sentence_spans(part.text, [t for _, t in pairs])),
        ],
        label,
    )


class CompareScreen(Screen[None]):
    BINDINGS = [
        Binding(
            "escape,q,c",
            "app.pop_screen",
            "Back",
            id="compare.close",
            tooltip="Back to the article list",
        ),
    ]

    def __init__(self, article: Article, translation: ArticleTranslation) -> None:
        super().__init__()
        self.article = article
        self.translation = translation

    def compose(self) -> ComposeResult:
        yield Static(id="compare-title")
        yield ParallelView(self._headers(), id="compare")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_translation(self.translation)
        self.query_one(ParallelView).focus()

    def _headers(self) -> list[str]:
        return [f"Original ({self.article.language})", f"Translation ({self.translation.target})"]

    def refresh_translation(self, translation: ArticleTranslation) -> None:
        self.translation = translation
        rows = []
        if self.article.headline is not None:
            rows.append(compare_row(self.article.headline.text, translation.headline, "H"))
        for index, paragraph in enumerate(self.article.paragraphs):
            rows.append(compare_row(paragraph.text, translation.paragraph(index), str(index + 1)))
        self.query_one(ParallelView).set_rows(rows, self._headers())
        self.query_one("#compare-title", Static).update(
            f"{self.article.title}\n{TranslationView.status_line(translation)}  ·  "
            "j/k paragraph, h/l sentence"
        )
