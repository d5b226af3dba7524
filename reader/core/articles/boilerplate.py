"""Stage 2, articles: which blocks of a document are site furniture rather than article text.

The rules live in ``boilerplate.toml`` beside this file (phrases and patterns per kind of
line); dates and bylines are recognised here and kept as metadata. ``BlockSorter`` sorts a
document's blocks into body, metadata and removed lines, only as far as it is asked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple

from reader.core.articles.model import RemovedLine

RULES_FILE = Path(__file__).with_name("boilerplate.toml")


@dataclass(frozen=True)
class BoilerplateRule:
    name: str
    action: str  # "drop" or "cut"
    pattern: str | None = None  # a regular expression, or
    phrases: tuple[str, ...] = ()  # phrases found anywhere

    @cached_property
    def compiled(self) -> re.Pattern[str] | None:
        # Compiled when a rule is tried on its own: most are only ever branches of
        # ``_rule_matcher``'s alternation, and compiling them twice slowed the first parse.
        return None if self.pattern is None else re.compile(self.pattern)

    def found_in(self, lowered: str) -> bool:
        if self.compiled is not None:
            return self.compiled.search(lowered) is not None
        return any(map(lowered.__contains__, self.phrases))  # the loop in C


@lru_cache(maxsize=1)
def boilerplate_rules() -> tuple[BoilerplateRule, ...]:
    """The rules as written in ``boilerplate.toml``, to be matched against *lower-cased* text.

    Matching lower-cased text with lower-case patterns and phrases gives the same answers as
    ``IGNORECASE`` and is several times faster: with ``IGNORECASE`` the regex engine cannot skip
    ahead on a literal prefix. ``_rule_matcher`` is how parsing tries them.
    """
    import tomllib  # parsing needs it, listing a cached library does not

    raw = RULES_FILE.read_text("utf-8")
    return tuple(
        BoilerplateRule(
            rule["name"],
            rule["action"],
            rule.get("pattern"),
            tuple(rule.get("phrases", ())),
        )
        for rule in tomllib.loads(raw)["rules"]
    )


class _RuleMatcher(NamedTuple):
    """The rules as two steps: one alternation of the rules anchored at the start of a block
    (one ``match`` instead of one search per rule; a branch that does not apply fails on the
    first character), and the rules that may match anywhere, each tried on its own."""

    rules: tuple[BoilerplateRule, ...]
    at_start: re.Pattern[str] | None  # branch ``r<i>`` is ``rules[i]``
    anywhere: tuple[tuple[int, BoilerplateRule], ...]

    def first_match(self, lowered: str) -> BoilerplateRule | None:
        """The first rule, in the rules' order, that matches ``lowered`` (as ``search`` would)."""
        first = None
        if self.at_start is not None and (match := self.at_start.match(lowered)):
            first = int(str(match.lastgroup)[1:])
        for index, rule in self.anywhere:
            if first is not None and index > first:
                break
            if rule.found_in(lowered):
                return rule
        return None if first is None else self.rules[first]


@lru_cache(maxsize=1)
def _rule_matcher() -> _RuleMatcher:
    rules = boilerplate_rules()
    anchored = {i for i, rule in enumerate(rules) if rule.pattern and _anchored_alone(rule.pattern)}
    branches = "|".join(f"(?P<r{i}>{rules[i].pattern})" for i in sorted(anchored))
    return _RuleMatcher(
        rules,
        re.compile(branches) if branches else None,
        tuple((i, rule) for i, rule in enumerate(rules) if i not in anchored),
    )


def _anchored_alone(source: str) -> bool:
    """Whether the regular expression ``source`` only ever matches at the start and can be a
    branch of a bigger pattern: it starts with ``^`` (so no flags such as ``(?m)``, which must
    come first), has no ``|`` outside parentheses (``^a|b`` finds ``b`` anywhere), and neither
    names its groups nor refers back to them (branch numbering would change)."""
    if not source.startswith("^"):
        return False
    if "(?P" in source or re.search(r"\\[1-9]", source):
        return False
    depth = 0
    position = 0
    while position < len(source):
        char = source[position]
        if char == "\\":
            position += 1  # the escaped character is skipped below
        elif char == "[":
            # A class ends at the first "]" that is not its first member ("[]a]", "[^]a]").
            position += 1
            position += source.startswith("^", position)
            position += source.startswith("]", position)
            while position < len(source) and source[position] != "]":
                position += 2 if source[position] == "\\" else 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return False
        position += 1
    return True


_MONTHS = (
    # en, id, de, fr, es, nl, it, pt: full names and common abbreviations
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
    "januari|februari|maret|mei|juni|juli|agustus|oktober|desember|agu|okt|des|"
    "januar|februar|märz|mrz|dezember|dez|"
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|"
    "décembre|decembre|janv|févr|avr|juil|déc|"
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|"
    "diciembre|ene|dic|maart|augustus|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|"
    "ottobre|dicembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|"
    # pl (genitive, as in dates), sv/da/no, tr
    "stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|"
    "listopada|grudnia|maj|augusti|okt|ocak|şubat|mart|nisan|mayıs|haziran|temmuz|ağustos|"
    "eylül|ekim|kasım|aralık"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th|er)?\.?"
_YEAR = r"\d{4}"
_DATE_CORE = (
    # 19 September 2024, 19. Sep. 2024, 19 de septiembre de 2024
    rf"(?:{_DAY}\s+(?:de\s+)?(?:{_MONTHS})\.?,?\s+(?:de\s+)?{_YEAR}"
    rf"|(?:{_MONTHS})\.?\s+{_DAY},?\s+{_YEAR}"  # Sep 19th, 2024
    rf"|{_YEAR}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?\S*)?"  # 2024-09-19
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4}"  # 19.09.2024, 3/12/2024
    rf"|{_YEAR}\s*[年년]\s*\d{{1,2}}\s*[月월]\s*\d{{1,2}}\s*[日일])"  # 2024年3月12日 (ko: 년 월 일)
)
_DATE_LINE = (
    r"^(?:(?:published|updated|posted|diterbitkan|diperbarui|veröffentlicht|aktualisiert|publié|"
    r"mis à jour|publicado|actualizado|atualizado|pubblicato|aggiornato|gepubliceerd|"
    r"bijgewerkt|opublikowano|zaktualizowano|publicerad|uppdaterad|publiceret|opdateret|"
    r"publisert|oppdatert|yayınlanma|güncelleme|diposting|dikemaskini)"
    r"(?: on| am| le| el| em| il| op| den| pada| tarihi)?\s*:?\s*)?"
    r"(?:[^\W\d]{2,12}\.?,?\s+)?"  # weekday: "Thu.", "Selasa,", "Donnerstag,"
    rf"{_DATE_CORE}"
    r"(?:\s*(?:[-|,•·]|um|à|às|at|a las|alle|om|kl\.?|pukul)?\s*\d{1,2}[:.h]\d{2}"
    r"(?:\s*(?:[ap]\.?m\.?|uhr|wib|wita|wit|utc|gmt|cet|cest|[a-z]{2,4}))?)?\s*$"
)
_BYLINE = (
    r"^(?:by|oleh|von|par|por|door|di|penulis|reporter|redaktur|author|autor|auteur|written by)"
    r"\s*:?\s+(?P<name>[^\W\d][\w .,'’&-]{1,60})$"
)
_SENTENCE_END = r"(?<=[.!?…])[\"”»’)]*\s+(?=[\"“«‘(]?[A-ZÀ-ÖØ-Þ0-9])"


class _Patterns(NamedTuple):
    digit: re.Pattern[str]
    date_line: re.Pattern[str]
    byline: re.Pattern[str]
    sentence_end: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    # Compiled when first parsing, not on import: time every start would pay before the first frame,
    # though a start from the library cache parses nothing.
    return _Patterns(
        re.compile(r"\d"),
        re.compile(_DATE_LINE, re.IGNORECASE),
        re.compile(_BYLINE, re.IGNORECASE),
        re.compile(_SENTENCE_END),
    )


# Site furniture (a date, a byline, "Read also: …", a copyright line) is a short block; a longer
# one is article text, even when it mentions "all rights reserved" or a newsletter in passing.
# Not looking at long blocks also halved parsing: the unanchored rules scan every character.
MAX_FURNITURE_CHARS = 200


def _classify(block: str) -> tuple[str, str, str] | None:
    """``(kind, detail, value)`` for a block that is not body text, else ``None``: the value is
    what a metadata line says (a byline's name; the block itself otherwise)."""
    if len(block) > MAX_FURNITURE_CHARS:
        return None
    patterns = _patterns()
    # Every date has a digit; the pattern is slow to rule out a sentence without one.
    if patterns.digit.search(block) and patterns.date_line.match(block):
        return "metadata", "date", block
    byline = patterns.byline.match(block)
    if byline and len((name := byline.group("name")).split()) <= 5 and not block.endswith("."):
        return "metadata", "byline", name.strip()
    rule = _rule_matcher().first_match(block.lower())
    return None if rule is None else (rule.action, rule.name, block)


class BlockSorter:
    """A document's blocks sorted, in order and only as far as asked, into body text and lines
    set aside (metadata, boilerplate, and everything after a site footer starts)."""

    def __init__(
        self, blocks: list[str], metadata: dict[str, str], furniture: frozenset[int] = frozenset()
    ) -> None:
        self.blocks = blocks
        self.metadata = metadata
        self.furniture = furniture  # positions the format reader found outside the article
        self.body: list[tuple[int, str]] = []  # (position among the blocks, text)
        self.removed: list[RemovedLine] = []
        self._sorted = 0  # blocks sorted so far
        self._footer: str | None = None  # the rule that started the site footer, once one has

    def has_body(self, count: int) -> bool:
        """Whether the body has ``count`` blocks, sorting more blocks until it has or none are
        left."""
        while len(self.body) < count and self._sorted < len(self.blocks):
            self._sort(self._sorted, self.blocks[self._sorted])
            self._sorted += 1
        return len(self.body) >= count

    def sort_all(self) -> None:
        self.has_body(len(self.blocks) + 1)

    def set_aside(self, reason: str) -> None:
        """Take the first body block out of the body, as ``reason``'s metadata."""
        position, block = self.body.pop(0)
        self.metadata.setdefault(reason, block)
        self.removed.append(RemovedLine(block, f"metadata: {reason}", position))

    def _sort(self, position: int, block: str) -> None:
        if position in self.furniture:
            self.removed.append(RemovedLine(block, "page: outside the article", position))
            return
        if self._footer is not None:
            self.removed.append(RemovedLine(block, f"boilerplate: after {self._footer}", position))
            return
        classified = _classify(block)
        if classified is None:
            self.body.append((position, block))
            return
        kind, detail, value = classified
        if kind == "cut" and position < len(self.blocks) / 2:
            self.body.append((position, block))  # too early for a footer: keep it
            return
        if kind == "metadata":
            self.metadata.setdefault(detail, value)
            self.removed.append(RemovedLine(block, f"metadata: {detail}", position))
        else:
            self.removed.append(RemovedLine(block, f"boilerplate: {detail}", position))
            if kind == "cut":
                self._footer = detail
