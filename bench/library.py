"""A big library in a real terminal: 10,000 generated articles (~3 KB each, three languages).

Measured in tmux at 120x40, alternating with the bare Textual app (the baseline for the first
frame) and with plain Python reading every file (the baseline for the full list):

- first frame: the first article's title on screen, with an empty library cache;
- full list: the status line counts every article (titles listed, languages still pending);
- second start: every article listed with its language, from the library cache;
- peak memory of reader once the second start has finished (versions included);
- the list at 10,000 rows: the last row after End, and the list re-sorted by title, from the
  key press to the screen;
- the first search, a second after the library has loaded: from the first letter typed after
  ``/`` to the status line showing the search.
"""

from __future__ import annotations

import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.harness import Result
from bench.startup import REPO, bare_app, reader_command, reader_env
from bench.terminal import BARE_MARKER, Terminal, terminal, tmux_server

READ_FILES = """
import os, sys
for root, _, names in os.walk(sys.argv[1]):
    for name in names:
        with open(os.path.join(root, name), "rb") as handle:
            handle.read()
"""


def generate(
    folder: Path,
    count: int,
    seed: int = 11,
    size: int = 3000,
    languages_of: Sequence[Path] = (),
) -> list[str]:
    """``count`` articles of about ``size`` bytes made of the seed articles' own words (of
    ``languages_of``, or of every seed: Indonesian, French, German), each with a headline;
    returns their titles in file order."""
    rng = random.Random(seed)
    vocabularies = [
        re.findall(r"[^\W\d_]{2,}", path.read_text(encoding="utf-8"))
        for path in (languages_of or sorted((REPO / "seeds").iterdir()))
    ]
    folder.mkdir(parents=True, exist_ok=True)
    titles = []
    for number in range(count):
        words = vocabularies[number % len(vocabularies)]
        title = " ".join(rng.choice(words) for _ in range(7)).capitalize()
        body: list[str] = []
        while sum(map(len, body)) < size:
            sentence = " ".join(rng.choice(words) for _ in range(rng.randint(20, 40)))
            body.append(sentence.capitalize() + ".")
        text = title + "\n\n" + "\n\n".join(body) + "\n"
        (folder / f"{number:05d}.txt").write_text(text, encoding="utf-8")
        titles.append(title)
    return titles


def run(quick: bool = False) -> Result:
    if shutil.which("tmux") is None:
        return Result("library", [("tmux", "missing", "", "not measured")])
    count = 200 if quick else 10_000
    runs = 1 if quick else 5
    work = Path(tempfile.mkdtemp(prefix="reader-bench-library-"))
    try:
        titles = generate(work / "articles", count)
        with tmux_server():
            return _measure(work, titles, count, runs, quick)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _measure(work: Path, titles: list[str], count: int, runs: int, quick: bool) -> Result:
    library = work / "articles"
    bare = bare_app(work)
    reader = reader_command(library)
    listed = rf"\b{count} articles"
    with_languages = rf"\b{count} articles(  ·|, finding versions)"
    first_title = re.escape(titles[0][:20])

    def read_files() -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", READ_FILES, str(library)], check=True)
        return time.perf_counter() - started

    def cold_start(run: int) -> tuple[float, float]:
        env = reader_env(work / f"cold-{run}")  # an empty library cache every time
        with terminal(reader, env) as session:
            return session.wait_for(first_title), session.wait_for(listed, timeout=120)

    warm_env = reader_env(work / "warm")
    with terminal(reader, warm_env) as session:  # fills the library cache once
        detection_seconds = session.wait_for(with_languages, timeout=900)

    series: dict[str, list[float]] = {
        "bare": [],
        "read": [],
        "first": [],
        "listed": [],
        "warm_first": [],
        "warm": [],
    }
    with terminal(bare, warm_env) as session:  # warm-up
        session.wait_for(BARE_MARKER)
    for run in range(runs):  # interleaved, so all see the same machine load
        with terminal(bare, warm_env) as session:
            series["bare"].append(session.wait_for(BARE_MARKER))
        series["read"].append(read_files())
        first, full = cold_start(run)
        series["first"].append(first)
        series["listed"].append(full)
        with terminal(reader, warm_env) as session:
            series["warm_first"].append(session.wait_for(first_title))
            series["warm"].append(session.wait_for(with_languages, timeout=120))

    with terminal(reader, warm_env) as session:
        session.wait_for(with_languages, timeout=120)
        session.wait_for(rf"\b{count} articles  ·", timeout=300)  # versions found: all loaded
        peak_mb = session.memory_mb()
        end_seconds = _key_to_screen(session, "End", re.escape(titles[-1][:20]))
        sort_seconds = _key_to_screen(session, "s", "sorted by title")
        time.sleep(1)
        session.keys("/")
        time.sleep(0.3)
        search_seconds = _key_to_screen(session, "z", "search: 'z'")

    def row(name: str, key: str, note: str) -> tuple[str, str, str, str]:
        values = series[key]
        return (name, f"{statistics.median(values):.3f} s", _spread(values), note)

    bare_median = statistics.median(series["bare"])
    read = statistics.median(series["read"])
    rows = [
        row("bare Textual app, first frame", "bare", f"median of {runs}"),
        row("reader, first frame (empty cache)", "first", "first article's title on screen"),
        (
            "first-frame ratio",
            f"{statistics.median(series['first']) / bare_median:.2f}×",
            "",
            "reader / bare (target ≤ 1.3×)",
        ),
        row("Python reading every file", "read", "baseline for the full list"),
        row("reader, full list (empty cache)", "listed", f"all {count} titles listed"),
        (
            "full-list ratio",
            f"{statistics.median(series['listed']) / read:.1f}×",
            "",
            "reader / reading the files",
        ),
        row("reader, second start, first frame", "warm_first", "library cache filled"),
        row("reader, second start, all languages", "warm", "target ≤ 1 s"),
        ("language detection, first start", f"{detection_seconds:.1f} s", "", "one run"),
        ("peak memory (VmHWM), all loaded", f"{peak_mb:.0f} MB", "", "target ≤ 300 MB"),
        ("End: last row on screen", f"{end_seconds * 1000:.0f} ms", "", "key to screen"),
        ("s: re-sorted by title on screen", f"{sort_seconds * 1000:.0f} ms", "", "key to screen"),
        ("first search: a letter after /", f"{search_seconds * 1000:.0f} ms", "", "key to screen"),
    ]
    return Result(f"library: {count} articles" + (" (quick)" if quick else ""), rows)


def _key_to_screen(session: Terminal, key: str, pattern: str) -> float:
    sent = session.keys(key)
    return session.wait_for(pattern, timeout=30) - sent


def _spread(values: list[float]) -> str:
    return f"{min(values):.3f}–{max(values):.3f}"
