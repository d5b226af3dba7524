"""The installed `reader` command in a real terminal (tmux), read back as a person sees it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import SEEDS

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


class Terminal:
    def __init__(self, width: int, height: int, command: list[str], env: dict[str, str]) -> None:
        self.name = f"reader-test-{uuid.uuid4().hex[:8]}"
        self.env = env
        exports = " ".join(f"{key}={value!s}" for key, value in env.items())
        shell_command = f"env {exports} {' '.join(command)}"
        subprocess.run(
            [
                "tmux",
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(width),
                "-y",
                str(height),
                shell_command,
            ],
            check=True,
        )

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name],
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; screen was:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def alive(self) -> bool:
        return (
            subprocess.run(["tmux", "has-session", "-t", self.name], capture_output=True).returncode
            == 0
        )

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def terminal(isolated_home: Path):
    opened: list[Terminal] = []
    reader = Path(sys.executable).with_name("reader")
    env = {key: os.environ[key] for key in os.environ if key.startswith("READER_")}
    env["TERM"] = "xterm-256color"

    def open_terminal(width: int, height: int, *args: str) -> Terminal:
        term = Terminal(width, height, [str(reader), *args], env)
        opened.append(term)
        return term

    yield open_terminal
    for term in opened:
        term.close()


@pytest.mark.parametrize(("width", "height"), [(120, 40), (80, 24)])
def test_reader_seeds_in_a_real_terminal(terminal, width: int, height: int) -> None:
    term = terminal(width, height, str(SEEDS))
    screen = term.wait_for("5 articles  ·  sorted")  # languages detected, versions found
    # The optional columns give way to the title when the list pane is narrow (three panes).
    header = r"Lang +Title" if width >= 120 else r"Lang +Words +EN +V +Rev +Title"
    assert re.search(header, screen)
    assert "Setelah menggugat OpenAI bulan ini" in screen
    term.keys("j", "j")
    term.wait_for("Après avoir poursuivi Openai")
    term.keys("/")
    term.keys(*"agarwal")
    term.wait_for("1 shown")
    term.keys("Escape")
    term.wait_for("5 articles  ·  sorted")
    term.keys("?")  # a lone key: right after Escape, tmux would send it as Alt+?
    term.wait_for("app.help")
    term.keys("Escape")
    time.sleep(0.3)
    term.keys("q")
    deadline = time.monotonic() + 10
    while term.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not term.alive(), "q did not quit"
