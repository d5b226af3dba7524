"""A big library's bulk work done by helper processes, one per core: parsing the files on a first
start, then detecting their languages.

Parsing takes ~0.2 ms for a 3 KB article and detecting its language ~3 ms: for 10,000 files, 2 s
and 30 s on one core. In the library thread that core is shared, through the GIL, with the
interface thread; helper processes use every core and leave the app's GIL alone. The library
thread receives the answers in order, a chunk at a time, while the helpers go on with the next
chunks; whatever a helper does not answer (none could be started, one died) it does itself.

Each helper is ``python -m reader.core.helper_processes``, given a task name and its share of the
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
from collections.abc import Callable, Generator
from functools import partial
from pathlib import Path
from typing import IO, Any, BinaryIO

from reader.core import language
from reader.core.articles import (
    Article,
    LoadError,
    article_from_summary,
    article_summary,
    body_from_record,
    body_record,
    parse_or_error,
    read_article_file,
)
from reader.core.file_stamps import FileStamp, stamp_of

# Items per chunk: large enough that pickling and the pipe cost little per item, small enough
# that the first answers arrive soon (a chunk of files is parsed in ~25 ms, a chunk of texts
# detected in ~0.4 s).
CHUNK_FILES = 128
CHUNK_TEXTS = 128
_LENGTH_BYTES = 8
# Chunks a helper may finish ahead of the app reading them.
_AHEAD = 8

Parsed = tuple[FileStamp | None, Article | LoadError]
# What crosses the pipe for a parsed file: the article as plain data (summary and body record: a
# third of the cost of pickling the objects, each way), or why the file could not be read.
_ParseAnswer = tuple[FileStamp | None, tuple[tuple[object, ...], dict[str, object]] | LoadError]


def read_and_parse(files: list[Path]) -> list[Parsed]:
    """Each file's stamp and article, or ``(None, why it could not be read)``."""
    results: list[Parsed] = []
    for path in files:
        read = read_article_file(path)
        if isinstance(read, LoadError):
            results.append((None, read))
            continue
        data, info = read
        results.append((stamp_of(data, info), parse_or_error(path, data)))
    return results


def parsed_in_helpers(files: list[Path], helpers: int) -> Generator[Parsed, None, None]:
    """``read_and_parse`` of every file, in order, by ``helpers`` processes where they can.
    Closing the generator early stops them."""
    chunks = _chunked(files, CHUNK_FILES)
    done = 0
    for answers in _from_helpers("parse", chunks, helpers):
        yield from _parsed(chunks[done], answers)
        done += 1
    for chunk in chunks[done:]:
        yield from read_and_parse(chunk)


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
            # The body's objects are made when something reads it (detection, opening).
            body = partial(body_from_record, record)
            results.append((stamp, article_from_summary(path, summary, body)))
    return results


def _from_helpers(
    task: str, chunks: list[list[Any]], helpers: int
) -> Generator[list[Any], None, None]:
    """Each chunk's answers from the helpers, in order; ends early when they fail (the caller
    does the rest), and stops them when closed."""
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for number in range(min(helpers, len(chunks))):
            process = subprocess.Popen(
                [sys.executable, "-m", "reader.core.helper_processes"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
            processes.append(process)
            assert process.stdin is not None
            process.stdin.write(pickle.dumps((task, chunks[number::helpers])))
            process.stdin.close()
        for done in range(len(chunks)):
            stdout = processes[done % len(processes)].stdout
            assert stdout is not None
            yield _receive(stdout)
    except (OSError, EOFError, ValueError, pickle.UnpicklingError):
        return  # no helper to be had, or one died
    finally:
        for process in processes:
            process.kill()
            process.wait()


def _receive(stream: IO[bytes]) -> list[Any]:
    header = stream.read(_LENGTH_BYTES)
    if len(header) < _LENGTH_BYTES:
        raise EOFError("the helper stopped")
    answers: list[Any] = pickle.loads(stream.read(int.from_bytes(header, "big")))
    return answers


def _parse_answers(files: list[Path]) -> list[_ParseAnswer]:
    answers: list[_ParseAnswer] = []
    for stamp, article in read_and_parse(files):
        if isinstance(article, LoadError):
            answers.append((stamp, article))
        else:
            answers.append((stamp, (article_summary(article), body_record(article.body))))
    return answers


_TASKS: dict[str, Callable[[Any], list[Any]]] = {
    "parse": _parse_answers,
    "detect": lambda texts: [language.detect(text) for text in texts],
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
    for chunk in chunks:
        payload = pickle.dumps(_TASKS[task](chunk), protocol=pickle.HIGHEST_PROTOCOL)
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
