"""Stage 6, versions: which articles tell the same story across languages, and how their
paragraphs line up.

No translation model is needed: the evidence is what survives translation unchanged. Names
(capitalised mid-sentence or in mixed case: Mostaque, OpenAI, xAI), numbers (2018, 57,4 = 57.4)
and @handles are *anchors*. Two versions of a story have their paragraphs in the same order, with
lengths in a steady ratio and the same anchors in the same places; two stories about the same
people share names too, but not paragraph by paragraph.

* ``align`` lines up two articles' paragraphs with a Gale–Church dynamic programme over lengths,
  rewarded by shared anchors, allowing 1-1, 1-0, 0-1, 2-1 and 1-2 links.
* ``compare`` scores an alignment: how much of both articles it links, and how many of the
  articles' *positional* anchors (those in at most half of an article's paragraphs, so "Musk" in
  every paragraph proves nothing) fall in linked paragraphs.
* ``group_versions`` blocks candidate pairs on rare shared anchors (an inverted index, so a big
  library is never compared pair by pair), scores them, and joins versions into groups.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from reader.core.versions.profiles import Profile

# Gale & Church (1993): prior probabilities of link types and the variance of the length ratio.
_PRIORS = {(1, 1): 0.89, (1, 0): 0.0045, (0, 1): 0.0045, (2, 1): 0.0445, (1, 2): 0.0445}
_VARIANCE = 6.8
# How much a shared positional anchor is worth against length evidence, per anchor (in -log p).
_ANCHOR_REWARD = 3.0
_ANCHOR_PENALTY = 2.5
# On top of its prior, a gap costs this much (a link pays its length mismatch instead).
_GAP_SURCHARGE = 1.0
# A pair is a version when the alignment links this much of both articles...
MIN_LINKED = 0.75
# ... and this share of their positional anchors falls in linked paragraphs...
MIN_ANCHOR_AGREEMENT = 0.45
# ... spread over most links, not a few coincidences (stories about the same people share some).
MIN_AGREEING_LINKS = 0.7
# Blocking: an anchor in more than this share of the library is too common to propose pairs.
MAX_BLOCKING_SHARE = 0.01
MIN_BLOCKING_DF = 10


@dataclass(frozen=True)
class Link:
    """Units ``a`` of the first article correspond to units ``b`` of the second; one side is
    empty for a gap (a paragraph, or a headline, the other version does not have)."""

    a: tuple[int, ...]
    b: tuple[int, ...]


@dataclass(frozen=True)
class Comparison:
    links: tuple[Link, ...]
    linked: float  # share of both articles' units in non-gap links
    anchor_agreement: float  # share of positional anchors found on both sides of their link
    agreeing_links: float  # share of non-gap links whose two sides share a positional anchor

    @property
    def is_version(self) -> bool:
        return (
            self.linked >= MIN_LINKED
            and self.anchor_agreement >= MIN_ANCHOR_AGREEMENT
            and self.agreeing_links >= MIN_AGREEING_LINKS
        )

    @property
    def confidence(self) -> float:
        evidence = (self.linked + min(1.0, self.anchor_agreement / 0.8) + self.agreeing_links) / 3
        return round(evidence, 3)


def _length_cost(length_a: int, length_b: int, ratio: float) -> float:
    """Gale–Church: -log P(match) for these lengths given the expected ratio."""
    mean = (length_a + length_b / ratio) / 2
    delta = (length_b - length_a * ratio) / math.sqrt(max(mean, 1) * _VARIANCE * ratio)
    # Two-tailed normal probability, floored so an extreme pair still has a finite cost.
    probability = max(math.erfc(abs(delta) / math.sqrt(2)), 1e-12)
    return -math.log(probability)


def align(first: Profile, second: Profile) -> list[Link]:
    """Paragraph alignment of two versions (dynamic programming, Gale–Church plus anchors).

    A headline links only to the other headline; when one version has none, its headline is a
    gap. The bodies are aligned by the dynamic programme.
    """
    skip_a, skip_b = int(first.has_headline), int(second.has_headline)
    if skip_a and skip_b:
        head = [Link((0,), (0,))]
    elif skip_a or skip_b:
        head = [Link((0,), ()) if skip_a else Link((), (0,))]
    else:
        head = []
    # Only anchors both articles have can testify; the rest (German nouns, say) stay silent.
    both = first.all_anchors & second.all_anchors
    body = _align_units(
        first.lengths[skip_a:],
        second.lengths[skip_b:],
        [u & both for u in first.positional()[skip_a:]],
        [u & both for u in second.positional()[skip_b:]],
    )
    return head + [
        Link(tuple(i + skip_a for i in link.a), tuple(j + skip_b for j in link.b)) for link in body
    ]


def _align_units(
    la: Sequence[int], lb: Sequence[int], pa: Sequence[frozenset[str]], pb: Sequence[frozenset[str]]
) -> list[Link]:
    na, nb = len(la), len(lb)
    ratio = (sum(lb) / sum(la)) if sum(la) and sum(lb) else 1.0
    inf = float("inf")
    cost = [[inf] * (nb + 1) for _ in range(na + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (nb + 1) for _ in range(na + 1)]
    cost[0][0] = 0.0
    for i in range(na + 1):
        for j in range(nb + 1):
            if cost[i][j] == inf:
                continue
            for (di, dj), prior in _PRIORS.items():
                ni, nj = i + di, j + dj
                if ni > na or nj > nb:
                    continue
                step = -math.log(prior)
                if di and dj:
                    step += _length_cost(sum(la[i:ni]), sum(lb[j:nj]), ratio)
                    side_a, side_b = frozenset().union(*pa[i:ni]), frozenset().union(*pb[j:nj])
                    shared = side_a & side_b
                    # Anchors left without their partner speak against the link (so a dropped
                    # paragraph shows as a gap instead of being merged into its neighbour).
                    unmatched = len(side_a ^ side_b)
                    step -= _ANCHOR_REWARD * len(shared) - _ANCHOR_PENALTY * unmatched
                else:
                    step += _GAP_SURCHARGE
                if cost[i][j] + step < cost[ni][nj]:
                    cost[ni][nj] = cost[i][j] + step
                    back[ni][nj] = (di, dj)
    links: list[Link] = []
    i, j = na, nb
    while i or j:
        move = back[i][j]
        assert move is not None
        di, dj = move
        links.append(Link(tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    links.reverse()
    return links


def compare(first: Profile, second: Profile) -> Comparison:
    links = align(first, second)
    units = len(first.lengths) + len(second.lengths)
    linked_units = sum(len(link.a) + len(link.b) for link in links if link.a and link.b)
    pa, pb = first.positional(), second.positional()
    shared_total = anchors_total = agreeing = pairs = 0
    both = first.all_anchors & second.all_anchors
    for link in links:
        side_a = frozenset().union(*(pa[i] for i in link.a)) & both if link.a else frozenset()
        side_b = frozenset().union(*(pb[j] for j in link.b)) & both if link.b else frozenset()
        shared_total += 2 * len(side_a & side_b)
        anchors_total += len(side_a) + len(side_b)
        if link.a and link.b:
            pairs += 1
            agreeing += bool(side_a & side_b)
    return Comparison(
        tuple(links),
        linked_units / units if units else 0.0,
        shared_total / anchors_total if anchors_total else 0.0,
        agreeing / pairs if pairs else 0.0,
    )


@dataclass
class VersionGroup:
    id: str  # stable: a hash of the members' article ids
    members: list[str]  # article ids, in the order given
    scores: dict[str, float] = field(default_factory=dict)  # member -> best confidence


def group_versions(profiles: Sequence[Profile]) -> list[VersionGroup]:
    """Groups of two or more articles that tell the same story (deterministic)."""
    by_id = {p.article_id: p for p in profiles}
    order = {p.article_id: n for n, p in enumerate(profiles)}
    postings: dict[str, list[str]] = defaultdict(list)
    for profile in profiles:
        for anchor in profile.all_anchors:
            postings[anchor].append(profile.article_id)
    cap = max(MIN_BLOCKING_DF, int(MAX_BLOCKING_SHARE * len(profiles)))
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for ids in postings.values():
        if 2 <= len(ids) <= cap:
            for x in range(len(ids)):
                for y in range(x + 1, len(ids)):
                    a, b = sorted((ids[x], ids[y]), key=order.__getitem__)
                    shared[(a, b)] += 1

    parent = {p.article_id: p.article_id for p in profiles}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    best: dict[str, float] = defaultdict(float)
    for (a, b), count in sorted(
        shared.items(), key=lambda item: (order[item[0][0]], order[item[0][1]])
    ):
        if count < 2:
            continue
        comparison = compare(by_id[a], by_id[b])
        if comparison.is_version:
            best[a] = max(best[a], comparison.confidence)
            best[b] = max(best[b], comparison.confidence)
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb, key=order.__getitem__)] = min(ra, rb, key=order.__getitem__)
    members: dict[str, list[str]] = defaultdict(list)
    for profile in profiles:
        members[root(profile.article_id)].append(profile.article_id)
    groups = []
    for ids in members.values():
        if len(ids) > 1:
            digest = hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:12]
            groups.append(VersionGroup(f"g-{digest}", ids, {i: best[i] for i in ids}))
    return groups
