"""`L`: the reader sets the language of the open article when detection got it wrong."""

from __future__ import annotations

import re

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.core.translation.codes import normalise

# ISO 639-1/-3 with an optional region or script: "de", "pt-br", "zh-hant", "ast".
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})?")


class LanguageScreen(ModalScreen[str | None]):
    """Dismisses with the code typed, "" to go back to detection, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="language.cancel", tooltip="Keep the language"),
    ]

    def __init__(self, title: str, detected: str, chosen: bool) -> None:
        super().__init__()
        self.article_title = title
        self.current = detected
        self.chosen = chosen

    def compose(self) -> ComposeResult:
        how = "set by hand" if self.chosen else "detected"
        with Vertical(classes="dialog dialog-small"):
            yield Static("Language of this article", classes="dialog-title")
            yield Static(Text(f"{self.article_title}\nNow: {self.current} ({how})"))
            yield Input(
                value=self.current if self.chosen else "",
                placeholder="A language code (de, pt, zh…); empty to detect it again",
                id="language-code",
            )
            yield Static(id="language-message", markup=False)
            yield Static(
                "Enter to set it (remembered; every paragraph is then translated from it), "
                "Esc to cancel.",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#language-code")
    def _submitted(self, event: Input.Submitted) -> None:
        code = normalise(event.value)
        if code and not LANGUAGE_CODE.fullmatch(code):
            self.query_one("#language-message", Static).update(
                f"⚠ {event.value.strip()!r} is not a language code (two or three letters, "
                "e.g. de, pt-br)."
            )
            return
        self.dismiss(code)

    def action_cancel(self) -> None:
        self.dismiss(None)
