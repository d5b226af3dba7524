"""The five sample articles, as the issue describes them."""

from __future__ import annotations

import pytest

from reader.core.articles.model import Article
from reader.core.articles.parsing import load_article
from reader.core.language.articles import with_article_language
from reader.core.translation.article import source_paragraphs
from tests.conftest import seed


def article(prefix: str) -> Article:
    result = load_article(seed(prefix))
    assert isinstance(result, Article), result
    return result


def test_headline_becomes_the_title() -> None:
    assert (
        article("001").title == "Elon Musk Bakal Buka Akses Grok, Publik Bisa Pakai Pesaing ChatGPT"
    )
    assert article("001").title_source == "headline"


def test_section_label_is_metadata_not_the_title() -> None:
    popularity = article("003")
    assert popularity.title == "Popularitas OpenAI Meningkat, Elon Musk Iri"
    assert popularity.metadata["section"] == "Teknologi"
    assert all(p.text != "Teknologi" for p in popularity.paragraphs)


def test_title_derived_from_first_sentence_when_there_is_no_headline() -> None:
    grok = article("000")
    assert grok.title_source == "first sentence"
    assert grok.headline is None
    assert grok.title.startswith("Setelah menggugat OpenAI bulan ini")
    assert len(grok.title.split()) <= 12
    assert grok.title.endswith("…")


@pytest.mark.parametrize(
    ("prefix", "count"), [("000", 8), ("001", 26), ("002", 8), ("003", 9), ("004", 8)]
)
def test_paragraph_counts(prefix: str, count: int) -> None:
    # 000 separates paragraphs with single newlines, the others with blank lines.
    assert len(article(prefix).paragraphs) == count


@pytest.mark.parametrize(
    ("prefix", "language"),
    [("000", "id"), ("001", "id"), ("002", "fr"), ("003", "id"), ("004", "de")],
)
def test_article_language(prefix: str, language: str) -> None:
    detected = article(prefix)
    assert detected.language == language
    assert detected.confidence > 0.9
    assert all(p.language == language for p in detected.paragraphs)


def test_a_library_scan_detects_the_article_language_and_leaves_paragraphs_to_translation() -> None:
    parsed = load_article(seed("002"), detect_languages=False)
    assert isinstance(parsed, Article)
    listed = with_article_language(parsed)
    assert (listed.language, listed.languages_detected) == ("fr", True)
    assert not listed.paragraph_languages_detected
    assert {p.language for p in listed.units} == {"unknown"}
    # What the engine is given has every paragraph's own language (the headline is English).
    sources = source_paragraphs(listed)
    assert sources[0].language == "en"
    assert {s.language for s in sources[1:]} == {"fr"}


def test_english_headline_of_french_article_is_english() -> None:
    french = article("002")
    assert french.language == "fr"
    assert french.headline is not None
    assert french.headline.text == "Why Elon Musk Had to Open Source Grok, His Answer to ChatGPT"
    assert french.headline.language == "en"


def test_date_byline_and_footer_are_set_aside() -> None:
    lawsuit = article("001")
    assert lawsuit.metadata["date"] == "Thu. Sep 19th, 2024"
    assert lawsuit.metadata["byline"] == "admin"
    removed = [line.text for line in lawsuit.removed]
    assert removed == [
        "Thu. Sep 19th, 2024",
        "By admin",
        "Related Post",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
    ]
    body = lawsuit.body_text
    assert "Related Post" not in body and "By admin" not in body
    assert body.rstrip().endswith("kepada mantan karyawannya.")


def test_read_also_lines_removed() -> None:
    removed = [line for line in article("003").removed if line.reason == "boilerplate: read also"]
    assert len(removed) == 2
    assert all(line.text.startswith("Baca Juga:") for line in removed)
    assert "Baca Juga" not in article("003").body_text


def test_tracking_token_and_comment_form_removed() -> None:
    german = article("004")
    assert [line.text for line in german.removed] == ["source-114", "Leave a Reply"]
    assert german.paragraphs[-1].text.startswith("Viele KI-Experten")


def test_ids_are_stable_content_hashes(tmp_path) -> None:
    copy = tmp_path / "elsewhere.txt"
    copy.write_bytes(seed("002").read_bytes())
    assert article("002").id == load_article(copy).id  # type: ignore[union-attr]
    assert article("002").id != article("004").id


def test_words_and_reading_time() -> None:
    grok = article("000")
    assert grok.words == sum(len(p.text.split()) for p in grok.paragraphs)
    assert grok.reading_minutes == -(-grok.words // 200)
