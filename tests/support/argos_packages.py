"""Build genuine Argos Translate packages at test (and benchmark) time.

Published models cannot be downloaded here, so tests make their own: a real SentencePiece model,
real CTranslate2 weights written through ``ctranslate2.specs``, a ``metadata.json``, zipped as an
``.argosmodel`` exactly as argospm ships them. Two kinds:

``build_word_model``
    A 1+1-layer Transformer whose output is predictable, so tests can assert exact text. The
    embedding is three one-hot blocks: [token | copied token | position]. Self-attention and
    feed-forward outputs are zero, so the residual stream carries the embedding through. In the
    decoder's cross-attention, queries and keys read the position block, so decoder step t attends
    to source position t; values move the source token's one-hot into the "copied" block; the
    output projection maps each copied source piece to a target piece. The result: the sentence
    copied word by word with ``substitutions`` applied (Hallo -> Hello). Words outside the
    vocabulary come out as <unk>, which CTranslate2's replace_unknowns swaps back to the source
    word.

``build_random_model``
    Random weights in the shape real Argos packages use (Transformer-base: 6+6 layers, d_model
    512, 8 heads, FFN 2048, ~32k vocabulary, int8). The output is gibberish but the cost of
    decoding is that of a real model: for benchmarks.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np

SPECIALS = ("<unk>", "<s>", "</s>")
LANGUAGE_NAMES = {
    "de": "German",
    "en": "English",
    "id": "Indonesian",
    "fr": "French",
    "es": "Spanish",
    "nl": "Dutch",
}


def _train_sentencepiece(
    corpus: Iterable[str],
    prefix: Path,
    model_type: str,
    vocab_size: int,
    filler_pieces: Iterable[str] = (),
) -> Path:
    import sentencepiece as spm

    text_file = prefix.with_suffix(".corpus.txt")
    text_file.write_text("\n".join(corpus), encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(text_file),
        model_prefix=str(prefix),
        model_type=model_type,
        vocab_size=vocab_size,
        user_defined_symbols=list(filler_pieces),
        hard_vocab_limit=False,
        character_coverage=1.0,
        bos_id=1,
        eos_id=2,
        unk_id=0,
        pad_id=-1,
        minloglevel=2,
        num_threads=1,
        input_sentence_size=200000,
        shuffle_input_sentence=False,
    )
    text_file.unlink()
    return prefix.with_suffix(".model")


def _train_sentencepiece_of_size(
    corpus: list[str], prefix: Path, vocab_size: int, rng: np.random.Generator
) -> Path:
    """A unigram model with about ``vocab_size`` pieces, however small the corpus.

    A few articles hold only about a thousand pieces' worth of text, and the trainer stops there.
    A model's decoding cost depends on its vocabulary (the output projection and the softmax are
    as wide as it), so made-up word pieces fill the vocabulary up to the size asked for. They
    never occur in the corpus; a random model may still emit them.
    """
    fillers: set[str] = set()
    sp_model = _train_sentencepiece(corpus, prefix, "unigram", vocab_size)
    for _ in range(3):  # the learned pieces shrink a little as fillers are added: top up
        shortfall = vocab_size - len(_vocabulary(sp_model))
        if shortfall <= 0:
            break
        while shortfall > 0:
            letters = rng.choice(list("abcdefghijklmnopqrstuvwxyz"), size=rng.integers(3, 10))
            piece = "▁" + "".join(letters)
            if piece not in fillers:
                fillers.add(piece)
                shortfall -= 1
        sp_model = _train_sentencepiece(corpus, prefix, "unigram", vocab_size, sorted(fillers))
    return sp_model


def _vocabulary(sp_model: Path) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(sp_model))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _package(
    work: Path,
    code: str,
    from_code: str,
    to_code: str,
    version: str,
    sp_model: Path,
    spec,
    extra_metadata: dict[str, object] | None,
) -> Path:  # type: ignore[no-untyped-def]
    package_dir = work / f"{code}-{from_code}_{to_code}-{version.replace('.', '_')}"
    if package_dir.exists():
        shutil.rmtree(package_dir)
    package_dir.mkdir(parents=True)
    (package_dir / "model").mkdir()
    spec.save(str(package_dir / "model"))
    shutil.copy(sp_model, package_dir / "sentencepiece.model")
    metadata = {
        "package_version": version,
        "argos_version": "1.9",
        "from_code": from_code,
        "from_name": LANGUAGE_NAMES.get(from_code, from_code),
        "to_code": to_code,
        "to_name": LANGUAGE_NAMES.get(to_code, to_code),
        "type": "translate",
        **(extra_metadata or {}),
    }
    (package_dir / "metadata.json").write_text(json.dumps(metadata, indent=2))
    archive = work / f"{package_dir.name}.argosmodel"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for file in sorted(package_dir.rglob("*")):
            # The word model's weights are mostly zeros and would deflate at ratios that look
            # like a zip bomb to the installer; store them as they are.
            method = zipfile.ZIP_STORED if file.name == "model.bin" else zipfile.ZIP_DEFLATED
            zipped.write(file, file.relative_to(work).as_posix(), compress_type=method)
    shutil.rmtree(package_dir)
    return archive


def build_word_model(
    work: Path,
    from_code: str = "de",
    to_code: str = "en",
    substitutions: dict[str, str] | None = None,
    corpus: Iterable[str] = (),
    version: str = "1.0",
    max_positions: int = 512,
    extra_metadata: dict[str, object] | None = None,
) -> Path:
    """A predictable word-by-word model (see module docstring); returns the .argosmodel path."""
    sp_model, spec = word_model_parts(
        work, from_code, to_code, substitutions, corpus, max_positions
    )
    return _package(work, "translate", from_code, to_code, version, sp_model, spec, extra_metadata)


def word_model_parts(
    work: Path,
    from_code: str = "de",
    to_code: str = "en",
    substitutions: dict[str, str] | None = None,
    corpus: Iterable[str] = (),
    max_positions: int = 512,
    target_prefix: str | None = None,
    jitter: float = 0.0,
    source_side_sentencepiece: bool = False,
):  # type: ignore[no-untyped-def]
    """The SentencePiece model and the CTranslate2 spec of a word model, not yet packaged.

    ``target_prefix``: the model expects that token forced at the start of every output (as
    NLLB-style packages do), so decoder step t+1 copies source position t.
    ``jitter``: noise of that size on every weight, so that the weights do not deflate like a zip
    bomb when a layout's archive compresses them (trained weights do not compress either).
    ``source_side_sentencepiece``: the SentencePiece model holds the source words only, the
    model's vocabulary the target words too (as Opus-MT ports ship their source ``.spm`` only).
    """
    import ctranslate2

    substitutions = dict(substitutions or {"Hallo": "Hello", "Welt": "world"})
    words = [w for line in corpus for w in line.split()]
    target_words: list[str] = []
    for source, target in substitutions.items():
        words += [source, source + ".", source + ","]
        target_words += [target, target + ".", target + ","]
    if not source_side_sentencepiece:
        words += target_words
    work.mkdir(parents=True, exist_ok=True)
    sp_model = _train_sentencepiece(
        [" ".join(sorted(set(words)))] * 3,
        work / f"sp-{from_code}{to_code}",
        "word",
        len(set(words)) + 3,
    )
    vocab = _vocabulary(sp_model)
    extra = sorted({"▁" + w for w in target_words} - set(vocab))
    if target_prefix:
        extra.append(target_prefix)
    vocab += extra
    index = {piece: i for i, piece in enumerate(vocab)}
    size, positions = len(vocab), max_positions
    d_model = 2 * size + positions + 1
    token, copied, position = 0, size, 2 * size  # offsets of the three blocks
    bias = d_model - 1  # a constant 1 in the cross-attention input (its layer norm beta)

    def one_hot_embeddings() -> np.ndarray:
        table = np.zeros((size, d_model), dtype=np.float32)
        table[np.arange(size), token + np.arange(size)] = 1.0
        return table

    def position_table() -> np.ndarray:
        table = np.zeros((positions, d_model), dtype=np.float32)
        table[np.arange(positions), position + np.arange(positions)] = 1.0
        return table

    def layer_norm(spec) -> None:  # type: ignore[no-untyped-def]
        spec.gamma = np.ones(d_model, dtype=np.float32)
        spec.beta = np.zeros(d_model, dtype=np.float32)

    def zero_linear(spec, rows: int, cols: int) -> None:  # type: ignore[no-untyped-def]
        spec.weight = np.zeros((rows, cols), dtype=np.float32)

    spec = ctranslate2.specs.TransformerSpec.from_config((1, 1), num_heads=1)
    for stack in (spec.encoder, spec.decoder):
        stack.scale_embeddings = False
        stack.position_encodings.encodings = position_table()
        layer_norm(stack.layer_norm)
        layer = stack.layer[0]
        layer_norm(layer.self_attention.layer_norm)
        zero_linear(layer.self_attention.linear[0], 3 * d_model, d_model)
        zero_linear(layer.self_attention.linear[1], d_model, d_model)
        layer_norm(layer.ffn.layer_norm)
        zero_linear(layer.ffn.linear_0, 64, d_model)
        zero_linear(layer.ffn.linear_1, d_model, 64)
    spec.encoder.embeddings[0].weight = one_hot_embeddings()
    spec.decoder.embeddings.weight = one_hot_embeddings()

    cross = spec.decoder.layer[0].attention
    layer_norm(cross.layer_norm)
    cross.layer_norm.beta[bias] = 1.0
    sharpness = 60.0  # how strongly step t prefers source position t over the others
    end = position + positions
    query = np.zeros((d_model, d_model), dtype=np.float32)
    # Step t reads source position t (t - 1 after a forced prefix token).
    query[position:end, position:end] = sharpness * np.eye(positions, k=1 if target_prefix else 0)
    # Past the end of the source no position matches; a constant pull towards the source's </s>
    # (weaker than a position match) makes every beam copy </s> there and stop, as a trained
    # model's beams do, instead of decoding up to the length limit.
    query[bias, bias] = 0.5 * sharpness
    cross.linear[0].weight = query
    key_value = np.zeros((2 * d_model, d_model), dtype=np.float32)
    key_value[position:end, position:end] = np.eye(positions)  # keys: position block
    key_value[bias, token + index["</s>"]] = 1.0  # ... and the </s> pull
    key_value[d_model + copied : d_model + 2 * size, token:size] = np.eye(size)  # values: token
    cross.linear[1].weight = key_value
    out = np.zeros((d_model, d_model), dtype=np.float32)
    out[copied : 2 * size, copied : 2 * size] = np.eye(size)
    cross.linear[2].weight = out

    projection = np.zeros((size, d_model), dtype=np.float32)
    for source_id, piece in enumerate(vocab):
        word = piece.lstrip("▁")
        target_piece = piece
        for suffix in ("", ".", ","):
            if suffix and not word.endswith(suffix):
                continue
            stem = word[: len(word) - len(suffix)] if suffix else word
            if stem in substitutions:
                target_piece = "▁" + substitutions[stem] + suffix
                break
        projection[index.get(target_piece, source_id), copied + source_id] = 20.0
    # </s> is every step's runner-up (half the weight of the copied word, read from the position
    # block): the other beams end at once, so beam search stops as soon as the best one does,
    # as it does with a trained model.
    projection[index["</s>"], position:] = 2.5
    spec.decoder.projection.weight = projection
    spec.config.add_source_eos = True  # source position n holds </s>, which maps to </s>

    if jitter:
        rng = np.random.default_rng(0)
        for stack_spec in (spec.encoder, spec.decoder):
            for value in _arrays(stack_spec):
                value += (rng.standard_normal(value.shape) * jitter).astype(np.float32)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize(quantization="float32")
    return sp_model, spec


def _arrays(spec) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    """Every float array of a CTranslate2 layer spec, recursively (for jitter)."""
    found: list[np.ndarray] = []
    for value in vars(spec).values():
        if isinstance(value, np.ndarray) and value.dtype == np.float32:
            found.append(value)
        elif isinstance(value, list):
            for item in value:
                if hasattr(item, "__dict__"):
                    found += _arrays(item)
        elif hasattr(value, "__dict__") and not isinstance(value, type):
            found += _arrays(value)
    return found


def build_random_model(
    work: Path,
    from_code: str = "id",
    to_code: str = "en",
    corpus: Iterable[str] = (),
    vocab_size: int = 32000,
    layers: int = 6,
    d_model: int = 512,
    heads: int = 8,
    ffn: int = 2048,
    quantization: str = "int8",
    seed: int = 0,
) -> Path:
    """A model of the given shape with random weights, for measuring decoding speed."""
    import ctranslate2

    rng = np.random.default_rng(seed)
    work.mkdir(parents=True, exist_ok=True)
    sp_model = _train_sentencepiece_of_size(
        list(corpus), work / f"sp-big-{from_code}{to_code}", vocab_size, rng
    )
    vocab = _vocabulary(sp_model)

    def dense(rows: int, cols: int) -> np.ndarray:
        return (rng.standard_normal((rows, cols)) / np.sqrt(cols)).astype(np.float32)

    def layer_norm(spec) -> None:  # type: ignore[no-untyped-def]
        spec.gamma = np.ones(d_model, dtype=np.float32)
        spec.beta = np.zeros(d_model, dtype=np.float32)

    spec = ctranslate2.specs.TransformerSpec.from_config(layers, num_heads=heads)
    spec.encoder.embeddings[0].weight = dense(len(vocab), d_model)
    spec.decoder.embeddings.weight = dense(len(vocab), d_model)
    for stack in (spec.encoder, spec.decoder):
        layer_norm(stack.layer_norm)
        for layer in stack.layer:
            layer_norm(layer.self_attention.layer_norm)
            layer.self_attention.linear[0].weight = dense(3 * d_model, d_model)
            layer.self_attention.linear[1].weight = dense(d_model, d_model)
            layer_norm(layer.ffn.layer_norm)
            layer.ffn.linear_0.weight = dense(ffn, d_model)
            layer.ffn.linear_1.weight = dense(d_model, ffn)
            if hasattr(layer, "attention"):
                layer_norm(layer.attention.layer_norm)
                layer.attention.linear[0].weight = dense(d_model, d_model)
                layer.attention.linear[1].weight = dense(2 * d_model, d_model)
                layer.attention.linear[2].weight = dense(d_model, d_model)
    spec.decoder.projection.weight = dense(len(vocab), d_model)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize(quantization=quantization)
    return _package(work, "translate", from_code, to_code, "1.0", sp_model, spec, None)
