"""The main screen's key bindings (ids are what ``config.toml``'s ``[keys]`` remaps)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

MAIN_BINDINGS: list[BindingType] = [
    # A priority binding, handled before the keys after it are handed to the focused widget:
    # keys typed or pasted right after "/" go to the search box, not to the list.
    Binding(
        "slash",
        "search",
        "Search",
        id="main.search",
        tooltip="Filter articles by title and text as you type",
        priority=True,
    ),
    Binding(
        "s",
        "cycle_sort",
        "Sort",
        show=False,
        id="main.sort",
        tooltip="Sort the list by file, title, language or length",
    ),
    Binding(
        "l",
        "cycle_language",
        "Language",
        show=False,
        id="main.language",
        tooltip="Show only articles in one language (press again for the next)",
    ),
    Binding(
        "x",
        "toggle_removed",
        "Removed lines",
        show=False,
        id="main.removed",
        tooltip="Show or hide the boilerplate and metadata lines taken out of the text",
    ),
    Binding(
        "exclamation_mark",
        "show_skipped",
        "Skipped",
        show=False,
        id="main.skipped",
        tooltip="List the files that could not be read, and why",
    ),
    Binding(
        "escape",
        "clear_search",
        "Clear search",
        show=False,
        id="main.clear_search",
        tooltip="Clear the search and the language filter",
    ),
    Binding(
        "t",
        "flip",
        "English",
        id="main.flip",
        tooltip="Flip the reading pane between the original and its English translation",
    ),
    Binding(
        "T",
        "always_english",
        "Always English",
        show=False,
        id="main.always_english",
        tooltip="Open every article in this article's language in English (again: stop)",
    ),
    Binding(
        "e",
        "toggle_english_titles",
        "English titles",
        show=False,
        id="main.english_titles",
        tooltip="List titles in English (≈, translated ahead) or as the articles have them",
    ),
    Binding(
        "A",
        "pause_ahead",
        "Pause translating ahead",
        show=False,
        id="main.pause_ahead",
        tooltip="Pause or resume translating titles and articles ahead of the reader",
    ),
    Binding(
        "c",
        "compare",
        "Compare",
        id="main.compare",
        tooltip="Original and translation side by side, paragraph by paragraph",
    ),
    Binding(
        "p",
        "toggle_translation_pane",
        "Translation pane",
        show=False,
        id="main.translation_pane",
        tooltip="Show or hide the translation pane",
    ),
    Binding(
        "r",
        "review",
        "Review",
        id="main.review",
        tooltip="Review the translation paragraph by paragraph: approve, edit, export",
    ),
    Binding(
        "v",
        "versions",
        "Versions",
        id="main.versions",
        tooltip="The other language versions of this story, side by side and aligned",
    ),
    Binding(
        "M",
        "models",
        "Models",
        show=False,
        id="main.models",
        tooltip="List the installed translation models; install one from a file",
    ),
    Binding(
        "L",
        "choose_language",
        "Set language",
        show=False,
        id="main.choose_language",
        tooltip="Set this article's language by hand when it was detected wrong",
    ),
]
