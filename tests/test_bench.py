"""Every benchmark runs in quick mode under the tests, so none can rot. Nothing here is timed."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_benchmarks_run_in_quick_mode() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--quick"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "## translation (quick)" in result.stdout
    assert "## versions grouping (quick)" in result.stdout
    assert "## startup" in result.stdout
    assert "## library: 200 articles (quick)" in result.stdout
    assert "burst exact" in result.stdout  # reader's reading pane keeps every PageDown
    assert "## re-open a translated article (quick)" in result.stdout
    assert "speed-up" in result.stdout and "first paragraph" in result.stdout
