"""The reading pane: an article rendered with Textual's line API.

Only the visible lines are drawn, so a 5,000-paragraph article scrolls as fast as a short one, and
scrolling is applied immediately (no animation), so a burst of PageDown keys moves exactly one page
per key instead of several keys computing the same target from a not-yet-applied position.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.articles import Article


@dataclass(frozen=True)
class Block:
    """One paragraph-like piece of the document, with the component class that styles it."""

    text: str
    component: str
    paragraph: int = -1  # index into the article's paragraphs; -1 for headings and notes


class ArticleView(ScrollView, can_focus=True):
    """Shows an article (or a message when there is none) and reports the paragraph at the top."""

    COMPONENT_CLASSES = {
        "article-view--title",
        "article-view--meta",
        "article-view--paragraph",
        "article-view--removed",
        "article-view--notice",
    }

    BINDINGS = [
        Binding(
            "j,down",
            "scroll_lines(1)",
            "Down",
            show=False,
            id="reading.down",
            tooltip="Scroll down one line",
        ),
        Binding(
            "k,up",
            "scroll_lines(-1)",
            "Up",
            show=False,
            id="reading.up",
            tooltip="Scroll up one line",
        ),
        Binding(
            "pagedown,space",
            "page(1)",
            "Page down",
            show=False,
            id="reading.page_down",
            tooltip="Scroll down one page",
        ),
        Binding(
            "pageup,b",
            "page(-1)",
            "Page up",
            show=False,
            id="reading.page_up",
            tooltip="Scroll up one page",
        ),
        Binding(
            "g,home",
            "jump(0)",
            "Top",
            show=False,
            id="reading.top",
            tooltip="Go to the start of the article",
        ),
        Binding(
            "G,end",
            "jump(1)",
            "Bottom",
            show=False,
            id="reading.bottom",
            tooltip="Go to the end of the article",
        ),
    ]

    show_removed: reactive[bool] = reactive(False)
    """Whether boilerplate and metadata lines taken out of the body are shown in place (dimmed)."""

    @dataclass
    class ParagraphChanged(Message):
        """The paragraph at the top of the view changed (for remembering the reading position)."""

        view: ArticleView
        paragraph: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self._blocks: list[Block] = []
        self._lines: list[Strip] = []
        self._line_paragraph: list[int] = []
        self._rendered_width = -1
        self._top_paragraph = -1
        self._pending_paragraph: int | None = None

    # --- content ------------------------------------------------------------------------------

    def show_article(self, article: Article, paragraph: int = 0) -> None:
        """Display ``article`` scrolled so that ``paragraph`` is at the top."""
        self.article = article
        self._blocks = self._article_blocks(article)
        self._pending_paragraph = paragraph
        self._top_paragraph = -1
        self._invalidate()

    def update_article(self, article: Article) -> None:
        """Redraw with a newer version of the same article (e.g. languages now known), keeping
        the reading position, including one that is still waiting for the first layout."""
        paragraph = self._pending_paragraph
        if paragraph is None:
            paragraph = max(self.current_paragraph, 0)
        self.show_article(article, paragraph)

    def show_notice(self, title: str, text: str) -> None:
        """Display a message instead of an article (empty library, nothing selected)."""
        self.article = None
        self._blocks = [Block(title, "article-view--title"), Block(text, "article-view--notice")]
        self._pending_paragraph = 0
        self._invalidate()

    def watch_show_removed(self) -> None:
        if self.article is not None:
            self.update_article(self.article)

    def _article_blocks(self, article: Article) -> list[Block]:
        blocks = [Block(article.title, "article-view--title")]
        details = [f"{key}: {value}" for key, value in article.metadata.items()]
        language = article.language if article.languages_detected else "…"
        details.append(f"{language} · {article.words} words · ~{article.reading_minutes} min")
        blocks.append(Block("  ·  ".join(details), "article-view--meta"))
        removed = list(article.removed) if self.show_removed else []
        for index, paragraph in enumerate(article.paragraphs):
            while removed and removed[0].position < paragraph.position:
                line = removed.pop(0)
                blocks.append(Block(f"⊘ {line.text}  [{line.reason}]", "article-view--removed"))
            blocks.append(Block(paragraph.text, "article-view--paragraph", index))
        blocks.extend(Block(f"⊘ {r.text}  [{r.reason}]", "article-view--removed") for r in removed)
        return blocks

    # --- layout ------------------------------------------------------------------------------

    def _invalidate(self) -> None:
        self._rendered_width = -1
        if self.is_mounted and self.size.width:
            self._reflow()
        self.refresh()

    def on_resize(self) -> None:
        top = self.current_paragraph
        if self._pending_paragraph is None and top >= 0:
            self._pending_paragraph = top  # keep the same paragraph in view at the new width
        self._reflow()

    def _reflow(self) -> None:
        width = max(self.scrollable_content_region.width, 10)
        if width == self._rendered_width:
            return
        console = self.app.console
        options = console.options.update_width(width)
        lines: list[Strip] = []
        owners: list[int] = []
        for number, block in enumerate(self._blocks):
            if number:
                lines.append(Strip.blank(width))
                owners.append(owners[-1] if owners else -1)
            style = self.get_component_rich_style(block.component, partial=True)
            text = Text(block.text, style=style, overflow="fold")
            for segments in console.render_lines(text, options, pad=False, new_lines=False):
                lines.append(Strip(segments).simplify())
                owners.append(block.paragraph)
        self._lines, self._line_paragraph = lines, owners
        self._rendered_width = width
        self.virtual_size = Size(width, len(lines))
        if self._pending_paragraph is not None:
            self._scroll_to_paragraph(self._pending_paragraph)
            self._pending_paragraph = None

    def _scroll_to_paragraph(self, paragraph: int) -> None:
        target = 0
        if paragraph > 0:
            target = next(
                (y for y, owner in enumerate(self._line_paragraph) if owner >= paragraph), 0
            )
        # force: right after a reflow the scrollbars are not laid out yet, and without it
        # Textual would refuse to scroll a view it still thinks has nothing to scroll.
        self.scroll_to(y=target, animate=False, immediate=True, force=True)

    # --- position -----------------------------------------------------------------------------

    @property
    def current_paragraph(self) -> int:
        """The paragraph index at the top of the view (0 while the title is on top)."""
        if not self._line_paragraph or self.article is None:
            return -1
        top = min(int(self.scroll_y), len(self._line_paragraph) - 1)
        for owner in self._line_paragraph[top:]:
            if owner >= 0:
                return owner
        return max(len(self.article.paragraphs) - 1, 0)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        paragraph = self.current_paragraph
        if paragraph != self._top_paragraph and self.article is not None:
            self._top_paragraph = paragraph
            self.post_message(self.ParagraphChanged(self, paragraph))

    # --- rendering ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._lines):
            return Strip([Segment(" " * width, base)], width)
        strip = self._lines[index].crop_extend(scroll_x, scroll_x + width, None)
        return strip.apply_style(base)

    # --- actions ------------------------------------------------------------------------------

    def action_scroll_lines(self, lines: int) -> None:
        self.scroll_to(y=self.scroll_y + lines, animate=False, immediate=True)

    def action_page(self, direction: int) -> None:
        page = max(self.scrollable_content_region.height - 1, 1)
        self.scroll_to(y=self.scroll_y + direction * page, animate=False, immediate=True)

    def action_jump(self, to_end: int) -> None:
        self.scroll_to(y=self.max_scroll_y if to_end else 0, animate=False, immediate=True)
