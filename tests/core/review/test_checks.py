"""Checking many paragraphs at once, as review does after its first frame, and remembering
them for the session, as the main screen does for the open article's translation."""

from __future__ import annotations

from unittest import mock

from reader.core.review import checks
from reader.core.review.checks import KnownWarnings, warnings_by_text, warnings_for

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


def test_known_warnings_check_each_text_once_per_pair() -> None:
    known = KnownWarnings()
    assert known.known(PAIRS, ("de", "en")) == {}
    first = known.check(PAIRS[:2], ("de", "en"))
    assert first == warnings_by_text(PAIRS[:2], ("de", "en"))
    with mock.patch.object(checks, "warnings_for", wraps=warnings_for) as checked:
        assert known.check(PAIRS, ("de", "en")) == warnings_by_text(PAIRS, ("de", "en"))
        assert checked.call_count == 1 + len(PAIRS)  # PAIRS[2] alone, then the comparison
        assert known.known(PAIRS, ("de", "en")) == warnings_by_text(PAIRS, ("de", "en"))
    # Another pair is another check: length norms and capitalised nouns depend on it.
    assert known.known(PAIRS, ("nl", "en")) == {}
