"""Shared fixtures. Every test runs with its own config/data/cache dirs, so nothing a developer has
configured leaks in and nothing a test writes leaks out."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

# The test models are float32 by design (see tests/support/argos_packages.py). argostranslate
# reads its settings once, at import, so this must be set before anything imports it.
os.environ["ARGOS_COMPUTE_TYPE"] = "float32"

# The fuzz tests' example counts: the suite's, and a long attack run of the same tests
# (`pytest --hypothesis-profile=attack -k fuzz`; its last figures are in the README).
settings.register_profile("suite", max_examples=150, deadline=None)
settings.register_profile("attack", max_examples=200_000, deadline=None)
settings.load_profile("suite")

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
        # For subprocesses. In this process argostranslate.settings is read once per session,
        # so in-process tests hand the engine its packages directory explicitly.
        ("ARGOS_PACKAGES_DIR", "argos-packages"),
    ):
        monkeypatch.setenv(variable, str(home / sub))
    return home


@pytest.fixture
def packages_dir(isolated_home: Path) -> Path:
    path = isolated_home / "argos-packages"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def seeds() -> Path:
    return SEEDS


def seed(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` ("000" ... "004")."""
    return next(SEEDS.glob(f"{prefix}_*.txt"))


# Words of the seeds' German article (004) and of the tests' own texts, so the word model knows
# them; the substitutions turn some into English, which makes a translation recognisable.
GERMAN_WORDS = (
    "Nachdem Elon Musk diesen Monat OpenAI mit der Begründung verklagt hat das Unternehmen sei "
    "zu geschlossen geworden Hallo Welt Haus ist groß und die schön Der Stadtrat am Dienstag"
)
GERMAN_TO_ENGLISH = {
    "Hallo": "Hello",
    "Welt": "world",
    "Haus": "house",
    "Monat": "month",
    "diesen": "this",
    "Nachdem": "After",
    "Unternehmen": "company",
    "ist": "is",
    "und": "and",
    "groß": "big",
    "die": "the",
    "Dienstag": "Tuesday",
}

ModelFactory = Callable[..., Path]


@pytest.fixture(scope="session")
def model_factory(tmp_path_factory: pytest.TempPathFactory) -> ModelFactory:
    """Builds genuine .argosmodel files, each distinct one once per session."""
    from tests.support.argos_packages import build_word_model

    built: dict[tuple[object, ...], Path] = {}

    def build(
        from_code: str = "de",
        to_code: str = "en",
        substitutions: dict[str, str] | None = None,
        corpus: tuple[str, ...] = (GERMAN_WORDS,),
        version: str = "1.0",
    ) -> Path:
        substitutions = GERMAN_TO_ENGLISH if substitutions is None else substitutions
        key = (from_code, to_code, tuple(sorted(substitutions.items())), corpus, version)
        if key not in built:
            work = tmp_path_factory.mktemp(f"model-{from_code}{to_code}")
            built[key] = build_word_model(
                work, from_code, to_code, substitutions, corpus, version=version
            )
        return built[key]

    return build


@pytest.fixture
def german_model(packages_dir: Path, model_factory: ModelFactory) -> Path:
    """A de→en word model installed in this test's packages directory."""
    from reader.core.translation.install import install_model

    install_model(model_factory(), packages_dir)
    return packages_dir
