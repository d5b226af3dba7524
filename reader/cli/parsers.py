"""The command line's grammar: ``reader PATH...`` for the TUI, ``reader COMMAND ...`` for the
rest (each command's help says what it does)."""

from __future__ import annotations

import argparse
from pathlib import Path

from reader import __version__

SUBCOMMANDS = ("list", "show", "versions", "translate", "export", "models", "cache")


def tui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Full-screen terminal article reader with offline machine translation.",
        epilog=(
            "subcommands (run 'reader COMMAND --help' for each):\n"
            "  list PATH...   one line (or JSON record) per article file\n"
            "  show FILE      the cleaned article\n"
            "  versions PATH... the articles that tell the same story, aligned\n"
            "  translate PATH... translate articles with the installed models\n"
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


def commands_parser() -> argparse.ArgumentParser:
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
        help="translate articles offline",
        description="Translate articles paragraph by paragraph with the installed Argos models, "
        "into the cache the TUI reads, so that they open translated there. One FILE: its "
        "translation on stdout. Folders or several files: every article (in subfolders too), "
        "one line per article on stdout and a progress line on stderr; articles translated "
        "before are skipped, so a run stopped with Ctrl+C goes on where it stopped. "
        "Paragraphs already in the target language are kept as they are.",
    )
    translate.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    translate.add_argument(
        "--to", default="en", metavar="LANG", help="target language code (default: en)"
    )
    translate.add_argument(
        "--from",
        dest="source",
        metavar="LANG",
        help="the articles' language, when detection gets it wrong (every paragraph is "
        "translated from LANG)",
    )
    translate.add_argument(
        "--json",
        action="store_true",
        help="one FILE: JSON per paragraph (source, translation, source_language, model, "
        "status); folders: one JSON record per article and line, as each is done",
    )
    translate.add_argument(
        "--device",
        choices=("cpu", "cuda", "auto"),
        help="where the models decode (default: ARGOS_DEVICE_TYPE, else the CPU)",
    )
    translate.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="batches decoding at once (default: one per core, at most 4)",
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
