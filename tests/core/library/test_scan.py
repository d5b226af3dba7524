from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from reader.core.articles.model import LoadError
from reader.core.files import reading
from reader.core.files.discovery import MissingPath, check_paths, iter_article_files
from reader.core.library.loader import load_library
from tests.support.texts import STORY


def write(path: Path, text: str = "\n\n".join(STORY)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_recursive_scan_with_suffix_filter_and_stable_order(tmp_path: Path) -> None:
    write(tmp_path / "b.txt")
    write(tmp_path / "a.md")
    write(tmp_path / "sub" / "c.html", f"<p>{STORY[0]}</p>")
    write(tmp_path / "notes.json", "{}")
    write(tmp_path / ".hidden" / "d.txt")
    names = [p.relative_to(tmp_path).as_posix() for p in iter_article_files([tmp_path])]
    assert names == ["a.md", "b.txt", "sub/c.html"]


def test_explicit_file_is_read_whatever_its_suffix(tmp_path: Path) -> None:
    path = write(tmp_path / "story.text")
    assert list(iter_article_files([path, tmp_path])) == [path]


def test_symlink_loop_ends(tmp_path: Path) -> None:
    write(tmp_path / "a.txt")
    os.symlink(tmp_path, tmp_path / "loop")
    assert [p.name for p in iter_article_files([tmp_path])] == ["a.txt"]


def test_bad_files_are_skipped_with_reasons(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    locked = write(tmp_path / "locked.txt")
    # chmod 0 does not stop root (CI runs as root), so deny the open itself.
    real_open = os.open

    def deny_locked(path: Path, *args: Any, **kwargs: Any) -> int:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(reading.os, "open", deny_locked)
    library = load_library([tmp_path])
    assert [a.path.name for a in library.articles] == ["good.txt"]
    reasons = {e.path.name: e.reason for e in library.skipped}
    assert reasons["empty.txt"] == "empty file"
    assert "PNG" in reasons["image.txt"]
    assert reasons["locked.txt"] == "permission denied"
    assert all(isinstance(e, LoadError) for e in library.skipped)


def test_missing_path_is_named(tmp_path: Path) -> None:
    with pytest.raises(MissingPath, match="nowhere"):
        check_paths([tmp_path, tmp_path / "nowhere"])


def test_paragraph_detection_is_capped_and_stops_when_cancelled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.core.articles.model import LoadError
    from reader.core.articles.parsing import load_article
    from reader.core.language import articles as language_of_articles
    from reader.core.language.articles import Cancelled, with_paragraph_languages

    german = "Der Stadtrat hat am Dienstag das alte Rathaus an einen Investor verkauft."
    english = "The city council sold the old town hall to an investor on Tuesday evening."
    path = tmp_path / "huge.txt"
    path.write_text("\n\n".join([german] * 30 + [english] * 10), encoding="utf-8")
    article = load_article(path, detect_languages=False)
    assert not isinstance(article, LoadError)
    monkeypatch.setattr(language_of_articles, "MAX_DETECTED_PARAGRAPHS", 35)
    detected = with_paragraph_languages(article)
    languages = [p.language for p in detected.paragraphs]
    assert languages[30:35] == ["en"] * 5  # detected, each on its own
    assert languages[35:] == [detected.language] * 5 == ["de"] * 5  # past the cap: the article's
    asked = iter([False] * 3 + [True])
    with pytest.raises(Cancelled):
        with_paragraph_languages(article, lambda: next(asked))
