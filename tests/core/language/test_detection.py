"""Language detection where a news reader needs it: shouted headlines, short paragraphs inside
an article, and real foreign paragraphs (samples in the style of lingua's public test data)."""

from __future__ import annotations

from pathlib import Path

from reader.core.articles.parsing import parse_article
from reader.core.language import detection as language
from reader.core.language.articles import with_paragraph_languages
from reader.core.language.detection import UNKNOWN, Detection, detect, detect_within

GERMAN = [
    "Der Stadtrat hat am Dienstag nach einer langen Debatte den neuen Haushalt beschlossen.",
    "Die Opposition kritisierte, dass bei den Bibliotheken zu viel gespart werde.",
    "Der Bürgermeister versprach, dass keine Zweigstelle vor Ende nächsten Jahres schließt.",
]
FRENCH = (
    "Le conseil municipal a finalement adopté le budget mardi soir, après un débat qui a duré "
    "jusqu'à deux heures du matin."
)
GERMAN_ARTICLE = Detection("de", 0.99)


def test_a_headline_in_capitals_is_read_in_its_language() -> None:
    # langdetect skips words in capitals: this came out German.
    assert detect("ELON MUSK SUES OPENAI OVER ITS NONPROFIT MISSION").language == "en"
    assert detect("LE GOUVERNEMENT ANNONCE UNE NOUVELLE RÉFORME DES RETRAITES").language == "fr"


def test_a_short_paragraph_keeps_its_article_s_language_unless_both_detectors_agree() -> None:
    assert detect("Yep, sagte sie nur.").language != "de"  # langdetect alone: "af"
    assert detect_within("Yep, sagte sie nur.", GERMAN_ARTICLE).language == "de"
    assert detect_within(FRENCH, GERMAN_ARTICLE).language == "fr"
    # Too short for langdetect, but unmistakable to the second detector.
    assert detect_within("Мы это видим.", GERMAN_ARTICLE).language == "ru"
    assert detect_within("OK", GERMAN_ARTICLE) == GERMAN_ARTICLE


def test_short_text_alone_is_named_only_when_the_second_detector_is_sure() -> None:
    assert detect("OK").language == UNKNOWN
    assert detect("Teknologi").language == UNKNOWN  # py3langid: Sesotho, at 5 %
    assert detect("Мы это видим").language == "ru"


def test_a_chinese_spelling_is_no_switch_of_language() -> None:
    zh_cn = Detection("zh-cn", 0.99)
    assert (
        detect_within("若了解精神是脑功能的表现也了解精神疾病是脑功能障碍所引起的", zh_cn) == zh_cn
    )


def test_an_article_s_paragraphs_and_headline_follow_the_prior(tmp_path: Path) -> None:
    text = "\n\n".join(["STADTRAT BESCHLIESST HAUSHALT", *GERMAN, "Yep, sagte sie nur.", FRENCH])
    article = with_paragraph_languages(parse_article(tmp_path / "a.txt", text.encode()))
    assert article.language == "de"
    assert article.headline is not None and article.headline.language == "de"
    assert [p.language for p in article.paragraphs] == ["de", "de", "de", "de", "fr"]


def test_the_second_opinion_is_asked_only_for_a_switch(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    real = language._second_opinion
    monkeypatch.setattr(language, "_second_opinion", lambda text: asked.append(text) or real(text))
    for paragraph in GERMAN:
        detect_within(paragraph, GERMAN_ARTICLE)
    assert asked == []
