"""Versions of one story across languages: grouping without any model, and paragraph alignment.

Fixtures in tests/fixtures/versions: a Spanish version of the seeds' story, a Dutch version with a
paragraph dropped and one split in two, and a different Spanish story about the same people.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.articles.model import Article
from reader.core.articles.parsing import load_article
from reader.core.versions import grouping as versions
from reader.core.versions.grouping import Link, compare, group_versions
from reader.core.versions.profiles import Profile, anchors_of
from tests.conftest import REPO, seed

FIXTURES = REPO / "tests" / "fixtures" / "versions"


def article(path: Path) -> Article:
    result = load_article(path)
    assert isinstance(result, Article), result
    return result


def profile(path: Path) -> Profile:
    return Profile.of(article(path))


def groups_of(paths: list[Path]) -> list[set[str]]:
    articles = [article(p) for p in paths]
    names = {
        a.id: a.path.name.split("_")[0] if a.path.parent.name == "seeds" else a.path.stem
        for a in articles
    }
    return [
        {names[m] for m in group.members}
        for group in group_versions([Profile.of(a) for a in articles])
    ]


def test_seeds_make_exactly_one_group(seeds: Path) -> None:
    assert groups_of(sorted(seeds.glob("*.txt"))) == [{"000", "002", "004"}]


def test_new_languages_join_and_a_same_topic_story_does_not(seeds: Path) -> None:
    paths = sorted(seeds.glob("*.txt")) + sorted(FIXTURES.glob("*.txt"))
    assert groups_of(paths) == [{"000", "002", "004", "es_grok", "nl_grok_edited"}]


def test_grouping_is_deterministic_and_ids_are_stable(seeds: Path) -> None:
    paths = sorted(seeds.glob("*.txt"))
    first = group_versions([profile(p) for p in paths])
    second = group_versions([profile(p) for p in reversed(paths)])
    assert [g.id for g in first] == [g.id for g in second]
    assert set(first[0].members) == set(second[0].members)
    assert all(0.8 < score <= 1 for score in first[0].scores.values())


def test_seed_alignments() -> None:
    indonesian, french, german = profile(seed("000")), profile(seed("002")), profile(seed("004"))
    one_to_one = [Link((i,), (i + 1,)) for i in range(8)]
    # 000 has no headline: the headlines of 002 and 004 align with nothing in it...
    assert compare(indonesian, french).links == (Link((), (0,)), *one_to_one)
    assert compare(indonesian, german).links == (Link((), (0,)), *one_to_one)
    # ... and with each other.
    assert compare(french, german).links == tuple(Link((i,), (i,)) for i in range(9))


def test_dropped_and_split_paragraphs_show_as_such() -> None:
    links = compare(profile(seed("000")), profile(FIXTURES / "nl_grok_edited.txt")).links
    assert links[:5] == (
        Link((), (0,)),  # the Dutch headline
        Link((0,), (1,)),
        Link((1,), (2, 3)),  # one paragraph split in two
        Link((2,), ()),  # a paragraph the Dutch version dropped
        Link((3,), (4,)),
    )


def test_merged_paragraphs_align_two_to_one(tmp_path: Path) -> None:
    spanish = article(FIXTURES / "es_grok.txt")
    texts = [spanish.headline.text] if spanish.headline else []
    body = [p.text for p in spanish.paragraphs]
    merged = tmp_path / "merged.txt"
    merged.write_text("\n\n".join([*texts, *body[:4], body[4] + " " + body[5], *body[6:]]))
    links = compare(Profile.of(spanish), profile(merged)).links
    assert Link((5, 6), (5,)) in links


def test_anchors_survive_translation() -> None:
    assert anchors_of("Menurut gugatan, Agarwal berhak atas $57,4 juta dari @xAI pada 2024.") >= {
        "agarwal",
        "57.4",
        "@xai",
        "2024",
    }
    assert anchors_of("In the suit, Agarwal is owed $57.4 million by @xAI in 2024.") >= {
        "agarwal",
        "57.4",
        "@xai",
        "2024",
    }
    # A capitalised word opening a sentence is not a name; mixed case always is.
    assert anchors_of("Dia pergi. OpenAI menolak.") == {"openai"}


def test_blocking_avoids_comparing_every_pair(monkeypatch: pytest.MonkeyPatch, seeds: Path) -> None:
    calls = []
    real_compare = versions.compare

    def counting(first: Profile, second: Profile):  # type: ignore[no-untyped-def]
        calls.append((first.article_id, second.article_id))
        return real_compare(first, second)

    monkeypatch.setattr(versions, "compare", counting)
    library = [profile(p) for p in sorted(seeds.glob("*.txt"))]
    # 400 unrelated articles, each with its own names: nothing to propose them as pairs.
    library += [
        Profile(
            f"noise-{n}",
            "en",
            (300, 300, 300),
            (frozenset({f"name{n}a", f"name{n}b"}), frozenset({f"{1000 + n}"}), frozenset()),
            False,
        )
        for n in range(400)
    ]
    groups = group_versions(library)
    assert len(groups) == 1
    assert len(calls) <= 10  # at most the seeds' pairs, never 405 * 404 / 2


def test_added_paragraph_is_a_gap_on_the_other_side(tmp_path: Path) -> None:
    spanish = article(FIXTURES / "es_grok.txt")
    body = [p.text for p in spanish.paragraphs]
    added = (
        "Mientras tanto, el regulador Thierry Breton pidió en Bruselas 12 informes nuevos "
        "sobre los riesgos de los modelos abiertos, según fuentes de la Comisión Europea."
    )
    longer = tmp_path / "longer.txt"
    longer.write_text("\n\n".join([spanish.headline.text, *body[:3], added, *body[3:]]))
    links = compare(Profile.of(spanish), profile(longer)).links
    assert Link((), (4,)) in links
    assert Link((3,), (3,)) in links and Link((4,), (5,)) in links


def test_english_texts_strengthen_the_evidence() -> None:
    french, spanish = article(seed("002")), article(FIXTURES / "es_grok.txt")
    plain = compare(Profile.of(french), Profile.of(spanish))
    # As if both had been translated into English: each unit's translation shares its content
    # words with the same unit of the other version.
    english = [
        "headline explaining opensource",
        "lawsuit against closed company",
        "weekly release",
        "business subscribers premium",
        "published emails funding",
        "political testing wired",
        "traction developers gemini",
        "generative strategy llamas",
        "transparency experts",
    ]
    stronger = compare(Profile.of(french, english), Profile.of(spanish, english))
    assert stronger.anchor_agreement > plain.anchor_agreement
    assert stronger.is_version and plain.is_version
