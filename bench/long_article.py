"""A 5,000-paragraph article in a real terminal: opening it, and 100 PageDown keys in one burst.

Baseline, in the same run: the same text in a Textual ``Static`` inside a ``VerticalScroll``, the
obvious way to show a long text. Both run in tmux at 160x40 (where reader shows its translation
pane). A burst of 100 PageDown keys (sent in one ``send-keys``) must land where 100 keys sent one
at a time, each after the screen moved, land; the page is read off the screen by the paragraph
numbers (¶ 00042) at the top.
"""

from __future__ import annotations

import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import Result
from bench.startup import REPO, reader_command, reader_env
from bench.terminal import Terminal, terminal, tmux_server

STATIC_APP = """
import sys
from pathlib import Path
from textual.app import App
from textual.containers import VerticalScroll
from textual.widgets import Static

class LongText(App):
    def compose(self):
        with VerticalScroll() as scroll:
            yield Static(Path(sys.argv[1]).read_text(encoding="utf-8"), markup=False)
        scroll.focus()

LongText().run()
"""
PARAGRAPH = re.compile(r"¶ (\d{5})")
PAGES = 100


def generate(path: Path, paragraphs: int) -> None:
    words = re.findall(r"[^\W\d_]{2,}", next((REPO / "seeds").glob("000_*")).read_text("utf-8"))
    rng = random.Random(5)
    body = [
        f"¶ {n:05d} " + " ".join(rng.choice(words) for _ in range(rng.randint(8, 30)))
        for n in range(1, paragraphs + 1)
    ]
    path.write_text("A very long article\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")


def top_paragraph(session: Terminal) -> int:
    numbers = [int(n) for n in PARAGRAPH.findall(session.screen())]
    return min(numbers) if numbers else 0


def settled(session: Terminal, timeout: float = 60) -> int:
    """The top paragraph once the screen has stopped changing."""
    previous = session.screen()
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        time.sleep(0.3)
        current = session.screen()
        if current == previous:
            break
        previous = current
    return top_paragraph(session)


def page_down(session: Terminal, burst: bool) -> int:
    if burst:
        session.keys(*["PageDown"] * PAGES)
        return settled(session)
    for _ in range(PAGES):
        before = session.screen()
        session.keys("PageDown")
        deadline = time.perf_counter() + 2
        while session.screen() == before:
            if time.perf_counter() > deadline:  # the end of the text: nothing more to page
                return settled(session)
            time.sleep(0.005)
    return settled(session)


def run(quick: bool = False) -> Result:
    if shutil.which("tmux") is None:
        return Result("long article", [("tmux", "missing", "", "not measured")])
    # Quick mode keeps enough text for 100 pages, so that paging never stops at the end.
    paragraphs = 2000 if quick else 5000
    runs = 1 if quick else 3
    work = Path(tempfile.mkdtemp(prefix="reader-bench-long-"))
    try:
        article = work / "long.txt"
        generate(article, paragraphs)
        static_app = work / "static_app.py"
        static_app.write_text(STATIC_APP)
        # Each: the command, the keys that focus the text, and what shows it is ready (reader:
        # its translation pane has gone through every paragraph, so the screen stays still).
        subjects = {
            # Done: every paragraph translated, or (no model here) none could be.
            "reader": (
                reader_command(article),
                ["Enter"],
                r"(\d+)/\1 paragraphs|nothing translated",
            ),
            "Static in VerticalScroll": (
                [sys.executable, str(static_app), str(article)],
                [],
                r"¶ 00001",
            ),
        }
        with tmux_server():
            return _measure(subjects, reader_env(work), paragraphs, runs, quick)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _measure(
    subjects: dict[str, tuple[list[str], list[str], str]],
    env: dict[str, str],
    paragraphs: int,
    runs: int,
    quick: bool,
) -> Result:
    opened: dict[str, list[float]] = {name: [] for name in subjects}
    landed: dict[str, dict[str, int]] = {name: {} for name in subjects}
    for run in range(runs + 1):  # the first round warms caches and is not counted
        for name, (command, focus, ready) in subjects.items():
            with terminal(command, env, size=(160, 40)) as session:
                seconds = session.wait_for(r"¶ 00001", timeout=120)
                if run:
                    opened[name].append(seconds)
                if run == runs:  # the last round also pages
                    session.wait_for(ready, timeout=300)
                    for burst in (True, False):
                        session.keys(*focus)
                        session.keys("Home")
                        settled(session)
                        landed[name]["burst" if burst else "one by one"] = page_down(session, burst)
    rows = []
    for name in subjects:
        values = opened[name]
        rows.append(
            (
                f"{name}: open",
                f"{statistics.median(values):.3f} s",
                f"{min(values):.3f}–{max(values):.3f}",
                f"{paragraphs} paragraphs, first on screen (target ≤ 1 s)",
            )
        )
    for name in subjects:
        burst_top, steady_top = landed[name]["burst"], landed[name]["one by one"]
        verdict = (
            "exact" if burst_top == steady_top else f"{steady_top - burst_top} paragraphs short"
        )
        rows.append(
            (
                f"{name}: {PAGES} PageDown",
                f"¶ {burst_top}",
                f"one by one: ¶ {steady_top}",
                f"burst {verdict}",
            )
        )
    return Result(f"long article: {paragraphs} paragraphs" + (" (quick)" if quick else ""), rows)
