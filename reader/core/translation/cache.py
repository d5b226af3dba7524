"""Stage 5, translation: persistent translation cache (SQLite, user cache dir).

A paragraph's entry is keyed on the model (package code, version and a fingerprint of its weights,
so reinstalling or updating a package invalidates it), the language pair and the paragraph text.
Re-opening a translated article therefore needs no model at all. WAL mode and a busy timeout let
two reader processes share the file. A corrupt file is moved aside and a fresh one started; the
``recovered`` attribute says so, once.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.core.settings import paths
from reader.core.storage.cache_db import CacheDatabase
from reader.core.storage.sqlite import TRANSLATIONS_ID

_SCHEMA = """
CREATE TABLE IF NOT EXISTS paragraph (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    source_language TEXT NOT NULL,
    target_language TEXT NOT NULL,
    translation TEXT NOT NULL,
    sentences TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS paragraph_model ON paragraph (model);
CREATE TABLE IF NOT EXISTS article (
    article_id TEXT NOT NULL,
    target_language TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (article_id, target_language)
);
"""


@dataclass(frozen=True)
class CachedParagraph:
    translation: str
    sentences: tuple[tuple[str, str], ...]
    model: str


def cache_key(model: str, fingerprint: str, source: str, target: str, text: str) -> str:
    material = "\x00".join((model, fingerprint, source, target, text))
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()


def default_cache_path() -> Path:
    return paths.cache_dir() / "translations.sqlite3"


class TranslationCache(CacheDatabase):
    SCHEMA = _SCHEMA
    PROBE = "SELECT key FROM paragraph LIMIT 1"
    DESCRIPTION = "translation cache"
    APPLICATION_ID = TRANSLATIONS_ID
    TABLES = frozenset({"paragraph", "article"})

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path or default_cache_path())
        # Why a translation could not be stored, when it could not (said once). A cache is only
        # a convenience: a translation it cannot keep is still shown and printed.
        self.problem: str | None = None

    def _store(self, sql: str, records: Sequence[tuple[object, ...]]) -> None:
        try:
            with self._lock:
                connection = self._connect(create=True)
                assert connection is not None
                with connection:
                    connection.executemany(sql, records)
        except (sqlite3.Error, OSError) as error:
            self.problem = self.problem or (
                f"Translations cannot be cached in {self.path} ({error}); they are shown as "
                "usual and translated again next time."
            )

    def get_many(self, keys: Iterable[str]) -> dict[str, CachedParagraph]:
        keys = list(keys)
        found: dict[str, CachedParagraph] = {}
        with self._lock:
            connection = self._connect(create=False)
            if connection is None or not keys:
                return found
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                rows = connection.execute(
                    "SELECT key, translation, sentences, model FROM paragraph WHERE key IN "
                    f"({','.join('?' * len(chunk))})",
                    chunk,
                )
                for key, translation, sentences, model in rows:
                    pairs = tuple((s, t) for s, t in json.loads(sentences))
                    found[key] = CachedParagraph(translation, pairs, model)
        return found

    def put_many(
        self, rows: Iterable[tuple[str, str, str, str, str, str, tuple[tuple[str, str], ...]]]
    ) -> None:
        """Rows of (key, model, fingerprint, source, target, translation, sentence pairs)."""
        now = time.time()
        records = [
            (
                key,
                model,
                fingerprint,
                source,
                target,
                translation,
                json.dumps(sentences, ensure_ascii=False),
                now,
            )
            for key, model, fingerprint, source, target, translation, sentences in rows
        ]
        if records:
            self._store("INSERT OR REPLACE INTO paragraph VALUES (?, ?, ?, ?, ?, ?, ?, ?)", records)

    def forget_other_versions(self, model: str, fingerprint: str) -> int:
        """Drop entries of ``model`` made by another version of its weights (a model update)."""
        with self._lock:
            connection = self._connect(create=False)
            if connection is None:
                return 0
            with connection:
                cursor = connection.execute(
                    "DELETE FROM paragraph WHERE model = ? AND fingerprint != ?",
                    (model, fingerprint),
                )
            return cursor.rowcount

    def remember_article(self, article_id: str, target: str, text: str) -> None:
        """The whole translated text of an article, for searching in the target language."""
        self._store("INSERT OR REPLACE INTO article VALUES (?, ?, ?)", [(article_id, target, text)])

    def has_article(self, article_id: str, target: str) -> bool:
        """Whether the whole of an article's translation is cached (one indexed lookup)."""
        with self._lock:
            connection = self._connect(create=False)
            if connection is None:
                return False
            row = connection.execute(
                "SELECT 1 FROM article WHERE article_id = ? AND target_language = ?",
                (article_id, target),
            ).fetchone()
            return row is not None

    def article_texts(self, target: str) -> dict[str, str]:
        with self._lock:
            connection = self._connect(create=False)
            if connection is None:
                return {}
            rows = connection.execute(
                "SELECT article_id, text FROM article WHERE target_language = ?", (target,)
            )
            return dict(rows.fetchall())

    def stats(self) -> tuple[int, int]:
        """(paragraphs, articles) cached."""
        paragraphs, articles = self._count("paragraph", "article")
        return paragraphs, articles

    def clear(self) -> int:
        """Delete every entry; returns how many paragraph translations were dropped."""
        return self._clear("paragraph", "article")
