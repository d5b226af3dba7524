"""Stage 1, files: size, modification time and content hash of many files, read by a helper
process.

A second start checks every file against the library cache, which means reading and hashing all
of them. In the library thread each file gives up the GIL four times (open, fstat, read, hash),
and each time the interface thread is drawing, getting it back waits for it (BENCHMARKS.md, "A
big library", has the figures). So a big library's files are read by a
small helper process (the standard library only, on the other core) that streams one line per
file; the library thread only reads the lines.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path

# Below this many files a helper process costs more than it saves.
HELPER_MIN_FILES = 500
DIGEST_SIZE = 16

# One line per file, in order: "SIZE MTIME_NS HASH", or "-" for a file it could not read (the
# library thread reads that one itself, and says why). Hashing as ``content_hash`` does: the
# tests check that both give the same stamps.
_HELPER = f"""
import hashlib, os, sys
limit = int(sys.argv[1])
out = sys.stdout.buffer
for number, name in enumerate(sys.stdin.buffer.read().split(b"\\0")[:-1], 1):
    try:
        with open(name, "rb") as handle:
            info = os.fstat(handle.fileno())
            if info.st_size > limit:
                raise OSError("too large")
            digest = hashlib.blake2b(handle.read(), digest_size={DIGEST_SIZE}).hexdigest()
        out.write(b"%d %d %s\\n" % (info.st_size, info.st_mtime_ns, digest.encode()))
    except OSError:
        out.write(b"-\\n")
    if number % 256 == 0:
        out.flush()
"""


@dataclass(frozen=True)
class FileStamp:
    """What identifies one version of a file's content."""

    size: int
    mtime_ns: int
    content_hash: str


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=DIGEST_SIZE).hexdigest()


def stamp_of(data: bytes, info: os.stat_result) -> FileStamp:
    return FileStamp(info.st_size, info.st_mtime_ns, content_hash(data))


def streamed_stamps(files: list[Path], max_bytes: int) -> Generator[FileStamp | None, None, None]:
    """Each file's stamp in order (``None`` when the helper could not read it), from a helper
    process. Closing the iterator early stops the helper."""
    try:
        helper = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _HELPER, str(max_bytes)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError:  # no process to be had (limits, no executable): the library thread reads
        yield from (None for _ in files)
        return
    assert helper.stdin is not None and helper.stdout is not None
    try:
        try:
            helper.stdin.write(b"".join(os.fsencode(path) + b"\0" for path in files))
            helper.stdin.close()
        except OSError:  # the helper died at once: read below as nothing
            pass
        for _ in files:
            fields = helper.stdout.readline().split()
            if len(fields) == 3:
                size, mtime_ns, digest = fields
                yield FileStamp(int(size), int(mtime_ns), digest.decode())
            else:  # "-" (unreadable), or the helper died: read in the library thread
                yield None
    finally:
        helper.kill()
        helper.wait()
