"""Decoders for tests (``reader.core.translation.decoder``): the real one watched or held, or
none at all. The engine takes any of them as ``load_decoder``, so that tests of
scheduling and of the interface never reach into the engine."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reader.core.translation.decoder import (
    CTranslate2Decoder,
    Decoder,
    DecodingOptions,
    LoadDecoder,
)
from reader.core.translation.models import InstalledModel


@dataclass
class WatchedDecoder:
    """A decoder whose every batch is first shown to ``before_batch(sentences, batches)``, which
    may record it or hold it back; then the real decoder decodes it."""

    decoder: Decoder
    before_batch: Callable[[Sequence[str], int], None]

    @property
    def model(self) -> InstalledModel:
        return self.decoder.model

    @property
    def splitter(self):  # type: ignore[no-untyped-def]
        return self.decoder.splitter

    def translate(self, sentences: Sequence[str], batches: int) -> list[list[str]]:
        self.before_batch(sentences, batches)
        return self.decoder.translate(sentences, batches)

    def detokenize(self, pieces: list[str]) -> str:
        return self.decoder.detokenize(pieces)


def watched(
    before_batch: Callable[[Sequence[str], int], None],
    load: LoadDecoder = CTranslate2Decoder.load,
) -> LoadDecoder:
    """Load real decoders, each watched by ``before_batch``."""

    def load_watched(model: InstalledModel, options: DecodingOptions) -> Decoder:
        return WatchedDecoder(load(model, options), before_batch)

    return load_watched


def never_loaded(model: InstalledModel, options: DecodingOptions) -> Decoder:
    """For tests that must not need a model: loading one fails the test."""
    raise AssertionError(f"{model.code} was loaded")
