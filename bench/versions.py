"""Versions grouping on a generated library: blocked grouping against comparing every pair.

The library mixes languages and holds stories in several versions (same names and numbers in the
same paragraphs, different words and lengths) among single stories that share popular names.
Grouping must find the versions without comparing every pair: the baseline compares every pair
(on a smaller library, since it grows with the square), in the same run.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from bench.harness import Result, interleaved

POPULAR = ["Musk", "OpenAI", "Google", "Biden", "Europe", "Tesla", "Twitter", "Putin", "Meta"]


def generate(count: int, seed: int = 7) -> tuple[list[bytes], int]:
    """``count`` article texts, and how many stories among them have several versions."""
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "di", "pe", "zu", "ba"]

    def word(language: int) -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(1, 3))) + "aeiou"[language]

    def name() -> str:
        return "".join(rng.choice(syllables) for _ in range(4)).capitalize()

    texts: list[bytes] = []
    stories = 0
    while len(texts) < count:
        paragraphs = rng.randint(5, 14)
        anchors = [
            [name() for _ in range(rng.randint(0, 2))]
            + [str(rng.randint(10, 9999)) for _ in range(rng.randint(0, 1))]
            + [rng.choice(POPULAR)]
            for _ in range(paragraphs)
        ]
        lengths = [rng.randint(25, 90) for _ in range(paragraphs)]
        versions = rng.choice([1, 1, 1, 2, 3])
        for language in range(versions):
            stretch = rng.uniform(0.8, 1.25)
            body = []
            for paragraph in range(paragraphs):
                words = [word(language) for _ in range(int(lengths[paragraph] * stretch))]
                for anchor in anchors[paragraph]:
                    words.insert(rng.randint(1, len(words) - 1), anchor)
                body.append("Ka " + " ".join(words) + ".")
            texts.append("\n\n".join(body).encode())
        stories += versions > 1 and len(texts) <= count
    return texts[:count], stories


def run(quick: bool = False) -> Result:
    from reader.core.articles.parsing import parse_article
    from reader.core.versions import grouping as versions
    from reader.core.versions.grouping import group_versions
    from reader.core.versions.profiles import Profile

    size, baseline_size = (300, 100) if quick else (5000, 500)
    texts, stories = generate(size)
    started = time.perf_counter()
    articles = [parse_article(Path(f"{n}.txt"), text) for n, text in enumerate(texts)]
    parse_seconds = time.perf_counter() - started
    started = time.perf_counter()
    profiles = [Profile.of(article) for article in articles]
    profile_seconds = time.perf_counter() - started

    def every_pair(subset: list[Profile]) -> int:
        return sum(
            versions.compare(a, b).is_version for n, a in enumerate(subset) for b in subset[n + 1 :]
        )

    small = profiles[:baseline_size]
    series = interleaved(
        1 if quick else 3,
        blocked=lambda: group_versions(small),
        every_pair=lambda: every_pair(small),
    )
    started = time.perf_counter()
    groups = group_versions(profiles)
    full_seconds = time.perf_counter() - started
    blocked, naive = series["blocked"], series["every_pair"]
    return Result(
        "versions grouping" + (" (quick)" if quick else ""),
        [
            (
                f"every pair, {baseline_size} articles",
                f"{naive.median:.2f} s",
                naive.spread,
                f"{baseline_size * (baseline_size - 1) // 2} comparisons",
            ),
            (
                f"blocked, {baseline_size} articles",
                f"{blocked.median:.3f} s",
                blocked.spread,
                "candidate pairs share ≥ 2 rare anchors",
            ),
            ("speed-up", f"{naive.median / blocked.median:.0f}×", "", "every pair / blocked"),
            (
                f"blocked, {size} articles",
                f"{full_seconds:.2f} s",
                "",
                f"{len(groups)} groups found of {stories} generated; anchors "
                f"{profile_seconds:.2f} s, parsing {parse_seconds:.2f} s",
            ),
        ],
    )
