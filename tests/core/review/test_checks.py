"""Checking many paragraphs at once, as review does after its first frame."""

from __future__ import annotations

from reader.core.review.checks import warnings_by_text, warnings_for

PAIRS = [
    ("Der Stadtrat hat 2018 das Haus gekauft.", "The council bought the house."),
    (
        "Der Stadtrat kam am Mittwoch nicht zusammen.",
        "Der Stadtrat kam am Mittwoch nicht zusammen.",
    ),
    ("Hallo Welt.", None),
]


def test_each_pair_gets_the_warnings_it_gets_alone() -> None:
    found = warnings_by_text(PAIRS, ("de", "en"))
    assert found == {pair: warnings_for(*pair, ("de", "en")) for pair in PAIRS}
    assert "missing from the translation: 2018" in found[PAIRS[0]]
    assert found[PAIRS[2]] == []


def test_checking_stops_when_cancelled_with_what_was_checked() -> None:
    asked = iter([False, True])
    assert list(warnings_by_text(PAIRS, ("de", "en"), lambda: next(asked))) == [PAIRS[0]]
