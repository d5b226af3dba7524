"""Command line entry point. Parses arguments first and imports Textual (and anything heavy) only
for the command that needs it, so `reader list` and `reader --help` stay quick."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import __version__
from reader.core.paths import printable

if TYPE_CHECKING:
    from reader.core.articles import Article
    from reader.core.library import Library

SUBCOMMANDS = ("list", "show", "versions", "translate", "export", "models", "cache")


def _tui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Full-screen terminal article reader with offline machine translation.",
        epilog=(
            "subcommands (run 'reader COMMAND --help' for each):\n"
            "  list PATH...   one line (or JSON record) per article file\n"
            "  show FILE      the cleaned article\n"
            "  versions PATH... the articles that tell the same story, aligned\n"
            "  translate FILE translate an article with the installed models\n"
            "  export FILE... reviewed bilingual text as TMX, XLIFF, Markdown or JSON\n"
            "  models ...     list, install or remove translation models\n"
            "  cache clear    empty the translation and library caches\n\n"
            "In the app, press ? for every key."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="article files or folders (.txt, .md, .html), read recursively",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    return parser


def _commands_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reader")
    commands = parser.add_subparsers(dest="command", required=True)

    listing = commands.add_parser(
        "list",
        help="list the articles under some paths",
        description="One line per article file: language, words, title. "
        "Files that cannot be read are reported with why.",
    )
    listing.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    listing.add_argument(
        "--json",
        action="store_true",
        help="a JSON list of records (path, title, language, confidence, words, "
        "paragraphs; or path and error)",
    )

    show = commands.add_parser(
        "show",
        help="print one cleaned article",
        description="The article as reader shows it: title, metadata, "
        "paragraphs; boilerplate removed.",
    )
    show.add_argument("file", type=Path, metavar="FILE")
    show.add_argument(
        "--json",
        action="store_true",
        help="JSON with title, language, metadata, paragraphs, removed",
    )

    versions = commands.add_parser(
        "versions",
        help="find versions of one story across languages",
        description="Groups of articles that tell the same story (in any languages, no model "
        "needed), with the paragraph alignment of each pair: unit indices, headline first; "
        "a gap is an empty side.",
    )
    versions.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    versions.add_argument(
        "--json",
        action="store_true",
        help="JSON: groups with members and per-pair alignment and confidence",
    )

    translate = commands.add_parser(
        "translate",
        help="translate one article offline",
        description="Translate an article paragraph by paragraph with the installed Argos "
        "models. Progress goes to stderr; paragraphs already in the target "
        "language are kept as they are.",
    )
    translate.add_argument("file", type=Path, metavar="FILE")
    translate.add_argument(
        "--to", default="en", metavar="LANG", help="target language code (default: en)"
    )
    translate.add_argument(
        "--from",
        dest="source",
        metavar="LANG",
        help="the article's language, when detection gets it wrong (every paragraph is "
        "translated from LANG)",
    )
    translate.add_argument(
        "--json",
        action="store_true",
        help="JSON: per paragraph source, translation, source_language, model, status",
    )

    export = commands.add_parser(
        "export",
        help="export reviewed translations (TMX, XLIFF, Markdown, JSON)",
        description="The review state and post-edits of articles, with the machine translation "
        "where nothing was edited (translated now if needed, from the cache when possible).",
    )
    export.add_argument("files", nargs="+", type=Path, metavar="FILE")
    export.add_argument("--format", required=True, choices=("tmx", "xliff", "md", "json"))
    export.add_argument("--to", default="en", metavar="LANG", help="target language (en)")
    export.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="write here instead of standard output"
    )

    models = commands.add_parser(
        "models",
        help="list, install or remove translation models",
        description="Argos Translate packages in the packages directory "
        "(ARGOS_PACKAGES_DIR or argostranslate's default).",
    )
    model_commands = models.add_subparsers(dest="models_command", required=True)
    model_list = model_commands.add_parser(
        "list",
        help="installed models",
        description="Each installed package with the sentence splitter it translates with "
        "(loaded to check it: a few seconds the first time), whether a newer version of its "
        "pair is installed too, and packages that cannot be used.",
    )
    model_list.add_argument("--json", action="store_true")
    model_list.add_argument(
        "--readme", action="store_true", help="also each package's README (source, licence)"
    )
    install = model_commands.add_parser(
        "install",
        help="install a .argosmodel file or a package folder",
        description="Validate and install a package file or folder. Nothing is written to the "
        "packages directory unless the whole package is valid.",
    )
    install.add_argument(
        "file",
        type=Path,
        metavar="PATH",
        help="an .argosmodel file, or a package folder as argospm leaves it",
    )
    install.add_argument(
        "--replace",
        action="store_true",
        help="replace an installed model for the same language pair (update)",
    )
    remove = model_commands.add_parser("remove", help="remove an installed model")
    remove.add_argument("code", metavar="CODE", help="e.g. translate-id_en (or id_en)")

    cache = commands.add_parser(
        "cache",
        help="translation and library caches",
        description="The caches live in the user cache dir: translations by paragraph and "
        "model, and parsed articles with their detected language. Both are rebuilt as needed.",
    )
    cache_commands = cache.add_subparsers(dest="cache_command", required=True)
    cache_commands.add_parser("clear", help="delete every cached translation and parsed article")
    cache_commands.add_parser("info", help="where the cache is and how much it holds")
    return parser


def _fail(message: str, code: int = 2) -> int:
    print(f"reader: {message}", file=sys.stderr)
    return code


def _not_an_article_file(path: Path) -> str | None:
    """Why ``path`` cannot be read as one article (exit 2), or None."""
    if path.is_dir():
        return f"{path} is a folder: give one article file (reader list {path} shows them)"
    if not path.is_file():
        return f"no such file: {path}"
    return None


def _output_problem(path: Path) -> str | None:
    """Why ``-o path`` cannot be written (checked before any work is done), or None."""
    if path.is_dir():
        return f"{path} is a folder: give a file name to write (e.g. {path / 'review.tmx'})"
    if not path.parent.is_dir():
        return f"no such folder: {path.parent}"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # A file name that is not valid UTF-8 prints as \xNN instead of stopping the listing.
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")
    if argv and argv[0] in SUBCOMMANDS:
        args = _commands_parser().parse_args(argv)
        # What reaches the terminal cannot drive it (a file named "osc\x1b]0;PWNED\x07.txt"
        # retitled it). JSON stays exact: it escapes control characters itself.
        from reader.core.visible import VisibleStream

        sys.stderr = VisibleStream(sys.stderr)
        if not getattr(args, "json", False):
            sys.stdout = VisibleStream(sys.stdout)
        handler = {
            "list": _cmd_list,
            "versions": _cmd_versions,
            "show": _cmd_show,
            "translate": _cmd_translate,
            "export": _cmd_export,
            "models": _cmd_models,
            "cache": _cmd_cache,
        }[args.command]
        try:
            return handler(args)
        except KeyboardInterrupt:
            print("\nreader: interrupted", file=sys.stderr)
            return 130
        except Exception as error:
            from reader.core.translation.models import ModelError

            if isinstance(error, ModelError):  # a setting argostranslate cannot start with
                return _fail(str(error))
            raise
        except BrokenPipeError:
            # Output piped into `head` and the like: stop quietly, as Unix tools do.
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - flushed at exit, never closed
            return 0
    args = _tui_parser().parse_args(argv)
    return _run_tui(args.paths)


def _run_tui(paths: list[Path]) -> int:
    from reader.core.library import MissingPath, check_paths

    try:
        check_paths(paths)
    except MissingPath as error:
        return _fail(str(error))
    from reader.app import make_app

    # Workers run pure Python (language detection, parsing) beside the interface thread. With
    # the default 5 ms GIL switch interval every hand-over in drawing a frame waited that long,
    # and the screen froze for seconds while a long article's paragraphs were detected; at 1 ms
    # keys and frames keep up (bench/long_article.py).
    sys.setswitchinterval(0.001)
    app = make_app(paths)
    app.run()
    code = app.return_code or 0
    if app.engine.batches_decoding:
        # CTranslate2 cannot stop a batch midway; the process ends when the batch does.
        print(
            "reader: finishing the translation batches already decoding (a few seconds)…",
            file=sys.stderr,
        )
    return code


def _article_record(article: Article) -> dict[str, object]:
    return {
        "path": printable(article.path),
        "id": article.id,
        "title": article.title,
        "language": article.language,
        "confidence": article.confidence,
        "words": article.words,
        "paragraphs": len(article.paragraphs),
        "reading_minutes": article.reading_minutes,
        "encoding": article.encoding,
    }


def _load_for_listing(args: argparse.Namespace) -> Library | int:
    """The library under ``args.paths``; files that could not be read are reported on stderr."""
    from reader.core.library import MissingPath, check_paths, load_library
    from reader.core.library_cache import LibraryCache

    cache = LibraryCache()
    try:
        library = load_library(check_paths(args.paths), cache)
    except MissingPath as error:
        return _fail(str(error))
    for problem in (cache.recovered, cache.problem):
        if problem:
            print(f"reader: {problem}", file=sys.stderr)
    for skipped in library.skipped:
        print(f"reader: skipped {printable(skipped.path)}: {skipped.reason}", file=sys.stderr)
    return library


def _cmd_list(args: argparse.Namespace) -> int:
    from reader.core.articles import Article, LoadError
    from reader.core.versions import Profile, group_versions

    loaded = _load_for_listing(args)
    if isinstance(loaded, int):
        return loaded
    articles, entries = loaded.articles, loaded.entries
    group_of = {
        member: group.id
        for group in group_versions([Profile.of(a) for a in articles])
        for member in group.members
    }
    records: list[dict[str, object]] = []
    for entry in entries:
        if isinstance(entry, LoadError):
            records.append({"path": printable(entry.path), "error": entry.reason})
            continue
        assert isinstance(entry, Article)
        group = group_of.get(entry.id)
        records.append(_article_record(entry) | {"group": group})
        if not args.json:
            marker = f"  [{group}]" if group else ""
            print(
                f"{entry.language:8} {entry.words:6}w  {entry.title}  "
                f"({printable(entry.path)}){marker}"
            )
    if args.json:
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        print()
    return 1 if entries and not articles else 0


def _cmd_versions(args: argparse.Namespace) -> int:
    from reader.core.versions import Profile, compare, group_versions

    loaded = _load_for_listing(args)
    if isinstance(loaded, int):
        return loaded
    articles = loaded.articles
    by_id = {a.id: a for a in articles}
    profiles = {a.id: Profile.of(a) for a in articles}
    report: list[dict[str, Any]] = []
    for group in group_versions(list(profiles.values())):
        members = [by_id[m] for m in group.members]
        pairs = []
        for x, first in enumerate(members):
            for second in members[x + 1 :]:
                comparison = compare(profiles[first.id], profiles[second.id])
                pairs.append(
                    {
                        "a": str(first.path),
                        "b": str(second.path),
                        "confidence": comparison.confidence,
                        "alignment": [[list(link.a), list(link.b)] for link in comparison.links],
                    }
                )
        report.append(
            {
                "group": group.id,
                "members": [
                    {
                        "path": str(a.path),
                        "title": a.title,
                        "language": a.language,
                        "score": group.scores[a.id],
                    }
                    for a in members
                ],
                "pairs": pairs,
            }
        )
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if not report:
        print("No versions found: every article tells its own story.")
    for entry in report:
        print(f"{entry['group']}:")
        for member in entry["members"]:
            print(
                f"  {member['language']:3} {member['score']:.2f}  {member['title']}  "
                f"({member['path']})"
            )
        for pair in entry["pairs"]:
            links = " ".join(_format_link(a, b) for a, b in pair["alignment"])
            print(
                f"    {Path(pair['a']).name} ~ {Path(pair['b']).name} "
                f"(confidence {pair['confidence']:.2f}): {links}"
            )
    return 0


def _format_link(a: list[int], b: list[int]) -> str:
    """1-1 as "3=4", gaps as "3=-" / "-=0", splits as "1=2+3" (unit indices, headline first)."""
    side = lambda units: "+".join(map(str, units)) or "-"  # noqa: E731
    return f"{side(a)}={side(b)}"


def _cmd_show(args: argparse.Namespace) -> int:
    from reader.core.articles import LoadError, load_article, with_article_language

    if (problem := _not_an_article_file(args.file)) is not None:
        return _fail(problem)
    # Each paragraph's language only where it is printed (--json): on a page of thousands of
    # table rows, detecting them all was nearly all of the time.
    article = load_article(args.file, detect_languages=args.json)
    if isinstance(article, LoadError):
        return _fail(f"cannot read {article.path}: {article.reason}", code=1)
    article = with_article_language(article)
    if args.json:
        record = _article_record(article) | {
            "title_source": article.title_source,
            "headline": article.headline
            and {"text": article.headline.text, "language": article.headline.language},
            "metadata": article.metadata,
            "paragraphs": [
                {"text": p.text, "language": p.language, "confidence": p.confidence}
                for p in article.paragraphs
            ],
            "removed": [{"text": r.text, "reason": r.reason} for r in article.removed],
        }
        json.dump(record, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(article.title)
    details = [f"{key}: {value}" for key, value in article.metadata.items()]
    details.append(f"{article.language}, {article.words} words, ~{article.reading_minutes} min")
    print(" · ".join(details))
    print()
    for paragraph in article.paragraphs:
        print(paragraph.text)
        print()
    return 0


def _cmd_translate(args: argparse.Namespace) -> int:
    from reader.core.articles import LoadError, load_article
    from reader.core.translation.cache import TranslationCache
    from reader.core.translation.codes import normalise
    from reader.core.translation.engine import TranslationEngine, source_paragraphs

    if (problem := _not_an_article_file(args.file)) is not None:
        return _fail(problem)
    article = load_article(args.file)
    if isinstance(article, LoadError):
        return _fail(f"cannot read {article.path}: {article.reason}", code=1)
    cache = TranslationCache()
    engine = TranslationEngine(cache=cache)
    language = normalise(args.source) if args.source else article.language
    paragraphs = source_paragraphs(article, args.source and language)
    show_progress = sys.stderr.isatty() and len(paragraphs) > 3
    results = []
    for result in engine.translate(paragraphs, language, args.to):
        results.append(result)
        if show_progress:
            print(
                f"\r{len(results)}/{len(paragraphs)} paragraphs",
                end="",
                file=sys.stderr,
                flush=True,
            )
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


def _cmd_models(args: argparse.Namespace) -> int:
    from reader.core.translation.models import (
        ModelError,
        check_splitter,
        discover_models,
        install_model,
        package_dirs,
        remove_model,
        shadowed_by,
    )

    if args.models_command == "list":
        models, broken = discover_models()
        shadowed = shadowed_by(models)
        splitters = {m.path: check_splitter(m) for m in models}
        if args.json:
            json.dump(
                {
                    "models": [
                        {
                            "code": m.code,
                            "from": m.from_code,
                            "to": m.to_code,
                            "version": m.version,
                            "size_bytes": m.size_bytes,
                            "sentence_splitter": splitters[m.path].name,
                            "splitter_ok": splitters[m.path].problem is None,
                            "splitter_problem": splitters[m.path].problem,
                            "bundled_splitter": m.splitter,
                            "in_use": m.path not in shadowed,
                            "readme": m.readme,
                            "path": str(m.path),
                        }
                        for m in models
                    ],
                    "broken": [{"path": str(b.path), "error": b.reason} for b in broken],
                    "packages_dir": str(package_dirs()[0]),
                },
                sys.stdout,
                indent=2,
            )
            print()
            return 0
        if not models:
            print(
                f"No translation models installed in {package_dirs()[0]}.\n"
                "Install one with: reader models install FILE.argosmodel"
            )
        for m in models:
            splitter = splitters[m.path]
            print(
                f"{m.code:18} {m.from_code}→{m.to_code}  {m.version:8} "
                f"{m.size_bytes / 1e6:7.1f} MB  splitter: {splitter.name}"
            )
            if splitter.problem:
                print(f"    ⚠ {splitter.problem}")
            if m.path in shadowed:
                print(f"    not used: {shadowed[m.path].label} is installed too")
            if args.readme and m.readme:
                print(textwrap.indent(m.readme, "    | ", lambda _line: True))
        for b in broken:
            print(f"reader: broken package {b.path}: {b.reason}", file=sys.stderr)
        return 0
    if args.models_command == "install" and not args.file.exists():
        return _fail(f"no such file or folder: {args.file}")
    try:
        if args.models_command == "install":
            installation = install_model(args.file, replace=args.replace)
            print(installation.summary)
            splitter = check_splitter(installation.model)
            print(f"Sentence splitter: {splitter.name}")
            if splitter.problem:
                print(f"reader: {splitter.problem}", file=sys.stderr)
        else:
            model = remove_model(args.code)
            print(f"Removed {model.code} {model.version} from {model.path}")
    except ModelError as error:
        return _fail(str(error), code=1)
    return 0


def _cmd_cache(args: argparse.Namespace) -> int:
    from reader.core.library_cache import LibraryCache
    from reader.core.translation.cache import TranslationCache

    translations = TranslationCache()
    library = LibraryCache()
    if args.cache_command == "clear":
        count = translations.clear()
        print(f"Cleared {count} cached paragraph translations from {translations.path}")
        count = library.clear()
        print(f"Cleared {count} cached articles (parsed, with languages) from {library.path}")
    else:
        paragraphs, articles = translations.stats()
        print(f"{translations.path}: {paragraphs} paragraphs, {articles} articles translated")
        print(f"{library.path}: {library.stats()} articles parsed, with languages")
    for problem in (translations.recovered, library.recovered):
        if problem:
            print(f"reader: {problem}", file=sys.stderr)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from reader.core.articles import LoadError, load_article
    from reader.core.export import export
    from reader.core.review import ReviewStore, document_key
    from reader.core.review_session import export_document, review_segments
    from reader.core.translation.cache import TranslationCache
    from reader.core.translation.engine import TranslationEngine

    if args.output and (problem := _output_problem(args.output)) is not None:
        return _fail(problem)
    engine = TranslationEngine(cache=TranslationCache())
    store = ReviewStore()
    documents = []
    for file in args.files:
        if (problem := _not_an_article_file(file)) is not None:
            return _fail(problem)
        article = load_article(file)
        if isinstance(article, LoadError):
            return _fail(f"cannot read {file}: {article.reason}", code=1)
        segments = review_segments(article, engine, store, args.to)
        orphans = [o.segment for o in store.orphans(document_key(article.path))]
        documents.append(export_document(article, segments, args.to, orphans))
    if store.recovered:
        print(f"reader: {store.recovered}", file=sys.stderr)
    text = export(documents, args.format)
    if args.output:
        from reader.core.paths import write_whole

        replaced = args.output.exists()
        try:
            write_whole(args.output, text)
        except OSError as error:
            return _fail(f"cannot write {args.output}: {error.strerror or error}")
        print(
            f"Exported {len(documents)} document(s) to {args.output}"
            + (" (it replaced the file that was there)" if replaced else ""),
            file=sys.stderr,
        )
    else:
        sys.stdout.write(text)
    return 0
