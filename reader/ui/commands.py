"""The command palette's commands, from the screen it was opened on: the actions of that
screen's bindings that make sense there now (``check_action``), so "Compare" chosen on the
compare screen cannot push a second compare screen."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen


def screen_commands(screen: Screen[object]) -> Iterator[SystemCommand]:
    seen: set[str] = set()
    for binding in screen.BINDINGS:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        action = binding.action
        if action in seen or screen.check_action(action, ()) is False:
            continue
        seen.add(action)
        yield SystemCommand(
            binding.description,
            binding.tooltip or binding.description,
            partial(screen.run_action, action),
        )
