"""Stage 3, language: language detection with langdetect, made deterministic and thread-safe, with
a second opinion (py3langid) for a paragraph that seems to leave its article's language.

langdetect is random by default (two runs can disagree) and loads its profiles into a module-level
factory on first use (slowly) without a lock, so it is imported lazily, loaded once under a lock,
and seeded. Each detection seeds its own random generator from the factory seed.

On a short paragraph langdetect is often confidently wrong ("Yep, sagte sie nur." -> af), and a
wrong language sends the paragraph to the wrong model. Inside an article, a paragraph therefore
keeps the article's language unless py3langid, a detector built differently (naive Bayes over
byte n-grams), agrees with langdetect that it is another language, and finds that language
several times likelier than the article's (BENCHMARKS.md has the measurements that chose both).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

UNKNOWN = "unknown"
# Below this many letters langdetect's guesses are noise ("OK", "Teknologi", a date), and
# py3langid, right far more often on a word pair, answers instead; below MIN_SHORT_LETTERS
# nothing is said. A Chinese or Japanese character or a Hangul syllable carries about as much as
# a short word, so it counts CJK_LETTER_WEIGHT letters: an eleven-character Chinese headline is
# plenty.
MIN_LETTERS = 12
MIN_SHORT_LETTERS = 4
# py3langid's answer on short text counts from this probability ("Teknologi" is Sesotho at 0.05).
MIN_SHORT_PROBABILITY = 0.2
# ... and takes a short paragraph out of its article's language from this one ("Мы это видим."
# in a German article: Russian at 0.97).
MIN_SHORT_SWITCH_PROBABILITY = 0.9
CJK_LETTER_WEIGHT = 3
# The article is the prior: a paragraph leaves its language only when py3langid finds the other
# language at least this many times as likely as the article's. Close calls between neighbours
# ("Se trata del Samsung Galaxy Tab 3 8.0." in a Spanish article: Indonesian at 1.9 times) stay;
# a paragraph really in another language is far past it.
SWITCH_ODDS = 5.0
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
# Languages that a text cannot be in without letters of their script (langdetect answers "ko"
# for Chinese text with no Hangul in it, "ja" for Chinese with no kana).
_NEEDS_SCRIPT = {"ko": _HANGUL, "ja": _KANA, "zh-cn": _HAN, "zh-tw": _HAN}
# langdetect's cost grows with length: this much text, taken from the start, middle and end of a
# longer text, is plenty to tell its main language.
SAMPLE_CHARS = 1200

_load_lock = threading.Lock()
_loaded = False


@dataclass(frozen=True)
class Detection:
    language: str
    confidence: float


UNDETERMINED = Detection(UNKNOWN, 0.0)


def _load_profiles() -> None:
    global _loaded
    with _load_lock:
        if not _loaded:
            from langdetect import DetectorFactory, detector_factory

            DetectorFactory.seed = 0
            detector_factory.init_factory()
            _untrack(detector_factory._factory.word_lang_prob_map)
            _loaded = True


def _untrack(profiles: dict[str, Sequence[float]]) -> None:
    """langdetect keeps a list of 55 probabilities for each of about 87,600 n-grams, and it only
    reads them. As lists, every full garbage collection scans all of them for the rest of the
    process (most of a collection's time in the app: it struck in the middle of opening a long
    review); as tuples of floats the collector stops tracking them."""
    for ngram, probabilities in profiles.items():
        profiles[ngram] = tuple(probabilities)


def _sample(text: str) -> str:
    if len(text) <= SAMPLE_CHARS:
        return text
    third = SAMPLE_CHARS // 3
    middle = len(text) // 2 - third // 2
    return " ".join((text[:third], text[middle : middle + third], text[-third:]))


class _Prepared(NamedTuple):
    """What detection looks at: the sample, mostly-capital text lower-cased, and its letters."""

    sample: str
    letters: int  # CJK ones weighted
    cjk: int


def _prepared(text: str) -> _Prepared:
    sample = _sample(text)
    cjk = len(_HAN.findall(sample)) + len(_KANA.findall(sample)) + len(_HANGUL.findall(sample))
    letters = sum(1 for char in sample if char.isalpha()) + (CJK_LETTER_WEIGHT - 1) * cjk
    return _Prepared(_uncapitalised(sample), letters, cjk)


def detect(text: str) -> Detection:
    """The most likely language of ``text`` with langdetect's probability, or ``unknown``."""
    return _detect(_prepared(text))


def _detect(prepared: _Prepared, allowed: frozenset[str] | None = None) -> Detection:
    """``allowed``: the base codes the answer may have (``None``: any)."""
    sample, letters, cjk = prepared
    if letters < MIN_SHORT_LETTERS:
        return UNDETERMINED
    if letters < MIN_LETTERS:
        short = _second_opinion(sample, allowed)
        return short if short.confidence >= MIN_SHORT_PROBABILITY else UNDETERMINED
    _load_profiles()
    from langdetect import detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    try:
        candidates = detect_langs(sample)
    except LangDetectException:
        return UNDETERMINED
    for candidate in candidates:
        if allowed is not None and base_language(candidate.lang) not in allowed:
            continue
        script = _NEEDS_SCRIPT.get(candidate.lang)
        if script is None or script.search(sample):
            return Detection(candidate.lang, round(candidate.prob, 4))
    if cjk and _HAN.search(sample) and not _KANA.search(sample) and not _HANGUL.search(sample):
        # Only Chinese characters, and every guess needed another script: Chinese, unsure.
        return Detection("zh-cn", round(candidates[0].prob, 4) if candidates else 0.0)
    if allowed is not None:
        # None of langdetect's guesses is a candidate (Russian in a library without Bulgarian,
        # taken for Bulgarian or Macedonian): py3langid ranks every language it knows.
        second = _second_opinion(sample, allowed)
        return second if second.confidence >= MIN_SHORT_PROBABILITY else UNDETERMINED
    return UNDETERMINED


def _uncapitalised(text: str) -> str:
    """Text mostly in capitals (a shouted headline) in lower case: langdetect skips every word
    in capitals, so "ELON MUSK SUES OPENAI" was judged on nothing and came out German."""
    upper = sum(map(str.isupper, text))
    return text.lower() if upper > 2 * sum(map(str.islower, text)) else text


def detect_within(
    text: str, article: Detection, candidates: frozenset[str] | None = None
) -> Detection:
    """The language of ``text`` as a paragraph (or headline) of an article in ``article``'s
    language: another language only when both detectors say so and py3langid finds it
    ``SWITCH_ODDS`` times as likely as the article's. Text too short for langdetect (one
    detector's word), or for anything, is in the article's language.

    ``candidates`` (base codes, e.g. those of the installed models, the target and the library)
    are the only languages it may switch to: each detector takes its likeliest answer among
    them, so a Bulgarian guess for a Russian sentence in a library with no Bulgarian gives way
    to Russian. ``None``: any language."""
    prepared = _prepared(text)
    if article.language == UNKNOWN:
        return _detect(prepared)
    allowed = None if candidates is None else candidates | {base_language(article.language)}
    detected = _detect(prepared, allowed)
    if prepared.letters < MIN_LETTERS:
        return detected if detected.confidence >= MIN_SHORT_SWITCH_PROBABILITY else article
    if base_language(detected.language) in (UNKNOWN, base_language(article.language)):
        return article  # the same language (zh-tw in a zh-cn article is a spelling, not a switch)
    ranked = _second_ranking(prepared.sample)
    switch_to = base_language(detected.language)
    if base_language(_likeliest(ranked, allowed).language) != switch_to:
        return article
    odds = _probability(ranked, switch_to) / max(
        _probability(ranked, base_language(article.language)), 1e-12
    )
    return detected if odds >= SWITCH_ODDS else article


_second_lock = threading.Lock()
_second_identifier = None


def _second_ranking(sample: str) -> list[tuple[str, float]]:
    """py3langid's languages for a prepared ``sample``, likeliest first, with probabilities
    that sum to one."""
    global _second_identifier
    with _second_lock:
        if _second_identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _second_identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return [(str(code), float(p)) for code, p in _second_identifier.rank(sample)]


def _likeliest(ranked: list[tuple[str, float]], allowed: frozenset[str] | None) -> Detection:
    found, probability = next(
        ((code, p) for code, p in ranked if allowed is None or base_language(code) in allowed),
        (UNKNOWN, 0.0),
    )
    return Detection(found, round(probability, 4))


def _probability(ranked: list[tuple[str, float]], base: str) -> float:
    return sum(p for code, p in ranked if base_language(code) == base)


def _second_opinion(sample: str, allowed: frozenset[str] | None = None) -> Detection:
    """py3langid's language for a prepared ``sample`` (the likeliest of ``allowed``) and its
    probability."""
    return _likeliest(_second_ranking(sample), allowed)


def base_language(code: str) -> str:
    """A language code without its region, with Norwegian's written forms as one ("zh-cn" ->
    "zh", "nb" -> "no"): how the two detectors' codes are compared."""
    base = code.split("-")[0]
    return "no" if base in ("nb", "nn") else base
