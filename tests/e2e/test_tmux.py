"""The installed `reader` command in a real terminal (tmux), read back as a person sees it."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.cli.test_translation_commands import NO_NETWORK
from tests.conftest import REPO, SEEDS

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


class Terminal:
    def __init__(self, width: int, height: int, command: list[str], env: dict[str, str]) -> None:
        self.name = f"reader-test-{uuid.uuid4().hex[:8]}"
        # A tmux server of its own (a private socket): nothing of the developer's tmux is seen
        # or touched, and closing kills exactly this server.
        self.tmux = ["tmux", "-L", self.name]
        self.env = env
        exports = " ".join(f"{key}={value!s}" for key, value in env.items())
        # COLUMNS/LINES, when a tmux server started under pytest hands them down (80 and 24 were
        # seen), take precedence over the terminal's real size in shutil.get_terminal_size.
        shell_command = f"env -u COLUMNS -u LINES {exports} {' '.join(command)}"
        subprocess.run(
            [
                *self.tmux,
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(width),
                "-y",
                str(height),
                "sleep 600",
            ],
            check=True,
        )
        # The program starts only once the window has its size: a window that tmux resized
        # while the program was starting was seen to leave the app drawing at 80x24.
        self.ensure_size(width, height)
        subprocess.run(
            [*self.tmux, "respawn-pane", "-k", "-t", self.name, shell_command], check=True
        )

    def ensure_size(self, width: int, height: int) -> None:
        """Make the window the size asked for (a fresh tmux server may start it at 80x24)."""
        size = subprocess.run(
            [
                *self.tmux,
                "display-message",
                "-p",
                "-t",
                self.name,
                "#{window_width}x#{window_height}",
            ],
            capture_output=True,
            text=True,
        ).stdout.strip()
        if size != f"{width}x{height}":
            subprocess.run(
                [*self.tmux, "resize-window", "-t", self.name, "-x", str(width), "-y", str(height)],
                check=True,
            )

    def screen(self) -> str:
        return subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name],
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
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, *keys], check=True)

    def alive(self) -> bool:
        return (
            subprocess.run(
                [*self.tmux, "has-session", "-t", self.name], capture_output=True
            ).returncode
            == 0
        )

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


@pytest.fixture
def terminal(isolated_home: Path):
    opened: list[Terminal] = []
    reader = Path(sys.executable).with_name("reader")
    env = {key: os.environ[key] for key in os.environ if key.startswith(("READER_", "ARGOS_"))}
    env["TERM"] = "xterm-256color"

    def open_terminal(
        width: int, height: int, *args: str, command: list[str] | None = None, **extra: str
    ) -> Terminal:
        term = Terminal(width, height, [*(command or [str(reader)]), *args], {**env, **extra})
        opened.append(term)
        return term

    yield open_terminal
    for term in opened:
        term.close()


@pytest.mark.parametrize(("width", "height"), [(120, 40), (80, 24)])
def test_reader_seeds_in_a_real_terminal(terminal, width: int, height: int) -> None:
    term = terminal(width, height, str(SEEDS))
    screen = term.wait_for("5 articles  ·  sorted")  # languages detected, versions found
    # Two panes at 120 columns, stacked at 80: the list has room for every column either way.
    assert re.search(r"Lang +Words +EN +V +Rev +Title", screen)
    assert "Setelah menggugat OpenAI bulan ini" in screen
    term.keys("j", "j", "v")  # together, as a fast typist or a slow link sends them
    term.wait_for("fr  002_")  # the versions of the article the cursor moved to
    term.keys("Escape")
    term.wait_for("5 articles  ·  sorted")  # back on the main screen
    assert "Après avoir poursuivi Openai" in term.screen()
    time.sleep(0.3)  # a key right after Escape would reach the app as Alt+key
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


def quit_reader(term: Terminal) -> None:
    term.keys("q")
    deadline = time.monotonic() + 10
    while term.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not term.alive(), "q did not quit"


def test_ctrl_z_goes_back_to_the_shell_and_fg_to_the_same_screen(terminal) -> None:
    reader = Path(sys.executable).with_name("reader")
    term = terminal(120, 40, command=["bash", "--norc", "--noprofile", "-i"])
    term.keys(f"{reader} {SEEDS}", "Enter")
    term.wait_for("5 articles  ·  sorted")
    term.keys("j", "Enter")  # somewhere to come back to: the second article, in its pane
    term.wait_for("Elon Musk Bakal Buka Akses Grok")
    term.keys("C-z")
    screen = term.wait_for("Stopped")
    assert "5 articles" not in screen  # the shell's screen, not reader's
    term.keys("fg", "Enter")
    screen = term.wait_for("5 articles  ·  sorted")
    assert "Original · id" in screen and "001_" in screen  # the same article, drawn again
    term.keys("Q")
    deadline = time.monotonic() + 10
    while "sorted by" in term.screen() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "sorted by" not in term.screen(), "Q did not quit"  # the shell's screen again


@pytest.mark.parametrize(
    ("term_name", "no_color"),
    [("xterm-256color", ""), ("xterm", ""), ("screen", ""), ("linux", ""), ("xterm", "1")],
)
def test_terminals_over_ssh(terminal, term_name: str, no_color: str) -> None:
    extra = {"TERM": term_name} | ({"NO_COLOR": no_color} if no_color else {})
    term = terminal(100, 30, str(SEEDS), **extra)
    term.wait_for("5 articles  ·  sorted")
    term.keys("j")
    # Without colour the cursor is still a visible marker on the highlighted row.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        cursor_rows = [line for line in term.screen().splitlines() if "▸" in line]
        if len(cursor_rows) == 1 and "Elon Musk Bakal" in cursor_rows[0]:
            break
        time.sleep(0.1)
    else:
        raise AssertionError(f"the cursor marker did not move; screen was:\n{term.screen()}")
    term.keys("?")
    term.wait_for("app.help")
    term.keys("Escape")
    time.sleep(0.3)
    quit_reader(term)


def test_resizing_to_60x20_while_translating_and_back(terminal, german_model: Path) -> None:
    term = terminal(160, 40, str(SEEDS))  # with the translation pane
    term.wait_for("5 articles  ·  sorted")
    term.keys("G")  # the German article: translated by the test model
    term.wait_for("translating")
    for width, height in ((60, 20), (160, 40), (60, 20), (160, 40)):
        term.ensure_size(width, height)
        time.sleep(0.2)
    term.wait_for("After Elon Musk this month")
    assert term.alive()
    assert "Warum Elon Musk" in term.screen()  # still on the same article
    quit_reader(term)


def test_a_whole_session_offline_makes_no_network_attempt(
    terminal, german_model: Path, tmp_path: Path
) -> None:
    report = tmp_path / "stderr.txt"
    hook = tmp_path / "hook.py"
    # Textual draws on stderr, so the count goes to a file instead.
    counted = 'print(f"network attempts: {len(attempts)}", file=sys.stderr)'
    assert counted in NO_NETWORK
    hook.write_text(
        NO_NETWORK.replace(
            counted, counted.replace("file=sys.stderr", f"file=open({str(report)!r}, 'w')")
        )
    )
    isolate = ""
    if shutil.which("unshare") and subprocess.run(["unshare", "-rn", "true"]).returncode == 0:
        isolate = "unshare -rn"  # and no network to reach, should it try
    script = tmp_path / "offline.sh"
    script.write_text(f'cd "{REPO}"\nexec {isolate} "{sys.executable}" -c "$(cat "{hook}")" "$@"\n')
    term = terminal(160, 40, str(SEEDS), command=["sh", str(script)])
    term.wait_for("5 articles  ·  sorted")
    term.keys("G")
    term.wait_for("After Elon Musk this month")
    term.keys("c")  # compare view
    term.wait_for("Translation (en)")
    term.keys("Escape")
    time.sleep(0.3)
    quit_reader(term)
    assert "network attempts: 0" in report.read_text()


@pytest.mark.parametrize("signal_name", ["TERM", "HUP"])
def test_ended_from_outside_reader_keeps_review_work_and_the_terminal(
    terminal, german_model: Path, tmp_path: Path, signal_name: str
) -> None:
    """kill, or the SSH session closing, while an approval cannot be saved (the data folder
    cannot be written): the approval is written to a file, the terminal is usable again."""
    articles = tmp_path / f"articles-{signal_name}"
    articles.mkdir()
    shutil.copy(SEEDS / "004_8c04bdd1428490cf.txt", articles)
    blocker = tmp_path / "blocked"
    blocker.write_text("not a folder")
    reader = Path(sys.executable).with_name("reader")
    script = tmp_path / "session.sh"
    script.write_text(
        f'"{reader}" "{articles}"\necho "exit status $?"\n'
        "stty -a | tr ' ' '\\n' | grep -x -- '-\\?icanon'\nsleep 600\n"
    )
    term = terminal(120, 40, command=["sh", str(script)], READER_DATA_DIR=str(blocker / "data"))
    term.wait_for("1 article")
    deadline = time.monotonic() + 30
    while "Preparing the machine" not in term.screen() and "not stored" not in term.screen():
        assert time.monotonic() < deadline, term.screen()
        term.keys("r")  # (refused while the article's language is still being detected)
        time.sleep(0.5)
    term.wait_for("not stored")
    term.keys("a")
    term.wait_for("⚠ 1 not saved")
    (pid,) = subprocess.run(
        ["pgrep", "-f", f"{reader} {articles}"], capture_output=True, text=True
    ).stdout.split()
    os.kill(int(pid), getattr(signal, f"SIG{signal_name}"))
    screen = term.wait_for("icanon")  # printed after the exit status
    assert f"exit status {128 + getattr(signal, f'SIG{signal_name}')}" in screen
    assert "\nicanon" in "\n" + screen.replace(" ", "")  # cooked mode: the terminal is back
    assert "review changes that could not be saved are in" in screen
    (kept,) = articles.glob("unsaved-review-*.json")
    assert '"state": "reviewed"' in kept.read_text(encoding="utf-8")
