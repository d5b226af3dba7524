"""Stage 5, translation: sentence splitting without the network, and never a reason for a language
to fail.

argostranslate's default splitter (MiniSBD) downloads a model when the package bundles none, and
its stanza path re-downloads ``resources.json``. reader uses, in this order: the splitter a package
bundles (MiniSBD, stanza in any format stanza has written, spaCy), loaded with downloads
disabled; a MiniSBD model argostranslate (or LibreTranslate) already keeps in its data folder for
that language; and ``split_sentences`` below, rule-based, abbreviation-aware, and exact about
where each sentence starts and ends (joined back, the sentences give the paragraph).
``load_splitter`` says which one is in use and, when it is not the package's own, why.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.core.translation.codes import minisbd_code

Splitter = Callable[[str], list[str]]

# Words that end with a period without ending a sentence, in the languages reader sees most.
_ABBREVIATIONS = frozenset(
    (
        "mr mrs ms dr prof sr jr st vs etc inc ltd co corp jan feb mar apr jun jul aug sep sept "
        "oct nov dec no nr vol pp ca approx fig e.g i.e u.s u.k z.b bzw usw ggf evtl hr fr str "
        "mme mlle m av j.-c p.ex cf env bpk ibu sdr yth dll dsb tsb dkk hlm s.d sen pt tbk"
    ).split()
)
# Words that begin sentences far more often than they follow a name's initial: after a single
# letter and a full stop ("Plattform X. Das ..."), one of these means a new sentence, anything
# else an initial ("John F. Kennedy", "J. Smith").
_SENTENCE_STARTERS = frozenset(
    (
        "the a an this that these those it he she they we i you there here in on at but and so "
        "der die das dies diese dieser es er sie wir ich ein eine im am auch aber und doch "
        "le la les il elle ils elles nous on un une ce cette ces en mais et "
        "el los las ella ellos una este esta pero y o lo "
        "o os as ele ela eles um uma isso mas e "
        "il lo gli un una questo questa ma "
        "de het een dit deze dat maar en "
        "ini itu dia mereka kami kita saya di dan tetapi namun"
    ).split()
)
_OPENING = "\"'“‘«»„‚‹›(\\[¿¡"
# A sentence ends at . ! ? … (possibly repeated), then optional closing quotes/brackets, then space,
# before something that can start a sentence: an upper-case letter, a digit or an opening quote.
# Each end is matched from the first mark of its run only (the lookbehinds): tried from every
# mark of a long run ("......"), the search took quadratic time.
_BOUNDARY = re.compile(
    r"(?<![.!?…])[.!?…]+[\"'”’»«“)\]]*\s+(?=[" + _OPENING + r"]?[^\W\d_a-zß-ÿ]|\d|[\"“«»„‚‹›])"
    # A full-width end (Chinese, Japanese) ends a sentence with or without a space after it;
    # inside a quotation closed right after it (「はい。」と言った), it does not.
    r"|(?<![。！？])[。！？]+[」』”’）)]*\s+(?=\S)|(?<![。！？])[。！？]+(?=[^\s」』”’）)])"
)


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences; each keeps its trailing space so ``"".join`` restores it."""
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if text[match.start()] == "." and _is_abbreviation(
            text[start : match.start() + 1], end, text
        ):
            continue
        sentences.append(text[start:end])
        start = end
    if start < len(text):
        sentences.append(text[start:])
    return [s for s in sentences if s.strip()]


def _is_abbreviation(candidate: str, next_start: int, text: str) -> bool:
    """Whether the full stop ending ``candidate`` belongs to its last word, not the sentence."""
    last_word = candidate.rsplit(None, 1)[-1] if candidate.strip() else ""
    stem = last_word.rstrip(".").lower().lstrip(_OPENING + "“")
    if stem in _ABBREVIATIONS or re.fullmatch(r"\d{1,2}", stem):  # "z.B.", "19. September"
        return True
    if len(stem) == 1 and stem.isalpha():  # an initial, unless a sentence clearly starts next
        next_word = text[next_start:].split(None, 1)[0] if text[next_start:].strip() else ""
        return next_word.strip(_OPENING).lower() not in _SENTENCE_STARTERS
    return False


@dataclass(frozen=True)
class SentenceSplitter:
    """A loaded splitter, what it is, and why it is not the package's own (when it is not)."""

    split: Splitter
    name: str
    problem: str | None = None


BUILT_IN = "reader's built-in splitter (rule-based)"


def describe_bundled_splitter(package_path: Path) -> str:
    """Which sentence splitter a package directory bundles (as argostranslate looks for them)."""
    for kind in ("minisbd", "stanza", "spacy"):
        if (package_path / kind).exists():
            return kind
    return "none (reader's built-in splitter)"


def _bundled_minisbd(folder: Path, package_code: str) -> Splitter:
    onnx = sorted(folder.glob("*.onnx"))
    if not onnx:
        raise FileNotFoundError("minisbd/ holds no .onnx model")
    return _minisbd(onnx[0])


def _minisbd(model_file: Path) -> Splitter:
    from minisbd import SBDetect

    # A file path (not a language name) makes MiniSBD load it instead of downloading.
    detector = SBDetect(str(model_file), use_gpu=False)
    return lambda text: [s for s in detector.sentences(text) if s.strip()]


def _bundled_stanza(folder: Path, package_code: str) -> Splitter:
    import stanza

    from reader.core.translation.stanza_folders import pipeline_options

    pipeline = stanza.Pipeline(
        **pipeline_options(folder, package_code), use_gpu=False, logging_level="WARNING"
    )
    return lambda text: [s.text for s in pipeline(text).sentences]


def _bundled_spacy(folder: Path, package_code: str) -> Splitter:
    import spacy

    nlp = spacy.load(folder, exclude=["parser"])
    nlp.add_pipe("sentencizer")
    return lambda text: [s.text for s in nlp(text).sents]


_BUNDLED = (("minisbd", _bundled_minisbd), ("stanza", _bundled_stanza), ("spacy", _bundled_spacy))
PROBE = "This is a probe. It has two sentences."


def minisbd_model_in(data_dir: Path, package_code: str) -> Path | None:
    """A MiniSBD model that argostranslate already downloaded for this language, if any."""
    candidate = data_dir / "minisbd" / f"{minisbd_code(package_code)}.onnx"
    return candidate if candidate.is_file() else None


def load_splitter(package_path: Path, package_code: str, data_dir: Path | None) -> SentenceSplitter:
    """The best splitter there is for a package, never failing: its own, else a MiniSBD model
    from argostranslate's data folder (``data_dir``), else reader's built-in splitter. Each is
    tried on a probe sentence before it is taken, so a splitter that loads but cannot split
    counts as broken too."""
    problems: list[str] = []
    for kind, load in _BUNDLED:
        folder = package_path / kind
        if not folder.is_dir():
            continue
        try:
            split = load(folder, package_code)
            split(PROBE)
        except Exception as error:  # any failure of a third-party splitter: fall back, say why
            problems.append(f"its bundled {kind} splitter cannot load ({_reason(error)})")
            continue
        return SentenceSplitter(split, f"{kind} (bundled)")
    problem = "; ".join(problems) or None
    minisbd_file = minisbd_model_in(data_dir, package_code) if data_dir is not None else None
    if minisbd_file is not None:
        try:
            split = _minisbd(minisbd_file)
            split(PROBE)
        except Exception as error:  # as above
            problems.append(f"{minisbd_file} cannot load ({_reason(error)})")
        else:
            return SentenceSplitter(split, f"minisbd ({minisbd_file})", problem)
    return SentenceSplitter(split_sentences, BUILT_IN, "; ".join(problems) or None)


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}"[:300] if text else type(error).__name__
