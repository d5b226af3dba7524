"""Stage 4, library: a big library's bulk work done by helper processes, one per core: parsing the
files on a first start (outlines first, for the list, when asked), then detecting their languages.

Detecting languages, and to a lesser degree parsing, is most of a first start's work
(BENCHMARKS.md, "A big library"). In the library thread that work shares a core, through the GIL,
with the interface thread; helper processes use every core and leave the app's GIL alone. The
library thread receives the answers in order, a chunk at a time, while the helpers go on with the
next chunks; whatever a helper does not answer (none could be started, one died) it does itself.

Each helper is ``python -m reader.core.library.helpers``, given a task name and its share of the
chunks (every n-th) on stdin, and answering one pickled list per chunk on stdout.
(multiprocessing's "spawn" would run the app's main module again in every helper; "fork" would
copy the app's threads' locks.)
"""

from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Generator, Iterator
from functools import partial
from pathlib import Path
from typing import IO, Any, BinaryIO

from reader.core.articles.model import Article, LoadError
from reader.core.articles.parsing import body_from_file, parse_or_error
from reader.core.files.reading import read_article_file
from reader.core.files.stamps import FileStamp, stamp_of
from reader.core.language import detection as language
from reader.core.library.records import (
    article_from_summary,
    article_summary,
    body_from_record,
    body_record,
)

# Items per chunk: large enough that pickling and the pipe cost little per item, small enough
# that the first answers arrive soon.
CHUNK_FILES = 128
CHUNK_TEXTS = 128
_LENGTH_BYTES = 8
# Chunks a helper may finish ahead of the app reading them.
_AHEAD = 8

Parsed = tuple[FileStamp | None, Article | LoadError]
Helpers = list[subprocess.Popen[bytes]]
# What crosses the pipe for a parsed file: the article as plain data (summary and body record: a
# third of the cost of pickling the objects, each way; no record for an outline), or why the file
# could not be read.
_ParseAnswer = tuple[
    FileStamp | None, tuple[tuple[object, ...], dict[str, object] | None] | LoadError
]


def read_and_parse(files: list[Path], outline: bool = False) -> list[Parsed]:
    """Each file's stamp and article, or ``(None, why it could not be read)``; or, with
    ``outline``, each file's outline (``outline_article``) without a stamp: the file is read
    again, and stamped, when it is parsed whole."""
    results: list[Parsed] = []
    for path in files:
        read = read_article_file(path)
        if isinstance(read, LoadError):
            results.append((None, read))
            continue
        data, info = read
        stamp = None if outline else stamp_of(data, info)
        results.append((stamp, parse_or_error(path, data, outline)))
    return results


def start_helpers(count: int) -> Helpers:
    """``count`` helper processes, started ahead of their task, which they wait for: a helper
    takes a while to start, and a big library's scan starts them while it lists the files. Fewer,
    or none, when they cannot be started. ``stop_helpers`` ends them."""
    processes: Helpers = []
    for _ in range(count):
        try:
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "reader.core.library.helpers"],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )
            )
        except OSError:
            break
    return processes


def stop_helpers(processes: Helpers) -> None:
    for process in processes:
        process.kill()
        process.wait()


def parsed_in_helpers(files: list[Path], helpers: int | Helpers) -> Generator[Parsed, None, None]:
    """``read_and_parse`` of every file, in order, by ``helpers`` processes (how many to start,
    or those started) where they can. Closing the generator early stops them."""
    chunks = _chunked(files, CHUNK_FILES)
    done = 0
    for answers in _from_helpers("parse", chunks, helpers):
        yield from _parsed(chunks[done], answers)
        done += 1
    for chunk in chunks[done:]:
        yield from read_and_parse(chunk)


class OutlinedInHelpers:
    """``read_and_parse`` of files in two passes by ``helpers`` processes, for a list that fills
    twice as soon: every file's outline first (``outlines``), then each outline's file parsed
    whole (``articles``). What the helpers do not answer is done here; ``close`` stops
    them."""

    def __init__(self, files: list[Path], helpers: int | Helpers) -> None:
        self._chunks = _chunked(files, CHUNK_FILES)
        self._answers = _from_helpers("outline", self._chunks, helpers, passes=2)
        self._outlined: list[list[Path]] = []  # per chunk, the files outlined

    def outlines(self) -> Generator[Parsed, None, None]:
        """Every file's outline (without a stamp), in order; or, where the helpers failed and
        the file was read here, its stamp and article parsed whole."""
        for chunk in self._chunks:
            answers = next(self._answers, None)
            parsed = read_and_parse(chunk) if answers is None else _parsed(chunk, answers)
            self._outlined.append(
                [a.path for _, a in parsed if isinstance(a, Article) and a.is_outline]
            )
            yield from parsed

    def articles(self) -> Iterator[Parsed]:
        """After ``outlines``: each outline's file read again and parsed whole, in order."""
        for files in self._outlined:
            # Every chunk has its answer in the second pass, an empty one included.
            answers = next(self._answers, None)
            yield from read_and_parse(files) if answers is None else _parsed(files, answers)

    def close(self) -> None:
        self._answers.close()


def detected_in_helpers(
    texts: list[str], helpers: int
) -> Generator[language.Detection, None, None]:
    """``language.detect`` of every text, in order, by ``helpers`` processes where they can.
    Closing the generator early stops them."""
    chunks = _chunked(texts, CHUNK_TEXTS)
    done = 0
    for answers in _from_helpers("detect", chunks, helpers):
        yield from answers
        done += 1
    for chunk in chunks[done:]:
        yield from map(language.detect, chunk)


def _chunked(items: list[Any], size: int) -> list[list[Any]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def _parsed(files: list[Path], answers: list[_ParseAnswer]) -> list[Parsed]:
    results: list[Parsed] = []
    for path, (stamp, answer) in zip(files, answers, strict=True):
        if isinstance(answer, LoadError):
            results.append((stamp, answer))
        else:
            summary, record = answer
            # The body's objects are made when something reads it (detection, opening); an
            # outline's body is the file's, parsed then.
            body = (
                partial(body_from_file, path)
                if record is None
                else partial(body_from_record, record)
            )
            results.append((stamp, article_from_summary(path, summary, body)))
    return results


def _from_helpers(
    task: str, chunks: list[list[Any]], helpers: int | Helpers, passes: int = 1
) -> Generator[list[Any], None, None]:
    """Each chunk's answers from the helpers, in order (every chunk once per pass of the task);
    ends early when they fail (the caller does the rest), and stops them when closed."""
    processes = start_helpers(min(helpers, len(chunks))) if isinstance(helpers, int) else helpers
    try:
        if not processes:
            return
        for number, process in enumerate(processes):
            assert process.stdin is not None
            process.stdin.write(pickle.dumps((task, chunks[number :: len(processes)])))
            process.stdin.close()
        for done in range(passes * len(chunks)):
            stdout = processes[done % len(chunks) % len(processes)].stdout
            assert stdout is not None
            yield _receive(stdout)
    except (OSError, EOFError, ValueError, pickle.UnpicklingError):
        return  # no helper to be had, or one died
    finally:
        stop_helpers(processes)


def _receive(stream: IO[bytes]) -> list[Any]:
    header = stream.read(_LENGTH_BYTES)
    if len(header) < _LENGTH_BYTES:
        raise EOFError("the helper stopped")
    answers: list[Any] = pickle.loads(stream.read(int.from_bytes(header, "big")))
    return answers


def _parse_answers(parsed: list[Parsed]) -> list[_ParseAnswer]:
    answers: list[_ParseAnswer] = []
    for stamp, article in parsed:
        if isinstance(article, LoadError):
            answers.append((stamp, article))
        elif article.is_outline:
            answers.append((stamp, (article_summary(article), None)))
        else:
            answers.append((stamp, (article_summary(article), body_record(article.body))))
    return answers


def _outline_then_parse(chunks: list[list[Path]]) -> Iterator[list[_ParseAnswer]]:
    """Every chunk's outlines, then every chunk's outlined files parsed whole (re-read: a file
    changed in between is parsed as it is now, and stamped so)."""
    outlined: list[list[Path]] = []
    for chunk in chunks:
        parsed = read_and_parse(chunk, outline=True)
        outlined.append([a.path for _, a in parsed if isinstance(a, Article)])
        yield _parse_answers(parsed)
    for files in outlined:
        yield _parse_answers(read_and_parse(files))


# Each task: a helper's chunks -> each chunk's answers, in order.
_TASKS: dict[str, Callable[[list[Any]], Iterator[list[Any]]]] = {
    "parse": lambda chunks: (_parse_answers(read_and_parse(chunk)) for chunk in chunks),
    "outline": _outline_then_parse,
    "detect": lambda chunks: ([language.detect(text) for text in chunk] for chunk in chunks),
}


def _serve() -> None:
    # Below the interface's priority: a key pressed while the helpers fill every core is
    # handled first.
    if hasattr(os, "nice"):
        os.nice(5)
    # Answers are written by a thread of their own: the app reads the helpers in turn, and a
    # helper waiting for its answer to be read would otherwise stop working meanwhile. A daemon:
    # should the task fail, the helper ends, and the app does the rest itself.
    outbox: queue.Queue[bytes | None] = queue.Queue(maxsize=_AHEAD)
    writer = threading.Thread(target=_send, args=(outbox, sys.stdout.buffer), daemon=True)
    writer.start()
    task, chunks = pickle.loads(sys.stdin.buffer.read())
    for answers in _TASKS[task](chunks):
        payload = pickle.dumps(answers, protocol=pickle.HIGHEST_PROTOCOL)
        outbox.put(len(payload).to_bytes(_LENGTH_BYTES, "big") + payload)
    outbox.put(None)
    writer.join()


def _send(outbox: queue.Queue[bytes | None], out: BinaryIO) -> None:
    while (frame := outbox.get()) is not None:
        try:
            out.write(frame)
            out.flush()
        except OSError:  # the app is gone, or no longer listening: so is the helper
            os._exit(0)


if __name__ == "__main__":
    _serve()
