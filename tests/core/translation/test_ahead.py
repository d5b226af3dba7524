"""Translating ahead of the reader (``core.translation.ahead``), with a real word model: titles
first, articles around the cursor next, the reader's own translation first, one batch at a
time, paused when asked, and everything it does remembered for the next start."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from reader.core.articles.model import Article
from reader.core.library.loader import load_library
from reader.core.translation import ahead as ahead_module
from reader.core.translation.ahead import (
    AheadEvent,
    AheadIdle,
    ArticleAhead,
    ReadingAhead,
    TitlesTranslated,
)
from reader.core.translation.cache import TranslationCache
from reader.core.translation.engine import SourceParagraph, TranslationEngine
from reader.core.translation.install import install_model
from reader.core.translation.translator import ArticleTranslator
from tests.conftest import ModelFactory
from tests.support.decoders import never_loaded, watched
from tests.support.texts import STORY

TITLES = ["Hallo Welt", "Das Haus ist groß", "Der Stadtrat am Dienstag", "Die Welt ist schön"]
ENGLISH_TITLE = "Council approves the budget"


@pytest.fixture
def library(tmp_path: Path) -> list[Article]:
    folder = tmp_path / "articles"
    folder.mkdir()
    for number, title in enumerate(TITLES):
        (folder / f"{number}.txt").write_text(title + "\n\n" + "\n\n".join(STORY) + "\n")
    english = (
        "The city council approved the new budget on Tuesday after a long debate, a "
        "spokesman said in the evening.\n\nThe opposition criticised the planned spending."
    )
    (folder / "9-english.txt").write_text(f"{ENGLISH_TITLE}\n\n{english}\n")
    articles = load_library([folder]).articles
    assert [a.language for a in articles] == ["de"] * 4 + ["en"]
    return articles


def translator_for(
    packages_dir: Path, model_factory: ModelFactory, cache: TranslationCache, **engine_options
) -> ArticleTranslator:  # type: ignore[no-untyped-def]
    install_model(model_factory(), packages_dir)
    engine = TranslationEngine(cache=cache, package_dirs=[packages_dir], **engine_options)
    return ArticleTranslator(engine, "en")


def run_until_idle(ahead: ReadingAhead) -> list[AheadEvent]:
    events: list[AheadEvent] = []
    for event in ahead.run(lambda: False):
        events.append(event)
        if isinstance(event, AheadIdle):
            return events
    raise AssertionError("the work ahead stopped before it was idle")


def test_titles_are_translated_and_english_ones_left_alone(
    packages_dir: Path, model_factory: ModelFactory, library: list[Article], tmp_path: Path
) -> None:
    cache = TranslationCache(tmp_path / "cache.db")
    ahead = ReadingAhead(translator_for(packages_dir, model_factory, cache), "titles")
    ahead.aim(library, 0, library)
    events = run_until_idle(ahead)
    titles: dict[str, str] = {}
    for event in events:
        if isinstance(event, TitlesTranslated):
            titles.update(event.titles)
    by_id = {a.id: a for a in library}
    assert {by_id[i].title for i in titles} == set(TITLES)
    assert titles[library[0].id] == "Hello world"
    assert titles[library[1].id] == "Das house is big"  # the word model's English
    last = [e for e in events if isinstance(e, TitlesTranslated)][-1]
    assert (last.done, last.total) == (4, 4)
    # "titles" translates no article.
    assert not any(isinstance(e, ArticleAhead) for e in events)

    # The next start finds every title in the cache: no model is loaded for them.
    again = TranslationEngine(
        cache=TranslationCache(tmp_path / "cache.db"),
        package_dirs=[packages_dir],
        load_decoder=never_loaded,
    )
    second = ReadingAhead(ArticleTranslator(again, "en"), "titles")
    second.aim(library, 0, library)
    cached: dict[str, str] = {}
    for event in run_until_idle(second):
        if isinstance(event, TitlesTranslated):
            cached.update(event.titles)
    assert cached == titles


def test_articles_around_the_cursor_go_first_and_are_remembered(
    packages_dir: Path, model_factory: ModelFactory, library: list[Article]
) -> None:
    translator = translator_for(packages_dir, model_factory, TranslationCache())
    ahead = ReadingAhead(translator, "all")
    ahead.aim(library, 1, library)  # the cursor on the second article
    events = run_until_idle(ahead)
    order = [e.article.path.name for e in events if isinstance(e, ArticleAhead)]
    # Next, previous, then on down the list, the open one last; the English one never.
    assert order == ["2.txt", "0.txt", "3.txt", "1.txt"]
    assert all(translator.remembered(a) for a in library[:4])
    assert not translator.remembered(library[4])
    done = [e for e in events if isinstance(e, ArticleAhead)]
    assert [(e.done, e.total) for e in done] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert all(e.text is not None for e in done)
    assert all(e.article.paragraph_languages_detected for e in done)


def test_titles_and_articles_take_turns(
    packages_dir: Path,
    model_factory: ModelFactory,
    library: list[Article],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A library with more titles than one step: its next article is not kept waiting for them.
    monkeypatch.setattr(ahead_module, "TITLES_PER_STEP", 2)
    ahead = ReadingAhead(translator_for(packages_dir, model_factory, TranslationCache()), "all")
    ahead.aim(library, 0, library)
    events = run_until_idle(ahead)
    steps = [
        f"titles {e.done} of {e.total}" if isinstance(e, TitlesTranslated) else e.article.path.name
        for e in events
        if not isinstance(e, AheadIdle)
    ]
    # From the cursor outwards, each: the next, on down the list, the cursor's own last.
    assert steps == ["titles 2 of 4", "1.txt", "titles 4 of 4", "2.txt", "3.txt", "0.txt"]


def test_an_article_remembered_already_is_skipped(
    packages_dir: Path, model_factory: ModelFactory, library: list[Article]
) -> None:
    translator = translator_for(packages_dir, model_factory, TranslationCache())
    list(translator.translate(library[1]))  # the reader translated it
    ahead = ReadingAhead(translator, "all")
    ahead.aim(library, 0, library)
    order = [e.article.path.name for e in run_until_idle(ahead) if isinstance(e, ArticleAhead)]
    assert "1.txt" not in order and sorted(order) == ["0.txt", "2.txt", "3.txt"]


def test_one_batch_at_a_time_and_nothing_while_the_reader_translates(
    packages_dir: Path, model_factory: ModelFactory, library: list[Article]
) -> None:
    lock = threading.Lock()
    decoding = 0
    most = {"ahead": 0, "reader": 0}
    reader_translating = threading.Event()

    def before_batch(sentences: Sequence[str], batches: int) -> None:
        # Each batch counted as decoding for a while, so that batches at once overlap.
        nonlocal decoding
        whose = "reader" if reader_translating.is_set() else "ahead"
        with lock:
            decoding += 1
            most[whose] = max(most[whose], decoding)
        time.sleep(0.05)
        with lock:
            decoding -= 1

    translator = translator_for(
        packages_dir,
        model_factory,
        TranslationCache(),
        workers=2,
        load_decoder=watched(before_batch),
    )
    ahead = ReadingAhead(translator, "all")
    ahead.aim(library, 0, library)
    events: Iterator[AheadEvent] = ahead.run(lambda: False)
    assert isinstance(next(events), TitlesTranslated)
    assert isinstance(next(events), ArticleAhead)
    assert most["ahead"] == 1  # of two workers, the work ahead takes one

    with ahead.foreground():
        got: list[AheadEvent] = []
        worker = threading.Thread(target=lambda: got.append(next(events)))
        worker.start()
        worker.join(timeout=0.5)
        assert worker.is_alive() and not got  # waiting for the reader's translation to end
        reader_translating.set()
        # The reader's own translation (of text nothing ahead has seen): every worker.
        fresh = [SourceParagraph("Das Haus ist groß. " * n, "de") for n in range(1, 8)]
        list(translator.engine.translate(fresh, "de"))
        reader_translating.clear()
    assert most["reader"] == 2
    worker.join(timeout=30)
    assert got and not worker.is_alive()


def test_paused_does_nothing_until_resumed(
    packages_dir: Path, model_factory: ModelFactory, library: list[Article]
) -> None:
    translator = translator_for(packages_dir, model_factory, TranslationCache())
    ahead = ReadingAhead(translator, "titles")
    ahead.aim(library, 0, library)
    ahead.set_paused(True)
    events = ahead.run(lambda: False)
    got: list[AheadEvent] = []
    worker = threading.Thread(target=lambda: got.append(next(events)))
    worker.start()
    worker.join(timeout=0.5)
    assert worker.is_alive() and not got
    ahead.set_paused(False)
    worker.join(timeout=30)
    assert got and isinstance(got[0], TitlesTranslated)


def test_cancelled_while_paused_ends(
    packages_dir: Path, model_factory: ModelFactory, library: list[Article]
) -> None:
    ahead = ReadingAhead(translator_for(packages_dir, model_factory, TranslationCache()))
    ahead.set_paused(True)
    cancelled = threading.Event()
    worker = threading.Thread(target=lambda: list(ahead.run(cancelled.is_set)))
    worker.start()
    cancelled.set()
    worker.join(timeout=5)
    assert not worker.is_alive()


def test_an_unknown_mode_is_refused(packages_dir: Path, model_factory: ModelFactory) -> None:
    translator = translator_for(packages_dir, model_factory, TranslationCache())
    with pytest.raises(ValueError, match="off, titles, all"):
        ReadingAhead(translator, "everything")
