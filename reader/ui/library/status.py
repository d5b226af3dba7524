"""The main screen's status line, as a pure function of what the screen knows."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class LoadProgress:
    """How far loading the library has got (counted by the main screen as events arrive)."""

    files_seen: int = 0
    files_read: bool = False  # every file has been read (and parsed)
    outlines: int = 0  # articles listed whose text is not parsed yet
    undetected: int = 0  # articles listed whose language is not known yet
    finished: bool = False  # versions grouped: the library is loaded


def status_line(
    progress: LoadProgress,
    articles: int,
    shown: int | None,
    language: str | None,
    search: str,
    sort_key: str,
    skipped: int,
    ahead: str | None = None,
    found: str | None = None,
    unread_only: bool = False,
) -> str:
    """``shown`` is how many rows the list shows when a filter hides some, else ``None``;
    ``ahead`` is how far translating ahead has got, while it works; ``found`` where the search
    in the open article is."""
    counted = f"{articles} article{'' if articles == 1 else 's'}"
    if not progress.files_read:
        parts = [f"loading… {progress.files_seen} files read"]
    elif progress.outlines:
        parts = [f"{counted}, reading the texts… {progress.outlines} to go"]
    elif progress.undetected:
        parts = [f"{counted}, detecting languages… {progress.undetected} to go"]
    elif not progress.finished:
        parts = [f"{counted}, finding versions…"]
    else:
        parts = [counted]
    if shown is not None:
        parts.append(f"{shown} shown")
    if unread_only:
        parts.append("unread only")
    if language:
        parts.append(f"language: {language}")
    if search:
        parts.append(f"search: {search!r}")
    parts.append(f"sorted by {sort_key}")
    if found:
        parts.insert(0, found)  # what the reader is doing now comes first
    if ahead:
        parts.append(ahead)
    status = "  ·  ".join(parts)
    if skipped:
        status += f"   {skipped} file(s) skipped — press ! to see why"
    return status
