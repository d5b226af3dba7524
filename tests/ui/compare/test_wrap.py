"""The reading panes' word wrap: terminal cells, not characters; nothing lost, nothing wider."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.ui.compare.text_layout import wrap_spans, wrapped_line_count
from reader.ui.reading.document_view import wrap_text


def test_words_wrap_at_the_width_and_nothing_is_lost() -> None:
    text = "Der Stadtrat hat am Dienstag nach langer Debatte den neuen Haushalt beschlossen."
    lines = wrap_text(text, 20)
    assert lines == [
        "Der Stadtrat hat am",
        "Dienstag nach langer",
        "Debatte den neuen",
        "Haushalt",
        "beschlossen.",
    ]
    assert " ".join(lines) == text


def test_wide_characters_count_two_cells_and_long_words_fold() -> None:
    lines = wrap_text("日本語のテキスト " + "x" * 25, 10)
    assert all(cell_len(line) <= 10 for line in lines)
    assert "".join(lines).replace(" ", "") == "日本語のテキスト" + "x" * 25


def test_line_breaks_inside_a_block_are_kept() -> None:
    assert wrap_text("one\ntwo three", 40) == ["one", "two three"]


WORDS = st.sampled_from(
    ["a", "Stadtrat", "x" * 30, "日本語", "ﾃｷｽﾄ", "é", "groß", "e\u0301", "\t", "\u3000", "\n", " "]
)


@given(st.lists(WORDS, max_size=60).map(" ".join), st.integers(min_value=1, max_value=40))
def test_rows_are_measured_as_tall_as_they_are_drawn(text: str, width: int) -> None:
    # The side-by-side views measure every row with wrapped_line_count and draw the rows in view
    # with wrap_spans (the reading pane with wrap_text): a difference would cut a row short or
    # leave lines blank.
    lines = len(wrap_spans(text, width))
    assert wrapped_line_count(text, width) == lines == len(wrap_text(text, width))
