from __future__ import annotations

from pathlib import Path

from reader.core import paths
from reader.core.config import load_config
from reader.core.state import ReadingState


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
