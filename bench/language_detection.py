"""How often reader's language detection names the right language, on public test data.

The samples are lingua's (``language-testdata`` in the lingua-py repository: 1,000 sentences,
word pairs and single words per language, none of them made by reader): for each of the 13
languages below, 200 sentences, 200 word pairs, 200 headlines (a sentence's first six words) and
the same headlines in capitals. Scored for reader (``language.detect``) and, in the same run,
plain langdetect (seeded, its first guess), as the language each returns; Chinese counts as
right for ``zh-cn`` and ``zh-tw``.

Inside articles: 500 articles of one-line paragraphs (a headline, every other one in capitals,
and 20 sentences of one language) are read as reader reads a file, and every paragraph whose
language differs from its article's is a false switch; in 500 more, one paragraph is replaced by
a sentence of another of the languages, and finding that paragraph's language is a true switch.
Both for reader's paragraph detection (``with_paragraph_languages``: another language only when
py3langid agrees) and for plain per-paragraph langdetect, which it was before. And every one of
the headlines above, in capitals and not, at the head of an article of three more sentences of
its language: a headline is always read inside its article.

``python -m bench.language_detection --data PATH`` (PATH: lingua-py's ``language-testdata``).
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from pathlib import Path

LANGUAGES = ("ar", "de", "en", "es", "fr", "id", "it", "ja", "ko", "nl", "pt", "ru", "zh")
PER_KIND = 200
HEADLINE_WORDS = 6
ARTICLES = 500  # of each kind: one language, and one foreign paragraph


def _lines(data: Path, kind: str, code: str) -> list[str]:
    text = (data / kind / f"{code}.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def samples(data: Path) -> dict[str, list[tuple[str, str]]]:
    """Kind -> (expected language, text)."""
    kinds: dict[str, list[tuple[str, str]]] = {}
    for code in LANGUAGES:
        sentences = _lines(data, "sentences", code)[:PER_KIND]
        pairs = _lines(data, "word-pairs", code)[:PER_KIND]
        headlines = [_headline(sentence, code) for sentence in sentences]
        kinds.setdefault("sentences", []).extend((code, s) for s in sentences)
        kinds.setdefault("word pairs", []).extend((code, p) for p in pairs)
        kinds.setdefault("headlines", []).extend((code, h) for h in headlines)
        kinds.setdefault("headlines in capitals", []).extend((code, h.upper()) for h in headlines)
    return kinds


def _headline(sentence: str, code: str) -> str:
    if code in ("ja", "zh"):  # no spaces between words: about as many characters as a headline
        return sentence[:14]
    return " ".join(sentence.rstrip(".!?。").split()[:HEADLINE_WORDS])


def _base(code: str) -> str:
    return code.split("-")[0]


def right(expected: str, found: str) -> bool:
    return _base(found) == expected


def _reader_detect(text: str) -> str:
    from reader.core.language import detection as language

    return language.detect(text).language


def plain_langdetect(text: str) -> str:
    from langdetect import detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    try:
        return detect_langs(text)[0].lang
    except LangDetectException:
        return "unknown"


def articles(
    data: Path, rng: random.Random
) -> tuple[list[tuple[str, bytes]], list[tuple[str, str, bytes]]]:
    """One-language articles (language, file bytes), and articles with one foreign paragraph
    (its language, its text, file bytes)."""
    pools = {code: _lines(data, "sentences", code)[PER_KIND:] for code in LANGUAGES}
    plain = []
    mixed = []
    for number in range(2 * ARTICLES):
        code = LANGUAGES[number % len(LANGUAGES)]
        paragraphs = rng.sample(pools[code], 20)
        if number < ARTICLES:
            # A headline first, every other one in capitals.
            headline = _headline(rng.choice(pools[code]), code)
            headline = headline.upper() if number % 2 else headline
            plain.append((code, "\n\n".join([headline, *paragraphs]).encode()))
            continue
        other = rng.choice([c for c in LANGUAGES if c != code])
        position = rng.randrange(1, 20)  # not the first: that one could become the title
        paragraphs[position] = rng.choice(pools[other])
        mixed.append((other, paragraphs[position], "\n\n".join(paragraphs).encode()))
    return plain, mixed


def headline_articles(
    data: Path, kinds: dict[str, list[tuple[str, str]]], rng: random.Random
) -> list[tuple[str, str, bytes]]:
    """Every headline sample (language, headline, file bytes) leading three sentences of its
    language."""
    pools = {code: _lines(data, "sentences", code)[PER_KIND:] for code in LANGUAGES}
    return [
        (code, headline, "\n\n".join([headline, *rng.sample(pools[code], 3)]).encode())
        for kind in ("headlines", "headlines in capitals")
        for code, headline in kinds[kind]
    ]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.language_detection", description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="lingua's language-testdata")
    args = parser.parse_args()
    from langdetect import DetectorFactory

    from reader.core.articles.parsing import parse_article
    from reader.core.language import detection as language
    from reader.core.language.articles import with_paragraph_languages

    DetectorFactory.seed = 0
    language.detect("warm up both detectors: their profiles load on first use")
    language.detect_within("and the second one too, for the timing", language.Detection("de", 1))
    print(f"{'samples':24} {'reader':>8} {'langdetect':>11}   per sample, reader / langdetect")
    kinds = samples(args.data)
    for kind, cases in kinds.items():
        scores = []
        for detect in (_reader_detect, plain_langdetect):
            start = time.perf_counter()
            hits = sum(right(code, detect(text)) for code, text in cases)
            scores.append((hits / len(cases), (time.perf_counter() - start) / len(cases)))
        (ours, our_time), (theirs, their_time) = scores
        print(
            f"{kind:24} {ours:8.1%} {theirs:11.1%}   "
            f"{our_time * 1000:.2f} / {their_time * 1000:.2f} ms  ({len(cases)} samples)"
        )
    plain, mixed = articles(args.data, random.Random(12))
    # As the TUI and `reader translate` detect them: a paragraph switches only to a language of
    # the library (here the 13), the installed models or the target; and with no such limit.
    library = frozenset(LANGUAGES)
    ways = {"reader": library, "reader, any language": None}
    counts: Counter[str] = Counter()
    for _, data in plain:
        parsed = parse_article(Path("a.txt"), data)
        for way, candidates in ways.items():
            article = with_paragraph_languages(parsed, candidates=candidates)
            for paragraph in article.units:
                same = _base(paragraph.language) == _base(article.language)
                counts[f"{way} false"] += not same
                if paragraph is article.headline:
                    counts[f"{way} headlines"] += same
        for paragraph in article.units:
            plain_same = _base(plain_langdetect(paragraph.text)) == _base(article.language)
            counts["paragraphs"] += 1
            counts["plain false"] += not plain_same
            if paragraph is article.headline:
                counts["headlines"] += 1
                counts["plain headlines"] += plain_same
    for other, sentence, data in mixed:
        parsed = parse_article(Path("a.txt"), data)
        for way, candidates in ways.items():
            article = with_paragraph_languages(parsed, candidates=candidates)
            foreign = next((p for p in article.paragraphs if p.text == sentence), None)
            if foreign is None:
                break  # set aside by the boilerplate rules (a date, a byline): not a paragraph
            counts[f"{way} found"] += right(other, foreign.language)
        else:
            counts["foreign"] += 1
            counts["plain found"] += right(other, plain_langdetect(foreign.text))
    for code, headline, data in headline_articles(args.data, kinds, random.Random(12)):
        parsed = parse_article(Path("a.txt"), data)
        if not any(unit.text == headline for unit in parsed.units):
            counts["set aside"] += 1  # taken for a date or a byline: no unit to detect
            continue
        counts["placed"] += 1
        for way, candidates in ways.items():
            article = with_paragraph_languages(parsed, candidates=candidates)
            unit = next(u for u in article.units if u.text == headline)
            counts[f"{way} placed"] += right(code, unit.language)
            if headline.isupper():
                counts[f"{way} placed in capitals"] += right(code, unit.language)
        counts["placed in capitals"] += headline.isupper()
        counts["plain placed"] += right(code, plain_langdetect(headline))
        counts["plain placed in capitals"] += headline.isupper() and right(
            code, plain_langdetect(headline)
        )
    for measure, of in (
        ("false", f"false switches in {counts['paragraphs']} units (headline and paragraphs)"),
        ("headlines", f"headlines in the article's language, of {counts['headlines']}"),
        ("found", f"foreign paragraphs found, of {counts['foreign']}"),
        ("placed", f"headlines right in their article, of {counts['placed']}"),
        ("placed in capitals", f"of them in capitals, of {counts['placed in capitals']}"),
    ):
        found = ", ".join(f"{way} {counts[f'{way} {measure}']}" for way in [*ways, "plain"])
        print(f"{of}: {found} (plain: langdetect per paragraph)")
    print(f"headlines set aside as a date or byline, not detected: {counts['set aside']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
