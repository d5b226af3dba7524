"""Running a program in a real terminal (tmux) and timing what appears on its screen.

The screen is polled every few milliseconds. Each poll goes to tmux through one control-mode
client (``tmux -C``) kept open for the whole run: starting a ``tmux capture-pane`` process per
poll kept most of one of this machine's two cores busy forking, slowing down the very program
being timed (a 10,000-file scan took 0.96 s instead of 0.62 s beside such a poller).
"""

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


class _ControlClient:
    """tmux commands over one pipe to a control-mode client (``tmux -C attach``)."""

    def __init__(self, session: str) -> None:
        self._process = subprocess.Popen(
            _argv("-C", "attach", "-t", session),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
        )

    def run(self, *args: str) -> str:
        """The output of one tmux command; raises ``RuntimeError`` when tmux reports an error."""
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(shlex.join(args) + "\n")
        self._process.stdin.flush()
        lines: list[str] = []
        inside = False
        for line in self._process.stdout:
            # A reply is "%begin TIME NUMBER FLAGS" ... "%end" (or "%error"); FLAGS 1 marks the
            # replies to this client's commands. Anything else is a notification.
            fields = line.split()
            own = len(fields) == 4 and fields[3] == "1"
            if line.startswith("%begin") and own:
                inside = True
            elif inside and line.startswith(("%end", "%error")) and own:
                if line.startswith("%error"):
                    raise RuntimeError(f"tmux {args[0]}: {''.join(lines).strip()}")
                return "".join(lines)
            elif inside:
                lines.append(line)
        raise RuntimeError("the tmux control client ended")

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=10)


# While ``tmux_server()`` runs: its server's socket name, and the control client attached to it.
_socket: str | None = None
_control: _ControlClient | None = None


def _argv(*args: str) -> list[str]:
    """A tmux command line for the current server."""
    return ["tmux", *(["-L", _socket] if _socket else []), *args]


def _tmux(*args: str) -> str:
    """Run a tmux command, through the control client when there is one."""
    if _control is not None:
        return _control.run(*args)
    return subprocess.run(_argv(*args), capture_output=True, text=True, check=True).stdout


class Terminal:
    """One tmux session running ``command``; times count from the session's start."""

    def __init__(self, command: list[str], env: dict[str, str], size: tuple[int, int]) -> None:
        self.name = f"bench-{uuid.uuid4().hex[:8]}"
        size_x, size_y = size
        _tmux(
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
        )
        size = _tmux(
            "display-message", "-p", "-t", self.name, "#{window_width}x#{window_height}"
        ).strip()
        if size != f"{size_x}x{size_y}":  # a fresh server can start a window at its default
            _tmux("resize-window", "-t", self.name, "-x", str(size_x), "-y", str(size_y))
        # The program starts (and the clock runs) once the window has its size: a window resized
        # while the program starts was seen to leave a Textual app drawing at 80x24.
        self.started = time.perf_counter()
        subprocess.run(
            # COLUMNS/LINES from a tmux server's environment would override the real size.
            _argv(
                "respawn-pane",
                "-k",
                "-t",
                self.name,
                shlex.join(["env", "-u", "COLUMNS", "-u", "LINES", *command]),
            ),
            check=True,
        )

    def screen(self) -> str:
        return _tmux("capture-pane", "-p", "-t", self.name)

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
        _tmux("send-keys", "-t", self.name, *keys)
        return time.perf_counter() - self.started

    def memory_mb(self, measure: str = "VmHWM") -> float:
        """The program's resident memory now (``VmRSS``) or at its peak (``VmHWM``)."""
        pid = subprocess.run(
            _argv("display-message", "-p", "-t", self.name, "#{pane_pid}"),
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        # The pane runs the command through a shell, which may or may not exec it.
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        status = Path(f"/proc/{children[0] if children else pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith(f"{measure}:"))
        return int(line.split()[1]) / 1024

    def close(self) -> None:
        subprocess.run(_argv("kill-session", "-t", self.name), capture_output=True)


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
    """A tmux server of this run's own (its own socket: no race with another server starting or
    exiting), kept alive by one session for the whole run, with the control client attached."""
    global _socket, _control
    _socket = f"reader-bench-{uuid.uuid4().hex[:8]}"
    subprocess.run(_argv("new-session", "-d", "-s", "anchor", "sleep 3600"), check=True)
    _control = _ControlClient("anchor")
    try:
        yield
    finally:
        _control.close()
        _control = None
        subprocess.run(_argv("kill-server"), capture_output=True)
        _socket = None
