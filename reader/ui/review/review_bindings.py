"""The review screen's key bindings (ids are what ``config.toml``'s ``[keys]`` remaps)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

REVIEW_BINDINGS: list[BindingType] = [
    Binding(
        "a",
        "approve",
        "Approve",
        id="review.approve",
        tooltip="Approve this paragraph's translation",
    ),
    Binding("e", "edit", "Edit", id="review.edit", tooltip="Post-edit this translation"),
    Binding(
        "u",
        "revert",
        "Revert",
        id="review.revert",
        tooltip="Back to the machine translation (the newer one, if there is one)",
        # Before the view's half page up on u: here Ctrl+U scrolls.
        priority=True,
    ),
    Binding(
        "z",
        "undo",
        "Undo",
        id="review.undo",
        tooltip="Undo the last approval, edit or revert",
    ),
    Binding(
        "n",
        "next_unreviewed(1)",
        "To do",
        id="review.next",
        tooltip="Next paragraph not yet approved",
    ),
    Binding(
        "N",
        "next_unreviewed(-1)",
        "Previous to do",
        show=False,
        id="review.previous",
        tooltip="Previous paragraph not yet approved",
    ),
    Binding(
        "w",
        "next_warning",
        "Warning",
        id="review.warning",
        tooltip="Next paragraph with a warning",
    ),
    Binding(
        "f",
        "filter",
        "Filter",
        id="review.filter",
        tooltip="Show only paragraphs not approved, with warnings or stale (in turn)",
    ),
    Binding(
        "o",
        "orphans",
        "Kept",
        show=False,
        id="review.orphans",
        tooltip="Work kept from paragraphs no longer in the file",
    ),
    Binding(
        "x",
        "export",
        "Export",
        id="review.export",
        tooltip="Write the reviewed text as XLIFF 2.0 and TMX next to the article",
    ),
    Binding(
        "escape,q,r",
        "close",
        "Back",
        id="review.close",
        tooltip="Back to the article list (every change is saved as it is made)",
    ),
]
