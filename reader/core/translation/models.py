"""Installed Argos Translate packages: finding them, installing one, removing one.

Discovery goes package by package: argostranslate's own ``get_installed_packages`` raises for
every package when one directory lacks ``metadata.json``; here a broken package is reported on its
own and the others keep working. Installation takes an ``.argosmodel`` file or a package folder
(what ``argospm install`` leaves), validates it in a staging folder inside the packages directory
and then moves it in with one rename; an update (``replace``) moves the old package aside first
and back if the new one cannot go in, so a pair is never left without its model.

When one language pair is installed more than once (argostranslate's own installer leaves old
versions in place), the highest ``package_version`` is used, compared as a version (1.10 > 1.9).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import TYPE_CHECKING, Any

# zipfile, tempfile and shutil are imported by the functions that install and remove packages:
# finding the installed ones is part of every start, installing is not.
if TYPE_CHECKING:
    import zipfile

from reader.core.translation.sentences import (
    SentenceSplitter,
    describe_bundled_splitter,
    load_splitter,
)

REQUIRED_METADATA = ("from_code", "to_code")
# Real Argos packages are 30-200 MB unpacked; anything far beyond is not a translation package.
MAX_UNPACKED_BYTES = 4 * 1024**3
MAX_COMPRESSION_RATIO = 200
MAX_MEMBERS = 10_000
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
        loaded, not when models are listed: importing argostranslate.package costs ~80 ms, which
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
    # Refuse an archive that cannot be a package before anything is unpacked.
    names = {member.filename.rstrip("/") for member in members}
    for required in ("metadata.json", "model/model.bin"):
        if f"{top}/{required}" not in names:
            raise ModelError(f"not an Argos package: no {required} in {top}/")
    return top


@dataclass(frozen=True)
class Installation:
    """What an install did: the package now in place and the ones it replaced."""

    model: InstalledModel
    replaced: list[InstalledModel] = field(default_factory=list)

    @property
    def downgrade(self) -> bool:
        return any(old.version_key > self.model.version_key for old in self.replaced)

    @property
    def summary(self) -> str:
        model = self.model
        text = f"Installed {model.code} {model.version} ({model.from_name} → {model.to_name})"
        if self.replaced:
            versions = ", ".join(old.version for old in self.replaced)
            kind = "a DOWNGRADE from" if self.downgrade else "replacing"
            text += f", {kind} {versions}"
        return f"{text} in {model.path}"


def install_model(
    source: Path, target_dir: Path | None = None, replace: bool = False
) -> Installation:
    """Validate and install an ``.argosmodel`` file or an unpacked package folder; the packages
    directory is untouched on error.

    With ``replace``, the installed packages for the same language pair are swapped out (an
    update, or a downgrade, which ``Installation.downgrade`` tells); without it, installing a
    second package for an installed pair is refused.
    """
    import shutil
    import tempfile

    target_dir = target_dir or package_dirs()[0]
    if not source.exists():
        raise ModelError(f"no such file or folder: {source}")
    if not source.is_dir() and not source.is_file():
        raise ModelError(f"not a file or a folder: {source}")
    target_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=target_dir))
    try:
        stage = _stage_folder if source.is_dir() else _stage_archive
        unpacked = staging / stage(source, staging)
        model = load_model(unpacked)  # raises ModelError when incomplete or malformed
        model.package  # noqa: B018 - and when argostranslate cannot read it
        probe_model(model)  # and when its tokenizer or weights do not load
        installed, _ = discover_models([target_dir])
        same_pair = [
            m for m in installed if (m.from_code, m.to_code) == (model.from_code, model.to_code)
        ]
        if same_pair and not replace:
            raise ModelError(
                f"{model.code} is already installed (version {same_pair[0].version}, "
                f"{same_pair[0].path}); remove it first or use --replace"
            )
        final = target_dir / unpacked.name
        if final.exists() and final not in {old.path for old in same_pair}:
            raise ModelError(f"{final} exists and is not a usable package; remove it first")
        # The old packages step aside (one rename each) and come back if the new one cannot
        # go in: a failed update never leaves the pair without a model.
        aside = [(old, staging / f".replaced-{i}") for i, old in enumerate(same_pair)]
        moved: list[tuple[InstalledModel, Path]] = []
        try:
            for old, place in aside:
                os.replace(old.path, place)
                moved.append((old, place))
            os.replace(unpacked, final)
        except OSError as error:
            for old, place in reversed(moved):
                os.replace(place, old.path)
            raise ModelError(f"could not move the package into {target_dir}: {error}") from error
        return Installation(load_model(final), same_pair)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _stage_archive(archive_path: Path, staging: Path) -> str:
    """Check a package archive, then unpack it into ``staging``; return its top folder name."""
    import zipfile

    if not zipfile.is_zipfile(archive_path):
        raise ModelError("not an Argos package (.argosmodel files are zip archives)")
    try:
        with zipfile.ZipFile(archive_path) as archive:
            top = _check_archive(archive)
            for member in archive.infolist():
                destination = staging / member.filename
                if not destination.resolve().is_relative_to(staging.resolve()):
                    raise ModelError(f"path escapes the package: {member.filename!r}")
                archive.extract(member, staging)
    except zipfile.BadZipFile as error:
        raise ModelError(f"corrupt archive: {error}") from error
    return top


def _stage_folder(folder: Path, staging: Path) -> str:
    """Copy an unpacked package folder into ``staging`` under the same limits as an archive:
    regular files and folders only (no links), at most MAX_MEMBERS entries and
    MAX_UNPACKED_BYTES in all."""
    import shutil

    if not (folder / "metadata.json").is_file():
        raise ModelError(f"{folder} is not a package folder (no metadata.json)")
    entries, total = 0, 0
    for root, dirs, files in os.walk(folder, followlinks=False):
        for name in dirs + files:
            entries += 1
            path = Path(root) / name
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                raise ModelError(f"symbolic link in package folder: {path}")
            if not (stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode)):
                raise ModelError(f"not a regular file in package folder: {path}")
            total += info.st_size if stat.S_ISREG(info.st_mode) else 0
        if entries > MAX_MEMBERS:
            raise ModelError(
                f"the folder has over {MAX_MEMBERS} entries; a package has a few dozen"
            )
        if total > MAX_UNPACKED_BYTES:
            raise ModelError("the folder holds more than 4 GiB; a package is far smaller")
    top = folder.resolve().name
    if top.startswith("."):
        raise ModelError(f"bad package folder name {top!r}")
    try:
        shutil.copytree(folder, staging / top, symlinks=True)
    except (OSError, shutil.Error) as error:
        raise ModelError(f"could not copy {folder}: {error}") from error
    return top


def remove_installed(model: InstalledModel) -> None:
    """Delete one installed package's folder (the one at ``model.path``)."""
    import shutil

    try:
        shutil.rmtree(model.path)
    except OSError as error:
        raise ModelError(f"could not remove {model.path}: {error}") from error


def remove_model(code: str, dirs: list[Path] | None = None) -> InstalledModel:
    """Delete the installed package ``code`` (``translate-id_en``, or just ``id_en``); of a pair
    installed several times, the one in use."""
    models, _ = discover_models(dirs)
    wanted = code if code.startswith("translate-") else f"translate-{code}"
    for model in in_use(models):
        if model.code == wanted:
            remove_installed(model)
            return model
    installed = ", ".join(m.code for m in models) or "none"
    raise ModelError(f"no installed package {wanted} (installed: {installed})")
