"""Translating ahead of the reader (``translate_ahead``) and ``reader translate``: what they give
and what they cost.

Each measure runs reader against its baseline in the same run:

- **batch translation**: 100 Indonesian articles (a headline and a paragraph each) translated and
  remembered as ``reader translate FOLDER`` does it (``core.translation.batch.translate_all``),
  with 1 and with 2 workers, against ``argostranslate.translate.translate()`` per paragraph;
  sentences per second.
- **keys while translating ahead**: in tmux at 120x40, a burst of 30 ``j`` and 30 ``PgDn`` through
  a 200-article folder, from the keys to the last article's file name in the reading pane, with
  ``translate_ahead = "all"`` working against ``"off"``.
- **memory**: reader's resident memory (VmRSS, and its peak VmHWM) on a 1,000-article folder
  a minute after translating everything ahead first reports progress, against the same wait
  with it off.
- **the next article in English**: after 30 s on the first article, ``j`` then ``t``: the time
  until the next article's first paragraph is in English on screen, with ``"all"`` against
  ``"off"`` (Textual's Pilot, in process, so the moment the paragraph arrives is exact).

All of them use one model: Transformer-base-shaped (6+6 × 512, int8, 32,000 pieces) with random
weights, built here. Random weights never end a sentence, so where reader's engine is built here
(batch translation, the next article) it is given the limit a real model's output stays under,
1.3 × the source's pieces + 5, and so is argostranslate. In the terminal the app decodes with its
own limit (at least 256 pieces, which random weights always reach): each sentence costs several
real ones, which does not matter there, where what counts is that a core is kept busy decoding
and the model is in memory.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

from bench.harness import Result, Series, interleaved
from bench.library import generate
from bench.startup import reader_command, reader_env
from bench.terminal import terminal, tmux_server
from bench.translation import SEED, argostranslate_translate

BASE_SHAPE = dict(vocab_size=32000, layers=6, d_model=512, heads=8, ffn=2048)
TINY_SHAPE = dict(vocab_size=2000, layers=1, d_model=64, heads=2, ffn=128)
AHEAD_AT_WORK = r"English titles: \d+ of|translating ahead: \d+ of"  # the status line


def realistic_length(source_pieces: int) -> int:
    return int(1.3 * source_pieces) + 5


def run(quick: bool = False) -> Result:
    work = Path(tempfile.mkdtemp(prefix="reader-bench-ahead-"))
    private = {"ARGOS_PACKAGES_DIR": str(work / "packages")}
    for variable in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        private[variable] = str(work / variable.lower())
    for variable, sub in (("READER_DATA_DIR", "data"), ("READER_CACHE_DIR", "cache")):
        private[variable] = str(work / sub)
    private["READER_CONFIG_DIR"] = str(work / "config")
    try:
        with mock.patch.dict(os.environ, private):
            return _measure(work, quick)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _build_model(work: Path, quick: bool) -> Path:
    """The model (tiny when quick), installed in a packages folder of its own."""
    from reader.core.articles.parsing import load_article
    from reader.core.translation.install import install_model
    from tests.support.argos_packages import build_random_model

    corpus = [
        p.text
        for path in sorted(SEED.parent.glob("*.txt"))
        for p in getattr(load_article(path), "paragraphs", ())
    ]
    shape = TINY_SHAPE if quick else BASE_SHAPE
    package = build_random_model(work / "build", "id", "en", corpus, **shape)  # type: ignore[arg-type]
    install_model(package, work / "packages")
    return work / "packages"


def _measure(work: Path, quick: bool) -> Result:
    packages = _build_model(work, quick)
    rows: list[tuple[str, str, str, str]] = []
    for part in (
        lambda: _batch_translation(work, packages, quick),
        lambda: asyncio.run(_next_article(work, packages, quick)),
        lambda: _in_terminal(work, packages, quick),
    ):
        done = part()
        rows += done
        # Each part as it ends: the whole takes a quarter of an hour, and a part that fails
        # must not take the figures of the others with it.
        print(*("  ".join(row) for row in done), sep="\n", file=sys.stderr, flush=True)
    return Result("translating ahead" + (" (quick)" if quick else ""), rows)


# --- reader translate against argostranslate --------------------------------------------------


def _batch_translation(work: Path, packages: Path, quick: bool) -> list[tuple[str, str, str, str]]:
    from reader.core.articles.model import Article
    from reader.core.articles.parsing import load_article
    from reader.core.translation.batch import BatchProgress, translate_all
    from reader.core.translation.cache import TranslationCache
    from reader.core.translation.engine import TranslationEngine
    from reader.core.translation.sentences import split_sentences
    from reader.core.translation.translator import ArticleTranslator

    count = 4 if quick else 100
    folder = work / "batch"
    generate(folder, count, size=100, languages_of=[SEED])
    articles = []
    for path in sorted(folder.iterdir()):
        article = load_article(path)
        assert isinstance(article, Article)
        articles.append(article)
    units = [unit.text for article in articles for unit in article.units]
    sentences = sum(len(split_sentences(text)) for text in units)

    engines = {
        workers: TranslationEngine(
            package_dirs=[packages], max_decoding_length=realistic_length, workers=workers
        )
        for workers in (1, 2)
    }
    argos_translate = argostranslate_translate("id", "en", realistic_length)
    caches = iter(range(10_000))

    def reader_translate(workers: int, some: list[Article] = articles) -> None:
        engine = engines[workers]
        engine.cache = TranslationCache(work / "batch-caches" / f"{next(caches)}.sqlite3")
        progress = BatchProgress(articles=len(some), paragraphs=sum(len(a.units) for a in some))
        results = list(translate_all(ArticleTranslator(engine), some, progress, language="id"))
        assert all(result.status == "translated" for result in results), results[:1]
        if some is articles:
            assert progress.sentences_done == sentences, (progress.sentences_done, sentences)

    def argos_all() -> None:
        for text in units:
            argos_translate(text)

    for workers in engines:  # each model loaded, untimed
        reader_translate(workers, articles[:1])
    argos_translate(units[0])
    series = interleaved(
        1,  # a run of the three is minutes long here
        argostranslate=argos_all,
        workers_1=lambda: reader_translate(1),
        workers_2=lambda: reader_translate(2),
    )

    def rate(name: str) -> float:
        return sentences / series[name].median

    baseline = rate("argostranslate")
    rows = [
        (
            "batch: argostranslate.translate()",
            f"{baseline:.1f} sent/s",
            series["argostranslate"].spread,
            f"{count} articles, {sentences} sentences; seconds per run in spread",
        )
    ]
    for workers in (1, 2):
        name = f"workers_{workers}"
        rows.append(
            (
                f"batch: reader translate, {workers} worker{'s' * (workers > 1)}",
                f"{rate(name):.1f} sent/s",
                series[name].spread,
                f"{rate(name) / baseline:.1f}× argostranslate, median of "
                f"{len(series[name].seconds)}",
            )
        )
    return rows


# --- the next article's English, in process -----------------------------------------------------


async def _next_article(work: Path, packages: Path, quick: bool) -> list[tuple[str, str, str, str]]:
    """``j`` and ``t`` after reading the first article for a while: seconds until the next
    article's first paragraph is in English in the reading pane, with each ``translate_ahead``
    mode."""
    from reader.app import make_app
    from reader.core.settings.config import Config
    from reader.core.settings.state import ReadingState
    from reader.core.translation.cache import TranslationCache
    from reader.core.translation.engine import TranslationEngine
    from reader.ui.library.main_screen import MainScreen

    count = 6 if quick else 100
    reading_seconds = 2 if quick else 30
    runs = 1 if quick else 3
    folder = work / "next"
    generate(folder, count, languages_of=[SEED])
    series = {mode: Series(mode) for mode in ("all", "off")}
    for run in range(runs):
        for mode, times in series.items():
            cache = TranslationCache(work / "next-caches" / f"{mode}-{run}.sqlite3")
            engine = TranslationEngine(
                cache=cache, package_dirs=[packages], max_decoding_length=realistic_length
            )
            state = ReadingState(work / "next-state" / f"{mode}-{run}.sqlite3")
            app = make_app(
                [folder], state=state, config=Config(translate_ahead=mode), engine=engine
            )
            async with app.run_test(size=(120, 40)) as pilot:
                main = app.screen
                assert isinstance(main, MainScreen)
                while len(main.articles) < count or not all(
                    article.languages_detected for article in main.articles.values()
                ):
                    await pilot.pause(0.05)
                await pilot.pause(reading_seconds)
                times.seconds.append(await _next_article_seconds(app, main))
            state.close()
    ahead, off = series["all"], series["off"]
    return [
        (
            "next article's 1st ¶ in English, ahead",
            f"{ahead.median * 1000:.0f} ms",
            ahead.spread,
            f'translate_ahead = "all", {reading_seconds} s on the first; target ≤ 50 ms',
        ),
        (
            "next article's 1st ¶ in English, off",
            f"{off.median * 1000:.0f} ms",
            off.spread,
            f"translated when asked; median of {runs}",
        ),
    ]


async def _next_article_seconds(app, main) -> float:  # type: ignore[no-untyped-def]
    """``j`` and ``t`` as a terminal sends them, and the seconds until the reading pane holds
    the next article's first paragraph in English. (Not ``pilot.press``: it waits for the
    process to go idle after each key, which it never does while a model decodes.)"""
    from textual import events

    from reader.ui.reading.article_view import ArticleView

    view = main.query_one(ArticleView)
    start = time.perf_counter()
    for key in ("j", "t"):
        app._driver.send_message(events.Key(key, key))
    while True:
        translation = view.translation if view.show_translation else None
        first = translation.paragraph(0) if translation is not None else None
        if first is not None and view.article is main.current_article:
            seconds = time.perf_counter() - start
            break
        await asyncio.sleep(0.001)
    assert view.article.path.name == "00001.txt", view.article.path
    assert first.ok, first
    return seconds


# --- keys and memory in a real terminal ----------------------------------------------------------


def _in_terminal(work: Path, packages: Path, quick: bool) -> list[tuple[str, str, str, str]]:
    if shutil.which("tmux") is None:
        return [("keys and memory", "not measured", "", "tmux missing")]
    library = work / "keys"
    library_size = 40 if quick else 200
    generate(library, library_size, languages_of=[SEED])
    big = work / "big"
    big_size = 50 if quick else 1000
    generate(big, big_size, languages_of=[SEED])
    runs = 1 if quick else 5
    settle_seconds = 1 if quick else 5
    memory_seconds = 3 if quick else 60

    def env(name: str, mode: str, packages: Path) -> dict[str, str]:
        variables = reader_env(work / "terminal" / name)
        config = Path(variables["READER_CONFIG_DIR"])
        config.mkdir(parents=True, exist_ok=True)
        (config / "config.toml").write_text(f'translate_ahead = "{mode}"\n', encoding="utf-8")
        return variables | {"ARGOS_PACKAGES_DIR": str(packages)}

    last = f"{library_size - 1:05d}.txt"
    bursts: dict[str, list[float]] = {"all": [], "off": []}
    memory: dict[str, tuple[float, float]] = {}
    with tmux_server():
        for run in range(runs):
            for mode, times in bursts.items():
                variables = env(f"keys-{mode}-{run}", mode, packages)
                with terminal(reader_command(library), variables) as session:
                    session.wait_for(rf"\b{library_size} articles")
                    if mode == "all":
                        # The open article's translation comes first, and with random weights
                        # each of its sentences decodes to the length limit: it can take minutes.
                        session.wait_for(AHEAD_AT_WORK, timeout=300)
                    time.sleep(settle_seconds)
                    sent = session.keys(*(["j"] * 30 + ["PageDown"] * 30))
                    times.append(session.wait_for(last, timeout=60) - sent)
                    if mode == "all":
                        assert re.search(AHEAD_AT_WORK, session.screen()), session.screen()
        waited = 0.0  # from the full list to the measure, with translating ahead: off waits as long
        for mode in ("all", "off"):
            variables = env(f"memory-{mode}", mode, packages)
            with terminal(reader_command(big), variables) as session:
                listed = session.wait_for(rf"\b{big_size} articles", timeout=120)
                if mode == "all":
                    # A minute of translating ahead, counted from its first report (the open
                    # article comes before it).
                    session.wait_for(AHEAD_AT_WORK, timeout=300)
                    time.sleep(memory_seconds)
                    assert re.search(AHEAD_AT_WORK, session.screen()), session.screen()
                    waited = time.perf_counter() - session.started - listed
                else:
                    time.sleep(waited)
                memory[mode] = (session.memory_mb("VmRSS"), session.memory_mb("VmHWM"))
    ahead, off = statistics.median(bursts["all"]), statistics.median(bursts["off"])
    (rss, peak), (idle_rss, idle_peak) = memory["all"], memory["off"]
    return [
        (
            "30 j + 30 PgDn, translating ahead",
            f"{ahead * 1000:.0f} ms",
            _spread(bursts["all"]),
            f"{library_size} articles; {ahead / off:.2f}× off (target ≤ 1.2×)",
        ),
        (
            "30 j + 30 PgDn, off",
            f"{off * 1000:.0f} ms",
            _spread(bursts["off"]),
            f"median of {runs}",
        ),
        (
            "memory, translating ahead (VmRSS)",
            f"{rss:.0f} MB",
            f"peak {peak:.0f} MB",
            f"{big_size} articles, {memory_seconds} s after its first report; "
            f"{rss / idle_rss:.2f}× off (target ≤ 1.5×)",
        ),
        (
            "memory, off (VmRSS)",
            f"{idle_rss:.0f} MB",
            f"peak {idle_peak:.0f} MB",
            f"the same {waited:.0f} s after the full list",
        ),
    ]


def _spread(values: list[float]) -> str:
    return f"{min(values):.3f}–{max(values):.3f}"
