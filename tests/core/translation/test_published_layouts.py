"""The package layouts people install (tests/support/argos_layouts.py): install, list, translate.

Each replica is built as the public build script that made the published packages builds it, with
a genuine stanza tokenizer in stanza 1.1's folder format. The point of every test here is that
reader translates them offline, as they are, with no paragraph failed.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from reader.core.articles.parsing import load_article
from reader.core.translation.article import source_paragraphs
from reader.core.translation.cache import TranslationCache
from reader.core.translation.engine import TranslationEngine
from reader.core.translation.install import install_model
from reader.core.translation.models import ModelError, check_splitter, discover_models, shadowed_by
from tests.cli.test_cli import run_reader
from tests.conftest import GERMAN_TO_ENGLISH, GERMAN_WORDS, REPO, seed
from tests.support import argos_layouts

STANZA_1_1_1_TOKENIZER = REPO / "tests" / "fixtures" / "stanza_1_1" / "de_gsd_tokenizer.pt"
GERMAN_TEXT = seed("004").read_text(encoding="utf-8")
CHINESE = (
    "人工智能公司发布新模型\n\n"
    "这家公司今天发布了一个新的开源模型。任何人都可以下载和使用它！开发者们对此感到非常高兴。"
    "他们说这是一个重要的进步？专家认为这将改变整个行业。\n\n"
    "该公司表示，新模型的代码将在本周内全部公开。用户可以自由修改和分发这个模型。"
)
PORTUGUESE = (
    "Empresa lança novo modelo de inteligência artificial\n\n"
    "A empresa anunciou hoje que vai publicar o código completo do seu novo modelo. Qualquer "
    "pessoa poderá descarregar e usar o programa. Os programadores ficaram muito contentes com a "
    "notícia.\n\n"
    "Segundo a empresa, o modelo estará disponível ainda esta semana para todos os utilizadores."
)


def german(work: Path, **options) -> Path:  # type: ignore[no-untyped-def]
    return argos_layouts.opus_mt_package(
        work, "de", "en", GERMAN_TO_ENGLISH, (GERMAN_WORDS,), stanza_text=GERMAN_TEXT, **options
    )


def translate_file(engine: TranslationEngine, path: Path, language: str | None = None):  # type: ignore[no-untyped-def]
    article = load_article(path)
    results = list(
        engine.translate(source_paragraphs(article, language), language or article.language, "en")
    )
    return article, results


@pytest.fixture
def engine(packages_dir: Path) -> TranslationEngine:
    return TranslationEngine(cache=TranslationCache(), package_dirs=[packages_dir])


def test_opus_mt_port_with_a_stanza_1_1_folder_translates_seed_004(
    tmp_path: Path, packages_dir: Path, engine: TranslationEngine
) -> None:
    archive = german(tmp_path)
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
        assert all(not name.endswith("/") for name in names)  # file entries only
        assert {i.compress_type for i in zipped.infolist()} == {zipfile.ZIP_STORED}
    resources = json.loads(
        zipfile.ZipFile(archive).read("translate-de_en-1_9/stanza/resources.json")
    )
    assert "packages" not in resources["de"] and resources["german"] == {"alias": "de"}

    installation = install_model(archive, packages_dir)
    splitter = check_splitter(installation.model)
    assert (splitter.name, splitter.problem) == ("stanza (bundled)", None)
    # reader adapted a copy; the package itself is as it was shipped.
    assert "packages" not in json.loads(
        (installation.model.path / "stanza" / "resources.json").read_text()
    )
    article, results = translate_file(engine, seed("004"))
    assert [r.status for r in results] == ["translated"] * 9
    assert all(r.splitter_note is None for r in results)
    assert results[1].text.startswith("After Elon Musk this month OpenAI")
    # stanza split the paragraph the built-in splitter once got wrong ("Plattform X. Das").
    pairs = results[2].sentences
    assert pairs[0][0].endswith("Social-Media-Plattform X.")
    assert pairs[1][0].startswith("Das deutet darauf hin")


def test_a_tokenizer_pickled_by_stanza_1_1_1_itself_loads(
    tmp_path: Path, packages_dir: Path, engine: TranslationEngine
) -> None:
    installation = install_model(
        german(tmp_path, tokenizer_file=STANZA_1_1_1_TOKENIZER), packages_dir
    )
    splitter = check_splitter(installation.model)
    assert (splitter.name, splitter.problem) == ("stanza (bundled)", None)
    assert splitter.split("Hallo Welt. Das Haus ist groß! Ist es schön?") == [
        "Hallo Welt.",
        "Das Haus ist groß!",
        "Ist es schön?",
    ]
    _, results = translate_file(engine, seed("004"))
    assert [r.status for r in results] == ["translated"] * 9


@pytest.mark.parametrize(
    ("version", "vocabulary", "top"),
    [("1.0", "shared", None), ("1.5", "split", None), ("1.0", "shared", "de_en")],
)
def test_argos_train_packages_translate(
    tmp_path: Path, packages_dir: Path, engine: TranslationEngine, version, vocabulary, top
) -> None:  # type: ignore[no-untyped-def]
    archive = argos_layouts.argos_train_package(
        tmp_path,
        "de",
        "en",
        GERMAN_TO_ENGLISH,
        (GERMAN_WORDS,),
        version=version,
        vocabulary=vocabulary,
        top=top,
        stanza_text=GERMAN_TEXT,
    )
    with zipfile.ZipFile(archive) as zipped:
        assert any(name.endswith("/") for name in zipped.namelist())  # make_archive's folders
        assert zipfile.ZIP_DEFLATED in {i.compress_type for i in zipped.infolist()}
    installation = install_model(archive, packages_dir)
    assert installation.model.path.name == (top or f"translate-de_en-{version.replace('.', '_')}")
    assert not list((installation.model.path / "model").glob("*.json"))[1:]  # config.json only
    assert check_splitter(installation.model).problem is None
    _, results = translate_file(engine, seed("004"))
    assert [r.status for r in results] == ["translated"] * 9
    assert results[1].text.startswith("After Elon Musk this month OpenAI")


def test_chinese_article_routes_to_the_zh_package_and_splits_its_sentences(
    tmp_path: Path, packages_dir: Path, engine: TranslationEngine
) -> None:
    article_file = tmp_path / "zh.txt"
    article_file.write_text(CHINESE, encoding="utf-8")
    sentence = "这家公司今天发布了一个新的开源模型。"
    archive = argos_layouts.opus_mt_package(
        tmp_path / "zh",
        "zh",
        "en",
        {sentence: "The-company-released-a-model."},
        (),
        stanza_text=CHINESE,
    )
    install_model(archive, packages_dir)
    article, results = translate_file(engine, article_file)
    assert article.language == "zh-cn"  # langdetect's name for it
    assert [r.status for r in results] == ["translated"] * 3
    assert {r.model for r in results} == {"translate-zh_en 1.9"}
    # Five sentences in the first body paragraph, split at 。！？ with no space after them.
    assert [source for source, _ in results[1].sentences][:2] == [
        sentence,
        "任何人都可以下载和使用它！",
    ]
    assert results[1].sentences[0][1] == "The-company-released-a-model."


def test_chinese_without_a_model_names_the_package_that_exists(
    tmp_path: Path, engine: TranslationEngine
) -> None:
    article_file = tmp_path / "zh.txt"
    article_file.write_text(CHINESE, encoding="utf-8")
    _, results = translate_file(engine, article_file)
    assert results[0].status == "missing-model"
    assert "No zh-cn→en model" in results[0].message
    assert "`argospm install translate-zh_en`" in results[0].message


def test_portuguese_article_uses_a_pb_package(
    tmp_path: Path, packages_dir: Path, engine: TranslationEngine
) -> None:
    article_file = tmp_path / "pt.txt"
    article_file.write_text(PORTUGUESE, encoding="utf-8")
    archive = argos_layouts.opus_mt_package(
        tmp_path / "pb", "pb", "en", {"empresa": "company", "modelo": "model"}, (PORTUGUESE,)
    )
    resources = json.loads(
        zipfile.ZipFile(archive).read("translate-pb_en-1_9/stanza/resources.json")
    )
    assert resources["pb"] == {"alias": "pt"}  # as Locomotive remaps it
    installation = install_model(archive, packages_dir)
    assert check_splitter(installation.model).problem is None
    article, results = translate_file(engine, article_file)
    assert article.language == "pt"
    assert [r.status for r in results] == ["translated"] * 3
    assert "company" in results[1].text and len(results[1].sentences) == 3


def test_the_newest_of_three_versions_is_used(
    tmp_path: Path, packages_dir: Path, engine: TranslationEngine
) -> None:
    # argostranslate's install_from_path leaves old versions in place: three folders, one pair.
    for version, word in (("1.0", "Hi"), ("1.9", "Hey"), ("1.10", "Hello")):
        archive = argos_layouts.opus_mt_package(
            tmp_path / version, "de", "en", {"Hallo": word}, ("Hallo Welt",), version=version
        )
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(packages_dir)
    models, broken = discover_models([packages_dir])
    assert broken == [] and len(models) == 3
    assert sorted(m.version for m in shadowed_by(models).values()) == ["1.10", "1.10"]
    _, results = translate_file(engine, _text_file(tmp_path, "Hallo Welt."), "de")
    assert (results[0].text, results[0].model) == ("Hello Welt.", "translate-de_en 1.10")
    listing = json.loads(run_reader("models", "list", "--json").stdout)
    assert {m["version"]: m["in_use"] for m in listing["models"]} == {
        "1.0": False,
        "1.10": True,
        "1.9": False,
    }


def _text_file(folder: Path, text: str) -> Path:
    path = folder / "article.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_target_prefix_is_removed_from_every_sentence(
    tmp_path: Path, packages_dir: Path, engine: TranslationEngine
) -> None:
    archive = german(tmp_path, extra_metadata={"target_prefix": "__en__"}, target_prefix="__en__")
    install_model(archive, packages_dir)
    text = "Hallo Welt. Das Haus ist groß. Der Stadtrat am Dienstag."
    _, results = translate_file(engine, _text_file(tmp_path, text), "de")
    assert results[0].text == "Hello world. Das house is big. Der Stadtrat am Tuesday."
    assert all("__en__" not in target for _, target in results[0].sentences)


def test_an_sbd_package_is_refused_and_skipped_with_its_reason(
    tmp_path: Path, packages_dir: Path
) -> None:
    archive = argos_layouts.sbd_package(tmp_path)
    with pytest.raises(ModelError, match="not a translation package .type 'sbd'"):
        install_model(archive, packages_dir)
    assert list(packages_dir.iterdir()) == []
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(packages_dir)  # as argospm would have put it there
    models, broken = discover_models([packages_dir])
    assert models == [] and "type 'sbd'" in broken[0].reason


def test_a_package_folder_installs_as_argospm_leaves_it(
    tmp_path: Path, packages_dir: Path, engine: TranslationEngine
) -> None:
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(german(tmp_path)) as zipped:
        zipped.extractall(unpacked)
    folder = unpacked / "translate-de_en-1_9"
    result = run_reader("models", "install", str(folder))
    assert result.returncode == 0, result.stderr
    assert "Installed translate-de_en 1.9 (German → English)" in result.stdout
    assert "Sentence splitter: stanza (bundled)" in result.stdout
    assert folder.is_dir()  # copied, not moved
    _, results = translate_file(engine, seed("004"))
    assert [r.status for r in results] == ["translated"] * 9


def test_replace_says_when_it_is_a_downgrade(tmp_path: Path, packages_dir: Path) -> None:
    newer = argos_layouts.opus_mt_package(
        tmp_path / "a", "de", "en", {"Hallo": "Hello"}, (), version="1.10"
    )
    older = argos_layouts.opus_mt_package(
        tmp_path / "b", "de", "en", {"Hallo": "Hi"}, (), version="1.0"
    )
    assert not install_model(newer, packages_dir).downgrade
    installation = install_model(older, packages_dir, replace=True)
    assert installation.downgrade
    assert "a DOWNGRADE from 1.10" in installation.summary
    assert [m.version for m in discover_models([packages_dir])[0]] == ["1.0"]


def test_a_failed_update_leaves_the_old_model_in_place(tmp_path: Path, packages_dir: Path) -> None:
    install_model(german(tmp_path / "old"), packages_dir)
    blocker = packages_dir / "translate-de_en-1_10"
    newer = argos_layouts.opus_mt_package(
        tmp_path / "new", "de", "en", {"Hallo": "Hi"}, (), version="1.10"
    )
    blocker.write_text("a file where the new package's folder must go")
    with pytest.raises(ModelError):
        install_model(newer, packages_dir, replace=True)
    assert [m.version for m in discover_models([packages_dir])[0]] == ["1.9"]


def test_a_broken_bundled_splitter_falls_back_and_says_so(
    tmp_path: Path, packages_dir: Path, engine: TranslationEngine
) -> None:
    installation = install_model(german(tmp_path), packages_dir)
    tokenizer = installation.model.path / "stanza" / "de" / "tokenize" / "gsd.pt"
    tokenizer.write_bytes(b"not a pickle")
    splitter = check_splitter(installation.model)
    assert splitter.name == "reader's built-in splitter (rule-based)"
    assert "its bundled stanza splitter cannot load" in (splitter.problem or "")
    _, results = translate_file(engine, seed("004"))
    assert [r.status for r in results] == ["translated"] * 9
    assert results[1].splitter_note is not None
    assert results[1].splitter_note.startswith("translate-de_en: its bundled stanza splitter")
    listing = json.loads(run_reader("models", "list", "--json").stdout)
    assert listing["models"][0]["splitter_ok"] is False


def test_a_minisbd_model_in_argostranslates_data_folder_is_the_next_choice(
    tmp_path: Path, packages_dir: Path, isolated_home: Path
) -> None:
    from reader.core.translation.sentences import load_splitter

    installation = install_model(german(tmp_path), packages_dir)
    shutil.rmtree(installation.model.path / "stanza")
    data_dir = isolated_home / "argos-data"
    (data_dir / "minisbd").mkdir(parents=True)
    (data_dir / "minisbd" / "de.onnx").write_bytes(b"not an onnx model")
    splitter = load_splitter(installation.model.path, "de", data_dir)
    # An unusable MiniSBD file is tried, reported, and the built-in splitter takes over.
    assert splitter.name == "reader's built-in splitter (rule-based)"
    assert "de.onnx cannot load" in (splitter.problem or "")


def test_cli_translate_from_overrides_detection(tmp_path: Path, packages_dir: Path) -> None:
    install_model(german(tmp_path), packages_dir)
    text = _text_file(tmp_path, "Hallo Welt. Das Haus ist groß und die Welt ist schön.")
    result = run_reader("translate", str(text), "--from", "de", "--json")
    assert result.returncode == 0, result.stderr
    paragraphs = json.loads(result.stdout)
    assert [p["source_language"] for p in paragraphs] == ["de"]
    assert paragraphs[0]["translation"] == "Hello world. Das house is big and the world is schön."
