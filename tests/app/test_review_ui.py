"""Review mode keys and states, driven by Pilot."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from reader.core.review import REVIEWED, TRANSLATED, ReviewStore, document_key
from reader.screens.review import EditScreen, ReviewScreen
from reader.widgets.article_list import ArticleList
from reader.widgets.parallel_view import ParallelView
from reader.widgets.screen_title import ScreenTitle
from tests.app.conftest import settle, start_review
from tests.conftest import seed


async def open_review(pilot) -> ReviewScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("G")  # 004, German
    await settle(pilot)
    return await start_review(pilot)


async def test_approve_edit_revert_and_progress(build_app, seeds: Path, german_model: Path) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_review(pilot)
        assert len(review.segments) == 9
        assert review.segments[1].text.startswith("After Elon Musk this month")
        await pilot.press("j", "a")  # approve paragraph 1; the cursor moves on
        assert review.segments[1].state == REVIEWED
        assert review.query_one(ParallelView).cursor == 2
        await pilot.press("e")
        assert isinstance(app.screen, EditScreen)
        editor = app.screen.query_one(TextArea)
        editor.text = "A corrected translation."
        await pilot.press("ctrl+s")
        assert review.segments[2].state == TRANSLATED
        assert review.segments[2].text == "A corrected translation."
        await pilot.press("u")
        assert review.segments[2].text.startswith("„Diese Woche")
        await pilot.press("escape")
        await pilot.pause()
        row = app.screen.query_one(ArticleList).cells(4)
        assert row[4] == "1/9"
    # Saved as it happened: a new store (a new process) sees it.
    segments = ReviewStore().segments(document_key(seed("004")))
    assert [s.state for s in segments][:3] == ["initial", REVIEWED, "initial"]


async def test_escape_in_editor_asks_before_dropping_changes(
    build_app, seeds: Path, german_model: Path
) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_review(pilot)
        await pilot.press("e")
        app.screen.query_one(TextArea).text = "changed"
        await pilot.press("escape")
        assert isinstance(app.screen, EditScreen)  # still open: asked first
        await pilot.press("escape")
        assert app.screen is review
        assert review.segments[0].state == "initial"


async def test_next_unreviewed_and_warnings(build_app, tmp_path: Path, german_model: Path) -> None:
    (tmp_path / "story.txt").write_text(
        "Der Stadtrat hat am Dienstag 2018 das Haus gekauft und die Welt ist schön.\n\n"
        "Der Stadtrat kam am Mittwoch nicht zusammen, sagte ein Sprecher der Stadt.\n\n"
        "Das Unternehmen ist groß und die Welt ist schön, sagte der Stadtrat am Dienstag."
    )
    app = build_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        review = await start_review(pilot)
        # The model knows none of the second paragraph's words: its "translation" is a copy.
        assert [bool(w) for w in review.warnings] == [False, True, False]
        assert "identical to the source" in review.warnings[1][0]
        await pilot.press("w")
        assert review.query_one(ParallelView).cursor == 1
        await pilot.press("g", "a", "a")
        await pilot.press("g", "n")
        assert review.query_one(ParallelView).cursor == 2


async def test_export_from_review_writes_xliff_and_tmx(
    build_app,
    seeds: Path,
    german_model: Path,
    tmp_path: Path,
    monkeypatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(pilot)
        await pilot.press("x")
    stem = seed("004").stem
    assert (tmp_path / f"{stem}.en.xliff").read_text().count("<unit ") == 9
    assert (tmp_path / f"{stem}.en.tmx").read_text().count("<tu ") == 9


async def test_an_edit_that_cannot_be_saved_is_kept_and_retried(
    build_app, seeds: Path, german_model: Path, monkeypatch
) -> None:
    import sqlite3

    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_review(pilot)
        real_edit = ReviewStore.edit
        failures = iter([sqlite3.OperationalError("database or disk is full")])

        def failing_once(self, document, position, text):  # type: ignore[no-untyped-def]
            error = next(failures, None)
            if error is not None:
                raise error
            real_edit(self, document, position, text)

        monkeypatch.setattr(ReviewStore, "edit", failing_once)
        await pilot.press("e")
        app.screen.query_one(TextArea).text = "Kept through a full disk."
        await pilot.press("ctrl+s")
        assert app.screen is review and len(review.pending) == 1  # no crash, nothing lost
        assert any("disk is full" in n.message for n in app._notifications)
        await pilot.press("j", "a")  # the next change first saves the kept one
        assert review.pending == []
        assert review.segments[0].text == "Kept through a full disk."
        assert review.segments[1].state == REVIEWED


async def test_a_damaged_review_file_is_reported_on_screen(build_app, seeds: Path) -> None:
    from reader.core.review import review_db

    review_db().parent.mkdir(parents=True, exist_ok=True)
    review_db().write_bytes(b"garbage" * 500)
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("review database could not be read" in m and "kept as" in m for m in messages)


async def test_review_follows_its_text_when_the_file_changes(
    build_app, tmp_path: Path, german_model: Path
) -> None:
    story = tmp_path / "story.txt"
    first = "Der Stadtrat hat am Dienstag das Haus gekauft und die Welt ist schön."
    second = "Das Unternehmen ist groß und die Welt ist schön, sagte der Stadtrat am Dienstag."
    story.write_text(f"{first}\n\n{second}\n", encoding="utf-8")
    app = build_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await start_review(pilot)
        await pilot.press("j", "a")  # approve the second paragraph
        assert app.screen.segments[1].state == REVIEWED
        await pilot.press("escape")
    # A paragraph inserted before it, and the approved one edited.
    inserted = "Hallo Welt, ein neuer Absatz steht jetzt hier ganz oben im Text."
    story.write_text(
        f"{first}\n\n{inserted}\n\n{second.replace('groß', 'sehr groß')}\n", encoding="utf-8"
    )
    app = build_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        review = await start_review(pilot)
        assert [s.state for s in review.segments] == ["initial", "initial", "stale"]
        notes = review.query_one(ParallelView).rows[2].cells[1].notes
        assert any("{+sehr+}" in note for note in notes)


async def test_review_says_why_when_it_cannot_be_prepared(
    build_app, seeds: Path, german_model: Path, isolated_home: Path, monkeypatch
) -> None:
    # The data folder's place is taken by a file: the review database cannot be created.
    blocker = isolated_home / "blocked"
    blocker.write_text("not a folder")
    monkeypatch.setenv("READER_DATA_DIR", str(blocker / "data"))
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        review = await start_review(pilot)
        shown = str(review.query_one(ScreenTitle).render())
        assert "The review could not be prepared" in shown
        assert "Preparing the machine translation" not in shown
