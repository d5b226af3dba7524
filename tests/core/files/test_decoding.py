from __future__ import annotations

import codecs

import pytest

from reader.core.files.decoding import NotText, decode_text

GERMAN = "Die Straße in Köln wird für den Verkehr gesperrt, sagte der Bürgermeister."
FRENCH = "L'élève a reçu un prix à Noël ; « très bien », a dit le maître."


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1"]
)
@pytest.mark.parametrize("text", [GERMAN, FRENCH])
def test_decodes_common_encodings(encoding: str, text: str) -> None:
    decoded, _ = decode_text(text.encode(encoding))
    assert decoded == text


def test_cp1252_specific_characters() -> None:
    text = "Le prix: 20 € – «cher» … dit-il"
    assert decode_text(text.encode("cp1252")) == (text, "cp1252")


def test_line_endings_normalised() -> None:
    assert decode_text(b"one\r\ntwo\rthree\n")[0] == "one\ntwo\nthree\n"


def test_bom_is_not_part_of_the_text() -> None:
    assert decode_text(codecs.BOM_UTF8 + b"Hello there")[0] == "Hello there"


def test_invalid_byte_in_utf8_text_keeps_the_rest_intact() -> None:
    data = "Grüße aus Köln ".encode() * 20 + b"\xff" + " schöne Grüße".encode()
    text, encoding = decode_text(data)
    assert "Grüße aus Köln" in text and text.endswith("schöne Grüße")
    assert "\ufffd" in text and encoding.startswith("utf-8")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t\n  ", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
        (b"abc\x00def\x00" * 10, "NUL"),
        (bytes(range(1, 9)) * 50, "control bytes"),
    ],
)
def test_refuses_non_text_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(NotText, match=reason):
        decode_text(data)
