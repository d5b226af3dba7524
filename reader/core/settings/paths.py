"""Infrastructure, settings: where reader keeps its files.

Each directory is computed by a function and created only by the code that writes to it, so merely
starting reader (or importing this module) never touches the disk. ``READER_CONFIG_DIR``,
``READER_DATA_DIR`` and ``READER_CACHE_DIR`` override the platform defaults (tests use them).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "reader"


def _dir_from_env(variable: str, default: str) -> Path:
    override = os.environ.get(variable)
    return Path(override) if override else Path(default)


def config_dir() -> Path:
    """Holds ``config.toml`` (theme, key remapping)."""
    import platformdirs

    return _dir_from_env("READER_CONFIG_DIR", platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    """Holds user work that must never be thrown away: reading state, review edits."""
    import platformdirs

    return _dir_from_env("READER_DATA_DIR", platformdirs.user_data_dir(APP_NAME))


def cache_dir() -> Path:
    """Holds what can be rebuilt: translation and language caches."""
    import platformdirs

    return _dir_from_env("READER_CACHE_DIR", platformdirs.user_cache_dir(APP_NAME))


def config_file() -> Path:
    return config_dir() / "config.toml"


def state_db() -> Path:
    return data_dir() / "state.sqlite3"


def printable(path: Path | str) -> str:
    """``path`` as text that can be encoded, for SQLite keys and for screens: the undecodable
    bytes of a file name (kept by Python as lone surrogates, which UTF-8 refuses) become
    ``\\xNN``. Every other name is unchanged."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def set_aside(database: Path, label: str) -> Path:
    """Rename an SQLite file that cannot be used, with its ``-wal``/``-shm`` companions, to
    ``<name>.<label>-<time>`` beside it (never deleted), and return the new name."""
    import time

    kept = database.with_name(f"{database.name}.{label}-{int(time.time())}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(database) + suffix)
        if source.exists():
            source.replace(Path(str(kept) + suffix))
    return kept


def set_aside_wal(database: Path, label: str) -> Path:
    """Rename only the ``-wal``/``-shm`` companions of ``database`` (a WAL that belongs to
    another database) to ``<name>.<label>-<time>-wal``; returns the new name of the WAL."""
    import time

    kept = database.with_name(f"{database.name}.{label}-{int(time.time())}")
    for suffix in ("-wal", "-shm"):
        source = Path(str(database) + suffix)
        if source.exists():
            source.replace(Path(str(kept) + suffix))
    return Path(f"{kept}-wal")


def ensure_parent(path: Path) -> Path:
    """Create the directory holding ``path``; call only right before writing it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def write_whole(path: Path, text: str) -> None:
    """``text`` in ``path``, all or nothing: an interrupted write leaves the old file (or none),
    never half of the new one."""
    ensure_parent(path)
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
