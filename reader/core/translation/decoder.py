"""Stage 5, translation: the seam between the engine and the model that decodes.

A ``Decoder`` is one loaded package: it splits a paragraph into sentences, translates a list of
sentences into target pieces in one call, and turns pieces back into text. The engine does the
rest (routing, batching across paragraphs and cores, the cache, cancellation) and only ever
talks to this protocol. ``CTranslate2Decoder`` is the real one, the way argostranslate loads a
package; tests of scheduling and of the interface give the engine a fake instead
(``tests/support/fake_decoder.py``), so that they need neither a model nor monkeypatching.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from reader.core.translation.models import InstalledModel, ModelError, argos_settings
from reader.core.translation.sentences import SentenceSplitter, load_splitter

# Same decoding options as argostranslate, so the text is the same.
BEAM_SIZE = 4
LENGTH_PENALTY = 0.2


def default_max_decoding_length(source_tokens: int) -> int:
    """Room for any real translation of a sentence (CTranslate2's default stops at 256)."""
    return max(256, 3 * source_tokens + 16)


@dataclass(frozen=True)
class DecodingOptions:
    """How the engine wants its decoders: ``workers`` single-threaded decoders per model (one
    batch each at a time), and the longest output allowed for a sentence of n pieces."""

    workers: int
    max_decoding_length: Callable[[int], int] = default_max_decoding_length


class Decoder(Protocol):
    """One loaded package, as the engine uses it. Safe to call from several threads at once."""

    model: InstalledModel
    splitter: SentenceSplitter

    def translate(self, sentences: Sequence[str], batches: int) -> list[list[str]]:
        """Target pieces for each of ``sentences``, in one call split into ``batches`` batches
        (one per free worker)."""
        ...

    def detokenize(self, pieces: list[str]) -> str:
        """Pieces -> text, exactly as argostranslate post-processes them."""
        ...


def _freeze_what_lives_on() -> None:
    """Leave what exists once a model is loaded out of every later garbage collection.

    Loading the first model imports argostranslate, stanza and torch: hundreds of thousands of
    objects (functions, classes, modules) that live as long as the process. A full collection
    walks every tracked object, so from then on each one was long enough to be felt wherever it
    struck (opening a long review, mid-scroll; BENCHMARKS.md). Garbage is collected first, so
    that only live objects are frozen; frozen objects are still freed when no longer referenced."""
    gc.collect()
    gc.freeze()


# What the engine calls to load a package (``CTranslate2Decoder.load``, or a test's fake).
LoadDecoder = Callable[[InstalledModel, DecodingOptions], Decoder]


def splitter_note(decoder: Decoder) -> str | None:
    """What the reader should know about how this model's sentences are split."""
    problem = decoder.splitter.problem
    return f"{decoder.model.code}: {problem}; using {decoder.splitter.name}" if problem else None


def device_setting(requested: str | None = None) -> str:
    """The CTranslate2 device for ``ARGOS_DEVICE_TYPE`` (``cpu``, ``cuda`` or ``auto``: CUDA when
    CTranslate2 sees a GPU, else the CPU). Anything else is the CPU."""
    if requested is None:
        requested = str(argos_settings().device)
    requested = requested.strip().lower()
    if requested in ("cuda", "auto"):
        import ctranslate2

        if ctranslate2.get_cuda_device_count() > 0:
            return "cuda"
        if requested == "cuda":
            raise ModelError("ARGOS_DEVICE_TYPE=cuda, but CTranslate2 sees no CUDA device")
    return "cpu"


@dataclass
class CTranslate2Decoder:
    """An installed Argos package loaded as argostranslate loads it: its CTranslate2 model, its
    tokenizer (SentencePiece or BPE) and its sentence splitter."""

    model: InstalledModel
    splitter: SentenceSplitter
    translator: Any  # ctranslate2.Translator
    encode: Callable[[str], list[str]]
    decode: Callable[[list[str]], str]
    target_prefix: str
    options: DecodingOptions

    @classmethod
    def load(cls, model: InstalledModel, options: DecodingOptions) -> CTranslate2Decoder:
        """Load ``model``; raises ``ModelError`` saying why when it cannot be."""
        import ctranslate2

        settings = argos_settings()
        try:
            translator = ctranslate2.Translator(
                str(model.path / "model"),
                device=device_setting(),
                compute_type=settings.compute_type,
                inter_threads=options.workers,
                intra_threads=1,
            )
        except (RuntimeError, ValueError, OSError) as error:
            raise ModelError(
                f"{model.code} {model.version} could not be loaded from {model.path}: {error}"
            ) from error
        tokenizer = model.package.tokenizer
        encode = tokenizer.encode
        decode = tokenizer.decode
        if (model.path / "sentencepiece.model").is_file():
            processor = tokenizer.lazy_processor()
            try:
                processor.encode("probe", out_type=str)
            except Exception as error:
                raise ModelError(
                    f"{model.code}: unreadable sentencepiece.model ({error})"
                ) from error

            def decode(tokens: list[str], processor: Any = processor) -> str:
                # argostranslate also replaces "_" with " ", which corrupts handles and
                # identifiers (@user_name); only the SentencePiece space marker means space.
                return str(processor.decode_pieces(tokens)).replace("▁", " ")

        # Never fails: a splitter that cannot load gives way to another, and says so.
        splitter = load_splitter(model.path, model.from_code, settings.data_dir)
        target_prefix = model.package.target_prefix or ""
        _freeze_what_lives_on()
        return cls(model, splitter, translator, encode, decode, target_prefix, options)

    def translate(self, sentences: Sequence[str], batches: int) -> list[list[str]]:
        tokenized = [self.encode(sentence) for sentence in sentences]
        if not tokenized:
            return []
        prefix = [[self.target_prefix]] * len(tokenized) if self.target_prefix else None
        results = self.translator.translate_batch(
            tokenized,
            target_prefix=prefix,
            replace_unknowns=True,
            max_batch_size=math.ceil(len(tokenized) / max(batches, 1)),
            beam_size=BEAM_SIZE,
            num_hypotheses=1,
            length_penalty=LENGTH_PENALTY,
            max_decoding_length=self.options.max_decoding_length(max(map(len, tokenized))),
        )
        hypotheses = [list(result.hypotheses[0]) for result in results]
        if self.target_prefix:
            # Each sentence's output starts with the prefix token it was forced to begin with;
            # argostranslate strips it from the joined paragraph only, so every sentence after
            # the first kept it ("…veröffentlicht.__en__ Das ist…").
            for tokens in hypotheses:
                if tokens and tokens[0] == self.target_prefix:
                    del tokens[0]
        return hypotheses

    def detokenize(self, pieces: list[str]) -> str:
        value = self.decode(pieces)
        return value[1:] if value.startswith(" ") else value
