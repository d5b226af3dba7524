"""Running a program in a real terminal (tmux) and timing what appears on its screen."""

from __future__ import annotations

import re
import shlex
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BARE_APP = """
from textual.app import App
from textual.widgets import ListItem, ListView, Label, Static

class Bare(App):
    def compose(self):
        yield ListView(*[ListItem(Label(f"Bare item {n}")) for n in range(5)])
        yield Static("text")

Bare().run()
"""
BARE_MARKER = "Bare item 4"
POLL_SECONDS = 0.005


class Terminal:
    """One tmux session running ``command``; times count from the session's start."""

    def __init__(self, command: list[str], env: dict[str, str], size: tuple[int, int]) -> None:
        self.name = f"bench-{uuid.uuid4().hex[:8]}"
        size_x, size_y = size
        subprocess.run(
            [
                "tmux",
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(size_x),
                "-y",
                str(size_y),
                *[f"-e{key}={value}" for key, value in env.items()],
                "sleep 600",
            ],
            check=True,
        )
        size = subprocess.run(
            ["tmux", "display-message", "-p", "-t", self.name, "#{window_width}x#{window_height}"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        if size != f"{size_x}x{size_y}":  # a fresh server can start a window at its default
            subprocess.run(
                ["tmux", "resize-window", "-t", self.name, "-x", str(size_x), "-y", str(size_y)],
                check=True,
            )
        # The program starts (and the clock runs) once the window has its size: a window resized
        # while the program starts was seen to leave a Textual app drawing at 80x24.
        self.started = time.perf_counter()
        subprocess.run(
            # COLUMNS/LINES from a tmux server's environment would override the real size.
            [
                "tmux",
                "respawn-pane",
                "-k",
                "-t",
                self.name,
                shlex.join(["env", "-u", "COLUMNS", "-u", "LINES", *command]),
            ],
            check=True,
        )

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        ).stdout

    def wait_for(self, pattern: str, timeout: float = 60) -> float:
        """Seconds from the start until ``pattern`` (a regular expression) is on screen."""
        compiled = re.compile(pattern)
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if compiled.search(self.screen()):
                return time.perf_counter() - self.started
            time.sleep(POLL_SECONDS)
        raise RuntimeError(f"{pattern!r} never appeared; the screen was:\n{self.screen()}")

    def keys(self, *keys: str) -> float:
        """Send keys; returns the time they were sent (seconds from the start)."""
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)
        return time.perf_counter() - self.started

    def peak_memory_mb(self) -> float:
        """The peak resident memory (VmHWM) of the program in the pane."""
        pid = subprocess.run(
            ["tmux", "display-message", "-p", "-t", self.name, "#{pane_pid}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        # The pane runs the command through a shell, which may or may not exec it.
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        status = Path(f"/proc/{children[0] if children else pid}/status").read_text()
        peak = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
        return int(peak.split()[1]) / 1024

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@contextmanager
def terminal(
    command: list[str], env: dict[str, str], size: tuple[int, int] = (120, 40)
) -> Iterator[Terminal]:
    session = Terminal(command, env, size)
    try:
        yield session
    finally:
        session.close()


@contextmanager
def tmux_server() -> Iterator[None]:
    """Keep one tmux session alive for the whole run: a server that exits as its last session
    closes races the next run's start."""
    anchor = f"bench-anchor-{uuid.uuid4().hex[:8]}"
    subprocess.run(["tmux", "new-session", "-d", "-s", anchor, "sleep 3600"], check=True)
    try:
        yield
    finally:
        subprocess.run(["tmux", "kill-session", "-t", anchor], capture_output=True)
