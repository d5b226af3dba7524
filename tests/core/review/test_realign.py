"""Review work follows its text when the article file changes: each edit and approval lands on
the paragraph it was made on, wherever that paragraph went, and nothing is ever dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.review.segments import INITIAL, REVIEWED, STALE, TRANSLATED, SourceSegment
from reader.core.review.store import ReviewStore

DOC = "/articles/story.txt"
TEXTS = [
    "Der Stadtrat hat am Dienstag das alte Rathaus an einen Investor verkauft.",
    "Die Opposition kritisierte den Preis als viel zu niedrig und forderte eine Prüfung.",
    "Der Bürgermeister verteidigte die Entscheidung in einer langen Rede vor der Presse.",
    "Die Bauarbeiten sollen im kommenden Frühjahr beginnen und zwei Jahre dauern.",
]


def segments_for(texts: list[str]) -> list[SourceSegment]:
    return [SourceSegment(t, "de", f"MT of: {t}", "translate-de_en 1.0") for t in texts]


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    """A store where paragraph 1 is edited and paragraph 2 approved."""
    store = ReviewStore(tmp_path / "review.sqlite3")
    store.sync(DOC, "en", segments_for(TEXTS))
    store.edit(DOC, 1, "The opposition called the price far too low.")
    store.approve(DOC, 2)
    return store


def work(store: ReviewStore) -> dict[str, tuple[str, str | None]]:
    """Each paragraph's state and its reviewer's text, by the paragraph's source."""
    return {s.source: (s.state, s.target) for s in store.segments(DOC)}


EDIT = (TRANSLATED, "The opposition called the price far too low.")
APPROVAL = (REVIEWED, None)


def test_inserting_a_paragraph_moves_nothing(store: ReviewStore) -> None:
    inserted = "Ein neuer Absatz, den die Redaktion nachträglich eingefügt hat."
    store.sync(DOC, "en", segments_for([TEXTS[0], inserted, *TEXTS[1:]]))
    shown = work(store)
    assert shown[TEXTS[1]] == EDIT and shown[TEXTS[2]] == APPROVAL
    assert shown[inserted] == (INITIAL, None) and shown[TEXTS[0]] == (INITIAL, None)
    assert [s.position for s in store.segments(DOC)] == [0, 1, 2, 3, 4]


def test_deleting_a_paragraph_keeps_its_work_as_an_orphan(store: ReviewStore) -> None:
    store.sync(DOC, "en", segments_for([TEXTS[0], TEXTS[2], TEXTS[3]]))
    assert work(store)[TEXTS[2]] == APPROVAL
    (kept,) = store.orphans(DOC)
    assert (kept.segment.source, kept.segment.state, kept.segment.target) == (TEXTS[1], *EDIT)
    store.discard_orphan(DOC, kept.id)  # only when the reviewer says so
    assert store.orphans(DOC) == []


def test_moving_paragraphs(store: ReviewStore) -> None:
    store.sync(DOC, "en", segments_for([TEXTS[2], TEXTS[0], TEXTS[3], TEXTS[1]]))
    shown = work(store)
    assert shown[TEXTS[1]] == EDIT and shown[TEXTS[2]] == APPROVAL
    assert store.orphans(DOC) == []


def test_editing_a_paragraph_makes_it_stale_and_remembers_what_was_reviewed(
    store: ReviewStore,
) -> None:
    edited = TEXTS[1].replace("viel zu niedrig", "zu niedrig")
    store.sync(DOC, "en", segments_for([TEXTS[0], edited, TEXTS[2], TEXTS[3]]))
    segment = store.segments(DOC)[1]
    assert (segment.source, segment.state, segment.target) == (edited, STALE, EDIT[1])
    assert segment.reviewed_source == TEXTS[1]
    assert work(store)[TEXTS[2]] == APPROVAL


def test_splitting_and_merging_paragraphs(store: ReviewStore) -> None:
    first, second = TEXTS[1].split(" und ")
    split = [TEXTS[0], first + ".", "Sie " + second, TEXTS[2], TEXTS[3]]
    store.sync(DOC, "en", segments_for(split))
    segments = store.segments(DOC)
    assert (segments[1].state, segments[1].target) == (STALE, EDIT[1])  # the larger part
    assert segments[2].state == INITIAL and work(store)[TEXTS[2]] == APPROVAL
    merged = [TEXTS[0], TEXTS[1], TEXTS[2] + " " + TEXTS[3]]
    store.sync(DOC, "en", segments_for(merged))
    segments = store.segments(DOC)
    assert (segments[1].state, segments[1].target) == (STALE, EDIT[1])
    assert segments[2].state == STALE and segments[2].reviewed_source == TEXTS[2]


def test_an_unchanged_file_changes_nothing(store: ReviewStore) -> None:
    before = store.segments(DOC)
    assert store.sync(DOC, "en", segments_for(TEXTS)) == before


def test_re_opening_an_unchanged_file_writes_nothing(store: ReviewStore) -> None:
    other_process = ReviewStore(store.path)
    version = other_process.data_version()
    store.sync(DOC, "en", segments_for(TEXTS))
    assert other_process.data_version() == version
    store.sync(DOC, "en", segments_for(TEXTS[1:]))
    assert other_process.data_version() != version


@pytest.mark.parametrize(
    "texts",
    [
        [TEXTS[0], "Ein neuer Absatz, den die Redaktion eingefügt hat.", *TEXTS[1:]],
        [TEXTS[0], TEXTS[2]],
        [TEXTS[3], TEXTS[2], TEXTS[1], TEXTS[0]],
        [TEXTS[0], TEXTS[1].replace("viel zu", "zu"), *TEXTS[2:]],
        [*TEXTS, *TEXTS],
    ],
    ids=["inserted", "deleted", "moved", "edited", "doubled"],
)
def test_what_a_sync_returns_is_what_it_stored(store: ReviewStore, texts: list[str]) -> None:
    synced = store.sync(DOC, "en", segments_for(texts))
    assert synced == store.segments(DOC)
    assert [s.source for s in synced] == texts


def test_word_diff_shows_what_changed() -> None:
    from reader.core.review.segments import word_diff

    assert word_diff("Der Preis ist viel zu niedrig.", "Der Preis ist zu niedrig.") == (
        "Der Preis ist [-viel-] zu niedrig."
    )
    assert word_diff("a b", "a c") == "a [-b-] {+c+}"


def test_a_review_database_of_the_earlier_schema_is_upgraded_in_place(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "review.sqlite3"
    old = sqlite3.connect(db)
    old.execute(
        "CREATE TABLE segment (document TEXT NOT NULL, position INTEGER NOT NULL,"
        " source_hash TEXT NOT NULL, source TEXT NOT NULL, source_language TEXT NOT NULL,"
        " target_language TEXT NOT NULL, mt TEXT, mt_model TEXT, target TEXT,"
        " state TEXT NOT NULL, newer_mt TEXT, newer_mt_model TEXT, updated REAL NOT NULL,"
        " PRIMARY KEY (document, position))"
    )
    old.execute(
        "INSERT INTO segment VALUES (?, 0, 'h', ?, 'de', 'en', 'MT', 'm', 'Edit', ?, NULL,"
        " NULL, 0)",
        (DOC, TEXTS[0], TRANSLATED),
    )
    old.commit()
    old.close()
    store = ReviewStore(db)
    (segment,) = store.segments(DOC)
    assert (segment.target, segment.state, segment.reviewed_source) == ("Edit", TRANSLATED, None)
    assert store.sync(DOC, "en", segments_for(TEXTS[:1]))[0].target == "Edit"  # kept, re-hashed
    assert ReviewStore(db).segments(DOC)[0].target == "Edit"
