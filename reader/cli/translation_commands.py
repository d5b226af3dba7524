"""``reader translate`` and ``reader export``: an article's translation, as the TUI makes and
remembers it (``core.translation.translator``), and reviewed translations in translators'
formats."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reader.cli.common import chosen_languages, fail, not_an_article_file, output_problem
from reader.core.settings.paths import printable

if TYPE_CHECKING:
    from reader.core.library.cache import LibraryCache
    from reader.core.translation.batch import ArticleResult, BatchProgress
    from reader.core.translation.translator import ArticleTranslator


def cmd_translate(args: argparse.Namespace) -> int:
    if args.workers is not None and args.workers < 1:
        return fail("--workers must be at least 1")
    if args.device:  # read by argostranslate's settings when the engine first loads a model
        os.environ["ARGOS_DEVICE_TYPE"] = args.device
    if len(args.paths) == 1 and not args.paths[0].is_dir():
        return _translate_one(args, args.paths[0])
    return _translate_many(args, args.paths)


def _translator(
    args: argparse.Namespace, library_cache: LibraryCache | None = None
) -> ArticleTranslator:
    from reader.core.translation.cache import TranslationCache
    from reader.core.translation.engine import TranslationEngine
    from reader.core.translation.translator import ArticleTranslator

    engine = TranslationEngine(cache=TranslationCache(), workers=args.workers)
    return ArticleTranslator(engine, args.to, library_cache)


def _source(args: argparse.Namespace) -> str | None:
    from reader.core.translation.codes import normalise

    return normalise(args.source) if args.source else None


def _translate_one(args: argparse.Namespace, file: Path) -> int:
    """One article: its translation on stdout as it comes (or JSON per paragraph)."""
    from reader.core.articles.model import LoadError
    from reader.core.articles.parsing import load_article
    from reader.core.translation.translator import ParagraphDone

    if (problem := not_an_article_file(file)) is not None:
        return fail(problem)
    article = load_article(file)
    if isinstance(article, LoadError):
        return fail(f"cannot read {article.path}: {article.reason}", code=1)
    article = chosen_languages().apply(article)
    translator = _translator(args)
    total = len(article.units)
    show_progress = sys.stderr.isatty() and total > 3
    results = []
    # Translated and remembered as the TUI does: opening the article there shows it at once.
    for event in translator.translate(article, language=_source(args)):
        if not isinstance(event, ParagraphDone):
            continue
        result = event.part
        results.append(result)
        if show_progress:
            print(f"\r{len(results)}/{total} paragraphs", end="", file=sys.stderr, flush=True)
        if not args.json and any(r.ok for r in results):
            print(result.text if result.ok else f"[not translated] {result.source}")
            print()
    if show_progress:
        print(file=sys.stderr)
    for problem in translator.problems:
        print(f"reader: {problem}", file=sys.stderr)
    if args.json:
        json.dump(
            [
                {
                    "source": r.source,
                    "translation": r.text,
                    "source_language": r.source_language,
                    "model": r.model,
                    "status": r.status,
                    "message": r.message,
                }
                for r in results
            ],
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        print()
    missing = {r.message for r in results if not r.ok}
    for message in sorted(m for m in missing if m):
        print(f"reader: {message}", file=sys.stderr)
    return 1 if results and not any(r.ok for r in results) else 0


# The statuses of a batch, in the order the summary names them (``core.translation.batch``).
STATUSES = ("translated", "partly", "untranslated", "remembered")


def _translate_many(args: argparse.Namespace, paths: list[Path]) -> int:
    """Folders or several files: every article into the cache. One line per article on stdout (or
    one JSON record per line), a progress line on stderr when it is a terminal; Ctrl+C stops
    with a summary, and the next run goes on where this one stopped."""
    from reader.core.articles.model import Article, LoadError
    from reader.core.files.discovery import MissingPath, check_paths
    from reader.core.library.cache import LibraryCache
    from reader.core.library.scan import scan
    from reader.core.translation.batch import BatchProgress, translate_all

    try:
        check_paths(paths)
    except MissingPath as error:
        return fail(str(error))
    library_cache = LibraryCache()
    translator = _translator(args, library_cache)
    articles: list[Article] = []
    chosen = chosen_languages()
    for entry in map(chosen.apply, scan(paths, library_cache)):
        if isinstance(entry, LoadError):
            print(f"reader: skipped {printable(entry.path)}: {entry.reason}", file=sys.stderr)
        else:
            articles.append(entry)
    translator.seen_languages = frozenset(article.language for article in articles)
    to_do = [article for article in articles if not translator.remembered(article)]
    progress = BatchProgress(len(articles), sum(len(a.units) for a in to_do))
    line = _ProgressLine(sys.stderr) if sys.stderr.isatty() else None
    counts: Counter[str] = Counter()
    try:
        for result in translate_all(
            translator,
            articles,
            progress,
            on_paragraph=line.show if line else lambda progress: None,
            language=_source(args),
        ):
            counts[result.status] += 1
            if line:
                line.clear()
            _print_result(result, args.json)
            if line:
                line.show(progress)
    except KeyboardInterrupt:
        if line:
            line.clear()
        print(
            f"reader: interrupted after {progress.articles_done} of {progress.articles} "
            f"article(s) ({_summary(counts)}); what was translated is kept, and running the "
            "same command again goes on from there",
            file=sys.stderr,
        )
        return 130
    if line:
        line.clear()
    rate = f", {progress.sentences_per_second:.1f} sentences/s" if progress.sentences_done else ""
    print(f"reader: {progress.articles_done} article(s): {_summary(counts)}{rate}", file=sys.stderr)
    for problem in translator.problems:
        print(f"reader: {problem}", file=sys.stderr)
    any_done = counts["translated"] + counts["partly"] + counts["remembered"]
    return 1 if articles and not any_done else 0


def _summary(counts: Counter[str]) -> str:
    named = [f"{counts[status]} {status}" for status in STATUSES if counts[status]]
    return ", ".join(named) or "none"


def _print_result(result: ArticleResult, as_json: bool) -> None:
    article = result.article
    if as_json:
        record = {
            "path": printable(article.path),
            "id": article.id,
            "language": article.language,
            "status": result.status,
            "paragraphs": result.paragraphs,
            "translated": result.translated,
            "problems": list(result.problems),
        }
        print(json.dumps(record, ensure_ascii=False), flush=True)
        return
    print(
        f"{result.status:12} {article.language:6} {result.translated:4}/{result.paragraphs:<4} "
        f"{printable(article.path)}",
        flush=True,
    )
    for problem in result.problems:
        print(f"    {problem}", flush=True)


class _ProgressLine:
    """One line on a terminal, rewritten in place: articles, paragraphs, rate and time left."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._last = 0.0

    def show(self, progress: BatchProgress) -> None:
        now = time.monotonic()
        if now - self._last < 0.1:  # a line per paragraph would flood a slow terminal
            return
        self._last = now
        left = progress.seconds_left
        eta = f" · about {_duration(left)} left" if left is not None else ""
        text = (
            f"{progress.articles_done}/{progress.articles} articles · "
            f"{progress.paragraphs_done}/{progress.paragraphs} paragraphs · "
            f"{progress.sentences_per_second:.1f} sentences/s{eta}"
        )
        self.stream.write("\r\x1b[K" + text)
        self.stream.flush()

    def clear(self) -> None:
        self.stream.write("\r\x1b[K")
        self.stream.flush()
        self._last = 0.0


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(round(seconds), 1)} s"
    if seconds < 90 * 60:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"


def cmd_export(args: argparse.Namespace) -> int:
    from reader.core.articles.model import LoadError
    from reader.core.articles.parsing import load_article
    from reader.core.review.export import export
    from reader.core.review.session import export_document, review_segments
    from reader.core.review.store import ReviewStore, document_key
    from reader.core.translation.cache import TranslationCache
    from reader.core.translation.engine import TranslationEngine

    if args.output and (problem := output_problem(args.output)) is not None:
        return fail(problem)
    engine = TranslationEngine(cache=TranslationCache())
    store = ReviewStore()
    documents = []
    chosen = chosen_languages()
    for file in args.files:
        if (problem := not_an_article_file(file)) is not None:
            return fail(problem)
        article = load_article(file)
        if isinstance(article, LoadError):
            return fail(f"cannot read {file}: {article.reason}", code=1)
        article = chosen.apply(article)
        segments = review_segments(article, engine, store, args.to)
        orphans = [o.segment for o in store.orphans(document_key(article.path))]
        documents.append(export_document(article, segments, args.to, orphans))
    if store.recovered:
        print(f"reader: {store.recovered}", file=sys.stderr)
    text = export(documents, args.format)
    if args.output:
        from reader.core.settings.paths import write_whole

        replaced = args.output.exists()
        try:
            write_whole(args.output, text)
        except OSError as error:
            return fail(f"cannot write {args.output}: {error.strerror or error}")
        print(
            f"Exported {len(documents)} document(s) to {args.output}"
            + (" (it replaced the file that was there)" if replaced else ""),
            file=sys.stderr,
        )
    else:
        sys.stdout.write(text)
    return 0
