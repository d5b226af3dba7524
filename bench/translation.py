"""Translation throughput: reader's engine against argostranslate.translate.translate().

Both translate seed 000 (Indonesian) with the same package: a Transformer-base-shaped model
(6+6 layers, d_model 512, 8 heads, FFN 2048, 32,000-entry vocabulary, int8) with random weights,
built here. Random weights never emit end-of-sentence, so every sentence decodes to the length
limit: argostranslate's is CTranslate2's default of 256 tokens, and reader's engine is given the
same limit, so both produce the same number of tokens. Beam size 4 on both sides (argostranslate's
default), both with reader's sentence split.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

from bench.harness import Result, interleaved

REPO = Path(__file__).resolve().parent.parent
SEED = next((REPO / "seeds").glob("000_*.txt"))


def run(quick: bool = False) -> Result:
    work = Path(tempfile.mkdtemp(prefix="reader-bench-translation-"))
    private = {"ARGOS_PACKAGES_DIR": str(work / "packages")}
    for variable in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        private[variable] = str(work / variable.lower())
    try:
        with mock.patch.dict(os.environ, private):
            return _measure(work, quick)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def argostranslate_translate(
    source: str, target: str, max_decoding_length: Callable[[int], int]
) -> Callable[[str], str]:
    """``argostranslate.translate.translate()`` for one installed pair, splitting sentences as
    reader does (argostranslate would download a MiniSBD model here) and with the output limit
    stated as reader's engine states it: a function of a batch's longest source sentence
    (argostranslate's own is CTranslate2's default of 256 tokens). The model is loaded here."""
    import argostranslate.translate as argos

    from reader.core.translation.sentences import split_sentences

    translation = argos.get_translation_from_codes(source, target)

    class SameSplit:
        def split_sentences(self, text: str) -> list[str]:
            return split_sentences(text)

    class SameLimit:
        def __init__(self, translator) -> None:  # type: ignore[no-untyped-def]
            self.translator = translator

        def translate_batch(self, batch, *args, **kwargs):  # type: ignore[no-untyped-def]
            limit = max_decoding_length(max(map(len, batch)))
            return self.translator.translate_batch(
                batch, *args, max_decoding_length=limit, **kwargs
            )

    underlying = translation.underlying  # type: ignore[attr-defined]
    underlying.sentencizer = SameSplit()
    argos.translate("kata", source, target)  # loads the model, which is then wrapped
    underlying.translator = SameLimit(underlying.translator)
    return lambda text: argos.translate(text, source, target)


def _measure(work: Path, quick: bool) -> Result:
    from reader.core.articles.model import Article
    from reader.core.articles.parsing import load_article
    from reader.core.translation.engine import SourceParagraph, TranslationEngine
    from reader.core.translation.install import install_model
    from reader.core.translation.sentences import split_sentences
    from tests.support.argos_packages import build_random_model

    article = load_article(SEED)
    assert isinstance(article, Article)
    paragraphs = [p.text for p in article.paragraphs]
    corpus = [
        p.text
        for path in sorted((REPO / "seeds").glob("*.txt"))
        for p in getattr(load_article(path), "paragraphs", ())
    ]
    shape = (
        dict(vocab_size=2000, layers=1, d_model=64, heads=2, ffn=128)
        if quick
        else dict(vocab_size=32000, layers=6, d_model=512, heads=8, ffn=2048)
    )
    length = 16 if quick else 256
    if quick:
        paragraphs = paragraphs[:2]
    started = time.perf_counter()
    package = build_random_model(work / "build", "id", "en", corpus, **shape)
    build_seconds = time.perf_counter() - started
    install_model(package, work / "packages")
    (installed,) = (work / "packages").iterdir()
    vocabulary = len(json.loads((installed / "model" / "shared_vocabulary.json").read_text()))

    engine = TranslationEngine(
        package_dirs=[work / "packages"], max_decoding_length=lambda _: length
    )
    sources = [SourceParagraph(text, "id") for text in paragraphs]

    argos_translate = argostranslate_translate("id", "en", lambda _: length)

    def reader_all() -> None:
        assert all(p.ok for p in engine.translate(sources, "id", "en"))

    def argos_all() -> None:
        for text in paragraphs:
            argos_translate(text)

    # Load both models and warm up once, untimed.
    reader_all()
    argos_all()
    runs = 1 if quick else 3
    series = interleaved(runs, reader=reader_all, argostranslate=argos_all)

    def first_paragraph(engine: TranslationEngine) -> float:
        """Seconds from the request to the first paragraph, on an idle engine: the rest of the
        article is translated too, untimed, so that no batch of it is still decoding when the
        next measurement starts."""
        start = time.perf_counter()
        translation = engine.translate(sources, "id", "en")
        next(translation)
        seconds = time.perf_counter() - start
        for _ in translation:
            pass
        return seconds

    first = [first_paragraph(engine) for _ in range(runs)]
    realistic = TranslationEngine(
        package_dirs=[work / "packages"], max_decoding_length=lambda n: int(1.3 * n) + 5
    )
    first_paragraph(realistic)  # load
    first_realistic = [first_paragraph(realistic) for _ in range(runs)]

    sentences = sum(len(split_sentences(text)) for text in paragraphs)
    ours, theirs = series["reader"], series["argostranslate"]
    return Result(
        "translation" + (" (quick)" if quick else ""),
        [
            (
                "model",
                "6+6 × 512, int8" if not quick else "1+1 × 64, int8",
                "",
                f"{vocabulary:,}-piece vocabulary; {sentences} sentences, {length} tokens out "
                f"each; built in {build_seconds:.1f}s",
            ),
            (
                "argostranslate.translate()",
                f"{theirs.median:.2f} s",
                theirs.spread,
                f"median of {runs}",
            ),
            ("reader engine", f"{ours.median:.2f} s", ours.spread, f"median of {runs}"),
            ("speed-up", f"{theirs.median / ours.median:.1f}×", "", "argostranslate / reader"),
            (
                "first paragraph (forced length)",
                f"{sorted(first)[len(first) // 2]:.2f} s",
                f"{min(first):.2f}–{max(first):.2f}",
                f"{length} tokens per sentence",
            ),
            (
                "first paragraph (realistic)",
                f"{sorted(first_realistic)[runs // 2]:.2f} s",
                f"{min(first_realistic):.2f}–{max(first_realistic):.2f}",
                "output ≤ 1.3 × source tokens",
            ),
        ],
    )
