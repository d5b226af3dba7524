"""Installing, listing and removing packages: good ones work, bad ones are refused unharmed."""

from __future__ import annotations

import json
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from reader.core.translation.install import install_model, remove_model
from reader.core.translation.models import ModelError, discover_models
from tests.conftest import ModelFactory


def snapshot(directory: Path) -> list[str]:
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*"))


def rezip(source: Path, target: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    """A copy of the package ``source`` with its members passed through ``edit``."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for info in original.infolist():
            for name, data, attr in edit(info.filename, original.read(info)):
                member = zipfile.ZipInfo(name)
                member.external_attr = attr
                copy.writestr(member, data)
    return target


def test_install_list_remove(packages_dir: Path, model_factory: ModelFactory) -> None:
    model = install_model(model_factory(), packages_dir).model
    assert (model.code, model.from_code, model.to_code, model.version) == (
        "translate-de_en",
        "de",
        "en",
        "1.0",
    )
    models, broken = discover_models([packages_dir])
    assert [m.code for m in models] == ["translate-de_en"] and broken == []
    assert models[0].splitter == "none (reader's built-in splitter)"
    assert models[0].size_bytes > 0
    assert remove_model("de_en", [packages_dir]).code == "translate-de_en"
    assert discover_models([packages_dir]) == ([], [])


def test_second_package_for_a_pair_needs_replace(
    packages_dir: Path, model_factory: ModelFactory
) -> None:
    install_model(model_factory(), packages_dir)
    before = snapshot(packages_dir)
    with pytest.raises(ModelError, match="already installed"):
        install_model(model_factory(version="1.1"), packages_dir)
    assert snapshot(packages_dir) == before
    assert (
        install_model(model_factory(version="1.1"), packages_dir, replace=True).model.version
        == "1.1"
    )
    assert [m.version for m in discover_models([packages_dir])[0]] == ["1.1"]


def _same(name: str, data: bytes, mode: int = 0o644):  # type: ignore[no-untyped-def]
    return [(name, data, (stat.S_IFREG | mode) << 16)]


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (lambda n, d: _same("../evil/" + n, d), "path traversal"),
        (lambda n, d: _same("/tmp/evil/" + n, d), "absolute path"),
        (
            lambda n, d: (
                _same(n, d)
                + (
                    [("translate-de_en-1_0/link", b"/etc/passwd", (stat.S_IFLNK | 0o777) << 16)]
                    if n.endswith("metadata.json")
                    else []
                )
            ),
            "symbolic link",
        ),
        (lambda n, d: [] if n.endswith("metadata.json") else _same(n, d), "no metadata.json"),
        (
            lambda n, d: _same(n, b"{not json" if n.endswith("metadata.json") else d),
            "not valid JSON",
        ),
        (
            lambda n, d: _same(
                n, json.dumps({"from_code": "de"}).encode() if n.endswith("metadata.json") else d
            ),
            "lacks to_code",
        ),
        (lambda n, d: [] if n.endswith("model.bin") else _same(n, d), "no model/model.bin"),
        (lambda n, d: [] if n.endswith("sentencepiece.model") else _same(n, d), "no tokenizer"),
        # Present but garbage: found by loading them once at install, not at the first translation.
        (
            lambda n, d: _same(n, b"garbage" * 50 if n.endswith("sentencepiece.model") else d),
            "unreadable sentencepiece.model",
        ),
        (
            lambda n, d: _same(n, b"garbage" * 50 if n.endswith("model.bin") else d),
            "CTranslate2 model does not load",
        ),
        (
            lambda n, d: (
                _same(n, d) + _same("other-top/readme.txt", b"x")
                if n.endswith("metadata.json")
                else _same(n, d)
            ),
            "one top-level folder",
        ),
    ],
)
def test_bad_packages_are_refused_and_nothing_is_written(
    tmp_path: Path, packages_dir: Path, model_factory: ModelFactory, edit, reason: str
) -> None:
    bad = rezip(model_factory(), tmp_path / "bad.argosmodel", edit)
    before = snapshot(packages_dir)
    with pytest.raises(ModelError, match=reason):
        install_model(bad, packages_dir)
    assert snapshot(packages_dir) == before
    assert not (tmp_path / "evil").exists() and not Path("/tmp/evil").exists()


def test_zip_bomb_is_refused(tmp_path: Path, packages_dir: Path) -> None:
    bomb = tmp_path / "bomb.argosmodel"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("translate-xx_en/metadata.json", "{}")
        archive.writestr("translate-xx_en/model/model.bin", bytes(50_000_000))
    with pytest.raises(ModelError, match="zip bomb"):
        install_model(bomb, packages_dir)
    assert snapshot(packages_dir) == []


def test_not_a_zip(tmp_path: Path, packages_dir: Path) -> None:
    fake = tmp_path / "fake.argosmodel"
    fake.write_text("hello")
    with pytest.raises(ModelError, match="zip archives"):
        install_model(fake, packages_dir)


def test_a_broken_package_does_not_hide_the_others(
    packages_dir: Path, model_factory: ModelFactory
) -> None:
    install_model(model_factory(), packages_dir)
    (packages_dir / "half-copied").mkdir()
    (packages_dir / "half-copied" / "model").mkdir()
    models, broken = discover_models([packages_dir])
    assert [m.code for m in models] == ["translate-de_en"]
    assert [(b.path.name, b.reason) for b in broken] == [("half-copied", "no metadata.json")]


def test_a_package_whose_metadata_is_nested_too_deeply_does_not_hide_the_others(
    packages_dir: Path, model_factory: ModelFactory
) -> None:
    # json.loads raises RecursionError, not ValueError, on 100,000 nested brackets.
    install_model(model_factory(), packages_dir)
    (packages_dir / "deep").mkdir()
    (packages_dir / "deep" / "metadata.json").write_text("[" * 100_000, encoding="utf-8")
    models, broken = discover_models([packages_dir])
    assert [m.code for m in models] == ["translate-de_en"]
    assert [b.path.name for b in broken] == ["deep"] and "nested too deeply" in broken[0].reason


def test_remove_unknown_code_lists_what_is_installed(
    packages_dir: Path, model_factory: ModelFactory
) -> None:
    install_model(model_factory(), packages_dir)
    with pytest.raises(ModelError, match=r"no installed package translate-fr_en .*translate-de_en"):
        remove_model("fr_en", [packages_dir])
    shutil.rmtree(packages_dir)
