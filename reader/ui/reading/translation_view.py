"""The third pane: the selected article's translation as it streams in."""

from __future__ import annotations

from textual.content import Content

from reader.core.articles.model import Article
from reader.core.translation.article import ArticleTranslation
from reader.ui.reading.article_view import splitter_blocks, translated_block
from reader.ui.reading.document_view import Block, DocumentView


class TranslationView(DocumentView):
    def show_translation(
        self, article: Article, translation: ArticleTranslation, paragraph: int | None = None
    ) -> None:
        headline = translation.headline
        title = headline.text if headline is not None and headline.text else article.title
        self.border_title = Content(f"Translation · {translation.target}")
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
        """Where the translation is, in words that are true at that moment: the model may still
        be loading when nothing has arrived, and a complete translation may hold no translated
        paragraph at all (no model, or all of it already in the target language)."""
        parts = [f"→ {translation.target}"]
        translated = any(p.ok and p.status != "unchanged" for p in translation.parts.values())
        if translation.error:  # the whole translation failed (the reason is shown below)
            parts.append(
                f"stopped after {translation.done} of {translation.total} paragraphs"
                if translation.done
                else "nothing translated"
            )
        elif translation.complete:
            parts.append(
                f"{translation.total}/{translation.total} paragraphs"
                if translated
                else "nothing to translate"
                if all(p.status == "unchanged" for p in translation.parts.values())
                else "nothing translated"
            )
        elif not translation.done:
            parts.append("starting (loading the model)…")
        else:
            parts.append(f"translating… {translation.done} of {translation.total} paragraphs")
        if translation.models:
            parts.append("model: " + ", ".join(translation.models))
        return "  ·  ".join(parts)
