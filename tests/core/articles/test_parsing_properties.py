"""For any bytes at all, loading gives an article or a typed error with a reason, quickly."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.core.articles.boilerplate import BlockSorter
from reader.core.articles.model import Article, LoadError
from reader.core.articles.parsing import load_article, parse_or_error

SUFFIXES = st.sampled_from([".txt", ".md", ".html"])
TEXTLIKE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=3000)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.one_of(
        st.binary(max_size=4000),
        TEXTLIKE.map(lambda t: t.encode("utf-8")),
        TEXTLIKE.map(lambda t: t.encode("utf-16")),
    ),
    suffix=SUFFIXES,
)
@example(data=b".", suffix=".txt")  # a title of dots only once came out empty
def test_fuzz_any_bytes_load_or_fail_with_a_reason(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    path = tmp_path / f"case{suffix}"
    path.write_bytes(data)
    started = time.perf_counter()
    result = load_article(path, detect_languages=False)
    assert time.perf_counter() - started < 5
    if isinstance(result, LoadError):
        assert result.reason and result.path == path
    else:
        assert isinstance(result, Article)
        assert result.title and result.paragraphs
        # Nothing a terminal would interpret survives into the text.
        for paragraph in result.paragraphs:
            assert "\x1b" not in paragraph.text and "\r" not in paragraph.text


# Blocks that exercise every step before the title: section labels, headlines (short, long, with
# closing punctuation), metadata lines, line and footer boilerplate, and body text.
OPENING_BLOCKS = st.sampled_from(
    [
        "Teknologi",
        "World News",
        "Musk sues his former chief over the Grok code",
        "A headline that ends like a sentence.",
        "Short",
        "19 September 2024",
        "By Jane Doe",
        "Baca Juga: Harga emas naik lagi",
        "Leave a Reply",
        "© 2024 Example Media. All rights reserved.",
        "Your email address will not be published.",
        "Elon Musk said on Thursday that the lawsuit would go ahead as planned next month.",
        "Der Streit um die Software geht weiter, sagte ein Sprecher des Unternehmens am Montag "
        "in Berlin, und ein Urteil wird nicht vor dem Frühjahr erwartet.",
        "x" * 250,
    ]
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(blocks=st.lists(OPENING_BLOCKS, max_size=8), suffix=SUFFIXES)
@example(  # a section label over a headline over a shorter block
    blocks=["Teknologi", "Musk sues his former chief over the Grok code", "Short"], suffix=".txt"
)
def test_sorting_blocks_only_as_far_as_the_title_needs_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, blocks: list[str], suffix: str
) -> None:
    # The list shows outlines of a big library first, then replaces each with its article: the
    # row must not change but for the length, and a file is an article in both or in neither.
    # Both sort a file's blocks only as far as the title needs; sorting them all first is the
    # reference.
    text = "\n\n".join(blocks)
    if suffix == ".md":
        text = "---\ntitle: Front matter title\n---\n\n" + text
    path = tmp_path / f"case{suffix}"
    data = text.encode("utf-8")
    path.write_bytes(data)
    outline = parse_or_error(path, data, outline=True)
    whole = parse_or_error(path, data)
    with monkeypatch.context() as patch:
        patch.setattr(BlockSorter, "has_body", eager_has_body)
        reference = parse_or_error(path, data)
    assert whole == reference and getattr(whole, "body", None) == getattr(reference, "body", None)
    if isinstance(whole, LoadError):
        assert outline == whole
        return
    # (A web page's outline is its whole article: its title took the whole page's extraction.)
    assert isinstance(outline, Article) and not whole.is_outline
    assert outline.is_outline == (suffix != ".html")
    keep = ("id", "encoding", "title", "title_source")
    assert [getattr(outline, name) for name in keep] == [getattr(whole, name) for name in keep]
    assert outline.body == whole.body  # parsed from the file when first read


def eager_has_body(sorter: BlockSorter, count: int) -> bool:
    while sorter._sorted < len(sorter.blocks):
        sorter._sort(sorter._sorted, sorter.blocks[sorter._sorted])
        sorter._sorted += 1
    return len(sorter.body) >= count


# Texts built to make a backtracking pattern or html.parser take quadratic (or worse) time:
# each once took seconds at a few kilobytes (a Markdown heading of spaces: 23 s at 2 KB).
ADVERSARIAL = {
    "heading of spaces.md": "# Judul" + " " * 200_000 + "x",
    "unclosed emphasis.md": "*a " * 70_000,
    "brackets.md": "[" * 200_000,
    "link openings.md": "[a](" * 50_000,
    "image openings.md": "![" * 100_000,
    "dots.txt": "Ein Satz" + "." * 200_000,
    "full-width stops.txt": "文" + "。" * 200_000,
    "unclosed tags.html": "<p>" + "<a" * 100_000,
    "less-thans.html": "<p>x</p>" + "<" * 200_000,
    "comment openings.html": "<p>x</p>" + "<!" * 100_000,
}


def test_hostile_text_is_parsed_in_linear_time(tmp_path: Path) -> None:
    """200 KB of each: linear work takes well under a second, quadratic work hours. Run in
    a child process, which the timeout can stop mid-match (a regex cannot be interrupted)."""
    import subprocess
    import sys

    from tests.conftest import REPO

    for name, text in ADVERSARIAL.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    script = (
        "import sys\nfrom pathlib import Path\n"
        "from reader.core.articles.parsing import parse_or_error\n"
        "from reader.core.translation.sentences import split_sentences\n"
        "for path in sorted(Path(sys.argv[1]).iterdir()):\n"
        "    data = path.read_bytes()\n"
        "    parse_or_error(path, data)\n"
        "    split_sentences(data.decode('utf-8'))\n"
        "    print(path.name, flush=True)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(done.stdout.split("\n")[:-1]) == sorted(ADVERSARIAL)
