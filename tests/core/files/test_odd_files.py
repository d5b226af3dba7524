"""A folder nobody curated: every odd file the tests can make, loaded together. Each file becomes
an article or a load error with a reason; none stops the others, and the CLI reports them."""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.articles.model import Article, LoadError
from reader.core.articles.parsing import load_article
from reader.core.files import reading
from reader.core.files.discovery import iter_article_files
from reader.core.library import scan as library_module
from reader.core.library.cache import LibraryCache
from reader.core.library.loader import load_library
from reader.core.library.scan import scan
from tests.conftest import REPO
from tests.support.texts import STORY

TEXT = "\n\n".join(STORY)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def make_corpus(folder: Path) -> dict[str, bytes]:
    """Every odd file, by name; returns their bytes."""
    files: dict[str, bytes] = {
        "empty.txt": b"",
        "whitespace.txt": b" \n\t\n   \r\n",
        "image.txt": PNG,
        "nul bytes.txt": TEXT.encode()[:200] + b"\x00" * 500 + TEXT.encode()[200:],
        "bad byte in the middle.txt": TEXT.encode()[:300] + b"\xff\xfe\xfa" + TEXT.encode()[300:],
        "utf16 bom.txt": codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        "utf16 no bom.txt": TEXT.encode("utf-16-le"),
        "cp1252.txt": ("Le “café” coûte 3 € — " + TEXT).encode("cp1252", "replace"),
        "latin1.txt": ("Größe und Maß: " + TEXT).encode("latin-1"),
        "cr only.txt": TEXT.replace("\n", "\r").encode(),
        "long words.txt": (("x" * 5000 + " ") * 20 + "\n\n" + TEXT).encode(),
        "rtl and combining.txt": (
            "مرحبا بالعالم هذه مقالة قصيرة عن الطقس في المدينة اليوم\n\n"
            "e\u0301 a\u0308 n\u0303 Z\u0351\u0352\u0357a\u0358\u035c\n\n" + TEXT
        ).encode(),
        "emoji.txt": ("🎉 Große Feier 👩‍👩‍👧 in der Stadt 🇩🇪\n\n" + TEXT).encode(),
        "ansi and controls.txt": (
            "\x1b[31mRed\x1b[0m \x1b]0;title\x07 \x08\x0c\n\n" + TEXT
        ).encode(),
        "markup.txt": (
            "[bold]not bold[/bold] [link=http://x]y[/link] [@click=app.quit]q[/]\n\n" + TEXT
        ).encode(),
        "malformed.html": b"<html><body><p>Unclosed <b>tags <i>everywhere"
        + TEXT.encode()
        + b"</p></div></span><p",
        "malformed.md": b"---\ntitle: [unclosed\n# Heading *with ** stars\n\n" + TEXT.encode(),
        "name with spaces.txt": TEXT.encode(),
        "name\nwith newline.txt": TEXT.encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    odd_name = os.fsencode(folder) + b"/latin1 name \xe9t\xe9.txt"
    with open(odd_name, "wb") as handle:
        handle.write(TEXT.encode())
    os.symlink(folder, folder / "loop")
    return files


def test_an_odd_folder_loads_what_can_be_read_and_says_why_not(tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    make_corpus(folder)
    library = load_library([folder], LibraryCache(tmp_path / "cache.sqlite3"))
    by_name = {entry.path.name: entry for entry in library.entries}
    assert len(by_name) == 20  # each file once: the symlink loop adds nothing
    reasons = {e.path.name: e.reason for e in library.skipped}
    assert set(reasons) == {"empty.txt", "whitespace.txt", "image.txt", "nul bytes.txt"}
    assert all(reasons.values())
    for article in library.articles:
        text = article.title + article.body_text
        assert "\x1b" not in text and "\x07" not in text  # shown as symbols, never sent
        assert article.language != "" and article.words > 0
    assert by_name["markup.txt"].title.startswith("[bold]not bold[/bold]")  # type: ignore[union-attr]
    assert "Größe" in by_name["latin1.txt"].title  # type: ignore[union-attr]
    assert "“café”" in by_name["cp1252.txt"].title  # type: ignore[union-attr]
    assert any(name.startswith("latin1 name") for name in by_name)


def test_the_cli_lists_an_odd_folder_and_exits_0(tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    make_corpus(folder)
    env = {**os.environ, "READER_CACHE_DIR": str(tmp_path / "cache")}
    for extra in ([], ["--json"]):
        result = subprocess.run(
            [sys.executable, "-m", "reader", "list", str(folder), *extra],
            capture_output=True,
            cwd=REPO,
            env=env,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert b"empty.txt: empty file" in result.stderr
        assert b"Traceback" not in result.stderr
    records = json.loads(result.stdout)
    assert len(records) == 20 and sum("error" in r for r in records) == 4


def test_a_file_that_disappears_or_turns_unreadable_mid_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in "abcd":
        (tmp_path / f"{name}.txt").write_text(TEXT, encoding="utf-8")
    real_files = iter_article_files

    def files_then_trouble(paths: list[Path]) -> Iterator[Path]:
        for path in real_files(paths):
            if path.name == "a.txt":
                (tmp_path / "b.txt").unlink()  # gone after it was listed
                (tmp_path / "c.txt").chmod(0)
                (tmp_path / "c.txt").rename(tmp_path / "c.moved")
                (tmp_path / "c.txt").mkdir()  # and a folder where a file was
            yield path

    monkeypatch.setattr(library_module, "iter_article_files", files_then_trouble)
    entries = {e.path.name: e for e in scan([tmp_path])}
    assert isinstance(entries["a.txt"], Article) and isinstance(entries["d.txt"], Article)
    assert entries["b.txt"] == LoadError(tmp_path / "b.txt", "file disappeared while reading")
    assert isinstance(entries["c.txt"], LoadError) and "directory" in entries["c.txt"].reason


def test_a_folder_that_cannot_be_listed_is_a_skipped_entry_saying_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Permission bits do not stop root (the tests may run as root): the listing is refused the
    # way the kernel refuses it to a user without read permission on the folder.
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    private = tmp_path / "private"
    private.mkdir()
    (private / "hidden from us.txt").write_text(TEXT, encoding="utf-8")
    real_scandir = os.scandir

    def scandir_refusing_private(path: os.PathLike[str] | str = ".") -> Iterator[os.DirEntry[str]]:
        if Path(path) == private:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[return-value]

    monkeypatch.setattr(os, "scandir", scandir_refusing_private)
    entries = list(scan([tmp_path]))
    assert isinstance(entries[0], Article) and entries[0].path.name == "a.txt"
    assert entries[1:] == [LoadError(private, "folder cannot be listed: Permission denied")]


def test_huge_files_load_in_bounded_time(tmp_path: Path) -> None:
    single_line = tmp_path / "single line.txt"
    words = ("kata " * 10 + "Jakarta. ") * (50 * 1024 * 1024 // 60)
    single_line.write_text(words, encoding="utf-8")
    many = tmp_path / "many paragraphs.txt"
    many.write_text("\n\n".join(f"Paragraf nomor {n} di sini." for n in range(100_000)))
    started = time.monotonic()
    entries = list(scan([tmp_path]))
    assert time.monotonic() - started < 120  # generous: this is about never hanging
    by_name = {e.path.name: e for e in entries}
    assert isinstance(by_name["many paragraphs.txt"], Article)
    assert len(by_name["many paragraphs.txt"].paragraphs) >= 99_999
    assert isinstance(by_name["single line.txt"], Article)
    assert len(by_name["single line.txt"].title) < 200


def test_a_folder_of_ten_thousand_files(tmp_path: Path) -> None:
    for number in range(10_000):
        (tmp_path / f"{number:05d}.txt").write_text(f"Berita nomor {number} hari ini.\n")
    entries = list(scan([tmp_path]))
    assert len(entries) == 10_000
    assert all(isinstance(e, Article) for e in entries)
    assert entries[-1].path.name == "09999.txt"


def test_a_file_that_grew_after_its_size_was_taken_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "growing.txt"
    path.write_text(TEXT, encoding="utf-8")
    real_fstat = os.fstat

    def size_before_it_grew(descriptor: int) -> os.stat_result:
        info = list(real_fstat(descriptor))
        info[6] = 10  # st_size: as when it was taken, before the rest was written
        return os.stat_result(info)

    monkeypatch.setattr(reading.os, "fstat", size_before_it_grew)
    article = load_article(path, detect_languages=False)
    assert isinstance(article, Article)
    assert "\n\n".join(p.text for p in article.paragraphs) == TEXT


def test_markup_that_trips_html_parser_costs_nothing(tmp_path: Path) -> None:
    # Four bytes after a paragraph made html.parser raise AssertionError, and `reader list`
    # listed nothing of the folder.
    (tmp_path / "odd.html").write_text("<p>Hello world, this is text.</p><![>", encoding="utf-8")
    (tmp_path / "story.txt").write_text(TEXT, encoding="utf-8")
    odd = load_article(tmp_path / "odd.html")
    assert isinstance(odd, Article) and odd.title == "Hello world, this is text"
    result = subprocess.run(
        [sys.executable, "-m", "reader", "list", str(tmp_path), "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(Path(r["path"]).name for r in json.loads(result.stdout)) == [
        "odd.html",
        "story.txt",
    ]
