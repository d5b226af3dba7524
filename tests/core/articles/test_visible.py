"""Outside text reaches the terminal as text: no escape sequence, bidi override or line break
from a file name, title or package can drive it (reader/core/visible.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from reader.core.articles.visible import _BIDI, visible
from tests.conftest import REPO

HOSTILE = "esc\x1b[31mred osc\x1b]0;PWNED\x07 rtl\u202egnp.exe line\u2028break"


def test_visible_shows_every_control() -> None:
    shown = visible(HOSTILE)
    assert shown == "esc␛[31mred osc␛]0;PWNED␇ rtl<U+202E>gnp.exe line break"
    assert shown.isprintable()
    assert visible("a\nb\tc\x7f\x85", keep="\n") == "a\nb c\ufffd\ufffd"
    assert visible("plain café") == "plain café"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_fuzz_nothing_a_terminal_obeys_survives(text: str) -> None:
    shown = visible(text)
    obeyed = [c for c in shown if unicodedata.category(c) in ("Cc", "Zl", "Zp") or c in _BIDI]
    assert not obeyed
    # Text without such characters is left exactly as it is.
    harmless = "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Zl", "Zp"))
    harmless = "".join(c for c in harmless if c not in _BIDI)
    assert visible(harmless) == harmless


def test_the_cli_prints_hostile_file_names_as_text(tmp_path: Path) -> None:
    name = "osc\x1b]0;PWNED\x07 \u202eevil.txt"
    (tmp_path / name).write_text("Ein kurzer Text über Elon Musk und OpenAI.\n", encoding="utf-8")
    (tmp_path / "bad\x1b[2J.txt").write_bytes(b"\x00\x01\x02" * 20)  # skipped, named on stderr
    listed = subprocess.run(
        [sys.executable, "-m", "reader", "list", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert listed.returncode == 0, listed.stderr
    for output in (listed.stdout, listed.stderr):
        assert "\x1b" not in output and "\x07" not in output and "\u202e" not in output
    assert "osc␛]0;PWNED␇ <U+202E>evil.txt" in listed.stdout
    assert "bad␛[2J.txt" in listed.stderr
    as_json = subprocess.run(
        [sys.executable, "-m", "reader", "list", str(tmp_path), "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    paths = {Path(r["path"]).name for r in json.loads(as_json.stdout)}
    assert name in paths  # JSON keeps the exact name (it escapes the controls itself)
