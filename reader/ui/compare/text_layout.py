"""Where text falls in the side-by-side view's cells: the sentences of a paragraph, and its
lines once wrapped, both as character spans so that a sentence can be highlighted on the lines
it wraps onto."""

from __future__ import annotations

import re

from rich.cells import cell_len, chop_cells


def sentence_spans(text: str, sentences: list[str]) -> tuple[tuple[int, int], ...]:
    """Where each sentence sits in ``text``, found in order; unmatched ones are skipped."""
    spans = []
    position = 0
    for sentence in sentences:
        needle = sentence.strip()
        if not needle:
            continue
        start = text.find(needle, position)
        if start < 0:
            continue
        spans.append((start, start + len(needle)))
        position = start + len(needle)
    return tuple(spans)


def wrap_spans(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of ``text`` to ``width`` cells, as (start, end) slices of ``text`` (so
    sentence spans can be drawn on the lines); a word longer than a line is folded."""
    lines: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n"):
        base, offset = offset, offset + len(paragraph) + 1
        line_start = line_end = -1
        used = 0
        for word in re.finditer(r"\S+", paragraph):
            start, end = base + word.start(), base + word.end()
            size = cell_len(word.group())
            if line_start >= 0 and used + 1 + size > width:
                lines.append((line_start, line_end))
                line_start, used = -1, 0
            while size > width:  # fold a word longer than the line
                # At least one character a line: a wide character in a column of one cell
                # would give an empty first piece, and no progress.
                cut = start + max(len(chop_cells(text[start:end], width)[0]), 1)
                lines.append((start, cut))
                start, size = cut, cell_len(text[cut:end])
            if line_start < 0:
                line_start, used = start, size
            else:
                used += 1 + size
            line_end = end
        lines.append((line_start, line_end) if line_start >= 0 else (base, base))
    return lines


def wrapped_line_count(text: str, width: int) -> int:
    """How many lines ``wrap_spans`` (and ``wrap_text``) wrap ``text`` to, without making them:
    a side-by-side view measures every row of a long article when it opens."""
    count = 0
    for paragraph in text.split("\n"):
        used = -1  # cells on the line so far; -1 while it is empty (no space before a first word)
        for word in paragraph.split():
            # Printable ASCII is one cell a character, and most words are.
            size = len(word) if word.isascii() and word.isprintable() else cell_len(word)
            if used >= 0 and used + 1 + size > width:
                count += 1
                used = -1
            if size > width:  # folded: its last piece starts the line
                *full, word = chop_cells(word, width)
                count += len(full)
                size = cell_len(word)
            used += size + 1
        count += 1
    return count
