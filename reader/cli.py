"""Command line entry point. Parses arguments first and imports Textual (and anything heavy) only
for the command that needs it, so `reader list` and `reader --help` stay quick."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader import __version__

if TYPE_CHECKING:
    from reader.core.articles import Article

SUBCOMMANDS = ("list", "show")


def _tui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Full-screen terminal article reader with offline machine translation.",
        epilog=(
            "subcommands (run 'reader COMMAND --help' for each):\n"
            "  list PATH...   one line (or JSON record) per article file\n"
            "  show FILE      the cleaned article\n\n"
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
    return parser


def _fail(message: str, code: int = 2) -> int:
    print(f"reader: {message}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in SUBCOMMANDS:
        args = _commands_parser().parse_args(argv)
        handler = {"list": _cmd_list, "show": _cmd_show}[args.command]
        try:
            return handler(args)
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

    make_app(paths).run()
    return 0


def _article_record(article: Article) -> dict[str, object]:
    return {
        "path": str(article.path),
        "id": article.id,
        "title": article.title,
        "language": article.language,
        "confidence": article.confidence,
        "words": article.words,
        "paragraphs": len(article.paragraphs),
        "reading_minutes": article.reading_minutes,
        "encoding": article.encoding,
    }


def _cmd_list(args: argparse.Namespace) -> int:
    from reader.core.articles import LoadError, load_article
    from reader.core.library import MissingPath, check_paths, iter_article_files

    try:
        paths = check_paths(args.paths)
    except MissingPath as error:
        return _fail(str(error))
    records: list[dict[str, object]] = []
    loaded = failed = 0
    for path in iter_article_files(paths):
        result = load_article(path)
        if isinstance(result, LoadError):
            failed += 1
            records.append({"path": str(path), "error": result.reason})
            print(f"reader: skipped {path}: {result.reason}", file=sys.stderr)
            continue
        loaded += 1
        records.append(_article_record(result))
        if not args.json:
            print(f"{result.language:8} {result.words:6}w  {result.title}  ({path})")
    if args.json:
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        print()
    return 1 if failed and not loaded else 0


def _cmd_show(args: argparse.Namespace) -> int:
    from reader.core.articles import LoadError, load_article

    if not args.file.is_file():
        return _fail(f"no such file: {args.file}")
    article = load_article(args.file)
    if isinstance(article, LoadError):
        return _fail(f"cannot read {article.path}: {article.reason}", code=1)
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
