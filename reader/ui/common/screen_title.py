"""The two lines at the top of compare, versions and review: the article's title and the view's
status, each on one line (cut with "…"), so the status is never pushed off a small terminal by a
title that wraps. Shown as text: a title is never read as markup."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class ScreenTitle(Static):
    DEFAULT_CSS = """
    ScreenTitle {
        height: 2;
        padding: 0 1;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def show(self, title: str, status: str) -> None:
        # Line breaks inside either would take the other's line.
        self.update(Content(" ".join(title.split()) + "\n" + " ".join(status.split())))
