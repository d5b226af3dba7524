"""A scrolling document of paragraph blocks, rendered with Textual's line API.

The base of the reading pane and the translation pane. Only the visible lines are drawn, so a
5,000-paragraph article scrolls as fast as a short one, and
scrolling is applied immediately (no animation), so a burst of PageDown keys moves exactly one page
per key instead of several keys computing the same target from a not-yet-applied position.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, chop_cells
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from reader.core.articles.search import query_words
from reader.ui.common.contrast import legible
from reader.ui.common.line_scroll_view import LineScrollView
from reader.ui.reading.find import Matches, find_in_lines


def wrap_text(text: str, width: int) -> list[str]:
    """Greedy word wrap to ``width`` terminal cells; a word longer than a line is folded.

    A block is one style, so this is all the wrapping it needs, at a tenth of the cost of Rich's
    general text layout (which made a 5,000-paragraph article take seconds to open).
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words: list[str] = []
        used = 0
        for word in paragraph.split():
            size = cell_len(word)
            if words and used + 1 + size > width:
                lines.append(" ".join(words))
                words, used = [], 0
            if size > width:
                *full, word = chop_cells(word, width)
                lines.extend(full)
                size = cell_len(word)
            used += size + (1 if words else 0)
            words.append(word)
        lines.append(" ".join(words))
    return lines


def page_lines(height: int, pages: float) -> int:
    """How many lines a view ``height`` lines tall scrolls for ``pages`` (±1: a page, keeping
    one line of the last page in view as less does; ±0.5: half a page, as vim's Ctrl+D)."""
    step = max(height - 1, 1) if abs(pages) >= 1 else max(int(height * abs(pages)), 1)
    return step if pages > 0 else -step


def position_label(top: int, lines: int, height: int) -> str:
    """Where a view ``height`` lines tall is in ``lines`` when ``top`` is its first line, as vim
    says it: 0 % at the top, 100 % at the end, "all" when everything fits."""
    end = lines - height
    if end <= 0:
        return "all"
    return f"{round(100 * min(max(top, 0), end) / end)}%"


def half_page_bindings(view: str) -> list[Binding]:
    """vim's half pages (``d``/``u``, ``Ctrl+D``/``Ctrl+U``) for a view with ``action_page``,
    their ids under ``view`` (``reading.half_page_down``)."""
    return [
        Binding(
            "d,ctrl+d",
            "page(0.5)",
            "Half page down",
            show=False,
            id=f"{view}.half_page_down",
            tooltip="Scroll down half a page",
        ),
        Binding(
            "u,ctrl+u",
            "page(-0.5)",
            "Half page up",
            show=False,
            id=f"{view}.half_page_up",
            tooltip="Scroll up half a page",
        ),
    ]


@dataclass(frozen=True)
class Block:
    """One paragraph-like piece of the document, with the component class that styles it."""

    text: str
    component: str
    paragraph: int = -1  # index into the article's paragraphs; -1 for headings and notes
    # False: drawn right under the block before it (a translation under its paragraph), with
    # no blank line between.
    gap: bool = True


class DocumentView(LineScrollView, can_focus=True):
    """Shows blocks of text and reports which paragraph is at the top.

    Subclasses build the blocks (``_build_blocks``) from their own content; component classes
    style them, so all colours come from the theme.
    """

    COMPONENT_CLASSES = {
        "document--title",
        "document--meta",
        "document--paragraph",
        "document--removed",
        "document--notice",
        "document--pending",
        "document--interleaved",
        "document--match",
        "document--match-current",
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
            "pagedown,space,ctrl+f",
            "page(1)",
            "Page down",
            show=False,
            id="reading.page_down",
            tooltip="Scroll down one page",
        ),
        Binding(
            "pageup,b,ctrl+b",
            "page(-1)",
            "Page up",
            show=False,
            id="reading.page_up",
            tooltip="Scroll up one page",
        ),
        *half_page_bindings("reading"),
        Binding(
            "n",
            "find_next(1)",
            "Next match",
            show=False,
            id="reading.next_match",
            tooltip="Next match of the search in this article (/ to search)",
        ),
        Binding(
            "N",
            "find_next(-1)",
            "Previous match",
            show=False,
            id="reading.previous_match",
            tooltip="Previous match of the search in this article",
        ),
        Binding(
            "escape",
            "clear_find",
            "Clear search",
            show=False,
            id="reading.clear_find",
            tooltip="Clear the search in this article",
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

    @dataclass
    class FindChanged(Message):
        """The matches of the search in this view, or which one is current, changed."""

        view: DocumentView
        current: int  # 0-based; -1 with no match
        count: int
        searching: bool  # False once the search is cleared

        @property
        def control(self) -> DocumentView:
            return self.view

    @dataclass
    class ParagraphChanged(Message):
        """The paragraph at the top of the view changed (for remembering the reading position)."""

        view: DocumentView
        paragraph: int

        @property
        def control(self) -> DocumentView:
            return self.view

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._blocks: list[Block] = []
        # Lines as text, with their block's style: a Strip is made only for a line drawn (making
        # one for every line of a long article was a visible pause per pane).
        self._lines: list[str] = []
        self._line_styles: list[Style | None] = []
        self._line_paragraph: list[int] = []
        self._block_lines: list[range] = []  # the lines each block is wrapped to
        self._matches = Matches()
        self._match = -1  # the current match
        self._match_styles: tuple[Style, Style] | None = None  # other matches, the current one
        self._rendered_width = -1
        self._restyle = False  # the lines' styles are out of date (a new theme)
        self._wrapped: dict[Block, list[str]] = {}
        self._cache_width = -1
        self._top_paragraph = -1
        self._pending_paragraph: int | None = None
        # What the border says besides the position (ArticleView: the file's name).
        self.subtitle = ""

    # --- content ------------------------------------------------------------------------------

    @property
    def blocks(self) -> tuple[Block, ...]:
        """What the view shows, block by block (title, metadata, paragraphs, notices)."""
        return tuple(self._blocks)

    @property
    def line_count(self) -> int:
        """How many lines the blocks take at the current width."""
        return len(self._lines)

    def paragraph_on_line(self, line: int) -> int:
        """The paragraph drawn on ``line`` of the whole document (-1: none, or no such line)."""
        return self._line_paragraph[line] if 0 <= line < len(self._line_paragraph) else -1

    @property
    def has_document(self) -> bool:
        """False while a notice (empty library, loading) is shown instead of a document."""
        return any(block.paragraph >= 0 for block in self._blocks)

    def set_blocks(self, blocks: list[Block], paragraph: int | None = None) -> None:
        """Show ``blocks`` with ``paragraph`` at the top (``None``: keep the current one)."""
        if paragraph is None:
            paragraph = self._pending_paragraph
            if paragraph is None:
                paragraph = max(self.current_paragraph, 0)
        self._blocks = blocks
        self._pending_paragraph = paragraph
        self._top_paragraph = -1
        self._invalidate()

    def show_notice(self, title: str, text: str) -> None:
        """Display a message instead of a document (empty library, nothing selected)."""
        self.set_blocks([Block(title, "document--title"), Block(text, "document--notice")], 0)

    def notify_style_update(self) -> None:
        """A new theme (or CSS): lines take their block's style at each reflow, so reflow when
        next drawn. Not now: the component styles are brought up to date after this call, and
        a reflow here kept the previous theme's text colours."""
        super().notify_style_update()
        self._restyle = True
        self.refresh()

    # --- layout ------------------------------------------------------------------------------

    def _invalidate(self) -> None:
        self._rendered_width = -1
        if self.is_mounted and self.size.width:
            self._reflow()
        self.refresh()

    def on_resize(self) -> None:
        self._reflow()
        self._show_position()  # the height changed, maybe not the width

    def _reflow(self) -> None:
        width = max(self.scrollable_content_region.width, 10)
        if width == self._rendered_width and not self._restyle:
            return
        self._restyle = False
        if self._pending_paragraph is None and self._rendered_width > 0:
            # The same paragraph stays on top at the new width. Taken here, from the lines it
            # was found in: a reflow can come before the resize event (a redraw at the new
            # width), and the old scroll position in the new lines is another paragraph.
            top = self.current_paragraph
            if top >= 0:
                self._pending_paragraph = top
        # Blocks are immutable, so their wrapped lines are kept per width: a stream of small
        # changes (a translation arriving paragraph by paragraph) re-wraps only what changed.
        if width != self._cache_width:
            self._wrapped.clear()
            self._cache_width = width
        lines: list[str] = []
        styles: list[Style | None] = []
        owners: list[int] = []
        block_lines: list[range] = []
        component_styles: dict[str, Style] = {}
        for number, block in enumerate(self._blocks):
            if number and block.gap:
                lines.append("")
                styles.append(None)
                owners.append(owners[-1] if owners else -1)
            wrapped = self._wrapped.get(block)
            if wrapped is None:
                wrapped = wrap_text(block.text, width)
                self._wrapped[block] = wrapped
            style = component_styles.get(block.component)
            if style is None:
                # The whole style, blended against the background: a partial one turns
                # ``$text`` (an automatic, contrasting colour) into white, even on a light theme.
                style = self.get_component_rich_style(block.component)
                component_styles[block.component] = style
            block_lines.append(range(len(lines), len(lines) + len(wrapped)))
            lines.extend(wrapped)
            styles.extend([style] * len(wrapped))
            owners.extend([block.paragraph] * len(wrapped))
        if len(self._wrapped) > 4 * len(self._blocks) + 100:
            keep = set(self._blocks)
            self._wrapped = {b: w for b, w in self._wrapped.items() if b in keep}
        self._lines, self._line_styles, self._line_paragraph = lines, styles, owners
        self._block_lines = block_lines
        self._match_styles = None
        self._rendered_width = width
        self.virtual_size = Size(width, len(lines))
        if self._pending_paragraph is not None:
            self._scroll_to_paragraph(self._pending_paragraph)
            self._pending_paragraph = None
        if self._matches.words:  # the text changed (a translation arriving) or its width
            self._find(self._matches.words, keep=True)
        self._show_position()

    def _show_position(self) -> None:
        position = ""
        if self.has_document:
            height = self.scrollable_content_region.height
            position = position_label(int(self.scroll_y), len(self._lines), height)
        self.border_subtitle = Content(
            " · ".join(part for part in (self.subtitle, position) if part)
        )

    def scroll_to_paragraph(self, paragraph: int) -> None:
        """Put ``paragraph`` at the top (after the next layout, if one is pending)."""
        if self._rendered_width < 0:
            self._pending_paragraph = paragraph
        else:
            self._scroll_to_paragraph(paragraph)

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
        if not self._line_paragraph or not self.has_document:
            return -1
        top = min(int(self.scroll_y), len(self._line_paragraph) - 1)
        for owner in self._line_paragraph[top:]:
            if owner >= 0:
                return owner
        return max(self._line_paragraph)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._show_position()
        paragraph = self.current_paragraph
        if paragraph != self._top_paragraph and self.has_document:
            self._top_paragraph = paragraph
            self.post_message(self.ParagraphChanged(self, paragraph))

    # --- rendering ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        # The first frame is drawn before this pane hears of its size (the Resize event comes
        # after): wrapping here for the width being drawn puts the text in that frame already.
        self._reflow()  # nothing to do unless the width changed
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.base_style
        if index >= len(self._lines):
            return Strip([Segment(" " * width, base)], width)
        text, style = self._lines[index], self._line_styles[index]
        found = self._matches.on_line.get(index)
        if found:
            strip = Strip(self._highlighted(text, style, found))
        else:
            strip = Strip([Segment(text, style)])
        return strip.crop_extend(scroll_x, scroll_x + width, None).apply_style(base)

    def _highlighted(
        self, text: str, style: Style | None, found: list[tuple[int, int, int]]
    ) -> list[Segment]:
        if self._match_styles is None:
            # Every match in reverse video (legible wherever the text is); the current one on
            # the accent colour, in black or white, whichever reads.
            other = self.get_component_rich_style("document--match", partial=True)
            current = legible(self.get_component_rich_style("document--match-current"))
            self._match_styles = (other, current)
        other, current = self._match_styles
        segments, position = [], 0
        for start, end, number in found:
            segments.append(Segment(text[position:start], style))
            mark = current if number == self._match else (style or Style()) + other
            segments.append(Segment(text[start:end], mark))
            position = end
        segments.append(Segment(text[position:], style))
        return segments

    # --- search in the view -------------------------------------------------------------------

    @property
    def searching(self) -> bool:
        return bool(self._matches.words)

    def find(self, query: str) -> None:
        """Highlight every match of ``query`` and go to the first one from the top of the view
        (an empty query clears the search)."""
        self._find(query_words(query), keep=False)

    def clear_find(self) -> None:
        if self.searching:
            self._find([], keep=False)

    def _find(self, words: list[str], keep: bool) -> None:
        texts = [block.text for block in self._blocks]
        if len(self._block_lines) != len(texts):  # not laid out yet: found at the reflow
            self._matches = Matches(words)
            return
        matches = find_in_lines(words, texts, self._block_lines, self._lines)
        if keep and 0 <= self._match < matches.count:
            current = self._match
        else:
            top = int(self.scroll_y)
            current = next((n for n, line in enumerate(matches.lines) if line >= top), 0)
        self._matches, self._match = matches, current if matches.count else -1
        if not keep:
            self._show_match()
        self.refresh()
        self.post_message(self.FindChanged(self, self._match, matches.count, bool(words)))

    def action_find_next(self, step: int) -> None:
        if self._matches.count:
            self._match = (self._match + step) % self._matches.count
            self._show_match()
            self.refresh()
            self.post_message(self.FindChanged(self, self._match, self._matches.count, True))

    def action_clear_find(self) -> None:
        self.clear_find()

    def _show_match(self) -> None:
        """Scroll the current match into view, a third of the way down when it was out of it."""
        if self._match < 0:
            return
        line = self._matches.lines[self._match]
        height = self.scrollable_content_region.height
        if not self.scroll_y <= line < self.scroll_y + height:
            self.scroll_to(y=max(line - height // 3, 0), animate=False, immediate=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # n, N and Esc belong to the search while there is one, and to the screen otherwise.
        if action in ("find_next", "clear_find"):
            return self.searching
        return True

    # --- actions ------------------------------------------------------------------------------

    def action_scroll_lines(self, lines: int) -> None:
        self.scroll_to(y=self.scroll_y + lines, animate=False, immediate=True)

    def action_page(self, pages: float) -> None:
        lines = page_lines(self.scrollable_content_region.height, pages)
        self.scroll_to(y=self.scroll_y + lines, animate=False, immediate=True)

    def action_jump(self, to_end: int) -> None:
        self.scroll_to(y=self.max_scroll_y if to_end else 0, animate=False, immediate=True)
