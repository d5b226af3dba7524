"""Stage 7, review: review of one article: its machine translation synced into the review store,
exports, and the reviewer's changes kept in a file when the store cannot take them before reader
ends."""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.core.articles.model import Article
from reader.core.review.export import ExportDocument, export
from reader.core.review.segments import (
    APPROVE,
    EDIT,
    INITIAL,
    REVERT,
    REVIEWED,
    Change,
    Segment,
    SourceSegment,
)
from reader.core.review.store import ReviewStore, document_key
from reader.core.settings import paths
from reader.core.translation.article import ArticleTranslation, source_paragraphs
from reader.core.translation.engine import TranslationEngine


def review_sources(
    article: Article,
    engine: TranslationEngine,
    target: str = "en",
    is_cancelled: Callable[[], bool] = lambda: False,
    translated: ArticleTranslation | None = None,
) -> list[SourceSegment] | None:
    """Each paragraph with its machine translation: ``translated`` (the article's translation
    the reader already has) when it is complete, else translated now (from the cache when
    possible); ``None`` when cancelled. Paragraphs with no translation (no model) are still
    segments, with no MT: they can be translated by hand."""
    if translated is not None and translated.complete and translated.target == target:
        parts = [translated.parts[index] for index in sorted(translated.parts)]
    else:
        sources = source_paragraphs(article)
        parts = list(engine.translate(sources, article.language, target, is_cancelled))
        if len(parts) < len(sources):
            return None
    return [SourceSegment(p.source, p.source_language, p.text, p.model) for p in parts]


def review_segments(
    article: Article, engine: TranslationEngine, store: ReviewStore, target: str = "en"
) -> list[Segment]:
    """The article's review as stored, brought in line with the article and its current MT."""
    sources = review_sources(article, engine, target)
    assert sources is not None  # never cancelled
    return store.sync(document_key(article.path), target, sources)


@dataclass(frozen=True)
class OpenedReview:
    segments: list[Segment]
    orphans: int  # reviewed or edited segments whose paragraph is gone from the file
    # Why the review is not stored yet (its database cannot be written): it is then held in
    # memory, and changes are saved as soon as the store takes them.
    problem: str | None = None


def open_review(
    store: ReviewStore, document: str, target: str, sources: Sequence[SourceSegment]
) -> OpenedReview:
    """Sync ``sources`` into the store; when the store cannot be written, the review as it is
    stored (if it matches the article) or a fresh one, in memory."""
    try:
        segments = store.sync(document, target, sources)
        return OpenedReview(segments, len(store.orphans(document)))
    except (sqlite3.Error, OSError) as error:
        problem = str(error)
    try:
        stored = store.segments(document)
    except (sqlite3.Error, OSError):
        stored = []
    if [s.source for s in stored] == [s.source for s in sources]:
        return OpenedReview(stored, 0, problem)
    fresh = [
        Segment(n, s.source, s.source_language, target, s.mt, s.mt_model, None, INITIAL, None)
        for n, s in enumerate(sources)
    ]
    return OpenedReview(fresh, 0, problem)


def export_document(
    article: Article, segments: Sequence[Segment], target: str, orphans: Sequence[Segment] = ()
) -> ExportDocument:
    return ExportDocument(
        article.path.name, article.title, article.language, target, segments, orphans
    )


def export_beside(
    document: ExportDocument, article: Article, formats: Sequence[str]
) -> tuple[list[Path], list[Path]]:
    """Write ``document`` in ``formats`` next to the article (in the data folder when the
    article's folder cannot be written); returns the files written and those of them that
    replaced an earlier export."""
    written: list[Path] = []
    replaced: list[Path] = []
    for folder in (article.path.parent, paths.data_dir() / "exports"):
        try:
            for fmt in formats:
                path = folder / f"{article.path.stem}.{document.target_language}.{fmt}"
                if path.exists():
                    replaced.append(path)
                paths.write_whole(path, export([document], fmt))
                written.append(path)
            return written, replaced
        except OSError:
            if folder != article.path.parent:
                raise
            written, replaced = [], []
    raise AssertionError("unreachable")


def _unsaved_folders(article: Article) -> tuple[Path, ...]:
    """Where ``keep_unsaved`` writes, in the order it tries."""
    return (paths.data_dir(), article.path.parent, Path.home(), Path(tempfile.gettempdir()))


def recover_unsaved(store: ReviewStore, article: Article, target: str) -> list[Path]:
    """Apply the changes an earlier session wrote with ``keep_unsaved`` for this article (the
    store could not take them then): each paragraph's translation and state, on the paragraph
    with that source text, or kept with the work from paragraphs no longer in the file. Each file
    applied is renamed ``….json.applied`` (kept, never deleted); returns them."""
    document = document_key(article.path)
    name = f"unsaved-review-{article.path.stem}-*.json"
    files = sorted({f for folder in _unsaved_folders(article) for f in folder.glob(name)})
    applied = []
    for file in files:
        try:
            record = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # not one of ours, or damaged: left where it is for a person to read
        if record.get("article") != document or record.get("target_language") != target:
            continue
        by_source = {s.source: s for s in store.segments(document)}
        for entry in record.get("paragraphs", []):
            _recover(store, document, target, by_source.get(entry["source"]), entry)
        done = file.with_name(file.name + ".applied")
        file.replace(done)
        applied.append(done)
    return applied


def _recover(
    store: ReviewStore, document: str, target: str, segment: Segment | None, entry: dict
) -> None:
    """One paragraph of an unsaved-work file into the store (the reviewer's work wins: it was
    made, and only the disk kept it from being saved)."""
    text, state = entry.get("translation"), entry.get("state")
    if segment is None:
        if text:
            edit = Change(EDIT, -1, entry["source"], None, text=text)
            store.keep_as_orphan(document, target, edit)
        return
    if state == INITIAL:
        store.apply(document, Change.on(segment, REVERT, overrule=True))
        return
    if text is not None and text != segment.text:
        segment = store.apply(document, Change.on(segment, EDIT, text=text, overrule=True))
    if state == REVIEWED:
        store.apply(document, Change.on(segment, APPROVE, overrule=True))


def keep_unsaved(
    article: Article, target: str, changes: Sequence[Change], shown: Sequence[Segment]
) -> Path:
    """Write the changes the review store could not take to a JSON file, so that ending reader
    (a quit the reviewer confirmed, SIGTERM, SIGHUP) loses none of them: in the data folder,
    else beside the article, else the home or temporary folder — the first that can be
    written. Returns the file. Each entry is what the reviewer made of one paragraph; the next
    review of the article applies it (``recover_unsaved``)."""
    by_position = {s.position: s for s in shown}
    sources = {change.position: change.source for change in changes}
    record = {
        "article": paths.printable(article.path.resolve()),
        "target_language": target,
        "written": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        # What the reviewer made of each paragraph they changed, after all their changes.
        "paragraphs": [
            {
                "paragraph": position,
                "source": source,
                "translation": by_position[position].text,
                "state": by_position[position].state,
            }
            for position, source in sources.items()
            if position in by_position
        ],
    }
    text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    name = f"unsaved-review-{article.path.stem}-{int(time.time())}.json"
    last_error: OSError | None = None
    for folder in _unsaved_folders(article):
        try:
            path = folder / name
            paths.write_whole(path, text)
            os.chmod(path, 0o600)
            return path
        except OSError as error:
            last_error = error
    assert last_error is not None
    raise last_error
