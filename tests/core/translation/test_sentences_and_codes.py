"""reader's own sentence splitter, the language-code mapping and package version order."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.language.detection import detect
from reader.core.translation.codes import (
    index_code,
    installed_code,
    minisbd_code,
    package_codes,
    stanza_code,
)
from reader.core.translation.models import version_key
from reader.core.translation.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Hallo Welt. Das Haus.", ["Hallo Welt. ", "Das Haus."]),
        # German and French quotation marks open a sentence.
        (
            "„Das ist gut.“ „Ja, sicher.“ Er ging.",
            ["„Das ist gut.“ ", "„Ja, sicher.“ ", "Er ging."],
        ),
        ("Er sagte: »Nein.« »Doch!« Gut.", ["Er sagte: »Nein.« ", "»Doch!« ", "Gut."]),
        ("Il a dit. « Oui » dit-elle.", ["Il a dit. ", "« Oui » dit-elle."]),
        # A one-letter word ends a sentence when a sentence clearly starts next (seed 004) ...
        (
            "Musk schrieb auf seiner Plattform X. Das deutet darauf hin.",
            ["Musk schrieb auf seiner Plattform X. ", "Das deutet darauf hin."],
        ),
        # ... and is an initial otherwise.
        ("John F. Kennedy kam. J. Smith auch.", ["John F. Kennedy kam. ", "J. Smith auch."]),
        ("Am 19. September kam er.", ["Am 19. September kam er."]),
        ("Das gilt z.B. hier. Gut.", ["Das gilt z.B. hier. ", "Gut."]),
        # Chinese and Japanese sentence ends need no space after them.
        ("这是第一句。这是第二句！第三句？", ["这是第一句。", "这是第二句！", "第三句？"]),
        ("「はい。」と言った。次の文。", ["「はい。」と言った。", "次の文。"]),
    ],
)
def test_built_in_splitter(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


@given(st.text(alphabet=st.sampled_from(list("ab .!?。„“»«XZz\n 1")), max_size=80))
def test_built_in_splitter_loses_nothing(text: str) -> None:
    joined = "".join(split_sentences(text))
    assert joined.strip() == text.strip() or (not text.strip() and joined == "")


def test_language_codes_both_ways() -> None:
    assert package_codes("zh-cn") == ("zh",)
    assert package_codes("zh-TW") == ("zt", "zh")
    assert package_codes("pt") == ("pt", "pb") and package_codes("no") == ("nb",)
    assert package_codes("de") == ("de",)
    assert installed_code("pt", {"pb", "en"}) == "pb"
    assert installed_code("pt", {"en"}) is None
    assert index_code("zh-cn") == "zh" and index_code("no") == "nb"
    assert (stanza_code("zt"), stanza_code("pb"), stanza_code("de")) == ("zh-hant", "pt", "de")
    assert (minisbd_code("zh"), minisbd_code("zt"), minisbd_code("id")) == (
        "zh-hans",
        "zh-hant",
        "id",
    )


def test_versions_compare_as_versions() -> None:
    assert version_key("1.10") > version_key("1.9") > version_key("1.1") > version_key("1.0")
    assert version_key("1.9.6") > version_key("1.9")
    assert version_key("?") == (0,) < version_key("0.1")


def test_chinese_is_not_korean_and_a_short_headline_is_long_enough() -> None:
    # langdetect alone: "ko" for the first (no Hangul in it), "unknown" for the second (eleven
    # characters under a twelve-letter floor).
    assert (
        detect(
            "该公司表示，新模型的代码将在本周内全部公开。用户可以自由修改和分发这个模型。"
        ).language
        == "zh-cn"
    )
    assert detect("人工智能公司发布新模型").language == "zh-cn"
    assert detect("今日は良い天気ですね。散歩に行きましょう。").language == "ja"
    assert detect("안녕하세요 오늘 날씨가 좋네요").language == "ko"
    assert detect("OK").language == "unknown"


def test_device_setting_follows_argos_device_type() -> None:
    import ctranslate2

    from reader.core.translation.decoder import device_setting
    from reader.core.translation.models import ModelError

    assert device_setting("cpu") == "cpu"
    if ctranslate2.get_cuda_device_count() == 0:
        assert device_setting("auto") == "cpu"
        with pytest.raises(ModelError, match="sees no CUDA device"):
            device_setting("CUDA")
    else:
        assert device_setting("auto") == device_setting("cuda") == "cuda"
