"""Where you are must be legible in every built-in theme: the cursor row and the highlighted
sentence in compare, versions and review, review's warnings, the reading pane's text and the
list's cursor row, each measured on the segments as drawn (WCAG contrast of their colours)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import Color
from rich.segment import Segment
from rich.terminal_theme import DEFAULT_TERMINAL_THEME, MONOKAI, TerminalTheme
from textual.strip import Strip

from reader.app import ReaderApp
from reader.ui.compare.compare_screen import CompareScreen
from reader.ui.compare.parallel_view import ParallelView
from reader.ui.library.article_list import ArticleList
from reader.ui.reading.article_view import ArticleView
from tests.ui.conftest import settle, start_review

# WCAG 2's minimum for body text; warnings, which also carry a ⚠, need the large-text minimum.
TEXT_CONTRAST = 4.5
NOTICE_CONTRAST = 3.0


# The ANSI themes draw in the terminal's own colours: a dark terminal's for the dark one.
TERMINAL = {True: MONOKAI, False: DEFAULT_TERMINAL_THEME}


def _rgb(color: Color | None, foreground: bool, terminal: TerminalTheme) -> tuple[int, int, int]:
    if color is None or color.is_default:
        default = terminal.foreground_color if foreground else terminal.background_color
        return (default.red, default.green, default.blue)
    triplet = color.get_truecolor(terminal, foreground=foreground)
    return (triplet.red, triplet.green, triplet.blue)


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(segment: Segment, dark: bool = True) -> float:
    style = segment.style
    assert style is not None
    terminal = TERMINAL[dark]
    fg, bg = _rgb(style.color, True, terminal), _rgb(style.bgcolor, False, terminal)
    if style.reverse:
        fg, bg = bg, fg
    assert fg != bg, f"{segment.text!r} is drawn in its background colour"
    lighter, darker = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def words(strip: Strip, reverse: bool | None = None) -> list[Segment]:
    """The segments of ``strip`` that show text (optionally only reversed or not reversed)."""
    return [
        s
        for s in strip
        if s.text.strip() not in ("", "│", "▸")
        and (reverse is None or bool(s.style and s.style.reverse) == reverse)
    ]


def themes(app: ReaderApp) -> list[str]:
    return sorted(app.available_themes)


async def set_theme(pilot, name: str) -> bool:  # type: ignore[no-untyped-def]
    """Switch to theme ``name``; whether it is a dark one."""
    pilot.app.theme = name
    await pilot.pause()
    await pilot.pause()
    return bool(pilot.app.current_theme.dark)


def current_row(view: ParallelView) -> Strip:
    """The first line of the cursor row, without its gutter (the row's number, dimmed)."""
    return Strip(list(view.row_lines(view.cursor)[0])[1:])


async def test_compare_cursor_row_and_sentence_in_every_theme(
    build_app, seeds: Path, german_model: Path
) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        await pilot.press("c", "j")
        assert isinstance(app.screen, CompareScreen)
        view = app.screen.query_one(ParallelView)
        failures = []
        for name in themes(app):
            dark = await set_theme(pilot, name)
            view.sentence = -1
            await pilot.pause()
            row = words(current_row(view))
            assert row, name
            worst = min(contrast(s, dark) for s in row)
            if worst < TEXT_CONTRAST:
                failures.append(f"{name}: cursor row {worst:.2f}")
            view.sentence = 0
            await pilot.pause()
            highlighted = words(current_row(view), reverse=True)
            assert highlighted, f"{name}: no sentence highlighted"
            worst = min(contrast(s, dark) for s in highlighted)
            if worst < TEXT_CONTRAST:
                failures.append(f"{name}: sentence {worst:.2f}")
            plain = words(current_row(view), reverse=False)
            assert {s.style for s in plain}.isdisjoint({s.style for s in highlighted}), name
        assert failures == [], "\n".join(failures)


async def test_review_cursor_row_and_warnings_in_every_theme(
    build_app, tmp_path: Path, german_model: Path
) -> None:
    # The second paragraph has no word the model knows: its translation is a copy of it, which
    # review flags ("identical to the source").
    (tmp_path / "a.txt").write_text(
        "Hallo Welt.\n\nGrok veröffentlicht xAI den vollständigen Code.\n", encoding="utf-8"
    )
    app = build_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        review = await start_review(pilot)
        view = review.query_one(ParallelView)
        warned = next(i for i, w in enumerate(review.warnings) if w)
        view.cursor = warned
        await pilot.pause()
        failures = []
        for name in themes(app):
            dark = await set_theme(pilot, name)
            lines = [Strip(list(line)[1:]) for line in view.row_lines(view.cursor)]
            segments = [s for line in lines for s in words(line)]
            notes = [s for s in segments if s.text.lstrip().startswith("⚠")]
            text = [s for s in segments if s not in notes]
            assert notes and text, name
            if min(contrast(s, dark) for s in text) < TEXT_CONTRAST:
                failures.append(f"{name}: cursor row")
            if min(contrast(s, dark) for s in notes) < NOTICE_CONTRAST:
                failures.append(f"{name}: warning")
            assert {s.style.color for s in notes}.isdisjoint({s.style.color for s in text}), name
        assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_reading_pane_and_list_cursor_in_every_theme(
    build_app, seeds: Path, size: tuple[int, int]
) -> None:
    app = build_app(seeds)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        reading = app.screen.query_one(ArticleView)
        article_list = app.screen.query_one(ArticleList)
        failures = []
        for name in themes(app):
            dark = await set_theme(pilot, name)
            paragraph_line = next(
                y for y in range(reading.size.height) if reading.paragraph_on_line(y) == 0
            )
            text = words(reading.render_line(paragraph_line))
            worst = min(contrast(s, dark) for s in text)
            if worst < TEXT_CONTRAST:
                failures.append(f"{name}: reading pane {worst:.2f} {text[0].style}")
            cursor = words(article_list.render_line(1 + article_list.cursor))
            worst = min(contrast(s, dark) for s in cursor)
            if worst < TEXT_CONTRAST:
                low = min(cursor, key=lambda s: contrast(s, dark))
                failures.append(f"{name}: list cursor {worst:.2f} {low.text!r} {low.style}")
        assert failures == [], "\n".join(failures)


async def test_bilingual_view_translation_in_every_theme(
    build_app, seeds: Path, german_model: Path
) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("G")  # 004, German
        await settle(pilot)
        await pilot.press("t", "t")  # the original with its translation under each paragraph
        reading = app.screen.query_one(ArticleView)
        lines = [y for y in range(reading.size.height) if reading.paragraph_on_line(y) == 0]
        failures = []
        for name in themes(app):
            dark = await set_theme(pilot, name)
            drawn = [text for text in (words(reading.render_line(y)) for y in lines) if text]
            original, translated = drawn[0], drawn[-1]
            assert original != translated and translated[0].style.italic
            worst = min(contrast(s, dark) for s in translated)
            if worst < TEXT_CONTRAST:
                failures.append(f"{name}: translation {worst:.2f} {translated[0].style}")
        assert failures == [], "\n".join(failures)


async def test_versions_cursor_row_and_sentence_in_every_theme(build_app, seeds: Path) -> None:
    from reader.ui.compare.versions_screen import VersionsScreen

    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("G")  # 004, which has versions in French and Indonesian
        await settle(pilot)
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, VersionsScreen)
        view = app.screen.query_one(ParallelView)
        await pilot.press("j")
        failures = []
        for name in themes(app):
            dark = await set_theme(pilot, name)
            row = words(current_row(view))
            assert row, name
            worst = min(contrast(s, dark) for s in row)
            if worst < TEXT_CONTRAST:
                failures.append(f"{name}: cursor row {worst:.2f}")
        assert failures == [], "\n".join(failures)
