"""For any bytes at all, loading gives an article or a typed error with a reason, quickly."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.core.articles import Article, LoadError, load_article

SUFFIXES = st.sampled_from([".txt", ".md", ".html"])
TEXTLIKE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=3000)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(
        st.binary(max_size=4000),
        TEXTLIKE.map(lambda t: t.encode("utf-8")),
        TEXTLIKE.map(lambda t: t.encode("utf-16")),
    ),
    suffix=SUFFIXES,
)
@example(data=b".", suffix=".txt")  # a title of dots only once came out empty
def test_any_bytes_load_or_fail_with_a_reason(tmp_path: Path, data: bytes, suffix: str) -> None:
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
