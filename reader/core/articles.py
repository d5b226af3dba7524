"""A file -> an ``Article``: decoded, split into paragraphs, with title, metadata and boilerplate
set aside. Parsing is cheap and pure; language detection is a separate, slower step
(``with_article_language``, then ``with_paragraph_languages`` when translating) so a library can
list titles before it knows languages."""

from __future__ import annotations

import hashlib
import math
import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache, partial
from pathlib import Path
from typing import Any, NamedTuple

from reader.core import language
from reader.core.decoding import NotText, decode_text
from reader.core.formats import HTML_SUFFIXES, read_document
from reader.core.visible import visible

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
WORDS_PER_MINUTE = 200
RULES_FILE = Path(__file__).with_name("rules") / "boilerplate.toml"
# Larger files are almost certainly not articles (logs, dumps); reading them whole would stall.
MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Paragraph:
    text: str
    language: str = language.UNKNOWN
    confidence: float = 0.0
    position: int = -1  # index among the file's blocks, to interleave removed lines for display


@dataclass(frozen=True)
class RemovedLine:
    """A line taken out of the body, and why ("boilerplate: read also", "metadata: date")."""

    text: str
    reason: str
    position: int  # index among the file's blocks, to show removed lines where they were


@dataclass(frozen=True)
class ArticleBody:
    """What an article says: its paragraphs, and the lines set aside from them."""

    headline: Paragraph | None  # the headline paragraph when the file has one
    paragraphs: tuple[Paragraph, ...]  # the cleaned body, without the headline
    metadata: dict[str, str] = field(default_factory=dict)
    removed: tuple[RemovedLine, ...] = ()


@dataclass(frozen=True)
class Article:
    """An article: what the list shows (title, language, length) and its body.

    The body is either there or a function that produces it on first use: the library cache
    hands out articles whose body is decoded only when something reads it, so listing 10,000
    cached articles decodes none of them.
    """

    id: str  # content hash of the decoded text: same text, same id, wherever the file lives
    path: Path
    encoding: str
    title: str
    title_source: str  # "headline", "front matter", "html", or "first sentence"
    # In the body (the list shows, sorts and measures it for every row); ``None`` in an outline
    # (``outline_article``), whose body has not been sorted yet.
    words: int | None
    content: ArticleBody | Callable[[], ArticleBody] = field(repr=False, compare=False)
    language: str = language.UNKNOWN
    confidence: float = 0.0
    languages_detected: bool = False  # the article's own language (what the list shows)
    paragraph_languages_detected: bool = False  # each paragraph's too (what translation routes by)
    language_chosen: bool = False  # set by the reader (``with_chosen_language``), not detected

    @cached_property
    def body(self) -> ArticleBody:
        content = self.content
        return content if isinstance(content, ArticleBody) else content()

    @property
    def headline(self) -> Paragraph | None:
        return self.body.headline

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return self.body.paragraphs

    @property
    def metadata(self) -> dict[str, str]:
        return self.body.metadata

    @property
    def removed(self) -> tuple[RemovedLine, ...]:
        return self.body.removed

    @property
    def units(self) -> tuple[Paragraph, ...]:
        """What is translated and aligned: the headline (when there is one), then the body."""
        return ((self.headline,) if self.headline else ()) + self.paragraphs

    @property
    def is_outline(self) -> bool:
        return self.words is None

    @property
    def reading_minutes(self) -> int | None:
        if self.words is None:
            return None
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE)) if self.words else 0

    @property
    def body_text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
class LoadError:
    """A file that could not become an article, with a reason a person can act on."""

    path: Path
    reason: str


# --- Rules ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoilerplateRule:
    name: str
    action: str  # "drop" or "cut"
    pattern: str | None = None  # a regular expression, or
    phrases: tuple[str, ...] = ()  # phrases found anywhere

    @cached_property
    def compiled(self) -> re.Pattern[str] | None:
        # Compiled when a rule is tried on its own: most are only ever branches of
        # ``_rule_matcher``'s alternation, and compiling them twice cost the first parse ~4 ms.
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
    # Compiled when first parsing, not on import: ~4 ms of every start, before the first frame,
    # though a start from the library cache parses nothing.
    return _Patterns(
        re.compile(r"\d"),
        re.compile(_DATE_LINE, re.IGNORECASE),
        re.compile(_BYLINE, re.IGNORECASE),
        re.compile(_SENTENCE_END),
    )


_TITLE_WORDS = 12
# Site furniture (a date, a byline, "Read also: …", a copyright line) is a short block; a longer
# one is article text, even when it mentions "all rights reserved" or a newsletter in passing.
# Not looking at long blocks also halved parsing: the unanchored rules scan every character.
MAX_FURNITURE_CHARS = 200


def _is_headline(block: str, sorter: _BlockSorter, start: int) -> bool:
    """Whether ``block`` reads as a headline over the body blocks from ``start`` on (sorting no
    more blocks than it takes to tell)."""
    words = block.split()
    if not 2 <= len(words) <= 25 or len(block) > 200:
        return False
    if block.rstrip('"”»’)').endswith((".", ",", ";", ":")):
        return False
    # Over a longer block, or over more than one.
    return sorter.has_body(start + 1) and (
        len(sorter.body[start][1]) > len(block) or sorter.has_body(start + 2)
    )


def _is_section_label(block: str) -> bool:
    words = block.split()
    return (
        1 <= len(words) <= 3
        and len(block) <= 32
        and block[0].isupper()
        and not any(char.isdigit() for char in block)
        and not block.endswith(tuple(".,;:!?"))
    )


def derive_title(text: str) -> str:
    """A short title from the first sentence: at most ``_TITLE_WORDS`` words, "…" when cut."""
    first_sentence = _patterns().sentence_end.split(text.strip(), maxsplit=1)[0]
    words = first_sentence.split()
    if len(words) <= _TITLE_WORDS:
        return first_sentence.rstrip(".") or first_sentence  # "..." stays a title
    return " ".join(words[:_TITLE_WORDS]).rstrip(",;:") + "…"


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


class _BlockSorter:
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


class _Opening(NamedTuple):
    """What the start of a file says: enough for the list (an outline), and the sorter that
    goes on to the whole body."""

    path: Path
    text: str
    encoding: str
    title: str
    title_source: str
    headline: Paragraph | None
    sorter: _BlockSorter

    def article(
        self, words: int | None, content: ArticleBody | Callable[[], ArticleBody]
    ) -> Article:
        return Article(
            # The content hash of the decoded text: same text, same id, wherever the file lives.
            id=hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()[:16],
            path=self.path,
            encoding=self.encoding,
            title=self.title,
            title_source=self.title_source,
            words=words,
            content=content,
        )


def _read_opening(path: Path, data: bytes) -> _Opening:
    """Decode a file and sort its blocks as far as the title needs (a few blocks, usually);
    raises ``NotText`` when there is no article in it."""
    text, encoding = decode_text(data, html=path.suffix.lower() in HTML_SUFFIXES)
    document = read_document(_as_read(text), path.suffix)
    sorter = _BlockSorter(document.blocks, dict(document.metadata), document.furniture)
    if not sorter.has_body(1):
        raise NotText("no article text (only boilerplate or metadata)")

    # A short label line before the headline is the section ("Teknologi"). (The label first:
    # most files have none, and need no more blocks sorted to tell.)
    while (
        _is_section_label(sorter.body[0][1])
        and sorter.has_body(2)
        and _is_headline(sorter.body[1][1], sorter, 2)
    ):
        sorter.set_aside("section")

    headline: Paragraph | None = None
    if document.headline:
        title, title_source = (
            document.headline,
            ("front matter" if path.suffix.lower() in (".md", ".markdown") else "html"),
        )
        if sorter.body[0][1] == title:
            position, block = sorter.body.pop(0)
            headline = Paragraph(block, position=position)
    elif _is_headline(sorter.body[0][1], sorter, 1):
        position, block = sorter.body.pop(0)
        headline = Paragraph(block, position=position)
        title, title_source = headline.text, "headline"
    else:
        title, title_source = derive_title(sorter.body[0][1]), "first sentence"
    if not sorter.has_body(1):
        raise NotText("no article text (only a headline)")
    return _Opening(path, text, encoding, title, title_source, headline, sorter)


def parse_article(path: Path, data: bytes) -> Article:
    """Build an article from a file's bytes; raises ``NotText`` when there is no article in it."""
    return _whole(_read_opening(path, data))


def _whole(opening: _Opening) -> Article:
    sorter = opening.sorter
    sorter.sort_all()
    return opening.article(
        words=sum(len(block.split()) for _, block in sorter.body),
        content=ArticleBody(
            headline=opening.headline,
            paragraphs=tuple(Paragraph(text, position=position) for position, text in sorter.body),
            metadata=sorter.metadata,
            removed=tuple(sorted(sorter.removed, key=lambda line: line.position)),
        ),
    )


def outline_article(path: Path, data: bytes) -> Article:
    """What the list needs of a file's article (id and title) for under half of
    ``parse_article``'s work: only the blocks up to the title are sorted. The outline's
    ``words`` is ``None``, and its body is parsed from the file when something first reads it.
    Raises ``NotText`` exactly when ``parse_article`` does (it stops where that goes on).

    A web page is the exception: finding its title already took the extraction of the whole
    page, so its article comes whole, instead of being extracted a second time later."""
    opening = _read_opening(path, data)
    if path.suffix.lower() in HTML_SUFFIXES:
        return _whole(opening)
    return opening.article(words=None, content=partial(body_from_file, path))


def body_from_file(path: Path) -> ArticleBody:
    """The body of the article in the file at ``path`` as it is now (empty when the file no
    longer holds one): what an outline, or a body gone from the library cache, falls back on."""
    article = load_article(path, detect_languages=False)
    return article.body if isinstance(article, Article) else ArticleBody(None, ())


# Invisible characters that only hint at layout (soft hyphen, zero-width space, word joiner, a
# BOM inside the text): left in, they split words for search and version matching.
_LAYOUT_HINTS = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))


def _as_read(text: str) -> str:
    """The text as reader reads it, whatever the format: composed (NFC: an "é" typed as "e" and
    a combining accent is the "é" that search and version matching look for), layout hints
    dropped, control characters (ANSI escapes included) shown, never interpreted; newlines are
    the text's structure and stay."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if text.replace("\n", "").isprintable():  # nearly always: one pass in C, nothing to change
        return text
    return visible(text.translate(_LAYOUT_HINTS), keep="\n")


def with_article_language(article: Article) -> Article:
    """The article with its overall language detected: one langdetect call, what the list needs.

    Per-paragraph detection costs one call per paragraph (five to ten times more), so a library
    scan leaves it to ``with_paragraph_languages`` when an article is translated.
    """
    if article.languages_detected:
        return article
    return with_detected_language(article, language.detect(article.body_text))


def with_detected_language(article: Article, detection: language.Detection) -> Article:
    """The article with ``detection`` as its language (``language.detect`` of its body text)."""
    return replace(
        article,
        language=detection.language,
        confidence=detection.confidence,
        languages_detected=True,
    )


def with_chosen_language(article: Article, code: str) -> Article:
    """The article in the language the reader says it is in: the article, its headline and every
    paragraph in ``code``, for when detection got it wrong. The body stays lazy."""

    def body() -> ArticleBody:
        original = article.body
        headline = original.headline
        return replace(
            original,
            headline=headline and replace(headline, language=code, confidence=1.0),
            paragraphs=tuple(
                replace(p, language=code, confidence=1.0) for p in original.paragraphs
            ),
        )

    return replace(
        article,
        content=body,
        language=code,
        confidence=1.0,
        languages_detected=True,
        paragraph_languages_detected=True,
        language_chosen=True,
    )


def without_chosen_language(article: Article) -> Article:
    """The article with its languages to be detected again (the reader's choice withdrawn)."""
    return replace(
        article,
        language=language.UNKNOWN,
        confidence=0.0,
        languages_detected=False,
        paragraph_languages_detected=False,
        language_chosen=False,
    )


# Paragraphs past this many take the article's language instead of their own detection: a 60 MB
# text file (120,000 paragraphs) kept a worker, and the process after `q`, busy for 400 s.
MAX_DETECTED_PARAGRAPHS = 5000


class Cancelled(Exception):
    """The work was cancelled (the reader moved on or quit)."""


def with_paragraph_languages(
    article: Article, is_cancelled: Callable[[], bool] = lambda: False
) -> Article:
    """The article with its body, headline and every paragraph language-detected (the first
    ``MAX_DETECTED_PARAGRAPHS``; the rest in the article's language), each leaving the article's
    language only when both detectors agree (``language.detect_within``). Raises ``Cancelled``
    as soon as ``is_cancelled()`` says so."""
    if article.paragraph_languages_detected:
        return article
    article = with_article_language(article)
    whole = language.Detection(article.language, article.confidence)
    paragraphs = []
    for index, paragraph in enumerate(article.paragraphs):
        if is_cancelled():
            raise Cancelled
        if index < MAX_DETECTED_PARAGRAPHS:
            detected = language.detect_within(paragraph.text, whole)
        else:
            detected = whole
        paragraphs.append(
            replace(paragraph, language=detected.language, confidence=detected.confidence)
        )
    headline = article.headline
    if headline is not None:
        detected = language.detect_within(headline.text, whole)
        headline = replace(headline, language=detected.language, confidence=detected.confidence)
    return replace(
        article,
        content=replace(article.body, paragraphs=tuple(paragraphs), headline=headline),
        paragraph_languages_detected=True,
    )


def read_article_file(path: Path) -> tuple[bytes, os.stat_result] | LoadError:
    """A file's bytes and the ``stat`` taken before reading them, or why they cannot be read."""
    try:
        # One open, then fstat and read on it: a library scan does this for every file. On the
        # descriptor, without a file object: half the cost, and a big library's first start
        # reads every file.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            info = os.fstat(descriptor)
            if info.st_size > MAX_FILE_BYTES:
                return LoadError(
                    path,
                    f"too large ({info.st_size // (1024 * 1024)} MiB; limit is "
                    f"{MAX_FILE_BYTES // (1024 * 1024)} MiB)",
                )
            return _read_to_end(descriptor, info.st_size), info
        finally:
            os.close(descriptor)
    except FileNotFoundError:
        return LoadError(path, "file disappeared while reading")
    except PermissionError:
        return LoadError(path, "permission denied")
    except IsADirectoryError:
        return LoadError(path, _folder_problem(path))
    except OSError as error:
        return LoadError(path, f"cannot read: {error.strerror or error}")


def _folder_problem(path: Path) -> str:
    """Why a folder met where an article file was expected is skipped: a folder the library scan
    could not list (``iter_article_files`` gives those), or a file replaced by a folder."""
    try:
        with os.scandir(path):
            pass
    except OSError as error:
        return f"folder cannot be listed: {error.strerror or error}"
    return "is a directory"


def _read_to_end(descriptor: int, size: int) -> bytes:
    """All the bytes: one read for a file of ``size`` bytes, more for one that has grown since
    its size was taken."""
    data = os.read(descriptor, size + 1)
    if len(data) <= size:
        return data
    parts = [data]
    while part := os.read(descriptor, 1 << 20):
        parts.append(part)
    return b"".join(parts)


def parse_or_error(path: Path, data: bytes, outline: bool = False) -> Article | LoadError:
    """``parse_article`` (or ``outline_article``) of the bytes, or why there is no article.
    Never raises: a file that trips up a parser is one skipped file, never a folder that does not
    load."""
    try:
        return outline_article(path, data) if outline else parse_article(path, data)
    except NotText as reason:
        return LoadError(path, str(reason))
    except (Exception, RecursionError) as error:  # a parser's bug must cost one file, with why
        return LoadError(path, f"could not be parsed ({type(error).__name__}: {error})"[:300])


def load_article(path: Path, detect_languages: bool = True) -> Article | LoadError:
    """Read and parse one file. Never raises for a bad file: returns a ``LoadError`` instead."""
    read = read_article_file(path)
    if isinstance(read, LoadError):
        return read
    article = parse_or_error(path, read[0])
    if isinstance(article, LoadError) or not detect_languages:
        return article
    return with_paragraph_languages(article)


# --- Records: an article as plain data, for the library cache ---------------------------------

# What the list needs, stored beside the body so that listing decodes no body.
SUMMARY_FIELDS = (
    "id",
    "encoding",
    "title",
    "title_source",
    "words",
    "language",
    "confidence",
    "languages_detected",
    "paragraph_languages_detected",
)


def article_summary(article: Article) -> tuple[object, ...]:
    """The values of ``SUMMARY_FIELDS``, in that order."""
    return tuple(getattr(article, name) for name in SUMMARY_FIELDS)


def article_from_summary(
    path: Path, summary: Sequence[Any], content: ArticleBody | Callable[[], ArticleBody]
) -> Article:
    """The inverse of ``article_summary``, with the body (or what produces it)."""
    fields = dict(zip(SUMMARY_FIELDS, summary, strict=True))
    return Article(
        id=str(fields["id"]),
        path=path,
        encoding=str(fields["encoding"]),
        title=str(fields["title"]),
        title_source=str(fields["title_source"]),
        words=None if fields["words"] is None else int(fields["words"]),
        content=content,
        language=str(fields["language"]),
        confidence=float(fields["confidence"]),
        languages_detected=bool(fields["languages_detected"]),
        paragraph_languages_detected=bool(fields["paragraph_languages_detected"]),
    )


def body_record(body: ArticleBody) -> dict[str, object]:
    """An article's body as plain JSON data."""

    def paragraph(p: Paragraph) -> list[object]:
        return [p.text, p.language, p.confidence, p.position]

    return {
        "headline": paragraph(body.headline) if body.headline else None,
        "paragraphs": [paragraph(p) for p in body.paragraphs],
        "metadata": body.metadata,
        "removed": [[r.text, r.reason, r.position] for r in body.removed],
    }


def body_from_record(record: dict[str, Any]) -> ArticleBody:
    """The inverse of ``body_record``; raises ``KeyError``/``TypeError``/``ValueError`` when the
    record is not one."""

    # Fields are taken as stored (this runs 100,000 times for a big library); a record of another
    # shape fails on unpacking.
    def paragraph(fields: list[Any]) -> Paragraph:
        text, language_code, confidence, position = fields
        return Paragraph(text, language_code, confidence, position)

    headline = record["headline"]
    return ArticleBody(
        headline=paragraph(headline) if headline is not None else None,
        paragraphs=tuple(paragraph(p) for p in record["paragraphs"]),
        metadata={str(k): str(v) for k, v in record["metadata"].items()},
        removed=tuple(RemovedLine(str(t), str(r), int(p)) for t, r, p in record["removed"]),
    )
