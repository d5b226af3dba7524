"""Stage 7, review: warnings on machine translations: the usual signs that a paragraph needs a
human look.

Each check takes the source, the translation and the language pair, and returns a reason or None.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from reader.core.versions.profiles import anchors_of

# Translations are seldom shorter than half or longer than twice the source (in characters); a
# pair of languages with another norm can be given its own range.
DEFAULT_LENGTH_RATIO = (0.5, 2.0)
LENGTH_RATIOS: dict[tuple[str, str], tuple[float, float]] = {}

_WORDS = re.compile(r"\w+", re.UNICODE)
_SUBWORD_MARKS = ("@@", "▁", "<unk>", "⁇")


Pair = tuple[str, str]
NO_PAIR: Pair = ("", "")
# Languages that capitalise every noun: there a capitalised word is no sign of a name.
_CAPITALISED_NOUNS = {"de", "lb"}


def repeated_words(source: str, target: str, pair: Pair = NO_PAIR) -> str | None:
    """A decoding loop: the same word or phrase (1-4 words) three times or more in a row."""
    words = [w.lower() for w in _WORDS.findall(target)]
    for size in range(1, 5):
        for start in range(len(words) - 3 * size + 1):
            phrase = words[start : start + size]
            if (
                words[start + size : start + 2 * size] == phrase
                and words[start + 2 * size : start + 3 * size] == phrase
            ):
                source_words = [w.lower() for w in _WORDS.findall(source)]
                if " ".join(phrase * 3) not in " ".join(source_words):
                    return f"repeats “{' '.join(phrase)}” (a decoding loop?)"
    return None


def subword_marks(source: str, target: str, pair: Pair = NO_PAIR) -> str | None:
    found = [mark for mark in _SUBWORD_MARKS if mark in target and mark not in source]
    return f"leftover tokenizer marks: {' '.join(found)}" if found else None


def length_ratio(source: str, target: str, pair: Pair = NO_PAIR) -> str | None:
    if len(source) < 20:
        return None
    low, high = LENGTH_RATIOS.get(pair, DEFAULT_LENGTH_RATIO)
    ratio = len(target) / len(source)
    if ratio < low:
        return f"much shorter than the source ({ratio:.0%} of its length)"
    if ratio > high:
        return f"much longer than the source ({ratio:.0%} of its length)"
    return None


def same_as_source(source: str, target: str, pair: Pair = NO_PAIR) -> str | None:
    if len(source) >= 20 and source.strip() == target.strip():
        return "identical to the source (not translated?)"
    return None


def missing_anchors(source: str, target: str, pair: Pair = NO_PAIR) -> str | None:
    """Numbers and names of the source that the translation lost."""
    if pair[0] in _CAPITALISED_NOUNS:
        # Keep numbers, handles and mixed-case names (OpenAI); "Millionen" is just a noun.
        mixed = _mixed_case_words(source)
        expected = anchors_of(source, names_among=mixed)
        expected = frozenset(a for a in expected if not a.isalpha() or a in mixed)
    else:
        expected = anchors_of(source)
    lowered = target.lower()
    # Most anchors are found as they are; the translation's own anchors (numbers written
    # another way: "1,5" for "1.5") are read only for those that are not.
    unseen = {a for a in expected if a.lstrip("@") not in lowered}
    lost = sorted(unseen - anchors_of(target)) if unseen else []
    return f"missing from the translation: {', '.join(lost)}" if lost else None


def _mixed_case_words(text: str) -> set[str]:
    """The words of ``text`` written in mixed case (OpenAI, iPhone), lowercased."""
    return {w.lower() for w in _WORDS.findall(text) if w != w.capitalize() and w != w.lower()}


CHECKS: tuple[Callable[[str, str, Pair], str | None], ...] = (
    repeated_words,
    subword_marks,
    length_ratio,
    same_as_source,
    missing_anchors,
)


def warnings_for(source: str, target: str | None, pair: Pair = NO_PAIR) -> list[str]:
    """Every warning for one paragraph (none when there is no translation to check)."""
    if not target:
        return []
    return [reason for check in CHECKS if (reason := check(source, target, pair))]


Texts = tuple[str, str | None]  # a paragraph's source and its translation


def warnings_by_text(
    texts: Iterable[Texts], pair: Pair = NO_PAIR, is_cancelled: Callable[[], bool] = lambda: False
) -> dict[Texts, list[str]]:
    """The warnings of each (source, translation), checked in order until ``is_cancelled()``
    (those checked by then)."""
    found: dict[Texts, list[str]] = {}
    for source, target in texts:
        if is_cancelled():
            break
        found[source, target] = warnings_for(source, target, pair)
    return found


class KnownWarnings:
    """The warnings found so far, by language pair and (source, translation), for the screens of
    one session: the open article's translation is checked while it is read, so that a review
    opened on it shows every paragraph's warnings at once. Used from worker threads: entries are
    only ever added, whole."""

    def __init__(self) -> None:
        self._found: dict[tuple[Pair, Texts], list[str]] = {}

    def known(self, texts: Iterable[Texts], pair: Pair) -> dict[Texts, list[str]]:
        """Those of ``texts`` already checked, with their warnings."""
        found = self._found
        return {text: found[pair, text] for text in texts if (pair, text) in found}

    def check(
        self, texts: Iterable[Texts], pair: Pair, is_cancelled: Callable[[], bool] = lambda: False
    ) -> dict[Texts, list[str]]:
        """The warnings of each of ``texts``, checking only those not known yet (until
        ``is_cancelled()``, as ``warnings_by_text``); the new ones are known from then on."""
        texts = set(texts)
        known = self.known(texts, pair)
        new = warnings_by_text(texts - known.keys(), pair, is_cancelled)
        for text, warnings in new.items():
            self._found[pair, text] = warnings
        return known | new
