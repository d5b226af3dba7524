"""Saved web pages as people have them: declared encodings, page furniture around the story,
markup that browsers forgive, and an extractor that may fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.articles.html import read_page
from reader.core.articles.model import Article
from reader.core.articles.parsing import load_article
from reader.core.files.decoding import decode_text
from reader.core.library import cache as library_cache

STORY = [
    "The city council approved the new budget on Tuesday after a debate that lasted until "
    "well past midnight, with the final vote taken at two in the morning.",
    "Members of the opposition argued that the plan cut too deeply into the library service, "
    "which has already lost a third of its opening hours since last spring.",
    "The mayor said the savings were needed to keep the bus network running and promised "
    "that no branch library would close before the end of next year.",
]
PARAGRAPHS = "".join(f"<p>{p}</p>" for p in STORY)


def page(body: str, head: str = "<title>Budget approved | Daily Site</title>") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def load(path: Path) -> Article:
    article = load_article(path, detect_languages=False)
    assert isinstance(article, Article), article
    return article


def load_text(folder: Path, text: str) -> Article:
    path = folder / "story.txt"
    path.write_text(text, encoding="utf-8")
    return load(path)


def test_a_declared_legacy_encoding_is_believed() -> None:
    polish = "Chcemy pomagać, żeby każdy mógł czytać."
    data = page(f"<p>{polish}</p>", '<meta charset="iso-8859-2">').encode("iso-8859-2")
    text, encoding = decode_text(data, html=True)
    assert polish in text and encoding == "iso8859-2"


def test_a_latin1_label_reads_windows_1252_quotes_as_browsers_do() -> None:
    data = page("<p>“Quoted” – and so on…</p>", '<meta charset="ISO-8859-1">').encode("cp1252")
    text, encoding = decode_text(data, html=True)
    assert "“Quoted” – and so on…" in text and "\ufffd" not in text
    assert encoding == "cp1252"


def test_a_few_stray_nul_bytes_do_not_make_a_page_binary(tmp_path: Path) -> None:
    html = page(f"<article><h1>Budget approved</h1>{PARAGRAPHS * 30}</article>")
    data = html.encode()
    middle = len(data) // 2
    (tmp_path / "page.html").write_bytes(data[:middle] + b"\x00\x00\x00" + data[middle:])
    article = load(tmp_path / "page.html")
    assert article.title == "Budget approved"
    assert all("\x00" not in p.text for p in article.paragraphs)


def test_soft_hyphens_and_zero_width_spaces_are_dropped(tmp_path: Path) -> None:
    article = load_text(
        tmp_path,
        "Budget approved\n\nThe coun\u00adcil met on Tues\u200bday, and the vote "
        "was\u2060 taken late in the evening after a long debate.\n",
    )
    assert article.paragraphs[0].text.startswith("The council met on Tuesday, and the vote was")


def test_text_is_composed_whatever_the_file_did(tmp_path: Path) -> None:
    article = load_text(
        tmp_path,
        "Le cafe\u0301 ferme\n\nLe cafe\u0301 du coin ferme ses portes apre\u0300s trente ans, "
        "a annoncé son proprie\u0301taire mardi.\n",
    )
    assert article.title == "Le café ferme"
    assert "après trente ans" in article.paragraphs[0].text
    assert "propriétaire" in article.paragraphs[0].text


def test_the_story_is_kept_and_the_page_around_it_set_aside(tmp_path: Path) -> None:
    comments = (
        '<div id="comments" class="comments-area"><h3 id="reply-title">Leave a Reply '
        "<small>Cancel reply</small></h3><ol class='comment-list'><li class='comment'>"
        "<p>Great article, thanks for writing it up so clearly!</p></li></ol></div>"
    )
    teasers = "".join(
        f'<article class="teaser"><h2><a href="/{n}">Read also: story number {n}</a></h2></article>'
        for n in range(3)
    )
    body = (
        '<header><a href="/">Daily Site</a><nav><ul><li><a href="/news">News</a></li>'
        '<li><a href="/sport">Sport</a></li></ul></nav></header>'
        f"<main><article><h1>Budget approved after a long night</h1>{PARAGRAPHS}</article>"
        f"{comments}<aside>{teasers}</aside></main>"
        "<footer><p>Copyright Daily Site. All rights reserved.</p></footer>"
    )
    (tmp_path / "page.html").write_text(page(body), encoding="utf-8")
    article = load(tmp_path / "page.html")
    assert article.title == "Budget approved after a long night"
    assert [p.text for p in article.paragraphs] == STORY
    removed = {line.text: line.reason for line in article.removed}
    assert removed["Copyright Daily Site. All rights reserved."] == ("page: outside the article")
    assert not any("Leave a Reply" in p.text or "Great article" in p.text for p in article.units)


def test_a_page_wrapped_in_one_form_still_has_its_article(tmp_path: Path) -> None:
    # ASP.NET wraps the whole page in <form runat="server">.
    body = f'<form method="post" action="./story.aspx" id="form1"><div>{PARAGRAPHS}</div></form>'
    (tmp_path / "story.html").write_text(page(body), encoding="utf-8")
    assert [p.text for p in load(tmp_path / "story.html").paragraphs] == STORY


def test_a_page_s_outline_is_its_whole_article(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Its title needed the whole page extracted: the outline keeps it all, so that the scan's
    # second pass (which parses outlines whole) does not extract it again.
    import trafilatura

    from reader.core.articles.parsing import outline_article, parse_article

    data = page(f"<article><h1>Budget approved</h1>{PARAGRAPHS}</article>").encode()
    extractions: list[object] = []
    real = trafilatura.bare_extraction
    monkeypatch.setattr(
        trafilatura, "bare_extraction", lambda *a, **k: extractions.append(a) or real(*a, **k)
    )
    outline = outline_article(tmp_path / "page.html", data)
    assert not outline.is_outline and len(extractions) == 1
    assert outline.paragraphs == parse_article(tmp_path / "page.html", data).paragraphs


def test_own_parser_forgives_what_browsers_forgive() -> None:
    body = (
        "<svg><title>Search icon</title></svg><header><button>Menu</header>"
        f"<article><header><h1>Budget approved</h1></header>{PARAGRAPHS}</article>"
    )
    document = read_page(page(body, "<title>Budget approved | Daily Site"))
    # The unclosed <button> ends with its <header>; the article's own header holds its <h1>.
    assert document.headline == "Budget approved"
    assert document.blocks == ["Budget approved", *STORY]


def test_when_the_extractor_fails_the_page_is_read_by_reader_s_own_parser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trafilatura

    def broken(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    (tmp_path / "page.html").write_text(
        page(f"<article><h1>Budget approved</h1>{PARAGRAPHS}</article>"), encoding="utf-8"
    )
    article = load(tmp_path / "page.html")
    assert article.title == "Budget approved"
    assert [p.text for p in article.paragraphs] == STORY


def test_a_new_trafilatura_reparses_the_library(monkeypatch: pytest.MonkeyPatch) -> None:
    before = library_cache.parser_version()
    real = library_cache.metadata.version
    monkeypatch.setattr(
        library_cache.metadata,
        "version",
        lambda name: "99.0" if name == "trafilatura" else real(name),
    )
    library_cache.parser_version.cache_clear()
    try:
        assert library_cache.parser_version() != before
    finally:
        library_cache.parser_version.cache_clear()
