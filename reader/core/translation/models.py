"""Stage 5, translation: the installed Argos Translate packages, found and described.

Discovery goes package by package: argostranslate's own ``get_installed_packages`` raises for
every package when one directory lacks ``metadata.json``; here a broken package is reported on its
own and the others keep working. Installing and removing one is ``install``'s job.

When one language pair is installed more than once (argostranslate's own installer leaves old
versions in place), the highest ``package_version`` is used, compared as a version (1.10 > 1.9).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

# zipfile, tempfile and shutil are imported by the functions that install and remove packages:
# finding the installed ones is part of every start, installing is not.
if TYPE_CHECKING:
    pass

from reader.core.translation.sentences import (
    SentenceSplitter,
    describe_bundled_splitter,
    load_splitter,
)

REQUIRED_METADATA = ("from_code", "to_code")
MAX_README_CHARS = 20_000


def version_key(version: str) -> tuple[int, ...]:
    """A package version as numbers, so that 1.10 sorts after 1.9 (unreadable parts count 0)."""
    return tuple(int(part) for part in re.findall(r"\d+", version)[:6]) or (0,)


class ModelError(Exception):
    """A package file or directory that cannot be used; the message says why."""


@dataclass(frozen=True)
class InstalledModel:
    code: str  # argospm name, e.g. "translate-id_en"
    from_code: str
    to_code: str
    from_name: str
    to_name: str
    version: str
    path: Path
    size_bytes: int
    splitter: str
    fingerprint: str  # changes when the package is replaced, even with the same version

    @property
    def label(self) -> str:
        return f"{self.code} {self.version}"

    @property
    def version_key(self) -> tuple[int, ...]:
        return version_key(self.version)

    @property
    def readme(self) -> str | None:
        """The package's README.md (its model's source and licence), if it has one."""
        try:
            with (self.path / "README.md").open(encoding="utf-8", errors="replace") as file:
                return file.read(MAX_README_CHARS).strip() or None
        except OSError:
            return None

    @cached_property
    def package(self) -> Any:
        """The argostranslate ``Package`` (tokenizer, target prefix). Made when a model is
        loaded, not when models are listed: importing argostranslate.package is slow, which
        re-opening an article from the cache must not pay. Raises ``ModelError``."""
        argos_settings()  # (argostranslate.package imports them: a bad file is said first)
        from argostranslate.package import Package

        try:
            return Package(self.path)
        except Exception as error:  # argostranslate raises bare Exceptions for bad packages
            raise ModelError(f"argostranslate cannot read it: {error}") from error


@dataclass(frozen=True)
class BrokenModel:
    path: Path
    reason: str


def probe_model(model: InstalledModel) -> None:
    """Load the package's tokenizer and weights once, so that a package that would fail on its
    first translation is refused at install instead. Raises ``ModelError``."""
    import ctranslate2

    sentencepiece_file = model.path / "sentencepiece.model"
    if sentencepiece_file.is_file():
        import sentencepiece

        try:
            processor = sentencepiece.SentencePieceProcessor(model_file=str(sentencepiece_file))
            processor.encode("probe", out_type=str)
        except Exception as error:  # the library raises OSError, RuntimeError, ...
            raise ModelError(f"unreadable sentencepiece.model ({error})") from error
    try:
        ctranslate2.Translator(str(model.path / "model"), device="cpu", intra_threads=1)
    except (RuntimeError, ValueError, OSError) as error:
        raise ModelError(f"its CTranslate2 model does not load ({error})") from error


def argos_settings() -> ModuleType:
    """argostranslate's settings module. It is read when first imported, from the environment
    and its ``settings.json``; a bad value there (``ARGOS_PACKAGES_DIR`` naming a file, a
    ``settings.json`` that is not a JSON object) made every command end in a traceback, and its
    complaints went to standard output, into ``--json``. Here they go to standard error, and a
    setting it cannot start with raises ``ModelError`` saying which."""
    packages = os.environ.get("ARGOS_PACKAGES_DIR")
    if packages and os.path.exists(packages) and not os.path.isdir(packages):
        raise ModelError(f"ARGOS_PACKAGES_DIR is {packages}, a file, not a folder")
    try:
        with contextlib.redirect_stdout(sys.stderr):
            from argostranslate import settings
    except Exception as error:  # whatever its settings code raises
        raise ModelError(
            f"argostranslate cannot start with its settings ({type(error).__name__}: {error}); "
            "check ARGOS_PACKAGES_DIR and argostranslate's settings.json"
        ) from error
    return settings


def check_splitter(model: InstalledModel) -> SentenceSplitter:
    """Load the sentence splitter ``model`` would translate with (seconds, the first time: stanza
    imports torch): which one it is and, when it is not the package's own, why."""
    return load_splitter(model.path, model.from_code, argos_settings().data_dir)


def package_dirs() -> list[Path]:
    """Where argostranslate looks for packages (honours ARGOS_PACKAGES_DIR and its settings)."""
    return list(argos_settings().package_dirs)


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def load_model(path: Path) -> InstalledModel:
    """One installed package directory as an ``InstalledModel``, or ``ModelError``."""
    metadata_path = path / "metadata.json"
    if not metadata_path.is_file():
        raise ModelError("no metadata.json")
    try:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        reason = "nested too deeply" if isinstance(error, RecursionError) else error
        raise ModelError(f"metadata.json is not valid JSON ({reason})") from error
    if not isinstance(metadata, dict):
        raise ModelError("metadata.json is not an object")
    missing = [key for key in REQUIRED_METADATA if not metadata.get(key)]
    if missing:
        raise ModelError(f"metadata.json lacks {', '.join(missing)}")
    if metadata.get("type", "translate") != "translate":
        raise ModelError(
            f"not a translation package (type {str(metadata.get('type'))!r}: argostranslate "
            "uses it for sentence boundaries; reader splits sentences without it)"
        )
    model_bin = path / "model" / "model.bin"
    if not model_bin.is_file():
        raise ModelError("no model/model.bin (CTranslate2 weights)")
    if not (path / "sentencepiece.model").is_file() and not (path / "bpe.model").is_file():
        raise ModelError("no tokenizer (sentencepiece.model or bpe.model)")
    from_code, to_code = str(metadata["from_code"]), str(metadata["to_code"])
    info = model_bin.stat()
    version = str(metadata.get("package_version", "")) or "?"
    return InstalledModel(
        code=f"translate-{from_code}_{to_code}",
        from_code=from_code,
        to_code=to_code,
        from_name=str(metadata.get("from_name") or from_code),
        to_name=str(metadata.get("to_name") or to_code),
        version=version,
        path=path,
        size_bytes=_size(path),
        splitter=describe_bundled_splitter(path),
        fingerprint=f"{version}:{info.st_size}:{info.st_mtime_ns}",
    )


def discover_models(
    dirs: list[Path] | None = None,
) -> tuple[list[InstalledModel], list[BrokenModel]]:
    """Every usable installed package, and every broken one with its reason."""
    models: list[InstalledModel] = []
    broken: list[BrokenModel] = []
    for directory in dirs if dirs is not None else package_dirs():
        try:
            entries = sorted(p for p in directory.iterdir() if p.is_dir())
        except OSError:
            continue
        for path in entries:
            if path.name.startswith("."):
                continue  # reader's own in-progress installs
            try:
                models.append(load_model(path))
            except ModelError as error:
                broken.append(BrokenModel(path, str(error)))
            except Exception as error:  # one odd package must never hide the others
                broken.append(BrokenModel(path, f"unreadable ({type(error).__name__}: {error})"))
    return models, broken


def in_use(models: list[InstalledModel]) -> list[InstalledModel]:
    """The package each installed language pair translates with: its highest version (on a tie,
    the last folder name, as a reinstall of one version gets a later name only by accident)."""
    best: dict[tuple[str, str], InstalledModel] = {}
    for model in models:
        pair = (model.from_code, model.to_code)
        current = best.get(pair)
        if current is None or model.version_key >= current.version_key:
            best[pair] = model
    return [m for m in models if best[(m.from_code, m.to_code)] is m]


def shadowed_by(models: list[InstalledModel]) -> dict[Path, InstalledModel]:
    """For each package not in use because its pair is installed again in a higher version, the
    package that is used instead (by path)."""
    used = {(m.from_code, m.to_code): m for m in in_use(models)}
    return {
        m.path: used[(m.from_code, m.to_code)]
        for m in models
        if used[(m.from_code, m.to_code)] is not m
    }
