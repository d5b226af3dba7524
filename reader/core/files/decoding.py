"""Stage 1, files: bytes -> text, robustly: BOMs, UTF-16 without BOM, legacy 8-bit encodings,
binary refusal."""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of formats that are never articles, so the reason can name them.
_BINARY_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"%PDF-": "PDF document",
    b"PK\x03\x04": "zip archive",
    b"\x7fELF": "executable",
    b"\x1f\x8b": "gzip archive",
}

# C0 controls other than tab/newline/CR, and DEL. Their share decides "binary" for 8-bit data.
_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32)) + b"\x7f"


# A page's own word on its encoding, as the HTML standard's prescan finds it in the first bytes:
# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">.
_PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]{1,40})""", re.I
)
# The Encoding Standard's aliases browsers apply: pages labelled Latin-1 or ASCII are decoded as
# windows-1252 (their curly quotes and dashes are there, not control characters).
_BROWSER_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252"}
# NULs in more than this share of the bytes make a file binary; fewer are stray and dropped (a
# few in a 194 KB saved page made it "binary").
_MAX_STRAY_NULS = 0.001


class NotText(ValueError):
    """The bytes are not a text document; the message says why."""


def _guess_utf16_without_bom(data: bytes) -> str | None:
    # ASCII-heavy UTF-16 has a NUL in every other byte; which half holds them gives the order.
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_nuls > 0.6 * half and even_nuls < 0.02 * half:
        return "utf-16-le"
    if even_nuls > 0.6 * half and odd_nuls < 0.02 * half:
        return "utf-16-be"
    return None


def declared_html_encoding(data: bytes) -> str | None:
    """The encoding a page declares in its first bytes, as Python names it; ``None`` when it
    declares none (or one Python does not know)."""
    match = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    if name.startswith("utf-16"):  # a page read as bytes that could say so is not UTF-16
        return None
    return _BROWSER_ALIASES.get(name, name)


def decode_text(data: bytes, html: bool = False) -> tuple[str, str]:
    """Return ``(text, encoding)`` for a document's bytes, or raise ``NotText`` with a reason.
    ``html``: the bytes are a web page, whose ``<meta charset>`` is believed before any guess
    (a BOM still comes first, as in browsers).

    Line endings are normalised to ``\\n`` (CRLF and lone CR).
    """
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise NotText(f"binary file ({kind})")

    encoding: str | None = None
    body = data
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding, body = name, data[len(bom) :]
            break
    if encoding is None and b"\x00" in data:  # UTF-16 without a BOM has NULs, most text none
        encoding = _guess_utf16_without_bom(data)

    if encoding is not None:
        text = body.decode(encoding, errors="replace")
    else:
        if b"\x00" in data:
            if data.count(0) > _MAX_STRAY_NULS * len(data):
                raise NotText("binary file (contains NUL bytes)")
            data = data.replace(b"\x00", b"")
        sample = data[:65536]
        # Counted by deleting them: in C, five times faster than a regular expression's search.
        controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
        if controls > 0.05 * len(sample):
            raise NotText("binary file (mostly control bytes)")
        declared = declared_html_encoding(data) if html else None
        # (A page that says UTF-8 goes the UTF-8 way below: that one also copes with the
        # windows-1252 pages mislabelled as UTF-8.)
        if declared is not None and declared != "utf-8":
            text, encoding = data.decode(declared, errors="replace"), declared
        else:
            text, encoding = _decode_8bit(data)

    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text or text.isspace():
        raise NotText("empty file" if not data else "only whitespace")
    return text, encoding


def _decode_8bit(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few bad bytes (a truncated copy, a stray byte) stays UTF-8: re-decoding
    # the whole file as cp1252 would garble every correctly encoded accented letter instead.
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    good_non_ascii = sum(1 for char in lenient if ord(char) > 0x7F) - bad
    if good_non_ascii >= bad:
        return lenient, "utf-8 (with invalid bytes)"

    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if matches:
        # Short texts fit several code pages about equally well; among the near-best ones prefer
        # cp1252, the legacy encoding of most Western European news sites.
        best = matches[0]
        near_best = [m for m in matches if m.chaos <= best.chaos + 0.05]
        for match in near_best:
            if "cp1252" in match.could_be_from_charset:
                return data.decode("cp1252", errors="replace"), "cp1252"
        return str(best), best.encoding
    # cp1252 leaves five bytes undefined; latin-1 maps every byte, so this always succeeds.
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"
