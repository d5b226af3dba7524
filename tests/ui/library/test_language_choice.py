"""`L`: the reader sets an article's language by hand; it routes translation and is remembered.
And the translation pane says once when a model's own sentence splitter could not be used."""

from __future__ import annotations

import shutil
from pathlib import Path

from reader.core.translation.install import install_model
from reader.ui.library.article_list import ArticleList
from reader.ui.library.language_dialog import LanguageScreen
from reader.ui.library.main_screen import MainScreen
from reader.ui.reading.translation_view import TranslationView
from tests.conftest import GERMAN_TO_ENGLISH, GERMAN_WORDS, seed
from tests.support import argos_layouts
from tests.ui.conftest import settle


def texts(view) -> list[str]:  # type: ignore[no-untyped-def]
    return [block.text for block in view.blocks]


async def test_a_language_set_by_hand_routes_translation_and_is_remembered(
    build_app, tmp_path: Path, german_model: Path
) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    # German that langdetect takes for Norwegian (names, and little else to tell by).
    (folder / "a.txt").write_text("Hallo Elon Musk OpenAI Welt\n", encoding="utf-8")
    app = build_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        detected = main.current_article.language
        assert detected == "no"  # the premise: detection got it wrong
        await pilot.press("L")
        assert isinstance(app.screen, LanguageScreen)
        await pilot.press(*"xx1", "enter")  # not a code: refused with a reason, dialog stays
        assert isinstance(app.screen, LanguageScreen)
        assert "not a language code" in str(app.screen.query_one("#language-message").render())
        app.screen.query_one("#language-code").value = "de"
        await pilot.press("enter")
        await settle(pilot)
        article = main.current_article
        assert (article.language, article.language_chosen) == ("de", True)
        assert main.query_one(ArticleList).cells(0)[0] == "de"
        assert "Hello Elon Musk OpenAI world" in texts(main.query_one(TranslationView)), texts(
            main.query_one(TranslationView)
        )

    app = build_app(folder)  # a new start: the choice was remembered
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.screen
        assert main.current_article.language == "de" and main.current_article.language_chosen
        assert "Hello Elon Musk OpenAI world" in texts(main.query_one(TranslationView)), texts(
            main.query_one(TranslationView)
        )
        await pilot.press("L")
        app.screen.query_one("#language-code").value = ""  # back to detection
        await pilot.press("enter")
        await settle(pilot)
        assert main.current_article.language == detected
        assert not main.current_article.language_chosen


async def test_the_pane_says_once_which_splitter_stood_in(
    build_app, tmp_path: Path, packages_dir: Path
) -> None:
    archive = argos_layouts.opus_mt_package(
        tmp_path / "model", "de", "en", GERMAN_TO_ENGLISH, (GERMAN_WORDS,)
    )
    installation = install_model(archive, packages_dir)
    (installation.model.path / "stanza" / "de" / "tokenize" / "gsd.pt").write_bytes(b"broken")
    folder = tmp_path / "library"
    folder.mkdir()
    shutil.copy(seed("004"), folder)
    app = build_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shown = texts(app.screen.query_one(TranslationView))
        notices = [line for line in shown if line.startswith("ⓘ")]
        assert len(notices) == 1
        assert "its bundled stanza splitter cannot load" in notices[0]
        assert notices[0].endswith("using reader's built-in splitter (rule-based)")
        assert shown[3].startswith("After Elon Musk this month")
