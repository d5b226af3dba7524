"""Stage 5, translation: loading the stanza sentence splitter a package bundles, offline, whatever
stanza made it.

Every package in the Argos index bundles ``stanza/`` as ``stanza.download(lang, processors=
"tokenize")`` left it with stanza 1.1.1: the whole ``resources.json`` of stanza's 1.1 resources
(language entries with per-processor packages and ``default_processors``, ``{"alias": ...}``
entries, no ``"packages"`` key) and ``<lang>/tokenize/<package>.pt``. The stanza installed beside
argostranslate (1.10) reads neither: its pipeline raises ``KeyError: 'packages'`` on that
``resources.json``, and its tokenizer wants options that 1.1 never recorded (``feat_dropout``,
``use_dictionary``, ``num_dict_feat``, ``use_mwt``) and no longer computes one feature 1.1
models were trained with (``all_caps``). argostranslate gets away with it only online, where
stanza downloads a new ``resources.json`` and new models over the bundled ones.

reader never writes into the package. For a 1.1 folder it writes an adapted copy into its own
cache (a ``resources.json`` naming just the bundled tokenizer, and the tokenizer with the missing
options at their 1.1 behaviour and the ``all_caps`` input dropped, i.e. read as "not all
capitals"), keyed by the bundled file's hash, and points stanza at the copy. A folder already in
the current format is loaded as it is. Downloads are disabled either way.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core.settings import paths
from reader.core.translation.codes import stanza_code

# Options stanza 1.10 reads from a tokenizer's config that stanza 1.1 did not write, with the
# values that give 1.1's behaviour.
_MISSING_OPTIONS = {
    "feat_dropout": 0.0,  # only used in training
    "use_dictionary": False,
    "num_dict_feat": 0,
    "use_mwt": True,  # 1.1 tokenizers always have the multi-word-token classifier
}
# The per-character features stanza 1.10 still computes; 1.1 also had "all_caps".
_KNOWN_FEATURES = ("space_before", "capitalized", "numeric", "end_of_para", "start_of_para")


class StanzaFolderError(Exception):
    """A bundled stanza folder that cannot give a tokenizer; the message says why."""


@dataclass(frozen=True)
class StanzaTokenizer:
    """Where the bundled tokenizer of one language is, and in which format."""

    language: str  # stanza's code, aliases followed (``zh`` -> ``zh-hans``)
    model_file: Path
    format: str  # "1.1" (no "packages" key) or "current"
    resources: dict[str, Any]


def find_tokenizer(stanza_dir: Path, package_code: str) -> StanzaTokenizer:
    """The tokenizer a bundled ``stanza/`` folder holds for a package's source language."""
    try:
        resources = json.loads((stanza_dir / "resources.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise StanzaFolderError(f"stanza/resources.json is unreadable ({error})") from error
    if not isinstance(resources, dict):
        raise StanzaFolderError("stanza/resources.json is not an object")
    language = stanza_code(package_code)
    seen: set[str] = set()
    while isinstance(resources.get(language), dict) and "alias" in resources[language]:
        if language in seen:
            raise StanzaFolderError(f"stanza/resources.json has an alias loop at {language!r}")
        seen.add(language)
        language = str(resources[language]["alias"])
    entry = resources.get(language)
    if not isinstance(entry, dict):
        raise StanzaFolderError(f"stanza/resources.json has no entry for {language!r}")
    format = "current" if "packages" in entry else "1.1"
    tokenize_dir = stanza_dir / language / "tokenize"
    wanted = _default_tokenizer(entry)
    candidates = [tokenize_dir / f"{wanted}.pt"] if wanted else []
    candidates += sorted(tokenize_dir.glob("*.pt")) if tokenize_dir.is_dir() else []
    model_file = next((path for path in candidates if path.is_file()), None)
    if model_file is None:
        raise StanzaFolderError(f"no tokenizer in stanza/{language}/tokenize/")
    return StanzaTokenizer(language, model_file, format, resources)


def _default_tokenizer(entry: dict[str, Any]) -> str | None:
    for holder in (entry.get("default_processors"), (entry.get("packages") or {}).get("default")):
        if isinstance(holder, dict) and isinstance(holder.get("tokenize"), str):
            return str(holder["tokenize"])
    return None


def pipeline_options(stanza_dir: Path, package_code: str) -> dict[str, Any]:
    """Keyword arguments for ``stanza.Pipeline`` that load the bundled tokenizer offline: the
    folder itself when stanza can read it, else an adapted copy in reader's cache."""
    tokenizer = find_tokenizer(stanza_dir, package_code)
    options: dict[str, Any] = {
        "lang": tokenizer.language,
        "dir": str(stanza_dir),
        "processors": "tokenize",
        "download_method": None,
    }
    if tokenizer.format == "current":
        return options
    adapted = _adapted_copy(tokenizer)
    options["resources_filepath"] = str(adapted / "resources.json")
    options["tokenize_model_path"] = str(adapted / "tokenize.pt")
    return options


def _adapted_copy(tokenizer: StanzaTokenizer) -> Path:
    """A 1.1 tokenizer and a ``resources.json`` naming it, as stanza 1.10 reads them."""
    digest = hashlib.sha256(tokenizer.model_file.read_bytes()).hexdigest()[:24]
    name = f"{tokenizer.language}-{digest}"
    folder = paths.cache_dir() / "stanza" / name
    if (folder / "resources.json").is_file() and (folder / "tokenize.pt").is_file():
        return folder
    try:
        _write_adapted(tokenizer, paths.ensure_parent(folder))
    except OSError:
        # The cache is only a convenience: without a writable one, adapt into a temporary folder.
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix=f"reader-stanza-{name}-"))
        _write_adapted(tokenizer, folder, in_place=True)
    return folder


def _write_adapted(tokenizer: StanzaTokenizer, folder: Path, in_place: bool = False) -> None:
    """Write the adapted tokenizer and resources into ``folder`` (through a staging folder
    beside it, renamed in one step, unless ``in_place``)."""
    import torch

    try:
        checkpoint = torch.load(tokenizer.model_file, map_location="cpu", weights_only=True)
        config = dict(checkpoint["config"])
        state = dict(checkpoint["model"])
    except Exception as error:  # a pickle stanza cannot read raises anything
        raise StanzaFolderError(
            f"stanza/{tokenizer.language}/tokenize/{tokenizer.model_file.name} is not a "
            f"stanza tokenizer ({type(error).__name__}: {error})"
        ) from error
    features = list(config.get("feat_funcs") or [])
    dropped = [i for i, name in enumerate(features) if name not in _KNOWN_FEATURES]
    if dropped:
        # Each feature is one input column after the character embedding, in the first LSTM
        # layer (both directions) and in the convolutional residual layers.
        first_feature = int(config["emb_dim"])
        dropped_columns = {first_feature + i for i in dropped}
        for name, tensor in state.items():
            reads_input = name.startswith("rnn.weight_ih_l0") or (
                name.startswith("conv_res.") and name.endswith(".weight")
            )
            if reads_input:
                keep = [c for c in range(tensor.shape[1]) if c not in dropped_columns]
                state[name] = tensor[:, keep].contiguous()
        config["feat_funcs"] = [f for i, f in enumerate(features) if i not in dropped]
        config["feat_dim"] = int(config.get("feat_dim", len(features))) - len(dropped)
    for option, value in _MISSING_OPTIONS.items():
        config.setdefault(option, value)
    entry = tokenizer.resources.get(tokenizer.language, {})
    package = _default_tokenizer(entry) or tokenizer.model_file.stem
    resources = {
        tokenizer.language: {
            "tokenize": {package: {"md5": ""}},
            "default_processors": {"tokenize": package},
            "packages": {"default": {"tokenize": package}},
            "lang_name": str(entry.get("lang_name", tokenizer.language)),
        }
    }
    import shutil

    staging = folder if in_place else folder.with_name(f".{folder.name}-{os.getpid()}")
    staging.mkdir(exist_ok=True)
    torch.save(
        {
            "model": state,
            "vocab": checkpoint["vocab"],
            "lexicon": checkpoint.get("lexicon"),
            "config": config,
        },
        staging / "tokenize.pt",
    )
    (staging / "resources.json").write_text(json.dumps(resources), encoding="utf-8")
    if in_place:
        return
    shutil.rmtree(folder, ignore_errors=True)  # a copy left incomplete by a crash
    try:
        os.replace(staging, folder)
    except OSError:  # another process put its copy there first
        shutil.rmtree(staging, ignore_errors=True)
