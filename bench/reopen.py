"""Re-opening a translated article: from the key press to its translation on screen, in tmux.

The seeds' German article (004) is translated by a de→en model the benchmark builds (the tests'
word model: tiny, so the first open is mostly loading the model and starting a worker). Each run
starts reader with an empty cache and opens 004 (the first translation), then starts it again
with that cache and opens 004 (the re-open: the translation comes from the cache, no model is
loaded). The baseline, in the same runs: the key press to the article's own text on screen,
which is all the re-open may cost beyond it (target ≤ 50 ms).
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench.harness import Result
from bench.startup import REPO, reader_command, reader_env
from bench.terminal import Terminal, terminal, tmux_server

# Wide enough for the translation pane beside the reading pane (from 160 columns).
PANES = (160, 40)
TRANSLATED = "After Elon Musk this month"  # the word model's English for 004's first sentence
OPENED = r"de · \d+ words"  # the reading pane's line under 004's title
READY = r"5 articles  ·"  # languages detected and versions found
# The first article (Indonesian) has been tried and found to have no model: the app is idle.
IDLE = r"No id→en model"


def open_german(session: Terminal, marker: str) -> float:
    # Pressed once the app is idle: a key pressed while the first article's paragraphs are being
    # language-detected (a worker, 0.3 s after it opens) waits for that worker's GIL time, which
    # made both the baseline and the re-open bimodal (about 30 or 110 ms).
    session.wait_for(READY, timeout=60)
    session.wait_for(IDLE, timeout=60)
    time.sleep(0.5)  # what follows on screen (storing what was learnt) is done too
    sent = session.keys("G")
    return session.wait_for(marker, timeout=60) - sent


def run(quick: bool = False) -> Result:
    if shutil.which("tmux") is None:
        return Result("re-open", [("tmux", "missing", "", "not measured")])
    from reader.core.translation.install import install_model
    from tests.conftest import GERMAN_TO_ENGLISH, GERMAN_WORDS
    from tests.support.argos_packages import build_word_model

    runs = 1 if quick else 15
    work = Path(tempfile.mkdtemp(prefix="reader-bench-reopen-"))
    try:
        packages = work / "packages"
        model = build_word_model(work / "model", "de", "en", GERMAN_TO_ENGLISH, (GERMAN_WORDS,))
        install_model(model, packages)
        reader = reader_command(REPO / "seeds")
        times: dict[str, list[float]] = {"first": [], "reopen": [], "plain": []}
        with tmux_server():
            for run in range(runs):

                def env(session: str, run: int = run) -> dict[str, str]:
                    values = reader_env(work / f"run-{run}")
                    values["READER_DATA_DIR"] = str(work / f"run-{run}" / f"data-{session}")
                    # The word model's hand-set weights need float32 (see tests/support).
                    values.update(ARGOS_PACKAGES_DIR=str(packages), ARGOS_COMPUTE_TYPE="float32")
                    return values

                with terminal(reader, env("first"), size=PANES) as session:
                    times["first"].append(open_german(session, TRANSLATED))
                with terminal(reader, env("plain"), size=PANES) as session:
                    times["plain"].append(open_german(session, OPENED))
                with terminal(reader, env("reopen"), size=PANES) as session:
                    times["reopen"].append(open_german(session, TRANSLATED))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def row(name: str, key: str, note: str) -> tuple[str, str, str, str]:
        values = [v * 1000 for v in times[key]]
        spread = f"{min(values):.0f}–{max(values):.0f} ms"
        return (name, f"{statistics.median(values):.0f} ms", spread, note)

    return Result(
        "re-open a translated article" + (" (quick)" if quick else ""),
        [
            row("first open: translation on screen", "first", "model loaded, then translated"),
            row("open: the article's text on screen", "plain", "baseline"),
            row("re-open: translation on screen", "reopen", "from the cache (target ≤ 50 ms)"),
        ],
    )
