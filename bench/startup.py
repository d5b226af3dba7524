"""Time to first frame in a real terminal: `reader seeds/` against a bare Textual app.

Both run in tmux at 120x40; the clock runs from starting the tmux session until `capture-pane`
shows the first article title (reader) or the first list item (the bare app: a ListView of five
items and a Static, the least a Textual list app costs), and for reader also until the last of
the five seed titles is drawn (the whole first screen); and the seeds again with a saved web
page listed first, seen for the first time (an empty cache), until the page's title is drawn
(trafilatura reads it, in the worker). Runs alternate between the subjects.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.harness import Result
from bench.terminal import BARE_APP, BARE_MARKER, terminal, tmux_server

REPO = Path(__file__).resolve().parent.parent


def first_frame(command: list[str], marker: str, env: dict[str, str]) -> float:
    with terminal(command, env) as session:
        return session.wait_for(marker, timeout=30)


def reader_env(work: Path) -> dict[str, str]:
    return {
        "TERM": "xterm-256color",
        "READER_DATA_DIR": str(work / "data"),
        "READER_CACHE_DIR": str(work / "cache"),
        "READER_CONFIG_DIR": str(work / "config"),
    }


def bare_app(work: Path) -> list[str]:
    script = work / "bare.py"
    script.write_text(BARE_APP)
    return [sys.executable, str(script)]


def reader_command(*paths: Path) -> list[str]:
    return [str(Path(sys.executable).with_name("reader")), *map(str, paths)]


def run(quick: bool = False) -> Result:
    if shutil.which("tmux") is None:
        return Result("startup", [("tmux", "missing", "", "not measured")])
    work = Path(tempfile.mkdtemp(prefix="reader-bench-startup-"))
    env = reader_env(work)
    bare = bare_app(work)
    reader = reader_command(REPO / "seeds")
    with_page = _seeds_after_a_page(work / "with page")
    subjects = {
        "bare Textual app": lambda: first_frame(bare, BARE_MARKER, env),
        "reader seeds/": lambda: first_frame(reader, "Setelah menggugat", env),
        "reader seeds/, all five titles": lambda: first_frame(reader, "Warum Elon Musk", env),
        # A new cache each time: the page is read (and trafilatura imported) as on first sight.
        "a web page first, its title": lambda: first_frame(
            with_page, PAGE_TITLE, {**env, "READER_CACHE_DIR": tempfile.mkdtemp(dir=work)}
        ),
    }
    with tmux_server():
        return _measure(subjects, quick)


PAGE_TITLE = "Council approves the library budget"


def _seeds_after_a_page(folder: Path) -> list[str]:
    """A folder of the seeds with a saved news page (menus, teasers, footer) sorted first."""
    shutil.copytree(REPO / "seeds", folder)
    paragraph = (
        "<p>The council approved the budget on Tuesday after a debate that lasted well past "
        "midnight, and the library service keeps its opening hours for another year.</p>"
    )
    menu = "".join(f'<li><a href="/{n}">Section {n}</a></li>' for n in range(30))
    teasers = "".join(
        f'<article><h2><a href="/t{n}">Story {n}</a></h2></article>' for n in range(20)
    )
    (folder / "000 saved page.html").write_text(
        f"<!doctype html><html><head><title>{PAGE_TITLE} | Daily Site</title></head><body>"
        f"<header><nav><ul>{menu}</ul></nav></header><main><article><h1>{PAGE_TITLE}</h1>"
        f"{paragraph * 12}</article><aside>{teasers}</aside></main>"
        "<footer><p>Copyright Daily Site</p></footer></body></html>",
        encoding="utf-8",
    )
    return reader_command(folder)


def _measure(subjects: dict[str, Callable[[], float]], quick: bool) -> Result:
    for subject in subjects.values():  # warm-up: file system caches, bytecode
        subject()
    runs = 1 if quick else 15
    frames: dict[str, list[float]] = {name: [] for name in subjects}
    for _ in range(runs):  # interleaved, so both see the same machine load
        for name, subject in subjects.items():
            frames[name].append(subject())
    bare_median = statistics.median(frames["bare Textual app"])
    rows = [
        (
            name,
            f"{statistics.median(values):.3f} s",
            f"{min(values):.3f}–{max(values):.3f}",
            f"median of {runs}",
        )
        for name, values in frames.items()
    ]
    for subject, what in (
        ("reader seeds/", "first title"),
        ("reader seeds/, all five titles", "all titles"),
        ("a web page first, its title", "a web page's title"),
    ):
        ratio = statistics.median(frames[subject]) / bare_median
        rows.append((f"ratio, {what}", f"{ratio:.2f}×", "", "reader / bare (target ≤ 1.2×)"))
    return Result("startup: time to first frame" + (" (quick)" if quick else ""), rows)
