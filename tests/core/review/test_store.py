"""Review store, MT warnings, and exports read back by translate-toolkit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reader.core.review.checks import (
    length_ratio,
    missing_anchors,
    repeated_words,
    same_as_source,
    subword_marks,
    warnings_for,
)
from reader.core.review.export import ExportDocument, export
from reader.core.review.segments import INITIAL, REVIEWED, STALE, TRANSLATED, SourceSegment
from reader.core.review.store import ReviewStore
from tests.conftest import REPO

DOC = "/articles/story.txt"
PARAGRAPHS = [
    SourceSegment("Hallo Welt.", "de", "Hello world.", "translate-de_en 1.0"),
    SourceSegment("Das Haus ist groß.", "de", "The house is big.", "translate-de_en 1.0"),
    SourceSegment("Ende.", "de", None, None),
]


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    return ReviewStore(tmp_path / "review.sqlite3")


def test_new_segments_start_as_machine_translation(store: ReviewStore) -> None:
    segments = store.sync(DOC, "en", PARAGRAPHS)
    assert [(s.state, s.text) for s in segments] == [
        (INITIAL, "Hello world."),
        (INITIAL, "The house is big."),
        (INITIAL, None),
    ]


def test_approve_edit_revert_persist(store: ReviewStore, tmp_path: Path) -> None:
    store.sync(DOC, "en", PARAGRAPHS)
    store.approve(DOC, 0)
    store.edit(DOC, 1, "The house is large.")
    store.edit(DOC, 2, "The end.")
    store.close()
    reopened = ReviewStore(tmp_path / "review.sqlite3")
    segments = reopened.segments(DOC)
    assert [(s.state, s.text) for s in segments] == [
        (REVIEWED, "Hello world."),
        (TRANSLATED, "The house is large."),
        (TRANSLATED, "The end."),
    ]
    assert reopened.progress() == {DOC: (1, 3)}
    reopened.revert(DOC, 1)
    assert reopened.segments(DOC)[1].state == INITIAL
    assert reopened.segments(DOC)[1].text == "The house is big."


def test_new_mt_never_overwrites_reviewed_work(store: ReviewStore) -> None:
    store.sync(DOC, "en", PARAGRAPHS)
    store.approve(DOC, 0)
    store.edit(DOC, 1, "The house is large.")
    newer = [
        SourceSegment(p.source, "de", (p.mt or "") + " (v2)", "translate-de_en 1.1")
        for p in PARAGRAPHS
    ]
    segments = store.sync(DOC, "en", newer)
    assert segments[0].text == "Hello world." and segments[0].newer_mt == "Hello world. (v2)"
    assert segments[1].text == "The house is large." and segments[1].newer_mt is not None
    assert segments[2].text == " (v2)" and segments[2].newer_mt is None  # untouched: updated
    store.revert(DOC, 0)  # taking the newer MT
    assert store.segments(DOC)[0].text == "Hello world. (v2)"


def test_changed_source_marks_only_that_paragraph_stale(store: ReviewStore) -> None:
    store.sync(DOC, "en", PARAGRAPHS)
    store.approve(DOC, 0)
    store.approve(DOC, 1)
    changed = [
        PARAGRAPHS[0],
        SourceSegment("Das Haus ist klein.", "de", "The house is small.", "translate-de_en 1.0"),
        PARAGRAPHS[2],
    ]
    segments = store.sync(DOC, "en", changed)
    assert [s.state for s in segments] == [REVIEWED, STALE, INITIAL]
    assert segments[1].source == "Das Haus ist klein."


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from reader.core.review.store import ReviewStore, SourceSegment
    store = ReviewStore(Path(sys.argv[1]))
    paragraphs = [SourceSegment(f"Satz {n}.", "de", f"Sentence {n}.", "m") for n in range(500)]
    store.sync("doc", "en", paragraphs)
    for n in range(500):
        if n % 2:
            store.approve("doc", n)
        else:
            store.edit("doc", n, f"Edited sentence {n}.")
        print(n, flush=True)  # after the commit: this change must survive anything
""")


def test_kill_minus_nine_loses_no_saved_change(tmp_path: Path) -> None:
    db = tmp_path / "review.sqlite3"
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    confirmed = -1
    deadline = time.monotonic() + 60
    while confirmed < 40 and time.monotonic() < deadline:
        confirmed = int(process.stdout.readline())
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    segments = ReviewStore(db).segments("doc")
    assert len(segments) == 500
    for segment in segments[: confirmed + 1]:
        if segment.position % 2:
            assert segment.state == REVIEWED
        else:
            assert (segment.state, segment.text) == (
                TRANSLATED,
                f"Edited sentence {segment.position}.",
            )


TWO_REVIEWERS = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from reader.core.review.store import ReviewStore, SourceSegment

    store = ReviewStore(Path(sys.argv[1]))
    first, step, start = int(sys.argv[2]), 2, float(sys.argv[3])
    segments = [SourceSegment(f"Satz {n}.", "de", f"Sentence {n}.", "m") for n in range(200)]
    store.segments("doc")  # connected: what is left is the race itself
    time.sleep(max(0.0, start - time.time()))  # both open the article at the same moment
    store.sync("doc", "en", segments)
    for n in range(first, 200, step):
        store.edit("doc", n, f"Edited by {first}: {n}.")
""")


def test_two_processes_reviewing_one_article_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "review.sqlite3"
    start = str(time.time() + 1.5)
    reviewers = [
        subprocess.Popen(
            [sys.executable, "-c", TWO_REVIEWERS, str(db), str(first), start], cwd=REPO
        )
        for first in (0, 1)
    ]
    assert [process.wait(timeout=120) for process in reviewers] == [0, 0]  # no "locked" error
    segments = ReviewStore(db).segments("doc")
    assert [s.text for s in segments] == [f"Edited by {n % 2}: {n}." for n in range(200)]


@pytest.mark.parametrize(
    ("check", "bad", "good"),
    [
        (
            repeated_words,
            ("Er sagte das.", "He said said said that."),
            ("Er sagte, er sagte es.", "He said he said it."),
        ),
        (subword_marks, ("Ein Satz.", "A sen@@ tence."), ("Ein Satz.", "A sentence.")),
        (subword_marks, ("Ein Satz.", "A ▁sentence."), ("Ein Satz.", "A sentence.")),
        (
            length_ratio,
            ("Ein ziemlich langer Satz über das Wetter von morgen.", "Weather."),
            (
                "Ein ziemlich langer Satz über das Wetter von morgen.",
                "A fairly long sentence about tomorrow's weather.",
            ),
        ),
        (
            same_as_source,
            ("Das ist ein ganz normaler Satz.", "Das ist ein ganz normaler Satz."),
            ("Das ist ein ganz normaler Satz.", "This is a perfectly normal sentence."),
        ),
        (
            missing_anchors,
            ("Laut Agarwal zahlte er 2018 rund 40 Millionen.", "He paid millions."),
            (
                "Laut Agarwal zahlte er 2018 rund 40 Millionen.",
                "Agarwal says he paid 40 million in 2018.",
            ),
        ),
    ],
)
def test_each_warning_fires_on_its_sign_only(check, bad, good) -> None:  # type: ignore[no-untyped-def]
    assert check(*bad, ("de", "en"))
    assert check(*good, ("de", "en")) is None


def test_german_nouns_are_not_missing_names() -> None:
    source = "Musk zahlte 2018 rund 40 Millionen an OpenAI."
    assert missing_anchors(source, "Musk paid 40 millions to OpenAI in 2018.", ("de", "en")) is None
    assert missing_anchors(source, "Musk paid millions.", ("de", "en")) == (
        "missing from the translation: 2018, 40, openai"
    )
    # Capitalised, but not letters only (or not once in lower case): still names.
    assert missing_anchors(
        "Airbus liefert die A380 an @lufthansa und die İl-Behörde.",
        "Airbus delivers the plane to the authority.",
        ("de", "en"),
    ) == ("missing from the translation: @lufthansa, a380, i̇l")


def test_warnings_explain_themselves() -> None:
    reasons = warnings_for(
        "Musk zahlte 2018 rund 40 Millionen an OpenAI.",
        "Musk paid paid paid millions ▁",
        ("de", "en"),
    )
    assert any("repeats “paid”" in r for r in reasons)
    assert any("missing from the translation: 2018, 40, openai" in r for r in reasons)


def exported(tmp_path: Path, fmt: str, store: ReviewStore) -> Path:
    store.sync(
        DOC,
        "en",
        PARAGRAPHS
        + [
            SourceSegment(
                'Größe <5 & "Zeichen" ‘©’ 東京',
                "de",
                'Size <5 & "signs" ‘©’ 東京',
                "translate-de_en 1.0",
            )
        ],
    )
    store.approve(DOC, 0)
    store.edit(DOC, 1, "The house is large.")
    document = ExportDocument("story.txt", "Story", "de", "en", store.segments(DOC))
    path = tmp_path / f"out.{fmt}"
    path.write_text(export([document], fmt), encoding="utf-8")
    return path


def test_tmx_round_trips_through_translate_toolkit(tmp_path: Path, store: ReviewStore) -> None:
    from translate.storage import tmx

    units = list(tmx.tmxfile(exported(tmp_path, "tmx", store).read_bytes()).units)
    assert [(u.source, u.target) for u in units] == [
        ("Hallo Welt.", "Hello world."),
        ("Das Haus ist groß.", "The house is large."),
        ('Größe <5 & "Zeichen" ‘©’ 東京', 'Size <5 & "signs" ‘©’ 東京'),
    ]  # no MT: left out
    states = [
        [p.text for p in u.xmlelement.findall("prop") if p.get("type") == "x-state"] for u in units
    ]
    assert states == [[REVIEWED], [TRANSLATED], [INITIAL]]
    assert units[0].getnotes() == "machine translation: translate-de_en 1.0"
    text = (tmp_path / "out.tmx").read_text(encoding="utf-8")
    assert 'srclang="de"' in text and 'xml:lang="en"' in text


def test_xliff_round_trips_through_translate_toolkit(tmp_path: Path, store: ReviewStore) -> None:
    from translate.storage import xliff2

    parsed = xliff2.Xliff2File(exported(tmp_path, "xliff", store).read_bytes())
    assert (parsed.getsourcelanguage(), parsed.gettargetlanguage()) == ("de", "en")
    units = list(parsed.units)
    assert [(u.source, u.target) for u in units] == [
        ("Hallo Welt.", "Hello world."),
        ("Das Haus ist groß.", "The house is large."),
        ("Ende.", None),
        ('Größe <5 & "Zeichen" ‘©’ 東京', 'Size <5 & "signs" ‘©’ 東京'),
    ]
    assert [(u.isapproved(), u.istranslated(), u.isfuzzy()) for u in units] == [
        (True, True, False),
        (False, True, False),
        (False, False, False),
        (False, False, True),
    ]
    assert [u.xmlelement.get("state") for u in units] == [
        "reviewed",
        "translated",
        "initial",
        "initial",
    ]
    assert "machine translation: translate-de_en 1.0" in (tmp_path / "out.xliff").read_text()


def test_markdown_and_json(tmp_path: Path, store: ReviewStore) -> None:
    import json

    markdown = exported(tmp_path, "md", store).read_text()
    assert "> Hallo Welt.\n\nHello world." in markdown and "## ¶ 1 (translated)" in markdown
    data = json.loads(exported(tmp_path, "json", store).read_text())
    first = data[0]["segments"][1]
    assert (first["target"], first["machine_translation"], first["edited"]) == (
        "The house is large.",
        "The house is big.",
        True,
    )


def test_unreadable_review_db_is_kept_not_deleted(tmp_path: Path) -> None:
    db = tmp_path / "review.sqlite3"
    garbage = b"not a database at all " * 200
    db.write_bytes(garbage)
    store = ReviewStore(db)
    store.sync(DOC, "en", PARAGRAPHS)  # works on a fresh database
    assert store.recovered is not None and "kept as" in store.recovered
    (kept,) = tmp_path.glob("review.sqlite3.unreadable-*")
    assert kept.read_bytes() == garbage
    assert len(store.segments(DOC)) == 3


def test_a_save_over_another_processes_change_is_refused_not_lost(tmp_path: Path) -> None:
    from reader.core.review.segments import APPROVE, EDIT, Change, ChangedElsewhere

    mine, theirs = ReviewStore(tmp_path / "r.sqlite3"), ReviewStore(tmp_path / "r.sqlite3")
    seen = mine.sync(DOC, "en", PARAGRAPHS)[1]  # what this reviewer has on screen
    theirs.sync(DOC, "en", PARAGRAPHS)  # opening the article elsewhere changes nothing...
    mine.apply(DOC, Change.on(seen, APPROVE))  # ...so this save goes through
    theirs.edit(DOC, 1, "The house is huge.")  # then the other reviewer edits it
    with pytest.raises(ChangedElsewhere) as refused:
        mine.apply(DOC, Change.on(seen, EDIT, text="The house is large."))
    assert refused.value.current is not None and refused.value.current.text == "The house is huge."
    assert mine.segments(DOC)[1].text == "The house is huge."  # nothing was overwritten
    # The reviewer, shown both, chooses to keep theirs over it.
    mine.apply(DOC, Change.on(refused.value.current, EDIT, text="The house is large."))
    assert theirs.segments(DOC)[1].text == "The house is large."


def test_a_change_never_lands_on_another_paragraph(store: ReviewStore) -> None:
    from reader.core.review.segments import APPROVE, Change, ChangedElsewhere

    seen = store.sync(DOC, "en", PARAGRAPHS)[1]
    store.sync(
        DOC, "en", [PARAGRAPHS[0], SourceSegment("Neu.", "de", "New.", "m"), *PARAGRAPHS[1:]]
    )
    with pytest.raises(ChangedElsewhere) as refused:
        store.apply(DOC, Change.on(seen, APPROVE))  # position 1 now holds another paragraph
    assert refused.value.current is None
    assert [s.state for s in store.segments(DOC)] == [INITIAL] * 4


def test_undo_puts_back_the_edit_and_the_translation_it_was_on(store: ReviewStore) -> None:
    from reader.core.review.segments import RESTORE, REVERT, Change

    store.sync(DOC, "en", PARAGRAPHS)
    store.edit(DOC, 0, "Hello, world!")
    store.sync(DOC, "en", [SourceSegment("Hallo Welt.", "de", "Hi world.", "m 2"), *PARAGRAPHS[1:]])
    before = store.segments(DOC)[0]
    assert before.newer_mt == "Hi world."
    reverted = store.apply(DOC, Change.on(before, REVERT))
    assert (reverted.text, reverted.state, reverted.newer_mt) == ("Hi world.", INITIAL, None)
    restored = store.apply(DOC, Change.on(reverted, RESTORE, previous=before))
    assert (restored.text, restored.state, restored.mt, restored.newer_mt) == (
        "Hello, world!",
        TRANSLATED,
        "Hello world.",
        "Hi world.",
    )


def test_another_programs_database_is_set_aside_not_written(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "review.sqlite3"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE users (name TEXT)")
    other.execute("INSERT INTO users VALUES ('ada')")
    other.commit()
    other.close()
    store = ReviewStore(path)
    assert store.sync(DOC, "en", PARAGRAPHS)  # a fresh review database took its place
    assert store.recovered is not None and "not a reader file" in store.recovered
    (kept,) = tmp_path.glob("review.sqlite3.unreadable-*")
    assert sqlite3.connect(kept).execute("SELECT name FROM users").fetchall() == [("ada",)]


def test_a_wal_file_of_another_database_is_set_aside_and_the_review_kept(
    tmp_path: Path,
) -> None:
    """A backup of the review database restored beside another database's -wal file: SQLite
    would replay that WAL into it (the segments were replaced by an empty table once)."""
    import shutil
    import sqlite3

    path = tmp_path / "review.sqlite3"
    store = ReviewStore(path)
    store.sync(DOC, "en", PARAGRAPHS)
    store.edit(DOC, 1, "The house is large.")
    store.close()
    assert not Path(f"{path}-wal").exists()
    other = sqlite3.connect(tmp_path / "other.sqlite3", isolation_level=None)
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("PRAGMA wal_autocheckpoint=0")
    other.execute("CREATE TABLE notes (text TEXT)")
    other.execute("INSERT INTO notes VALUES ('not a review')")
    shutil.copy(tmp_path / "other.sqlite3-wal", f"{path}-wal")  # while it is still in use
    other.close()
    reopened = ReviewStore(path)
    assert reopened.segments(DOC)[1].text == "The house is large."
    assert reopened.recovered is not None and "belonged to another database" in reopened.recovered
    assert list(tmp_path.glob("review.sqlite3.foreign-*-wal"))


def test_a_review_database_from_before_the_stamps_is_kept_and_stamped(tmp_path: Path) -> None:
    import sqlite3

    from reader.core.storage.sqlite import REVIEW_ID

    path = tmp_path / "review.sqlite3"
    first = ReviewStore(path)
    first.sync(DOC, "en", PARAGRAPHS)
    first.close()
    unstamped = sqlite3.connect(path)
    unstamped.execute("PRAGMA application_id=0")
    unstamped.commit()
    unstamped.close()
    store = ReviewStore(path)
    assert len(store.segments(DOC)) == 3 and store.recovered is None
    assert sqlite3.connect(path).execute("PRAGMA application_id").fetchone() == (REVIEW_ID,)
