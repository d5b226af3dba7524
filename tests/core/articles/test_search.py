"""Search as readers expect it: case and accents ignored, words in any order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.core.articles.search import contains_all, find_spans, fold, query_words


def test_case_and_accents_are_ignored() -> None:
    assert fold("Élysée") == "elysee"
    assert fold("STRASSE") == fold("Straße") == "strasse"
    assert fold("Ｆｕｌｌ") == "full"  # compatibility forms too
    assert query_words("  café   Crème ") == ["cafe", "creme"]


def test_marks_that_belong_to_the_letter_are_kept() -> None:
    # A Devanagari vowel sign is part of the letter: dropping it would make other words match.
    assert fold("कि") != fold("क")


def test_every_word_is_needed_in_any_order() -> None:
    text = fold("Le président a parlé à Paris.")
    assert contains_all(query_words("paris president"), text)
    assert not contains_all(query_words("paris londres"), text)


def test_spans_are_offsets_into_the_text_as_written() -> None:
    text = "Straße und Café, café!"
    spans = find_spans(query_words("strasse cafe"), text)
    assert [text[a:b] for a, b in spans] == ["Straße", "Café", "café"]


def test_overlapping_matches_are_merged() -> None:
    assert find_spans(["aba", "bab"], "ababab") == [(0, 6)]


@given(st.text(max_size=40), st.text(min_size=1, max_size=5))
def test_a_span_covers_text_that_folds_to_the_word(text: str, needle: str) -> None:
    words = query_words(needle)
    for start, end in find_spans(words, text):
        assert 0 <= start < end <= len(text)
        assert any(word in fold(text[start:end]) for word in words)
