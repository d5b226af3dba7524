"""The engine against real argostranslate packages built by the tests (tests/support)."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from reader.core.translation.cache import TranslationCache
from reader.core.translation.engine import (
    ParagraphTranslation,
    SourceParagraph,
    TranslationEngine,
)
from reader.core.translation.install import install_model, remove_model
from tests.conftest import REPO, ModelFactory
from tests.support.decoders import never_loaded, watched

GERMAN = [
    "Hallo Welt. Das Haus ist groß und die Welt ist schön.",
    "Der Stadtrat hat am Dienstag das Haus gekauft.",
    "Hallo. Das Unternehmen ist groß.",
]


@pytest.fixture
def engine(packages_dir: Path, model_factory: ModelFactory) -> TranslationEngine:
    install_model(model_factory(), packages_dir)
    return TranslationEngine(cache=TranslationCache(), package_dirs=[packages_dir])


def translate(
    engine: TranslationEngine, texts: list[str], language: str = "de", target: str = "en"
):  # type: ignore[no-untyped-def]
    return list(engine.translate([SourceParagraph(t, language) for t in texts], language, target))


def argos_translate(
    packages_dir: Path, texts: list[str], source: str = "de", target: str = "en"
) -> list[str]:
    """argostranslate.translate.translate() on each text, in a fresh process (its settings are
    read once at import), with reader's sentence splitter so both see the same split."""
    code = textwrap.dedent(f"""
        import json, sys
        import argostranslate.translate as T
        from reader.core.translation.sentences import split_sentences

        class SameSplit:
            def split_sentences(self, text):
                return split_sentences(text)

        translation = T.get_translation_from_codes({source!r}, {target!r})
        for step in getattr(translation, "t1", None), getattr(translation, "t2", None), translation:
            if step is not None and hasattr(step, "underlying"):
                step.underlying.sentencizer = SameSplit()
        texts = json.loads(sys.stdin.read())
        print(json.dumps([T.translate(t, {source!r}, {target!r}) for t in texts]))
    """)
    result = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
        env={**__import__("os").environ, "ARGOS_PACKAGES_DIR": str(packages_dir)},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.slow
def test_same_text_as_argostranslate(engine: TranslationEngine, packages_dir: Path) -> None:
    ours = [p.text for p in translate(engine, GERMAN)]
    assert ours == argos_translate(packages_dir, GERMAN)
    assert ours[0] == "Hello world. Das house is big and the world is schön."


@pytest.mark.slow
def test_deliberate_differences_from_argostranslate(
    engine: TranslationEngine, packages_dir: Path
) -> None:
    handle = "Hallo @user_name und snake_case Welt."
    long_sentence = " ".join(["Haus"] * 300) + "."
    ours = [p.text for p in translate(engine, [handle, long_sentence])]
    theirs = argos_translate(packages_dir, [handle, long_sentence])
    # 1. argostranslate's decode turns every "_" into a space.
    assert ours[0] == "Hello @user_name and snake_case world."
    assert theirs[0] == "Hello @user name and snake case world."
    # 2. argostranslate stops every sentence at CTranslate2's default of 256 tokens.
    assert ours[1].split() == ["house"] * 299 + ["house."]
    assert len(theirs[1].split()) == 256


def test_streams_in_order_with_the_first_paragraph_alone_then_a_batch_per_worker(
    packages_dir: Path, model_factory: ModelFactory
) -> None:
    install_model(model_factory(), packages_dir)
    batches: list[tuple[bool, int]] = []
    both_workers_busy = threading.Barrier(2, timeout=30)

    def counting(sentences: Sequence[str], spread_over: int) -> None:
        batches.append((spread_over > 1, len(sentences)))
        if len(batches) <= 2:
            # The first paragraph and the next batch decode at the same time, one per worker:
            # this wait fails (BrokenBarrierError) if the engine runs one batch at a time.
            both_workers_busy.wait()

    engine = TranslationEngine(
        package_dirs=[packages_dir], workers=2, load_decoder=watched(counting)
    )
    results = translate(engine, GERMAN * 4)  # 12 paragraphs, 20 sentences
    assert [r.index for r in results] == list(range(12))
    assert all(r.status == "translated" for r in results)
    # Paragraph 0 alone, spread over the workers so it shows up before the rest; then batches of
    # at most BATCH_SENTENCES, smaller towards the end so that both workers end together.
    # (Sorted: two batches in flight may reach CTranslate2 in either order.)
    spread_batches = [size for spread, size in batches if spread]
    assert spread_batches == [2]
    assert sorted(size for spread, size in batches if not spread) == [1, 2, 4, 5, 6]


def test_sentence_pairs_are_kept(engine: TranslationEngine) -> None:
    first = translate(engine, GERMAN[:1])[0]
    assert first.sentences == (
        ("Hallo Welt.", "Hello world."),
        ("Das Haus ist groß und die Welt ist schön.", "Das house is big and the world is schön."),
    )


def test_cached_after_restart_without_loading_a_model(
    engine: TranslationEngine, packages_dir: Path
) -> None:
    first = translate(engine, GERMAN)
    assert {r.status for r in first} == {"translated"}
    engine.cache.close()  # type: ignore[union-attr]
    again = TranslationEngine(  # a model loaded would fail the test
        cache=TranslationCache(), package_dirs=[packages_dir], load_decoder=never_loaded
    )
    second = translate(again, GERMAN)
    assert {r.status for r in second} == {"cached"}
    assert [r.text for r in second] == [r.text for r in first]
    assert second[0].sentences == first[0].sentences


def test_cached_translation_only_when_no_paragraph_needs_a_model(
    engine: TranslationEngine, packages_dir: Path
) -> None:
    sources = [SourceParagraph(t, "de") for t in GERMAN]
    assert engine.cached_translation(sources, "de") is None  # nothing cached yet
    translated = translate(engine, GERMAN[:2])
    again = TranslationEngine(  # a model loaded would fail the test
        cache=TranslationCache(), package_dirs=[packages_dir], load_decoder=never_loaded
    )
    assert again.cached_translation(sources, "de") is None  # the third is not cached
    english = SourceParagraph("Already English.", "en")
    parts = again.cached_translation([*sources[:2], english], "de")
    assert parts is not None
    assert [p.status for p in parts] == ["cached", "cached", "unchanged"]
    assert [p.text for p in parts[:2]] == [r.text for r in translated]


def test_model_update_invalidates_cache_and_loaded_model(
    engine: TranslationEngine, packages_dir: Path, model_factory: ModelFactory
) -> None:
    assert translate(engine, ["Hallo Welt."])[0].text == "Hello world."
    update = model_factory(substitutions={"Hallo": "Hi", "Welt": "earth"}, version="1.1")
    install_model(update, packages_dir, replace=True)
    engine.refresh()
    result = translate(engine, ["Hallo Welt."])[0]
    assert (result.text, result.status, result.model) == (
        "Hi earth.",
        "translated",
        "translate-de_en 1.1",
    )


def test_what_lives_on_once_a_model_is_loaded_is_left_out_of_garbage_collections(
    engine: TranslationEngine,
) -> None:
    # Loading imports torch and argostranslate: left to the collector, they made every full
    # collection in the app long, wherever the reader was.
    gc.unfreeze()
    alive = [object()]  # made before the load, alive after it
    assert translate(engine, ["Hallo."])[0].text == "Hello."
    assert gc.get_freeze_count() > 0
    assert all(found is not alive for found in gc.get_objects())
    gc.unfreeze()


def test_reinstalled_same_version_is_reloaded(
    engine: TranslationEngine, packages_dir: Path, model_factory: ModelFactory
) -> None:
    # argostranslate keeps translators in a module global; a package replaced in place under the
    # same version must not be served from a stale translator.
    assert translate(engine, ["Hallo."])[0].text == "Hello."
    remove_model("translate-de_en", [packages_dir])
    install_model(model_factory(substitutions={"Hallo": "Howdy"}), packages_dir)
    engine.refresh()
    assert translate(engine, ["Hallo."])[0].text == "Howdy."


def test_target_language_paragraphs_are_kept_and_third_languages_use_their_model(
    engine: TranslationEngine, packages_dir: Path, model_factory: ModelFactory
) -> None:
    install_model(
        model_factory("fr", "en", {"Bonjour": "Greetings"}, ("Bonjour monde",)), packages_dir
    )
    engine.refresh()
    paragraphs = [
        SourceParagraph("Hallo Welt.", "de"),
        SourceParagraph("This one is already English.", "en"),
        SourceParagraph("Bonjour monde.", "fr"),
    ]
    results = list(engine.translate(paragraphs, "de", "en"))
    assert [(r.status, r.text) for r in results] == [
        ("translated", "Hello world."),
        ("unchanged", "This one is already English."),
        ("translated", "Greetings monde."),
    ]
    assert results[2].model == "translate-fr_en 1.0"


def test_pivot_through_english(packages_dir: Path, model_factory: ModelFactory) -> None:
    install_model(
        model_factory("id", "en", {"Halo": "Hello", "dunia": "world"}, ("Halo dunia besar",)),
        packages_dir,
    )
    install_model(
        model_factory("en", "de", {"Hello": "Hallo", "world": "Welt"}, ("Hello world big",)),
        packages_dir,
    )
    engine = TranslationEngine(package_dirs=[packages_dir])
    route = engine.route("id", "de")
    assert [m.code for m in route or ()] == ["translate-id_en", "translate-en_de"]
    result = translate(engine, ["Halo dunia. Halo."], "id", "de")[0]
    assert result.text == "Hallo Welt. Hallo."
    assert result.model == "translate-id_en 1.0 → translate-en_de 1.0"
    assert result.sentences == (("Halo dunia.", "Hallo Welt."), ("Halo.", "Hallo."))


def test_missing_model_says_which_pair_and_how_to_get_it(engine: TranslationEngine) -> None:
    result = translate(engine, ["Bonjour tout le monde."], "fr")[0]
    assert result.status == "missing-model" and result.text is None
    assert result.message == (
        "No fr→en model is installed. Install one with M in reader or "
        "`reader models install FILE.argosmodel` "
        "(on a connected machine: `argospm install translate-fr_en`)."
    )


def test_model_that_fails_to_load_is_reported_per_model(
    packages_dir: Path, model_factory: ModelFactory
) -> None:
    install_model(model_factory(), packages_dir)
    broken = install_model(
        model_factory("fr", "en", {"Bonjour": "Hello"}, ("Bonjour",)), packages_dir
    ).model
    weights = broken.path / "model" / "model.bin"
    weights.write_bytes(weights.read_bytes()[:1000])  # truncated copy
    engine = TranslationEngine(package_dirs=[packages_dir])
    results = list(
        engine.translate(
            [
                SourceParagraph("Bonjour.", "fr"),
                SourceParagraph("Hallo.", "de"),
                SourceParagraph("Bonjour.", "fr"),
            ],
            "de",
            "en",
        )
    )
    assert [r.status for r in results] == ["failed", "translated", "failed"]
    assert "translate-fr_en 1.0 could not be loaded" in (results[0].message or "")
    assert results[1].text == "Hello."


def test_cancel_stops_between_batches(engine: TranslationEngine) -> None:
    seen = []
    for result in engine.translate(
        [SourceParagraph(t, "de") for t in GERMAN * 3], "de", "en", is_cancelled=lambda: bool(seen)
    ):
        seen.append(result)
    assert len(seen) == 1


def test_cancelling_does_not_wait_for_the_batches_decoding(
    packages_dir: Path, model_factory: ModelFactory
) -> None:
    install_model(model_factory(), packages_dir)
    started, release = threading.Event(), threading.Event()

    def held(sentences: Sequence[str], spread_over: int) -> None:
        started.set()
        release.wait(timeout=60)  # a batch that takes as long as the test likes

    engine = TranslationEngine(
        cache=TranslationCache(),
        package_dirs=[packages_dir],
        workers=2,
        load_decoder=watched(held),
    )
    cancelled = threading.Event()
    sources = [SourceParagraph(t, "de") for t in GERMAN]
    seen: list[ParagraphTranslation] = []
    consumer = threading.Thread(
        target=lambda: seen.extend(engine.translate(sources, "de", "en", cancelled.is_set))
    )
    consumer.start()
    assert started.wait(timeout=30)
    cancelled.set()  # quitting, or moving to another article
    consumer.join(timeout=10)
    assert not consumer.is_alive(), "the translation waited for a batch still decoding"
    assert seen == []
    assert engine.batches_decoding == 2  # the first paragraph and the next batch
    # The batches already decoding finish in the background, and what they decode is cached.
    release.set()
    for _ in range(200):
        if engine.batches_decoding == 0:
            break
        time.sleep(0.05)
    assert engine.batches_decoding == 0
    cached = engine.cached_translation(sources[:1], "de", "en")
    assert cached is not None
    assert cached[0].text == "Hello world. Das house is big and the world is schön."


def test_corrupt_cache_is_moved_aside(engine: TranslationEngine, isolated_home: Path) -> None:
    path = engine.cache.path  # type: ignore[union-attr]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    cache = TranslationCache(path)
    cache.put_many([("k", "m", "f", "de", "en", "text", ())])
    assert cache.get_many(["k"])["k"].translation == "text"
    assert cache.recovered is not None and "kept as" in cache.recovered
    assert list(path.parent.glob("translations.sqlite3.corrupt-*"))


def test_two_processes_share_the_cache(engine: TranslationEngine) -> None:
    other = TranslationCache(engine.cache.path)  # type: ignore[union-attr]
    translate(engine, GERMAN[:1])
    assert len(other.get_many([k for k in _keys(engine)])) == 1


def _keys(engine: TranslationEngine) -> list[str]:
    from reader.core.translation.cache import cache_key
    from reader.core.translation.engine import route_code

    route = engine.route("de", "en")
    assert route is not None
    return [cache_key(route_code(route), route[0].fingerprint, "de", "en", GERMAN[0])]


def test_a_paragraph_may_switch_to_the_installed_the_target_and_the_library_languages(
    german_model: Path,
) -> None:
    from reader.core.articles.parsing import parse_article
    from reader.core.translation.translator import ArticleTranslator

    engine = TranslationEngine(package_dirs=[german_model])
    translator = ArticleTranslator(engine, "en")
    article = parse_article(Path("a.txt"), "\n\n".join(["Un article.", "Le texte."] * 3).encode())
    article = replace(article, language="fr")
    assert translator.candidate_languages(article) == {"de", "en", "fr"}
    translator.seen_languages = frozenset({"pt-br", "nb"})
    assert translator.candidate_languages(article) == {"de", "en", "fr", "pt", "no"}
