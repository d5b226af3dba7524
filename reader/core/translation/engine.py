"""Stage 5, translation: the translation engine: installed Argos packages, driven through
CTranslate2 directly.

argostranslate's ``translate()`` decodes one paragraph at a time with a 32-token batch (in effect
one sentence per batch), re-joins the result and discards which output sentence came from which
input sentence. This engine gives the same text for the same sentence split, but:

* batches sentences across paragraphs, keeps one batch in flight per core, and still delivers
  paragraphs in reading order, each as soon as it is done (the first paragraph goes alone, so it
  shows up quickly);
* keeps the (source sentence, translated sentence) pairs;
* never touches the network (see ``sentences``);
* deliberately fixes three argostranslate traps, each pinned by a test: the SentencePiece decode
  no longer turns ``_`` into a space (``@user_name`` survives), the output is not capped at 256
  tokens per sentence, and a package reinstalled in place is reloaded (its fingerprint changed)
  instead of being served from a module-level cache.
"""

from __future__ import annotations

import math
import os
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from reader.core.language.detection import UNKNOWN
from reader.core.translation.cache import TranslationCache, cache_key
from reader.core.translation.codes import index_code, package_codes
from reader.core.translation.decoder import (
    CTranslate2Decoder,
    Decoder,
    DecodingOptions,
    LoadDecoder,
    default_max_decoding_length,
    splitter_note,
)
from reader.core.translation.models import (
    BrokenModel,
    InstalledModel,
    ModelError,
    discover_models,
    in_use,
    package_dirs,
)
from reader.core.translation.sentences import split_sentences

# After the first paragraph, paragraphs are decoded in batches of at most this many sentences, one
# batch per single-threaded CTranslate2 worker (one per core), a new batch starting as soon as a
# worker is free. Measured on 2 cores with a Transformer-base model (see BENCHMARKS.md): small
# batches on parallel workers beat one large multi-threaded batch, which beats argostranslate's one
# sentence at a time; few enough sentences that paragraphs keep arriving, and that a cancelled
# translation frees its workers within one batch.
BATCH_SENTENCES = 6
PIVOT_LANGUAGES = ("en",)
# How often a translation waiting for its batches looks whether it was cancelled: quitting or
# moving to another article must not wait for a batch to finish decoding (seconds).
CANCEL_CHECK_SECONDS = 0.05


def missing_model_message(source: str, target: str) -> str:
    """Which pair is missing, and the package of the Argos index that would translate it."""
    package = f"translate-{index_code(source)}_{index_code(target)}"
    return (
        f"No {source}→{target} model is installed. Install one with M in reader or "
        f"`reader models install FILE.argosmodel` (on a connected machine: "
        f"`argospm install {package}`)."
    )


@dataclass(frozen=True)
class SourceParagraph:
    text: str
    language: str = UNKNOWN


@dataclass(frozen=True)
class ParagraphTranslation:
    index: int
    source: str
    text: str | None  # None when it could not be translated (see status and message)
    source_language: str
    status: str  # "translated", "cached", "unchanged", "missing-model", "failed"
    model: str | None = None  # e.g. "translate-id_en 1.0", or a pivot "a 1.0 → b 1.0"
    sentences: tuple[tuple[str, str], ...] = ()
    message: str | None = None
    # Set when the model's own sentence splitter could not be used: which one was, and why.
    splitter_note: str | None = None

    @property
    def ok(self) -> bool:
        return self.text is not None


@dataclass
class _Job:
    index: int
    source: SourceParagraph
    language: str
    route: tuple[InstalledModel, ...] = ()
    key: str = ""
    result: ParagraphTranslation | None = None

    @cached_property
    def sentences(self) -> int:
        """How many sentences, for sizing batches (the model's own splitter may differ)."""
        return len(split_sentences(self.source.text))

    def settle(self, status: str, message: str, text: str | None = None) -> None:
        """Finish this paragraph without the model: kept as it is, or why it is not translated."""
        self.result = ParagraphTranslation(
            self.index, self.source.text, text, self.language, status, message=message
        )


class TranslationEngine:
    """Translates articles with the installed packages. Safe to call from worker threads."""

    def __init__(
        self,
        cache: TranslationCache | None = None,
        package_dirs: list[Path] | None = None,
        max_decoding_length: Callable[[int], int] = default_max_decoding_length,
        workers: int | None = None,
        load_decoder: LoadDecoder = CTranslate2Decoder.load,
    ) -> None:
        self.cache = cache
        self.package_dirs = package_dirs
        self.workers = workers or min(os.cpu_count() or 1, 4)
        self._load_decoder = load_decoder
        self._options = DecodingOptions(self.workers, max_decoding_length)
        self._models: list[InstalledModel] | None = None
        self._broken: list[BrokenModel] = []
        self._loaded: dict[Path, Decoder] = {}
        self._lock = threading.RLock()
        # One batch decoding per worker, across every translation this engine runs: a reader who
        # moves on from an article waits at most for the batches the workers are finishing.
        self._free_workers = threading.BoundedSemaphore(self.workers)
        self._decoding: set[threading.Thread] = set()

    # --- models -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Look at the packages directory again (after an install or removal)."""
        with self._lock:
            models, broken = discover_models(self.package_dirs)
            self._models, self._broken = models, broken
            current = {m.path: m.fingerprint for m in models}
            for path in list(self._loaded):
                if current.get(path) != self._loaded[path].model.fingerprint:
                    del self._loaded[path]  # removed or replaced: never serve stale weights
            if self.cache is not None:
                for model in models:
                    self.cache.forget_other_versions(model.code, model.fingerprint)

    @property
    def install_dir(self) -> Path:
        """Where a newly installed package goes: the first packages directory."""
        return (self.package_dirs or package_dirs())[0]

    @property
    def models(self) -> list[InstalledModel]:
        # Once discovered, read without the lock: a worker holds it for seconds while it loads
        # a model, and the interface thread asks for routes (``cached_translation``).
        models = self._models
        if models is None:
            with self._lock:
                if self._models is None:
                    self.refresh()
                models = self._models
            assert models is not None
        return list(models)

    @property
    def models_discovered(self) -> bool:
        """Whether the packages directory has been looked at (``models`` is then instant)."""
        return self._models is not None

    @property
    def batches_decoding(self) -> int:
        """Batches still decoding, including those of cancelled translations (a program that
        quits now waits for them)."""
        return len(self._decoding)

    @property
    def broken(self) -> list[BrokenModel]:
        self.models  # noqa: B018 - discovery fills both lists
        return list(self._broken)

    def route(self, source: str, target: str) -> tuple[InstalledModel, ...] | None:
        """Direct package, else a pivot through English (or any language) in two steps.

        ``source`` and ``target`` may be detected codes (``zh-cn``, ``pt``): each is tried as
        every package code that stands for it (``zh``; ``pt``, then ``pb``). Of a pair installed
        more than once, the highest version is used."""
        models = in_use(self.models)
        sources, targets = package_codes(source), package_codes(target)
        for code in sources:
            for wanted in targets:
                direct = [m for m in models if (m.from_code, m.to_code) == (code, wanted)]
                if direct:
                    return (direct[0],)
        for code in sources:
            firsts = [m for m in models if m.from_code == code]
            firsts.sort(key=lambda m: (m.to_code not in PIVOT_LANGUAGES, m.to_code))
            for first in firsts:
                for wanted in targets:
                    for second in models:
                        if second.from_code == first.to_code and second.to_code == wanted:
                            return (first, second)
        return None

    def _load(self, model: InstalledModel) -> Decoder:
        with self._lock:
            loaded = self._loaded.get(model.path)
            if loaded is not None and loaded.model.fingerprint == model.fingerprint:
                return loaded
            loaded = self._load_decoder(model, self._options)
            self._loaded[model.path] = loaded
            return loaded

    # --- translating --------------------------------------------------------------------------

    def _batches(self, spread: bool) -> int:
        """One batch on one worker, or with ``spread`` a batch per worker (the first paragraph:
        it is waited for)."""
        return self.workers if spread else 1

    def _translate_chunk(self, jobs: list[_Job], target: str, spread: bool) -> None:
        """Translate consecutive paragraphs of one route; settle their jobs and cache them."""
        route = jobs[0].route
        loaded = self._load(route[0])
        per_job = [loaded.splitter.split(job.source.text) or [job.source.text] for job in jobs]
        note = splitter_note(loaded)
        flat = [sentence for sentences in per_job for sentence in sentences]
        hop_tokens = loaded.translate(flat, self._batches(spread))
        for model in route[1:]:
            # Pivot: each intermediate sentence is translated on its own, keeping the pairs.
            intermediate = [loaded.detokenize(tokens) for tokens in hop_tokens]
            loaded = self._load(model)
            note = note or splitter_note(loaded)
            hop_tokens = loaded.translate(intermediate, self._batches(spread))
        label = " → ".join(m.label for m in route)
        fingerprint = route_fingerprint(route)
        position = 0
        to_cache = []
        for job, sentences in zip(jobs, per_job, strict=True):
            tokens = hop_tokens[position : position + len(sentences)]
            position += len(sentences)
            text = loaded.detokenize([piece for sentence in tokens for piece in sentence])
            pairs = tuple(
                (source.strip(), loaded.detokenize(t))
                for source, t in zip(sentences, tokens, strict=True)
            )
            job.result = ParagraphTranslation(
                job.index,
                job.source.text,
                text,
                job.language,
                "translated",
                label,
                pairs,
                splitter_note=note,
            )
            to_cache.append(
                (job.key, route_code(route), fingerprint, job.language, target, text, pairs)
            )
        if self.cache is not None:
            self.cache.put_many(to_cache)

    def cached_translation(
        self, paragraphs: Sequence[SourceParagraph], article_language: str, target: str = "en"
    ) -> list[ParagraphTranslation] | None:
        """Every paragraph's translation when none needs a model (each is in the cache, already
        in ``target`` or has no model), else ``None``. A few ms, no model loaded: what re-opening
        a translated article shows at once, in the same frame as the article."""
        results = self.cached(paragraphs, article_language, target)
        return None if any(r is None for r in results) else [r for r in results if r is not None]

    def cached(
        self, paragraphs: Sequence[SourceParagraph], article_language: str, target: str = "en"
    ) -> list[ParagraphTranslation | None]:
        """Each paragraph's translation when it needs no model, ``None`` where it does."""
        return [job.result for job in self._jobs(paragraphs, article_language, target)]

    def _jobs(
        self, paragraphs: Sequence[SourceParagraph], article_language: str, target: str
    ) -> list[_Job]:
        """A job per paragraph, settled already when it needs no model or is in the cache."""
        jobs: list[_Job] = []
        for index, paragraph in enumerate(paragraphs):
            language = paragraph.language if paragraph.language != UNKNOWN else article_language
            job = _Job(index, paragraph, language)
            jobs.append(job)
            if language == target:
                job.settle("unchanged", f"already in {target}", text=paragraph.text)
            elif language == UNKNOWN:
                job.settle("missing-model", "The language of this text could not be detected.")
            else:
                route = self.route(language, target)
                if route is None:
                    job.settle("missing-model", missing_model_message(language, target))
                else:
                    job.route = route
                    job.key = cache_key(
                        route_code(route),
                        route_fingerprint(route),
                        language,
                        target,
                        paragraph.text,
                    )
        if self.cache is not None:
            cached = self.cache.get_many(job.key for job in jobs if job.result is None)
            for job in jobs:
                hit = cached.get(job.key) if job.result is None else None
                if hit is not None:
                    job.result = ParagraphTranslation(
                        job.index,
                        job.source.text,
                        hit.translation,
                        job.language,
                        "cached",
                        " → ".join(m.label for m in job.route),
                        hit.sentences,
                    )
        return jobs

    def translate(
        self,
        paragraphs: Sequence[SourceParagraph],
        article_language: str,
        target: str = "en",
        is_cancelled: Callable[[], bool] = lambda: False,
        workers: int | None = None,
    ) -> Iterator[ParagraphTranslation]:
        """Yield every paragraph's translation in reading order, each as soon as it is ready.

        Paragraphs already in ``target`` come back unchanged; a paragraph in a third language is
        translated with its own model; a missing model or a model that fails to load gives that
        paragraph a message instead of a translation. Stops early, within CANCEL_CHECK_SECONDS,
        when ``is_cancelled()``; batches already decoding then finish in the background and are
        cached, but nothing more starts.

        ``workers`` caps how many of this translation's batches decode at once (all the engine's
        workers by default): translating ahead of the reader takes one, so that a core stays
        free for the interface and for the article the reader opens.
        """
        limit = min(workers or self.workers, self.workers)
        jobs = self._jobs(paragraphs, article_language, target)
        pending = deque(job for job in jobs if job.result is None)
        finished: queue.SimpleQueue[tuple[list[_Job], BaseException | None]] = queue.SimpleQueue()
        running = delivered = 0
        first = True
        while True:
            while delivered < len(jobs) and jobs[delivered].result is not None:
                result = jobs[delivered].result
                assert result is not None
                yield result
                delivered += 1
                if is_cancelled():  # also between paragraphs that are ready at once
                    return
            if is_cancelled():
                return
            while pending and running < limit and self._free_workers.acquire(blocking=False):
                chunk = self._next_chunk(pending, first)
                self._start_chunk(chunk, target, first, finished)
                running += 1
                first = False
            if not running and not pending:
                return
            try:
                chunk, error = finished.get(timeout=CANCEL_CHECK_SECONDS)
            except queue.Empty:
                continue  # look again for cancellation and for a free worker
            running -= 1
            if isinstance(error, ModelError):
                # The same model would fail again for every later paragraph: fail those too.
                failing = chunk + [job for job in pending if job.route == chunk[0].route]
                for job in failing:
                    job.settle("failed", str(error))
                pending = deque(job for job in pending if job.result is None)
            elif error is not None:
                raise error

    def _next_chunk(self, pending: deque[_Job], first: bool) -> list[_Job]:
        """The next paragraphs to decode as one batch: the first paragraph alone, so it shows up
        soon; then consecutive paragraphs of one route, up to BATCH_SENTENCES sentences or an
        equal share of what is left per worker, whichever is smaller, so that the last batches
        end together instead of leaving a core idle."""
        # What is left only matters near the end: count ahead no further than a full round, so
        # a 5,000-paragraph article is not split into sentences before its first batch starts.
        left, full_round = 0, self.workers * BATCH_SENTENCES
        for job in pending:
            left += job.sentences
            if left >= full_round:
                break
        share = min(BATCH_SENTENCES, math.ceil(left / self.workers))
        chunk = [pending.popleft()]
        size = chunk[0].sentences
        while (
            not first
            and pending
            and pending[0].route == chunk[0].route
            and size + pending[0].sentences <= share
        ):
            size += pending[0].sentences
            chunk.append(pending.popleft())
        return chunk

    def _start_chunk(
        self,
        chunk: list[_Job],
        target: str,
        spread: bool,
        finished: queue.SimpleQueue[tuple[list[_Job], BaseException | None]],
    ) -> None:
        """Translate ``chunk`` in a thread of its own (CTranslate2 releases the GIL while it
        decodes) and put it on ``finished`` with its error, if any. Not a daemon thread: a
        program quitting while a batch decodes waits for that batch (one per worker at most),
        because tearing down the interpreter under CTranslate2's running decoder crashes it."""

        def run() -> None:
            error: BaseException | None = None
            try:
                self._translate_chunk(chunk, target, spread)
            except BaseException as raised:  # handed to the generator, which decides
                error = raised
            self._decoding.discard(thread)
            self._free_workers.release()
            finished.put((chunk, error))

        thread = threading.Thread(target=run, name="reader-translation-batch")
        self._decoding.add(thread)
        thread.start()


def route_code(route: Sequence[InstalledModel]) -> str:
    return "+".join(m.code for m in route)


def route_fingerprint(route: Sequence[InstalledModel]) -> str:
    return "+".join(m.fingerprint for m in route)
