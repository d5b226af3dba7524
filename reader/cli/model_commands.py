"""``reader models`` and ``reader cache``: the installed translation models, and the caches."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap

from reader.cli.common import fail


def cmd_models(args: argparse.Namespace) -> int:
    from reader.core.translation.install import install_model, remove_model
    from reader.core.translation.models import (
        ModelError,
        check_splitter,
        discover_models,
        package_dirs,
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
        return fail(f"no such file or folder: {args.file}")
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
        return fail(str(error), code=1)
    return 0


def cmd_cache(args: argparse.Namespace) -> int:
    from reader.core.library.cache import LibraryCache
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
