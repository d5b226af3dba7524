"""Stage 2, articles: text, Markdown and HTML -> a flat list of text blocks plus what the markup
says outright.

Each reader returns a ``Document``: the blocks in reading order (one per paragraph or line, not yet
cleaned), a headline when the markup names one, and metadata found in the markup itself.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

_TERMINAL_PUNCTUATION = tuple('.!?:;"”»’)…')
# What a folder scan reads; a file named on the command line is read whatever its suffix.
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")


@dataclass
class Document:
    blocks: list[str]
    headline: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    # Positions of blocks that are the page around the article (a web page's menus, teasers,
    # comments): set aside as removed lines, never body text.
    furniture: frozenset[int] = frozenset()


def read_document(text: str, suffix: str) -> Document:
    """Dispatch on the file suffix (``.txt``, ``.md``, ``.html`` ...)."""
    suffix = suffix.lower()
    if suffix in (".md", ".markdown"):
        return read_markdown(text)
    if suffix in HTML_SUFFIXES:
        from reader.core.articles.html import read_html  # html.parser: only when a page is read

        return read_html(text)
    return Document(blocks=split_paragraphs(text))


def reads_at_once(path: Path) -> bool:
    """Whether reading the file at ``path`` needs no slow import first: a web page needs
    trafilatura, whose import takes about as long as the interface's first frame (see
    BENCHMARKS.md), until something has loaded it."""
    return path.suffix.lower() not in HTML_SUFFIXES or "trafilatura" in sys.modules


def split_paragraphs(text: str) -> list[str]:
    """One block per real paragraph, whether paragraphs are separated by blank lines or by single
    newlines. A blank-line separated block whose lines look hard-wrapped (similar widths, lines not
    ending a sentence) is joined back into one paragraph."""
    paragraphs: list[str] = []
    for block in re.split(r"\n[ \t\u00a0]*\n", text):
        if "\n" not in block:  # one line: most paragraphs of most files
            if line := block.strip():
                paragraphs.append(line)
            continue
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if _looks_hard_wrapped(lines):
            paragraphs.append(" ".join(lines))
        else:
            paragraphs.extend(lines)
    return paragraphs


def _looks_hard_wrapped(lines: list[str]) -> bool:
    if len(lines) < 2:
        return False
    widths = [len(line) for line in lines[:-1]]
    widest = max(widths)
    if widest > 120 or min(widths) < 0.6 * widest:
        return False
    # Wrapped prose breaks mid-sentence; a list of separate one-line paragraphs ends its lines.
    open_ended = sum(1 for line in lines[:-1] if not line.endswith(_TERMINAL_PUNCTUATION))
    return open_ended >= max(1, len(lines[:-1]) // 2)


# --- Markdown ------------------------------------------------------------------------------------

# Every pattern here sees untrusted text, so none may backtrack more than linearly: spans are
# bounded and cannot contain their own delimiters (a heading of thousands of spaces once took
# seconds).
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_MD_HEADING_MARK = re.compile(r"(#{1,6})[ \t]")
_MD_SETEXT_UNDERLINE = re.compile(r"^(=+|-+)\s*$")
_MD_IMAGE = re.compile(r"!\[([^\[\]\n]{0,500})\]\([^()\n]{0,500}\)")
_MD_LINK = re.compile(r"\[([^\[\]\n]{1,500})\]\([^()\n]{0,500}\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)([^\n]{1,300}?)(?<=\S)\1")
# Emphasis nests this deep at most (***bold italic***, `code` in **bold**); more passes only
# cost time on hostile text.
_EMPHASIS_PASSES = 3
_MD_LIST_OR_QUOTE = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+|>\s?)")


def read_markdown(text: str) -> Document:
    metadata: dict[str, str] = {}
    headline: str | None = None
    match = _FRONT_MATTER.match(text)
    if match:
        metadata = _parse_front_matter(match.group(1))
        text = text[match.end() :]
        headline = metadata.pop("title", None) or None

    lines = text.split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        heading = _heading(line)
        next_line = lines[index + 1] if index + 1 < len(lines) else ""
        if heading:
            level, line = heading
            if headline is None and level == 1:
                headline = _strip_inline_markdown(line)
            kept.extend(["", line, ""])  # a heading is a paragraph of its own
            continue
        if _MD_SETEXT_UNDERLINE.match(line) and kept and kept[-1].strip():
            if headline is None and line.startswith("="):
                headline = _strip_inline_markdown(kept[-1])
            kept.append("")
            continue
        if line.strip().startswith("```") or re.fullmatch(r"\s*([-*_]\s*){3,}", line):
            continue
        if _MD_LIST_OR_QUOTE.match(line) and not _MD_SETEXT_UNDERLINE.match(next_line):
            kept.extend(["", _MD_LIST_OR_QUOTE.sub("", line), ""])
            continue
        kept.append(line)
    blocks = [_strip_inline_markdown(block) for block in split_paragraphs("\n".join(kept))]
    return Document(blocks=[b for b in blocks if b], headline=headline, metadata=metadata)


def _heading(line: str) -> tuple[int, str] | None:
    """An ATX heading's level and text ("## Title ##" -> (2, "Title")), or None."""
    mark = _MD_HEADING_MARK.match(line)
    if mark is None:
        return None
    text = line[mark.end() :].strip()
    closing = text.rstrip("#")
    if closing != text and (not closing or closing[-1] in " \t"):  # "Title ##", not "C#"
        text = closing.rstrip()
    return len(mark.group(1)), text


def _parse_front_matter(raw: str) -> dict[str, str]:
    # Only flat "key: value" pairs matter here (title, date, author, category); no YAML dependency.
    fields: dict[str, str] = {}
    for line in raw.split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t", "-")):
            value = value.strip().strip("'\"")
            if value:
                fields[key.strip().lower()] = value
    return fields


def _strip_inline_markdown(text: str) -> str:
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    for _ in range(_EMPHASIS_PASSES):
        text, changed = _MD_EMPHASIS.subn(r"\2", text)
        if not changed:
            break
    return text.strip()
