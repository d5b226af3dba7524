"""Keys remapped in ``config.toml`` (``[keys]``, binding id = keys), checked against the
bindings that exist: an id that names none (a typo, or a binding renamed) is said once, with
the ids that are close, instead of being ignored without a word."""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from collections.abc import Iterable

from textual.binding import Binding
from textual.dom import DOMNode


def binding_ids(owners: Iterable[type[DOMNode]]) -> set[str]:
    return {
        binding.id
        for owner in owners
        for binding in owner.BINDINGS
        if isinstance(binding, Binding) and binding.id
    }


def _reader_classes() -> list[type[DOMNode]]:
    """Every app, screen and widget class reader defines (importing every interface module:
    only done when the config remaps keys, after the first frame)."""
    import reader.ui

    for module in pkgutil.walk_packages(reader.ui.__path__, "reader.ui."):
        importlib.import_module(module.name)
    importlib.import_module("reader.app")
    found: list[type[DOMNode]] = []
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.startswith("reader."):
                found.append(subclass)
    return found


def known_binding_ids() -> set[str]:
    return binding_ids(_reader_classes())


def keymap_problems(keys: dict[str, str], known: set[str], where: str) -> list[str]:
    """A sentence for each id in ``keys`` that is not in ``known``."""
    problems = []
    for binding_id in sorted(set(keys) - known):
        close = difflib.get_close_matches(binding_id, sorted(known), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else " (press ? for every id)"
        problems.append(f"{where}: keys.{binding_id} is not a key binding; ignored{hint}")
    return problems
