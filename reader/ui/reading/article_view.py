"""The reading pane: the cleaned article, or (flipped with `t`) its translation in place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from textual.content import Content
from textual.reactive import reactive

from reader.core.articles.model import Article
from reader.core.articles.visible import visible
from reader.core.settings.paths import printable
from reader.core.translation.article import ArticleTranslation
from reader.core.translation.engine import ParagraphTranslation
from reader.ui.reading.document_view import Block, DocumentView


def translated_block(part: ParagraphTranslation | None, index: int) -> Block:
    """A body paragraph's translation as a block: the text, or why there is none yet."""
    if part is None:
        return Block("…", "document--pending", index)
    if part.text is None:
        return Block(f"⚠ {part.message}", "document--notice", index)
    return Block(part.text, "document--paragraph", index)


def under_its_paragraph(block: Block) -> Block:
    """A translation drawn right under its original paragraph, dimmed (a notice or the
    pending mark keeps its own style)."""
    component = "document--interleaved" if block.component == "document--paragraph" else None
    return replace(block, component=component or block.component, gap=False)


def splitter_blocks(translation: ArticleTranslation) -> list[Block]:
    """One notice per model whose own sentence splitter could not be used (which one was)."""
    return [Block(f"ⓘ {note}", "document--notice") for note in translation.splitter_notes]


class ArticleView(DocumentView):
    show_removed: reactive[bool] = reactive(False)
    """Whether boilerplate and metadata lines taken out of the body are shown in place (dimmed)."""

    show_translation: reactive[bool] = reactive(False)
    """Whether paragraphs are shown in the target language instead of the original."""

    bilingual: reactive[bool] = reactive(False)
    """With ``show_translation``: each original paragraph with its translation under it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.translation: ArticleTranslation | None = None
        self.also_in: tuple[str, ...] = ()

    def show_article(
        self,
        article: Article,
        paragraph: int | None = 0,
        translation: ArticleTranslation | None = None,
        also_in: Sequence[str] = (),
    ) -> None:
        """Display ``article`` with ``paragraph`` on top (``None``: keep the position);
        ``also_in`` lists the languages of its other versions."""
        self.article = article
        self.translation = translation
        self.also_in = tuple(also_in)
        self.set_blocks(self._article_blocks(), paragraph)

    def update_translation(self, translation: ArticleTranslation | None) -> None:
        self.translation = translation
        if self.article is not None and self.show_translation:
            self.set_blocks(self._article_blocks())

    def show_notice(self, title: str, text: str) -> None:
        self.article = None
        self.subtitle = ""
        super().show_notice(title, text)

    def watch_show_removed(self) -> None:
        if self.article is not None:
            self.set_blocks(self._article_blocks())

    def watch_show_translation(self) -> None:
        self.watch_show_removed()

    def watch_bilingual(self) -> None:
        if self.show_translation:
            self.watch_show_removed()

    def _article_blocks(self) -> list[Block]:
        article = self.article
        assert article is not None
        translated = self.show_translation
        target = self.translation.target if self.translation else "en"
        problem = self.translation.common_problem if self.translation and translated else None
        bilingual = translated and self.bilingual and not problem
        language = article.language if article.languages_detected else "…"
        # The pane says which text it shows (as a Content, so a code is never read as markup):
        # the original when nothing could be translated, even with `t` pressed.
        if bilingual:
            shown = f"Original · {language} + translation · {target}"
        elif translated and not problem:
            shown = f"Translation · {target}"
        else:
            shown = f"Original · {language}"
        self.border_title = Content(shown)
        self.subtitle = visible(printable(article.path.name))
        title = article.title
        headline = self.translation.headline if self.translation and translated else None
        if headline is not None and headline.text and not bilingual:
            title = headline.text
        blocks = [Block(title, "document--title")]
        if bilingual and headline is not None and headline.text:
            blocks.append(Block(headline.text, "document--interleaved", gap=False))
        details = [f"{key}: {value}" for key, value in article.metadata.items()]
        if article.language_chosen:
            language += " (set by hand, L)"
        if article.words is None:  # an outline: counted once the library has parsed it
            details.append(f"{language} · … words")
        else:
            details.append(f"{language} · {article.words} words · ~{article.reading_minutes} min")
        if self.also_in:
            details.append(f"also in: {', '.join(self.also_in)} (v: versions)")
        if bilingual:
            details.append(f"{target} under each paragraph (t: original)")
        elif translated:
            details.append(f"showing {target} translation (t: with the original)")
        blocks.append(Block("  ·  ".join(details), "document--meta"))
        if problem:
            # Nothing could be translated (no model): say so once and keep the original text.
            blocks.append(Block(f"⚠ {problem}", "document--notice"))
            translated = False
        elif translated and self.translation is not None:
            blocks += splitter_blocks(self.translation)
        in_original = bilingual or not translated
        removed = list(article.removed) if self.show_removed and in_original else []
        for index, paragraph in enumerate(article.paragraphs):
            while removed and removed[0].position < paragraph.position:
                line = removed.pop(0)
                blocks.append(Block(f"⊘ {line.text}  [{line.reason}]", "document--removed"))
            if bilingual:
                part = self.translation.paragraph(index) if self.translation else None
                blocks.append(Block(paragraph.text, "document--paragraph", index))
                blocks.append(under_its_paragraph(translated_block(part, index)))
            elif translated:
                part = self.translation.paragraph(index) if self.translation else None
                blocks.append(translated_block(part, index))
            else:
                blocks.append(Block(paragraph.text, "document--paragraph", index))
        blocks.extend(Block(f"⊘ {r.text}  [{r.reason}]", "document--removed") for r in removed)
        return blocks
