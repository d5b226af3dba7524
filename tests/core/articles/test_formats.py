from __future__ import annotations

from pathlib import Path

from reader.core.articles.formats import read_markdown, split_paragraphs
from reader.core.articles.html import read_html
from reader.core.articles.model import Article
from reader.core.articles.parsing import load_article

BODY = (
    "The council met on Tuesday to discuss the new budget for the coming year. "
    "Members argued for hours before a vote was finally taken late in the evening."
)


def load(path: Path) -> Article:
    result = load_article(path)
    assert isinstance(result, Article), result
    return result


def test_single_newline_paragraphs() -> None:
    text = "First paragraph ends here.\nSecond one starts on the next line.\nThird."
    assert split_paragraphs(text) == [
        "First paragraph ends here.",
        "Second one starts on the next line.",
        "Third.",
    ]


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = (
        "This paragraph was wrapped at a fixed width by\nan editor, so its lines break in the\n"
        "middle of sentences and must be joined.\n\nA second paragraph follows here."
    )
    assert split_paragraphs(text) == [
        "This paragraph was wrapped at a fixed width by an editor, so its lines break in the "
        "middle of sentences and must be joined.",
        "A second paragraph follows here.",
    ]


def test_markdown_front_matter_title_wins(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        f'---\ntitle: "Budget approved"\ndate: 2024-03-01\n---\n\n# Other heading\n\n'
        f"{BODY}\n\nAnother **bold** paragraph with a [link](http://x).\n"
    )
    article = load(path)
    assert article.title == "Budget approved"
    assert article.title_source == "front matter"
    assert article.metadata["date"] == "2024-03-01"
    assert article.paragraphs[-1].text == "Another bold paragraph with a link."


def test_markdown_heading_is_title() -> None:
    document = read_markdown(f"# Budget approved\n\n{BODY}\n\n- first point\n- second point\n")
    assert document.headline == "Budget approved"
    assert document.blocks[-2:] == ["first point", "second point"]


HTML = f"""<!doctype html><html><head><title>Budget approved | Daily Site</title>
<meta property="article:published_time" content="2024-03-01T10:00:00Z">
<script>var x = "<p>not text</p>";</script></head>
<body><header><h1 class="logo">Daily Site</h1><nav>Home News Sport</nav></header>
<article><h1>Budget approved after long night</h1><p>{BODY}</p><p>Second &amp; last.</p></article>
<footer>Copyright Daily Site</footer></body></html>"""


def test_html_uses_article_headline_not_site_name() -> None:
    document = read_html(HTML)
    assert document.headline == "Budget approved after long night"
    assert document.metadata["date"] == "2024-03-01T10:00:00Z"
    article = [b for n, b in enumerate(document.blocks) if n not in document.furniture]
    assert article == ["Budget approved after long night", BODY, "Second & last."]
    # The page around it is kept aside, in page order, for the removed lines (x).
    furniture = [document.blocks[n] for n in sorted(document.furniture)]
    assert furniture == ["Daily Site", "Home News Sport", "Copyright Daily Site"]


def test_html_without_article_falls_back_to_title_tag(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        f"<html><head><title>Budget approved - Daily Site</title></head>"
        f"<body><p>{BODY}</p></body></html>"
    )
    article = load(path)
    assert article.title == "Budget approved"
    assert [p.text for p in article.paragraphs] == [BODY]


def test_markup_and_escapes_stay_literal(tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(f"{BODY}\n\n[bold]not bold[/bold] [@click=app.quit]x[/] \x1b[31mred\x1b[0m\n")
    article = load(path)
    last = article.paragraphs[-1].text
    assert "[bold]not bold[/bold]" in last and "[@click=app.quit]" in last
    assert "\x1b" not in last and "␛[31m" in last
