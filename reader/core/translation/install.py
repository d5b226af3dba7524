"""Stage 5, translation: installing a package, and removing one.

Installation takes an ``.argosmodel`` file or a package folder (what ``argospm install`` leaves),
validates it in a staging folder inside the packages directory and then moves it in with one
rename; an update (``replace``) moves the old package aside first and back if the new one cannot
go in, so a pair is never left without its model. Nothing is written to the packages directory
unless the whole package is valid: archives are checked for path traversal, links, bombs and
missing parts first.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from reader.core.translation.models import (
    InstalledModel,
    ModelError,
    discover_models,
    in_use,
    load_model,
    package_dirs,
    probe_model,
)

# zipfile, tempfile and shutil are imported by the functions that install and remove packages:
# finding the installed ones is part of every start, installing is not.
if TYPE_CHECKING:
    import zipfile

# Real Argos packages are 30-200 MB unpacked; anything far beyond is not a translation package.
MAX_UNPACKED_BYTES = 4 * 1024**3
MAX_COMPRESSION_RATIO = 200
MAX_MEMBERS = 10_000


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
