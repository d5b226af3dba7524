"""Shared fixtures. Every test runs with its own config/data/cache dirs, so nothing a developer has
configured leaks in and nothing a test writes leaks out."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    for variable, sub in (
        ("READER_CONFIG_DIR", "config"),
        ("READER_DATA_DIR", "data"),
        ("READER_CACHE_DIR", "cache"),
        ("XDG_CONFIG_HOME", "xdg-config"),
        ("XDG_DATA_HOME", "xdg-data"),
        ("XDG_CACHE_HOME", "xdg-cache"),
    ):
        monkeypatch.setenv(variable, str(home / sub))
    return home


@pytest.fixture
def seeds() -> Path:
    return SEEDS


def seed(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` ("000" ... "004")."""
    return next(SEEDS.glob(f"{prefix}_*.txt"))
