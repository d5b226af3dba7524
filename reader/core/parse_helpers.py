"""A big library's files read and parsed by helper processes, one per core.

On a first start every file is parsed (~0.2 ms for 3 KB, 2 s for 10,000 files). In the library
thread that is one core, shared through the GIL with the interface thread; helper processes use
every core and leave the app's GIL alone. The library thread receives the parsed articles in file
order, a chunk at a time, while the helpers go on with the next chunks.

Each helper is ``python -m reader.core.parse_helpers``, given its share of the chunks (every
n-th) on stdin, and answering one pickled list per chunk on stdout. (multiprocessing's "spawn"
would run the app's main module again in every helper; "fork" would copy the app's threads'
locks.)
"""

from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Generator
from functools import partial
from pathlib import Path
from typing import IO, BinaryIO

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

# Files per chunk: large enough that pickling and the pipe cost little per file, small enough
# that the first articles arrive soon.
CHUNK_FILES = 128
_LENGTH_BYTES = 8
# Chunks a helper may parse ahead of the app reading them (memory: ~0.5 MB each).
_AHEAD = 8

Parsed = tuple[FileStamp | None, Article | LoadError]
# What crosses the pipe for one file: an article as plain data (summary and body record: a
# third of the cost of pickling the objects, each way), or why the file could not be read.
_Answer = tuple[FileStamp | None, tuple[tuple[object, ...], dict[str, object]] | LoadError]


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
    """``read_and_parse`` of every file, in order, computed by ``helpers`` processes. Where no
    process can be started, or one fails, the rest is parsed here; closing the generator early
    stops the helpers."""
    chunks = [files[start : start + CHUNK_FILES] for start in range(0, len(files), CHUNK_FILES)]
    done = 0  # chunks received
    processes: list[subprocess.Popen[bytes]] = []
    try:
        try:
            for number in range(min(helpers, len(chunks))):
                process = subprocess.Popen(
                    [sys.executable, "-m", "reader.core.parse_helpers"],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )
                processes.append(process)
                assert process.stdin is not None
                process.stdin.write(pickle.dumps(chunks[number::helpers]))
                process.stdin.close()
            while done < len(chunks):
                stdout = processes[done % len(processes)].stdout
                assert stdout is not None
                results = _receive(stdout, chunks[done])
                done += 1
                yield from results
        except (OSError, EOFError, ValueError, pickle.UnpicklingError):
            pass  # no helper to be had, or one died: the rest is parsed below
        for chunk in chunks[done:]:
            yield from read_and_parse(chunk)
    finally:
        for process in processes:
            process.kill()
            process.wait()


def _receive(stream: IO[bytes], files: list[Path]) -> list[Parsed]:
    header = stream.read(_LENGTH_BYTES)
    if len(header) < _LENGTH_BYTES:
        raise EOFError("the helper stopped")
    answers: list[_Answer] = pickle.loads(stream.read(int.from_bytes(header, "big")))
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


def _answer(parsed: Parsed) -> _Answer:
    stamp, article = parsed
    if isinstance(article, LoadError):
        return stamp, article
    return stamp, (article_summary(article), body_record(article.body))


def _serve() -> None:
    # Below the interface's priority: a key pressed while the helpers fill every core is
    # handled first.
    if hasattr(os, "nice"):
        os.nice(5)
    # Answers are written by a thread of their own: the app reads the helpers in turn, and a
    # helper waiting for its answer to be read would otherwise stop parsing meanwhile (a
    # quarter of the time, with two).
    # A daemon: should parsing fail, the helper ends, and the app reads what it has not had
    # as the end and parses the rest itself.
    outbox: queue.Queue[bytes | None] = queue.Queue(maxsize=_AHEAD)
    writer = threading.Thread(target=_send, args=(outbox, sys.stdout.buffer), daemon=True)
    writer.start()
    for chunk in pickle.loads(sys.stdin.buffer.read()):
        answers = [_answer(parsed) for parsed in read_and_parse(chunk)]
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
