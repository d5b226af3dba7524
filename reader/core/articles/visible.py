"""Stage 2, articles: outside text as text a terminal shows and never obeys.

File names, titles, package metadata and config values come from outside, and a terminal
interprets some characters in them: ESC starts a control sequence (a colour, a new window title,
a cleared screen), bidirectional overrides reorder a row, a newline or line separator breaks a row
in two. ``visible`` is the one place that turns them into visible symbols; the parser, the CLI's
output and the TUI's rows all use it.
"""

from __future__ import annotations

import unicodedata
from typing import Any, TextIO

# Bidirectional embedding, override and isolate controls, and the marks that reorder text.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def visible(text: str, keep: str = "") -> str:
    """``text`` with every control character shown as a symbol: C0 controls as their Control
    Picture (ESC -> ␛), DEL and C1 controls as U+FFFD, a tab as a space, line and paragraph
    separators as a space, bidirectional controls as ``<U+202E>``. Characters in ``keep`` (such
    as "\\n") are left as they are."""
    if text.isprintable() and not _BIDI.intersection(text):
        return text
    out = []
    for char in text:
        code = ord(char)
        if char in keep:
            out.append(char)
        elif char == "\t":
            out.append(" ")
        elif code < 0x20:
            out.append(chr(0x2400 + code))
        elif code == 0x7F or 0x80 <= code < 0xA0:
            out.append("\ufffd")
        elif char in _BIDI:
            out.append(f"<U+{code:04X}>")
        elif unicodedata.category(char) in ("Zl", "Zp"):
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


class VisibleStream:
    """A text stream that writes everything through ``visible`` (newlines and the carriage
    returns of progress lines kept): what the CLI prints cannot drive the terminal."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(visible(text, keep="\n\r"))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
