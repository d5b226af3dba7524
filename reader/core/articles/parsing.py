"""Stage 2, articles: a file's bytes -> an ``Article``: decoded, read by its format, split into
paragraphs, with title, metadata and boilerplate set aside. Parsing is cheap and pure;
language detection is the next stage (``reader.core.language.articles``), so a library can
list titles before it knows languages."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import NamedTuple

from reader.core.articles.boilerplate import BlockSorter, _patterns
from reader.core.articles.formats import HTML_SUFFIXES, read_document
from reader.core.articles.model import Article, ArticleBody, LoadError, Paragraph
from reader.core.articles.visible import visible
from reader.core.files.decoding import NotText, decode_text
from reader.core.files.reading import read_article_file
from reader.core.language.articles import with_paragraph_languages

_TITLE_WORDS = 12


def _is_headline(block: str, sorter: BlockSorter, start: int) -> bool:
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


class _Opening(NamedTuple):
    """What the start of a file says: enough for the list (an outline), and the sorter that
    goes on to the whole body."""

    path: Path
    text: str
    encoding: str
    title: str
    title_source: str
    headline: Paragraph | None
    sorter: BlockSorter

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
    sorter = BlockSorter(document.blocks, dict(document.metadata), document.furniture)
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
