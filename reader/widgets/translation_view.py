"""The third pane: the selected article's translation as it streams in."""

from __future__ import annotations

from reader.core.articles import Article
from reader.core.translation.engine import ArticleTranslation
from reader.widgets.article_view import splitter_blocks, translated_block
from reader.widgets.document_view import Block, DocumentView


class TranslationView(DocumentView):
    def show_translation(
        self, article: Article, translation: ArticleTranslation, paragraph: int | None = None
    ) -> None:
        headline = translation.headline
        title = headline.text if headline is not None and headline.text else article.title
        blocks = [
            Block(title, "document--title"),
            Block(self.status_line(translation), "document--meta"),
        ]
        problem = translation.error or translation.common_problem
        if problem:
            # One message for the whole article (e.g. no model for its language), not one per
            # paragraph.
            blocks.append(Block(f"⚠ {problem}", "document--notice"))
        else:
            blocks += splitter_blocks(translation)
            blocks += [
                translated_block(translation.paragraph(i), i)
                for i in range(len(article.paragraphs))
            ]
        self.set_blocks(blocks, paragraph)

    @staticmethod
    def status_line(translation: ArticleTranslation) -> str:
        parts = [f"→ {translation.target}"]
        if translation.complete:
            parts.append(f"{translation.total}/{translation.total} paragraphs")
        else:
            parts.append(f"translating… {translation.done}/{translation.total} paragraphs")
        models = translation.models
        parts.append("model: " + ", ".join(models) if models else "no model used")
        return "  ·  ".join(parts)
