"""Search inside a document view: which of its wrapped lines hold a match, and where.

A block (paragraph, title) matches when it holds every word of the search, in any order, as the
library search matches an article; then every occurrence of each word in it is a match. Words are
found line by line in the wrapped text, so a match is never split across two lines (a word that
is folded across lines because it is longer than one is not found).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reader.core.articles.search import contains_all, find_spans, fold


@dataclass
class Matches:
    words: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # each match's line, in document order
    # line -> (start, end, match number) in that line's text
    on_line: dict[int, list[tuple[int, int, int]]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.lines)


def find_in_lines(
    words: list[str],
    texts: Sequence[str],
    block_lines: Sequence[range],
    lines: Sequence[str],
) -> Matches:
    """``texts`` are the blocks' texts, ``block_lines`` the lines each block is wrapped to."""
    matches = Matches(words)
    if not words:
        return matches
    for text, line_range in zip(texts, block_lines, strict=True):
        if not contains_all(words, fold(text)):
            continue
        for line in line_range:
            spans = find_spans(words, lines[line])
            if spans:
                first = matches.count
                matches.on_line[line] = [
                    (start, end, first + number) for number, (start, end) in enumerate(spans)
                ]
                matches.lines.extend([line] * len(spans))
    return matches
