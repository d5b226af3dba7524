"""Stage 6, versions: what an article is made of for telling versions apart: its paragraphs'
lengths and *anchors*, the names, numbers and @handles that survive translation unchanged
(``anchors_of``), read from the English translation when there is one (``english_units``)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Container, Sequence
from dataclasses import dataclass

from reader.core.articles.model import Article

_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
_WORD = re.compile(r"@?[^\W\d_][\w'’-]*")
_SENTENCE_END = re.compile(r"[.!?:;…\"“”«»]")


def anchors_of(text: str, names_among: Container[str] | None = None) -> frozenset[str]:
    """Names, numbers and handles in ``text``, normalised to compare across languages. With
    ``names_among``, a word of letters only counts as a name only if it is among them (lower
    case): in German every noun is capitalised, so there only mixed-case words are names."""
    found: set[str] = set()
    for match in _NUMBER.finditer(text):
        number = match.group().replace(",", ".").rstrip(".")
        if len(number.replace(".", "")) >= 2:  # single digits are everywhere
            found.add(number)
    previous_end = 0
    for match in _WORD.finditer(text):
        gap_start, previous_end = previous_end, match.end()
        word = match.group().rstrip("'’-")
        if word.startswith("@"):
            found.add(word.lower())
            continue
        if word.islower():  # most words: no capital letter, so neither a name nor mixed case
            continue
        if names_among is not None and word.isalpha():
            name = word.lower()  # (not always letters only: "İl" -> "i̇l")
            if name.isalpha() and name not in names_among:
                continue
        core = word.split("-")[0].split("'")[-1].split("’")[-1]
        # An upper-case letter after the first and a lower-case one anywhere (OpenAI, iPhone);
        # most words are capitalised (rest lower case), which the first test settles at C speed.
        mixed = (
            not core[1:].islower()
            and any(c.isupper() for c in core[1:])
            and any(c.islower() for c in core)
        )
        capitalised = core[:1].isupper() and len(core) > 1
        # A capitalised word opens a sentence when the text since the last word ends one.
        if mixed or (
            capitalised
            and gap_start > 0
            and not _SENTENCE_END.search(text, gap_start, match.start())
        ):
            found.add(core.lower())
    return frozenset(found)


def english_anchors(text: str) -> frozenset[str]:
    """Content words of an English text (long enough not to be function words), prefixed so
    they only ever match other English words."""
    return frozenset(f"en:{w.lower()}" for w in _WORD.findall(text) if len(w) >= 6 and w.isalpha())


def english_units(article: Article, translations: dict[str, str]) -> list[str] | None:
    """The article's units in English: its own text when it is English, else its cached whole
    translation (``translations``: article id -> units joined by blank lines), if any."""
    units = [p.text for p in article.units]
    if article.language == "en":
        return units
    cached = translations.get(article.id)
    return cached.split("\n\n") if cached is not None else None


@dataclass(frozen=True)
class Profile:
    """The language-independent evidence of one article: its units (headline, then paragraphs),
    their lengths and anchors."""

    article_id: str
    language: str
    lengths: tuple[int, ...]
    anchors: tuple[frozenset[str], ...]
    has_headline: bool

    @classmethod
    def of(cls, article: Article, english: Sequence[str] | None = None) -> Profile:
        """``english``: the article's units in English (its cached translation, or its own text
        when it is English). Their longer words become anchors too, so versions that both have
        an English text agree on far more than names and numbers."""
        units = [p.text for p in article.units]
        anchors = [anchors_of(u) for u in units]
        if english is not None and len(english) == len(units):
            anchors = [a | english_anchors(e) for a, e in zip(anchors, english, strict=True)]
        return cls(
            article.id,
            article.language,
            tuple(len(u) for u in units),
            tuple(anchors),
            article.headline is not None,
        )

    @property
    def all_anchors(self) -> frozenset[str]:
        return frozenset().union(*self.anchors) if self.anchors else frozenset()

    def positional(self) -> list[frozenset[str]]:
        """Each unit's anchors without those in more than half of the units."""
        counts: dict[str, int] = defaultdict(int)
        for unit in self.anchors:
            for anchor in unit:
                counts[anchor] += 1
        limit = max(1, len(self.anchors) // 2)
        return [frozenset(a for a in unit if counts[a] <= limit) for unit in self.anchors]
