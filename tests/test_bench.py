"""Every benchmark runs in quick mode under the tests, so none can rot. Nothing here is timed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import sentencepiece as spm

from tests.conftest import REPO
from tests.support.argos_packages import build_random_model


@pytest.mark.slow
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
    assert "## work views (quick)" in result.stdout and "a (approve)" in result.stdout
    assert "## translating ahead (quick)" in result.stdout
    assert "reader translate, 2 workers" in result.stdout and "next article's" in result.stdout
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed: the benchmarks in a real terminal did not run")
    assert "## library: 200 articles (quick)" in result.stdout
    assert "burst exact" in result.stdout  # reader's reading pane keeps every PageDown
    assert "## re-open a translated article (quick)" in result.stdout
    assert "30 j + 30 PgDn, translating ahead" in result.stdout and "memory, off" in result.stdout
    assert "speed-up" in result.stdout and "first paragraph" in result.stdout


def test_the_random_model_has_the_vocabulary_size_asked_for(tmp_path: Path) -> None:
    # Its decoding cost depends on the vocabulary's width, and five short articles hold far
    # fewer word pieces than the 32,000 a real package has.
    corpus = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    package = build_random_model(
        tmp_path, "id", "en", corpus, vocab_size=3000, layers=1, d_model=64, heads=2, ffn=128
    )
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
        (vocabulary_name,) = [n for n in names if n.endswith("shared_vocabulary.json")]
        vocabulary = json.loads(archive.read(vocabulary_name))
        (sp_name,) = [n for n in names if n.endswith("sentencepiece.model")]
        sp_model = tmp_path / "sentencepiece.model"
        sp_model.write_bytes(archive.read(sp_name))
    assert len(vocabulary) == 3000
    assert spm.SentencePieceProcessor(model_file=str(sp_model)).get_piece_size() == 3000
