"""HTML -> a ``Document``: the page's text blocks, preferring its <article> or <main>, with the
headline and the metadata the markup names (``<meta>`` tags). Kept apart from ``formats`` so that
``html.parser`` is imported only when a page is read."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from reader.core.formats import Document

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
_HTML_SKIPPED = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "iframe",
    "head",
}
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
}


class _ArticleExtractor(HTMLParser):
    """Collects text blocks, preferring the content of <article> (or <main>) when a page has one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page_blocks: list[str] = []
        self.article_blocks: list[str] = []
        self.meta: dict[str, str] = {}
        self.title_tag = ""
        self.first_h1: str | None = None
        self.article_h1: str | None = None
        self._buffer: list[str] = []
        self._skip_depth = 0
        self._article_depth = 0
        self._in_title = False
        self._in_h1 = False
        self._h1_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = {k.lower(): (v or "") for k, v in attrs}
            key = (values.get("property") or values.get("name") or "").lower()
            if key in _META_FIELDS and values.get("content"):
                self.meta.setdefault(_META_FIELDS[key], values["content"].strip())
            return
        if tag in _HTML_VOID:
            if tag == "br":
                self._flush()
            return
        if tag in _HTML_SKIPPED:
            self._skip_depth += 1
            if tag == "head":
                self._skip_depth -= 1  # <title> lives in <head>; other head content has no text
            return
        if tag == "title":
            self._in_title = True
        if tag in ("article", "main"):
            self._flush()
            self._article_depth += 1
        if tag in _HTML_BLOCKS:
            self._flush()
        if tag == "h1":
            self._in_h1, self._h1_text = True, []

    def handle_endtag(self, tag: str) -> None:
        if tag in _HTML_SKIPPED and tag != "head":
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if tag == "title":
            self._in_title = False
        if tag == "h1" and self._in_h1:
            self._in_h1 = False
            h1 = " ".join("".join(self._h1_text).split())
            if h1:
                self.first_h1 = self.first_h1 or h1
                if self._article_depth:
                    self.article_h1 = self.article_h1 or h1
        if tag in _HTML_BLOCKS or tag in ("article", "main"):
            self._flush()
        if tag in ("article", "main"):
            self._article_depth = max(0, self._article_depth - 1)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_tag += data
            return
        if self._skip_depth:
            return
        self._buffer.append(data)
        if self._in_h1:
            self._h1_text.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._buffer).split())
        self._buffer = []
        if text:
            self.page_blocks.append(text)
            if self._article_depth:
                self.article_blocks.append(text)

    def close(self) -> None:
        super().close()
        self._flush()


# A "<" that another "<" (or the end) follows before any ">" opens no tag. html.parser looks for
# the end of each such would-be tag to the end of the text: quadratic, minutes on a page of
# them. Written as "&lt;" it is the text it is anyway (browsers show it as text too).
_UNCLOSED_TAG = re.compile(r"<(?!!)(?=[^<>]*(?:<|\Z))")


def read_html(text: str) -> Document:
    extractor = _ArticleExtractor()
    try:
        extractor.feed(_UNCLOSED_TAG.sub("&lt;", text))
        extractor.close()
    except AssertionError:
        # html.parser gives up on some malformed markup (``<![>``) with an AssertionError:
        # keep the text read up to there rather than lose the page (and, before, the folder).
        extractor._flush()
    blocks = extractor.article_blocks or extractor.page_blocks
    # The article's own <h1> is the headline; <title> usually carries the site name as well.
    headline = extractor.article_h1 or extractor.first_h1 or extractor.meta.get("og:title")
    if not headline and extractor.title_tag.strip():
        headline = re.split(r"\s+[|–—-]\s+", " ".join(extractor.title_tag.split()))[0]
    metadata = {k: v for k, v in extractor.meta.items() if k != "og:title"}
    return Document(blocks=blocks, headline=headline or None, metadata=metadata)
