"""Compare and review on a long article: opening them and every key a reviewer presses.

Subject and baseline in the same run: a 2,000-paragraph article against a 9-paragraph one (seed
004's length), both translated with a word model built here. Measured twice:

- In the app as the CLI builds it (``make_app``), driven by Textual's Pilot at 120x40. Each figure
  is the time from the key to the app having handled it and drawn the next frame; for review,
  until every paragraph is shown and checked for warnings (those in view are checked before the
  review is shown, the rest after its first frame) and the app is idle. Pilot's own wait for
  idleness is in every figure (about 85 ms: ``j`` in compare costs nothing else).
- In a real terminal (tmux, 160x40, ``python -m reader`` of this tree): from the key being sent
  to the screen showing its result, as a person sees it. ``r`` is pressed a second after the
  article's translation is complete. Review is *shown* when its status line appears (with the
  rows, in the same frame) and *checked* when it counts the paragraphs with warnings; an approval
  is done when the approved count on screen has gone up. Then back to the list and ``r`` again:
  the review *opened again*, stored already, is shown when its approvals are.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

from bench.harness import Result, Series
from bench.startup import reader_env
from bench.terminal import terminal, tmux_server

REPO = Path(__file__).resolve().parent.parent
WORDS = "Hallo Welt Haus ist groß und die schön Der Stadtrat am Dienstag Monat Unternehmen".split()


def _article(path: Path, paragraphs: int, rng: random.Random) -> Path:
    body = [
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))) + "."
        for _ in range(paragraphs)
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("Ein langer Artikel\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    return path


def run(quick: bool = False) -> Result:
    work = Path(tempfile.mkdtemp(prefix="reader-bench-views-"))
    private = {"ARGOS_PACKAGES_DIR": str(work / "packages")}
    for variable, sub in (("READER_DATA_DIR", "data"), ("READER_CACHE_DIR", "cache")):
        private[variable] = str(work / sub)
    private["READER_CONFIG_DIR"] = str(work / "config")
    try:
        with mock.patch.dict(os.environ, private):
            result = asyncio.run(_measure(work, quick))
        if shutil.which("tmux") is not None:
            result.rows.extend(_in_a_terminal(work, quick))
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _long_paragraphs(quick: bool) -> int:
    return 300 if quick else 2000


def _articles(work: Path, quick: bool) -> dict[str, Path]:
    """The short and the long article (made once; the terminal part reuses them)."""
    rng = random.Random(7)
    return {
        "short": _article(work / "short" / "a.txt", 8, rng),
        "long": _article(work / "long" / "a.txt", _long_paragraphs(quick), rng),
    }


def _in_a_terminal(work: Path, quick: bool) -> list[tuple[str, str, str, str]]:
    """Review in tmux: opening it (shown, then checked) and each approval, key to screen."""
    articles = {size: work / size / "a.txt" for size in ("short", "long")}
    segments = {"short": 9, "long": _long_paragraphs(quick) + 1}  # paragraphs and the headline
    env = {
        **reader_env(work),
        "ARGOS_PACKAGES_DIR": str(work / "packages"),
        "PYTHONPATH": str(REPO),  # this tree's reader, as the Pilot part imports it
    }
    (work / "config").mkdir(parents=True, exist_ok=True)
    (work / "config" / "config.toml").write_text('translate_ahead = "off"\n', encoding="utf-8")
    runs = 1 if quick else 5
    keys = 3 if quick else segments["short"] - 1  # each approval must change the count shown
    series: dict[str, Series] = {}

    def timed(name: str) -> Series:
        return series.setdefault(name, Series(name))

    with tmux_server():
        for run in range(runs + 1):  # the first round warms the caches and is not counted
            for size, path in articles.items():
                (work / "data" / "review.sqlite3").unlink(missing_ok=True)
                command = [sys.executable, "-m", "reader", str(path.parent)]
                with terminal(command, env, size=(160, 40)) as session:
                    # The article's translation complete: the list marks it ✓ then. A second
                    # to read before `r` (the main screen checks the translation meanwhile).
                    session.wait_for(r"de +\d+ +✓", timeout=300)
                    time.sleep(1)
                    sent = session.keys("r")
                    shown = session.wait_for(r"approved", timeout=60) - sent
                    checked = session.wait_for(r"\d+ with warnings", timeout=60) - sent
                    approvals = []
                    for count in range(1, keys + 1):
                        sent = session.keys("a")
                        done = session.wait_for(rf"\b{count}/{segments[size]} approved")
                        approvals.append(done - sent)
                    # Back to the list, and the same review again: stored now, with the
                    # approvals on it.
                    session.keys("escape")
                    session.wait_for(r"de +\d+ +✓")
                    time.sleep(1)
                    sent = session.keys("r")
                    again = session.wait_for(rf"\b{keys}/{segments[size]} approved") - sent
                if run:
                    timed(f"shown, {size}").seconds.append(shown)
                    timed(f"checked, {size}").seconds.append(checked)
                    timed(f"a, {size}").seconds.extend(approvals)
                    timed(f"again, {size}").seconds.append(again)
    rows = []
    for measure, name in (
        ("shown", "terminal: review shown"),
        ("checked", "terminal: review checked"),
        ("a", "terminal: a (approve)"),
        ("again", "terminal: review opened again"),
    ):
        short, long = series[f"{measure}, short"], series[f"{measure}, long"]
        rows.append(
            (
                name,
                f"{long.median * 1000:.0f} ms",
                f"{short.median * 1000:.0f} ms short",
                f"{segments['long'] - 1} vs 9 paragraphs: {long.median / short.median:.1f}×, "
                f"median of {len(long.seconds)}",
            )
        )
    return rows


async def _measure(work: Path, quick: bool) -> Result:
    from reader.app import make_app
    from reader.core.settings.config import Config
    from reader.core.settings.state import ReadingState
    from reader.core.translation.cache import TranslationCache
    from reader.core.translation.engine import TranslationEngine
    from reader.core.translation.install import install_model
    from reader.ui.review.review_screen import ReviewScreen
    from tests.support.argos_packages import build_word_model

    substitutions = {"Hallo": "Hello", "Welt": "world", "Haus": "house", "ist": "is"}
    install_model(
        build_word_model(work / "model", "de", "en", substitutions, (" ".join(WORDS),)),
        work / "packages",
    )
    articles = _articles(work, quick)
    long_paragraphs = _long_paragraphs(quick)
    runs = 1 if quick else 9
    keys = 3 if quick else 10
    series: dict[str, Series] = {}

    def timed(name: str) -> Series:
        return series.setdefault(name, Series(name))

    for _ in range(runs):
        for size, path in articles.items():
            engine = TranslationEngine(cache=TranslationCache(), package_dirs=[work / "packages"])
            # Nothing translated ahead: these figures are the work views' own (and comparable
            # with earlier runs); waiting for every worker would also wait for that one forever.
            config = Config(translate_ahead="off")
            app = make_app([path.parent], state=ReadingState(), config=config, engine=engine)
            async with app.run_test(size=(120, 40)) as pilot:
                await _settled(pilot)
                await _press(pilot, "c", timed(f"open compare, {size}"))
                for _ in range(keys):
                    await _press(pilot, "j", timed(f"j in compare, {size}"))
                await pilot.press("escape")
                await pilot.pause()
                await _press(pilot, "r", timed(f"open review, {size}"), review=True)
                assert isinstance(app.screen, ReviewScreen)
                for _ in range(keys):
                    await _press(pilot, "a", timed(f"a (approve), {size}"))
                await pilot.press("escape")
                await pilot.pause()
            app.state.close()
            # The next run reviews from the start again.
            (work / "data" / "review.sqlite3").unlink(missing_ok=True)
    rows = []
    for measure in ("open compare", "j in compare", "open review", "a (approve)"):
        short, long = series[f"{measure}, short"], series[f"{measure}, long"]
        rows.append(
            (
                f"{measure}",
                f"{long.median * 1000:.0f} ms",
                f"{short.median * 1000:.0f} ms short",
                f"{long_paragraphs} vs 9 paragraphs: {long.median / short.median:.1f}×, "
                f"median of {len(long.seconds)}",
            )
        )
    return Result("work views" + (" (quick)" if quick else ""), rows)


async def _press(pilot, key: str, series: Series, review: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Press ``key`` and time it until the app has handled it and drawn the next frame; with
    ``review``, until the review screen shows the segments a worker prepares for it, every one
    checked for warnings, and the app is idle again."""
    from reader.ui.review.review_screen import ReviewScreen

    start = time.perf_counter()
    await pilot.press(key)
    while review:
        screen = pilot.app.screen
        if isinstance(screen, ReviewScreen) and screen.shown and not screen.checking:
            break
        await pilot.pause(0.005)
    await pilot.pause()
    series.seconds.append(time.perf_counter() - start)


async def _settled(pilot) -> None:  # type: ignore[no-untyped-def]
    """The library loaded and the open article translated (so compare and review have it)."""
    from reader.ui.library.main_screen import MainScreen

    app = pilot.app
    await app.workers.wait_for_complete()
    main = app.screen
    assert isinstance(main, MainScreen)
    for _ in range(6000):
        article = main.current_article
        translation = main.translations.get(article.id) if article else None
        if translation is not None and translation.complete:
            break
        await pilot.pause(0.05)
    await app.workers.wait_for_complete()
    await pilot.pause(0.1)
