from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from reader.core.settings import paths
from reader.core.settings.config import load_config
from reader.core.settings.state import ReadingState


def test_state_round_trips_and_is_created_only_on_write(tmp_path: Path) -> None:
    state = ReadingState()
    assert state.position("abc") == 0 and state.last_article(tmp_path) is None
    assert not paths.state_db().exists()
    state.remember_position("abc", 7)
    state.remember_article(tmp_path, tmp_path / "x.txt")
    state.remember_setting("theme", "nord")
    state.close()
    reopened = ReadingState()
    assert reopened.position("abc") == 7
    assert reopened.last_article(tmp_path) == (tmp_path / "x.txt").resolve()
    assert reopened.setting("theme") == "nord"


def test_an_unreadable_state_file_is_kept_and_replaced(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    db.write_bytes(b"not a database at all" * 50)
    state = ReadingState(db)
    assert state.position("abc") == 0
    state.remember_position("abc", 7)
    assert ReadingState(db).position("abc") == 7
    assert state.recovered is not None and "kept as" in state.recovered
    kept = list(tmp_path.glob("state.sqlite3.unreadable-*"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"not a database")


def test_a_data_dir_that_cannot_be_written_is_reported_not_fatal(tmp_path: Path) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("the data dir would have to be inside this file")
    state = ReadingState(blocker / "data" / "state.sqlite3")
    state.remember_position("abc", 3)  # does not raise
    state.remember_article(tmp_path, tmp_path / "x.txt")
    assert state.position("abc") == 0 and state.last_article(tmp_path) is None
    assert state.problem is not None and "cannot be saved" in state.problem


def test_two_processes_write_reading_state_at_once(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    writer = (
        "import sys; from pathlib import Path\n"
        "from reader.core.settings.state import ReadingState\n"
        "state = ReadingState(Path(sys.argv[1]))\n"
        "for n in range(150): state.remember_position(f'{sys.argv[2]}-{n}', n)\n"
        "assert state.problem is None, state.problem\n"
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", writer, str(db), name]) for name in ("a", "b")
    ]
    assert [p.wait(timeout=120) for p in processes] == [0, 0]
    state = ReadingState(db)
    assert all(state.position(f"{name}-{n}") == n for name in "ab" for n in range(150))


def test_config_reads_theme_and_keys(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\n[keys]\n"app.quit" = "ctrl+q, q"\n')
    config = load_config(path)
    assert config.theme == "nord" and config.keys == {"app.quit": "ctrl+q,q"}
    assert config.problems == []


def test_bad_config_gives_problems_and_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = [unclosed\n")
    config = load_config(path)
    assert config.theme is None and config.keys == {}
    assert "not valid TOML" in config.problems[0]


def test_missing_config_is_fine(tmp_path: Path) -> None:
    config = load_config(tmp_path / "none.toml")
    assert config.problems == [] and config.theme is None


def test_a_position_write_never_waits_long_on_another_processes_lock(tmp_path: Path) -> None:
    import sqlite3
    import time

    from reader.core.settings.state import ReadingState

    state = ReadingState(tmp_path / "state.sqlite3")
    state.remember_position("article", 1)
    other = sqlite3.connect(tmp_path / "state.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another reader process writing
    started = time.monotonic()
    state.remember_position("article", 2)  # on the interface thread, at every paragraph
    assert time.monotonic() - started < 1.0
    assert state.problem is None  # skipped, not a failure to report
    other.execute("ROLLBACK")
    state.remember_position("article", 3)
    assert state.position("article") == 3
