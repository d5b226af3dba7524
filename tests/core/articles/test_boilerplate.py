"""Boilerplate rules are data and cover more than the five seeds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from reader.core.articles.boilerplate import _anchored_alone, _rule_matcher, boilerplate_rules
from reader.core.articles.model import Article
from reader.core.articles.parsing import load_article
from tests.support.texts import STORY


def load_with(tmp_path: Path, lines: list[str]) -> Article:
    path = tmp_path / "story.txt"
    path.write_text("\n\n".join(lines), encoding="utf-8")
    result = load_article(path)
    assert isinstance(result, Article), result
    return result


@pytest.mark.parametrize(
    "line",
    [
        "Lesen Sie auch: Neue Schulden für die Stadt",
        "Baca Juga: Elon Musk Beli GPU",
        "À lire aussi : le budget de Paris",
        "Read more: the council's record",
        "Lee también: el presupuesto",
        "Partager cet article",
        "Share on Facebook",
        "Facebook | Twitter | WhatsApp",
        "Alle Rechte vorbehalten",
        "© 2024 Daily Site. All rights reserved.",
        "Tous droits réservés",
        "Kompas.com - Hak Cipta Dilindungi Undang-Undang",
        "Your email address will not be published.",
        "Newsletter abonnieren und nichts verpassen",
        "Anzeige",
        "source-114",
    ],
)
def test_line_rules_remove_only_that_line(tmp_path: Path, line: str) -> None:
    article = load_with(tmp_path, [STORY[0], STORY[1], line, STORY[2], STORY[3]])
    assert [p.text for p in article.paragraphs] == STORY
    assert [r.text for r in article.removed] == [line]


@pytest.mark.parametrize(
    "footer",
    [
        "Ähnliche Artikel",
        "Kommentar hinterlassen",
        "Laisser un commentaire",
        "Related Posts",
        "Tinggalkan Balasan",
    ],
)
def test_footer_rules_cut_the_rest(tmp_path: Path, footer: str) -> None:
    article = load_with(tmp_path, [*STORY, footer, "Some other headline", "Yet another link"])
    assert [p.text for p in article.paragraphs] == STORY
    assert [r.text for r in article.removed] == [footer, "Some other headline", "Yet another link"]


def test_footer_phrase_early_in_the_article_is_kept(tmp_path: Path) -> None:
    article = load_with(tmp_path, [STORY[0], "Related Posts", *STORY[1:]])
    assert "Related Posts" in [p.text for p in article.paragraphs]


@pytest.mark.parametrize(
    "sentence",
    [
        "Share prices fell sharply on Monday after the company reported a loss for the quarter.",
        "Anzeigen gegen den Bürgermeister wurden von der Staatsanwaltschaft geprüft.",
        "By the end of the year, the council expects the new budget to be balanced again.",
    ],
)
def test_ordinary_sentences_are_not_boilerplate(tmp_path: Path, sentence: str) -> None:
    article = load_with(tmp_path, [STORY[0], sentence, *STORY[1:]])
    assert sentence in [p.text for p in article.paragraphs]
    assert article.removed == ()


def test_a_long_paragraph_that_mentions_a_phrase_in_passing_is_kept(tmp_path: Path) -> None:
    paragraph = (
        "The publisher said readers who subscribe to our newsletter before Friday will get the "
        "full report, and that the photographs, all rights reserved, would be shown in the town "
        "hall until the end of the month, when the exhibition moves on to the regional museum."
    )
    article = load_with(tmp_path, [STORY[0], paragraph, *STORY[1:]])
    assert paragraph in [p.text for p in article.paragraphs]
    assert article.removed == ()


def test_every_rule_is_valid_data() -> None:
    rules = boilerplate_rules()
    assert len(rules) > 10
    assert {rule.action for rule in rules} <= {"drop", "cut"}
    for rule in rules:  # matched against lower-cased text: an upper-case letter could never match
        assert (rule.pattern is None) != (not rule.phrases), rule.name  # one or the other
        assert rule.pattern is None or rule.compiled is not None  # a valid expression
        searched = rule.pattern or "".join(rule.phrases)
        letters = re.sub(r"\\.", "", searched)
        assert letters == letters.lower(), rule.name


def test_rules_match_whatever_the_case(tmp_path: Path) -> None:
    article = load_with(tmp_path, [*STORY, "BACA JUGA: Harga Beras Naik", "LEAVE A REPLY"])
    assert [line.reason for line in article.removed] == [
        "boilerplate: read also",
        "boilerplate: comment form",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Thu. Sep 19th, 2024",
        "Selasa, 3 Desember 2024 14:05 WIB",
        "19. September 2024",
        "2024-09-19",
        "Publié le 19 septembre 2024",
        # Date lines as sites in other languages write them (one was taken as the title).
        "Publié le 12 mars 2024 à 10h15",
        "Publicado el 12 de marzo de 2024 a las 10:15",
        "Pubblicato il 12 marzo 2024 alle 10:15",
        "Opublikowano: 12 marca 2024, 10:15",
        "Publicerad 12 mars 2024 kl. 10.15",
        "2024年3月12日 10:15",
        "2024년 3월 12일",
    ],
)
def test_date_lines_become_metadata(tmp_path: Path, line: str) -> None:
    article = load_with(tmp_path, [line, *STORY])
    assert article.metadata["date"] == line
    assert [p.text for p in article.paragraphs] == STORY
    assert article.title != line


def test_a_sentence_that_starts_with_a_date_stays_text(tmp_path: Path) -> None:
    sentence = "Le 12 mars 2024, le conseil municipal a voté le budget après un long débat."
    article = load_with(tmp_path, [*STORY, sentence])
    assert article.paragraphs[-1].text == sentence


# Pieces of what the rules look for, for random blocks that come close to matching them.
RULE_PIECES = [
    "leave a reply",
    "baca juga",
    "read also",
    ":",
    " - ",
    "|",
    "share",
    " on ",
    "facebook",
    "twitter",
    "©",
    "(c)",
    "copyright",
    "all rights reserved",
    "tags",
    "source-114",
    "utm_x",
    "iklan",
    "newsletter",
    "subscribe to our newsletter",
    "related posts",
    "print",
    " · ",
    "!",
    "your email address will not be published",
    "lire aussi",
    "2024",
    " ",
    "\n",
]


@given(st.lists(st.sampled_from(RULE_PIECES) | st.text(max_size=4), max_size=6).map("".join))
@example("share on facebook")
@example("© 2024 all rights reserved")
@example("related posts: your email address will not be published")
def test_one_alternation_finds_the_rule_searching_each_in_turn_finds(block: str) -> None:
    searched = next((r for r in boilerplate_rules() if r.found_in(block)), None)
    assert _rule_matcher().first_match(block) == searched


@pytest.mark.parametrize(
    ("pattern", "alone"),
    [
        (r"^(a|b)\W*$", True),
        (r"^[|(]a", True),
        (r"^[]|]a", True),
        (r"^\|a", True),
        (r"^a|b", False),  # finds "b" anywhere
        (r"a", False),
        (r"^(?P<name>a)", False),
        (r"^(a)\1", False),
        (r"(?m)^a", False),
    ],
)
def test_which_rules_join_the_alternation(pattern: str, alone: bool) -> None:
    assert _anchored_alone(pattern) is alone
