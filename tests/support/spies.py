"""Watching how a function is called, for tests that check which path the code took."""

from __future__ import annotations

from typing import Any

import pytest


def record_sizes(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[int]:
    """Wrap ``owner.name`` (a function whose first argument is a list) so that each call records
    the length of that list; returns the record. The function still runs."""
    sizes: list[int] = []
    real = getattr(owner, name)

    def recording(items, *args, **kwargs):  # type: ignore[no-untyped-def]
        sizes.append(len(items))
        return real(items, *args, **kwargs)

    monkeypatch.setattr(owner, name, recording)
    return sizes
