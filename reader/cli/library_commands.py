"""``reader list``, ``reader show`` and ``reader versions``: the library as the TUI loads it
(``core.library.loader``), printed."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.cli.common import article_record, chosen_languages, fail, not_an_article_file
from reader.core.settings.paths import printable

if TYPE_CHECKING:
    from reader.core.library.loader import LoadedLibrary


def load_for_listing(args: argparse.Namespace) -> LoadedLibrary | int:
    """The library under ``args.paths``, loaded and grouped exactly as the TUI does (English
    anchors from remembered translations and languages set by hand included); files that could
    not be read are reported on stderr."""
    from reader.core.files.discovery import MissingPath, check_paths
    from reader.core.library.cache import LibraryCache
    from reader.core.library.loader import load_library
    from reader.core.translation.cache import TranslationCache

    cache = LibraryCache()
    translations = TranslationCache()
    try:
        library = load_library(
            check_paths(args.paths), cache, translations=translations, chosen=chosen_languages()
        )
    except MissingPath as error:
        return fail(str(error))
    for problem in (cache.recovered, cache.problem, translations.recovered):
        if problem:
            print(f"reader: {problem}", file=sys.stderr)
    for skipped in library.skipped:
        print(f"reader: skipped {printable(skipped.path)}: {skipped.reason}", file=sys.stderr)
    return library


def cmd_list(args: argparse.Namespace) -> int:
    from reader.core.articles.model import Article, LoadError

    loaded = load_for_listing(args)
    if isinstance(loaded, int):
        return loaded
    articles, entries = loaded.articles, loaded.entries
    group_of = {member: group.id for group in loaded.groups for member in group.members}
    records: list[dict[str, object]] = []
    for entry in entries:
        if isinstance(entry, LoadError):
            records.append({"path": printable(entry.path), "error": entry.reason})
            continue
        assert isinstance(entry, Article)
        group = group_of.get(entry.id)
        records.append(article_record(entry) | {"group": group})
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


def cmd_versions(args: argparse.Namespace) -> int:
    from reader.core.versions.grouping import compare
    from reader.core.versions.profiles import Profile, english_units

    loaded = load_for_listing(args)
    if isinstance(loaded, int):
        return loaded
    articles = loaded.articles
    by_id = {a.id: a for a in articles}
    texts = loaded.translated_texts
    profiles = {a.id: Profile.of(a, english_units(a, texts)) for a in articles}
    report: list[dict[str, Any]] = []
    for group in loaded.groups:
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


def cmd_show(args: argparse.Namespace) -> int:
    from reader.core.articles.model import LoadError
    from reader.core.articles.parsing import load_article
    from reader.core.language.articles import with_article_language

    if (problem := not_an_article_file(args.file)) is not None:
        return fail(problem)
    # Each paragraph's language only where it is printed (--json): on a page of thousands of
    # table rows, detecting them all was nearly all of the time.
    article = load_article(args.file, detect_languages=args.json)
    if isinstance(article, LoadError):
        return fail(f"cannot read {article.path}: {article.reason}", code=1)
    article = chosen_languages().apply(with_article_language(article))
    if args.json:
        record = article_record(article) | {
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
