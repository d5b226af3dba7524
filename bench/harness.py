"""Shared timing helpers: every benchmark times its subject and its baseline interleaved, in the
same process run, and reports medians, spread and the ratio (machines here are noisy)."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Series:
    name: str
    seconds: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def spread(self) -> str:
        return f"{min(self.seconds):.3f}–{max(self.seconds):.3f}"


@dataclass
class Result:
    benchmark: str
    rows: list[tuple[str, str, str, str]]  # (measure, value, spread, note)


def interleaved(runs: int, **subjects: Callable[[], object]) -> dict[str, Series]:
    """Time each subject ``runs`` times, alternating between them run by run."""
    series = {name: Series(name) for name in subjects}
    for _ in range(runs):
        for name, subject in subjects.items():
            start = time.perf_counter()
            subject()
            series[name].seconds.append(time.perf_counter() - start)
    return series


def machine() -> str:
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
        model = next(
            line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = platform.processor() or "unknown CPU"
    cores = os.cpu_count()
    memory = ""
    try:
        total = subprocess.run(["free", "-g"], capture_output=True, text=True).stdout.split()
        memory = f", {total[total.index('Mem:') + 1]} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{model}, {cores} cores{memory}, Python {platform.python_version()}"


def print_table(results: list[Result]) -> None:
    print(f"\nmachine: {machine()}")
    for result in results:
        print(f"\n## {result.benchmark}")
        width = max(len(row[0]) for row in result.rows)
        for measure, value, spread, note in result.rows:
            print(f"  {measure:<{width}}  {value:>12}  {spread:>17}  {note}")
