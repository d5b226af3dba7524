"""Review mode keys and states, driven by Pilot."""

from __future__ import annotations

import random
from pathlib import Path

from textual.widgets import TextArea

from reader.core.review.segments import REVIEWED, TRANSLATED
from reader.core.review.store import ReviewStore, document_key
from reader.ui.common.screen_title import ScreenTitle
from reader.ui.compare.parallel_view import ParallelView
from reader.ui.library.article_list import ArticleList
from reader.ui.library.main_screen import MainScreen
from reader.ui.review.dialogs import EditScreen
from reader.ui.review.review_screen import ReviewScreen
from tests.conftest import seed
from tests.ui.conftest import notifications, saved, settle, start_review, workers_done


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
        assert review.shown[1].state == REVIEWED  # shown at once, saved by the saver
        assert review.query_one(ParallelView).cursor == 2
        await pilot.press("e")
        assert isinstance(app.screen, EditScreen)
        editor = app.screen.query_one(TextArea)
        editor.text = "A corrected translation."
        await pilot.press("ctrl+s")
        await saved(pilot)
        assert review.segments[2].state == TRANSLATED
        assert review.segments[2].text == "A corrected translation."
        await pilot.press("u")
        assert review.shown[2].text.startswith("„Diese Woche")
        await pilot.press("z")  # the revert undone: the edit is back
        await saved(pilot)
        assert review.segments[2].text == "A corrected translation."
        await pilot.press("u")
        await pilot.press("escape")
        await pilot.pause()
        row = app.screen.query_one(ArticleList).cells(4)
        assert row[4] == "1/9"
    # Saved as it happened: a new store (a new process) sees it.
    segments = ReviewStore().segments(document_key(seed("004")))
    assert [s.state for s in segments][:3] == ["initial", REVIEWED, "initial"]


async def test_views_opened_from_a_translated_article_detect_and_translate_nothing_again(
    build_app, seeds: Path, german_model: Path, monkeypatch
) -> None:
    # The translation worker detected every paragraph's language; compare, review and versions
    # take the article as the library holds it since, instead of detecting them all again (for
    # a 2,000-paragraph article, seconds before review could open). And review takes the
    # reading pane's complete translation as its machine translation: no 2,000 cache lookups.
    from reader.core.language import detection as language
    from reader.core.translation.engine import TranslationEngine

    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("G")  # 004, German: translated at once by the test model
        await settle(pilot)
        detections: list[str] = []
        real_detect = language._detect  # every detection, of an article or of a paragraph
        monkeypatch.setattr(
            language,
            "_detect",
            lambda t, *allowed: detections.append(t.sample) or real_detect(t, *allowed),
        )
        translations: list[object] = []
        real_translate = TranslationEngine.translate
        monkeypatch.setattr(
            TranslationEngine,
            "translate",
            lambda engine, *args, **kwargs: (
                translations.append(args) or real_translate(engine, *args, **kwargs)
            ),
        )
        review = await start_review(pilot)
        assert translations == []
        assert review.segments[1].text.startswith("After Elon Musk this month")
        assert review.segments[1].mt_model
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("c")
        await workers_done(app)
        await pilot.press("escape")
        await pilot.pause()
        assert detections == []


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


async def test_a_long_review_shows_before_every_paragraph_is_checked(
    build_app, tmp_path: Path, german_model: Path, monkeypatch
) -> None:
    # The paragraphs in view are checked before the review shows; the rest after its first
    # frame, so a 2,000-paragraph review opens about as fast as a short one.
    rng = random.Random(3)
    words = "Hallo Welt Haus ist groß und die schön Der Stadtrat am Dienstag Monat".split()
    paragraphs = [" ".join(rng.sample(words, 12)) + "." for _ in range(80)]
    paragraphs[2] = "Ein Sprecher der Stadt kam nicht, sagte er am Mittwoch."  # unknown words
    paragraphs[70] = "Der Stadtrat kam am Mittwoch nicht zusammen, sagte ein Sprecher."
    (tmp_path / "long.txt").write_text("\n\n".join(paragraphs))
    held: list[object] = []
    check_the_rest = ReviewScreen._check_the_rest
    monkeypatch.setattr(ReviewScreen, "_check_the_rest", lambda _, rest: held.append(rest))
    # As when review opens before the main screen has checked the translation.
    monkeypatch.setattr(MainScreen, "_check_ahead", lambda *_: None)
    app = build_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        while not held:
            await pilot.pause(0.02)
        texts = [segment.source for segment in review.shown]
        near, far = texts.index(paragraphs[2]), texts.index(paragraphs[70])
        assert "identical to the source" in review.warnings[near][0]
        assert review.warnings[far] == []
        assert "checking for warnings…" in str(review.query_one(ScreenTitle).render())
        said = notifications(app)
        await pilot.press("w")
        assert "Still checking for warnings…" in said
        check_the_rest(review, held[0])
        await workers_done(app)
        await pilot.pause()
        assert "identical to the source" in review.warnings[far][0]
        assert "2 with warnings" in str(review.query_one(ScreenTitle).render())
        await pilot.press("g", "w", "w")
        assert review.query_one(ParallelView).current_row.unit == far  # type: ignore[union-attr]


async def test_a_review_of_an_article_read_in_translation_has_every_warning_at_once(
    build_app, tmp_path: Path, german_model: Path, monkeypatch
) -> None:
    # The main screen checks the open article's translation while it is read.
    paragraphs = [f"Hallo Welt, das Haus ist groß {n}." for n in range(80)]
    paragraphs[70] = "Der Stadtrat kam am Mittwoch nicht zusammen, sagte ein Sprecher."
    (tmp_path / "long.txt").write_text("\n\n".join(paragraphs))
    left: list[object] = []
    monkeypatch.setattr(ReviewScreen, "_check_the_rest", lambda _, rest: left.append(rest))
    app = build_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        review = await start_review(pilot)
        assert left == [] and not review.checking  # nothing was left to check after showing
        far = [segment.source for segment in review.shown].index(paragraphs[70])
        assert "identical to the source" in review.warnings[far][0]
        assert "1 with warnings" in str(review.query_one(ScreenTitle).render())


async def test_checks_that_fail_say_so_and_stop_saying_checking(
    build_app, tmp_path: Path, german_model: Path, monkeypatch
) -> None:
    from reader.core.review import checks

    paragraphs = [f"Hallo Welt, das Haus ist groß und die Welt ist schön {n}." for n in range(80)]
    (tmp_path / "long.txt").write_text("\n\n".join(paragraphs))
    real = checks.warnings_for

    def failing(source: str, text: str | None, pair: tuple[str, str]) -> list[str]:
        if source == paragraphs[70]:
            raise ValueError("a check's bug")
        return real(source, text, pair)

    monkeypatch.setattr(checks, "warnings_for", failing)  # as the worker checks
    app = build_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        review = await start_review(pilot)  # returns once checking is over
        assert not review.checking
        assert "could not be checked for warnings: a check's bug" in str(
            review.query_one(ScreenTitle).render()
        )


async def test_export_from_review_writes_xliff_and_tmx_next_to_the_article(
    build_app, german_model: Path, tmp_path: Path, monkeypatch
) -> None:
    import shutil

    monkeypatch.chdir(tmp_path)  # not where exports go
    articles = tmp_path / "articles"
    articles.mkdir()
    story = Path(shutil.copy(seed("004"), articles))
    app = build_app(articles)
    said = notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await start_review(pilot)
        await pilot.press("x")
        await workers_done(app)
        await pilot.press("x")  # again: it says it replaced the first export
        await workers_done(app)
        messages = list(said)
    assert (articles / f"{story.stem}.en.xliff").read_text().count("<unit ") == 9
    assert (articles / f"{story.stem}.en.tmx").read_text().count("<tu ") == 9
    assert "replacing the earlier exports" not in messages[-2]
    assert "replacing the earlier exports" in messages[-1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles", "home"]


async def test_an_edit_that_cannot_be_saved_is_kept_and_retried(
    build_app, seeds: Path, german_model: Path, monkeypatch
) -> None:
    import sqlite3

    from reader.core.review.segments import EDIT

    app = build_app(seeds)

    said = notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_review(pilot)
        real_apply = ReviewStore.apply
        failures = iter([sqlite3.OperationalError("database or disk is full")])

        def failing_once(self, document, change):  # type: ignore[no-untyped-def]
            if change.kind == EDIT and (error := next(failures, None)) is not None:
                raise error
            return real_apply(self, document, change)

        monkeypatch.setattr(ReviewStore, "apply", failing_once)
        monkeypatch.setattr("reader.ui.review.saving.WATCH_SECONDS", 0.1)
        await pilot.press("e")
        app.screen.query_one(TextArea).text = "Kept through a full disk."
        await pilot.press("ctrl+s")
        for _ in range(50):
            if any("disk is full" in m for m in said):
                break
            await pilot.pause(0.02)
        assert app.screen is review and len(review.unsaved) <= 1  # no crash, nothing lost
        assert any("disk is full" in m for m in said)
        assert review.shown[0].text == "Kept through a full disk."
        await pilot.press("j", "a")  # saved in order, once the disk takes it
        await saved(pilot)
        assert review.segments[0].text == "Kept through a full disk."
        assert review.segments[1].state == REVIEWED


async def test_review_never_waits_on_a_locked_database(
    build_app, seeds: Path, german_model: Path, monkeypatch
) -> None:
    """Another process holds the write lock: keys answer at once, the changes are shown, and
    they are saved, in order, when the lock is let go."""
    import sqlite3
    import time

    from reader.core.review.store import review_db

    monkeypatch.setattr("reader.ui.review.saving.WATCH_SECONDS", 0.1)
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_review(pilot)
        other = sqlite3.connect(review_db(), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # the other process's write transaction
        started = time.monotonic()
        await pilot.press("a", "a", "a")
        answered = time.monotonic() - started
        assert [s.state for s in review.shown[:3]] == [REVIEWED] * 3
        assert answered < 3.0  # a 10 s busy wait on the interface thread would not be
        assert len(review.unsaved) == 3
        other.execute("ROLLBACK")
        other.close()
        await saved(pilot)
        assert [s.state for s in review.segments[:3]] == [REVIEWED] * 3
    assert [s.state for s in ReviewStore().segments(document_key(seed("004")))][:3] == [
        REVIEWED
    ] * 3


async def test_an_edit_made_elsewhere_meanwhile_is_never_overwritten(
    build_app, seeds: Path, german_model: Path, monkeypatch
) -> None:
    monkeypatch.setattr("reader.ui.review.saving.WATCH_SECONDS", 0.1)
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_review(pilot)
        other = ReviewStore()  # another reader process, same article
        other.edit(document_key(seed("004")), 0, "Their title.")
        await pilot.press("e")  # made on what this screen still shows
        app.screen.query_one(TextArea).text = "My title."
        await pilot.press("ctrl+s")
        for _ in range(100):  # refused, and both texts offered
            if isinstance(app.screen, EditScreen):
                break
            await pilot.pause(0.02)
        assert isinstance(app.screen, EditScreen)
        assert "Their title." in app.screen.note
        assert app.screen.query_one(TextArea).text == "My title."
        assert review.segments[0].text == "Their title."  # and this view shows theirs
        await pilot.press("ctrl+s")  # the reviewer chooses theirs over it, knowingly
        await saved(pilot)
    assert other.segments(document_key(seed("004")))[0].text == "My title."


async def test_another_processes_change_shows_here(
    build_app, seeds: Path, german_model: Path, monkeypatch
) -> None:
    monkeypatch.setattr("reader.ui.review.saving.WATCH_SECONDS", 0.1)
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_review(pilot)
        ReviewStore().approve(document_key(seed("004")), 3)
        for _ in range(100):
            if review.segments[3].state == REVIEWED:
                break
            await pilot.pause(0.02)
        assert review.shown[3].state == REVIEWED


async def test_filter_save_and_next(build_app, seeds: Path, german_model: Path) -> None:
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_review(pilot)
        view = review.query_one(ParallelView)
        await pilot.press("a", "a")  # 0 and 1 approved
        await pilot.press("f")  # not approved only
        assert [row.unit for row in view.rows] == list(range(2, 9))
        await pilot.press("e")
        app.screen.query_one(TextArea).text = "Edited two."
        await pilot.press("ctrl+n")  # saved, and on to the next to do
        assert isinstance(app.screen, EditScreen)
        assert app.screen.source == review.shown[3].source
        await pilot.press("escape")
        await saved(pilot)
        assert review.segments[2].text == "Edited two."
        await pilot.press("f", "f", "f")  # warnings, stale, back to all
        assert len(view.rows) == 9


async def test_a_damaged_review_file_is_reported_on_screen(build_app, seeds: Path) -> None:
    from reader.core.review.store import review_db

    review_db().parent.mkdir(parents=True, exist_ok=True)
    review_db().write_bytes(b"garbage" * 500)
    app = build_app(seeds)
    said = notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        messages = list(said)
        assert any("review database could not be read" in m and "kept as" in m for m in messages)


def block_the_data_folder(home: Path, monkeypatch) -> Path:  # type: ignore[no-untyped-def]
    """The data folder's place taken by a file: no review database can be created until the
    returned file is removed."""
    blocker = home / "blocked"
    blocker.write_text("not a folder")
    monkeypatch.setenv("READER_DATA_DIR", str(blocker / "data"))
    return blocker


FIRST = "Der Stadtrat hat am Dienstag das Haus gekauft und die Welt ist schön."
SECOND = "Das Unternehmen ist groß und die Welt ist schön, sagte der Stadtrat am Dienstag."


async def approve_the_second_of_two(build_app, folder: Path) -> Path:  # type: ignore[no-untyped-def]
    """A two-paragraph story in ``folder`` whose second paragraph is approved; returns it."""
    story = folder / "story.txt"
    story.write_text(f"{FIRST}\n\n{SECOND}\n", encoding="utf-8")
    app = build_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await start_review(pilot)
        await pilot.press("j", "a")
        await saved(pilot)
        assert app.screen.segments[1].state == REVIEWED
        await pilot.press("escape")
    return story


async def test_review_follows_its_text_when_the_file_changes(
    build_app, tmp_path: Path, german_model: Path
) -> None:
    story = await approve_the_second_of_two(build_app, tmp_path)
    # A paragraph inserted before it, and the approved one edited.
    inserted = "Hallo Welt, ein neuer Absatz steht jetzt hier ganz oben im Text."
    story.write_text(
        f"{FIRST}\n\n{inserted}\n\n{SECOND.replace('groß', 'sehr groß')}\n", encoding="utf-8"
    )
    app = build_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        review = await start_review(pilot)
        assert [s.state for s in review.segments] == ["initial", "initial", "stale"]
        notes = review.query_one(ParallelView).rows[2].cells[1].notes
        assert any("{+sehr+}" in note for note in notes)


async def test_review_without_a_writable_data_folder_keeps_work_in_memory(
    build_app, seeds: Path, german_model: Path, isolated_home: Path, monkeypatch
) -> None:
    blocker = block_the_data_folder(isolated_home, monkeypatch)
    monkeypatch.setattr("reader.ui.review.saving.WATCH_SECONDS", 0.1)
    app = build_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_review(pilot)
        shown = str(review.query_one(ScreenTitle).render())
        assert "not stored" in shown and "Preparing the machine translation" not in shown
        assert len(review.shown) == 9
        await pilot.press("a")
        assert review.shown[0].state == REVIEWED and len(review.unsaved) == 1
        await pilot.press("escape")  # refused: the approval would be lost
        assert app.screen is review
        await pilot.press("ctrl+q")  # asks first
        assert app.is_running
        # The folder becomes writable: the review is stored and the approval saved.
        blocker.unlink()
        await saved(pilot)
        assert review.segments[0].state == REVIEWED
    monkeypatch.setenv("READER_DATA_DIR", str(blocker / "data"))
    assert ReviewStore().segments(document_key(seed("004")))[0].state == REVIEWED


async def test_a_confirmed_quit_writes_unsaved_work_to_a_file(
    build_app, german_model: Path, isolated_home: Path, monkeypatch
) -> None:
    import json
    import shutil

    blocker = block_the_data_folder(isolated_home, monkeypatch)
    articles = isolated_home / "articles"
    articles.mkdir()
    shutil.copy(seed("004"), articles)
    app = build_app(articles)
    said = notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        review = await start_review(pilot)
        await pilot.press("e")
        app.screen.query_one(TextArea).text = "Never lost."
        await pilot.press("ctrl+s", "ctrl+q")
        assert app.is_running and any("not saved yet" in m for m in said)
        await pilot.press("ctrl+q")  # asked again: written to a file, and reader ends
        await pilot.pause()
    # The data folder cannot be written: the file is the next place that can, beside it.
    (kept,) = articles.glob("unsaved-review-*.json")
    record = json.loads(kept.read_text(encoding="utf-8"))
    assert record["paragraphs"][0]["translation"] == "Never lost."
    assert record["paragraphs"][0]["source"] == review.shown[0].source
    # The next review, once the data folder can be written, applies it.
    blocker.unlink()
    app = build_app(articles)
    said = notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        review = await start_review(pilot)
        assert review.segments[0].text == "Never lost." and review.segments[0].state == TRANSLATED
        assert any("earlier session could not save" in m for m in said)
    assert not list(articles.glob("unsaved-review-*.json"))
    assert list(articles.glob("unsaved-review-*.json.applied"))  # kept, never deleted


async def test_work_from_a_removed_paragraph_is_kept_exported_and_discarded_on_request(
    build_app, tmp_path: Path, german_model: Path
) -> None:
    from reader.ui.review.dialogs import OrphansScreen

    story = await approve_the_second_of_two(build_app, tmp_path)
    story.write_text(f"{FIRST}\n", encoding="utf-8")  # the approved paragraph is gone
    app = build_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        review = await start_review(pilot)
        assert review.orphans == 1
        assert "1 kept from paragraphs no longer in the file" in str(
            review.query_one(ScreenTitle).render()
        )
        await pilot.press("x")
        await workers_done(app)
        tmx = (tmp_path / "story.en.tmx").read_text(encoding="utf-8")
        assert "Das Unternehmen ist groß" in tmx and "reviewed, kept" in tmx
        await pilot.press("o")
        await workers_done(app)
        await pilot.pause()
        assert isinstance(app.screen, OrphansScreen)
        await pilot.press("delete", "y")  # asked first
        await workers_done(app)
        await pilot.pause()
        assert app.screen.orphans == []
        await pilot.press("escape")
        await workers_done(app)
        await pilot.pause()
        assert review.orphans == 0
