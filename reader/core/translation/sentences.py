"""Sentence splitting without the network.

argostranslate's default splitter (MiniSBD) downloads a model when the package bundles none, and
its stanza path re-downloads ``resources.json``. reader uses the splitter a package bundles, with
downloads disabled, and otherwise ``split_sentences`` below: rule-based, abbreviation-aware, and
exact about where each sentence starts and ends (joined back, the sentences give the paragraph).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

Splitter = Callable[[str], list[str]]

# Words that end with a period without ending a sentence, in the languages reader sees most.
_ABBREVIATIONS = frozenset(
    (
        "mr mrs ms dr prof sr jr st vs etc inc ltd co corp jan feb mar apr jun jul aug sep sept "
        "oct nov dec no nr vol pp ca approx fig e.g i.e u.s u.k z.b bzw usw ggf evtl hr fr str "
        "mme mlle m av j.-c p.ex cf env bpk ibu sdr yth dll dsb tsb dkk hlm s.d sen pt tbk"
    ).split()
)
# A sentence ends at . ! ? … (possibly repeated), then optional closing quotes/brackets, then space,
# before something that can start a sentence: an upper-case letter, a digit or an opening quote.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+(?=[\"'“‘«(\[¿¡]?[^\W\d_a-zß-ÿ]|\d|[\"“«])")


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences; each keeps its trailing space so ``"".join`` restores it."""
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        candidate = text[start : match.start() + 1]
        last_word = candidate.rsplit(None, 1)[-1] if candidate.strip() else ""
        stem = last_word.rstrip(".").lower().lstrip('("“«')
        if text[match.start()] == "." and (
            stem in _ABBREVIATIONS
            or (len(stem) == 1 and stem.isalpha())  # initials: "J. Smith"
            or re.fullmatch(r"\d{1,2}", stem)  # ordinals: "19. September"
        ):
            continue
        sentences.append(text[start:end])
        start = end
    if start < len(text):
        sentences.append(text[start:])
    return [s for s in sentences if s.strip()]


def describe_bundled_splitter(package_path: Path) -> str:
    """Which sentence splitter a package directory bundles (as argostranslate looks for them)."""
    for kind in ("minisbd", "stanza", "spacy"):
        if (package_path / kind).exists():
            return kind
    return "none (reader's built-in splitter)"


def bundled_splitter(package_path: Path, language: str) -> Splitter | None:
    """The package's own splitter, loaded so that it cannot download anything; None if none."""
    minisbd_dir = package_path / "minisbd"
    if minisbd_dir.is_dir():
        onnx = sorted(minisbd_dir.glob("*.onnx"))
        if onnx:
            from minisbd import SBDetect

            # A file path (not a language name) makes MiniSBD load it instead of downloading.
            detector = SBDetect(str(onnx[0]), use_gpu=False)
            return lambda text: [s for s in detector.sentences(text) if s.strip()]
    stanza_dir = package_path / "stanza"
    if stanza_dir.is_dir():
        import stanza

        pipeline = stanza.Pipeline(
            lang=language,
            dir=str(stanza_dir),
            processors="tokenize",
            use_gpu=False,
            logging_level="WARNING",
            download_method=None,
        )
        return lambda text: [s.text for s in pipeline(text).sentences]
    spacy_dir = package_path / "spacy"
    if spacy_dir.is_dir():
        import spacy

        nlp = spacy.load(spacy_dir, exclude=["parser"])
        nlp.add_pipe("sentencizer")
        return lambda text: [s.text for s in nlp(text).sents]
    return None
