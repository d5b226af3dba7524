"""Text search as readers expect it: case- and accent-insensitive ("é" finds "e", "Straße" finds
"strasse"), several words in any order. The library search and the search in an article both
use it, so a word that finds an article also finds itself inside it."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The accents of the Latin, Greek and Cyrillic scripts, once decomposed (NFKD). Only these are
# dropped: in other scripts a combining mark is part of the letter (a Devanagari vowel sign).
_ACCENTS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """``text`` as it is compared: casefolded, compatibility-decomposed, accents dropped."""
    if text.isascii():
        return text.lower()
    return _ACCENTS.sub("", unicodedata.normalize("NFKD", text)).casefold()


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return fold(char)


def query_words(query: str) -> list[str]:
    """The words of a search, folded; empty when there is nothing to search for."""
    return fold(query).split()


def contains_all(words: list[str], folded: str) -> bool:
    """Whether ``folded`` (a text passed through ``fold``) holds every one of ``words``."""
    return all(word in folded for word in words)


def find_spans(words: list[str], text: str) -> list[tuple[int, int]]:
    """Where ``words`` occur in ``text``, as (start, end) character offsets into ``text`` itself
    (not its folded form, whose length differs), sorted, overlapping ones merged."""
    if not words:
        return []
    folded_chars: list[str] = []
    origins: list[int] = []  # for each character of the folded text, the one it came from
    for index, char in enumerate(text):
        folded = _fold_char(char)
        folded_chars.append(folded)
        origins.extend([index] * len(folded))
    folded_text = "".join(folded_chars)
    spans = []
    for word in words:
        start = folded_text.find(word)
        while start >= 0:
            spans.append((origins[start], origins[start + len(word) - 1] + 1))
            start = folded_text.find(word, start + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
