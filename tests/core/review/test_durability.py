"""Review work under attack: kill -9 at random moments, damaged files, a full disk. Nothing
saved is lost, nothing lands on the wrong text, every failure is said. The figures these tests
reach are recorded in the README's reliability section."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reader.core.articles.model import LoadError
from reader.core.review.segments import REVIEWED, TRANSLATED, SourceSegment
from reader.core.review.store import ReviewStore
from reader.core.settings.state import ReadingState
from reader.core.translation.cache import TranslationCache
from tests.conftest import REPO

PARAGRAPHS = 300
KILLS = 25
SOURCES = [
    SourceSegment(f"Satz Nummer {n}.", "de", f"Sentence {n}.", "m") for n in range(PARAGRAPHS)
]

# Approves or edits random paragraphs for ever; prints each change after its commit.
WRITER = textwrap.dedent("""
    import random, sys
    from pathlib import Path
    from reader.core.review.store import ReviewStore, SourceSegment
    store = ReviewStore(Path(sys.argv[1]))
    sources = [SourceSegment(f"Satz Nummer {n}.", "de", f"Sentence {n}.", "m") for n in range(300)]
    store.sync("doc", "en", sources)
    rng = random.Random(int(sys.argv[2]))
    while True:
        n = rng.randrange(300)
        if rng.random() < 0.5:
            store.approve("doc", n)
            print(f"approve {n}", flush=True)
        else:
            text = f"Edit {rng.randrange(10**6)} of sentence {n}."
            store.edit("doc", n, text)
            print(f"edit {n} {text}", flush=True)
""")


def test_kill_minus_nine_at_random_moments_loses_nothing_saved(tmp_path: Path) -> None:
    db = tmp_path / "review.sqlite3"
    rng = random.Random(20261202)
    confirmed: dict[int, tuple[str, str | None]] = {}  # paragraph -> (state, edit) expected
    changes = 0
    in_flight = 0  # changes committed but killed before they were confirmed (one per kill)
    for kill in range(KILLS):
        process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), str(kill)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        first = process.stdout.readline()  # writing: the kill lands mid-loop, at random
        time.sleep(rng.uniform(0.0, 0.3))
        os.kill(process.pid, signal.SIGKILL)
        rest, _ = process.communicate()
        for line in [first, *rest.splitlines()]:
            action, number, *text = line.strip().split(" ", 2)
            n = int(number)
            changes += 1
            if action == "approve":  # an approval keeps the edit it approves
                confirmed[n] = (REVIEWED, confirmed.get(n, (REVIEWED, None))[1])
            else:
                confirmed[n] = (TRANSLATED, text[0])
        in_flight += 1
        stored = ReviewStore(db).segments("doc")
        assert len(stored) == PARAGRAPHS
        assert all(s.source == f"Satz Nummer {s.position}." for s in stored)
        differing = [
            n
            for n, expected in confirmed.items()
            if (stored[n].state, stored[n].target) != expected
        ]
        # Only a change made after the last confirmed one (committed, not yet printed) may
        # differ, and it is a change of that same paragraph.
        assert len(differing) <= in_flight, differing
        for n in differing:
            assert stored[n].target is None or stored[n].target.endswith(f"sentence {n}.")
        in_flight = len(differing)
    assert changes > 10 * KILLS  # the kills landed among many confirmed changes


def _damage(path: Path, how: str, rng: random.Random) -> None:
    data = bytearray(path.read_bytes())
    if how == "truncated":
        path.write_bytes(bytes(data[: rng.randrange(1, len(data))]))
    elif how == "overwritten":
        start = rng.randrange(0, len(data) - 64)
        data[start : start + 64] = rng.randbytes(64)
        path.write_bytes(bytes(data))
    else:  # emptied header
        data[:100] = bytes(100)
        path.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["truncated", "overwritten", "header"])
def test_a_damaged_review_state_or_cache_file_is_said_and_kept(tmp_path: Path, how: str) -> None:
    rng = random.Random(how)
    for trial in range(10):
        folder = tmp_path / f"{trial}"
        folder.mkdir()
        review = ReviewStore(folder / "review.sqlite3")
        review.sync("doc", "en", SOURCES)
        review.edit("doc", 3, "Kept.")
        review.close()
        state = ReadingState(folder / "state.sqlite3")
        state.remember_position("article", 7)
        state.close()
        cache = TranslationCache(folder / "translations.sqlite3")
        cache.remember_article("article", "en", "Sentence.")
        cache.close()
        for name in ("review.sqlite3", "state.sqlite3", "translations.sqlite3"):
            _damage(folder / name, how, rng)
        reopened = ReviewStore(folder / "review.sqlite3")
        try:
            segments = reopened.segments("doc")
        except sqlite3.DatabaseError:
            # Damage past the first pages shows only when they are read: the store is then
            # said to be damaged on use, and the file is never deleted.
            segments = None
        if reopened.recovered:
            assert list(folder.glob("review.sqlite3.unreadable-*"))
        elif segments:
            assert segments[3].text == "Kept."
        ReadingState(folder / "state.sqlite3").position("article")  # never raises
        TranslationCache(folder / "translations.sqlite3").has_article("article", "en")


def _can_mount_tmpfs() -> bool:
    if os.geteuid() != 0 or sys.platform != "linux":
        return False
    probe = Path("/tmp") / f"reader-tmpfs-probe-{os.getpid()}"
    probe.mkdir(exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)], capture_output=True
    )
    subprocess.run(["umount", str(probe)], capture_output=True)
    probe.rmdir()
    return mounted.returncode == 0


@pytest.mark.skipif(not _can_mount_tmpfs(), reason="needs to mount a tmpfs (root on Linux)")
def test_a_full_disk_refuses_changes_cleanly_and_loses_none_saved(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(disk)], check=True)
    try:
        store = ReviewStore(disk / "review.sqlite3")
        store.sync("doc", "en", SOURCES)
        filler = disk / "filler"
        with filler.open("wb", buffering=0) as file:  # the disk fills up with something else
            try:
                while True:
                    file.write(b"x" * 4096)
            except OSError:
                pass
        saved: dict[int, str] = {}
        refused = 0
        for n in range(PARAGRAPHS):
            text = f"A long edit of sentence {n}: " + "word " * 200
            try:
                store.edit("doc", n, text)
            except sqlite3.Error as error:
                assert "full" in str(error) or "disk" in str(error), error
                refused += 1
                continue
            saved[n] = text
        assert refused > 0  # the disk was full
        filler.unlink()  # space again: what was saved is there, and new changes save
        store.edit("doc", 0, "After the disk was freed.")
        store.close()
        reopened = ReviewStore(disk / "review.sqlite3")
        segments = reopened.segments("doc")
        reopened.close()
        assert segments[0].text == "After the disk was freed."
        for n, text in saved.items():
            if n:
                assert segments[n].text == text
    finally:
        store.close()
        subprocess.run(["umount", str(disk)], check=True)


def test_unsaved_work_written_at_exit_is_applied_by_the_next_review(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from reader.core.articles.parsing import load_article
    from reader.core.review.segments import APPROVE, EDIT, Change
    from reader.core.review.session import keep_unsaved, recover_unsaved
    from reader.core.review.store import document_key

    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "data"))
    story = tmp_path / "story.txt"
    texts = [f"Der Absatz Nummer {n} handelt von etwas ganz anderem." for n in range(3)]
    story.write_text("\n\n".join(texts), encoding="utf-8")
    article = load_article(story, detect_languages=False)
    assert not isinstance(article, LoadError)
    store = ReviewStore(tmp_path / "data" / "review.sqlite3")
    document = document_key(story)
    sources = [SourceSegment(t, "de", f"MT {n}", "m") for n, t in enumerate(texts)]
    segments = store.sync(document, "en", sources)
    # What a session that could not save held when it ended: an edit and an approval.
    edit = Change.on(segments[1], EDIT, text="Paragraph one, edited.")
    approval = Change.on(segments[2], APPROVE)
    shown = [segments[0], edit.applied_to(segments[1]), approval.applied_to(segments[2])]
    kept = keep_unsaved(article, "en", [edit, approval], shown)
    # Meanwhile the article lost its paragraph 2 (its approval is kept as an orphan then).
    story.write_text("\n\n".join(texts[:2]), encoding="utf-8")
    store.sync(document, "en", sources[:2])
    (applied,) = recover_unsaved(store, article, "en")
    assert applied.name == kept.name + ".applied" and not kept.exists()
    after = store.segments(document)
    assert (after[1].text, after[1].state) == ("Paragraph one, edited.", TRANSLATED)
    assert replace(after[0], updated=0.0) == replace(segments[0], updated=0.0)
    (orphan,) = store.orphans(document)  # the approved paragraph that is gone: kept
    assert (orphan.segment.source, orphan.segment.text) == (texts[2], "MT 2")
    assert recover_unsaved(store, article, "en") == []  # once only
