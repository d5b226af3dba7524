"""Stage 5, translation: language codes: what langdetect says, what Argos packages are named, what
stanza calls them.

The three disagree. langdetect answers ``zh-cn``, ``zh-tw``, ``no`` and ``pt``; the Argos package
index names the same languages ``zh``, ``zt`` (traditional Chinese), ``nb`` and ``pt`` or ``pb``
(Brazilian Portuguese); stanza knows traditional Chinese as ``zh-hant`` and has no ``pb``. Every
translation between those naming schemes goes through this module, both ways, so routing, the
missing-model hint and the bundled sentence splitters cannot disagree.
"""

from __future__ import annotations

from collections.abc import Collection

# A detected (or typed) language -> the package codes that can translate it, best first. A code
# that is not here stands for itself.
_PACKAGE_CODES: dict[str, tuple[str, ...]] = {
    "zh-cn": ("zh",),
    "zh-hans": ("zh",),
    "zh-tw": ("zt", "zh"),
    "zh-hant": ("zt", "zh"),
    "no": ("nb",),
    "pt": ("pt", "pb"),
    "pt-br": ("pb", "pt"),
    "iw": ("he",),
    "in": ("id",),
}

# Package codes that stanza names differently (argostranslate maps the same two).
_STANZA_CODES = {"zt": "zh-hant", "pb": "pt"}

# Package codes that MiniSBD names differently (as argostranslate maps them).
_MINISBD_CODES = {"zt": "zh-hant", "zh": "zh-hans", "pb": "pt"}


def normalise(code: str) -> str:
    """A language code as reader compares it: lower case, ``_`` as ``-``, no spaces."""
    return code.strip().lower().replace("_", "-")


def package_codes(language: str) -> tuple[str, ...]:
    """The Argos package codes that translate ``language``, best first (``pt`` -> pt, pb)."""
    language = normalise(language)
    return _PACKAGE_CODES.get(language, (language,))


def installed_code(language: str, installed: Collection[str]) -> str | None:
    """The first of ``package_codes(language)`` that an installed package uses, else None."""
    return next((code for code in package_codes(language) if code in installed), None)


def index_code(language: str) -> str:
    """The code the Argos package index uses for ``language`` (for install hints)."""
    return package_codes(language)[0]


def stanza_code(package_code: str) -> str:
    """The stanza name of a package's source language (``zt`` -> ``zh-hant``)."""
    return _STANZA_CODES.get(package_code, package_code)


def minisbd_code(package_code: str) -> str:
    """The MiniSBD model name of a package's source language (``zh`` -> ``zh-hans``)."""
    return _MINISBD_CODES.get(package_code, package_code)


def same_language(a: str, b: str) -> bool:
    """Whether two codes from any of the schemes name one language (``zh-cn`` and ``zh``)."""
    return bool(set(package_codes(a)) & set(package_codes(b)))
