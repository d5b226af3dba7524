"""Replicas of the Argos package layouts people actually install, built at test time.

Each builder makes a genuine package (a real SentencePiece model, real CTranslate2 weights from
``argos_packages.word_model_parts``, a real stanza tokenizer from ``stanza_tokenizer``) laid out
and zipped exactly as the public build scripts lay out and zip theirs:

``opus_mt_package`` (most of the index, package version 1.9)
    LibreTranslate Locomotive's ``opus_mt_convert.py``: ``metadata.json`` with the six classic
    fields only, ``README.md``, the *source-side* ``sentencepiece.model`` only (Opus-MT has one per
    side), ``model/`` with ``config.json`` and ``shared_vocabulary.json``, ``stanza/`` as stanza
    1.1 downloaded it, remapped languages (``pb``, ``zt``) given an ``{"alias": ...}`` entry;
    zipped ``ZIP_STORED`` with file entries only.
``argos_train_package`` (package versions 1.0-1.8)
    argos-train's ``train.py``: one shared ``sentencepiece.model``, a CTranslate2 model of that
    era with ``shared_vocabulary.txt`` (or ``source_``/``target_vocabulary.txt``), ``stanza/``,
    ``metadata.json`` and ``README.md``, zipped by ``shutil.make_archive`` itself (directory
    entries, deflated); ``top`` names the archive's folder (some early ones are ``de_en/``).

``stanza_folder`` writes ``stanza/`` as ``stanza.download(lang, dir=..., processors="tokenize")``
left it with stanza 1.1.1: a ``resources.json`` in the 1.1 format (language entries with
per-processor packages, ``default_processors``, ``default_dependencies``, ``default_md5``,
``lang_name``; name and code aliases; ``url``; no ``packages`` key) whose md5 for the tokenizer is
the real file's, and ``<lang>/tokenize/<package>.pt`` saved by stanza's own ``Trainer``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from collections.abc import Iterable
from pathlib import Path

from tests.support.argos_packages import LANGUAGE_NAMES, word_model_parts
from tests.support.stanza_tokenizer import set_weights, tokenizer_args

# What stanza 1.1 calls the languages these tests use, and their UD treebank (the tokenizer
# package name stanza 1.1's resources give as the default).
STANZA_1_1 = {
    "de": ("de", "gsd", "German"),
    "en": ("en", "ewt", "English"),
    "fr": ("fr", "gsd", "French"),
    "id": ("id", "gsd", "Indonesian"),
    "pt": ("pt", "bosque", "Portuguese"),
    "zh-hans": ("zh-hans", "gsdsimp", "Simplified_Chinese"),
    "zh-hant": ("zh-hant", "gsd", "Traditional_Chinese"),
}
# Code aliases in stanza 1.1's resources.json (and the ones Locomotive adds for remapped codes).
STANZA_1_1_ALIASES = {"zh": "zh-hans", "no": "nb"}
LOCOMOTIVE_REMAP = {"zt": "zh-hant", "pb": "pt"}
LANGUAGE_NAMES = {
    **LANGUAGE_NAMES,
    "zh": "Chinese",
    "zt": "Chinese (traditional)",
    "pb": "Portuguese (Brazil)",
    "pt": "Portuguese",
}


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def make_stanza_tokenizer(path: Path, lang: str, shorthand: str, text: str) -> Path:
    """A tokenizer saved by the venv's stanza ``Trainer`` (see ``stanza_tokenizer``)."""
    from stanza.models.tokenization.trainer import Trainer
    from stanza.models.tokenization.vocab import Vocab

    vocab = Vocab([[(character, 0) for character in text]], lang=lang)
    args = tokenizer_args(lang, shorthand, len(vocab))
    args.update(feat_dropout=0.0, use_dictionary=False, num_dict_feat=0, use_mwt=True)
    trainer = Trainer(args=args, vocab=vocab, device="cpu")
    set_weights(trainer.model, vocab._unit2id)
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.save(str(path))
    return path


def stanza_folder(
    package_dir: Path,
    from_code: str,
    text: str,
    tokenizer_file: Path | None = None,
) -> Path:
    """``package_dir/stanza`` as stanza 1.1.1's download left it for ``from_code``'s language.

    ``tokenizer_file``: a tokenizer to bundle (e.g. the committed one made by stanza 1.1.1);
    by default one is made with the venv's stanza from the characters of ``text``.
    """
    stanza_dir = package_dir / "stanza"
    remapped = LOCOMOTIVE_REMAP.get(from_code)
    language = STANZA_1_1_ALIASES.get(remapped or from_code, remapped or from_code)
    code, treebank, name = STANZA_1_1[language]
    model_file = stanza_dir / code / "tokenize" / f"{treebank}.pt"
    if tokenizer_file is not None:
        model_file.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(tokenizer_file, model_file)
    else:
        make_stanza_tokenizer(model_file, code, f"{code}_{treebank}", text)
    entry = {
        "tokenize": {treebank: {"md5": _md5(model_file)}, "other": {"md5": "0" * 32}},
        "mwt": {treebank: {"md5": "1" * 32}},
        "lemma": {treebank: {"md5": "2" * 32}},
        "pos": {
            treebank: {
                "md5": "3" * 32,
                "dependencies": [{"model": "pretrain", "package": treebank}],
            }
        },
        "pretrain": {treebank: {"md5": "4" * 32}},
        "default_processors": {
            "tokenize": treebank,
            "mwt": treebank,
            "lemma": treebank,
            "pos": treebank,
        },
        "default_dependencies": {"pos": [{"model": "pretrain", "package": treebank}]},
        "default_md5": "5" * 32,
        "lang_name": name,
    }
    resources: dict[str, object] = {code: entry, name.lower(): {"alias": code}}
    for alias, target in STANZA_1_1_ALIASES.items():
        resources[alias] = {"alias": target}
    if remapped:  # Locomotive's opus_mt_convert.py adds the package's own code as an alias
        resources[from_code] = {"alias": remapped}
    resources["url"] = "http://nlp.stanford.edu/software/stanza"
    (stanza_dir / "resources.json").write_text(json.dumps(resources, indent=4), encoding="utf-8")
    return stanza_dir


def _classic_metadata(from_code: str, to_code: str, version: str, argos_version: str) -> dict:
    return {
        "package_version": version,
        "argos_version": argos_version,
        "from_code": from_code,
        "from_name": LANGUAGE_NAMES.get(from_code, from_code),
        "to_code": to_code,
        "to_name": LANGUAGE_NAMES.get(to_code, to_code),
    }


def opus_mt_package(
    work: Path,
    from_code: str = "de",
    to_code: str = "en",
    substitutions: dict[str, str] | None = None,
    corpus: Iterable[str] = (),
    version: str = "1.9",
    stanza_text: str = "",
    tokenizer_file: Path | None = None,
    extra_metadata: dict[str, object] | None = None,
    target_prefix: str | None = None,
) -> Path:
    """An Opus-MT port as Locomotive's ``opus_mt_convert.py`` writes it; returns the archive."""
    corpus = list(corpus)
    sp_model, spec = word_model_parts(
        work / "parts",
        from_code,
        to_code,
        substitutions,
        corpus,
        target_prefix=target_prefix,
        source_side_sentencepiece=True,
    )
    zip_base = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    run_dir = work / f"{from_code}_{to_code}-opus_{version}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    shutil.copy(sp_model, run_dir / "sentencepiece.model")
    (run_dir / "model").mkdir()
    spec.save(str(run_dir / "model"))
    stanza_folder(run_dir, from_code, stanza_text or " ".join(corpus), tokenizer_file)
    (run_dir / "README.md").write_text(
        f"# {LANGUAGE_NAMES.get(from_code)} - {LANGUAGE_NAMES.get(to_code)} version {version}\n\n"
        "Authors: Jörg Tiedemann and Santhosh Thottingal\n"
        "The original OPUS model from which this packaged model is derived is licensed CC-BY 4.0\n",
        encoding="utf-8",
    )
    metadata = _classic_metadata(from_code, to_code, version, "1.9.0") | (extra_metadata or {})
    (run_dir / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    archive = work / f"{zip_base}.argosmodel"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zipped:
        for name in ("README.md", "metadata.json", "sentencepiece.model"):
            zipped.write(run_dir / name, arcname=f"{zip_base}/{name}")
        for folder in ("model", "stanza"):
            for root, _dirs, files in os.walk(run_dir / folder):
                for file in files:
                    path = Path(root) / file
                    relative = path.relative_to(run_dir / folder).as_posix()
                    zipped.write(path, arcname=f"{zip_base}/{folder}/{relative}")
    return archive


def argos_train_package(
    work: Path,
    from_code: str = "de",
    to_code: str = "en",
    substitutions: dict[str, str] | None = None,
    corpus: Iterable[str] = (),
    version: str = "1.0",
    vocabulary: str = "shared",  # "shared" or "split" (source_/target_vocabulary.txt)
    top: str | None = None,
    stanza_text: str = "",
) -> Path:
    """A package as argos-train's ``train.py`` made one; returns the archive."""
    corpus = list(corpus)
    sp_model, spec = word_model_parts(
        work / "parts", from_code, to_code, substitutions, corpus, jitter=1e-6
    )
    model_dir = top or f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    run = work / "run"
    shutil.rmtree(run, ignore_errors=True)
    package = run / model_dir
    package.mkdir(parents=True)
    (package / "model").mkdir()
    spec.save(str(package / "model"))
    # That era's CTranslate2 wrote its vocabularies as text, one token a line.
    for json_vocabulary in sorted((package / "model").glob("*_vocabulary.json")):
        tokens = json.loads(json_vocabulary.read_text(encoding="utf-8"))
        names = (
            ["shared_vocabulary.txt"]
            if vocabulary == "shared"
            else ["source_vocabulary.txt", "target_vocabulary.txt"]
        )
        for name in names:
            (package / "model" / name).write_text("\n".join(tokens) + "\n", encoding="utf-8")
        json_vocabulary.unlink()
    shutil.copy(sp_model, package / "sentencepiece.model")
    stanza_folder(package, from_code, stanza_text or " ".join(corpus))
    metadata = _classic_metadata(from_code, to_code, version, "1.5")
    (package / "metadata.json").write_text(json.dumps(metadata, indent=4), encoding="utf-8")
    (package / "README.md").write_text(
        "Data compiled by [Opus](https://opus.nlpl.eu/).\n\n"
        "Includes pretrained models from [Stanza](https://github.com/stanfordnlp/stanza/).\n",
        encoding="utf-8",
    )
    base = shutil.make_archive(str(work / model_dir), "zip", root_dir=run, base_dir=model_dir)
    archive = work / f"translate-{from_code}_{to_code}-{version.replace('.', '_')}.argosmodel"
    os.replace(base, archive)
    return archive


def sbd_package(work: Path) -> Path:
    """An ``sbd``-type package (argostranslate's old sentence-boundary packages)."""
    package = work / "sbd-1_0"
    shutil.rmtree(package, ignore_errors=True)
    (package / "model").mkdir(parents=True)
    (package / "model" / "model.bin").write_bytes(b"\0" * 64)
    (package / "sentencepiece.model").write_bytes(b"\0" * 64)
    metadata = _classic_metadata("en", "en", "1.0", "1.5") | {"type": "sbd"}
    (package / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    archive = work / "sbd-1_0.argosmodel"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zipped:
        for path in sorted(package.rglob("*")):
            if path.is_file():
                zipped.write(path, arcname=path.relative_to(work).as_posix())
    return archive
