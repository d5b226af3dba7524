"""The translation pane, flip, compare, models screen and translated search, driven by Pilot."""

from __future__ import annotations

import threading
from pathlib import Path

from reader.core.translation.engine import TranslationEngine
from reader.ui.compare.compare_screen import CompareScreen
from reader.ui.compare.parallel_view import ParallelView
from reader.ui.library.article_list import ArticleList
from reader.ui.library.main_screen import MainScreen
from reader.ui.models.models_dialog import ModelsScreen
from reader.ui.reading.article_view import ArticleView
from reader.ui.reading.document_view import wrap_text
from reader.ui.reading.translation_view import TranslationView
from tests.conftest import ModelFactory
from tests.support.decoders import never_loaded
from tests.ui.conftest import settle


def texts(view) -> list[str]:  # type: ignore[no-untyped-def]
    return [block.text for block in view.blocks]


async def open_german(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("G")  # 004, the German article
    await settle(pilot)


async def test_pane_shows_streamed_translation_with_progress_and_model(
    build_app, seeds: Path, german_model: Path
) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(160, 40)) as pilot:  # the third pane, from 160 columns
        await open_german(pilot)
        pane = app.screen.query_one(TranslationView)
        shown = texts(pane)
        assert shown[1] == "→ en  ·  9/9 paragraphs  ·  model: translate-de_en 1.0"
        assert shown[2].startswith("After Elon Musk this month")
        assert pane.display and pane.region.width > 30


async def test_missing_model_is_one_clear_message(build_app, seeds: Path) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # 000, Indonesian, with no model installed
        shown = texts(app.screen.query_one(TranslationView))
        assert shown[2] == (
            "⚠ No id→en model is installed. Install one with M in reader or `reader models install "
            "FILE.argosmodel` (on a connected machine: `argospm install translate-id_en`)."
        )
        await pilot.press("j")  # the rest of the app keeps working
        assert app.screen.query_one(ArticleView).article.path.name.startswith("001")


async def test_t_flips_the_reading_pane_in_place(
    build_app, seeds: Path, german_model: Path
) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:  # no third pane at 80 columns
        await open_german(pilot)
        view = app.screen.query_one(ArticleView)
        assert not app.screen.query_one(TranslationView).display
        assert texts(view)[2].startswith("Nachdem Elon Musk")
        await pilot.press("enter", "pagedown")
        paragraph = view.current_paragraph
        await pilot.press("t")
        assert view.show_translation
        assert texts(view)[2].startswith("After Elon Musk this month")
        assert texts(view)[0].startswith("Warum Elon Musk Grok")  # headline, translated
        assert view.current_paragraph == paragraph  # same place, other language
        await pilot.press("t")  # the third way: each paragraph with its translation under it
        assert str(view.border_title) == "Original · de + translation · en"
        paragraphs = [b for b in view.blocks if b.paragraph == 0]
        assert [b.component for b in paragraphs] == ["document--paragraph", "document--interleaved"]
        assert paragraphs[0].text.startswith("Nachdem Elon Musk")
        assert paragraphs[1].text.startswith("After Elon Musk this month")
        assert view.current_paragraph == paragraph
        first = next(y for y in range(view.line_count) if view.paragraph_on_line(y) == 0)
        under = first + len(wrap_text(paragraphs[0].text, view.scrollable_content_region.width))
        assert view.paragraph_on_line(under) == 0  # right under it, no blank line between
        await pilot.press("q", "k", "j")  # an article opens the way the reader last chose
        assert view.show_translation and view.bilingual
        assert str(view.border_title) == "Original · de + translation · en"
        await pilot.press("t")
        assert texts(view)[2].startswith("Nachdem Elon Musk")
        assert str(view.border_title) == "Original · de"


async def test_compare_aligns_paragraphs_and_highlights_sentence_pairs(
    build_app, seeds: Path, german_model: Path
) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_german(pilot)
        await pilot.press("c")
        assert isinstance(app.screen, CompareScreen)
        parallel = app.screen.query_one(ParallelView)
        assert len(parallel.rows) == 9  # headline + 8 paragraphs, one row each
        row = parallel.rows[1]
        assert row.cells[0].text.startswith("Nachdem") and row.cells[1].text.startswith("After")
        await pilot.press("j", "l")  # paragraph 1, its first sentence
        assert (parallel.cursor, parallel.sentence) == (1, 0)
        source_span = row.cells[0].sentences[0]
        target_span = row.cells[1].sentences[0]
        assert row.cells[0].text[slice(*source_span)].startswith("Nachdem Elon Musk")
        assert row.cells[1].text[slice(*target_span)].startswith("After Elon Musk")
        # Rows start on the same line on both sides: each row is one block of lines.
        starts = parallel.row_starts
        assert starts == sorted(starts) and len(starts) == 9
        await pilot.press("escape")
        assert not isinstance(app.screen, CompareScreen)


async def test_search_finds_articles_by_their_english_translation(
    build_app, seeds: Path, german_model: Path
) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_german(pilot)  # translated and cached
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        await pilot.press("slash", *"company")  # English; only in 004's translation
        assert article_list.row_count == 1
        assert article_list.highlighted_path.endswith(next(seeds.glob("004_*")).name)
        assert article_list.cells(0)[2] == "✓"


async def test_a_translation_that_ends_while_another_article_is_open_is_searchable(
    build_app, seeds: Path, german_model: Path, monkeypatch
) -> None:
    from reader.ui.library import translating

    may_finish = threading.Event()
    real_translate = TranslationEngine.translate

    def held(self, sources, language, *args, **kwargs):  # type: ignore[no-untyped-def]
        if language == "de":
            may_finish.wait(timeout=30)
        yield from real_translate(self, sources, language, *args, **kwargs)

    monkeypatch.setattr(TranslationEngine, "translate", held)
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("G")  # 004, the German article: its translation starts, held
        for _ in range(100):
            if screen.current_article and screen.current_article.id in screen.translations:
                break
            await pilot.pause(0.05)
        german = screen.current_article
        assert german is not None
        monkeypatch.setattr(translating, "TRANSLATE_DELAY", 60)  # the next article's waits
        await pilot.press("g")  # back to 000 while 004 is being translated
        may_finish.set()
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        assert screen.translations[german.id].complete
        article_list = screen.query_one(ArticleList)
        await pilot.press("slash", *"company")  # English; only in 004's translation
        assert article_list.row_count == 1
        assert article_list.highlighted_path == str(german.path)
        assert article_list.cells(0)[2] == "✓"


async def test_models_screen_lists_and_installs(
    build_app, seeds: Path, model_factory: ModelFactory
) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("M")
        assert isinstance(app.screen, ModelsScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "No models installed." in str(app.screen.query_one("#models-broken").render())
        app.screen.query_one("#models-path").value = str(model_factory())
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Installed translate-de_en 1.0" in str(
            app.screen.query_one("#models-message").render()
        )
        assert app.screen.query_one("DataTable").row_count == 1
        await pilot.press("escape")
        await pilot.press("G")
        await settle(pilot)
        assert texts(app.screen.query_one(TranslationView))[2].startswith("After Elon Musk")


async def test_reopening_a_cached_translation_needs_no_model_and_no_wait(
    build_app, seeds: Path, german_model: Path, monkeypatch
) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_german(pilot)  # translated and cached
        expected = texts(app.screen.query_one(TranslationView))

    app = build_app(seeds, load_decoder=never_loaded)  # a cached translation needs no model
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the first article was tried in a worker: the models are known
        main = app.screen
        assert isinstance(main, MainScreen)
        # Shown as the article is opened, in the same frame: no translation worker at all.
        workers: list[str] = []
        monkeypatch.setattr(main, "_translate", lambda article: workers.append(article.id))
        await pilot.press("G")
        await settle(pilot)
        assert texts(main.query_one(TranslationView)) == expected
        assert workers == []


async def test_a_translation_that_raises_is_reported_in_the_pane(
    build_app, seeds: Path, monkeypatch
) -> None:
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the decoder fell over")
        yield  # a generator, like the real one

    monkeypatch.setattr(TranslationEngine, "translate", broken)
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.pause(0.5)  # the translation starts a moment after the article opens
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = " ".join(texts(app.screen.query_one(TranslationView)))
        assert "Translation failed: the decoder fell over" in shown
        assert "nothing translated" in shown and "starting" not in shown
        assert app.is_running


async def test_the_reading_pane_border_says_original_when_nothing_could_be_translated(
    build_app, seeds: Path
) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # 000, Indonesian, with no model installed
        view = app.screen.query_one(ArticleView)
        await pilot.press("t")
        await settle(pilot)
        assert str(view.border_title) == "Original · id"
