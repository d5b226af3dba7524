"""Command line entry point. Parses arguments first and imports Textual (and anything heavy) only
for the command that needs it, so `reader list` and `reader --help` stay quick."""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from reader.cli.common import fail
from reader.cli.parsers import SUBCOMMANDS, commands_parser, tui_parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # A file name that is not valid UTF-8 prints as \xNN instead of stopping the listing.
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")
    if argv and argv[0] in SUBCOMMANDS:
        args = commands_parser().parse_args(argv)
        # What reaches the terminal cannot drive it (a file named "osc\x1b]0;PWNED\x07.txt"
        # retitled it). JSON stays exact: it escapes control characters itself.
        from reader.core.articles.visible import VisibleStream

        sys.stderr = VisibleStream(sys.stderr)
        if not getattr(args, "json", False):
            sys.stdout = VisibleStream(sys.stdout)
        handler = _handler(args.command)
        try:
            return handler(args)
        except KeyboardInterrupt:
            print("\nreader: interrupted", file=sys.stderr)
            return 130
        except Exception as error:
            from reader.core.translation.models import ModelError

            if isinstance(error, ModelError):  # a setting argostranslate cannot start with
                return fail(str(error))
            raise
        except BrokenPipeError:
            # Output piped into `head` and the like: stop quietly, as Unix tools do.
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - flushed at exit, never closed
            return 0
    args = tui_parser().parse_args(argv)
    return run_tui(args.paths)


def run_tui(paths: list[Path]) -> int:
    from reader.core.files.discovery import MissingPath, check_paths

    try:
        check_paths(paths)
    except MissingPath as error:
        return fail(str(error))
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


def _handler(command: str) -> Callable[[argparse.Namespace], int]:
    """The function that runs ``command`` (importing only its module)."""
    if command in ("list", "versions", "show"):
        from reader.cli import library_commands as commands
    elif command in ("translate", "export"):
        from reader.cli import translation_commands as commands  # type: ignore[no-redef]
    else:
        from reader.cli import model_commands as commands  # type: ignore[no-redef]
    handler: Callable[[argparse.Namespace], int] = getattr(commands, f"cmd_{command}")
    return handler
