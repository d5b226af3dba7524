"""Installed Argos Translate packages: finding them, installing one from a file, removing one.

Discovery goes package by package: argostranslate's own ``get_installed_packages`` raises for
every package when one directory lacks ``metadata.json``; here a broken package is reported on its
own and the others keep working. Installation validates the archive before anything is written to
the packages directory and then moves the package in with one rename.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

# zipfile, tempfile and shutil are imported by the functions that install and remove packages:
# finding the installed ones is part of every start, installing is not.
if TYPE_CHECKING:
    import zipfile

from reader.core.translation.sentences import describe_bundled_splitter

REQUIRED_METADATA = ("from_code", "to_code")
# Real Argos packages are 30-200 MB unpacked; anything far beyond is not a translation package.
MAX_UNPACKED_BYTES = 4 * 1024**3
MAX_COMPRESSION_RATIO = 200
MAX_MEMBERS = 10_000


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

    @cached_property
    def package(self) -> Any:
        """The argostranslate ``Package`` (tokenizer, target prefix). Made when a model is
        loaded, not when models are listed: importing argostranslate.package costs ~80 ms, which
        re-opening an article from the cache must not pay. Raises ``ModelError``."""
        from argostranslate.package import Package

        try:
            return Package(self.path)
        except Exception as error:  # argostranslate raises bare Exceptions for bad packages
            raise ModelError(f"argostranslate cannot read it: {error}") from error


@dataclass(frozen=True)
class BrokenModel:
    path: Path
    reason: str


def package_dirs() -> list[Path]:
    """Where argostranslate looks for packages (honours ARGOS_PACKAGES_DIR and its settings)."""
    from argostranslate import settings

    return list(settings.package_dirs)


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def load_model(path: Path) -> InstalledModel:
    """One installed package directory as an ``InstalledModel``, or ``ModelError``."""
    metadata_path = path / "metadata.json"
    if not metadata_path.is_file():
        raise ModelError("no metadata.json")
    try:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(f"metadata.json is not valid JSON ({error})") from error
    if not isinstance(metadata, dict):
        raise ModelError("metadata.json is not an object")
    missing = [key for key in REQUIRED_METADATA if not metadata.get(key)]
    if missing:
        raise ModelError(f"metadata.json lacks {', '.join(missing)}")
    if metadata.get("type", "translate") != "translate":
        raise ModelError(f"not a translation package (type {metadata.get('type')!r})")
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
    return models, broken


def _check_archive(archive: zipfile.ZipFile) -> str:
    """Refuse anything unsafe or unlike a package; return the single top-level folder name."""
    members = archive.infolist()
    if not members:
        raise ModelError("the archive is empty")
    if len(members) > MAX_MEMBERS:
        raise ModelError(f"the archive has {len(members)} entries; a package has a few dozen")
    tops: set[str] = set()
    total = 0
    for member in members:
        name = member.filename
        pure = PurePosixPath(name)
        if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or "\\" in name:
            raise ModelError(f"absolute path in archive: {name!r}")
        if ".." in pure.parts:
            raise ModelError(f"path traversal in archive: {name!r}")
        mode = member.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise ModelError(f"symbolic link in archive: {name!r}")
        total += member.file_size
        if total > MAX_UNPACKED_BYTES:
            raise ModelError("the archive unpacks to more than 4 GiB (a zip bomb?)")
        if member.compress_size and member.file_size / member.compress_size > MAX_COMPRESSION_RATIO:
            raise ModelError(
                f"{name!r} is compressed {member.file_size // member.compress_size}:1 (a zip bomb?)"
            )
        tops.add(pure.parts[0])
    if len(tops) != 1:
        raise ModelError(
            f"expected one top-level folder, found {len(tops)}: {', '.join(sorted(tops)[:5])}"
        )
    top = tops.pop()
    if top.startswith("."):
        raise ModelError(f"bad top-level folder name {top!r}")
    return top


def install_model(
    archive_path: Path, target_dir: Path | None = None, replace: bool = False
) -> InstalledModel:
    """Validate and install a ``.argosmodel`` file; the packages directory is untouched on error.

    With ``replace``, an installed package with the same language pair is swapped out (an update);
    without it, installing a second package for an installed pair is refused.
    """
    import shutil
    import tempfile
    import zipfile

    target_dir = target_dir or package_dirs()[0]
    if not archive_path.is_file():
        raise ModelError(f"no such file: {archive_path}")
    if not zipfile.is_zipfile(archive_path):
        raise ModelError("not an Argos package (.argosmodel files are zip archives)")
    target_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=target_dir))
    try:
        with zipfile.ZipFile(archive_path) as archive:
            top = _check_archive(archive)
            for member in archive.infolist():
                destination = staging / member.filename
                if not destination.resolve().is_relative_to(staging.resolve()):
                    raise ModelError(f"path escapes the package: {member.filename!r}")
                archive.extract(member, staging)
        unpacked = staging / top
        model = load_model(unpacked)  # raises ModelError when incomplete or malformed
        model.package  # noqa: B018 - and when argostranslate cannot read it
        installed, _ = discover_models([target_dir])
        same_pair = [
            m for m in installed if (m.from_code, m.to_code) == (model.from_code, model.to_code)
        ]
        if same_pair and not replace:
            raise ModelError(
                f"{model.code} is already installed (version {same_pair[0].version}, "
                f"{same_pair[0].path}); remove it first or use --replace"
            )
        final = target_dir / top
        for old in same_pair:
            shutil.rmtree(old.path)
        if final.exists():
            raise ModelError(f"{final} exists and is not a usable package; remove it first")
        os.replace(unpacked, final)
        return load_model(final)
    except zipfile.BadZipFile as error:
        raise ModelError(f"corrupt archive: {error}") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def remove_model(code: str, dirs: list[Path] | None = None) -> InstalledModel:
    """Delete the installed package ``code`` (``translate-id_en``, or just ``id_en``)."""
    import shutil

    models, _ = discover_models(dirs)
    wanted = code if code.startswith("translate-") else f"translate-{code}"
    for model in models:
        if model.code == wanted:
            shutil.rmtree(model.path)
            return model
    installed = ", ".join(m.code for m in models) or "none"
    raise ModelError(f"no installed package {wanted} (installed: {installed})")
