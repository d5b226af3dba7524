"""Translation ahead of the reader on the main screen, with a real word model: English titles in
the list (e toggles them, search finds them), articles translated ahead marked ✓ and opened
from the cache, A pausing it, and T opening a language's articles in English from then on."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.settings.config import Config
from reader.core.settings.state import ReadingState
from reader.ui.library.article_list import ENGLISH_TITLE_MARKER, ArticleList
from reader.ui.library.main_screen import MainScreen
from reader.ui.reading.article_view import ArticleView
from tests.support.texts import STORY
from tests.ui.conftest import AheadWatch, burst, notifications, settle

TITLES = ["Hallo Welt und das Haus", "Das Haus ist groß", "Der Stadtrat am Dienstag"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for number, title in enumerate(TITLES):
        body = "\n\n".join(f"{paragraph} ({number})" for paragraph in STORY)
        (folder / f"{number}.txt").write_text(f"{title}\n\n{body}\n")
    (folder / "9.txt").write_text(
        "Council approves the budget\n\nThe city council approved the new budget on Tuesday "
        "after a long debate, a spokesman said in the evening.\n"
    )
    return folder


def listed(app) -> list[str]:  # type: ignore[no-untyped-def]
    """Each row's columns as drawn, before they are cut to the pane's width."""
    article_list = app.screen.query_one(ArticleList)
    return ["  ".join(article_list.cells(row)) for row in range(article_list.row_count)]


def status(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#status").render())


async def until(pilot, condition, seconds: float = 30) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("not within the time given")


async def test_titles_are_listed_in_english_and_found_by_search(
    build_app, german_model: Path, folder: Path
) -> None:
    app = build_app(folder, config=Config(translate_ahead="titles"))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: "Hello world and das house" in " ".join(listed(app)))
        rows = listed(app)
        assert any(f"{ENGLISH_TITLE_MARKER}Hello world and das house" in row for row in rows)
        assert any("Council approves the budget" in row for row in rows)  # English: as it is
        assert not any(f"{ENGLISH_TITLE_MARKER}Council" in row for row in rows)
        await until(pilot, lambda: "English titles" not in status(app))

        await pilot.press("e")  # the originals
        rows = listed(app)
        assert any("Hallo Welt und das Haus" in row for row in rows)
        assert not any(ENGLISH_TITLE_MARKER in row for row in rows)
        await pilot.press("e")

        await pilot.press("slash", *"world and das", "enter")
        await pilot.pause()
        assert app.screen.query_one(ArticleList).row_count == 1
        assert "0.txt" in str(app.screen.query_one(ArticleList).highlighted_path)


async def test_articles_are_translated_ahead_and_open_from_the_cache(
    build_app, german_model: Path, folder: Path
) -> None:
    app = build_app(folder, config=Config(translate_ahead="all"))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        translator = screen.translator
        articles = list(screen.articles.values())
        await until(pilot, lambda: all(translator.remembered(a) for a in articles[:3]))
        await until(pilot, lambda: sum("✓" in row for row in listed(app)) == 3)
        await pilot.press("j")  # never opened: its English is there in the same frame
        translation = screen.translations.get(screen.current_article.id)
        assert translation is not None and translation.complete
        assert all(p.status == "cached" for p in translation.parts.values())


async def test_a_pauses_and_resumes(build_app, german_model: Path, folder: Path) -> None:
    app = build_app(folder, config=Config(translate_ahead="titles"))
    async with app.run_test(size=(120, 30)) as pilot:
        said = notifications(app)
        await settle(pilot)
        await pilot.press("A")
        assert app.screen.ahead.paused
        assert "paused" in status(app) and said[-1] == "Translating ahead paused."
        await pilot.press("A")
        assert not app.screen.ahead.paused and said[-1] == "Translating ahead again."


async def test_a_when_it_is_off_says_how_to_turn_it_on(
    build_app, german_model: Path, folder: Path
) -> None:
    app = build_app(folder)  # the tests' default: off
    async with app.run_test(size=(120, 30)) as pilot:
        said = notifications(app)
        await settle(pilot)
        await pilot.press("A")
        assert "translate_ahead" in said[-1]


async def test_t_capital_opens_a_language_in_english_from_then_on(
    build_app, german_model: Path, folder: Path
) -> None:
    state = ReadingState()
    app = build_app(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert not view.show_translation
        await pilot.press("T")
        assert view.show_translation
        await pilot.press("j")  # the next German article: in English too
        await settle(pilot)
        assert view.show_translation and str(view.border_title).startswith("Translation")
        await pilot.press("t", "t")  # t turns this one article only: bilingual, then original
        assert not view.show_translation
        await pilot.press("j")
        assert view.show_translation and not view.bilingual
        await pilot.press("G")  # the English article: as it is
        assert view.article.language == "en" and not view.show_translation
    assert state.setting("always_english") == "de"

    again = build_app(folder)  # remembered
    async with again.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        view = again.screen.query_one(ArticleView)
        await pilot.press("g")  # reopened at the English article read last: back to the first
        assert view.article.language == "de" and view.show_translation
        await pilot.press("T")  # and forgotten
        assert not view.show_translation
    assert state.setting("always_english") == ""


async def test_always_english_from_the_config(build_app, german_model: Path, folder: Path) -> None:
    app = build_app(folder, config=Config(translate_ahead="off", always_english=frozenset({"all"})))
    async with app.run_test(size=(120, 30)) as pilot:
        said = notifications(app)
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.show_translation
        await pilot.press("T")
        assert "config.toml" in said[-1] and view.show_translation


async def test_review_translating_its_article_keeps_the_work_ahead_waiting(
    build_app, german_model: Path, tmp_path: Path
) -> None:
    from reader.ui.review.review_screen import ReviewScreen

    folder = tmp_path / "articles"
    folder.mkdir()
    for number, title in enumerate(TITLES):
        mark = "Haus" if number == 2 else ""  # 2.txt, the one reviewed, says it once more
        body = "\n\n".join(f"{paragraph} {mark}".strip() for paragraph in STORY)
        (folder / f"{number}.txt").write_text(f"{title}\n\n{body}\n")
    watch = AheadWatch(lambda sentences: "Haus" in sentences)  # 2.txt's body
    # "titles": the work ahead never translates 2.txt's body itself, so review decodes it.
    app = build_app(
        folder, config=Config(translate_ahead="titles"), load_decoder=watch.load_decoder
    )
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        main = watch.main = app.screen
        # Review opened at once, before the reading pane would translate the article itself.
        await burst(pilot, "j", "j", "r")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.segments)
        assert watch.aside and all(watch.aside)
        assert not main.ahead.standing_aside  # and once it is translated, the work goes on
