"""Stage 7, review: what a reviewer works on. A ``Segment`` is one paragraph's source, machine
translation, post-edit and state (XLIFF 2.0's ``initial``, ``translated``, ``reviewed``, plus
``stale``); a ``Change`` is one action on it (approve, edit, revert, undo), defined once in
``Change.applied_to``; an ``Orphan`` is work whose paragraph left the file."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

INITIAL, TRANSLATED, REVIEWED, STALE = "initial", "translated", "reviewed", "stale"


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def word_diff(before: str, after: str, limit: int = 240) -> str:
    """What changed between two texts, word by word, as CAT tools show a fuzzy match:
    ``[-removed-]`` and ``{+added+}``, with a few words of context around each change."""
    import difflib

    a, b = before.split(), after.split()
    parts: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            same = a[i1:i2]
            parts.append(
                " ".join(same)
                if len(same) <= 6
                else f"{' '.join(same[:3])} … {' '.join(same[-3:])}"
            )
            continue
        if i2 > i1:
            parts.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            parts.append("{+" + " ".join(b[j1:j2]) + "+}")
    text = " ".join(p for p in parts if p)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Segment:
    position: int
    source: str
    source_language: str
    target_language: str
    mt: str | None
    mt_model: str | None
    target: str | None  # the reviewer's text; None means "the MT as it is"
    state: str
    newer_mt: str | None  # a re-translation that did not overwrite reviewed work
    # For a stale segment: the source its edit or approval was made on (what changed since).
    reviewed_source: str | None = None
    newer_mt_model: str | None = None
    # When the segment last changed (seconds since the epoch): what a save checks to notice
    # that another reader process changed it since this one read it.
    updated: float = 0.0

    @property
    def text(self) -> str | None:
        """The translation to use: the edit if there is one, else the MT."""
        return self.target if self.target is not None else self.mt

    @property
    def source_hash(self) -> str:
        return source_hash(self.source)


APPROVE, EDIT, REVERT, RESTORE = "approve", "edit", "revert", "restore"


@dataclass(frozen=True)
class Change:
    """One reviewer action on one segment: what the store saves, and what the review screen
    keeps (and shows) while it cannot be saved yet.

    ``seen`` is the segment's ``updated`` when the reviewer acted on it; a save finding another
    value there means another process changed the segment meanwhile (``ChangedElsewhere``),
    unless ``overrule`` says the reviewer chose to save over it. ``None``: made before the
    review could be stored at all (its database could not be written), checked by text only.
    """

    kind: str  # APPROVE, EDIT (with ``text``), REVERT, RESTORE (with ``previous``)
    position: int
    source: str  # the paragraph it was made on
    seen: float | None
    text: str | None = None
    previous: Segment | None = None  # RESTORE: the segment as it was before (undo)
    overrule: bool = False

    @classmethod
    def on(cls, segment: Segment, kind: str, **fields: object) -> Change:
        # A segment that was never stored (``updated`` 0) has no version to check against.
        seen = segment.updated or None
        return cls(kind, segment.position, segment.source, seen, **fields)  # type: ignore[arg-type]

    @property
    def source_hash(self) -> str:
        return source_hash(self.source)

    def describe(self) -> str:
        action = {APPROVE: "approval", EDIT: "edit", REVERT: "revert", RESTORE: "undo"}
        return f"the {action[self.kind]} of paragraph {self.position}"

    def applied_to(self, segment: Segment) -> Segment:
        """``segment`` with this change made (the one definition of what each action does)."""
        if self.kind == APPROVE:
            return replace(segment, state=REVIEWED)
        if self.kind == EDIT:
            return replace(segment, target=self.text, state=TRANSLATED)
        if self.kind == REVERT:  # back to the machine translation, the newer one if any
            return replace(
                segment,
                target=None,
                state=INITIAL,
                mt=segment.newer_mt or segment.mt,
                mt_model=segment.newer_mt_model or segment.mt_model,
                newer_mt=None,
                newer_mt_model=None,
            )
        assert self.kind == RESTORE and self.previous is not None
        before = self.previous
        return replace(
            segment,
            target=before.target,
            state=before.state,
            mt=before.mt,
            mt_model=before.mt_model,
            newer_mt=before.newer_mt,
            newer_mt_model=before.newer_mt_model,
        )


class ChangedElsewhere(Exception):
    """The segment a change was made on is no longer as the reviewer saw it: another reader
    process changed it, or the article changed under it. ``current`` is what is stored now
    (``None`` when no segment with that text is at that position any more)."""

    def __init__(self, change: Change, current: Segment | None) -> None:
        super().__init__(f"{change.describe()} was not saved: the paragraph changed elsewhere")
        self.change = change
        self.current = current


@dataclass(frozen=True)
class Orphan:
    """Reviewed or edited work whose paragraph is no longer in the article (kept, never
    dropped, until the reviewer discards it)."""

    id: int
    segment: Segment  # ``position`` is -1
    orphaned: float


@dataclass(frozen=True)
class SourceSegment:
    """What ``sync`` needs per paragraph: source text and language, and the MT (if any)."""

    source: str
    source_language: str
    mt: str | None
    mt_model: str | None
