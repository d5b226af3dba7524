"""Time to first frame in a real terminal: `reader seeds/` against a bare Textual app.

Both run in tmux at 120x40; the clock runs from starting the tmux session until `capture-pane`
shows the first article title (reader) or the first list item (the bare app: a ListView of five
items and a Static, the least a Textual list app costs). Runs alternate between the two.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from bench.harness import Result

REPO = Path(__file__).resolve().parent.parent
BARE_APP = """
from textual.app import App
from textual.widgets import ListItem, ListView, Label, Static

class Bare(App):
    def compose(self):
        yield ListView(*[ListItem(Label(f"Bare item {n}")) for n in range(5)])
        yield Static("text")

Bare().run()
"""


def _first_frame(command: list[str], marker: str, env: dict[str, str]) -> float:
    name = f"bench-{uuid.uuid4().hex[:8]}"
    started = time.perf_counter()
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            "120",
            "-y",
            "40",
            *[f"-e{k}={v}" for k, v in env.items()],
            " ".join(command),
        ],
        check=True,
    )
    try:
        deadline = started + 30
        while time.perf_counter() < deadline:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", name], capture_output=True, text=True
            ).stdout
            if marker in screen:
                return time.perf_counter() - started
            time.sleep(0.005)
        raise RuntimeError(f"{marker!r} never appeared")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def run(quick: bool = False) -> Result:
    if shutil.which("tmux") is None:
        return Result("startup", [("tmux", "missing", "", "not measured")])
    work = Path(tempfile.mkdtemp(prefix="reader-bench-startup-"))
    bare = work / "bare.py"
    bare.write_text(BARE_APP)
    env = {
        "TERM": "xterm-256color",
        "READER_DATA_DIR": str(work / "data"),
        "READER_CACHE_DIR": str(work / "cache"),
        "READER_CONFIG_DIR": str(work / "config"),
    }
    reader = [str(Path(sys.executable).with_name("reader")), str(REPO / "seeds")]
    subjects = {
        "bare Textual app": lambda: _first_frame([sys.executable, str(bare)], "Bare item 4", env),
        "reader seeds/": lambda: _first_frame(reader, "Setelah menggugat", env),
    }
    # A session that lives through the whole run keeps the tmux server up between runs (a
    # server that exits as the last session closes races the next run's start).
    anchor = f"bench-anchor-{uuid.uuid4().hex[:8]}"
    subprocess.run(["tmux", "new-session", "-d", "-s", anchor, "sleep 3600"], check=True)
    try:
        return _measure(subjects, quick)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", anchor], capture_output=True)


def _measure(subjects: dict[str, Callable[[], float]], quick: bool) -> Result:
    for subject in subjects.values():  # warm-up: file system caches, bytecode
        subject()
    runs = 1 if quick else 15
    frames: dict[str, list[float]] = {name: [] for name in subjects}
    for _ in range(runs):  # interleaved, so both see the same machine load
        for name, subject in subjects.items():
            frames[name].append(subject())
    bare_median = statistics.median(frames["bare Textual app"])
    reader_median = statistics.median(frames["reader seeds/"])
    rows = [
        (
            name,
            f"{statistics.median(values):.3f} s",
            f"{min(values):.3f}–{max(values):.3f}",
            f"median of {runs}",
        )
        for name, values in frames.items()
    ]
    rows.append(
        ("ratio", f"{reader_median / bare_median:.2f}×", "", "reader / bare (target ≤ 1.2×)")
    )
    return Result("startup: time to first frame" + (" (quick)" if quick else ""), rows)
