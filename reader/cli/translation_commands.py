"""``reader translate`` and ``reader export``: an article's translation, as the TUI makes and
remembers it (``core.translation.translator``), and reviewed translations in translators'
formats."""

from __future__ import annotations

import argparse
import json
import sys

from reader.cli.common import fail, not_an_article_file, output_problem


def cmd_translate(args: argparse.Namespace) -> int:
    from reader.core.articles.model import LoadError
    from reader.core.articles.parsing import load_article
    from reader.core.translation.cache import TranslationCache
    from reader.core.translation.codes import normalise
    from reader.core.translation.engine import TranslationEngine
    from reader.core.translation.translator import ArticleTranslator, ParagraphDone

    if (problem := not_an_article_file(args.file)) is not None:
        return fail(problem)
    article = load_article(args.file)
    if isinstance(article, LoadError):
        return fail(f"cannot read {article.path}: {article.reason}", code=1)
    cache = TranslationCache()
    translator = ArticleTranslator(TranslationEngine(cache=cache), args.to)
    total = len(article.units)
    show_progress = sys.stderr.isatty() and total > 3
    results = []
    # Translated and remembered as the TUI does: opening the article there shows it at once.
    for event in translator.translate(article, language=args.source and normalise(args.source)):
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
    for problem in (cache.recovered, cache.problem):
        if problem:
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
    for file in args.files:
        if (problem := not_an_article_file(file)) is not None:
            return fail(problem)
        article = load_article(file)
        if isinstance(article, LoadError):
            return fail(f"cannot read {file}: {article.reason}", code=1)
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
