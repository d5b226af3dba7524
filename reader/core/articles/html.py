"""Stage 2, articles: HTML -> a ``Document``: the page's main text, found by trafilatura, with the
headline and the metadata it finds (date, author, site, categories); every other block of the page
is kept aside as furniture, so the reading pane can show what was dropped.

reader's own parser (``read_page``, on the standard library's ``html.parser``) reads every block
of the page: it is what lists the furniture, and the fallback when trafilatura finds no main
text. Kept apart from ``formats`` so that neither parser is imported until a page is read.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from html.parser import HTMLParser
from typing import Any

from reader.core.articles.formats import Document

_HTML_BLOCKS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "figcaption",
    "pre",
    "td",
    "dt",
    "dd",
    "div",
    "section",
    "article",
    "br",
    "tr",
    "time",
}
# Elements whose content is never text to read.
_NEVER_TEXT = {"script", "style", "noscript", "template", "svg", "button", "select", "iframe"}
# Elements that hold the page around the article (outside an <article>, a <header> is the
# site's): their blocks are listed as furniture, never the fallback's body.
_FURNITURE = {"nav", "header", "footer", "aside"}
_HTML_VOID = {
    "br",
    "img",
    "hr",
    "meta",
    "link",
    "input",
    "source",
    "wbr",
    "area",
    "base",
    "col",
    "embed",
    "param",
    "track",
}
_META_FIELDS = {
    "og:title": "og:title",
    "article:published_time": "date",
    "date": "date",
    "pubdate": "date",
    "author": "byline",
    "article:author": "byline",
    "article:section": "section",
    "og:site_name": "site",
}


class _ArticleExtractor(HTMLParser):
    """Collects the page's text blocks: all of them (``page_blocks``), those outside the site's
    furniture (``content_blocks``) and those inside <article> or <main> (``article_blocks``).

    Open elements are kept on a stack, and an end tag closes every element still open inside
    the one it ends, as browsers do: an unclosed <button> in a <header> ends with the header
    instead of hiding the rest of the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page_blocks: list[str] = []
        self.content_blocks: list[str] = []
        self.article_blocks: list[str] = []
        self.meta: dict[str, str] = {}
        self.title_tag = ""
        self.first_h1: str | None = None
        self.article_h1: str | None = None
        self._buffer: list[str] = []
        self._open: list[str] = []  # open elements, outermost first
        self._open_count: Counter[str] = Counter()  # how many of each (a deep page's lookups)
        self._never_text = 0  # how many of them hold no text to read
        self._furniture = 0  # ... are the site's furniture
        self._article = 0  # ... are <article> or <main>
        self._titles_seen = 0
        self._in_title = False
        self._h1_text: list[str] | None = None  # while inside an <h1>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = {k.lower(): (v or "") for k, v in attrs}
            key = (values.get("property") or values.get("name") or "").lower()
            content = values.get("content", "").strip()
            # (article:author is often the author's profile address, not a name)
            if key in _META_FIELDS and content and not content.startswith(("http:", "https:")):
                self.meta.setdefault(_META_FIELDS[key], content)
            return
        if tag in _HTML_VOID:
            if tag == "br":
                self._flush()
            return
        if tag == "body" and self._open_count["head"]:
            self.handle_endtag("head")  # a <head> left open ends where the body starts
        if tag in _HTML_BLOCKS or tag in ("article", "main") or tag in _FURNITURE:
            self._flush()
        self._open.append(tag)
        self._open_count[tag] += 1
        self._count(tag, 1)
        if tag == "title":
            # The page's first <title> outside any <svg> (an icon's name is no title).
            self._in_title = not self._never_text and not self._titles_seen
            self._titles_seen += 1
        if tag == "h1":
            self._h1_text = []

    def handle_endtag(self, tag: str) -> None:
        if not self._open_count[tag]:
            return  # an end tag with nothing to end (browsers ignore it too)
        while self._open:
            closed = self._open.pop()
            self._open_count[closed] -= 1
            self._close(closed)
            if closed == tag:
                break

    def _close(self, tag: str) -> None:
        if tag in _HTML_BLOCKS or tag in ("article", "main") or tag in _FURNITURE:
            self._flush()
        if tag == "title":
            self._in_title = False
        if tag == "h1" and self._h1_text is not None:
            h1 = " ".join("".join(self._h1_text).split())
            self._h1_text = None
            if h1 and not self._furniture:  # a site's logo or menu heading is no headline
                self.first_h1 = self.first_h1 or h1
                if self._article:
                    self.article_h1 = self.article_h1 or h1
        self._count(tag, -1)

    def _count(self, tag: str, step: int) -> None:
        if tag in _NEVER_TEXT:
            self._never_text += step
        elif tag in ("article", "main"):
            self._article += step
        elif tag in _FURNITURE and not (tag == "header" and self._article):
            self._furniture += step

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_tag += data
            return
        if self._never_text or self._open_count["head"]:
            return
        self._buffer.append(data)
        if self._h1_text is not None:
            self._h1_text.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._buffer).split())
        self._buffer = []
        if text:
            self.page_blocks.append(text)
            if not self._furniture:
                self.content_blocks.append(text)
                if self._article:
                    self.article_blocks.append(text)

    def close(self) -> None:
        super().close()
        self._flush()


# A "<" that another "<" (or the end) follows before any ">" opens no tag. html.parser looks for
# the end of each such would-be tag to the end of the text: quadratic, minutes on a page of
# them. Written as "&lt;" it is the text it is anyway (browsers show it as text too).
_UNCLOSED_TAG = re.compile(r"<(?!!)(?=[^<>]*(?:<|\Z))")


def read_page(text: str) -> Document:
    """Every text block of the page, preferring those inside <article> or <main>, with the
    headline and the ``<meta>`` tags' metadata: reader's own reading, without trafilatura."""
    return _page_document(_parsed(text))


def _parsed(text: str) -> _ArticleExtractor:
    extractor = _ArticleExtractor()
    try:
        extractor.feed(_UNCLOSED_TAG.sub("&lt;", text))
        extractor.close()
    except AssertionError:
        # html.parser gives up on some malformed markup (``<![>``) with an AssertionError:
        # keep the text read up to there rather than lose the page (and, before, the folder).
        extractor._flush()
    return extractor


def _page_document(extractor: _ArticleExtractor) -> Document:
    blocks = extractor.article_blocks or extractor.content_blocks or extractor.page_blocks
    # The article's own <h1> is the headline; <title> usually carries the site name as well.
    headline = (
        extractor.article_h1
        or extractor.first_h1
        or _without_site_name(extractor.meta.get("og:title"), extractor.meta.get("site"))
    )
    if not headline and extractor.title_tag.strip():
        headline = re.split(r"\s+[|–—-]\s+", " ".join(extractor.title_tag.split()))[0]
    return Document(blocks=blocks, headline=headline or None, metadata=_meta_tags(extractor))


def _meta_tags(extractor: _ArticleExtractor) -> dict[str, str]:
    return {k: v for k, v in extractor.meta.items() if k != "og:title"}


# --- the main text, by trafilatura -----------------------------------------------------------

# trafilatura's output elements that are blocks of text; a table row's cells are one line.
_TEXT_ELEMENTS = {"p", "head", "quote", "item", "code", "row"}
_TITLE_SEPARATOR = r"\s*[|–—:·•-]\s*"


def read_html(text: str) -> Document:
    page = _parsed(text)
    main = _main_text(text)
    if main is None:
        return _page_document(page)
    blocks, title, metadata = main
    for key, value in _meta_tags(page).items():
        if key == "date" or key not in metadata:  # the page's own date has the time too
            metadata[key] = value
    # The article's own <h1> is its headline; trafilatura's title comes from the page's
    # metadata first, where sites shorten or brand it.
    if title in page.page_blocks and title not in page.content_blocks:
        title = None  # trafilatura took the page's only <h1>, and it is the site's menu
    headline = page.article_h1 or title or _page_document(page).headline
    if headline and headline in page.page_blocks and headline not in blocks[:1]:
        blocks = [headline, *blocks]  # the headline is the article's, never furniture
    merged, furniture = _with_furniture(blocks, page.page_blocks)
    return Document(blocks=merged, headline=headline, metadata=metadata, furniture=furniture)


def _main_text(text: str) -> tuple[list[str], str | None, dict[str, str]] | None:
    """The page's main text blocks, title and metadata, by trafilatura; ``None`` when it finds
    no main text."""
    import trafilatura  # slow to import (BENCHMARKS.md): only once a page is read
    from trafilatura.settings import set_date_params

    try:
        found = trafilatura.bare_extraction(
            text,
            with_metadata=True,
            include_comments=False,  # the readers' comments are not the article
            include_tables=True,
            # htmldate's extensive search hands undated pages to dateparser, which builds its
            # patterns for some 200 locales the first time: seconds per process, for a date
            # the markup did not state.
            date_extraction_params=set_date_params(extensive=False),
        )
    # Any failure of the extractor on hostile markup leaves the page to reader's own parser:
    # it must never cost the user the page.
    except Exception:  # noqa: BLE001
        return None
    if not isinstance(found, trafilatura.settings.Document) or found.body is None:
        return None
    blocks = _blocks_of(found.body)
    if not blocks:
        return None
    metadata = {}
    for key, value in (
        ("date", found.date),
        ("byline", found.author),
        ("site", found.sitename),
        ("section", ", ".join(found.categories or ())),
    ):
        if value:
            metadata[key] = " ".join(str(value).split())
    return blocks, _without_site_name(found.title, found.sitename), metadata


def _blocks_of(body: Any) -> list[str]:
    """trafilatura's output tree as reader's blocks: each paragraph, heading, quote, list item,
    code block and table row one block (a row's cells separated by " | ")."""
    blocks = []
    for element in body.iter(*_TEXT_ELEMENTS):
        if element.tag == "row":
            cells = (" ".join("".join(cell.itertext()).split()) for cell in element)
            line = " | ".join(cell for cell in cells if cell)
        elif element.getparent() is not None and element.getparent().tag in _TEXT_ELEMENTS:
            continue  # a block inside a block (a quote's paragraph) is part of its text
        else:
            line = " ".join("".join(element.itertext()).split())
        if line:
            blocks.append(line)
    return blocks


def _without_site_name(title: str | None, site: str | None) -> str | None:
    """ "Story | The Japan Times" -> "Story", when the page names its site."""
    if not title:
        return None
    title = " ".join(title.split())
    if site:
        site = re.escape(" ".join(site.split()))
        bare = re.sub(f"(?i){_TITLE_SEPARATOR}{site}$|^{site}{_TITLE_SEPARATOR}", "", title)
        if bare.strip():
            return bare.strip()
    return title


def _with_furniture(main: list[str], page: list[str]) -> tuple[list[str], frozenset[int]]:
    """The main text's blocks with the page's other blocks between them, where the page has
    them, and the positions of those others (the furniture)."""
    joined = " ".join(main)
    starts = []  # where each main block starts in ``joined``
    offset = 0
    for block in main:
        starts.append(offset)
        offset += len(block) + 1
    before: dict[int, list[str]] = {}  # main block index -> furniture shown before it
    reached = 0  # where the page's blocks have got to in the main text
    for block in page:
        found = joined.find(block, reached)
        if found >= 0:
            reached = found + len(block)
            continue
        if block in joined:  # a repeat of text the main text has earlier (a pull quote)
            continue
        before.setdefault(bisect.bisect_right(starts, reached), []).append(block)
    merged: list[str] = []
    furniture = []
    for index in range(len(main) + 1):
        for block in before.get(index, ()):
            furniture.append(len(merged))
            merged.append(block)
        if index < len(main):
            merged.append(main[index])
    return merged, frozenset(furniture)
