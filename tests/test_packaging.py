"""A non-editable install finds its styles: they live outside the package in the repo and are
copied into the wheel as reader/styles."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.mark.slow
def test_wheel_ships_every_style_and_finds_them_from_elsewhere(tmp_path: Path) -> None:
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    wheel = next((tmp_path / "dist").glob("reader-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    assert "reader/core/articles/boilerplate.toml" in names

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import reader.ui.styles as s, reader.app as a;"
            "paths = s.style_paths(); print(paths[0].parent);"
            "assert all(p.is_file() for p in paths);"
            "assert [str(p) for p in a.ReaderApp.CSS_PATH] == [str(p) for p in paths]",
        ],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "site")},
    )
    assert check.returncode == 0, check.stderr
    assert Path(check.stdout.strip()) == tmp_path / "site" / "reader" / "styles"
