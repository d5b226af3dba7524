"""Stage 7, review: stored segments re-aligned to a changed file's paragraphs. Identical
paragraphs first, wherever they moved, then near ones (an edited, split or merged paragraph) by
text similarity, so that a segment follows its text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from reader.core.review.segments import INITIAL, STALE, SourceSegment

# Two paragraphs this alike (difflib's ratio) are one paragraph edited.
NEAR_MATCH = 0.6


class Carried(NamedTuple):
    """A segment's columns after its paragraph's own: what a new paragraph's segment carries over
    from the stored one it continues (``carried``)."""

    mt: str | None
    mt_model: str | None
    target: str | None
    state: str
    newer_mt: str | None
    newer_mt_model: str | None
    reviewed_source: str | None
    updated: float


@dataclass(frozen=True)
class StoredSegment:
    position: int
    source_hash: str
    source: str
    source_language: str
    columns: Carried


def realign(
    old_hashes: list[str], old_texts: list[str], new_hashes: list[str], new_texts: list[str]
) -> dict[int, int]:
    """Which stored segment each new paragraph continues: new position -> old index.

    Identical paragraphs first, in order (difflib's matching blocks), then identical ones that
    moved; then, inside each stretch that changed, the most similar pairs above NEAR_MATCH (an
    edited paragraph; of a split or merged one, the part most like it)."""
    import difflib

    matches: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(a=old_hashes, b=new_hashes, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            matches[block.b + k] = block.a + k
    used = set(matches.values())
    by_hash: dict[str, list[int]] = {}
    for index, digest in enumerate(old_hashes):
        if index not in used:
            by_hash.setdefault(digest, []).append(index)
    for position, digest in enumerate(new_hashes):  # moved paragraphs
        if position not in matches and by_hash.get(digest):
            matches[position] = by_hash[digest].pop(0)
    used = set(matches.values())
    free_old = [i for i in range(len(old_hashes)) if i not in used]
    free_new = [j for j in range(len(new_hashes)) if j not in matches]
    candidates = []
    for j in free_new:
        for i in free_old:
            # Only near each other: an edit stays where it was, give or take what moved.
            if abs(i - j) > max(len(old_hashes), len(new_hashes)) // 2 + 2:
                continue
            ratio = difflib.SequenceMatcher(a=old_texts[i], b=new_texts[j], autojunk=False)
            score = ratio.ratio()
            if score >= NEAR_MATCH or _part_of(old_texts[i], new_texts[j]):
                candidates.append((score, -abs(i - j), j, i))
    for _score, _distance, j, i in sorted(candidates, reverse=True):
        if j not in matches and i not in set(matches.values()):
            matches[j] = i
    return matches


def _part_of(a: str, b: str) -> bool:
    """Whether one text holds most of the other (a paragraph split in two, or two merged)."""
    short, long = sorted((a.strip(), b.strip()), key=len)
    return len(short) >= 20 and short[: len(short) * 3 // 4] in long


def carried(
    old: list[StoredSegment], index: int | None, paragraph: SourceSegment, digest: str, now: float
) -> Carried:
    """The columns mt .. newer_mt_model, reviewed_source, updated of a new paragraph's segment:
    what it carries over from the stored segment it continues (``index``), if any. A segment
    that did not change keeps its ``updated``: re-opening an article is no change a save in
    another process should take for one."""
    if index is None:
        return Carried(paragraph.mt, paragraph.mt_model, None, INITIAL, None, None, None, now)
    stored = old[index]
    had = stored.columns
    worked = had.target is not None or had.state != INITIAL
    if stored.source_hash != digest:  # the paragraph was edited (or split, or merged)
        if not worked:
            return Carried(paragraph.mt, paragraph.mt_model, None, INITIAL, None, None, None, now)
        reviewed = had.reviewed_source or stored.source
        return Carried(
            paragraph.mt, paragraph.mt_model, had.target, STALE, None, None, reviewed, now
        )
    newer, newer_model = had.newer_mt, had.newer_mt_model
    mt, mt_model = had.mt, had.mt_model
    if paragraph.mt is not None and paragraph.mt != had.mt:
        if not worked:
            mt, mt_model, newer, newer_model = paragraph.mt, paragraph.mt_model, None, None
        else:
            newer, newer_model = paragraph.mt, paragraph.mt_model
    unchanged = (mt, newer) == (had.mt, had.newer_mt)
    return had._replace(
        mt=mt,
        mt_model=mt_model,
        newer_mt=newer,
        newer_mt_model=newer_model,
        updated=had.updated if unchanged else now,
    )
